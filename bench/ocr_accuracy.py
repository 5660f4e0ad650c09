"""OCR accuracy on the generated labelled set: exact-match rate per fact and per
layout, and character error rate.

    uv run python bench/ocr_accuracy.py [--screens 48] [--scans 12]

Targets (issue 4): >= 99 % of facts exact on screenshots, >= 95 % on scans.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ocr_set import make_set
from verifiers.claims_sheet import fold
from verifiers.extract.facts import extract_facts
from verifiers.ocr.read import (
    look_right_of_labels,
    read_image,
    read_pdf,
    refine_numbers,
)


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(strings: list[str], lines: list[str]) -> tuple[int, int]:
    """Errors and length: each drawn string against the OCR line closest to it
    (reading order differs between layouts, so strings are matched one by one)."""
    errors = total = 0
    for s in strings:
        best = min((levenshtein(s, ln[: len(s) + 10]) for ln in lines if ln), default=len(s))
        best = min(best, min((levenshtein(s, ln) for ln in lines if ln), default=len(s)))
        errors += min(best, len(s))
        total += len(s)
    return errors, total


def main() -> int:
    logging.disable(logging.CRITICAL)
    ap = argparse.ArgumentParser()
    ap.add_argument("--screens", type=int, default=48)
    ap.add_argument("--scans", type=int, default=12)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        samples = make_set(folder, a.screens, a.scans)
        per_fact: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        per_layout: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        cer_by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        misses = []
        t = time.perf_counter()
        for s in samples:
            data = (folder / s.file).read_bytes()
            reading = read_pdf(data) if s.file.endswith(".pdf") else read_image(data)
            facts = look_right_of_labels(refine_numbers(extract_facts(reading.lines), reading),
                                         reading)
            got = {f.name: f.value for f in facts}
            for name, expected in s.facts.items():
                ok = str(got.get(name)) == str(expected)
                for d, key in ((per_fact, (s.kind, name)), (per_layout, (s.kind, s.layout))):
                    d[key][0] += ok
                    d[key][1] += 1
                if not ok:
                    misses.append(f"{s.file}: {name} expected {expected}, got {got.get(name)}")
            e, n = cer([fold(x) for x in s.strings], [fold(ln.text) for ln in reading.lines])
            cer_by_kind[s.kind][0] += e
            cer_by_kind[s.kind][1] += n
        elapsed = time.perf_counter() - t
    print(f"{len(samples)} samples ({a.screens} screenshots, {a.scans} scans) in {elapsed:.0f} s")
    for kind in ("screen", "scan"):
        ok = sum(v[0] for k, v in per_fact.items() if k[0] == kind)
        n = sum(v[1] for k, v in per_fact.items() if k[0] == kind)
        e, length = cer_by_kind[kind]
        print(f"\n{kind}: facts exact {ok}/{n} = {ok / max(n, 1):.1%}; "
              f"character error rate {e / max(length, 1):.2%} (folded text)")
        for (k, name), (good, total) in sorted(per_fact.items()):
            if k == kind:
                print(f"  fact   {name:22s} {good:3d}/{total:<3d} {good / total:.1%}")
        for (k, layout), (good, total) in sorted(per_layout.items()):
            if k == kind:
                print(f"  layout {layout:22s} {good:3d}/{total:<3d} {good / total:.1%}")
    if misses:
        print("\nmisses:\n  " + "\n  ".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
