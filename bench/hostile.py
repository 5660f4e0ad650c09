"""Hostile and broken files through kiemchung's verification, each in the killable
worker the nightly run uses, with the per-file limits: every file must come back
with a verdict and its reasons, no tampered or broken file may be called valid, and
the run must not crash.

Files: ../shared/corpus/pyhanko (pyHanko's own test PDFs, labelled in its
expected.tsv), the generated hostile set (sample_evidence/generator/hostile.py:
truncated, flipped, updated-after-signing, encrypted, JavaScript, attachments, zip
as PDF, 1,000 pages, decompression bombs…) and the sample campaign's deliberately
tampered documents.

    uv run python bench/hostile.py [--seconds 300] [--memory-mib 2048]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procmem import DescendantPeak
from sample_evidence.generator.hostile import ALLOWED, labelled_files
from verifiers.pipeline import VerifyOptions
from verifiers.sandbox import Limits, Sandbox

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "pyhanko"
SAMPLE = ROOT / "sample_evidence"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=Limits.seconds)
    ap.add_argument("--memory-mib", type=int, default=Limits.memory_mib)
    a = ap.parse_args()
    options = VerifyOptions(trust_roots=(SAMPLE / "pki" / "roots",),
                            crls=(SAMPLE / "pki" / "crl",))
    with tempfile.TemporaryDirectory(prefix="kc-hostile-") as tmp:
        files = labelled_files(Path(tmp), CORPUS)
        sandbox = Sandbox(1, options, Limits(a.seconds, a.memory_mib))
        rows, wrong, crashed, limited = [], [], [], []
        slowest = (0.0, "")
        t0 = t = time.perf_counter()
        with DescendantPeak() as peak:
            for key, verdict, text in sandbox.run(
                    (str(i), str(p), p.name) for i, (p, _l, _w) in enumerate(files)):
                now = time.perf_counter()
                path, label, origin = files[int(key)]
                report = json.loads(text)
                codes = {r["code"] for r in report["reasons"]}
                rows.append((path.name, origin, label, verdict, now - t))
                slowest = max(slowest, (now - t, path.name))
                t = now
                if verdict not in ALLOWED[label]:
                    wrong.append(f"{origin}/{path.name}: {label} → {verdict}")
                if "VERIFIER_CRASHED" in codes:
                    crashed.append(path.name)
                if "FILE_LIMIT_EXCEEDED" in codes:
                    limited.append(path.name)
        total = time.perf_counter() - t0
    for name, origin, label, verdict, secs in rows:
        print(f"{secs:7.2f} s  {label:9} {verdict:13} {origin:15} {name}")
    by = {lab: sum(1 for r in rows if r[2] == lab) for lab in ALLOWED}
    tampered_valid = sum(1 for r in rows if r[2] in ("tampered", "broken")
                         and r[3] == "valid")
    print(f"\n{len(rows)} files tried ({', '.join(f'{k} {v}' for k, v in by.items() if v)}) "
          f"in {total:.1f} s; slowest {slowest[0]:.1f} s ({slowest[1]}); "
          f"largest worker or Tesseract {peak.mib:.0f} MiB")
    print(f"verifier crashes: {len(crashed)}; limits hit: {len(limited)} {limited}; "
          f"tampered or broken files called valid: {tampered_valid}; "
          f"verdicts outside the label: {len(wrong)}")
    for w in wrong:
        print("  " + w)
    return 1 if wrong or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
