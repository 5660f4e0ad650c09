"""Fact-extraction accuracy through the product's own path (``verify_bytes``), per
family and per split, counting what matters for the verified score:

* exact — the right value, not sent to review;
* flagged-and-right — the right value, sent to review (costs a reviewer's glance);
* flagged-and-wrong — a wrong value sent to review, or no value (costs a reviewer's
  work);
* wrong-and-not-flagged — a wrong value reported as sure, or a trap value (a
  sub-unit's row, today's date, a pagination count…) reported as sure as that fact,
  or a fact the page does not allow to confirm (no total row, two periods) reported
  as sure. These confirm or contradict claims wrongly without anyone looking.

``review`` facts (no total row, two candidate periods, only a pagination count) are
counted apart: flagged or left out is right (``review ok``), a sure value is wrong.
A sure value of a fact the labels do not mention is counted wrong-and-not-flagged too
(the labels name every fact a page states), and shown apart as ``unlab`` so that a gap
in the labels would be seen.

    uv run python bench/ocr_accuracy.py --split dev [--per-family 4] [--seed 2026]
    uv run python bench/ocr_accuracy.py --split pil|scans [--pil 48] [--scans 12]
    uv run python bench/ocr_accuracy.py --split dev-pdf [--per-family 4] [--seed 2026]
    uv run python bench/ocr_accuracy.py --split dev2 [--per-family 4] [--seed 2026]
    uv run python bench/ocr_accuracy.py --split dev3 [--per-family 4] [--seed 2026]
    uv run python bench/ocr_accuracy.py --split all --heldout-ok --json out.json  # the lead

Splits: ``dev`` (browser-rendered development families), ``dev2`` (the second
development set: ``dev2-families`` new page families, ``dev2-words`` the development
families with a second wording pool, ``dev2-fonts`` with a second set of fonts; each
can be run alone), ``dev3`` (the third development set's page families: a total
column, a spreadsheet window, a phone app, a report's summary lines), ``heldout`` (held-out
families and held-out wordings of the development families: run by the lead at the
end only), ``dev-pdf`` (the development pages printed to PDF by chromium: their text
layer, as a report exported from the system), ``pil`` (the PIL-drawn regression set,
``bench/ocr_set.py``), ``scans`` (contracts, invoices, decisions), ``all``.

Targets (issue 14): held-out ≥ 98 % exact, dev ≥ 99.5 %, scans ≥ 97 %,
wrong-and-not-flagged = 0 everywhere.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiemchung.core.codes import FindingCode
from verifiers.pipeline import VerifyOptions, verify_bytes
from verifiers.results import FactReport, FileReport, Reason

CLASSES = ("exact", "flagged_right", "flagged_wrong", "wrong_unflagged")
NOT_REVIEW_CODES = {FindingCode.OCR_FAILED.value}


@dataclass
class Case:
    file: str
    path: Path
    split: str
    family: str
    facts: dict[str, object]
    traps: dict[str, list[object]] = field(default_factory=dict)
    review: dict[str, list[object]] = field(default_factory=dict)
    allowed: dict[str, object] = field(default_factory=dict)
    """Values that are right if reported but not expected (not counted)."""


@dataclass
class Outcome:
    file: str
    split: str
    family: str
    fact: str
    expected: object
    got: object
    cls: str
    """One of CLASSES, or ``review_ok``."""
    note: str = ""
    kind: str = "fact"
    """``fact`` (an expected value), ``review`` (a fact to flag or leave out) or
    ``other`` (a sure value the labels expect nowhere: a trap or an unlabelled fact)."""


def same(got: object, expected: object) -> bool:
    if isinstance(expected, float) or isinstance(got, float):
        try:
            return abs(float(got) - float(expected)) < 0.05  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    return got == expected or str(got) == str(expected)


def named_in_reason(name: str, reasons: tuple[Reason, ...]) -> bool:
    """A finding that sends this fact to a reviewer: any reason but an OCR failure
    (OCR_LOW_CONFIDENCE and whatever the extraction adds for failed cross-checks,
    ambiguous periods, missing total rows) whose detail or message names the fact."""
    word = re.compile(rf"(?<![a-z_]){re.escape(name)}(?![a-z_])")
    return any(r.code not in NOT_REVIEW_CODES and (word.search(r.detail) or
                                                   word.search(r.message))
               for r in reasons)


def flagged(fact: FactReport, report: FileReport) -> bool:
    return fact.needs_review or named_in_reason(fact.name, report.reasons)


def classify(case: Case, report: FileReport) -> list[Outcome]:
    got: dict[str, FactReport] = {}
    for each in report.facts:
        got.setdefault(each.name, each)
    out: list[Outcome] = []

    def add(name: str, expected: object, value: object, cls: str, note: str = "",
            kind: str = "fact") -> None:
        out.append(Outcome(case.file, case.split, case.family, name, expected, value, cls,
                           note, kind))

    for name, expected in case.facts.items():
        f = got.get(name)
        if f is None:
            add(name, expected, None, "flagged_wrong", "not found")
            continue
        flag = flagged(f, report)
        if same(f.value, expected):
            add(name, expected, f.value, "flagged_right" if flag else "exact")
        else:
            trap = any(same(f.value, t) for t in case.traps.get(name, []))
            note = "trap value" if trap else ""
            add(name, expected, f.value, "flagged_wrong" if flag else "wrong_unflagged", note)
    for name, candidates in case.review.items():
        r = got.get(name)
        if r is None or flagged(r, report):
            add(name, candidates, None if r is None else r.value, "review_ok", kind="review")
        else:
            add(name, candidates, r.value, "wrong_unflagged",
                "confident where the page allows no exact value", "review")
    for name, fr in got.items():
        if name in case.facts or name in case.review or flagged(fr, report) or \
                (name in case.allowed and same(fr.value, case.allowed[name])):
            continue
        if any(same(fr.value, t) for t in case.traps.get(name, [])):
            add(name, None, fr.value, "wrong_unflagged", "trap value reported as sure", "other")
        else:  # the labels name every fact a page states: this value is not the fact's
            add(name, None, fr.value, "wrong_unflagged", "unlabelled fact reported as sure",
                "other")
    return out


# ---------------------------------------------------------------- the sets

def screen_cases(folder: Path, split: str, per_family: int, seed: int,
                 families: list[str] | None = None) -> list[Case]:
    from bench.screens import build, generate

    if families is not None:  # a slice: only the families this split has
        have = {s.family for s in build(folder, split, 1, seed)[0]}  # type: ignore[arg-type]
        families = [f for f in families if f in have]
        if not families:
            return []
    return [Case(s.file, folder / s.file, s.split, s.family, s.facts, s.traps, s.review)
            for s in generate(folder, split, per_family, seed,  # type: ignore[arg-type]
                              families=families)]


def pdf_cases(folder: Path, per_family: int, seed: int,
              families: list[str] | None = None) -> list[Case]:
    """The development pages (the same pages as ``--split dev`` for a seed) printed to
    PDF with a text layer instead of screenshotted."""
    from bench.screens import print_pdfs

    samples, jobs = print_pdfs(folder, "dev", per_family, seed, families)
    return [Case(j.out.name, j.out, "dev-pdf", s.family, s.facts, s.traps, s.review)
            for s, j in zip(samples, jobs, strict=True)]


def pil_cases(folder: Path, screens: int, scans: int, seed: int) -> list[Case]:
    from bench.ocr_set import make_set

    return [Case(s.file, folder / s.file, "pil" if s.kind == "screen" else "scans",
                 s.layout, s.facts, s.traps, allowed=s.allowed)
            for s in make_set(folder, screens, scans, seed=seed)]


def run(cases: list[Case]) -> tuple[list[Outcome], dict[str, float]]:
    outcomes: list[Outcome] = []
    seconds: dict[str, float] = {}
    options = VerifyOptions()
    for c in cases:
        t = time.perf_counter()
        report = verify_bytes(c.path.read_bytes(), c.file, options)
        seconds[c.file] = time.perf_counter() - t
        outcomes += classify(c, report)
    return outcomes, seconds


# ---------------------------------------------------------------- the report

def tally(outcomes: list[Outcome]) -> dict[str, int]:
    t: dict[str, int] = defaultdict(int)
    for o in outcomes:
        t[o.cls] += 1
        t["facts"] += o.kind == "fact"
        t["review"] += o.kind == "review"
        t["unlabelled"] += o.note.startswith("unlabelled")
    return dict(t)


def line(label: str, t: dict[str, int], files: int) -> str:
    n = t.get("facts", 0)
    ex = t.get("exact", 0)
    pct = f"{ex / n:6.1%}" if n else "     -"
    return (f"  {label:24s} {files:4d} {n:5d}  {ex:5d} {pct}  {t.get('flagged_right', 0):5d} "
            f"{t.get('flagged_wrong', 0):5d} {t.get('wrong_unflagged', 0):5d}   "
            f"{t.get('review_ok', 0):3d}/{t.get('review', 0):<3d} {t.get('unlabelled', 0):4d}")


HEAD = ("  family                   files facts  exact   rate  fl-ok fl-wr wr-nf  review  "
        "unlab")
SPLIT_ORDER = ("dev", "dev2-families", "dev2-words", "dev2-fonts", "dev3", "dev-pdf", "heldout",
               "heldout-variant", "pil", "scans")


def report(outcomes: list[Outcome], cases: list[Case], seconds: dict[str, float]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for split in SPLIT_ORDER:
        sc = [c for c in cases if c.split == split]
        if not sc:
            continue
        so = [o for o in outcomes if o.split == split]
        print(f"\n{split}: {len(sc)} files, "
              f"{sum(seconds[c.file] for c in sc) / len(sc):.2f} s/file (verify_bytes)")
        print(HEAD)
        fams: dict[str, Any] = {}
        for fam in sorted({c.family for c in sc}):
            fo = [o for o in so if o.family == fam]
            t = tally(fo)
            fams[fam] = t
            print(line(fam, t, sum(c.family == fam for c in sc)))
        total = tally(so)
        print(line("TOTAL", total, len(sc)))
        per_fact: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for o in so:
            if o.kind == "fact":
                per_fact[o.fact][0] += o.cls == "exact"
                per_fact[o.fact][1] += 1
            if o.cls == "wrong_unflagged":
                per_fact[o.fact][2] += 1
        print("  per fact (exact/facts, wrong-and-not-flagged): " + "; ".join(
            f"{k} {v[0]}/{v[1]}" + (f" wr-nf {v[2]}" if v[2] else "")
            for k, v in sorted(per_fact.items())))
        figures[split] = {"files": len(sc), "total": total, "families": fams,
                          "facts": {k: {"exact": v[0], "facts": v[1], "wrong_unflagged": v[2]}
                                    for k, v in per_fact.items()}}
    misses = [o for o in outcomes if o.cls not in ("exact", "review_ok")]
    if misses:
        print("\nmisses (fl-ok: flagged but right; fl-wr: flagged or missing; "
              "WRONG: wrong and not flagged):")
        tag = {"flagged_right": "fl-ok", "flagged_wrong": "fl-wr", "wrong_unflagged": "WRONG"}
        for o in misses:
            note = f"  ({o.note})" if o.note else ""
            print(f"  {tag[o.cls]:5s} {o.file}: {o.fact} expected {o.expected}, got {o.got}"
                  f"{note}")
    return figures


def main() -> int:
    logging.disable(logging.CRITICAL)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "dev2", "dev2-families", "dev2-words",
                                        "dev2-fonts", "dev3", "dev-pdf", "heldout", "pil",
                                        "scans", "all"],
                    default="dev")
    ap.add_argument("--per-family", type=int, default=4,
                    help="browser-rendered pages per family")
    ap.add_argument("--pil", "--screens", type=int, default=48, help="PIL-drawn screenshots")
    ap.add_argument("--scans", type=int, default=12, help="scanned PDFs")
    ap.add_argument("--seed", type=int, default=2026, help="another seed, another set")
    ap.add_argument("--families", nargs="+", help="only these browser-rendered families")
    ap.add_argument("--heldout-ok", action="store_true",
                    help="confirm a held-out run (heldout, all): the lead's final measurement; "
                         "whoever develops the extraction must not run or read it")
    ap.add_argument("--keep", type=Path, help="write the images here instead of a temp dir")
    ap.add_argument("--json", type=Path, help="machine-readable figures and outcomes")
    a = ap.parse_args()
    if a.split in ("heldout", "all") and not a.heldout_ok:
        print("the held-out split is the lead's final measurement: pass --heldout-ok to run "
              "it; develop on --split dev", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = a.keep or Path(tmp)
        cases: list[Case] = []
        t = time.perf_counter()
        if a.split in ("dev", "all"):
            cases += screen_cases(folder / "dev", "dev", a.per_family, a.seed, a.families)
        if a.split == "all" or a.split.startswith("dev2"):
            cases += screen_cases(folder / "dev2", "dev2" if a.split == "all" else a.split,
                                  a.per_family, a.seed, a.families)
        if a.split in ("dev3", "all"):
            cases += screen_cases(folder / "dev3", "dev3", a.per_family, a.seed, a.families)
        if a.split == "dev-pdf":
            cases += pdf_cases(folder / "dev-pdf", a.per_family, a.seed, a.families)
        if a.split in ("heldout", "all"):
            cases += screen_cases(folder / "heldout", "heldout", a.per_family, a.seed,
                                  a.families)
        if a.split in ("pil", "scans", "all"):
            cases += pil_cases(folder / "pil", a.pil if a.split != "scans" else 0,
                               a.scans if a.split != "pil" else 0, a.seed)
        made = time.perf_counter() - t
        outcomes, seconds = run(cases)
    print(f"{len(cases)} files (made in {made:.0f} s, read in {sum(seconds.values()):.0f} s); "
          f"split {a.split}, seed {a.seed}, {a.per_family} per family")
    figures = report(outcomes, cases, seconds)
    if a.json:
        a.json.write_text(json.dumps({
            "split": a.split, "seed": a.seed, "per_family": a.per_family, "pil": a.pil,
            "scans": a.scans, "figures": figures,
            "outcomes": [asdict(o) for o in outcomes],
            "seconds": seconds}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
