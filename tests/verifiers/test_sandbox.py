"""Verification in killable workers: limits, crashes, and every hostile file."""

from __future__ import annotations

import io
import json
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil
import pytest
from PIL import Image

from sample_evidence.generator.hostile import ALLOWED, labelled_files
from tests.conftest import CORPUS, SAMPLE
from verifiers.pipeline import VerifyOptions
from verifiers.sandbox import Limits, Sandbox

OPTIONS = VerifyOptions(trust_roots=(SAMPLE / "pki" / "roots",), crls=(SAMPLE / "pki" / "crl",))
SIGNED = SAMPLE / "uploads" / "ubnd-huyen" / "ky-so-to-chuc" / "cv-2018-10-13-nguyen-van-an.pdf"
SCREEN = sorted((SAMPLE / "uploads").rglob("*.png"))[0]


def run(files: list[Path], limits: Limits, workers: int = 1,
        options: VerifyOptions = OPTIONS) -> dict[str, dict[str, Any]]:
    out = {}
    for key, verdict, text in Sandbox(workers, options, limits).run(
            (str(p), str(p), p.name) for p in files):
        report = json.loads(text)
        assert report["verdict"] == verdict
        out[Path(key).name] = report
    return out


def codes(report: dict[str, Any]) -> set[str]:
    return {r["code"] for r in report["reasons"]}


def test_a_file_over_the_time_limit_is_recorded_and_the_next_file_still_verified() -> None:
    res = run([SCREEN, SIGNED], Limits(seconds=0.2))
    slow = res[SCREEN.name]
    assert slow["verdict"] == "error" and codes(slow) == {"FILE_LIMIT_EXCEEDED"}
    assert slow["retry"] is True  # may pass on a quieter night: tried again
    assert "time" in slow["reasons"][0]["detail"]
    # the killed worker was replaced: the signed PDF behind it got its verdict
    assert res[SIGNED.name]["verdict"] in ("valid", "error")


def test_a_file_over_the_memory_limit_is_recorded_and_not_retried(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    buf = io.BytesIO()
    Image.new("RGB", (7000, 7000), "white").save(buf, "PNG")  # 150 MB once decoded
    big.write_bytes(buf.getvalue())
    res = run([big, SIGNED], Limits(seconds=120, memory_mib=400))
    assert codes(res["big.png"]) == {"FILE_LIMIT_EXCEEDED"}
    assert res["big.png"]["retry"] is False
    assert "memory" in res["big.png"]["reasons"][0]["detail"]
    assert res[SIGNED.name]["verdict"] == "valid"
    # with room enough the same file is read
    assert run([big], Limits(seconds=120, memory_mib=2048))["big.png"]["verdict"] == "unsigned"


def test_a_worker_killed_from_outside_is_recorded_as_a_crash_and_replaced() -> None:
    """As the kernel's OOM killer would: SIGKILL to the worker busy with a file."""
    me = psutil.Process()

    def kill_busy_worker() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for p in me.children(recursive=True):
                try:
                    if any(c.name() == "tesseract" for c in p.children()):
                        p.kill()  # the worker, while its Tesseract reads the screenshot
                        return
                except psutil.Error:
                    continue
            time.sleep(0.02)

    killer = threading.Thread(target=kill_busy_worker)
    killer.start()
    # the Tesseract command (a full path), so the busy worker shows a tesseract child
    # to find; the default in-process engine has none
    cli = replace(OPTIONS, tesseract_cmd=shutil.which("tesseract") or "tesseract")
    res = run([SCREEN, SIGNED], Limits(seconds=120), options=cli)
    killer.join()
    crashed = res[SCREEN.name]
    assert codes(crashed) == {"VERIFIER_CRASHED"} and crashed["retry"] is True
    assert "SIGKILL" in crashed["reasons"][0]["detail"]
    assert res[SIGNED.name]["verdict"] == "valid"


@pytest.mark.slow
def test_every_hostile_file_gets_a_verdict_and_no_tampered_file_is_valid(tmp_path: Path) -> None:
    labelled = [(p, label) for p, label, _origin in
                labelled_files(tmp_path, CORPUS / "pyhanko")]
    assert len(labelled) >= 28
    res = run([p for p, _ in labelled], Limits(seconds=120), workers=2)
    assert len(res) == len({p.name for p, _ in labelled})
    wrong = {p.name: (label, res[p.name]["verdict"]) for p, label in labelled
             if res[p.name]["verdict"] not in ALLOWED[label]}
    assert wrong == {}
    crashed = [name for name, r in res.items() if "VERIFIER_CRASHED" in codes(r)]
    assert crashed == []
    for name, r in res.items():  # every error carries its reason
        if r["verdict"] == "error":
            assert r["reasons"] and all(x["message"] for x in r["reasons"]), name


def test_signature_only_verification_loads_no_ocr_or_extraction_module() -> None:
    """``kiemchung verify --no-ocr`` (and every caller that only checks signatures) never
    imports OCR, fact extraction or PIL: their imports cost every worker, for nothing."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from verifiers.pipeline import VerifyOptions, verify_bytes\n"
        "from verifiers.sandbox import Sandbox\n"
        f"r = verify_bytes(open({str(SIGNED)!r}, 'rb').read(), 'x.pdf', VerifyOptions(ocr=False))\n"
        "assert r.verdict in ('valid', 'invalid', 'indeterminate', 'unsigned'), r.verdict\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.startswith(('verifiers.ocr', 'verifiers.extract', 'PIL'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]", out.stdout


def test_the_ocr_page_timeout_default_is_the_engines() -> None:
    from verifiers.ocr.engine import PAGE_TIMEOUT

    assert VerifyOptions().ocr_page_seconds == PAGE_TIMEOUT


def test_workers_run_with_a_frozen_heap_and_raised_gc_thresholds() -> None:
    """The worker's collector settings as verify_job sees them (read from inside a real
    worker through a verifier that reports them as its file's name)."""
    import gc

    from verifiers import sandbox

    assert sandbox.GC_THRESHOLD[0] > gc.get_threshold()[0]
    original = sandbox.verify_job

    def spy(path: str, name: str, options: VerifyOptions) -> tuple[str, str]:
        verdict, payload = original(path, name, options)
        report = json.loads(payload)
        report["file"] = json.dumps([*gc.get_threshold(), gc.get_freeze_count() > 0])
        return verdict, json.dumps(report)

    sandbox.verify_job = spy  # type: ignore[assignment]
    try:
        box = Sandbox(1, VerifyOptions(ocr=False), Limits(60, 2048), "fork")
        got = [json.loads(r.file) for _k, r in box.reports([("1", str(SIGNED), "a.pdf")])]
    finally:
        sandbox.verify_job = original  # type: ignore[assignment]
    seen = [tuple(x) for x in got]
    assert seen == [(*sandbox.GC_THRESHOLD, True)]
