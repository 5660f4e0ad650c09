"""The second development set's page families (``bench/screens/families_dev2.py``):
labelled as the first ones are, every labelled value shown on its page."""

from __future__ import annotations

import re
from pathlib import Path

from bench.screens import build
from bench.screens.families_dev2 import FAMILIES
from tests.bench.test_screens import page_text


def test_dev2_families_labelled_and_every_value_on_its_page(tmp_path: Path) -> None:
    samples, jobs = build(tmp_path, "dev2-families", 6, seed=2026)
    assert {s.family for s in samples} == set(FAMILIES)
    assert len(FAMILIES) >= 6
    for s, job in zip(samples, jobs, strict=True):
        assert s.facts or s.review, s.file
        text = page_text(job.html)
        for name, value in s.facts.items():
            shown = s.shown[name]
            for part in shown.split("|"):
                assert part in text, (s.file, name, part)
            if isinstance(value, int):
                assert re.sub(r"\D", "", shown) == str(value), (s.file, name, shown)
        for name, candidates in s.review.items():
            assert name not in s.facts and candidates, (s.file, name)
        for name, values in s.traps.items():
            assert s.facts.get(name) not in values, (s.file, name)
