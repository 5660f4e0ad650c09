"""A bounded fuzz run over the PDF path: seeded mutations of the sample's PDFs (byte
flips, insertions, deletions, truncations, duplicated slices, corrupted keywords)
through the same killable workers as the nightly run. Every case must come back
with a verdict and no verifier crash; a signed PDF changed inside what its last
signature covers must never be called valid.

KIEMCHUNG_FUZZ_CASES (default 120) and KIEMCHUNG_FUZZ_SEED (default 20261122) set
the size and the seed; a failure names the seed and case to replay."""

from __future__ import annotations

import collections
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from verifiers.pipeline import VerifyOptions
from verifiers.sandbox import Limits, Sandbox

CASES = int(os.environ.get("KIEMCHUNG_FUZZ_CASES", "120"))
SEED = int(os.environ.get("KIEMCHUNG_FUZZ_SEED", "20261122"))
UP = SAMPLE / "uploads"
SOURCES = [UP / "ubnd-huyen" / "ky-so-to-chuc" / "cv-2018-10-13-nguyen-van-an.pdf",
           UP / "ubnd-huyen" / "ha-tang-cntt" / "hop-dong-15-2019.pdf",
           *sorted(UP.rglob("thong-ke-van-ban-di-ky-so.pdf"))[:1]]
"""A signed công văn, a scanned contract (image-only), a signed PDF of a screenshot."""
KEYWORDS = [b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"/Length",
            b"/ByteRange", b"/Contents", b"/Type", b"startxref"]


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    touches_signed: bool
    """The change lies inside (or shifts) what the last signature covers."""


def signed_end(pdf: bytes) -> tuple[tuple[int, int], tuple[int, int]] | None:
    found = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", pdf)
    if not found:
        return None
    a, b, c, d = (int(x) for x in found[-1])
    return (a, a + b), (c, c + d)


def mutate(src: bytes, rng: random.Random, n: int) -> Case:
    ranges = signed_end(src)
    covered = (lambda i: any(lo <= i < hi for lo, hi in ranges)) if ranges else (lambda i: False)
    end = ranges[1][1] if ranges else 0
    i = rng.randrange(len(src))
    how = rng.choice(["flip", "insert", "delete", "truncate", "duplicate", "keyword", "number"])
    data = bytearray(src)
    touches = False
    if how == "flip":
        data[i] ^= 1 << rng.randrange(8)
        touches = covered(i)
    elif how == "insert":
        data[i:i] = rng.randbytes(rng.randint(1, 64))
        touches = i < end
    elif how == "delete":
        del data[i:i + rng.randint(1, 256)]
        touches = i < end
    elif how == "truncate":
        del data[i:]
        touches = i < end
    elif how == "duplicate":
        j = min(len(data), i + rng.randint(1, 4096))
        data[j:j] = data[i:j]
        touches = j < end
    elif how == "keyword":
        kw = rng.choice(KEYWORDS)
        spots = [m.start() for m in re.finditer(re.escape(kw), src)]
        if spots:
            k = rng.choice(spots)
            data[k:k + len(kw)] = bytes(reversed(kw))
            touches = covered(k)
    else:  # a number made huge (lengths, offsets, counts)
        spots = [m for m in re.finditer(rb"\d+", src)]
        m = rng.choice(spots)
        data[m.start():m.end()] = b"9" * rng.randint(len(m.group()), max(20, len(m.group())))
        touches = m.start() < end
    return Case(f"case{n}-{how}-{i}", bytes(data), touches and ranges is not None)


@pytest.mark.slow
def test_mutated_pdfs_get_verdicts_and_no_tampered_signature_is_valid(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    cases = []
    for n in range(CASES):
        src = SOURCES[n % len(SOURCES)]
        case = mutate(src.read_bytes(), rng, n)
        (tmp_path / f"{case.name}.pdf").write_bytes(case.data)
        cases.append(case)
    options = VerifyOptions(trust_roots=(SAMPLE / "pki" / "roots",),
                            crls=(SAMPLE / "pki" / "crl",))
    results = {}
    for key, verdict, text in Sandbox(2, options, Limits(seconds=120)).run(
            (c.name, str(tmp_path / f"{c.name}.pdf"), f"{c.name}.pdf") for c in cases):
        results[key] = (verdict, json.loads(text))
    assert len(results) == CASES
    problems = []
    for c in cases:
        verdict, report = results[c.name]
        codes = {r["code"] for r in report["reasons"]}
        if "VERIFIER_CRASHED" in codes:
            problems.append(f"{c.name}: crashed {report['reasons']}")
        if verdict == "error" and not report["reasons"]:
            problems.append(f"{c.name}: error without a reason")
        if c.touches_signed and verdict == "valid":
            problems.append(f"{c.name}: changed inside the signed range, called valid")
    assert problems == [], f"seed {SEED}: {problems}"
    print(f"\n{CASES} mutated PDFs (seed {SEED}): "
          f"{sum(c.touches_signed for c in cases)} changed inside a signed range, "
          f"verdicts {sorted(collections.Counter(str(v) for v, _ in results.values()).items())}")
