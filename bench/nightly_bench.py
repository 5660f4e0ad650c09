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
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bare_pyhanko import validate_all
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


def whole_pass(campaign: Path, db: str, var: Path, workers: int) -> float:
    ctx = open_context(campaign, db, Settings(var_dir=var, database_url=db))
    t = time.perf_counter()
    ingest_uploads(ctx)
    verify_pending(ctx, workers=workers)
    run_checks(ctx)
    confirm_claims(ctx)
    score_campaign(ctx)
    make_notices(ctx)
    send_notices(ctx)
    elapsed = time.perf_counter() - t
    ctx.engine.dispose()
    return elapsed


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
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--memory-only", action="store_true",
                    help="only the first pass and its peak memory (no bare engines)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kc-bench-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        n = build_load(root / "campaign", a.files)
        print(f"generated {n} files in {time.perf_counter() - t:.0f} s")
        uploads = sorted(p for p in (root / "campaign" / "uploads").rglob("*") if p.is_file())
        pdfs = [p for p in uploads if p.suffix == ".pdf"]
        images = [p for p in uploads if p.suffix == ".png"]
        db = f"sqlite:///{root / 'kc.db'}"
        if a.memory_only:
            first = whole_pass(root / "campaign" / "campaign.toml", db, root / "var", a.workers)
            me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{n} files, whole pass {first:.1f} s; peak memory: main process "
                  f"{me:.0f} MiB, largest worker {kids:.0f} MiB")
            return 0
        t = time.perf_counter()
        validate_all(pdfs, [root / "campaign" / "pki" / "roots"],
                     [root / "campaign" / "pki" / "crl"])
        t_pdf = time.perf_counter() - t
        t_ocr = bare_tesseract(images, root)
        bare = (t_pdf + t_ocr) / a.workers
        first = whole_pass(root / "campaign" / "campaign.toml", db, root / "var", a.workers)
        second = whole_pass(root / "campaign" / "campaign.toml", db, root / "var", a.workers)
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{n} files: {len(pdfs)} signed PDFs, {len(images)} screenshots; "
          f"{a.workers} workers, {os.cpu_count()} cores")
    print(f"bare pyHanko loop {t_pdf:.1f} s + bare tesseract {t_ocr:.1f} s, "
          f"/ {a.workers} workers = {bare:.1f} s")
    print(f"kiemchung whole pass: {first:.1f} s  ratio {first / bare:.2f}  (target <= 1.3)")
    print(f"second pass, nothing changed: {second:.2f} s = {100 * second / first:.2f} % of "
          f"the first  (target <= 2 %)")
    print(f"peak memory: main process {peak_self:.0f} MiB, largest worker or tesseract "
          f"{peak_kids:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
