"""Regression on browser-rendered screens: one page of each development family
(``bench.screens``, real chromium), read through ``verify_bytes`` with the real
Tesseract ``vie`` model.

What is asserted is what must never regress: no value reported as sure that is not
the page's (wrong-and-not-flagged = 0: a wrong value, a trap such as a sub-unit's row
or a pagination count, or a fact the page does not allow to confirm), and most facts
read exactly. Accuracy figures belong to ``bench/ocr_accuracy.py``; this slice only
guards them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import need_browser
from verifiers.pipeline import verify_bytes

SEED = 2026
MIN_EXACT = 0.8
"""Share of the slice's facts that must be exact (right and not sent to review)."""


@pytest.fixture(scope="module")
def slice_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_browser("the browser-rendered slice cannot be drawn")
    from bench.screens import RenderUnavailable, generate

    out = tmp_path_factory.mktemp("screens")
    try:
        generate(out, "dev", per_family=1, seed=SEED)
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    return out


def test_browser_screens_no_sure_wrong_value_and_most_facts_exact(slice_dir: Path) -> None:
    import json

    labels = json.loads((slice_dir / "labels.json").read_text(encoding="utf-8"))
    assert len(labels) >= 5
    exact = total = 0
    wrong: list[str] = []
    for s in labels:
        report = verify_bytes((slice_dir / s["file"]).read_bytes(), s["file"])
        got = {f.name: f for f in report.facts}
        for name, expected in s["facts"].items():
            total += 1
            f = got.get(name)
            if f is None:
                continue
            if str(f.value) == str(expected):
                exact += not f.needs_review
            elif not f.needs_review:
                wrong.append(f"{s['file']}: {name} = {f.value}, page says {expected}")
        for name in s.get("review", {}):
            f = got.get(name)
            if f is not None and not f.needs_review:
                wrong.append(f"{s['file']}: {name} = {f.value} sure, page allows no sure value")
        for f in report.facts:
            if f.name not in s["facts"] and f.name not in s.get("review", {}) and \
                    not f.needs_review:
                wrong.append(f"{s['file']}: {f.name} = {f.value} sure, not on the page")
        assert report.to_json()["unmapped"] is not None
    assert not wrong, wrong
    assert exact >= MIN_EXACT * total, f"{exact}/{total} facts exact"
