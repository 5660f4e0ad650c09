"""Verification in worker processes that can be killed: every file is verified in a
child process under a memory limit (``RLIMIT_AS``, inherited by its Tesseract
processes) and a wall-clock limit. A file that runs out of either, or a worker that
dies (a segfault in a native library, the kernel's OOM killer), becomes a recorded
result with a reason; the worker is replaced and the run goes on.

Workers are long-lived (one file at a time each), started from a forkserver that has
the verifiers imported already, so a replacement costs milliseconds, not the seconds
pyHanko's imports take.
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import resource
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from kiemchung.core.codes import FindingCode
from kiemchung.core.vocabulary import FileKind, Verdict
from verifiers.pipeline import VerifyOptions, verify_bytes
from verifiers.results import FileReport, Reason

Job = tuple[str, str, str]
"""(key, file path, file name as shown to people)."""
Done = tuple[str, str, str]
"""(key, verdict, report as JSON): the wire form, which the nightly flow also caches."""


@dataclass(frozen=True)
class Limits:
    seconds: float = 300.0
    """Wall-clock time one file may take, OCR of all its pages included."""
    memory_mib: int = 2048
    """Address space of the worker and of each Tesseract it starts."""


def verify_job(path: str, name: str, options: VerifyOptions) -> tuple[str, str]:
    """One file: (verdict, the report as JSON). Reads the file itself, so only a path
    crosses the process boundary."""
    report = verify_bytes(Path(path).read_bytes(), name, options)
    return report.verdict, json.dumps(report.to_json(), ensure_ascii=False)


def failure_report(name: str, code: FindingCode, detail: str, *, retry: bool) -> str:
    """The report of a file the verifiers could not finish, as JSON."""
    reason = Reason(code, code.message_vi(file=name, detail=_vi_detail(detail)), detail)
    report = FileReport(name, FileKind.UNREADABLE, Verdict.ERROR, (reason,), retry=retry)
    return json.dumps(report.to_json(), ensure_ascii=False)


def _vi_detail(detail: str) -> str:
    if detail.startswith("memory"):
        return "tệp cần quá nhiều bộ nhớ khi kiểm tra"
    if detail.startswith("time"):
        return "kiểm tra tệp quá thời gian cho phép"
    return "tiến trình kiểm tra bị dừng bất thường; tệp sẽ được kiểm tra lại ở lần chạy sau"


GC_THRESHOLD = (5000, 20, 20)
"""The workers' garbage-collector thresholds (Python's default: 700, 10, 10). On the
143 PDFs of bench/verify_bench.py: about 0.3 s less CPU per run (of about 5 s)."""


def limit_memory(memory_mib: int, pid: int = 0) -> None:
    """Cap the address space of process ``pid`` (0: this one) at ``memory_mib`` MiB:
    a verification worker's limit, also put on the review app's pdftoppm."""
    limit = memory_mib * 1024 * 1024
    resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))


def _worker(conn: Connection, options: VerifyOptions, memory_mib: int) -> None:
    # What the worker inherited (the imported verifiers, the parent's objects) lives as
    # long as it does: frozen out of the collector's sight, so that a collection scans
    # only what the files make. pyHanko makes many small objects per file: a collection every
    # GC_THRESHOLD allocations instead of 700 (the memory this holds back is negligible
    # against the worker's limit).
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    limit_memory(memory_mib)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        key, path, name = job
        try:
            verdict, payload = verify_job(path, name, options)
        except MemoryError:
            # a process that ran out of memory is not trusted with the next file: it
            # says so and leaves, and the parent starts another
            conn.send(((key, Verdict.ERROR.value, failure_report(
                name, FindingCode.FILE_LIMIT_EXCEEDED,
                f"memory: more than {memory_mib} MiB needed", retry=False)), True))
            return
        except Exception as exc:  # a verifier bug: recorded, and the run goes on
            conn.send(((key, Verdict.ERROR.value, failure_report(
                name, FindingCode.VERIFIER_CRASHED, f"{type(exc).__name__}: {exc}",
                retry=True)), False))
            continue
        conn.send(((key, verdict, payload), False))


@dataclass
class _Slot:
    proc: BaseProcess
    conn: Connection
    job: Job | None = None
    deadline: float = 0.0
    leaving: bool = False
    """The worker said it will take no more files."""


class Sandbox:
    """``workers`` processes verifying files under ``limits``; results come back in
    the order files finish."""

    def __init__(self, workers: int, options: VerifyOptions, limits: Limits | None = None,
                 start_method: str = "forkserver") -> None:
        """``start_method``: "forkserver" (the default: a clean child, never a fork of a
        process running threads such as Prefect's; the verifiers are imported once by
        the server and shared by every worker) or "fork" (for a single-threaded caller
        that has imported the verifiers already, such as ``kiemchung verify``)."""
        self.workers = max(1, workers)
        self.options = options
        self.limits = limits or Limits()
        if start_method == "fork":
            self._mp: Any = multiprocessing.get_context("fork")
        else:
            server = multiprocessing.get_context("forkserver")
            server.set_forkserver_preload(["verifiers.pipeline", "verifiers.sandbox"])
            self._mp = server

    def _start(self) -> _Slot:
        mine, theirs = self._mp.Pipe()
        proc = self._mp.Process(target=_worker, args=(theirs, self.options,
                                                      self.limits.memory_mib), daemon=True)
        proc.start()
        theirs.close()
        return _Slot(proc, mine)

    @staticmethod
    def _stop(slot: _Slot, kill: bool = False) -> None:
        if not kill:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
            slot.proc.join(5)
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join()
        slot.conn.close()

    def run(self, jobs: Iterable[Job]) -> Iterator[Done]:
        todo = iter(jobs)
        slots = [self._start() for _ in range(self.workers)]
        try:
            while True:
                for i, slot in enumerate(slots):
                    if slot.job is None:
                        job = next(todo, None)
                        if job is None:
                            continue
                        if slot.leaving or not slot.proc.is_alive():
                            self._stop(slot, kill=not slot.leaving)
                            slots[i] = slot = self._start()
                        slot.conn.send(job)
                        slot.job, slot.deadline = job, time.monotonic() + self.limits.seconds
                busy = [s for s in slots if s.job is not None]
                if not busy:
                    return
                timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
                wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout)
                for i, slot in enumerate(slots):
                    done = self._collect(slot)
                    if done is None:
                        continue
                    yield done
                    if slot.job is not None:  # the worker was lost with its file
                        self._stop(slot, kill=True)
                        slots[i] = self._start()
        finally:
            for slot in slots:
                self._stop(slot, kill=slot.job is not None)

    def reports(self, jobs: Iterable[Job]) -> Iterator[tuple[str, FileReport]]:
        """(key, report) in the order files finish: ``run`` read back into typed reports."""
        for key, _verdict, text in self.run(jobs):
            yield key, FileReport.from_json(json.loads(text))

    def _collect(self, slot: _Slot) -> Done | None:
        """The slot's result if its file is finished, failed or out of time."""
        if slot.job is None:
            return None
        key, _path, name = slot.job
        try:
            if slot.conn.poll():
                result: Done
                result, slot.leaving = slot.conn.recv()
                slot.job = None
                return result
        except (EOFError, OSError):
            pass
        if not slot.proc.is_alive():
            slot.proc.join()
            code = slot.proc.exitcode or 0
            how = f"exit code {code}"
            if code < 0:
                try:
                    how = f"signal {signal.Signals(-code).name}"
                except ValueError:
                    how = f"signal {-code}"
            return key, Verdict.ERROR.value, failure_report(
                name, FindingCode.VERIFIER_CRASHED, f"worker died ({how})", retry=True)
        if time.monotonic() >= slot.deadline:
            return key, Verdict.ERROR.value, failure_report(
                name, FindingCode.FILE_LIMIT_EXCEEDED,
                f"time: no result within {self.limits.seconds:g} s", retry=True)
        return None
