"""Benchmark: `kiemchung verify` against a bare pyHanko loop over the same PDFs,
in the same run. Both are timed as whole commands (interpreter start-up and
imports included) and repeated; the median of each is reported with their ratio.

    uv run python bench/verify_bench.py [--repeat 5]

Target (issue 15): ours / bare <= 1.3 (issue 3 asked 1.2 before the trust list, the
dated algorithm policy and the revision analysis).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_evidence"
CORPUS = ROOT.parent / "shared" / "corpus" / "pyhanko"


def files() -> list[Path]:
    out = sorted((SAMPLE / "uploads").rglob("*.pdf"))
    if CORPUS.is_dir():
        out += sorted(CORPUS.glob("*.pdf"))
    return out


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and every process it waited for). On a
    shared machine the CPU time is the steadier figure: other jobs stretch wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    # one verification worker, as the bare loop is one process
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "KIEMCHUNG_WORKERS": "1"})
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    pdfs = [str(p) for p in files()]
    trust = ["--trust-root", str(SAMPLE / "pki" / "roots"), "--crl", str(SAMPLE / "pki" / "crl")]
    # signatures only, as the bare loop (OCR of the scanned PDFs is bench/ocr_bench.py's)
    ours_cmd = [sys.executable, "-m", "kiemchung.cli", "verify", "--json", "--no-ocr", *trust,
                *pdfs]
    bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_pyhanko.py"),
                "--roots", str(SAMPLE / "pki" / "roots"), "--crls", str(SAMPLE / "pki" / "crl"),
                *pdfs]
    ours, bare, ours_cpu, bare_cpu = [], [], [], []
    for _ in range(a.repeat):  # interleaved, so machine noise hits both alike
        wall, cpu = timed(bare_cmd)
        bare.append(wall)
        bare_cpu.append(cpu)
        wall, cpu = timed(ours_cmd)
        ours.append(wall)
        ours_cpu.append(cpu)
    mo, mb = statistics.median(ours), statistics.median(bare)
    co, cb = statistics.median(ours_cpu), statistics.median(bare_cpu)
    print(f"files: {len(pdfs)} PDFs ({len(list((SAMPLE / 'uploads').rglob('*.pdf')))} sample, "
          f"rest from ../shared/corpus/pyhanko), repeat {a.repeat}")
    print(f"bare pyHanko loop : median {mb:6.2f} s  (runs: {', '.join(f'{x:.2f}' for x in bare)})")
    print(f"kiemchung verify  : median {mo:6.2f} s  (runs: {', '.join(f'{x:.2f}' for x in ours)})")
    print(f"ratio ours/bare   : {mo / mb:.2f} of medians, {min(ours) / min(bare):.2f} of "
          "fastest runs  (target <= 1.30)")
    print(f"CPU time          : bare median {cb:6.2f} s, ours {co:6.2f} s, ratio {co / cb:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
