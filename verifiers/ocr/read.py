"""Text lines from an image or a PDF, with where each word came from.

PDFs: the text layer is read with pypdf; only pages without one, and images pasted
into pages (screenshots in a signed PDF), go to Tesseract.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from dataclasses import dataclass, field, replace

from PIL import Image, ImageOps

from kiemchung.core.text import fold
from verifiers.extract.facts import TextLine, Token
from verifiers.ocr.engine import PSM, Line, OcrFailed, Word, read_digits, read_lines
from verifiers.ocr.images import Mode, Prepared, binarize, open_image, prepare
from verifiers.ocr.layout import GUTTER_MIN_WIDTH, SCALE_WORDS
from verifiers.results import FactReport, OcrReport

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 50
MAX_IMAGES_PER_PAGE = 4
DIGIT_HEIGHT = 30
SECOND_PASS_BELOW = 0.85
"""Values read with less confidence get the digits-only second pass. On the labelled
set every misread value was below 0.82, and 85 % of the right ones above 0.85, so the
threshold buys the accuracy for a fraction of the time."""
LOOKED_MIN_CONFIDENCE = 0.5
"""A value found only by looking again beside a label must be read at least this
surely; below it the ink there is not a number (an icon, a border)."""
LOOKED_LAYOUT = 0.9
"""A value found only by looking again has no layout behind it but its label's."""
CHANGED_BY_REREAD = 0.85
"""The digits-only read changed a value: the page read and it disagree, so below review
unless both were very sure."""
MAX_EMPTY_CELLS = 12
"""A column with more empty cells than this is no table column the page read missed."""
REREAD_UNCHECKED = 0.6
"""A total-row cell read again on its own that its rows do not add up to: for review."""
MIN_IMAGE_SIDE = 200
"""Smaller images (logos, signature and seal appearances) carry no figures."""


@dataclass
class Reading:
    lines: list[TextLine] = field(default_factory=list)
    pages: int = 0
    ocr_confidences: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """English, for logs and report details: pages or images that could not be read."""
    problems_vi: list[str] = field(default_factory=list)
    """The same for people, in Vietnamese."""
    prepared: dict[int, Prepared] = field(default_factory=dict)
    """Page → the prepared image OCR read (single-image pages), for second passes."""
    engine_failed: bool = False
    """Tesseract was missing, crashed or timed out somewhere: the reading may lack
    what a working engine would have found."""
    reread: dict[tuple[float, float, float, float], str] = field(default_factory=dict)
    """Original-pixel boxes of the numbers read twice → "" when both reads agreed, else
    the other reading (the one not kept)."""
    readings: dict[tuple[float, float, float, float], list[str]] = field(default_factory=dict)
    """The same boxes → every text the page, digits-only and third reads gave (for a
    column whose rows do not add up to its total: ``settle_columns``)."""

    def rules(self, page: int, box: tuple[float, float, float, float]) -> bool:
        """Whether a ruling line runs down through ``box`` on this page (``rules_in``)."""
        prep = self.prepared.get(page)
        return prep is not None and rules_in(prep, box)

    def problem(self, en: str, vi: str) -> None:
        self.problems.append(en)
        if vi not in self.problems_vi:
            self.problems_vi.append(vi)

    def report(self) -> OcrReport:
        confs = self.ocr_confidences
        mean = round(sum(confs) / len(confs), 1) if confs else None
        return OcrReport(self.pages, mean, "\n".join(ln.text for ln in self.lines))



def rules_in(prep: Prepared, box: tuple[float, float, float, float]) -> bool:
    """Whether a ruling line (a table's cell border) runs down through ``box``
    (original pixels; the gap between two words) of a prepared image: a thin column of
    pixels darker than the gap's background over its whole height. A dark header
    background is no rule: it is not thin."""
    s, o = prep.scale, prep.offset
    # off the words' own anti-aliased edges
    edge = 2 * s + 1
    x0, y0, x1, y1 = (int(box[0] * s + o + edge), int(box[1] * s + o),
                      int(box[2] * s + o - edge), int(box[3] * s + o))
    if x1 - x0 < 3 or y1 - y0 < 4:
        return False
    band = prep.image.crop((x0, y0, x1, y1)).convert("L")
    profile = band.resize((band.width, 1), Image.Resampling.BOX)
    cols = [float(profile.getpixel((x, 0)) or 0) for x in range(band.width)]  # type: ignore[arg-type]
    bg = max(cols)
    dark = [v < bg - 35 for v in cols]
    runs = _clear_runs(dark)
    if runs and min(runs) <= max(4, int(0.25 * (y1 - y0))):
        return True
    # a tall gutter query: a side menu's own background ends there (a gutter as wide
    # as the regions ask for: a gap of a few pixels between two words is none, its
    # ends being the words' own shading)
    tall = y1 - y0 > 4 * (x1 - x0) and box[2] - box[0] >= GUTTER_MIN_WIDTH
    return tall and abs(cols[0] - cols[-1]) > 10



def _clear_runs(dark: list[bool]) -> list[int]:
    """The lengths of the runs of dark pixel columns that stand clear of both ends of a
    gap: a run touching an end is a word's blurred edge (a JPEG's, scaled up) reaching
    past the offset, no rule."""
    out, at = [], 0
    for d, run in itertools.groupby(dark):
        n = len(list(run))
        if d and at > 0 and at + n < len(dark):
            out.append(n)
        at += n
    return out


EDGE_MARKS = frozenset(".,_·|[](){}!'`‘’:;")
"""The marks Tesseract reads a box's vertical edge as. Dashes and slashes are not
among them: a range's dash («01/10/2019 - 01/10/2020») may come with a tall box."""
BORDER_MARK = 1.4
"""A word of edge marks only this many times taller than its line's text (its letters'
and digits' median box height) is an input box's or button's edge, not text: a real
«|» or «(» is no taller than the letters around it."""
LOW_MARKS = frozenset(".,_·")
LOW_MARK = 0.9
"""Marks whose ink is a dot or a low stroke, far below the letters' height: read with a
box this tall against the line's text (a «.» as tall as the letters beside it, before
a date box), they are a box's edge."""


def _is_border_mark(w: Word, text_height: float) -> bool:
    marks = set(w.text)
    if not marks or marks - EDGE_MARKS:
        return False
    tall = LOW_MARK if marks <= LOW_MARKS else BORDER_MARK
    return w.box[3] - w.box[1] > tall * text_height


