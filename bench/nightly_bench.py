"""The nightly check at scale, against the bare engines, in one run on this machine:

1. a generated campaign of N distinct files (sample_evidence/generator/load.py: signed
   công văn and screenshots, a quarter PDFs);
2. the bare engines on the same files: a bare pyHanko validation loop over the PDFs and
   the bare `tesseract` command over the screenshots (pre-processed beforehand, not
   timed), summed, divided by the worker count;
3. kiemchung's whole nightly pass (ingest, verify in W processes, check, confirm,
   score, notify; Prefect's fixed start-up excluded) on a fresh SQLite database;
4. the same pass again with nothing changed;
5. peak memory of the pass (this process and its workers).

Targets: full pass / (bare / W) <= 1.3; second pass <= 2 % of the first; memory flat
from 500 to 5,000 files (run with both --files values).

    uv run python bench/nightly_bench.py --files 2000 [--workers 2]
    uv run python bench/nightly_bench.py --files 5000 --memory-only   # memory point only

Each pass runs in a fresh process, so the generator's memory is not counted; the
campaign can be kept with ``--campaign-dir DIR`` and reused by later runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bare_pyhanko import validate_all
from bench.procmem import DescendantPeak
from flows.check_stage import run_checks
from flows.confirm_stage import confirm_claims
from flows.context import open_context
from flows.ingest import ingest_uploads
from flows.notify_stage import make_notices, send_notices
from flows.score_stage import score_campaign
from flows.verify_stage import verify_pending
from sample_evidence.generator.load import build_load
from storage.settings import Settings
from verifiers.ocr.engine import LANG, PSM
from verifiers.ocr.images import open_image, prepare

STAGES = ("ingest", "verify", "check", "confirm", "score", "notify")


def _rss_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def whole_pass(campaign: Path, db: str, var: Path, workers: int) -> dict[str, object]:
    """One pass, meant to run in a process of its own (see ``measured_pass``): its
    time, the memory after each stage, and the peaks of this process and its workers."""
    ctx = open_context(campaign, db, Settings(var_dir=var, database_url=db))
    steps: dict[str, Callable[[], object]] = {
        "ingest": lambda: ingest_uploads(ctx),
        "verify": lambda: verify_pending(ctx, workers=workers),
        "check": lambda: run_checks(ctx),
        "confirm": lambda: confirm_claims(ctx),
        "score": lambda: score_campaign(ctx),
        "notify": lambda: (make_notices(ctx), send_notices(ctx)),
    }
    rss: dict[str, float] = {"start": _rss_mib("VmRSS")}
    t = time.perf_counter()
    with DescendantPeak() as workers_peak:
        for name in STAGES:
            steps[name]()
            rss[name] = _rss_mib("VmRSS")
    elapsed = time.perf_counter() - t
    ctx.engine.dispose()
    return {"seconds": elapsed, "rss_after": rss, "peak_main": _rss_mib("VmHWM"),
            "peak_worker": workers_peak.mib}


def measured_pass(campaign: Path, db: str, var: Path, workers: int) -> dict[str, Any]:
    """``whole_pass`` in a fresh Python process, so the generator's memory and an
    earlier pass's do not count in its peak."""
    out = subprocess.run(
        [sys.executable, __file__, "--pass-only", str(campaign), db, str(var), str(workers)],
        check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def bare_tesseract(images: list[Path], workdir: Path) -> float:
    prepared = []
    for i, p in enumerate(images):
        out = workdir / f"{i}.pnm"
        prepare(open_image(p.read_bytes()), "screen").image.save(out)
        prepared.append(out)
    t = time.perf_counter()
    for p in prepared:
        subprocess.run(["tesseract", str(p), "-", "-l", LANG, "--psm", str(PSM["screen"]),
                        "tsv"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return time.perf_counter() - t


def main() -> int:
    logging.disable(logging.CRITICAL)
    if len(sys.argv) == 6 and sys.argv[1] == "--pass-only":
        _, _, where_s, db_s, var_s, workers_s = sys.argv
        print(json.dumps(whole_pass(Path(where_s), db_s, Path(var_s), int(workers_s))))
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--memory-only", action="store_true",
                    help="only the first pass and its memory (no bare engines)")
    ap.add_argument("--campaign-dir", type=Path,
                    help="keep the generated campaign here and reuse it on later runs")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kc-bench-") as tmp:
        root = Path(tmp)
        where = a.campaign_dir or root / "campaign"
        t = time.perf_counter()
        if (where / "campaign.toml").exists():
            n = sum(1 for p in (where / "uploads").rglob("*") if p.is_file())
            print(f"reusing {n} files in {where}")
        else:
            n = build_load(where, a.files)
            print(f"generated {n} files in {time.perf_counter() - t:.0f} s")
        uploads = sorted(p for p in (where / "uploads").rglob("*") if p.is_file())
        pdfs = [p for p in uploads if p.suffix == ".pdf"]
        images = [p for p in uploads if p.suffix == ".png"]
        db = f"sqlite:///{root / 'kc.db'}"
        campaign = where / "campaign.toml"
        if a.memory_only:
            first = measured_pass(campaign, db, root / "var", a.workers)
            _print_memory(n, first)
            return 0
        t = time.perf_counter()
        validate_all(pdfs, [where / "pki" / "roots"], [where / "pki" / "crl"])
        t_pdf = time.perf_counter() - t
        t_ocr = bare_tesseract(images, root)
        bare = (t_pdf + t_ocr) / a.workers
        first = measured_pass(campaign, db, root / "var", a.workers)
        second = measured_pass(campaign, db, root / "var", a.workers)
    print(f"{n} files: {len(pdfs)} signed PDFs, {len(images)} screenshots; "
          f"{a.workers} workers, {os.cpu_count()} cores")
    print(f"bare pyHanko loop {t_pdf:.1f} s + bare tesseract {t_ocr:.1f} s, "
          f"/ {a.workers} workers = {bare:.1f} s")
    print(f"kiemchung whole pass: {first['seconds']:.1f} s  ratio "
          f"{first['seconds'] / bare:.2f}  (target <= 1.3)")
    print(f"second pass, nothing changed: {second['seconds']:.2f} s = "
          f"{100 * second['seconds'] / first['seconds']:.2f} % of the first  (target <= 2 %)")
    _print_memory(n, first)
    return 0


def _print_memory(n: int, result: dict[str, Any]) -> None:
    after = ", ".join(f"{k} {v:.0f}" for k, v in result["rss_after"].items())
    print(f"{n} files, pass {result['seconds']:.1f} s; peak memory: main process "
          f"{result['peak_main']:.0f} MiB, largest worker or tesseract "
          f"{result['peak_worker']:.0f} MiB; main after each stage (MiB): {after}")


if __name__ == "__main__":
    sys.exit(main())
