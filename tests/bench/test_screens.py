"""The browser-rendered benchmark set: deterministic per seed, really rendered by
chromium, and labels that match the pages they describe."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from bench.screens import build, dev_families, generate
from bench.screens.families_dev3 import FAMILIES as DEV3_FAMILIES
from bench.screens.render import CHROMIUM

SLICE = ["qlvb_stats_units", "outgoing_list", "onestop_dashboard", "dvc_by_field",
         "mail_admin"]


class _Text(HTMLParser):
    """The text a page shows: character data, input values and option labels (the
    period sits in input boxes), without the CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        if tag == "input":
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.parts.append(data)


def page_text(doc: str) -> str:
    p = _Text()
    p.feed(doc)
    return "|".join(p.parts)


def test_same_seed_same_pages_other_seed_other_pages(tmp_path: Path) -> None:
    a, ja = build(tmp_path, "dev", 2, seed=7)
    b, jb = build(tmp_path, "dev", 2, seed=7)
    _c, jc = build(tmp_path, "dev", 2, seed=8)
    assert [j.html for j in ja] == [j.html for j in jb]
    assert [s.facts for s in a] == [s.facts for s in b]
    assert [j.html for j in ja] != [j.html for j in jc]
    # a slice draws the very pages of the full set
    s, js = build(tmp_path, "dev", 2, seed=7, families=["mail_admin"])
    full = {x.file: j.html for x, j in zip(a, ja, strict=True)}
    assert all(full[x.file] == j.html for x, j in zip(s, js, strict=True))


@pytest.mark.parametrize("split", ["dev", "dev3", "heldout"])
def test_every_family_labelled_and_every_value_on_its_page(tmp_path: Path, split: str) -> None:
    samples, jobs = build(tmp_path, split, 3, seed=2026)  # type: ignore[arg-type]
    families = {s.family for s in samples}
    if split == "dev3":
        assert families == set(DEV3_FAMILIES)
    else:
        assert set(dev_families()) <= families
        assert len(families) >= (6 if split == "dev" else 10)
    for s, job in zip(samples, jobs, strict=True):
        assert s.facts or s.review, s.file
        text = page_text(job.html)
        for name, value in s.facts.items():
            shown = s.shown[name]
            for part in shown.split("|"):  # "|" joins the two boxes of a period
                assert part in text, (s.file, name, part)
            if isinstance(value, int):
                assert re.sub(r"\D", "", shown) == str(value), (s.file, name, shown)
            else:
                assert str(value)[:4] in shown or str(value)[:4] in text, (s.file, name)
        for name, candidates in s.review.items():
            assert name not in s.facts
            assert candidates
        for name, values in s.traps.items():
            assert s.facts.get(name) not in values, (s.file, name)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")
def test_chromium_renders_the_dev_slice(tmp_path: Path) -> None:
    samples = generate(tmp_path, "dev", 1, seed=11, families=SLICE)
    assert {s.family for s in samples} == set(SLICE)
    labels = json.loads((tmp_path / "labels.json").read_text(encoding="utf-8"))
    assert [x["file"] for x in labels] == [s.file for s in samples]
    for s in samples:
        path = tmp_path / s.file
        with Image.open(path) as im:
            assert im.format == ("JPEG" if s.variant["jpeg_quality"] else "PNG")
            assert abs(im.width - s.width) <= 1, (s.file, im.size, s.width)
            assert im.height > 300
            grey = im.convert("L")
            lo, hi = grey.getextrema()
            assert isinstance(lo, int) and isinstance(hi, int)
            assert hi - lo > 100, f"{s.file} is blank"
            assert ImageStat.Stat(grey).stddev[0] > 10
            assert len(grey.getcolors(256) or []) > 20  # text, not a flat fill
        assert (tmp_path / s.file).with_suffix(".html").exists()
