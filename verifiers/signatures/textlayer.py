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


_TOKEN_RE = re.compile(
    rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)"  # literal string (one nesting level)
    rb"|<[0-9A-Fa-f\s]*>"                          # hex string
    rb"|\[|\]"
    rb"|/[^\s/\[\]()<>{}%]*"                       # name
    rb"|[-+]?(?:\d+\.?\d*|\.\d+)"                  # number
    rb"|[A-Za-z'\"*][A-Za-z0-9*]*"                 # operator
    rb"|%[^\r\n]*")


_STRING_START = frozenset(b"(<")
_OPERAND_START = frozenset(b"/+-.0123456789")
_SKIPPED = frozenset(b"[]%")
_TEXT_STATE_OPS = frozenset({b"q", b"Q", b"cm", b"BT", b"Tf", b"TL", b"Td", b"TD", b"Tm",
                             b"T*", b"'", b'"', b"Tj", b"TJ"})
"""The operators ``quick_text_boxes`` follows; any other one only ends its operands."""


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _string_len(tok: bytes) -> int:
    if tok.startswith(b"<"):
        return len(re.sub(rb"\s", b"", tok[1:-1])) // 2
    return len(re.sub(rb"\\(\d{1,3}|.)", b"x", tok[1:-1]))


def quick_text_boxes(page: Any, limit: int = 20000,
                     cache: dict[bytes, tuple[Box, ...]] | None = None) -> list[Box]:
    """Estimated boxes of the text a page's own content streams show, from a plain
    tokenizer (no font decoding): cheap enough to run on every page a later signature
    touches, and used only to decide whether a widget covers signed text. Text inside
    form XObjects is not seen (the visual comparison is the check for those).
    ``cache``: content bytes → boxes already found for them (the same page in another
    revision of the file), shared by the caller."""
    from pyhanko.pdf_utils import generic

    try:
        contents = page.get("/Contents")
        if contents is None:
            return []
        contents = contents.get_object()
        streams = list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
        data = b"\n".join(s.get_object().data for s in streams)
    except Exception as exc:
        log.info("content stream unreadable for the text scan: %r", exc)
        return []
    if cache is not None:
        known = cache.get(data)
        if known is None:
            known = cache[data] = tuple(_text_boxes(data, limit))
        return list(known)
    return _text_boxes(data, limit)


def _text_boxes(data: bytes, limit: int) -> list[Box]:
    data = re.sub(rb"\bBI\b.*?\bEI\b", b" ", data, flags=re.S)
    boxes: list[Box] = []
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    tm = tlm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    size, leading = 12.0, 0.0
    operands: list[bytes] = []
    strings: list[bytes] = []

    def nums(n: int) -> list[float] | None:
        try:
            vals = [float(v) for v in operands[-n:]]
        except ValueError:
            return None
        return vals if len(vals) == n else None

    def show(count: int) -> None:
        nonlocal tm
        m = _mul(tm, ctm)
        scale = math.hypot(m[0], m[1]) or 1.0
        eff = size * scale
        width = EM_PER_CHAR * eff * count
        x, y = m[4], m[5]
        boxes.append((x, y - 0.25 * eff, x + width, y + 0.9 * eff))
        tm = [tm[0], tm[1], tm[2], tm[3], tm[4] + EM_PER_CHAR * size * count * tm[0],
              tm[5] + EM_PER_CHAR * size * count * tm[1]]

    for tok in _TOKEN_RE.findall(data):
        c = tok[0]
        if c in _STRING_START:
            strings.append(tok)
            continue
        if c in _OPERAND_START:
            operands.append(tok)
            continue
        if c in _SKIPPED:
            continue
        op = tok
        if op not in _TEXT_STATE_OPS:  # colours, paths, marked content: operands dropped
            operands.clear()
            strings.clear()
            continue
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop() if stack else ctm
        elif op == b"cm" and (v := nums(6)):
            ctm = _mul(v, ctm)
        elif op == b"BT":
            tm = tlm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        elif op == b"Tf" and (v := nums(1)):
            size = v[0]
        elif op == b"TL" and (v := nums(1)):
            leading = v[0]
        elif op in (b"Td", b"TD") and (v := nums(2)):
            if op == b"TD":
                leading = -v[1]
            tlm = _mul([1, 0, 0, 1, v[0], v[1]], tlm)
            tm = tlm
        elif op == b"Tm" and (v := nums(6)):
            tm = tlm = v
        elif op in (b"T*", b"'", b'"'):
            tlm = _mul([1, 0, 0, 1, 0, -leading], tlm)
            tm = tlm
        if op in (b"Tj", b"TJ", b"'", b'"'):
            count = sum(_string_len(s) for s in strings)
            if count:
                show(count)
        operands.clear()
        strings.clear()
        if len(boxes) >= limit:
            break
    return boxes


def covers(boxes: list[Box], rect: Box, min_share: float = 0.3) -> bool:
    """Some text box lies at least ``min_share`` inside ``rect``."""
    return any(_share_inside(b, rect) >= min_share for b in boxes)
