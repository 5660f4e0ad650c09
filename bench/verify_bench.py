"""Benchmark: `kiemchung verify` against a bare pyHanko loop over the same PDFs,
in the same run. Both are timed as whole commands (interpreter start-up and
imports included) and repeated; the median of each is reported with their ratio.

    uv run python bench/verify_bench.py [--repeat 5] [--no-bytecode-cache]

Both commands run with a bytecode cache (``PYTHONPYCACHEPREFIX`` in a temporary folder,
filled by one untimed run of each first), as an installed kiemchung has its modules
compiled after its first start. With ``--no-bytecode-cache`` they run under the
caller's environment: where ``PYTHONDONTWRITEBYTECODE`` is set (as on the shared
development machine), every run compiles every module it imports from source, which
costs the command that imports more modules more (about 0.4 s here for kiemchung's
CLI, web and OCR modules against pyHanko alone).

Target (issue 15): ours / bare <= 1.3 (issue 3 asked 1.2 before the trust list, the
dated algorithm policy and the revision analysis).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
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


CORPUS_ALLOWED = {"tampered": {"invalid"}, "intact": {"valid", "indeterminate"},
                  "broken": {"error", "invalid"}, "unsigned": {"unsigned"}}
"""The corpus labels and the verdicts they allow (as tests/verifiers/test_signatures.py)."""


def wrong_verdicts(reports: list[dict[str, object]]) -> list[str]:
    """Files whose verdict in the timed command's output is not the expected one: the
    sample's ``expected.json``, the corpus's ``expected.tsv``. Speed that changes a
    verdict does not count."""
    sample = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))["files"]
    corpus: dict[str, str] = {}
    if (CORPUS / "expected.tsv").is_file():
        with (CORPUS / "expected.tsv").open(encoding="utf-8") as f:
            corpus = {r["file"]: r["expected"] for r in csv.DictReader(f, delimiter="\t")}
    out = []
    for r in reports:
        path, verdict = Path(str(r["file"])), str(r["verdict"])
        if path.is_relative_to(SAMPLE / "uploads"):
            want = {sample[str(path.relative_to(SAMPLE / "uploads"))]["verdict"]}
        else:
            want = CORPUS_ALLOWED[corpus[path.name]]
        if verdict not in want:
            out.append(f"{path.name}: {verdict}, expected {' or '.join(sorted(want))}")
    return out


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and every process it waited for). On a
    shared machine the CPU time is the steadier figure: other jobs stretch wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="run under the caller's environment (no cache of compiled modules "
                         "when PYTHONDONTWRITEBYTECODE is set)")
    a = ap.parse_args()
    # one verification worker, as the bare loop is one process
    env = {**os.environ, "KIEMCHUNG_WORKERS": "1"}
    cache = None
    if not a.no_bytecode_cache:
        cache = tempfile.TemporaryDirectory(prefix="verify-bench-pyc-")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache.name
    pdfs = [str(p) for p in files()]
    trust = ["--trust-root", str(SAMPLE / "pki" / "roots"), "--crl", str(SAMPLE / "pki" / "crl")]
    # signatures only, as the bare loop (OCR of the scanned PDFs is bench/ocr_bench.py's)
    ours_cmd = [sys.executable, "-m", "kiemchung.cli", "verify", "--json", "--no-ocr", *trust,
                *pdfs]
    bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_pyhanko.py"),
                "--roots", str(SAMPLE / "pki" / "roots"), "--crls", str(SAMPLE / "pki" / "crl"),
                *pdfs]
    if cache is not None:  # fills the cache: the compiling run is not timed
        timed(bare_cmd, env)
    # untimed: the verdicts the timed runs produce (and the cache filled)
    out = subprocess.run(ours_cmd, check=True, capture_output=True, env=env).stdout
    wrong = wrong_verdicts(json.loads(out))
    load_before = os.getloadavg()[0]
    ours, bare, ours_cpu, bare_cpu = [], [], [], []
    for _ in range(a.repeat):  # interleaved, so machine noise hits both alike
        wall, cpu = timed(bare_cmd, env)
        bare.append(wall)
        bare_cpu.append(cpu)
        wall, cpu = timed(ours_cmd, env)
        ours.append(wall)
        ours_cpu.append(cpu)
    mo, mb = statistics.median(ours), statistics.median(bare)
    co, cb = statistics.median(ours_cpu), statistics.median(bare_cpu)
    print(f"files: {len(pdfs)} PDFs ({len(list((SAMPLE / 'uploads').rglob('*.pdf')))} sample, "
          f"rest from ../shared/corpus/pyhanko), repeat {a.repeat}, "
          + ("no bytecode cache" if cache is None else "modules compiled once (bytecode cache)"))
    print(f"bare pyHanko loop : median {mb:6.2f} s  (runs: {', '.join(f'{x:.2f}' for x in bare)})")
    print(f"kiemchung verify  : median {mo:6.2f} s  (runs: {', '.join(f'{x:.2f}' for x in ours)})")
    print(f"ratio ours/bare   : {mo / mb:.2f} of medians, {min(ours) / min(bare):.2f} of "
          "fastest runs  (target <= 1.30)")
    print(f"CPU time          : bare median {cb:6.2f} s, ours {co:6.2f} s, ratio {co / cb:.2f}")
    print(f"load average      : {load_before:.1f} before the timed runs, "
          f"{os.getloadavg()[0]:.1f} after (2 cores: above 2, other jobs stretch wall time "
          "and, less, CPU time)")
    print(f"verdicts          : {len(pdfs) - len(wrong)}/{len(pdfs)} as expected "
          "(sample expected.json, corpus expected.tsv)")
    for line in wrong:
        print(f"  WRONG {line}")
    if cache is not None:
        cache.cleanup()
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
