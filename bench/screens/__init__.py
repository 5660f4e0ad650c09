"""Browser-rendered screens for the OCR and fact-extraction benchmark.

HTML pages modelled on the systems units screenshot for their evidence (document
management statistics and lists, one-stop dashboards, public-service statistics,
mail administration, staff lists, …), rendered by Debian's chromium, labelled with
the facts a reader must report, the traps it must not report, and the facts it must
flag for a reviewer.

    generate(out_dir, split="dev", per_family=4, seed=2026) -> list[ScreenSample]

Splits: ``dev`` (development families with development wordings and fonts),
``dev2`` (the second development set, written after the first held-out measurement:
new page families in ``families_dev2.py`` — split ``dev2-families`` —, the development
families with a second wording pool, ``words_dev2.py`` — ``dev2-words`` —, and with a
second set of fonts, ``fonts_dev2.py`` — ``dev2-fonts``; each can be asked for alone),
``dev3`` (the third development set's page families, ``families_dev3.py``: statistics
with a total column, a spreadsheet window, a phone app, a written report's summary lines),
``heldout`` (held-out families, and development families drawn with held-out wordings
and fonts: ``split`` of those samples is ``heldout-variant``), ``all``. The held-out
families live in ``families_heldout.py``; developers of the extraction must not open
that file or look at its images (see README.md here).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from bench.screens.chrome import FONTS_DEV, PALETTES, Ctx, Variant
from bench.screens.render import Job, RenderUnavailable, render

__all__ = ["RenderUnavailable", "ScreenSample", "build", "dev_families", "generate"]

Split = Literal["dev", "dev2", "dev2-families", "dev2-words", "dev2-fonts", "dev3", "heldout",
                "all"]
DEV2_PARTS = ("dev2-families", "dev2-words", "dev2-fonts")
Family = Callable[[Ctx], str]


@dataclass
class ScreenSample:
    file: str
    """Image file name, relative to the output folder (the page's HTML sits beside it
    with the same stem and ``.html``)."""
    family: str
    split: str
    """``dev``, one of ``DEV2_PARTS``, ``heldout`` (a held-out family) or
    ``heldout-variant`` (a development family drawn with held-out wordings and fonts)."""
    facts: dict[str, object]
    """Canonical fact name → the value the extractor must report, exactly (counts as
    int, dates and periods as ISO strings)."""
    traps: dict[str, list[object]]
    """Fact name → values on the page that must not be reported as that fact (a
    sub-unit's row, today's date in the header, a pagination count…)."""
    review: dict[str, list[object]] = field(default_factory=dict)
    """Facts the page does not allow to confirm exactly (no total row, two candidate
    periods, only a pagination count): the right behaviour is to flag them or leave
    them out; a confident value is wrong-and-not-flagged. Values: the candidates."""
    shown: dict[str, str] = field(default_factory=dict)
    """Fact name → the string the page shows the value as (the test checks it is on
    the page, so labels cannot drift from pages)."""
    variant: dict[str, Any] = field(default_factory=dict)
    width: int = 0
    """Expected image width in pixels (viewport × zoom)."""


def dev_families() -> dict[str, Family]:
    from bench.screens.families_dev import FAMILIES

    return dict(FAMILIES)


def _dev2() -> tuple[dict[str, Family], dict[str, tuple[str, ...]], tuple[str, ...]]:
    from bench.screens.families_dev2 import FAMILIES
    from bench.screens.fonts_dev2 import FONTS_DEV2
    from bench.screens.words_dev2 import WORDS_DEV2

    return dict(FAMILIES), dict(WORDS_DEV2), tuple(FONTS_DEV2)


def _dev3() -> dict[str, Family]:
    from bench.screens.families_dev3 import FAMILIES

    return dict(FAMILIES)


def _heldout() -> tuple[dict[str, Family], dict[str, tuple[str, ...]], tuple[str, ...]]:
    from bench.screens import families_heldout as h

    return dict(h.FAMILIES), dict(h.HELDOUT_WORDS), tuple(h.HELDOUT_FONTS)


def _variant(rng: random.Random, fonts: Sequence[str], pool: str) -> Variant:
    width = rng.choice([1024, 1152, 1280, 1366, 1440, 1600, 1920])
    zooms = [z for z in (0.8, 0.9, 1.0, 1.1, 1.25, 1.5) if width * z <= 2400]
    zoom = rng.choice(zooms)
    return Variant(font=rng.choice(list(fonts)), width=width, zoom=zoom,
                   theme=rng.choice(["light", "light", "dark"]),
                   palette=rng.choice(sorted(PALETTES)), font_px=rng.choice([13, 14, 15, 16]),
                   jpeg_quality=rng.choice([None, None, 50, 60, 70, 80, 90, 95]),
                   thousands=rng.random() < 0.8, pool=pool)


def build(out_dir: Path, split: Split = "dev", per_family: int = 4, seed: int = 2026,
          families: Sequence[str] | None = None) -> tuple[list[ScreenSample], list[Job]]:
    """Draw the pages (HTML and labels) without rendering them: what ``generate``
    renders. A page depends only on (seed, split, family, index)."""
    plan: list[tuple[str, str, Family, str, Sequence[str], dict[str, tuple[str, ...]]]] = []
    if split in ("dev", "all"):
        for name, fn in dev_families().items():
            plan.append(("dev", name, fn, "dev", FONTS_DEV, {}))
    if split in ("dev2", "all", *DEV2_PARTS):
        fams2, words2, fonts2 = _dev2()
        parts = DEV2_PARTS if split in ("dev2", "all") else (split,)
        if "dev2-families" in parts:
            for name, fn in fams2.items():
                plan.append(("dev2-families", name, fn, "dev2", (*FONTS_DEV, *fonts2), words2))
        if "dev2-words" in parts:
            for name, fn in dev_families().items():
                plan.append(("dev2-words", name, fn, "dev2", FONTS_DEV, words2))
        if "dev2-fonts" in parts:
            for name, fn in dev_families().items():
                plan.append(("dev2-fonts", name, fn, "dev", fonts2, {}))
    if split in ("dev3", "all"):
        fonts2 = _dev2()[2]
        for name, fn in _dev3().items():
            plan.append(("dev3", name, fn, "dev", (*FONTS_DEV, *fonts2), {}))
    if split in ("heldout", "all"):
        held, words, held_fonts = _heldout()
        for name, fn in held.items():
            plan.append(("heldout", name, fn, "heldout", (*FONTS_DEV, *held_fonts), words))
        for name, fn in dev_families().items():
            plan.append(("heldout-variant", name, fn, "heldout", held_fonts, words))
    if families is not None:
        unknown = set(families) - {p[1] for p in plan}
        if unknown:
            raise ValueError(f"unknown families for split {split}: {sorted(unknown)}")
        plan = [p for p in plan if p[1] in families]
    samples: list[ScreenSample] = []
    jobs: list[Job] = []
    for tag, name, fn, pool, fonts, words in plan:
        for i in range(per_family):
            rng = random.Random(f"{seed}/{tag}/{name}/{i}")
            v = _variant(rng, fonts, pool)
            ctx = Ctx(rng, v, alt_words=words)
            doc = fn(ctx)
            stem = f"{tag}-{name}-{i:03d}"
            image = f"{stem}.{'png' if v.jpeg_quality is None else 'jpg'}"
            jobs.append(Job(doc, out_dir / image, v.width, v.zoom, v.jpeg_quality))
            samples.append(ScreenSample(
                image, name, tag, dict(ctx.facts),
                {k: kept for k, vs in ctx.traps.items()  # a trap equal to the fact is none
                 if (kept := [x for x in vs if x != ctx.facts.get(k)])},
                {k: list(vs) for k, vs in ctx.review.items()}, dict(ctx.shown),
                v.as_dict(), round(v.width * v.zoom)))
    return samples, jobs


def print_pdfs(out_dir: Path, split: Split = "dev", per_family: int = 4, seed: int = 2026,
               families: Sequence[str] | None = None) -> tuple[list[ScreenSample], list[Job]]:
    """The same pages as ``build`` printed to PDF by chromium (screen styles, one page
    each, a text layer): a report as a portal exports it. Raises ``RenderUnavailable``
    when chromium cannot print here."""
    from dataclasses import replace

    samples, jobs = build(out_dir, split, per_family, seed, families)
    jobs = [replace(j, out=j.out.with_suffix(".pdf"), pdf=True, jpeg_quality=None)
            for j in jobs]
    render(jobs)
    return samples, jobs


def generate(out_dir: Path, split: Split = "dev", per_family: int = 4, seed: int = 2026,
             families: Sequence[str] | None = None) -> list[ScreenSample]:
    """Render ``per_family`` pages of each family of ``split`` into ``out_dir`` (the
    image and its HTML beside it) and write ``labels.json``. Deterministic per seed: a
    page depends only on (seed, split, family, index), so a slice (``families=[...]``)
    draws the same pages as the full set. Raises RenderUnavailable when chromium or
    Playwright is missing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    samples, jobs = build(out_dir, split, per_family, seed, families)
    for job in jobs:
        job.out.with_suffix(".html").write_text(job.html, encoding="utf-8")
    render(jobs)
    (out_dir / "labels.json").write_text(
        json.dumps([asdict(s) for s in samples], ensure_ascii=False, indent=1),
        encoding="utf-8")
    return samples