def drop_border_marks(lines: list[Line]) -> list[Line]:
    """Lines without the marks Tesseract read off box edges (``BORDER_MARK``): between
    a label and its value («Kỳ thống kê . Tháng 12/2018») such a mark hides the pair from
    extraction. A line of marks only (nothing to measure them against) is kept."""
    out = []
    for ln in lines:
        heights = sorted(w.box[3] - w.box[1] for w in ln.words
                         if any(c.isalnum() for c in w.text))
        if not heights:
            out.append(ln)
            continue
        median = heights[len(heights) // 2]
        kept = [w for w in ln.words if not _is_border_mark(w, median)]
        out.append(Line(kept) if len(kept) != len(ln.words) else ln)
    return out


FLAT_WORD = 0.4
"""A word of two characters or more whose box is less than this share of the page's
text height is a dotted or dashed line read as letters («xxx», «1...1...»): a
detail panel's leaders between a label and its value."""
LEADER_WIDTH = 1.0
"""A flat word narrower than this many text heights is no dotted line: leaders run
between a label and its value; a badge's «%» read «%¿» in a short flat box is a sign."""
DEBRIS_CONF = 10.0
"""Below this confidence (0–100) a word of three characters or more with letters and no
digit, and marks among them or two letters only, is what Tesseract made of a row of dots
(«YYSY», «Ý.""“...» at 0 %); a word of letters alone, however garbled («tuyểên» in a
header), and signs alone («+/-» heading a change column, read «+/*» at 0 %) stay."""
DEBRIS_LONG_CONF = 50.0
DEBRIS_KINDS = 3
"""A word of at most this many distinct characters read below DEBRIS_CONF (0–100) and
five characters or more long, or below DEBRIS_LONG_CONF and eight or more long
(«9999999999998», «ÔÔÔÔÔỐÔÔ-Ô», «6999919919» at 30 %), is a row of dots read as one
glyph again and again, not a figure or a word (a figure of so few kinds of digit,
«1.000», is shorter or read surely)."""


def _leader_debris(w: Word, text_height: float) -> bool:
    text = w.text
    if len(text) >= 2 and w.box[3] - w.box[1] < FLAT_WORD * text_height and \
            w.box[2] - w.box[0] >= LEADER_WIDTH * text_height and \
            not (any(c.isdigit() for c in text) and w.conf >= SURE_FIRST):
        # a dotted line under or between the words; a short flat word is a small sign
        # (a trend badge's «%»), a figure read surely a figure in small type
        return True
    if w.conf < DEBRIS_CONF and len(text) >= 3 and not any(c.isdigit() for c in text) and \
            any(c.isalpha() for c in text) and \
            (not all(c.isalpha() for c in text) or len(set(text)) <= 2):
        return True  # marks and letters no read believes in («YYSY», «Ý.""“...» at 0 %)
    if w.conf < DEBRIS_CONF and len(text) >= 5 and any(c.isdigit() for c in text) and \
            INNER_SIGN.search(text) and not FIGURE_LOOKS.match(text):
        # digits mixed with signs no read believes in («999%996E»); a date whose slash
        # was read as a letter («7l2018») stays
        return True
    return len(set(text)) <= DEBRIS_KINDS and (
        (w.conf < DEBRIS_CONF and len(text) >= 5) or
        (w.conf < DEBRIS_LONG_CONF and len(text) >= 8))


INNER_SIGN = re.compile(r"[^\w.,/:\-–−()](?!$)")
"""A sign inside a word that no figure, date or time holds there («%» before digits)."""
FIGURE_LOOKS = re.compile(r"^[(+\-–−]?\d[\d.,/:\s]*[%)]?$")
"""A word shaped as a figure, a date or a time («1.245», «(12)», «+5,3%», «11/2021»):
kept however poorly read (a select box's chevron makes Tesseract reject its date)."""


STRAY_CONF = 35.0
STRAY_GAP = 2.0
"""A word of three characters at most with a letter, read below STRAY_CONF (0–100), with
no word of its line within STRAY_GAP text heights on either side: what the
leaders' debris leaves beside a value («tt.», «0Ô»), not a word of a label."""


def _stray_mark(words: list[Word], k: int, text_height: float) -> bool:
    w = words[k]
    text = w.text.strip(".,:;")
    if w.conf >= STRAY_CONF or len(text) > 3 or not any(c.isalpha() for c in text):
        return False  # signs («+/-» heading a change column) and digits stay
    gap = STRAY_GAP * text_height
    left = words[k - 1].box[2] if k else None
    right = words[k + 1].box[0] if k + 1 < len(words) else None
    return (left is None or w.box[0] - left > gap) and (right is None or right - w.box[2] > gap)


STRAY_RUN = 3
"""Short words read below STRAY_CONF, this many or more side by side, with no figure
among them: a dotted leader read as a run of marks («kh hg kh hh kh h6» at 0–27 %),
not a label's words (which OCR reads surely, a doubted one among them)."""


def _stray_runs(words: list[Word]) -> set[int]:
    """The indexes of ``words`` in runs of ``STRAY_RUN`` or more stray-looking words."""
    def stray(w: Word) -> bool:
        t = w.text.strip(".,:;“”\"'")
        return w.conf < STRAY_CONF and 0 < len(t) <= 3 and any(c.isalpha() for c in t) and \
            not FIGURE_LOOKS.match(w.text)

    out: set[int] = set()
    run: list[int] = []
    for k, w in enumerate([*words, None]):
        if w is not None and stray(w):
            run.append(k)
            continue
        if len(run) >= STRAY_RUN:
            out.update(run)
        run = []
    return out


def drop_leader_debris(lines: list[Line]) -> list[Line]:
    """Lines without the words Tesseract made of dotted leaders (``FLAT_WORD``,
    ``DEBRIS_KINDS``): between a label and its value they hide the pair from
    extraction, and read as digits they would be figures («9999999999998»)."""
    heights = sorted(w.box[3] - w.box[1] for ln in lines for w in ln.words
                     if sum(c.isalpha() for c in w.text) >= 2 and w.conf >= 60)
    if not heights:
        return lines
    text_height = heights[len(heights) // 2]
    out = []
    for ln in lines:
        kept = [w for w in ln.words if not _leader_debris(w, text_height)]
        runs = _stray_runs(kept)
        kept = [w for k, w in enumerate(kept)
                if k not in runs and not _stray_mark(kept, k, text_height)]
        if kept:
            out.append(Line(kept) if len(kept) != len(ln.words) else ln)
    return out


def ocr_image_lines(data: bytes, mode: Mode, page: int, reading: Reading) -> None:
    prepared = prepare(open_image(data), mode)
    reading.prepared[page] = prepared
    lines = drop_leader_debris(drop_border_marks(read_lines(prepared.image, PSM[mode])))
    if mode == "screen":
        lines = fill_table_holes(prepared, lines, reading)
    confs = reread_numbers(prepared, lines, page, reading)
    for li, line in enumerate(lines):
        tokens = [Token(*confs.get((li, wi), (w.text, w.conf)), prepared.to_original(w.box))
                  for wi, w in enumerate(line.words)]
        reading.ocr_confidences.extend(w.conf for w in line.words)
        reading.lines.append(TextLine(tokens, page, "ocr"))


BLOCK_REGIONS = 3
"""Bands of figure rows with holes read again in block mode, at most, per image."""
BLOCK_MIN_ROWS = 3
"""A band of fewer figure rows is no table whose grid can show a hole."""
BLOCK_COLUMN_ROWS = 2
"""A column is one when at least this many of its band's rows have a figure in it."""
BLOCK_ROW_GAP = 10
"""Text heights between two figure rows of one band, at most: rows whose cells were
all lost lie between (a dark table read sparsely may keep only its labels there)."""
BLOCK_MIN_CONF = 60.0
"""A figure the block read found in a hole must be read at least this surely: below
it the ink there is a border, an icon or a stain, not a cell's figure."""
BLOCK_PSM = 6
"""A uniform block of text: reads a table's grid cell by cell where the sparse-text
read (PSM 11) loses cells of a dark or narrow table."""

Box4 = tuple[int, int, int, int]


def _figure(text: str) -> bool:
    t = text.strip()
    return bool(NUMBER_WORD.match(t) or DECIMAL_WORD.match(t))


def _rows_of(words: list[Word]) -> list[list[Word]]:
    """Words whose boxes overlap vertically by half the smaller height, as rows, top
    down."""
    rows: list[tuple[list[Word], list[int]]] = []
    for w in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        h = w.box[3] - w.box[1]
        for ws, band in reversed(rows[-4:]):
            ov = min(w.box[3], band[1]) - max(w.box[1], band[0])
            if ov >= 0.5 * min(h, band[1] - band[0]):
                ws.append(w)
                band[0], band[1] = min(band[0], w.box[1]), max(band[1], w.box[3])
                break
        else:
            rows.append(([w], [w.box[1], w.box[3]]))
    return [ws for ws, _b in rows]


def _lettered(w: Word) -> bool:
    return sum(c.isalpha() for c in w.text) >= 2


def _columns(rows: list[list[Word]]) -> list[tuple[int, int]]:
    """The x spans of a band's figure columns: figures whose boxes overlap
    horizontally, merged; a span only when BLOCK_COLUMN_ROWS of the rows fill it. A
    span one row fills is a column too when that row has figures in two columns or
    more and no word of the band's lies over it: a column whose cells the page read
    lost but the total row's («Toàn trình» with only «27» read)."""
    spans: list[list[int]] = []  # [x0, x1, rows]
    spans_of: list[set[int]] = []  # each row's spans
    for row in rows:
        seen: set[int] = set()
        for w in sorted((w for w in row if _figure(w.text)), key=lambda w: w.box[0]):
            for k, sp in enumerate(spans):
                if min(sp[1], w.box[2]) > max(sp[0], w.box[0]):
                    sp[0], sp[1] = min(sp[0], w.box[0]), max(sp[1], w.box[2])
                    if k not in seen:
                        sp[2] += 1
                        seen.add(k)
                    break
            else:
                spans.append([w.box[0], w.box[2], 1])
                seen.add(len(spans) - 1)
        spans_of.append(seen)
    filled = {k for k, sp in enumerate(spans) if sp[2] >= BLOCK_COLUMN_ROWS}
    lettered = [w for row in rows for w in row if _lettered(w)]

    def lone(k: int) -> bool:
        sp = spans[k]
        return any(k in seen and len(seen & filled) >= 2 for seen in spans_of) and \
            not any(min(sp[1], w.box[2]) > max(sp[0], w.box[0]) for w in lettered)

    return sorted((sp[0], sp[1]) for k, sp in enumerate(spans)
                  if k in filled or (sp[2] == 1 and lone(k)))


UNREAD_CONF = 50.0
"""A word the page read gives below this confidence (0–100) that is no figure is ink it
could not make out: in a figure column's cell («Mẫn beiy/» where «7.137» stands against
the cell's border, «^¬a» for «538») it leaves the cell a hole to read again."""


def _unread(w: Word) -> bool:
    return w.conf < UNREAD_CONF and not _figure(w.text)


def _holes(rows: list[list[Word]], columns: list[tuple[int, int]]
           ) -> list[tuple[int, int, int, int]]:
    """Cells of a band (column x span, row y span) no word of the page read touches
    but words it could not make out (``_unread``)."""
    out = []
    for row in rows:
        y0, y1 = min(w.box[1] for w in row), max(w.box[3] for w in row)
        for x0, x1 in columns:
            if not any(min(x1, w.box[2]) > max(x0, w.box[0]) for w in row if not _unread(w)):
                out.append((x0, y0, x1, y1))
    return out


def _header_holes(rows: list[list[Word]], band: list[list[Word]],
                  cols: list[tuple[int, int]], h: int) -> list[Box4]:
    """Where the header row right above a band (words with letters, its bottom within
    three text heights of the band's top) has no word over a column: from the column
    before's right edge to a text height past this column's right edge (a header is
    centred over its cell, its figures right-aligned), the header row's height."""
    top = min(w.box[1] for r in band for w in r)
    above = [r for r in rows if max(w.box[3] for w in r) <= top and
             max(w.box[3] for w in r) > top - 3 * h and
             any(sum(c.isalpha() for c in w.text) >= 2 for w in r)]
    if not above:
        return []
    row = above[-1]
    y0, y1 = min(w.box[1] for w in row), max(w.box[3] for w in row)
    out = []
    for k, (_x0, x1) in enumerate(cols):
        left = cols[k - 1][1] if k else cols[0][0] - 2 * h
        if not any(min(x1, w.box[2]) > max(left, w.box[0]) for w in row):
            out.append((left, y0, x1 + h, y1))
    return out


LOST_ROW_STEP = 3.0
"""Text heights between a body row whose figures the page read lost and the band's
row next to it, at most (a wrapped label's lines, a row's padding)."""


def _label_left(figure_rows: list[list[Word]]) -> float | None:
    """Where the band's row labels start: the median left edge of the figure rows'
    first word with letters."""
    lefts = sorted(min(w.box[0] for w in r if _lettered(w))
                   for r in figure_rows if any(_lettered(w) for w in r))
    return lefts[len(lefts) // 2] if lefts else None


def _lost_row(row: list[Word], cols: list[tuple[int, int]], left: float, h: int) -> bool:
    """Whether a row next to a band is one of its body rows whose figures the page read
    lost (all or some): its words with letters start at the band's row labels' left
    edge and end before the first figure column right of them (a header row spans the
    figure columns; a note under the table runs across them), and each of its figures
    stands in one of the band's columns."""
    lettered = [w for w in row if _lettered(w)]
    if not lettered or abs(min(w.box[0] for w in lettered) - left) > h:
        return False
    limit = min((x0 for x0, _x1 in cols if x0 > left), default=None)
    if limit is None or any(w.box[2] > limit for w in lettered):
        return False
    return all(any(min(x1, w.box[2]) > max(x0, w.box[0]) for x0, x1 in cols)
               for w in row if _figure(w.text))


def _add_lost_rows(rows: list[list[Word]], band: list[list[Word]],
                   figure_rows: list[list[Word]], cols: list[tuple[int, int]], h: int) -> None:
    """The body rows right above and right below the band whose figures the page read
    lost (``_lost_row``: «Y tế» with nothing beside it, «Xuất bản» with one figure of
    four), added to it in place, with the figure-only lines of their wrapped labels
    («Phát thanh, truyền hình và thông tin» / «10» / «điện tử»). Words left of the
    table (a side menu's items beside its rows) are left out of the rows looked at."""
    left = _label_left(figure_rows)
    if left is None:
        return
    xmin = min(left, cols[0][0]) - h
    inside = [kept for r in rows if (kept := [w for w in r if w.box[2] >= xmin])]
    at = [k for k, r in enumerate(inside) if any(w in r for w in (*band[0], *band[-1]))]
    if not at:
        return
    top, bottom = at[0], at[-1]

    def walk(order: list[list[Word]], edge: int, upward: bool) -> list[list[Word]]:
        found: list[list[Word]] = []
        pending: list[list[Word]] = []  # figure-only lines, kept when a label follows
        for r in order:
            near = max(w.box[3] for w in r) if upward else min(w.box[1] for w in r)
            if abs(edge - near) > LOST_ROW_STEP * h:
                break
            if all(_figure(w.text) for w in r) and all(
                    any(min(x1, w.box[2]) > max(x0, w.box[0]) for x0, x1 in cols) for w in r):
                pending.append(r)
            elif _lost_row(r, cols, left, h):
                found += [*pending, r]
                pending = []
            else:
                break
            edge = min(w.box[1] for w in r) if upward else max(w.box[3] for w in r)
        return found

    up = walk(inside[:top][::-1], min(w.box[1] for w in inside[top]), True)
    down = walk(inside[bottom + 1:], max(w.box[3] for w in inside[bottom]), False)
    band[:0] = up[::-1]
    band += down


Holes = tuple[Box4, list[Box4], list[Box4]]
"""A band's region, its body's holes (figures only) and its header row's holes."""


def _hole_bands(lines: list[Line]) -> list[Holes]:
    """Bands of consecutive rows with figures (a table's body, as the page read gave
    it) whose columns miss cells in some rows: (region, holes, header holes), in
    prepared pixels. Rows between two figure rows of the band (a row whose cells were
    all lost, only its label read) belong to it too; the header row right above it
    is read with it, and where it has no word over a column, that is a hole too."""
    words = [w for ln in lines for w in ln.words]
    if not words:
        return []
    rows = _rows_of(words)
    heights = sorted(w.box[3] - w.box[1] for w in words if _figure(w.text))
    if not heights:
        return []
    h = heights[len(heights) // 2]
    out: list[Holes] = []
    band: list[list[Word]] = []

    def close() -> None:
        # trailing label-only rows are no part of the table's body
        while band and sum(_figure(w.text) for w in band[-1]) < 2:
            band.pop()
        figure_rows = [r for r in band if sum(_figure(w.text) for w in r) >= 2]
        if len(figure_rows) >= BLOCK_MIN_ROWS:
            cols = _columns(band)
            if len(cols) >= 2:
                _add_lost_rows(rows, band, figure_rows, cols, h)
                holes = _holes(band, cols)
                heads = _header_holes(rows, band, cols, h)
                if holes or heads:
                    y0 = min([w.box[1] for r in band for w in r] + [y for _a, y, _b, _c in heads])
                    y1 = max(w.box[3] for r in band for w in r)
                    region = (cols[0][0] - 2 * h, y0 - h, cols[-1][1] + 2 * h, y1 + h)
                    out.append((region, holes, heads))
        band.clear()

    last_y = None
    for row in rows:
        y = min(w.box[1] for w in row)
        figures = sum(_figure(w.text) for w in row)
        if band and last_y is not None and y - last_y > BLOCK_ROW_GAP * h:
            close()
        if figures >= 2 or band:
            band.append(row)
            if figures >= 2:
                last_y = max(w.box[3] for w in row)
    close()
    return out + _value_bands(rows, h)


def _label_value(row: list[Word]) -> tuple[float, Word] | None:
    """A row of a one-column table: words with letters, then its one figure right of
    them (its labels' left edge, the figure)."""
    figures = [w for w in row if _figure(w.text)]
    lettered = [w for w in row if _lettered(w)]
    if len(figures) != 1 or not lettered or max(w.box[2] for w in lettered) > figures[0].box[0]:
        return None
    return min(w.box[0] for w in lettered), figures[0]


def _value_bands(rows: list[list[Word]], h: int) -> list[Holes]:
    """Bands of a one-column table («Cán bộ | 8», «Công chức | 261», «Cộng | 324»): at
    least BLOCK_MIN_ROWS consecutive rows of a label and one figure, labels starting
    at one left edge and figures ending at one right edge, with the body rows next to
    them whose figure the page read lost (``_add_lost_rows``: a lone one-digit figure
    sparse text drops). Regions and holes as ``_hole_bands``' (no header holes: such a
    table's header names no figure column)."""
    out: list[Holes] = []
    run: list[tuple[list[Word], float, Word]] = []

    def close() -> None:
        if len(run) >= BLOCK_MIN_ROWS:
            band = [r for r, _l, _f in run]
            col = (min(f.box[0] for _r, _l, f in run), max(f.box[2] for _r, _l, f in run))
            _add_lost_rows(rows, band, list(band), [col], h)
            holes = _holes(band, [col])
            if holes:
                y0 = min(w.box[1] for r in band for w in r)
                y1 = max(w.box[3] for r in band for w in r)
                out.append(((col[0] - 2 * h, y0 - h, col[1] + 2 * h, y1 + h), holes, []))
        run.clear()

    for row in rows:
        lv = _label_value(row)
        if lv is not None and run:
            _r, left, fig = run[-1]
            if abs(lv[0] - left) > h or abs(lv[1].box[2] - fig.box[2]) > h or \
                    min(w.box[1] for w in row) - max(w.box[3] for w in _r) > LOST_ROW_STEP * h:
                close()
        if lv is None:
            close()
        else:
            run.append((row, *lv))
    close()
    return out


HOLE_INK = 0.02
"""Share of a hole's pixels that must be ink (darker than mid-grey, cell borders left
out) for it to be a cell with a figure the page read missed, not an empty cell."""


def _inked(prep: Prepared, box: Box4) -> bool:
    """Whether a hole of the prepared image holds ink: a blank cell (a table's empty or
    optional column) is not read again. Columns inked over most of the box's height
    are a cell border, not a figure."""
    x0, y0 = max(0, box[0]), max(0, box[1])
    x1, y1 = min(prep.image.width, box[2]), min(prep.image.height, box[3])
    if x1 - x0 < 2 or y1 - y0 < 2:
        return False
    ink = prep.image.crop((x0, y0, x1, y1)).convert("L").point(lambda v: 255 if v < 128 else 0)
    profile = ink.resize((ink.width, 1), Image.Resampling.BOX)
    for x in range(ink.width):
        if float(profile.getpixel((x, 0)) or 0) > 0.8 * 255:  # type: ignore[arg-type]
            ink.paste(0, (x, 0, x + 1, ink.height))
    share = float(ink.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0)) or 0) / 255  # type: ignore[arg-type]
    return share >= HOLE_INK


def fill_table_holes(prep: Prepared, lines: list[Line], reading: Reading) -> list[Line]:
    """The page read's lines with the figures a block-mode read finds in its tables'
    holes. Sparse-text OCR (PSM 11) drops cells of some tables (a dark theme in a narrow
    font loses half of them); each band of figure rows whose columns miss cells in some
    rows (``_hole_bands``) is read again as one block (PSM 6), one call per band, at most
    BLOCK_REGIONS. Only figures that fall in a hole, overlap no word the page read has
    and are read at least BLOCK_MIN_CONF are added, each with its own confidence; they
    are then read twice like the page's own figures (``reread_numbers``)."""
    bands = [(region, holes, heads) for region, holes, heads in _hole_bands(lines)
             if any(_inked(prep, hole) for hole in holes)][:BLOCK_REGIONS]
    if not bands:
        return lines
    def in_hole(box: Box4 | tuple[float, float, float, float]) -> bool:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return any(hx0 <= cx <= hx1 and hy0 <= cy <= hy1
                   for _r, holes, _h in bands for hx0, hy0, hx1, hy1 in holes)

    # words the page read could not make out in a hole give way to a figure found there
    unread = [w.box for ln in lines for w in ln.words if _unread(w) and in_hole(w.box)]
    taken = [w.box for ln in lines for w in ln.words if w.box not in unread]
    added: list[Line] = []
    for (x0, y0, x1, y1), holes, heads in bands:
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(prep.image.width, x1), min(prep.image.height, y1)
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        try:
            again = drop_border_marks(read_lines(prep.image.crop((x0, y0, x1, y1)), BLOCK_PSM))
        except OcrFailed as exc:
            log.warning("table not read again in block mode: %s", exc)
            reading.engine_failed = True
            return lines + added
        for ln in again:
            found = []
            worded = False  # the word before, in this line, was a header's word merged
            for w in ln.words:
                box = (w.box[0] + x0, w.box[1] + y0, w.box[2] + x0, w.box[3] + y0)
                cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
                ok = w.conf >= BLOCK_MIN_CONF and not any(
                    min(box[2], b[2]) > max(box[0], b[0]) and
                    min(box[3], b[3]) > max(box[1], b[1]) for b in taken)
                in_head = any(hx0 <= cx <= hx1 and hy0 <= cy <= hy1
                              for hx0, hy0, hx1, hy1 in heads)
                if ok and _figure(w.text) and not in_head:
                    ok = any(hx0 <= cx <= hx1 and hy0 <= cy <= hy1
                             for hx0, hy0, hx1, hy1 in holes)
                elif ok:
                    # a header's words, and a figure only after one («Mức 3»): a lone
                    # figure there is a row's number, not a header
                    ok = in_head and (any(c.isalpha() for c in w.text) or worded)
                worded = ok and in_head
                if not ok:
                    continue
                found.append(Word(w.text, w.conf, box))
                taken.append(box)
            if found:
                added.append(Line(found))
    if added:
        log.info("block read: %d words added in table holes",
                 sum(len(ln.words) for ln in added))
    found_boxes = [w.box for ln in added for w in ln.words]
    gone = {b for b in unread if any(min(b[2], f[2]) > max(b[0], f[0]) and
                                     min(b[3], f[3]) > max(b[1], f[1]) for f in found_boxes)}
    if gone:
        lines = [Line(kept) for ln in lines
                 if (kept := [w for w in ln.words if w.box not in gone])]
    return lines + added


NUMBER_WORD = re.compile(r"^[(\[]?[-+]?\d{1,3}(?:[.,]\d{3})+[)\]:;]?$|^[(\[]?[-+]?\d+[)\]:;]?$")
"""A whole number as the page read gives it (thousands separators allowed): the words
extraction turns into counts and amounts."""
DECIMAL_WORD = re.compile(r"^\d{1,3}[.,]\d{1,2}%?$")
"""A per cent or ratio as a table's last columns give it («96,11», «98.92»): read twice
too, or a misread ratio («86,11» for 96,11) fails the row's a/b check and takes every
figure of the total row to review."""
GARBLED_WORD = re.compile(r"^(?=.*\d)(?=.*[oOlI|])[\doOlI|]{2,7}$")
"""A number the page read spelled with one letter a digit resembles («4o», «1l5»): a
table cell the extraction cannot parse, so its column's total goes unchecked."""
MALFORMED_WORD = re.compile(r"^\d{1,3}(?:[.,]\d{2,4})+$")
"""Digits grouped as no number is («13.2053», «8.0300.933»): a big bold figure whose
stroke the page read took for one more digit; the digits-only reads may give the
figure («13.203»), kept below review since the page read disagreed."""
MAX_REREAD_WORDS = 150
"""The page's least sure numbers read again, at most this many (a long table's cells)."""
REREAD_BATCH = 16
"""Crops per digits-only call: a strip Tesseract rejects is read crop by crop, so the
batch bounds what that costs."""
SURE_RAW = 95.0
"""Tesseract's word confidence from which a number's digits are as sure as it says;
below it the raw figure overstates them (a small bold 893 in a JPEG read 895 at 80, and
read the same by the digits-only pass: two reads of the same pixels err alike)."""
BELOW_SURE_SLOPE = 0.5
"""Calibrated confidence lost per point of raw confidence below SURE_RAW."""
AGREE_BONUS = 0.2
"""Share of the remaining doubt an agreeing second read removes: modest, since it reads
the same pixels with the same model."""
AGREE_CAP = 97.0
"""Two agreeing reads are worth at most what an arithmetic check is (CHECKED_OCR)."""
DISAGREE_CONF = 60.0
"""A number the two reads give differently: below review, whichever is kept, unless the
page's arithmetic (a total equal to its rows) confirms it."""
UNSURE_SECOND = 30.0
SURE_FIRST = 80.0
"""A digits-only read below UNSURE_SECOND (0–100) does not outvote a page read of at
least SURE_FIRST: a scan's clear «22» is not dragged below review by a second read
Tesseract gave 0 to. Against a weak page read it still counts (both are doubtful, and
the page's arithmetic may confirm the second)."""
THIRD_BELOW = 90.0
"""A number whose two reads leave it below this (0–100) is read a third time: few are
(a page's figures are mostly read alike and surely twice), so the third read is cheap."""
THIRD_HEIGHT = 40
"""Digit height (px) of the third read's binarized crop. On the development screens of
seeds 303, 404 and 808 (702 number words; right = the digits stand in the page's HTML),
binarized 40 px reads at ≥ 90 % were wrong once in 640, grey 30 px reads five times in
641; a majority of the three reads fixed 7 disagreements, broke none."""
SURE_THIRD = 90.0
"""Second and third reads at least this sure, agreeing with the page read: three
reads alike, the figure's digits are right."""


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def calibrated(raw: float) -> float:
    """A number word's Tesseract confidence (0–100) as the chance its digits are right:
    the raw figure from SURE_RAW up, lowered below it."""
    return round(max(0.0, raw - max(0.0, SURE_RAW - raw) * BELOW_SURE_SLOPE), 1)


def agreed_confidence(first: float, second: float) -> float:
    """Word confidence (0–100) of a number two reads gave alike: the less sure read,
    calibrated, with AGREE_BONUS of its remaining doubt removed; never below the page
    read's calibrated confidence nor above what an arithmetic check gives. Two weak
    reads that agree stay weak: the same pixels mislead both alike."""
    lo = calibrated(min(first, second))
    return round(max(calibrated(first), min(AGREE_CAP, lo + (100 - lo) * AGREE_BONUS)), 1)


def reread_numbers(prep: Prepared, lines: list[Line], page: int, reading: Reading
                   ) -> dict[tuple[int, int], tuple[str, float]]:
    """Every whole number the page read gave read again, digits only, before extraction:
    (line, word) → (text, calibrated confidence) for the words read twice. Agreeing
    reads raise the word's confidence (``agreed_confidence``); disagreeing ones keep the
    surer text with a confidence below review, and the word is remembered in
    ``reading.reread`` so the fact built on it says why. Numbers the two reads leave in
    doubt are read a third time from black-and-white pixels (``third_read``). Extraction
    then sees corrected digits, so a table's rows and total are checked against each
    other as read several times."""
    words = [(w.conf, li, wi, w) for li, ln in enumerate(lines)
             for wi, w in enumerate(ln.words) if _reread_word(w.text.strip())]
    words.sort(key=lambda x: x[0])
    words = words[:MAX_REREAD_WORDS]
    if not words:
        return {}
    boxes = [_word_box(prep, w) for _c, _li, _wi, w in words]
    crops = [_digit_crop(prep, box, w.box[3] - w.box[1])
             for box, (_c, _li, _wi, w) in zip(boxes, words, strict=True)]
    try:
        reads = _read_batches(crops)
    except OcrFailed as exc:
        log.warning("numbers not read again: %s", exc)
        reading.engine_failed = True
        return {}
    out: dict[tuple[int, int], tuple[str, float]] = {}
    doubtful: list[int] = []
    for n, ((conf, li, wi, w), again) in enumerate(zip(words, reads, strict=True)):
        if again is None or not _digits(again[0]) or (
                float(again[1]) < UNSURE_SECOND and conf >= SURE_FIRST):
            continue  # no second read: a garbled one does not outvote a sure page read
        text, second = _shaped(again[0], w.text), float(again[1])
        orig = prep.to_original(w.box)
        reading.readings[orig] = [w.text, text]
        if _digits(text) == _digits(w.text):
            out[(li, wi)] = (w.text, agreed_confidence(conf, second))
            reading.reread[orig] = ""
        else:
            kept = text if second >= conf - 5 and _placed(text, w.text) else w.text
            out[(li, wi)] = (kept, min(calibrated(conf), calibrated(second), DISAGREE_CONF))
            other = w.text if kept == text else text
            reading.reread[orig] = other
        if out[(li, wi)][1] < THIRD_BELOW:
            doubtful.append(n)
    if doubtful:
        third_read(prep, [(words[n][3], boxes[n], words[n][1:3], reads[n]) for n in doubtful],
                   out, reading)
    return out


Doubtful = tuple[Word, tuple[int, int, int, int], tuple[int, int], tuple[str, float] | None]
"""A number read twice: its word, its box in the prepared image, (line, word), the
second read."""


def third_read(prep: Prepared, doubtful: list[Doubtful],
               out: dict[tuple[int, int], tuple[str, float]], reading: Reading) -> None:
    """The numbers the page read and the grey digits-only read left in doubt, read a
    third time: digits only, from the crop binarized (Otsu) and scaled to THIRD_HEIGHT,
    so its errors are not those of the grey pixels at 30 px (a big bold tile figure the
    page read gives 44 %, a «1726» both grey reads took for «1728»).

    * The page read and the second agreed: a sure third read that agrees too makes three
      reads alike, two of them sure (the figure's digits are right: its confidence is
      the surer reads' own, calibrated); a fairly sure third read (≥ SURE_FIRST) that
      gives another number contests them (below review, and the fact says what it read).
    * They disagreed: a third read that agrees with the digits-only read makes it the
      text extraction sees (so a table's rows can add up to their total), the confidence
      staying below review; one that agrees with the page read changes nothing (the
      binarized pixels share the page read's errors: a narrow bold 5 read 9 by both).
    """
    crops = [binarize(_digit_crop(prep, box, w.box[3] - w.box[1], THIRD_HEIGHT))
             for w, box, _key, _second in doubtful]
    try:
        thirds = _read_batches(crops)
    except OcrFailed as exc:
        log.warning("numbers not read a third time: %s", exc)
        reading.engine_failed = True
        return
    for (w, _box, key, second), third in zip(doubtful, thirds, strict=True):
        if third is None or second is None or not _digits(third[0]) or \
                float(third[1]) < UNSURE_SECOND:
            continue  # no third read: the two reads stand as they are
        page_text = w.text
        orig = prep.to_original(w.box)
        kept, conf = out[key]
        t_digits, t_conf = _digits(third[0]), float(third[1])
        third = (_shaped(third[0], page_text), t_conf)
        reading.readings.setdefault(orig, [page_text]).append(third[0])
        if not reading.reread.get(orig):  # the first two reads agreed
            if t_digits == _digits(page_text):
                if t_conf >= SURE_THIRD and float(second[1]) >= SURE_THIRD:
                    sure = calibrated(min(float(second[1]), t_conf, AGREE_CAP))
                    out[key] = (kept, round(max(conf, sure), 1))
            elif t_conf >= SURE_FIRST and _malformed(kept) and NUMBER_WORD.match(third[0]):
                # two reads of digits grouped as no number is, a third that is one: the
                # number extraction can use, still below review
                out[key] = (third[0], min(conf, DISAGREE_CONF))
                reading.reread[orig] = kept
            elif t_conf >= SURE_FIRST:
                out[key] = (kept, min(conf, DISAGREE_CONF))
                reading.reread[orig] = third[0]
            continue
        # the first two disagreed: a third read alike one of them chooses it
        other = reading.reread[orig]
        if t_digits == _digits(kept):
            continue
        # only towards the digits-only read: the binarized third read shares the page
        # read's errors (a narrow bold 5 read 9 by both), so agreeing with it is no news
        if t_digits == _digits(other) and _placed(other, page_text) and \
                t_digits != _digits(page_text):
            out[key] = (other, conf)
            reading.reread[orig] = kept


def _reread_word(text: str) -> bool:
    """Whether a page word is a figure to read again: a whole number, a per cent, digits
    grouped as no number is, or a number spelled with one look-alike letter."""
    return bool(NUMBER_WORD.match(text) or DECIMAL_WORD.match(text) or _malformed(text) or
                (GARBLED_WORD.match(text) and sum(not c.isdigit() for c in text) == 1))


def _malformed(text: str) -> bool:
    """Digits grouped as no number is (``MALFORMED_WORD``), not a number nor a per cent."""
    return bool(MALFORMED_WORD.match(text)) and not NUMBER_WORD.match(text) and \
        not DECIMAL_WORD.match(text)


def _shaped(read: str, page_text: str) -> str:
    """A digits-only read written as the page word is: a per cent keeps its decimal
    separator where the page read put it («9611» for «86,11» → «96,11»); a read with
    another number of digits than the per cent cannot be placed and is returned as is
    (it then differs from the page read, and that read is kept)."""
    if not DECIMAL_WORD.match(page_text.strip()):
        return read
    page = page_text.strip()
    digits = _digits(read)
    if len(digits) != len(_digits(page)):
        return read
    it = iter(digits)
    return "".join(next(it) if c.isdigit() else c for c in page)


def _placed(read: str, page_text: str) -> bool:
    """Whether a read can stand for the page word: a per cent's read must be one too."""
    return not DECIMAL_WORD.match(page_text.strip()) or bool(DECIMAL_WORD.match(read))


def _word_box(prep: Prepared, w: Word) -> tuple[int, int, int, int]:
    """A word's box in the prepared image with a margin of 4 original pixels."""
    x0, y0, x1, y1 = w.box
    pad = 4 * prep.scale
    return (int(x0 - pad), int(y0 - pad), int(x1 + pad), int(y1 + pad))


def _read_batches(crops: list[Image.Image]) -> list[tuple[str, float] | None]:
    reads: list[tuple[str, float] | None] = []
    for k in range(0, len(crops), REREAD_BATCH):
        reads += read_digits(crops[k:k + REREAD_BATCH])
    return reads


def _digit_crop(prep: Prepared, box: tuple[int, int, int, int], text_height: float,
                height: float = DIGIT_HEIGHT) -> Image.Image:
    """A box of the prepared image scaled so its digits are about 30 px high, the size
    Tesseract reads best, whatever size the screen drew them."""
    # stretched to black on white: a tile's or cell's own shade would otherwise skew
    # Tesseract's single threshold for the whole strip of crops
    crop = ImageOps.autocontrast(prep.image.crop(box).convert("L"), cutoff=1)
    factor = height / max(1.0, text_height)
    return ImageOps.expand(crop.resize((max(1, int(crop.width * factor)),
                                        max(1, int(crop.height * factor))),
                                       Image.Resampling.LANCZOS), border=10, fill=255)


def _whole_number(read: tuple[str, float] | None) -> tuple[int, str, float] | None:
    """(value, text, confidence 0–1) for a digits-only reading that is a whole number."""
    from kiemchung.core.text import NumberFormatError, parse_number

    if read is None:
        return None
    try:
        value = parse_number(read[0], integer_expected=True)
    except NumberFormatError:
        return None
    if value is None or value != int(value):
        return None
    return int(value), read[0], read[1] / 100


LOOK_LABEL_CONF = 50.0
"""Below this mean Tesseract confidence of its lettered words, a label is no label to
look for a value beside: a garbled table cell read as «BÀI)» at 31 % is no caption."""


def _poorly_read(line: TextLine) -> bool:
    confs = [t.conf for t in line.tokens
             if t.conf is not None and any(c.isalpha() for c in t.text)]
    return bool(confs) and sum(confs) / len(confs) < LOOK_LABEL_CONF


def second_pass(facts: list[FactReport], reading: Reading) -> list[FactReport]:
    """Digits-only second reads, all in one Tesseract call per document:

    * doubtful OCR'd counts and amounts (confidence < 0.85): their box re-read; the
      digits-only reading wins when it parses and Tesseract is at least as sure;
    * labels whose value the page read missed: the rest of their table row (the value
      cell to the right, cell borders masked out) read as a number.
    """
    from verifiers.extract.facts import labels_without_value

    crops: list[Image.Image] = []
    redo: list[tuple[int, int]] = []  # (fact index, crop index)
    looks: dict[int, tuple[Prepared, tuple[int, int, int, int], float]] = {}
    """Crop index → (image, box, text height) of a value looked for again, for the
    black-and-white read when the grey one fails (``_looked_again``)."""
    for i, f in enumerate(facts):
        prep = reading.prepared.get(f.page or 0)
        # every figure a fact rests on is read twice (the digits-only read is cheap, all
        # crops go to one call): a misread digit read with confidence rarely repeats;
        # checked values (a total that adds up, a ratio that matches) need no second read
        checked = bool((f.source or {}).get("check"))
        if f.method != "ocr" or prep is None or f.bbox is None or \
                not isinstance(f.value, int) or f.name == "list_total":
            continue
        twice = reading.reread.get(f.bbox)
        if twice is not None:
            # read twice already, before extraction: say so where the reads differed
            if twice and not checked:
                src = dict(f.source or {})
                src.setdefault("doubts", []).append(f"a second read gave {twice}")
                facts[i] = replace(f, source=src)
            continue
        if checked and (f.confidence or 0) >= SECOND_PASS_BELOW:
            continue
        redo.append((i, len(crops)))
        crops.append(_digit_crop(prep, _fact_box(prep, f.bbox),
                                 (f.bbox[3] - f.bbox[1]) * prep.scale))
    found: list[tuple[str, str, int, tuple[int, int, int, int], Prepared, int]] = []
    looked: set[str] = set()
    unsure: set[int] = set()
    """Crop indexes of figures looked for under a caption whose unit could not be read."""
    missing = labels_without_value(reading.lines, facts, reading.rules)
    captions = {(ln.page, box) for _f, ln, box in labels_without_value(
        reading.lines, facts, reading.rules, outside_tables=True)} if missing else set()
    for fact_name, line, (x0, y0, x1, y1) in missing:
        prep = reading.prepared.get(line.page)
        if prep is None or fact_name in looked or _poorly_read(line):
            continue
        s, o = prep.scale, prep.offset
        h = (y1 - y0) * s
        cell = None
        if not _words_in(reading, line.page, (x1, y0, float("inf"), y1), letters_only=True):
            # nothing else read to its right: a table row's value cell
            row = (int(x1 * s + o + h), int(y0 * s + o - h * 0.15), prep.image.width,
                   int(y1 * s + o + h * 0.15))
            cell = _ink_box(prep, row) if row[2] - row[0] >= h else None
        if cell is None:
            # a dashboard tile: the big number above the label, which the page read
            # missed or garbled (dark themes at low JPEG quality)
            above = (x0 - (x1 - x0) * 0.25, y0 - (y1 - y0) * 3.2, x1 + (x1 - x0) * 0.25,
                     y0 - (y1 - y0) * 0.2)
            if not _words_in(reading, line.page, above, letters_only=True):
                band = (max(0, int(above[0] * s + o)), max(0, int(above[1] * s + o)),
                        min(prep.image.width, int(above[2] * s + o)), int(above[3] * s + o))
                cell = _ink_box(prep, band) if band[3] - band[1] >= h else None
                if cell is None and band[3] - band[1] >= h:
                    # a card's icon beside its figure, cut by the wide band's edge: the
                    # band over the label itself, a line height to each side
                    narrow = (max(0, int((x0 - (y1 - y0)) * s + o)), band[1],
                              min(prep.image.width, int((x1 + (y1 - y0)) * s + o)), band[3])
                    cell = _ink_box(prep, narrow) if narrow[2] - narrow[0] >= h else None
        if cell is None and (line.page, (x0, y0, x1, y1)) in captions:
            # a card whose caption stands over its big figure (a unit in small type
            # after it, a trend badge under it): the figure under the caption (under
            # a table's header stands a row's cell)
            below = _figure_below(reading, prep, line.page, (x0, y0, x1, y1))
            count = True if below is None or below[1] is None else \
                _unit_says_count(prep, below[1])
            if below is not None and count is not False:
                cell = below[0]
                if count is None:
                    unsure.add(len(crops))  # a unit we cannot read: a scale, a share?
        if cell is not None:
            looked.add(fact_name)
            found.append((fact_name, line.text, line.page, cell, prep, len(crops)))
            ink = cell[3] - cell[1] - 2 * max(4, (cell[3] - cell[1]) // 5)
            looks[len(crops)] = (prep, cell, ink * 1.25)
            crops.append(_digit_crop(prep, cell, ink * 1.25))
    from verifiers.extract.facts import totals_without_value

    holes: list[tuple[str, str, int, tuple[int, int, int, int], Prepared, int, list[int]]] = []
    for fact_name, label, page, boxes, rows_sum in \
            totals_without_value(reading.lines, facts, reading.rules):
        prep = reading.prepared.get(page)
        if prep is None or fact_name in looked or len(boxes) > MAX_EMPTY_CELLS:
            continue
        s, o = prep.scale, prep.offset
        cells: list[tuple[int, int, int, int]] = []
        for x0, y0, x1, y1 in boxes:
            h = (y1 - y0) * s
            band = (max(0, int(x0 * s + o)), max(0, int(y0 * s + o - h * 0.4)),
                    min(prep.image.width, int(x1 * s + o)),
                    min(prep.image.height, int(y1 * s + o + h * 0.4)))
            cell = _ink_box(prep, band) if band[2] - band[0] >= h and band[3] > band[1] \
                else None
            if cell is None:
                break
            cells.append(cell)
        if len(cells) == len(boxes):
            looked.add(fact_name)
            holes.append((fact_name, label, page, cells[0], prep, rows_sum,
                          list(range(len(crops), len(crops) + len(cells)))))
            for c in cells:
                looks[len(crops)] = (prep, c, (boxes[0][3] - boxes[0][1]) * s)
                crops.append(_digit_crop(prep, c, (boxes[0][3] - boxes[0][1]) * s))
    out = settle_sums(settle_columns(list(facts), reading), reading)
    from verifiers.extract.periods import confirm_roman_quarters  # strokes counted on the image

    out = _reread_period(reading, confirm_roman_quarters(out, reading.lines, reading.prepared))
    out = resampled_check(out, reading)
    if not crops:
        return out
    try:
        reads = read_digits(crops)
    except OcrFailed as exc:
        log.warning("second pass skipped: %s", exc)
        reading.engine_failed = True
        return out
    contested = _looked_again(looks, reads, reading)
    for i, k in redo:
        f, again = out[i], _whole_number(reads[k])
        if again is not None and again[0] != f.value and (f.source or {}).get("check"):
            # the page's arithmetic holds with the page read (a total, a ratio, a
            # change between periods): a second read of the one cell does not overrule it
            src = dict(f.source or {})
            src.setdefault("doubts", []).append(f"a second read gave {again[0]}")
            out[i] = replace(f, source=src)
        elif again is not None and again[0] != f.value and \
                again[2] < (f.confidence or 0) - 0.05:
            # the page read is surer, but the second read disagrees: a person looks
            if f.certainty is not None:
                src = dict(f.source or {})
                src.setdefault("doubts", []).append(f"a second read gave {again[0]}")
                out[i] = replace(f, certainty=round(f.certainty * CHANGED_BY_REREAD, 3),
                                 source=src)
        elif again is not None and again[2] >= (f.confidence or 0) - 0.05:
            conf = round(max(again[2], f.confidence or 0), 3)
            cert = f.certainty
            if cert is not None and f.confidence:
                cert = round(min(1.0, cert / f.confidence * conf), 3)
            if again[0] != f.value and cert is not None:
                cert = round(cert * CHANGED_BY_REREAD, 3)  # two readings disagree
            out[i] = replace(f, value=again[0], raw=f"{f.raw} | {again[1]}",
                             confidence=conf, certainty=cert)
    for fact, text, page, box, prep, k in found:
        again = _whole_number(reads[k])
        if again is not None and again[2] >= LOOKED_MIN_CONFIDENCE:
            lsrc: dict[str, object] = {"kind": "line", "text": text,
                                       "layout": "value looked for again beside its label"}
            cert = round(again[2] * LOOKED_LAYOUT, 3)
            doubts = [f"a second read gave {contested[k]}"] if k in contested else []
            if k in unsure:
                doubts.append("the word after the figure could not be read")
            summed = [f for f in out if f.name == fact and (f.source or {}).get("summed")]
            if any(f.value != again[0] for f in summed):
                # the rows of a table without a total row add up to another figure
                doubts.append(f"the rows of a table add up to {summed[0].value}")
            if doubts:
                lsrc["doubts"] = doubts
                cert = round(min(cert, REREAD_UNCHECKED), 3)
            out = [f for f in out if f not in summed]  # the looked-for figure replaces it
            out.append(FactReport(fact, again[0], f"{text} | {again[1]}", page,
                                  prep.to_original(box), round(again[2], 3), "ocr", lsrc,
                                  cert))
    for fact, label, page, box, prep, rows_sum, ks in holes:
        got = [_whole_number(reads[k]) for k in ks]
        again = got[0]
        if again is None or again[2] < LOOKED_MIN_CONFIDENCE:
            continue
        # sure only when the rows add up to it: an empty cell read alone is a guess
        rows = [g[0] for g in got[1:] if g is not None and g[2] >= LOOKED_MIN_CONFIDENCE]
        adds_up = len(rows) == len(got) - 1 and again[0] == rows_sum + sum(rows)
        rows_sum += sum(rows)
        hsrc: dict[str, object] = {"kind": "cell", "row": label.rsplit(" / ", 1)[-1],
                                  "header": label.split(" / ")[:-1], "total_row": True,
                                  "layout": "total-row cell read again on its own"}
        if adds_up:
            hsrc["check"] = "total = sum of rows"
        else:
            hsrc["doubts"] = [f"rows add up to {rows_sum}",
                              *(f"a second read gave {contested[k]}" for k in ks[:1]
                                if k in contested)]
        cert = round(again[2] * LOOKED_LAYOUT, 3) if adds_up else \
            round(min(again[2], REREAD_UNCHECKED), 3)
        out.append(FactReport(fact, again[0], f"{label}: {again[1]}", page,
                              prep.to_original(box), round(again[2], 3), "ocr", hsrc, cert))
    return out


def _fact_box(prep: Prepared, bbox: tuple[float, float, float, float]
              ) -> tuple[int, int, int, int]:
    """A fact's box (original pixels) in the prepared image, 4 original pixels wider."""
    x0, y0, x1, y1 = bbox
    s, o = prep.scale, prep.offset
    pad = 4 * s
    return (int(x0 * s + o - pad), int(y0 * s + o - pad), int(x1 * s + o + pad),
            int(y1 * s + o + pad))


RESAMPLED_FACTORS = (3, 4)
"""Upscalings (from the word's pixels brought back to the page's own size) of the
resampled check read: bicubic, where the page read's image is Lanczos-scaled."""


def resampled_check(facts: list[FactReport], reading: Reading) -> list[FactReport]:
    """The sure facts whose figure the page read and the digits-only read gave alike,
    and no arithmetic checked, read once more from other pixels: the word brought back
    to the page's own size, upscaled bicubic ×3 and ×4 and binarized. Two reads of the
    same Lanczos-scaled pixels err alike (a 6 of small narrow type in a JPEG read as 8
    by both, at 95 %); reads of other pixels err otherwise. When both resampled reads
    are fairly sure and give one same other figure of as many digits, the figure is in doubt:
    below review, the fact saying what they read. A read that drops a digit (a thin
    «1» lost when binarized) contests nothing. Costs one Tesseract call per page."""
    picked: list[tuple[int, Prepared, FactReport]] = []
    facts = list(facts)
    tokens: dict[int, list[Token]] = {}  # a page's read words, gathered once
    for i, f in enumerate(facts):
        prep = reading.prepared.get(f.page or 0)
        if prep is None or f.method != "ocr" or f.bbox is None or \
                not isinstance(f.value, int) or f.needs_review or \
                (f.source or {}).get("check"):
            continue
        page = f.page or 0
        if page not in tokens:
            tokens[page] = [t for ln in reading.lines if ln.page == page for t in ln.tokens
                            if t.box is not None]
        piece = _fragment_left(tokens[page], f.bbox)
        cut = f"ink read as «{piece}» touches the figure's left: a digit may be cut off" \
            if piece is not None else _cut_off(tokens[page], prep, f.bbox)
        if cut is not None and f.certainty is not None:
            src = dict(f.source or {})
            src.setdefault("doubts", []).append(cut)
            facts[i] = replace(f, certainty=round(min(f.certainty, DISAGREE_CONF / 100), 3),
                               source=src)
            continue
        if reading.reread.get(f.bbox) == "":
            picked.append((i, prep, f))
    if not picked:
        return facts
    crops = [_resampled_crop(prep, f.bbox, k)  # type: ignore[arg-type]
             for k in RESAMPLED_FACTORS for _i, prep, f in picked]
    try:
        reads = _read_batches(crops)
    except OcrFailed as exc:
        log.warning("sure figures not read again resampled: %s", exc)
        reading.engine_failed = True
        return facts
    out = list(facts)
    n = len(picked)
    for j, (i, _prep, f) in enumerate(picked):
        other = resampled_contest(str(f.value), [reads[j + m * n]
                                                 for m in range(len(RESAMPLED_FACTORS))])
        if other is None or f.certainty is None:
            continue
        src = dict(f.source or {})
        src.setdefault("doubts", []).append(f"a read of the resampled pixels gave {other}")
        out[i] = replace(f, certainty=round(min(f.certainty, DISAGREE_CONF / 100), 3),
                         source=src)
    return out


FRAGMENT_HEIGHT = 0.6
FRAGMENT_REACH = 0.5
"""A word without digits shorter than FRAGMENT_HEIGHT of the page's text height, ending
within FRAGMENT_REACH text heights left of a figure at its height, is a piece of a glyph
the page read split off (the top of a thin «5» read «E» beside «6» for «56»): the figure
may have lost a digit."""


def _fragment_left(tokens: list[Token], box: tuple[float, float, float, float]
                   ) -> str | None:
    """The text of a glyph's fragment touching a figure's left edge (``FRAGMENT_HEIGHT``),
    if any, among the page's read words."""
    heights = sorted(t.box[3] - t.box[1] for t in tokens  # type: ignore[index]
                     if sum(c.isalpha() for c in t.text) >= 2 and (t.conf or 0) >= 60)
    if not heights:
        return None
    th = heights[len(heights) // 2]
    x0, y0, _x1, y1 = box
    for t in tokens:
        b = t.box
        assert b is not None
        if b == box or any(c.isdigit() for c in t.text) or not t.text.strip() or \
                b[3] - b[1] >= FRAGMENT_HEIGHT * th:
            continue
        if x0 - FRAGMENT_REACH * th <= b[2] <= x0 + 1 and min(b[3], y1) - max(b[1], y0) > 0:
            return t.text
    return None


CUT_REACH = 0.6
"""How far left of a figure (in its own height) unread ink is a digit or a thousands
separator the page read left out: they stand closer than that, a card's icon or a
cell's label further."""


CUT_REACH_SEPARATED = 1.4
"""How far left of a figure a digit before a thousands separator's dot may stand."""


def _cut_off(tokens: list[Token], prep: Prepared, box: tuple[float, float, float, float]
             ) -> str | None:
    """Why a figure's digits may be only part of the number drawn, if they may: its word
    (among the page's read words) ends in a separator («14.» of «14.747», the rest read
    as «7A7»), or ink no word covers touches its left («645» of a bold «17.645» whose
    «17.» went unread)."""
    own = next((t for t in tokens if t.box == box), None)
    if own is not None and own.text.strip()[-1:] in (".", ","):
        return "the figure ends in a separator: digits after it were not read"
    x0, y0, _x1, y1 = box
    h = y1 - y0
    near = (x0 - CUT_REACH * h, y0 + 0.2 * h, x0 - 1, y1)
    if any(t.box is not None and t.box[2] > near[0] and t.box[0] < near[2] and
           t.box[3] > near[1] and t.box[1] < near[3] for t in tokens if t is not own):
        return None  # a word read there: the label's, a sign's
    s, o = prep.scale, prep.offset

    def inked(x: float, top: float, bottom: float) -> bool:
        return _inked(prep, (int(x * s + o), int(top * s + o), int((x0 - 1) * s + o),
                             int(bottom * s + o)))

    upper = y1 - 0.4 * h  # above a separator's dot and a leader's dots
    # a digit touching the figure; or a dot on its baseline with a digit before it
    # (a separator: «17.» of «17.645»), where a row of dots alone is a leader
    if inked(near[0], near[1], upper) or (
            inked(near[0], upper, y1) and inked(x0 - CUT_REACH_SEPARATED * h, near[1], upper)):
        return "unread ink touches the figure's left: a digit may be cut off"
    return None


def resampled_contest(value: str, reads: list[tuple[str, float] | None]) -> str | None:
    """The figure the resampled reads give instead of ``value`` (its digits), when all
    are fairly sure (≥ SURE_FIRST), alike, and of as many digits; else None."""
    digits = _digits(value)
    got = {_digits(r[0]) for r in reads if r is not None and float(r[1]) >= SURE_FIRST}
    if len(got) != 1 or any(r is None or float(r[1]) < SURE_FIRST for r in reads):
        return None
    other = got.pop()
    if len(other) != len(digits) or other == digits:
        return None
    return other


def _resampled_crop(prep: Prepared, bbox: tuple[float, float, float, float], factor: int
                    ) -> Image.Image:
    """A word's pixels (a margin of 4 original pixels) at the page's own size, upscaled
    bicubic ``factor`` times, stretched and binarized."""
    s, o = prep.scale, prep.offset
    x0, y0, x1, y1 = bbox
    box = (int((x0 - 4) * s + o), int((y0 - 4) * s + o), int((x1 + 4) * s + o),
           int((y1 + 4) * s + o))
    crop = prep.image.crop(box).convert("L")
    small = crop.resize((max(1, round(crop.width / s)), max(1, round(crop.height / s))),
                        Image.Resampling.BOX)
    big = small.resize((small.width * factor, small.height * factor), Image.Resampling.BICUBIC)
    return ImageOps.expand(binarize(ImageOps.autocontrast(big, cutoff=1)), border=10, fill=255)


def _looked_again(looks: dict[int, tuple[Prepared, tuple[int, int, int, int], float]],
                  reads: list[tuple[str, float] | None], reading: Reading) -> dict[int, str]:
    """Values looked for again whose grey digits-only read failed (no whole number at
    LOOKED_MIN_CONFIDENCE): their crops read once more black-and-white at THIRD_HEIGHT,
    in one call. Thin or faint strokes (a light or narrow font, a big figure on a
    tinted tile) that grey reads give 0 % to come out whole once binarized. A
    binarized read that parses at LOOKED_MIN_CONFIDENCE takes the grey read's place in
    ``reads``; when the grey read gave another number at UNSURE_SECOND or more, the two
    disagree: crop index → the grey read, for the fact to stay below review."""
    failed = [k for k in sorted(looks) if (w := _whole_number(reads[k])) is None or
              w[2] < LOOKED_MIN_CONFIDENCE]
    if not failed:
        return {}
    crops = [binarize(_digit_crop(prep, box, height, THIRD_HEIGHT))
             for prep, box, height in (looks[k] for k in failed)]
    try:
        again = read_digits(crops)
    except OcrFailed as exc:
        log.warning("looked-for values not read black-and-white: %s", exc)
        reading.engine_failed = True
        return {}
    contested: dict[int, str] = {}
    for k, bw in zip(failed, again, strict=True):
        got = _whole_number(bw)
        if got is None or got[2] < LOOKED_MIN_CONFIDENCE:
            continue
        grey = _whole_number(reads[k])
        if grey is not None and grey[0] != got[0] and grey[2] * 100 >= UNSURE_SECOND:
            contested[k] = grey[1]
        reads[k] = bw
    return contested


MISMATCH = re.compile(r"^total row (\d+) != sum of rows (\d+)$")
MAX_SETTLE_CHANGES = 2
"""Row cells a settled column may read otherwise than extraction did: more would let
chance make the sum."""
MAX_SETTLE_OPTIONS = 4096


def settle_columns(facts: list[FactReport], reading: Reading) -> list[FactReport]:
    """A total row's cell whose column's rows did not add up to it («total row 9222 !=
    sum of rows 9224»): the column's cells as every read gave them (page, digits-only,
    third read). When exactly one choice among those readings, changing at most
    MAX_SETTLE_CHANGES cells, makes the rows add up to the total, the rows were misread
    and the total's digits are confirmed by the arithmetic, as a total that added up
    at once (its mismatch penalty lifted, the check recorded). No choice, or several,
    and the fact stays as it was, for review."""
    from verifiers.extract.candidates import CHECKED_OCR, combine
    from verifiers.extract.tables import MISMATCH_PENALTY
    from verifiers.extract.values import parse_value

    out = []
    for f in facts:
        src = f.source or {}
        doubts = list(src.get("doubts", []))
        found = [m for m in (MISMATCH.match(d) for d in doubts) if m]
        fx = src.get("factors")
        if len(found) != 1 or f.method != "ocr" or f.bbox is None or not src.get("total_row") \
                or not isinstance(f.value, int) or not fx or not src.get("table_box"):
            out.append(f)
            continue
        total, rows_sum = int(found[0].group(1)), int(found[0].group(2))
        cells = _column_cells(reading, f.page or 0, f.bbox, src["table_box"])
        values = [parse_value(t.text, "count") for t in cells]
        if total != f.value or not cells or any(v is None for v in values) or \
                sum(v or 0 for v in values) != rows_sum:
            out.append(f)  # not the cells extraction added up
            continue
        own = reading.readings.get(f.bbox, [])
        if reading.reread.get(f.bbox) or any(parse_value(x, "count") == rows_sum for x in own):
            out.append(f)  # the total's own reads disagree: it may be the misread figure
            continue
        options: list[list[int]] = []
        left = min([f.bbox[0], *(t.box[0] for t in cells if t.box is not None)])
        fresh = _read_cells(reading, f.page or 0, cells, left)
        for t, v, again in zip(cells, values, fresh, strict=True):
            seen = [*reading.readings.get(t.box or (0, 0, 0, 0), []), *again]
            alt = {parse_value(x, "count") for x in seen}
            options.append([int(v or 0), *sorted(int(a) for a in alt if a is not None and a != v)])
        n = 1
        for o in options:
            n *= len(o)
        if n > MAX_SETTLE_OPTIONS:
            out.append(f)
            continue
        sums = [choice for choice in itertools.product(*options)
                if sum(choice) == total and
                sum(c != o[0] for c, o in zip(choice, options, strict=True)) <= MAX_SETTLE_CHANGES]
        if len(sums) != 1:
            out.append(f)
            continue
        changed = [f"{o[0]} read again as {c}" for c, o in zip(sums[0], options, strict=True)
                   if c != o[0]]
        penalty = fx["penalty"] / MISMATCH_PENALTY
        cert = round(min(1.0, combine(max(f.confidence or 0.0, CHECKED_OCR), fx["layout"],
                                      fx["mapping"]) * min(1.0, penalty)), 3)
        nsrc = dict(src)
        nsrc["doubts"] = [d for d in doubts if not MISMATCH.match(d)]
        if not nsrc["doubts"]:
            nsrc.pop("doubts")
        nsrc["factors"] = {**fx, "penalty": round(penalty, 4)}
        nsrc["check"] = "total = sum of rows, " + ", ".join(changed)
        nsrc["settled"] = f"{f.name}: total row {total}, rows add up to {rows_sum}"
        out.append(replace(f, source=nsrc, certainty=max(cert, f.certainty or 0.0)))
    return out


SETTLE_HEIGHT = 22
"""Digit height (px) of a failed column's cells read once more, grey: a fourth size."""


def settle_sums(facts: list[FactReport], reading: Reading) -> list[FactReport]:
    """Parts read apart that should add up to their whole (on time + late = resolved)
    and do not, as extraction read them: when exactly one choice among the figures'
    readings (page, digits-only, third read), changing one figure, makes them add up,
    that figure takes the reading that does (the two reads of a «3.623» disagreed and a
    third sided with the wrong one). The figures are marked ``settled_sum``: the check
    that runs after (``recheck``) holds, but a sum made to hold by choosing a reading
    confirms none of them (a whole and a part misread alike still add up), so their
    certainty stays below review."""
    from verifiers.extract.crosscheck import SUMS
    from verifiers.extract.values import parse_value

    by = {f.name: i for i, f in enumerate(facts)}
    out = list(facts)
    for whole, parts in SUMS:
        idx = [by.get(n) for n in (whole, *parts)]
        if any(i is None for i in idx):
            continue
        fs = [out[i] for i in idx if i is not None]
        if any(not isinstance(f.value, int) for f in fs):
            continue
        if fs[0].value == sum(f.value for f in fs[1:]):
            continue
        found: list[tuple[int, int, str]] = []
        for k, f in enumerate(fs):
            if f.method != "ocr" or f.bbox is None:
                continue
            for text in dict.fromkeys(reading.readings.get(f.bbox, [])):
                v = parse_value(text, "count")
                if v is None or v == f.value:
                    continue
                vals = [int(x.value) for x in fs]
                vals[k] = int(v)
                if vals[0] == sum(vals[1:]):
                    found.append((k, int(v), text))
        if len({(k, v) for k, v, _t in found}) != 1:
            continue  # none, or more than one way: a person decides
        k, v, text = found[0]
        i = idx[k]
        assert i is not None
        f = out[i]
        src = dict(f.source or {})
        src["doubts"] = [d for d in src.get("doubts", []) if d != f"a second read gave {text}"]
        src["doubts"].append(f"read {f.value} and {v}: {v} makes {' + '.join(parts)} = {whole}")
        out[i] = replace(f, value=v, raw=f"{f.raw} | {text}", source=src)
        # the sum chose the reading: it cannot then vouch for the figures (recheck)
        for j in idx:
            if j is not None:
                out[j] = replace(out[j], source={**(out[j].source or {}), "settled_sum": True})
    return out


def _read_cells(reading: Reading, page: int, cells: list[Token],
                left: float | None = None) -> list[list[str]]:
    """A column's cells read once more, digits only, grey at SETTLE_HEIGHT: the texts
    Tesseract gave at least SURE_FIRST, per cell. A cell that starts right of ``left``
    (the column's figures' left edge) is also read from there: right-aligned figures,
    the page's read may have lost a narrow leading «1.» («1.955» read «955»)."""
    prep = reading.prepared.get(page)
    if prep is None:
        return [[] for _t in cells]
    crops = []
    owner = []
    for i, t in enumerate(cells):
        x0, y0, x1, y1 = t.box or (0.0, 0.0, 0.0, 0.0)
        starts = [x0]
        if left is not None and x0 - left > 0.5 * (y1 - y0):
            starts.append(left)
        for a in starts:
            s, o, pad = prep.scale, prep.offset, 4 * prep.scale
            box = (int(a * s + o - pad), int(y0 * s + o - pad), int(x1 * s + o + pad),
                   int(y1 * s + o + pad))
            crops.append(_digit_crop(prep, box, (y1 - y0) * s, SETTLE_HEIGHT))
            owner.append(i)
    try:
        reads = _read_batches(crops)
    except OcrFailed as exc:
        log.warning("column not read again: %s", exc)
        reading.engine_failed = True
        return [[] for _t in cells]
    out: list[list[str]] = [[] for _t in cells]
    for k, (i, r) in enumerate(zip(owner, reads, strict=True)):
        if r is None or r[0] in out[i]:
            continue
        # from the column's edge, Tesseract doubts the «1.» it had lost (a separator
        # it may not write): still a reading when it is the page's digits led by one
        # or two more
        wider = k > 0 and owner[k - 1] == i
        if float(r[1]) >= SURE_FIRST or (wider and _led_by_more(r[0], cells[i].text)):
            out[i].append(r[0])
    return out


def _led_by_more(wide: str, read: str) -> bool:
    """Whether digits read from a column's edge are a cell's digits as the page read
    them with one or two digits before them («1955» for «955»)."""
    w, d = re.sub(r"\D", "", wide), re.sub(r"\D", "", read)
    return bool(d) and w.endswith(d) and 1 <= len(w) - len(d) <= 2


def _column_cells(reading: Reading, page: int, box: tuple[float, float, float, float],
                  table: list[float]) -> list[Token]:
    """The numbers read above a total row's cell, inside its table, in its column (boxes
    overlapping the cell's horizontally by half the narrower width)."""
    x0, y0, x1, _y1 = box
    cells = []
    for ln in reading.lines:
        if ln.page != page or ln.method != "ocr":
            continue
        for t in ln.tokens:
            if t.box is None or not _reread_word(t.text.strip()):
                continue
            tx0, ty0, tx1, ty1 = t.box
            overlap = min(x1, tx1) - max(x0, tx0)
            if overlap >= 0.5 * min(x1 - x0, tx1 - tx0) and ty0 >= table[1] and \
                    (ty0 + ty1) / 2 < y0:
                cells.append(t)
    return cells


PERIOD_LABEL = re.compile(r"tu\s*ngay|k\w{0,2}\s*bao\s*cao|k\w{0,2}\s*so\s*lieu|"
                          r"k\w{0,2}\s*thong\s*ke|thoi\s*gian\W{0,3}\d")
LINE_HEIGHT = 40
"""Height in px a line is scaled to when read again on its own."""


PERIOD_REACH = 40
"""Line heights right of a period label that its line read again takes in."""


def _reread_period(reading: Reading, facts: list[FactReport]) -> list[FactReport]:
    """Periods read doubtfully, or period labels without a period (sparse-text OCR cut
    the line or garbled a date): the row read again on its own as one line, scaled to
    40 px. The same period read twice is sure; a different one stays for review."""
    from verifiers.extract.periods import ROMAN_QUARTER
    from verifiers.results import REVIEW_CERTAINTY

    by = {f.name: f for f in facts}
    start, end = by.get("period_start"), by.get("period_end")
    doubtful = start is not None and start.needs_review and (start.certainty or 0) > 0.1 and \
        not (start.source or {}).get("alternatives")
    if start is not None and not doubtful:
        return _second_period(reading, facts) if end is not None else facts
    targets: list[tuple[int, tuple[float, float, float, float]]] = []
    if doubtful and start is not None and start.bbox is not None and start.page is not None:
        targets.append((start.page, start.bbox))
    else:
        for line in reading.lines:
            box = line.box()
            if line.method == "ocr" and box is not None and PERIOD_LABEL.search(line.folded):
                targets.append((line.page, box))
    for page, (x0, y0, x1, y1) in targets[:3]:
        try:
            found = _period_line_again(reading, page, (x0, y0, x1, y1), doubtful)
        except OcrFailed as exc:
            log.warning("period line not read again: %s", exc)
            reading.engine_failed = True
            return facts
        if len(found) < 2:
            continue
        if start is None:
            return [*facts, *found.values()]
        roman = (start.source or {}).get("layout") == ROMAN_QUARTER
        # a roman quarter read the same twice proves little: III read as II both times
        if end is not None and not roman and found["period_start"].value == start.value and \
                found["period_end"].value == end.value:
            # two readings agree: the digits are right
            out = []
            for f in facts:
                if f.name in ("period_start", "period_end"):
                    layout = (f.source or {}).get("layout", "")
                    cert = round(max(f.certainty or 0, REVIEW_CERTAINTY + 0.05), 3) \
                        if layout != "date range without a label" else f.certainty
                    src = dict(f.source or {})
                    src["check"] = "read twice, same period"
                    f = replace(f, certainty=cert, source=src)
                out.append(f)
            return out
    return facts


def _period_line_again(reading: Reading, page: int, box: tuple[float, float, float, float],
                       own_words: bool) -> dict[str, FactReport]:
    """A period's line read again on its own, scaled to LINE_HEIGHT: with ``own_words``
    the period's own words, else a label's line and what may follow it (the date boxes
    of a filter bar), never the whole width of the page (chevrons, buttons and the next
    panel make a strip Tesseract reads nothing from). The period facts extraction finds
    in it, by name; raises OcrFailed."""
    from verifiers.extract.facts import TextLine, extract_facts

    prep = reading.prepared.get(page)
    if prep is None:
        return {}
    x0, y0, x1, y1 = box
    s, o = prep.scale, prep.offset
    h = min(y1 - y0, 40.0) * s
    right = x1 * s + o + 2 * h if own_words else x0 * s + o + PERIOD_REACH * h
    band = (max(0, int(x0 * s + o - h)), max(0, int(y0 * s + o - h * 0.3)),
            min(prep.image.width, int(right)),
            min(prep.image.height, int(y1 * s + o + h * 0.3)))
    crop = prep.image.crop(band)
    factor = LINE_HEIGHT / max(1.0, h)
    crop = ImageOps.expand(crop.resize((max(1, int(crop.width * factor)),
                                        max(1, int(crop.height * factor))),
                                       Image.Resampling.LANCZOS), border=12, fill=255)
    again = drop_border_marks(read_lines(crop, 7))
    tokens = [Token(w.text, w.conf, (x0, y0, x0 + 1 + i, y1))
              for ln in again for i, w in enumerate(ln.words)]
    return {f.name: f for f in extract_facts([TextLine(tokens, page, "ocr")])
            if f.name in ("period_start", "period_end")}


SECOND_PERIOD_LINES = 2
"""Period labels away from the period found that are read again on their own, at most."""


def _second_period(reading: Reading, facts: list[FactReport]) -> list[FactReport]:
    """A period found surely, and period labels elsewhere on the page whose own line gave
    none (a filter bar's «Từ ngày . [..] đến ngày. [..]», its box edges read as marks):
    those lines read again on their own. One that gives another period makes two
    candidate periods on the page: both facts go to review with the other period as an
    alternative (the issue's rule: two periods, flagged), never the caption's period
    confirmed silently over the filter's."""
    from verifiers.extract.facts import extract_facts
    from verifiers.extract.periods import TWO_PERIODS_CERTAINTY

    by = {f.name: f for f in facts}
    start, end = by["period_start"], by["period_end"]
    if start.bbox is None or start.page is None or start.method != "ocr":
        return facts
    sx0, sy0, sx1, sy1 = start.bbox
    # the found period's bounds as a filter box writes them (day, month, year): a line
    # showing both is the found period's own filter; one showing the start alone may be
    # a filter whose end OCR garbled («đến ngày 3l/1»), a year-to-date filter over a
    # year's caption: read again, up to the end's box
    shown = ["".join(reversed(str(f.value).split("-"))) for f in (start, end)]
    targets = []
    for line in reading.lines:
        box = line.box()
        if line.method != "ocr" or line.page != start.page or box is None or \
                not PERIOD_LABEL.search(line.folded):
            continue
        if box[1] < sy1 and sy0 < box[3] and box[0] < sx1 and sx0 < box[2]:
            continue  # the found period's own line
        if any(f.name == "period_start" for f in extract_facts([line])):
            continue  # its line gives a period: extraction weighed it already
        if all(d in _digits(line.text) for d in shown):
            continue  # it shows the found period
        targets.append(box)
    for box in targets[:SECOND_PERIOD_LINES]:
        try:
            found = _period_line_again(reading, start.page, box, False)
        except OcrFailed as exc:
            log.warning("period line not read again: %s", exc)
            reading.engine_failed = True
            return facts
        if not found:
            continue
        # one bound read alone still tells: another end than the found one is another period
        other = (str(found["period_start"].value) if "period_start" in found else str(start.value),
                 str(found["period_end"].value) if "period_end" in found else str(end.value))
        if other == (str(start.value), str(end.value)):
            continue
        periods = sorted({f"{start.value}..{end.value}", f"{other[0]}..{other[1]}"})
        out = []
        for f in facts:
            if f.name in ("period_start", "period_end"):
                src = dict(f.source or {})
                src["alternatives"] = periods
                src["doubts"] = [*src.get("doubts", []), "two reporting periods on the page "
                                 f"(a period label's line read again: {other[0]}..{other[1]})"]
                f = replace(f, source=src, certainty=round(min(f.certainty or 0.0,
                                                               TWO_PERIODS_CERTAINTY), 3))
            out.append(f)
        return out
    return facts


def _ink_box(prep: Prepared, row: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """Where the ink is in a table row or above a tile's label, with a margin; columns
    inked over most of the band's height are cell borders, not digits."""
    band = prep.image.crop(row).point(lambda v: 255 if v < 128 else 0)  # ink = white
    profile = band.resize((band.width, 1), Image.Resampling.BOX)
    for x in range(band.width):
        if float(profile.getpixel((x, 0)) or 0) > 0.8 * 255:  # type: ignore[arg-type]
            band.paste(0, (x, 0, x + 1, band.height))
    found = band.getbbox()
    if found is None or found[1] == 0 or found[3] == band.height:
        return None  # no ink, or ink cut by the band's edge: other text, not a value
    pad = max(4, (found[3] - found[1]) // 3)
    return (max(row[0], row[0] + found[0] - pad), max(row[1], row[1] + found[1] - pad),
            min(row[2], row[0] + found[2] + pad), min(row[3], row[1] + found[3] + pad))


BELOW_REACH = 3.2
"""Caption heights under a caption where its card's figure may stand, at most."""
FIGURE_TOP = 0.2
"""Share of a figure line's height from its top that only the figure's digits reach:
a unit in small type after it («hồ sơ» after «25.696») stays lower."""
UNIT_PSM = 7
"""A unit after a card's figure read again as one line of text."""


def _figure_below(reading: Reading, prep: Prepared, page: int,
                  label: tuple[float, float, float, float]
                  ) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int] | None] | None:
    """The box (prepared image) of a card's figure right under its caption ``label``
    (original pixels), which the page read missed or garbled: the first run of inked
    rows under it, within the caption's width, cut to the columns whose ink reaches
    the run's top (the digits; a unit after them in small type does not), with no
    word of letters nor clean figure read over them; and the box of the ink after the
    figure in the run (its unit) when the page read no word there, to be read again
    (``_unit_says_count``). None when there is no such ink, the run meets the band's
    edge (more text, not one figure), or the page read a scale word or a per cent
    after it («12 nghìn», «76 %»: no count)."""
    x0, y0, x1, y1 = label
    h = y1 - y0
    s, o = prep.scale, prep.offset
    w = x1 - x0
    band = (max(0, int((x0 - 0.5 * h) * s + o)), int((y1 + 0.1 * h) * s + o),
            min(prep.image.width, int((x1 + 0.25 * w) * s + o)),
            min(prep.image.height, int((y1 + BELOW_REACH * h) * s + o)))
    if band[2] - band[0] < h * s or band[3] - band[1] < h * s:
        return None
    ink = prep.image.crop(band).point(lambda v: 255 if v < 128 else 0)
    profile = ink.resize((ink.width, 1), Image.Resampling.BOX)
    for x in range(ink.width):
        if float(profile.getpixel((x, 0)) or 0) > 0.8 * 255:  # type: ignore[arg-type]
            ink.paste(0, (x, 0, x + 1, ink.height))  # a card's border, not a digit
    rows = ink.resize((1, ink.height), Image.Resampling.BOX)
    inked = [float(rows.getpixel((0, y)) or 0) > 2 for y in range(ink.height)]  # type: ignore[arg-type]
    if not any(inked) or inked[0]:
        return None  # nothing under the caption, or its own ink runs on
    top = inked.index(True)
    end = next((y for y in range(top, ink.height) if not inked[y]), None)
    if end is None or end - top < 0.8 * h * s:
        return None  # the run meets the band's edge, or is smaller than the caption
    run = ink.crop((0, top, ink.width, end))
    head = run.crop((0, 0, run.width, max(1, int(FIGURE_TOP * run.height))))
    cols = head.resize((head.width, 1), Image.Resampling.BOX)
    tall = [x for x in range(head.width) if float(cols.getpixel((x, 0)) or 0) > 0]  # type: ignore[arg-type]
    if not tall or tall[0] == 0 or tall[-1] + 1 >= ink.width:
        return None  # ink cut by the band's side: a neighbour's text, not this figure
    fx0, fx1 = band[0] + tall[0], band[0] + tall[-1] + 1
    ry0, ry1 = band[1] + top, band[1] + end
    fig = prep.to_original((fx0, ry0, fx1, ry1))
    if _words_in(reading, page, fig, letters_only=True) or \
            any("%" in t.text for t in _tokens_in(reading, page, fig)):
        return None  # words read there, or a share («76%»): no count the page missed
    pad = max(4, (end - top) // 3)
    box = (max(0, fx0 - pad), max(0, ry0 - pad), min(prep.image.width, fx1 + pad),
           min(prep.image.height, ry1 + pad))
    after = run.crop((tall[-1] + 1, 0, run.width, run.height)).getbbox()
    if after is None:
        return box, None
    ux0, ux1 = fx1 + after[0], fx1 + after[2]
    unit = prep.to_original((ux0, ry0, ux1, ry1))
    said = _tokens_in(reading, page, unit)
    if any("%" in t.text or fold(t.text).strip(".,:") in SCALE_WORDS for t in said):
        return None  # «12 nghìn», «76 %»: the figure is scaled or a share
    if any(_is_word(t) for t in said):
        return box, None  # the unit read as words: a unit of count
    return box, (max(0, ux0 - pad), max(0, ry0 - pad), min(prep.image.width, ux1 + pad),
                 min(prep.image.height, ry1 + pad))


def _tokens_in(reading: Reading, page: int, box: tuple[float, float, float, float]
               ) -> list[Token]:
    """The page read's words whose centre lies in ``box`` (original pixels)."""
    x0, y0, x1, y1 = box
    return [t for ln in reading.lines if ln.page == page for t in ln.tokens
            if t.box is not None and x0 < (t.box[0] + t.box[2]) / 2 <= x1 and
            y0 <= (t.box[1] + t.box[3]) / 2 <= y1]


def _unit_says_count(prep: Prepared, box: tuple[int, int, int, int]) -> bool | None:
    """The unit after a card's figure read again as a line of text: True for words (a
    unit of count, «hồ sơ»), False for a scale word or a per cent, None when it reads
    as neither."""
    crop = ImageOps.autocontrast(prep.image.crop(box).convert("L"), cutoff=1)
    try:
        lines = read_lines(ImageOps.expand(crop, border=10, fill=255), UNIT_PSM)
    except OcrFailed:
        return None
    text = " ".join(w.text for ln in lines for w in ln.words)
    if "%" in text or any(fold(w).strip(".,:") in SCALE_WORDS for w in text.split()):
        return False
    return True if sum(ch.isalpha() for ch in text) >= 2 else None


def _is_word(t: Token) -> bool:
    """Mostly letters, read with some confidence: not a number misread with a letter or
    two ("A2", "s)")."""
    letters = sum(c.isalpha() for c in t.text)
    return letters >= 2 and letters > sum(c.isdigit() for c in t.text) and \
        (t.conf is None or t.conf >= 50)


def _words_in(reading: Reading, page: int, box: tuple[float, float, float, float],
              letters_only: bool = False) -> bool:
    """Whether the page read saw words whose centre lies in ``box`` (original pixels);
    with ``letters_only``, only words that are mostly letters count."""
    x0, y0, x1, y1 = box
    for ln in reading.lines:
        if ln.page != page:
            continue
        for t in ln.tokens:
            if t.box is None or (letters_only and not _is_word(t)):
                continue
            cx, cy = (t.box[0] + t.box[2]) / 2, (t.box[1] + t.box[3]) / 2
            if x0 < cx <= x1 and y0 <= cy <= y1:
                return True
    return False


def read_image(data: bytes) -> Reading:
    reading = Reading(pages=1)
    ocr_image_lines(data, "screen", 1, reading)
    return reading


def read_pdf(data: bytes) -> Reading:
    """Each page's text layer as words with boxes (``textlayer``) for the layout model,
    and its images through OCR. A page whose layer cannot be positioned (sideways
    text, a pdftotext failure) or that also has images to OCR (their boxes are in the
    image's pixels, not the page's) gives pypdf's text lines without boxes, as before."""
    from pypdf import PdfReader

    from verifiers.ocr.textlayer import LayerReading, read_text_layer

    reader = PdfReader(io.BytesIO(data), strict=False)
    reading = LayerReading(pages=len(reader.pages), data=data)
    if len(reader.pages) > MAX_PDF_PAGES:
        reading.problem(f"only the first {MAX_PDF_PAGES} of {len(reader.pages)} pages were read",
                        f"chỉ đọc {MAX_PDF_PAGES} trang đầu trong {len(reader.pages)} trang")
    pages = list(reader.pages[:MAX_PDF_PAGES])
    geometry: dict[int, tuple[tuple[float, float, float, float],
                              tuple[float, float, float, float], int]] = {}
    for n, page in enumerate(pages, start=1):
        try:
            mb, cb = page.mediabox, page.cropbox
            geometry[n] = ((float(mb.left), float(mb.bottom), float(mb.right), float(mb.top)),
                           (float(cb.left), float(cb.bottom), float(cb.right), float(cb.top)),
                           int(page.get("/Rotate", 0) or 0) % 360)
        except Exception as exc:  # a broken page dictionary: this page without positions
            log.info("page %d: no geometry (%s)", n, exc)
    layer = read_text_layer(data, len(pages), geometry)
    if layer.problem is not None:
        reading.problem(*layer.problem)
    for n, page in enumerate(pages, start=1):
        images = []
        try:
            listed = list(page.images)[:MAX_IMAGES_PER_PAGE]
        except Exception as exc:
            reading.problem(f"page {n}: images unreadable ({exc})",
                            f"không đọc được hình trong trang {n}")
            listed = []
        for img in listed:
            try:
                if img.image is not None and min(img.image.size) >= MIN_IMAGE_SIDE:
                    images.append(img)
            except Exception as exc:
                reading.problem(f"page {n}: image {img.name} not read ({exc})",
                                f"không đọc được hình trong trang {n}")
        placed = layer.pages.get(n)
        if placed is not None and placed.hidden:
            log.info("page %d: %d words outside the crop box left out", n, placed.hidden)
        if placed is not None and placed.positioned and placed.lines and not images:
            reading.layer_pages[n] = placed
            for words in placed.lines:
                reading.lines.append(TextLine([Token(w.text, None, w.box) for w in words], n,
                                              "text_layer"))
            continue
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            reading.problem(f"page {n}: text layer unreadable ({exc})",
                            f"không đọc được lớp chữ của trang {n}")
            text = ""
        for raw in text.splitlines():
            if raw.strip():
                reading.lines.append(TextLine([Token(t, None, None) for t in raw.split()], n,
                                              "text_layer"))
        mode: Mode = "screen" if text.strip() else "scan"
        for img in images:
            try:
                ocr_image_lines(img.data, mode, n, reading)
            except OcrFailed as exc:
                reading.engine_failed = True
                reading.problem(f"page {n}: image {img.name} not read ({exc})",
                                "Tesseract bị lỗi hoặc chạy quá thời gian, sẽ đọc lại ở lần "
                                "chạy sau")
            except Exception as exc:
                reading.problem(f"page {n}: image {img.name} not read ({exc})",
                                f"không đọc được hình trong trang {n}")
    return reading
