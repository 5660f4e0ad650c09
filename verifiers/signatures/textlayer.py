"""Where the signed revision has text, read from its own text layer with pypdf.

Two uses: the Decree 30 anchors (the «Số:» line and the «…, ngày … tháng … năm …»
line), which decide where the văn thư may write; and "does this annotation cover body
text", which decides whether a later annotation may hide or replace content.

Boxes are estimates: pypdf gives the start of each text run, its size and its text, not
glyph widths; a run is taken as 0.5 em per character (Times-like fonts average 0.45–0.5
em), which is what the generous regions below are built to tolerate.
"""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in PDF user space."""

EM_PER_CHAR = 0.5


@dataclass(frozen=True)
class TextRun:
    text: str
    x: float
    y: float
    """Baseline."""
    size: float

    @property
    def box(self) -> Box:
        width = EM_PER_CHAR * self.size * len(self.text.rstrip("\n"))
        return (self.x, self.y - 0.25 * self.size, self.x + width, self.y + 0.9 * self.size)


@dataclass(frozen=True)
class Line:
    runs: tuple[TextRun, ...]

    @property
    def text(self) -> str:
        return "".join(r.text.rstrip("\n") for r in self.runs)

    @property
    def box(self) -> Box:
        boxes = [r.box for r in self.runs]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)


@dataclass(frozen=True)
class PageText:
    width: float
    height: float
    runs: tuple[TextRun, ...]

    def lines(self) -> list[Line]:
        out: list[list[TextRun]] = []
        for run in sorted(self.runs, key=lambda r: (-round(r.y, 0), r.x)):
            if out and abs(out[-1][0].y - run.y) <= 0.3 * run.size:
                out[-1].append(run)
            else:
                out.append([run])
        lines: list[Line] = []
        for rs in out:
            rs.sort(key=lambda r: r.x)
            seg = [rs[0]]
            for run in rs[1:]:  # a wide gap is another column (header tables)
                if run.x - seg[-1].box[2] > 2 * run.size:
                    lines.append(Line(tuple(seg)))
                    seg = []
                seg.append(run)
            lines.append(Line(tuple(seg)))
        return lines

    def text_in(self, box: Box, min_share: float = 0.3) -> list[TextRun]:
        """Text runs whose box lies at least ``min_share`` inside ``box``."""
        return [r for r in self.runs if _share_inside(r.box, box) >= min_share]


def _share_inside(inner: Box, outer: Box) -> float:
    w = max(0.0, min(inner[2], outer[2]) - max(inner[0], outer[0]))
    h = max(0.0, min(inner[3], outer[3]) - max(inner[1], outer[1]))
    area = max(1e-6, (inner[2] - inner[0]) * (inner[3] - inner[1]))
    return w * h / area


def page_text(pdf: bytes, page_index: int) -> PageText | None:
    """Text runs of one page of ``pdf``; None when pypdf cannot read it."""
    from pypdf import PdfReader

    try:
        page = PdfReader(io.BytesIO(pdf), strict=False).pages[page_index]
        return runs_of(page)
    except Exception as exc:  # a text layer we cannot read is no text, not a crash
        log.info("no text layer for page %d: %r", page_index + 1, exc)
        return None


def runs_of(page: Any) -> PageText:
    box = [float(v) for v in page.mediabox]
    runs: list[TextRun] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])
        for k, part in enumerate(text.split("\n")):
            if part.strip():
                eff = float(size) * (scale or 1.0)
                runs.append(TextRun(part, x, y - k * eff * 1.2, eff))

    page.extract_text(visitor_text=visit)
    return PageText(box[2] - box[0], box[3] - box[1], tuple(runs))


NUMBER_RE = re.compile(r"^\s*Số\s*[:.]")
DATE_RE = re.compile(r"ngày\s*[\d\s.…_]*\s*tháng\s*[\d\s.…_]*\s*năm", re.IGNORECASE)


@dataclass(frozen=True)
class Anchor:
    kind: str
    """``number`` | ``date``."""
    line: str
    region: Box
    """Where the văn thư may write on page 1."""


def decree30_anchors(text: PageText) -> list[Anchor]:
    """The «Số:» line under the issuing body and the date line under the Tiêu ngữ, in
    the header (top 40 %) of the page, and the box the văn thư may write in for each:
    the line's own band (its baseline ± about one line), from a little before its start
    to the end of its half of the page."""
    out: list[Anchor] = []
    header_floor = text.height * 0.6
    mid = text.width / 2
    for line in text.lines():
        x0, _y0, x1, _y1 = line.box
        size = line.size
        base = line.runs[0].y
        if base < header_floor:
            continue
        band = (base - 0.5 * size, base + 1.3 * size)
        if NUMBER_RE.search(line.text) and x0 < mid:
            right = max(x1 + 3 * size, x0 + 14 * size)
            out.append(Anchor("number", line.text,
                              (x0 - 1.5 * size, band[0], min(right, mid + 2 * size), band[1])))
        elif DATE_RE.search(line.text) and x1 > mid:
            out.append(Anchor("date", line.text,
                              (max(x0 - 2 * size, mid - 4 * size), band[0],
                               min(max(x1 + 4 * size, x0 + 24 * size), text.width), band[1])))
    return out
