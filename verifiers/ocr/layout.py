"""The layout model of a page: words → lines (phrases or cells) → rows → tables,
tiles and page chrome.

One model for screenshots, scans and PDF text layers: every source gives words with
boxes (a text layer without positions gives one line per text line). Extraction
(``verifiers/extract``) asks the model *where* a number stands — in which table
column under which header path, in which row beside which row label, in which tile
under which caption — instead of guessing from the words next to it.

Geometry is in original image pixels (y down). Tesseract's own line grouping is not
used: in sparse-text mode it cuts table rows into pieces, so words are regrouped here
by vertical overlap, and split into lines at gaps wider than a word space, at
ruling lines (``rules``) and at ``|`` read from a cell border.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from kiemchung.core.text import fold

Box = tuple[float, float, float, float]
RuleTest = Callable[[int, Box], bool]
"""(page, box between two words) → whether a ruling line runs through that box."""

SPLIT_GAP = 0.8
"""A gap wider than this many text heights ends a line: word spaces are 0.3–0.45
text heights, cell paddings 0.6 and more."""
NUMBER = re.compile(r"^\(?[-+]?\d{1,3}(?:[.,]\d{3})+\)?$|^\(?[-+]?\d+(?:[.,]\d+)?\s?%?\)?$")
DATE_LIKE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{1,2}/\d{4}|\d{1,2}:\d{2}")
CHANGE_MARK = re.compile(r"^\W*(?:±|\+\s*/?\s*[-–—−*~]|[-–—−]\s*/\s*\+)\W*$")
"""A header cell of signs alone («+/-», «±», its «-» read as «*»): a column of changes."""
BORDER_TOKENS = {"|", "||", "[", "]", "¦", "!", "—", "–", "_", "__", "___", "-", "~", "¬"}


@dataclass(frozen=True)
class Word:
    text: str
    conf: float | None
    """0–100 from OCR; None for a text layer (exact)."""
    box: Box | None


@dataclass(frozen=True)
class Line:
    """Words on one baseline with word spacing between them: a phrase, a label, a
    table cell or a number."""

    id: int
    words: tuple[Word, ...]
    page: int
    method: str
    box: Box | None
    text: str = ""
    folded: str = ""

    @staticmethod
    def make(id: int, words: Sequence[Word], page: int, method: str) -> Line:
        boxes = [w.box for w in words if w.box is not None]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
               max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None
        text = " ".join(w.text for w in words)
        return Line(id, tuple(words), page, method, box, text, fold(text))

    @property
    def conf(self) -> float:
        """The least sure word, 0–1 (1 for a text layer)."""
        confs = [w.conf for w in self.words if w.conf is not None]
        return min(confs) / 100 if confs else 1.0

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1] if self.box else 0.0

    @property
    def is_number(self) -> bool:
        return len(self.words) <= 2 and bool(NUMBER.match(number_text(self.text)))

    @property
    def has_letters(self) -> bool:
        return sum(c.isalpha() for c in self.text) >= 2


def number_text(text: str) -> str:
    """A number as it stands in a cell, without its unit and the spaces OCR puts in
    ("1 245" stays two tokens; "95,6 %" becomes "95,6%")."""
    t = text.strip().strip(":;|[]").strip()
    t = re.sub(r"\s*(đồng|dong|đ|d|vnđ|vnd)$", "", t, flags=re.IGNORECASE).strip()
    return t.replace(" %", "%").rstrip(".")


@dataclass(frozen=True)
class Row:
    """Lines whose boxes overlap vertically, left to right."""

    lines: tuple[Line, ...]
    box: Box | None

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)

    @property
    def folded(self) -> str:
        return " ".join(ln.folded for ln in self.lines)

    @property
    def height(self) -> float:
        hs = [ln.height for ln in self.lines if ln.box]
        return statistics.median(hs) if hs else 0.0


@dataclass(frozen=True)
class Column:
    x0: float
    x1: float
    header: tuple[Line, ...] = ()
    """Header cells over this column, the top (group) header first."""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(h.text for h in self.header)


@dataclass(frozen=True)
class Cell:
    line: Line
    row: int
    """Index into ``Table.rows``."""
    col: int
    """Index into ``Table.columns``."""


@dataclass(frozen=True)
class Table:
    """Rows of cells aligned in columns under header rows; ``labels[i]`` is the text of
    row ``i``'s row label (the text cells left of its first number)."""

    n: int
    page: int
    rows: tuple[Row, ...]
    header_rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    cells: tuple[Cell, ...]
    labels: tuple[str, ...]
    label_lines: tuple[tuple[Line, ...], ...]
    index_col: int | None = None
    """The STT/TT column (row numbers), never a value."""

    @property
    def box(self) -> Box:
        boxes = [r.box for r in (*self.header_rows, *self.rows) if r.box]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def cell(self, row: int, col: int) -> Cell | None:
        for c in self.cells:
            if c.row == row and c.col == col:
                return c
        return None


@dataclass(frozen=True)
class Page:
    number: int
    rows: tuple[Row, ...]
    tables: tuple[Table, ...]
    chrome: frozenset[int]
    """Ids of lines that belong to navigation bars, side menus, breadcrumbs,
    pagination: never read as facts."""
    width: float
    height: float
    in_table: frozenset[int] = field(default=frozenset())
    """Ids of lines that are a table's cells, headers or row labels."""

    def lines(self) -> list[Line]:
        return [ln for r in self.rows for ln in r.lines]


def center_y(b: Box) -> float:
    return (b[1] + b[3]) / 2


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def build_pages(words_by_line: Sequence[tuple[Sequence[Word], int, str]],
                rules: RuleTest | None = None) -> list[Page]:
    """The pages of a reading: ``words_by_line`` is (words, page, method) per read
    line. Lines without usable boxes (a text layer) stay one line each, in order."""
    pages: dict[int, list[tuple[Sequence[Word], str]]] = {}
    for words, page, method in words_by_line:
        pages.setdefault(page, []).append((words, method))
    return [_build_page(n, items, rules) for n, items in sorted(pages.items())]


def _usable(words: Sequence[Word]) -> bool:
    boxes = {w.box for w in words}
    return None not in boxes and len(boxes) == len(words) and \
        all(b is not None and b[2] > b[0] and b[3] > b[1] for b in boxes)


def _build_page(n: int, items: list[tuple[Sequence[Word], str]], rules: RuleTest | None
                ) -> Page:
    ids = iter(range(1_000_000))
    rows: list[Row] = []
    placed: list[tuple[Word, str]] = []
    for words, method in items:
        if _usable(words):
            placed += [(w, method) for w in words if w.text.strip()]
        elif words:
            ln = Line.make(next(ids), [w for w in words if w.text.strip()], n, method)
            rows.append(Row((ln,), ln.box))
    regions = _regions(placed, n, rules)
    menu: set[int] = set()
    for k, region in enumerate(regions):
        for group in _cluster_rows(region):
            row = _split_row(group, n, ids, rules)
            rows.append(row)
            if len(regions) == 2 and k == 0:
                menu.update(ln.id for ln in row.lines)  # the side menu left of the gutter
    # rows with boxes in reading order; box-less text-layer rows keep their order
    if all(r.box is not None for r in rows):
        rows.sort(key=lambda r: (center_y(r.box), r.box[0]) if r.box else (0, 0))
    boxes = [r.box for r in rows if r.box]
    width = max((b[2] for b in boxes), default=0.0)
    height = max((b[3] for b in boxes), default=0.0)
    rows = [r for r in rows if r.lines]
    chrome = _chrome(rows, width, height) | _menu_items(rows, menu, height)
    tables = _tables(rows, n, chrome)
    # a row label wrapped onto lines of its own («Công chức, / viên chức») is the
    # table's too: no line of it says what the page is about
    in_table = frozenset(ln.id for t in tables for lines in
                         (*(r.lines for r in (*t.rows, *t.header_rows)), *t.label_lines)
                         for ln in lines)
    return Page(n, tuple(rows), tuple(tables), frozenset(chrome), width, height, in_table)


def _regions(placed: list[tuple[Word, str]], page: int = 1, rules: RuleTest | None = None
             ) -> list[list[tuple[Word, str]]]:
    """A side menu and the page content side by side: split at the leftmost vertical
    gutter in the left third that no word of the page's body crosses and that has a
    menu left of it, so a menu item never joins a table row at the same height."""
    if len(placed) < 20:
        return [placed]
    boxes = [w.box for w, _m in placed if w.box is not None]
    x1 = max(b[2] for b in boxes)
    y0, y1 = min(b[1] for b in boxes), max(b[3] for b in boxes)
    h = y1 - y0
    body = [b for b in boxes if y0 + 0.1 * h < b[1] and b[3] < y1 - 0.05 * h]
    step = 2.0
    n = int(x1 / step) + 2
    cover = [0] * n
    for b in body:
        for k in range(int(b[0] / step), min(n, int(b[2] / step) + 1)):
            cover[k] += 1
    k = int(0.06 * x1 / step)
    end = int(0.36 * x1 / step)
    while k < end:
        if cover[k] != 0:
            k += 1
            continue
        j = k
        while j < n and cover[j] == 0:
            j += 1
        if (j - k) * step >= GUTTER_MIN_WIDTH and rules is not None:
            cut = (k + j) / 2 * step
            split = _split_at(cut, placed, y0, h)
            # the menu's edge must show: a border or its own background (a wide blank
            # column between a table's labels and its figures is no menu's edge)
            if split is not None and rules(page, (k * step, y0 + 0.15 * h, j * step,
                                                  y1 - 0.1 * h)):
                return split
        k = j
    return [placed]


GUTTER_MIN_WIDTH = 8
"""Original pixels: the narrowest blank column a page's regions are cut at, and the
narrowest in which ``rules_in`` looks for a side menu's background edge."""


def _split_at(cut: float, placed: list[tuple[Word, str]], y0: float, h: float
              ) -> list[list[tuple[Word, str]]] | None:
    left: list[tuple[Word, str]] = []
    right: list[tuple[Word, str]] = []
    for wm in placed:
        wb = wm[0].box
        (left if wb is not None and (wb[0] + wb[2]) / 2 < cut else right).append(wm)
    lb = [w.box for w, _m in left if w.box is not None and y0 + 0.1 * h < w.box[1]]
    rb = [w.box for w, _m in right if w.box is not None]
    # a real menu: several items stacked down the page from near its left edge
    if len(lb) < 4 or len(rb) < 10 or max(b[3] for b in lb) - min(b[1] for b in lb) < 0.25 * h \
            or min(b[0] for b in lb) > 0.05 * max(b[2] for b in rb):
        return None
    # a menu's items are words stacked in five or more rows, hardly any figures
    items: list[tuple[float, bool]] = []
    for w, _m in sorted(left, key=lambda wm: center_y(wm[0].box) if wm[0].box else 0):
        if w.box is None or w.box[1] <= y0 + 0.1 * h:
            continue
        # figures and dates, not a menu badge's count («Văn bản đến  12»)
        digit = sum(ch.isdigit() for ch in w.text) >= 4
        if items and abs(items[-1][0] - center_y(w.box)) < 0.5 * max(w.box[3] - w.box[1], 10):
            items[-1] = (items[-1][0], items[-1][1] or digit)
        else:
            items.append((center_y(w.box), digit))
    if len(items) < 5 or sum(d for _y, d in items) > 0.25 * len(items):
        return None
    return [left, right]


def _cluster_rows(placed: list[tuple[Word, str]]) -> list[list[tuple[Word, str]]]:
    """Words whose boxes overlap vertically by half the smaller height form a row."""
    order = sorted(placed, key=lambda wm: center_y(wm[0].box))  # type: ignore[arg-type]
    rows: list[tuple[list[tuple[Word, str]], list[float]]] = []  # (words, [top, bottom])
    dashes = [(w, m) for w, m in order if _flat_mark(w)]
    for w, m in order:
        if _flat_mark(w):
            continue
        b = w.box
        assert b is not None
        h = b[3] - b[1]
        best, best_ov = None, 0.0
        for k in range(len(rows) - 1, max(-1, len(rows) - 6), -1):
            ws, band = rows[k]
            bh = band[1] - band[0]
            ov = overlap(b[1], b[3], band[0], band[1])
            # a hyphen is flat: it stands in the row whose middle it crosses
            flat = _flat_dash(w, bh) and band[0] < center_y(b) < band[1]
            if ov >= 0.5 * min(h, bh) and (flat or max(h, bh) <= 2.6 * min(h, bh)) and \
                    ov / min(h, bh) > best_ov:
                best, best_ov = k, ov / min(h, bh)
        if best is None:
            rows.append(([(w, m)], [b[1], b[3]]))
        else:
            ws, band = rows[best]
            ws.append((w, m))
            # the band follows the row's body, not one tall glyph's accents
            band[0] = statistics.median(x[0].box[1] for x in ws)  # type: ignore[index]
            band[1] = statistics.median(x[0].box[3] for x in ws)  # type: ignore[index]
    for w, m in dashes:
        # a dash is too flat to overlap a row by half its height's measure: it stands
        # in the row whose body's middle holds it («- Đang hoạt động»), else alone
        home = next((ws for ws, _band in rows if _starts_item(w, [x for x, _m in ws])), None)
        if home is None:
            # a hyphen inside a name («Phòng Tài chính - Kế hoạch»): the row whose
            # body's middle it crosses, where ``_name_hyphen`` weighs it
            home = next((ws for ws, band in rows if band[0] < center_y(w.box) < band[1]  # type: ignore[arg-type]
                         and _flat_dash(w, band[1] - band[0])), None)
        if home is None:
            rows.append(([(w, m)], [w.box[1], w.box[3]]))  # type: ignore[index]
        else:
            home.append((w, m))
    return [ws for ws, _band in rows]


def _flat_mark(w: Word) -> bool:
    """A dash whose box is no taller than wide: a list's dash or a ruling line's mark,
    too flat to be measured against a row's text height."""
    return w.box is not None and w.text.strip() in LIST_DASHES and \
        w.box[2] - w.box[0] >= w.box[3] - w.box[1]


def _starts_item(dash: Word, words: list[Word]) -> bool:
    """Whether a flat dash starts a listed item among a row's words: the word after it
    makes it a list dash (``_list_dash``), and no word of the row stands before it at
    less than a line-splitting gap (a range's dash «01/10/2019 - 01/10/2020» stays out)."""
    assert dash.box is not None
    boxed = [x for x in words if x.box is not None]
    if not boxed:
        return False
    h = statistics.median(x.box[3] - x.box[1] for x in boxed)  # type: ignore[index]
    after = [x for x in boxed if x.box[0] >= dash.box[2]]  # type: ignore[index]
    if not after or any(0 <= dash.box[0] - x.box[2] < SPLIT_GAP * h  # type: ignore[index]
                        for x in boxed if x.box[2] <= dash.box[0]):  # type: ignore[index]
        return False
    return _list_dash(dash, min(after, key=lambda x: x.box[0]), h)  # type: ignore[index]


COUNTED_WORDS = {"muc", "do", "quy", "thang", "lan", "ky", "dot", "cap"}
"""Words a small number belongs to («Mức 3», «Mức độ 4», «Quý 2»): no cell edge between."""


def _split_row(group: list[tuple[Word, str]], page: int, ids: object,
               rules: RuleTest | None) -> Row:
    group = sorted(group, key=lambda wm: wm[0].box[0])  # type: ignore[index]
    heights = [w.box[3] - w.box[1] for w, _m in group]  # type: ignore[index]
    h = statistics.median(heights)
    lines: list[Line] = []
    cur: list[Word] = []
    method = group[0][1]

    def flush() -> None:
        if cur:
            lines.append(Line.make(next(ids), cur, page, method))  # type: ignore[call-overload]
            cur.clear()

    words = [w for w, _m in group]
    inner = _figures_in_phrase(words, h)
    for k, (w, _m) in enumerate(group):
        if w.text.strip() in BORDER_TOKENS and not NUMBER.match(w.text.strip()) and \
                not _name_hyphen(words, k, h, page, rules) and \
                not (not cur and _list_dash(w, group[k + 1][0] if k + 1 < len(group) else None,
                                            h)):
            if not _flat_dash(w, h):
                flush()  # a cell border read as a character
            continue
        if cur:
            prev = cur[-1]
            assert prev.box is not None and w.box is not None
            gap = w.box[0] - prev.box[2]
            sep = gap > SPLIT_GAP * h
            counted = (fold(prev.text).strip(".") in COUNTED_WORDS and (
                fold(w.text) in COUNTED_WORDS or (w.text.strip().isdigit() and
                                                  len(w.text.strip()) <= 2)))
            # «12 nghìn», «76 %»: a scale word or sign is part of the figure, whatever
            # its type size or spacing (only a ruling line between parts them)
            scale = _numeric(prev.text) and fold(w.text).strip(".,:") in SCALE_WORDS
            if not sep and _numeric(prev.text) and not _numeric(w.text) and not scale and \
                    w.box[3] - w.box[1] < UNIT_SIZE * (prev.box[3] - prev.box[1]):
                sep = True  # «25.696 hồ sơ»: a card's big figure, its unit in small type
            if scale:
                sep = False
            cut = _cut_figure(prev, w, gap)
            if cut:
                sep = False  # «1.416» read as «1» and «416»: one figure, never two cells
            if not sep and rules is not None and gap > 0 and not counted and not cut:
                # the height both words share: a glyph's box reaching into the cell's
                # border («4» boxed with the rule over it) makes no gutter of the gap
                band = (prev.box[2], max(prev.box[1], w.box[1]), w.box[0],
                        min(prev.box[3], w.box[3]))
                sep = rules(page, band)
            if not sep and not cut and not scale and gap > 0.45 * h and \
                    (_numeric(prev.text) != _numeric(w.text)) and \
                    id(prev) not in inner and id(w) not in inner:
                # "Phòng Nội vụ   156": a cell edge; "Mức 3", "Quý 4", "Năm 2019" one phrase
                sep = not prev.text.endswith(":") and not (
                    fold(prev.text).strip(".") in COUNTED_WORDS and w.text.strip().isdigit()
                    and len(w.text.strip()) <= 2) and not _year_of(prev, w) and \
                    not _months_of(prev, w)
            if sep:
                flush()
        cur.append(w)
    flush()
    row_box = None
    if lines:
        bs = [ln.box for ln in lines if ln.box]
        row_box = (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs),
                   max(b[3] for b in bs))
    return Row(tuple(lines), row_box)


LIST_DASHES = frozenset("-–")
LIST_DASH_HEIGHT = 0.5
"""A list dash's box is flat: less than this share of the line's text height (a cell's
edge read as «-» or «|» stands as tall as the row or taller)."""


def _list_dash(w: Word, nxt: Word | None, h: float) -> bool:
    """Whether a «-» read before a word is the dash that starts a listed item («- Đang
    hoạt động» under «Tổng số tài khoản thư»: a part of the row above), not a cell's
    edge: a flat mark at the middle height of a word of letters that follows it at a
    word's spacing (a cell's edge stands a padding's width from the text, and a ruling
    line's mark at the text's top or bottom)."""
    if w.box is None or nxt is None or nxt.box is None or w.text.strip() not in LIST_DASHES \
            or not any(ch.isalpha() for ch in nxt.text):
        return False
    mid = center_y(w.box)
    top, bottom = nxt.box[1], nxt.box[3]
    return w.box[3] - w.box[1] < LIST_DASH_HEIGHT * h and \
        0 <= nxt.box[0] - w.box[2] < SPLIT_GAP * h and \
        top + 0.25 * (bottom - top) <= mid <= bottom - 0.2 * (bottom - top)


HYPHENS = frozenset({"-", "–", "—"})
HYPHEN_HEIGHT = 0.4
"""A dash no taller than this share of the text's height is a hyphen or dash drawn
in the text, not a vertical cell border OCR read as one."""


def _flat_dash(w: Word, h: float) -> bool:
    """A dash or hyphen as flat as a drawn one (no border read as a character)."""
    return w.text.strip() in HYPHENS and w.box is not None and \
        w.box[3] - w.box[1] <= HYPHEN_HEIGHT * h


def _name_hyphen(words: list[Word], k: int, h: float, page: int, rules: RuleTest | None
                 ) -> bool:
    """Whether the dash ``words[k]`` joins the two words of letters beside it, each at
    a word space, in one name («Phòng Tài chính - Kế hoạch», «Văn hóa - Thông tin»:
    office names are written so): part of the phrase, never a cell border, which
    stands as tall as the text and parts two cells at a cell's padding. A ruling line
    through it still cuts."""
    w = words[k]
    if not _flat_dash(w, h) or not 0 < k < len(words) - 1:
        return False
    prev, nxt = words[k - 1], words[k + 1]
    if prev.box is None or nxt.box is None or w.box is None:
        return False
    if not all(sum(c.isalpha() for c in x.text) >= 2 for x in (prev, nxt)):
        return False
    gaps = (w.box[0] - prev.box[2], nxt.box[0] - w.box[2])
    if not all(0 <= g <= SPLIT_GAP * h for g in gaps):
        return False
    # the dash at the words' middle height, not a rule under or over them
    mid = (w.box[1] + w.box[3]) / 2
    if not max(prev.box[1], nxt.box[1]) < mid < min(prev.box[3], nxt.box[3]):
        return False
    return rules is None or not rules(page, (prev.box[2], max(prev.box[1], nxt.box[1]),
                                             nxt.box[0], min(prev.box[3], nxt.box[3])))


def _figures_in_phrase(words: list[Word], h: float) -> set[int]:
    """Ids of the small numbers standing inside a phrase, a word of letters at less than
    a line-splitting gap on each side («Máy tính đã sử dụng trên 5 năm»), or starting a
    sentence of three words or more («9 cuộc do huyện chủ trì» in a form's notes): part
    of a label or a note, never a cell of their own (a ruling line between still parts
    them)."""
    out: set[int] = set()

    def close(a: Word, b: Word) -> bool:
        assert a.box is not None and b.box is not None
        return 0 <= b.box[0] - a.box[2] <= SPLIT_GAP * h

    def worded(w: Word) -> bool:
        return sum(c.isalpha() for c in w.text) >= 2

    for k, n in enumerate(words):
        t = n.text.strip()
        if not (t.isdigit() and len(t) <= 3):
            continue
        before, after = words[k - 1] if k else None, words[k + 1:k + 4]
        inside = len(t) <= 2 and before is not None and after and worded(before) and \
            worded(after[0]) and close(before, n) and close(n, after[0])
        # a note's sentence it starts («9 cuộc do huyện chủ trì»): three words or more
        # after it (a unit, «245 hồ sơ», is one or two)
        leads = len(after) == 3 and all(worded(w) for w in after) and \
            all(close(a, b) for a, b in zip([n, *after], after, strict=False))
        if inside or leads:
            out.add(id(n))
    return out


SCALE_WORDS = frozenset({"nghin", "ngan", "trieu", "ty", "ti", "%"})
"""Words that scale the figure before them («12 nghìn» is 12 000, «76 %» a share)."""
UNIT_SIZE = 0.6
"""A word after a figure shorter than this share of the figure's height is set in
smaller type (a card's unit, «hồ sơ» after «25.696»): a line of its own."""
CUT_GAP = 0.8
"""The widest gap, in the figure's own height, where a thousands separator the read
lost can stand between two digit groups."""


def _cut_figure(prev: Word, w: Word, gap: float) -> bool:
    """Whether ``prev`` and ``w`` are one figure whose thousands separator the read
    lost («1.416» in a card's big digits read as «1» and «416»): 1–3 digits, then
    exactly three, as close as a separator's width in their own height. Kept in one
    line they are no figure at all (the value goes missing, never a wrong one)."""
    a, b = prev.text.strip(), w.text.strip()
    if not (a.isdigit() and len(a) <= 3 and b.isdigit() and len(b) == 3):
        return False
    assert prev.box is not None and w.box is not None
    size = max(prev.box[3] - prev.box[1], w.box[3] - w.box[1])
    return 0 <= gap < CUT_GAP * size


def _year_of(prev: Word, w: Word) -> bool:
    """«Năm» and its year («Năm 2019» heading a column, «năm 2020» ending a caption):
    one phrase, never a label and its figure. Only when the gap between them is a
    word space (``SPLIT_GAP``, checked by the caller): a ruling line still cuts."""
    return fold(prev.text).strip(".:") == "nam" and bool(YEAR.match(w.text.strip()))


def _months_of(prev: Word, w: Word) -> bool:
    """A count of months and its word («6 tháng đầu năm», «9 tháng»: a period in a
    filter's select): one phrase, never a figure and its label. Only at a word space,
    as ``_year_of``."""
    a = prev.text.strip()
    return a.isdigit() and len(a) <= 2 and fold(w.text).strip(".,:") == "thang"


def _numeric(text: str) -> bool:
    return bool(NUMBER.match(number_text(text)))


MENU_MAX_WORDS = 5


def _chrome(rows: list[Row], width: float, height: float) -> set[int]:
    """Navigation bars (a top row of several short items), side menus (a narrow left
    column of short items stacked under one another), breadcrumbs and pagination."""
    out: set[int] = set()
    if width <= 0:
        return out
    out |= _charts(rows, _axes(rows)) | _sheet_frame(rows)
    for r in rows:
        f = r.folded
        # breadcrumbs «Trang chủ / Thống kê / …» and pagination lines
        if "trang chu" in f and ("/" in r.text or ">" in r.text or "»" in r.text):
            out.update(ln.id for ln in r.lines)
        if PAGINATION.search(f) or COUNTERS.search(f):
            out.update(ln.id for ln in r.lines)
    # the user's name, login time and today's date in the top bar
    for r in rows:
        for ln in r.lines:
            if USER.search(ln.folded) and ln.box and ln.box[1] < 0.15 * max(height, 1):
                out.add(ln.id)
    # a navigation bar: the top row(s) with four or more short items
    # (today's date or a notification badge may stand in it too)
    top = sorted((r for r in rows if r.box is not None), key=lambda r: r.box[1])[:4]  # type: ignore[index]
    for r in top:
        if r.box and r.box[1] < 0.12 * max(height, 1) and \
                sum(len(ln.words) <= MENU_MAX_WORDS for ln in r.lines) >= 4 and \
                sum(len(ln.words) > MENU_MAX_WORDS for ln in r.lines) <= 1:
            out.update(ln.id for ln in r.lines)
    return out


SELECTION_STATS = re.compile(r"\b(trung binh|dem|tong|nho nhat|lon nhat)\s*:\s*[\d.,]+")
"""A spreadsheet's status bar: the average, count and sum of the selected cells
(«Trung bình: 1.473   Đếm: 5   Tổng: 7.367»). Two or more of them, an average or a
count among them, are a selection's statistics, never a report's figures."""
SHEET_TABS = re.compile(r"\b(sheet|trang tinh)\s*\d{1,2}\b")
"""A spreadsheet's sheet tabs: a sheet's default name («Sheet2», «Trang tính1»)."""
COLUMN_LETTERS = re.compile(r"^[A-Z]{1,2}$")
CELL_REFERENCE = re.compile(r"^[A-Z]{1,3}[1-9]\d{0,6}$")
"""A cell's reference in a spreadsheet's name box («C9», «G7»): the formula bar it
begins holds that one cell's content (a sub-unit's figure, a formula)."""
OUTLINE_DASHES = "—_~^="
OUTLINE_MARKS = re.compile(r"[\[\]|—_]")
LETTER_RUN = re.compile(r"[^\W\d_]{4}")
TALL_OUTLINE = 2.5
"""A line this many times as tall as the page's text is no text line: a box drawn
around a cell (a selection's outline) read with what stands inside it."""


def _outline_debris(ln: Line, hm: float) -> bool:
    """Whether a line is a selected cell's thick outline, or the selection's shade over
    a row, read as text: no word of four letters in it, and two dashes or more with a
    few letters or a digit among them («—mỊ—xỊ», «ZmỊ——5]»), or a mark of the outline
    in a line far taller than the page's text («185]», «-TmỊ»: the figure inside it,
    cut, is no figure to read). No cell's text, no figure."""
    t = ln.text.replace(" ", "")
    if not t or LETTER_RUN.search(t):
        return False
    if sum(ch in OUTLINE_DASHES for ch in t) >= 2 and not re.search(r"\d\d", t):
        return True
    # (a hyphen before a big figure is its sign: «-12» on a card)
    return _tall(ln, hm) and (bool(OUTLINE_MARKS.search(t)) or ("-" in t and not ln.is_number))


def _tall(ln: Line, hm: float) -> bool:
    return hm > 0 and ln.height >= TALL_OUTLINE * hm


def _sheet_frame(rows: list[Row]) -> set[int]:
    """A spreadsheet window's frame around the grid it shows: the formula bar, the
    status bar with a selection's statistics, the sheet tabs, the column letters (a
    row of capitals only, in alphabetical order), the row numbers in the gutter
    (``_gutter``) and a selected cell's outline read as text."""
    out: set[int] = set()
    heights = [ln.height for r in rows for ln in r.lines if ln.has_letters and ln.box]
    hm = statistics.median(heights) if heights else 0.0
    for r in rows:
        f = r.folded
        stats = [m.group(1) for m in SELECTION_STATS.finditer(f)]
        if (len(stats) >= 2 and set(stats) - {"tong"}) or SHEET_TABS.search(f):
            out.update(ln.id for ln in r.lines)
        debris = {ln.id for ln in r.lines if _outline_debris(ln, hm)}
        if any(_tall(ln, hm) for ln in r.lines if ln.id in debris):
            # the outline's row: what else it cut, as tall, is the outline's too («8Đị»)
            debris |= {ln.id for ln in r.lines if _tall(ln, hm) and
                       not LETTER_RUN.search(ln.text)}
        out |= debris
        if r.lines and CELL_REFERENCE.match(r.lines[0].text.strip()) and len(r.lines) <= 3:
            out.update(ln.id for ln in r.lines)  # the formula bar
        letters = [ln.text.strip() for ln in r.lines]
        if len(letters) >= 2 and all(COLUMN_LETTERS.match(t) for t in letters) and \
                letters == sorted(letters, key=lambda t: (len(t), t)) and \
                len(set(letters)) == len(letters):
            out.update(ln.id for ln in r.lines)
    return out | _gutter(rows)


def _gutter(rows: list[Row]) -> set[int]:
    """A spreadsheet's row numbers: integers down the left of the page, each the
    leftmost line of its row, growing by one a row pitch down (OCR misses some), and
    from a row without other figures (the title, the header, an empty row) down
    through rows with figures: they number the sheet's rows, not a table's, where an
    STT column numbers its table's rows only, under its header «STT»."""
    lead: list[tuple[Line, Row]] = []
    for r in rows:
        lines = [ln for ln in r.lines if ln.box is not None]
        if not lines:
            continue
        first = min(lines, key=lambda ln: ln.box[0] if ln.box else 0.0)
        t = first.text.strip()
        if t.isdigit() and len(t) <= 3 and int(t) > 0:
            lead.append((first, r))
    out: set[int] = set()
    used: set[int] = set()
    for k, (a, _ra) in enumerate(lead):
        if a.id in used or a.box is None:
            continue
        run = [lead[k]]
        for b, rb in lead[k + 1:]:
            assert b.box is not None
            last = run[-1][0]
            assert last.box is not None
            if overlap(a.box[0] - a.height, a.box[2] + 0.2 * a.height, b.box[0], b.box[2]) > 0 \
                    and int(b.text) > int(last.text):
                run.append((b, rb))
        used.update(ln.id for ln, _r in run)
        if len(run) < 3:
            continue
        ys = [center_y(ln.box) for ln, _r in run if ln.box]
        vs = [int(ln.text) for ln, _r in run]
        steps = [(y1 - y0) / (v1 - v0) for y0, y1, v0, v1
                 in zip(ys, ys[1:], vs, vs[1:], strict=False)]
        pitch = statistics.median(steps)
        if pitch <= 0 or any(not 0.5 * pitch < s < 2.5 * pitch for s in steps):
            continue  # not one number a row (a header wrapped over lines is taller)
        figures = [any(ln.is_number and ln.id != g.id for ln in r.lines) for g, r in run]
        if figures[0] or not any(figures):
            continue  # a table's STT column (its first row's figures unread), a list
        top = run[0][0].box
        assert top is not None
        if any(fold(ln.text).strip(" .:") in INDEX_HEADERS and ln.box is not None and
               ln.box[3] <= top[1] and overlap(ln.box[0], ln.box[2], top[0] - top[3] + top[1],
                                               top[2]) > 0
               for r in rows for ln in r.lines):
            continue  # under its header «STT»: the table's own numbers
        out.update(g.id for g, _r in run)
    return out


def _menu_items(rows: list[Row], menu: set[int], height: float) -> set[int]:
    """The side menu's items and badges, below the top bar (the page title that starts
    over the menu is not one)."""
    return {ln.id for r in rows for ln in r.lines if ln.id in menu and
            len(ln.words) <= MENU_MAX_WORDS + 2 and ln.box is not None and
            ln.box[1] > 0.04 * height}


def _axes(rows: list[Row]) -> set[int]:
    """Chart axes: three or more numbers stacked at one x (right-aligned), evenly
    spaced and in arithmetic progression (2000, 1500, 1000, 500, 0): lone in their
    rows, or falling down the axis when a row holds other figures too."""
    lone = [r.lines[0] for r in rows if len(r.lines) == 1 and r.lines[0].is_number
            and r.lines[0].box]
    # a tick level with a bar's value label or a line's point starts its row; such
    # ticks count only falling down the axis (an STT column rises: 1, 2, 3)
    lone_ids = {ln.id for ln in lone}
    # a chart beside cards or a table: its tick levels share rows with their figures
    # (the figure stands first, the tick after it)
    lone += [ln for r in rows if len(r.lines) > 1 for ln in r.lines
             if ln.is_number and ln.box]
    # a number with words left of it in its row stands as a table's cell does, right
    # of its row's label
    labelled = {ln.id for r in rows if len(r.lines) > 1 for ln in r.lines
                if ln.is_number and ln.box and
                any(o.has_letters and o.box and o.box[2] <= ln.box[0] for o in r.lines)}
    out: set[int] = set()
    for a in lone:
        assert a.box is not None
        col = [b for b in lone if b.box and abs(b.box[2] - a.box[2]) < 0.8 * a.height]
        if len(col) < 3:
            continue
        # two charts one above the other share the axis's x: runs of evenly spaced
        # ticks with one step each
        seq: list[tuple[Line, float]] = []
        for b in sorted(col, key=lambda b: b.box[1] if b.box else 0):
            value = _tick_value(b.text)
            if value is None:
                seq = []
                break
            seq.append((b, value))
        run: list[tuple[Line, float]] = []
        for item in seq:
            if len(run) >= 2:
                (p, pv), (q, qv) = run[-2], run[-1]
                assert p.box and q.box and item[0].box
                gap, step = q.box[1] - p.box[1], round(qv - pv, 3)
                if round(item[1] - qv, 3) == step and \
                        abs(item[0].box[1] - q.box[1] - gap) <= 0.25 * max(gap, 1.0):
                    run.append(item)
                    continue
                if _ticks(run, lone_ids, labelled):
                    out.update(b.id for b, _v in run)
                run = run[-1:]
            run.append(item)
        if _ticks(run, lone_ids, labelled):
            out.update(b.id for b, _v in run)
    return out


def _ticks(run: list[tuple[Line, float]], lone: set[int], labelled: set[int]) -> bool:
    """Whether a run of evenly spaced numbers in arithmetic progression is an axis:
    when all stand alone in their rows; a run sharing rows with other figures (a
    chart beside cards, or a table's column falling 400, 300, 200) only when it falls,
    and either reaches the axis's zero, or ends one step above it (the zero not read:
    3000, 2250, 1500, 750), or stands mostly with no words left of it in its rows (a
    table's cells stand right of their rows' labels)."""
    if len(run) < 3:
        return False
    if all(b.id in lone for b, _v in run):
        return True
    step = run[0][1] - run[1][1]
    if step <= 0:
        return False
    return run[-1][1] in (0, step) or 2 * sum(b.id in labelled for b, _v in run) < len(run)


USER = re.compile(r"^(xin chao|chao mung|dang nhap|lan dang nhap|hom nay|tai khoan:|"
                  r"nguoi dung:|dang xuat)\b")
"""The top bar's greeting and user name («Xin chào, Nguyễn Văn Hùng»), login time and
today's date («Hôm nay: 29/04/2020»): never a fact, nor a tile's caption."""
COUNTERS = re.compile(r"luot\s*truy\s*cap|dang\s*truc\s*tuyen|dang\s*online|"
                      r"nguoi\s*truy\s*cap|truy\s*cap\s*hom\s*nay|ban\s*quyen|©|"
                      r"ho\s*tro\s*ky\s*thuat|phien\s*ban\s*\d")
"""A portal's footer and visitor counters («Đang trực tuyến: 35 · Lượt truy cập:
1.234.567», «© 2023 …», «Phiên bản 3.2»): «trực tuyến» there counts visitors."""
CHART_WIDTH = 70
"""How far right of its y axis a chart reaches, in text heights."""


def _charts(rows: list[Row], axes: set[int]) -> set[int]:
    """A chart's whole area, not only its axis: from the axis's top figure to just
    below its zero (category labels, the legend), right of the axis. Value labels
    over bars and legend words below them are no tiles («32» over «Quá hạn»)."""
    lines = [ln for r in rows for ln in r.lines if ln.box is not None]
    ticks = [ln for ln in lines if ln.id in axes]
    out = set(axes)
    groups: list[list[Line]] = []
    for t in sorted(ticks, key=lambda ln: ln.box[2] if ln.box else 0):
        if groups and groups[-1][-1].box and t.box and \
                abs(groups[-1][-1].box[2] - t.box[2]) < 0.8 * t.height:
            groups[-1].append(t)
        else:
            groups.append([t])
    for g in groups:
        boxes = [t.box for t in g if t.box]
        h = max(statistics.median(t.height for t in g), 1.0)
        x0, x1 = min(b[0] for b in boxes) - h, max(b[2] for b in boxes) + CHART_WIDTH * h
        y0, y1 = min(b[1] for b in boxes) - 1.5 * h, max(b[3] for b in boxes) + 3.5 * h
        y1 += _unread_zero(g)
        for ln in lines:
            assert ln.box is not None
            cx, cy = (ln.box[0] + ln.box[2]) / 2, (ln.box[1] + ln.box[3]) / 2
            # the chart's title over it is no axis, legend or bar label: it is what
            # the page is about («Tình hình tiếp nhận và giải quyết hồ sơ»)
            if x0 <= cx <= x1 and y0 <= cy <= y1 and len(ln.words) <= MENU_MAX_WORDS:
                out.add(ln.id)
    return out


def _unread_zero(ticks: list[Line]) -> float:
    """How far below an axis's lowest tick its zero stands when the page read missed
    it (500, 375, 250, 125 read, the 0 under them not): one tick spacing when the
    lowest tick is one step above zero, else none. The category labels and the legend
    are that much lower."""
    marks = sorted(((t.box[1], _tick_value(t.text)) for t in ticks if t.box), key=lambda m: m[0])
    if len(marks) < 3 or any(v is None for _y, v in marks):
        return 0.0
    (ya, a), (yb, b) = marks[-2], marks[-1]
    assert a is not None and b is not None
    return yb - ya if b > 0 and round(a - b, 3) == round(b, 3) else 0.0


def _tick_value(text: str) -> float | None:
    try:
        return float(text.replace(".", "").replace(",", ""))
    except ValueError:
        return None


PAGINATION = re.compile(r"(hien thi|dang xem|xem)\s*\d+\s*(-|–|den|toi)\s*\d+|"
                        r"\d+\s*(ban ghi|ket qua)\b|\bcua\s*\d[\d.,]*\s*muc\b|"
                        r"trang\s*\d+\s*/\s*\d+")
"""Pagination lines («Hiển thị 1 - 20 trên tổng số 245 bản ghi», «… của 245 mục»); a
bare «2 mục» is no pagination: «Mức độ 2 | Mức 3» folds to the same letters."""


def _tables(rows: list[Row], page: int, chrome: set[int]) -> list[Table]:
    """Runs of rows with a number and at least one other cell, under up to three
    header rows without numbers. Columns are the x-ranges of the number cells."""
    tables: list[Table] = []
    heads = _counted_numbers(rows, chrome)
    i = 0
    while i < len(rows):
        if not _data_row(rows[i], chrome, heads):
            i += 1
            continue
        j = i
        own = rows[i]  # the table's last row so far: no side menu's item beside it
        fragments: list[Row] = []
        while j + 1 < len(rows) and _near(rows[j], rows[j + 1]):
            nxt = rows[j + 1]
            if _data_row(nxt, chrome, heads) or _skipped(nxt, chrome):
                j += 1  # a side menu's item between two table rows is neither
                own = own if _skipped(nxt, chrome) else nxt
            elif _wrapped_label(nxt, rows[i:j + 1], chrome) and _near(own, nxt) and (
                    _line_spacing(own, nxt) or _data_row_follows(rows, j + 1, chrome, heads)):
                # a row label wrapped over two lines, near the table's own last row (a
                # side menu's items beside the table bridge no gap under it)
                fragments.append(nxt)
                j += 1
                own = nxt
            else:
                break
        body = [r for r in rows[i:j + 1] if r not in fragments and not _skipped(r, chrome)]
        # the captions' row: the next one with words (an icon's debris may come between)
        below = next((r for r in rows[j + 1:j + 3]
                      if sum(ch.isalpha() for ch in r.text) >= 3), None)
        above = next((rows[k] for k in range(i - 1, max(-1, i - 3), -1)
                      if not _skipped(rows[k], chrome)), None)
        if len(body) == 1 and (_captioned(body[0], below) or _cards_under(body[0], above)):
            i = j + 1
            continue  # a row of cards: numbers over or under their captions, no table
        if len(body) >= 2 and _card_rows(body, rows[j + 1:j + 4]) and \
                not _header_above(rows, i, chrome, heads):
            i = j + 1
            continue  # cards of uneven heights: their big figures fall in two rows
        lead = _leading_rows(rows, i, body, chrome, heads)
        if lead:
            fragments = lead + fragments
            i = rows.index(lead[0])
        if len(body) >= 2 or _header_above(rows, i, chrome, heads):
            t = _table(len(tables) + 1, page, rows, i, j, chrome, fragments, heads)
            if t is not None:
                tables.append(t)
        i = j + 1
    return tables


YEAR = re.compile(r"^(19|20)\d\d$")
BUTTONS = re.compile(r"\b(loc|xuat excel|xuat|tim kiem|xem bao cao|loc du lieu|chon)\b")


def _all_chrome(r: Row, chrome: set[int]) -> bool:
    return bool(r.lines) and all(ln.id in chrome for ln in r.lines)


def _skipped(r: Row, chrome: set[int]) -> bool:
    """A row inside a table that is none of its rows: a side menu's item, or a cell
    border or an icon read as a few marks («—=——=^~», «„u»)."""
    return _all_chrome(r, chrome) or (bool(r.lines) and not any(
        ln.is_number or ln.has_letters for ln in r.lines))


def _pitch(body: list[Row], least: float = 0.0) -> float | None:
    """The distance between two table rows of one text line: the smallest distance
    between the middles of two rows' figures (a wrapped row is taller, a row whose
    figures were not read leaves a double gap) of at least ``least`` (a row's figures
    cut into two rows a pixel apart are no two rows)."""
    ys = sorted(statistics.median(center_y(ln.box) for ln in r.lines
                                  if ln.is_number and ln.box)
                for r in body if any(ln.is_number and ln.box for ln in r.lines))
    steps = [b - a for a, b in itertools.pairwise(ys) if b - a > least]
    return min(steps) if steps else None


def _leading_rows(rows: list[Row], i: int, body: list[Row], chrome: set[int],
                  heads: frozenset[int] = frozenset()) -> list[Row]:
    """Label-only rows right above a table's first row with figures: the first line of
    its wrapped label (a line spacing above), or rows whose figures OCR did not read
    (a row pitch apart each) under the table's header. Each stands in the row-label
    column, left-aligned with the rows' labels; rows of their own only when a header
    stands above them (a title over a key–value list is no row)."""
    first = rows[i]
    nums = [ln.box[0] for ln in first.lines if ln.is_number and ln.box and ln.id not in chrome]
    labs = [ln.box[0] for ln in first.lines if ln.has_letters and ln.box and
            ln.id not in chrome]
    if not nums:
        return []
    # a row of figures alone: its label's lines stand above and below it
    x_lab = min(labs) if labs else None
    h = max(first.height, 1.0)
    pitch = _pitch(body) or 0.0
    y = statistics.median(center_y(ln.box) for ln in first.lines if ln.is_number and ln.box)
    out: list[Row] = []
    k = i - 1
    while k >= 0:
        r = rows[k]
        lines = [ln for ln in r.lines if ln.id not in chrome]
        if r.box is None or not lines:
            break
        x0 = min(ln.box[0] for ln in lines if ln.box)
        # (the STT left of the labels is no figure the label must end before)
        x_num = min((x for x in nums if x > x0), default=-1.0)
        if not all(ln.has_letters and not ln.is_number and ln.box and ln.box[2] < x_num
                   for ln in lines) or (x_lab is not None and abs(x0 - x_lab) > 1.5 * h) or \
                INDEX_HEADERS & set(fold(r.text).split()) or DATE_LIKE.search(r.text):
            break
        d = y - center_y(r.box)
        if d < 1.2 * h and not out:
            out.insert(0, r)  # the first line of the first row's wrapped label
        elif x_lab is not None and pitch >= 1.5 * h and \
                abs(d - (len(out) + 1) * pitch) < 0.35 * pitch:
            out.insert(0, r)  # a row of its own, its figures unread
        else:
            break
        k -= 1
    if any(abs(y - center_y(r.box) ) >= 1.2 * h for r in out if r.box) and \
            not _header_above(rows, rows.index(out[0]), chrome, heads):
        out = [r for r in out if r.box and abs(y - center_y(r.box)) < 1.2 * h]
    return out


def _counted_numbers(rows: list[Row], chrome: set[int]) -> frozenset[int]:
    """Small numbers that end a header wrapped over two lines: «Mức độ» over «3», «DVC
    mức độ» over «4» (a level, a quarter), a line spacing under a word that counts
    them and aligned with it; part of the header's text, never a figure, and the row
    they stand in no table row."""
    out: set[int] = set()
    lines = [ln for r in rows for ln in r.lines if ln.box is not None and ln.id not in chrome]
    # the text's height: words' (a figure or a word without accents or descenders,
    # «Mức», is shorter)
    heights = [ln.height for ln in lines if ln.has_letters]
    hm = statistics.median(heights) if heights else 0.0
    for n in lines:
        t = n.text.strip()
        if not (t.isdigit() and len(t) <= 2) or n.box is None:
            continue
        nb = n.box
        for a in lines:
            ab = a.box
            assert ab is not None
            words = a.folded.strip(" .:").split()
            if not words or words[-1] not in COUNTED_WORDS:
                continue
            h = max(a.height, n.height, hm, 1.0)
            step = center_y(nb) - center_y(ab)
            if 0 < step < 1.75 * h and nb[1] - ab[3] < 0.9 * h and \
                    ab[0] - 0.5 * h <= (nb[0] + nb[2]) / 2 <= ab[2] + 0.5 * h:
                out.add(n.id)
                break
    return frozenset(out)


def _data_row(r: Row, chrome: set[int], heads: frozenset[int] = frozenset()) -> bool:
    # an icon read as a mark («*», «@») is no cell: a card's icon beside a digit is
    # no table row
    lines = [ln for ln in r.lines if ln.id not in chrome and (ln.is_number or ln.has_letters)]
    nums = [ln for ln in lines if ln.is_number and ln.id not in heads and
            not (YEAR.match(ln.text) and "nam" in r.folded)]
    return bool(nums) and len(lines) >= 2 and not FILTER.search(r.folded)


FILTER = re.compile(r"tu\s*ngay|den\s*ngay|ngay\s*bat\s*dau|thoi\s*gian\s*:|chon\s*nam|"
                    r"chonnam")


def _wrapped_label(r: Row, body: list[Row], chrome: set[int]) -> bool:
    """Text only, left of the body's first number: the rest of a row label."""
    xs = []
    for b in body:
        texts = [ln.box[2] for ln in b.lines if ln.has_letters and ln.box]
        after = min(texts) if texts else -1.0  # numbers after the label: not the STT
        xs += [ln.box[0] for ln in b.lines if ln.is_number and ln.box and ln.id not in chrome
               and ln.box[0] > after]
    # (a sheet's row number, a selection's outline read as marks: chrome beside it)
    # a figure OCR could not read comes out as a mark or a letter («13» read «c»):
    # debris, where a row label's rest or a row whose figures were not read stands
    words = [ln for ln in r.lines if ln.id not in chrome and (ln.is_number or ln.has_letters)]
    if not words:
        return False
    # an STT column stands left of the labels: a row of figures alone (its label
    # wrapped over the lines above and below it) has its row number left of them
    start = min((ln.box[0] for ln in words if ln.box), default=0.0)
    xs = [x for x in xs if x > start]
    if not xs:
        return False
    first = min(xs)
    return all(ln.has_letters and ln.box is not None and ln.box[2] < first and
               not ln.is_number for ln in words)


def _captioned(r: Row, below: Row | None) -> bool:
    """Numbers only, each with a text right under it: a row of dashboard cards."""
    # icons beside the figures come out as a few stray letters
    if below is None or not _near(r, below) or \
            not all(ln.is_number or len(ln.text.strip()) <= 4 for ln in r.lines):
        return False
    caps = [ln for ln in below.lines if ln.has_letters and ln.box]
    hits = 0
    nums = [ln for ln in r.lines if ln.is_number]  # the icons' debris has no caption
    for ln in nums:
        if ln.box and any(c.box and overlap(ln.box[0], ln.box[2], c.box[0], c.box[2]) > 0
                          for c in caps):
            hits += 1
    return hits >= max(1, len(nums) - 1)


def _card_rows(body: list[Row], below: list[Row]) -> bool:
    """Rows of big figures alone (an icon's debris beside them), over captions of
    smaller text: dashboard cards whose captions wrap over one or two lines, so that
    their figures stand at two heights; no table has rows without a label."""
    if not all(all(ln.is_number or len(ln.text.strip()) <= 4 for ln in r.lines) for r in body):
        return False
    nums = [ln.height for r in body for ln in r.lines if ln.is_number and ln.box]
    caps = [ln.height for r in below for ln in r.lines if ln.has_letters and ln.box]
    return bool(nums and caps) and statistics.median(nums) >= 1.25 * statistics.median(caps)


def _cards_under(r: Row, above: Row | None) -> bool:
    """Big figures only, each under a caption of smaller text: a row of dashboard cards
    whose label stands above the value («Tiếp nhận hôm nay» over «3»), not a table
    row under its header (a header's text is no smaller than its cells')."""
    if above is None or not _near(above, r) or \
            not all(ln.is_number or len(ln.text.strip()) <= 4 for ln in r.lines):
        return False
    nums = [ln for ln in r.lines if ln.is_number and ln.box]
    caps = [ln for ln in above.lines if ln.has_letters and ln.box]
    if not nums or not caps:
        return False
    if statistics.median(ln.height for ln in nums) < \
            1.25 * statistics.median(ln.height for ln in caps):
        return False
    hits = sum(1 for ln in nums if any(
        c.box and ln.box and overlap(ln.box[0], ln.box[2], c.box[0], c.box[2]) > 0
        for c in caps))
    return hits >= max(1, len(nums) - 1)


WRAP_GAP = 1.0
"""The most blank, in text heights, between a label's lines wrapped in one cell."""


WRAP_REACH = 3
"""Lines of a wrapped row label that may stand before the row's figures («Lao động -»,
«Thương» over the figures of «… binh và Xã hội»)."""


def _data_row_follows(rows: list[Row], k: int, chrome: set[int], heads: frozenset[int]) -> bool:
    """Whether a table row follows row ``k`` (the first line of a wrapped label) within
    ``WRAP_REACH`` rows, each near the one before: the label's row is the table's."""
    for m in range(k + 1, min(len(rows), k + 1 + WRAP_REACH)):
        if not _near(rows[m - 1], rows[m]):
            return False
        if _data_row(rows[m], chrome, heads):
            return True
    return False


def _line_spacing(a: Row, b: Row) -> bool:
    """Whether ``b`` stands a line spacing under ``a``: the next line of a label
    wrapped in its cell, not the caption of what follows the table (a panel's
    margin and padding apart). Text further down is still a row's label when a row
    of the table follows it (the first line of a label wrapped around its figures)."""
    if a.box is None or b.box is None:
        return False
    return b.box[1] - a.box[3] < WRAP_GAP * max(min(a.height, b.height), 1.0)


def _near(a: Row, b: Row) -> bool:
    if a.box is None or b.box is None:
        return False
    h = max(a.height, b.height, 1.0)
    return b.box[1] - a.box[3] < 2.2 * h


CARD_FIGURE = 1.5
"""Figures this many times taller than the words over them (their median height) are a
row of cards' big digits, not a table's cells: the text above (a filter bar, the
page's title) is no header of theirs. A table's figures stand about as tall as its
header's words (digits reach neither a mark's height nor a descender's depth, short
letters stand lower: up to 1.3 times)."""


def _word_height(lines: list[Line]) -> float:
    hs = [w.box[3] - w.box[1] for ln in lines for w in ln.words if w.box is not None]
    return statistics.median(hs) if hs else 0.0


HEADER_ROWS_MAX = 7
"""Rows over a table's body that may be its header, at most: a two-level header whose
cells wrap over two lines is cut into up to six rows that interleave (a group header
wrapped beside a one-line one, «Văn bản đến» over «(VB)» beside «Văn bản đi»)."""


def _header_above(rows: list[Row], i: int, chrome: set[int],
                  heads: frozenset[int] = frozenset()) -> list[Row]:
    out: list[Row] = []
    k = i - 1
    below = rows[i]
    left = min((ln.box[0] for ln in rows[i].lines if ln.box), default=0.0)
    figures = [ln.height for ln in rows[i].lines if ln.is_number and ln.box]
    big = statistics.median(figures) if figures else 0.0
    while k >= 0 and len(out) < HEADER_ROWS_MAX:
        r = rows[k]
        lines = [ln for ln in r.lines if ln.id not in chrome]
        if not lines and r.lines:
            k -= 1  # a side menu's item beside the header
            continue
        if not lines or any(ln.is_number and ln.id not in heads for ln in lines) or \
                DATE_LIKE.search(r.text) or _word_height(lines) * CARD_FIGURE < big or \
                not _near(r, below) or \
                not any(ln.has_letters or ln.id in heads for ln in lines) or \
                BUTTONS.search(r.folded):
            break  # a filter bar or a toolbar is no header (a row of the levels wrapped
            # under «Mức độ» is: «2 | 3 | 4», the side menu's items beside it)
        if len(lines) == 1 and lines[0].box and abs(lines[0].box[0] - left) < \
                1.5 * max(lines[0].height, 1.0):
            break  # a title or caption over a key–value list, not a column header
        if _document_heading(r):
            break  # a form's heading over its table: its title and what it is for
        out.insert(0, r)
        below = r
        k -= 1
    return out


INDEX_HEADERS = {"stt", "tt", "#", "so tt", "so thu tu", "thu tu"}
MOTTO = re.compile(r"cong\s*hoa\s*xa\s*hoi|doc\s*lap\W*tu\s*do|tu\s*do\W*hanh\s*phuc")
"""The national motto (Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM», Tiêu ngữ «Độc lập -
Tự do - Hạnh phúc») heading every administrative document, beside the issuing body."""
TITLE_KINDS = re.compile(r"^(bao\s*cao|bieu|bang|thong\s*ke|danh\s*sach|tong\s*hop|so\s*lieu|"
                         r"ke\s*hoach|ket\s*qua)\b")
"""The kinds of document a form's title names first («BÁO CÁO …», «BIỂU TỔNG HỢP …»)."""


def _document_heading(r: Row) -> bool:
    """Whether a row over a table is a form's heading, never a header row of its table
    (Nghị định 30/2020/NĐ-CP lays it out): the issuing body beside the national motto,
    the document's title in capitals naming its kind («BÁO CÁO SỐ LIỆU ỨNG DỤNG CNTT»),
    or a note on it wholly in parentheses («(Kèm theo kỳ báo cáo ghi ở trên)»). A
    header's cells are short: no group header is a sentence in capitals or brackets."""
    text = r.text.strip()
    words = text.split()
    letters = [ch for ch in text if ch.isalpha()]
    title = len(words) >= 4 and bool(letters) and all(ch.isupper() for ch in letters) and \
        bool(TITLE_KINDS.match(fold(text)))
    note = len(words) >= 3 and text.startswith("(") and text.endswith(")")
    return bool(MOTTO.search(r.folded)) or title or note


def _table(n: int, page: int, rows: list[Row], i: int, j: int, chrome: set[int],
           fragments: list[Row] | None = None, heads: frozenset[int] = frozenset()
           ) -> Table | None:
    fragments = fragments or []
    body = [r for r in rows[i:j + 1] if r not in fragments and not _skipped(r, chrome)]
    unread = _unread_rows(body, fragments)
    if unread:
        fragments = [fr for fr in fragments if fr not in unread]
        body = [r for r in rows[i:j + 1] if r not in fragments and not _skipped(r, chrome)]
    # columns: number cells clustered by horizontal overlap across the body
    cols: list[list[float]] = []
    for r in body:
        for ln in r.lines:
            if not ln.is_number or ln.box is None or ln.id in chrome or ln.id in heads:
                continue
            for c in cols:
                if overlap(ln.box[0], ln.box[2], c[0], c[1]) > 0 or \
                        abs(ln.box[2] - c[1]) < ln.height * 0.6:  # right-aligned numbers
                    c[0], c[1] = min(c[0], ln.box[0]), max(c[1], ln.box[2])
                    break
            else:
                cols.append([ln.box[0], ln.box[2]])
    if not cols:
        return None
    cols.sort()
    merged: list[list[float]] = []
    for c in cols:
        if merged and c[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], c[1])
        else:
            merged.append(list(c))
    h_med = statistics.median(r.height for r in body) or 10.0
    # the leading index columns (a sheet's row numbers, then the table's STT): the
    # row labels stand right of the last, the others are no column of the table
    lead = 0
    while lead < len(merged) - 1 and _index_figures(body, merged[lead:], chrome, h_med,
                                                    lead > 0):
        lead += 1
    outside = {ln.id for c in merged[:max(lead - 1, 0)] for r in body for ln in r.lines
               if ln.is_number and ln.box and c[0] <= ln.box[0] and ln.box[2] <= c[1]}
    merged = merged[max(lead - 1, 0):]
    idx0 = lead > 0
    header_rows = _header_above(rows, i, chrome, heads)
    # each column's reach: halfway to its neighbours, so a left-aligned header over a
    # right-aligned number still falls on its column
    # a column's area: from the previous column's figures to just past its own (figures
    # are right-aligned under centred headers in most systems)
    steps = [merged[k][1] - merged[k - 1][1] for k in range(1, len(merged))]
    spacing = statistics.median(steps) if steps else 6 * h_med
    reach = []
    for k, c in enumerate(merged):
        lo = merged[k - 1][1] + 1 if k else c[1] - spacing
        reach.append((lo, c[1] + 0.5 * h_med))
    columns = _headers(merged, reach, header_rows, chrome, 1 if idx0 else 0,
                       _pitch(body, h_med))
    if not idx0 and len(columns) > 1 and (_index_header(columns[0]) or _index_cell_by(
            header_rows, merged[0], h_med, chrome)):
        # numbered «1», «1.1», «2» read as «11», «21» or missed: its header still says
        # it holds the rows' numbers, and the row labels stand right of it
        idx0 = True
        columns = _headers(merged, reach, header_rows, chrome, 1, _pitch(body, h_med))
    cells: list[Cell] = []
    labels: list[str] = []
    label_lines: list[tuple[Line, ...]] = []
    first_x = merged[1][0] if idx0 else merged[0][0]
    for ri, r in enumerate(body):
        lab: list[Line] = []
        for ln in r.lines:
            if ln.box is None or ln.id in chrome or ln.id in outside:
                continue
            if ln.is_number:
                col = _column_of(ln, reach)
                if col is not None:
                    cells.append(Cell(ln, ri, col))
                    continue
            if ln.box[2] <= first_x + 2 or not ln.is_number:
                lab.append(ln)
        label_lines.append(tuple(lab))
    for fr in fragments:  # each wrapped piece to the data row whose middle is nearest
        if fr.box is None:
            continue
        near = min(range(len(body)), key=lambda ri: abs(center_y(body[ri].box) -  # type: ignore[arg-type]
                                                        center_y(fr.box)))  # type: ignore[arg-type]
        label_lines[near] = tuple(sorted((*label_lines[near], *fr.lines), key=_reading_order))
    units = _unit_spans(header_rows, chrome)
    label_lines = [tuple(ln for ln in lab_t if not _under(ln, units)) for lab_t in label_lines]
    index_col = 0 if idx0 else None
    for k, column in enumerate(columns if index_col is None else ()):
        vals = [cl.line.text for cl in cells if cl.col == k]
        if _index_header(column) or (k == 0 and len(vals) >= 2 and
                                     vals == [str(v) for v in range(1, len(vals) + 1)]):
            index_col = k
            break
    if index_col == 0 and not idx0 and len(merged) > 1:
        # an STT column known by its header whose numbers are no run of the rows'
        # positions (numbering again from 1 in each group, a group's roman «II»):
        # the row labels stand right of it, as they do right of any STT column
        first_x = merged[1][0]
    for lab_t in label_lines:
        labels.append(" ".join(ln.text for ln in lab_t if ln.box and ln.box[2] <= first_x + 2))
    return Table(n, page, tuple(body), tuple(header_rows), tuple(columns), tuple(cells),
                 tuple(labels), tuple(label_lines), index_col)


def _index_header(column: Column) -> bool:
    """Whether a column's own header says it numbers the rows («STT», «TT»)."""
    return bool(column.header) and fold(column.header[-1].text).strip(" .:") in INDEX_HEADERS


def _index_figures(body: list[Row], merged: list[list[float]], chrome: set[int],
                   h: float, after: bool = False) -> bool:
    """Whether the first of the columns of figures ``merged`` numbers the rows, so
    that the row labels stand right of it: narrow, and its numbers the rows'
    positions (OCR may miss some of them), counted from 1 (an STT column) or in
    outline («1», «1.1», «2»), or counted from the rows above the table too (a
    sheet's row numbers count the title's and the header's rows). Counted from
    elsewhere than 1, or ``after`` another index column, its rows' labels must stand
    right of it and none left of it, as a value column has them."""
    vals = [(ri, ln.text.strip()) for ri, r in enumerate(body) for ln in r.lines
            if ln.is_number and ln.box and merged[0][0] <= ln.box[0] and
            ln.box[2] <= merged[0][1]]
    if not vals or merged[0][1] - merged[0][0] >= 3 * h:
        return False
    if not after and (all(v.isdigit() and int(v) == ri + 1 for ri, v in vals) or
                      _outline(body, vals, merged, chrome)):
        return True
    if not all(v.isdigit() and len(v) <= 3 for _ri, v in vals) or \
            len({int(v) - ri for ri, v in vals}) != 1 or int(vals[0][1]) <= vals[0][0]:
        return False
    texts = [[ln.box for ln in body[ri].lines if ln.has_letters and ln.box is not None and
              ln.id not in chrome] for ri, _v in vals]
    # (an STT column may stand between it and the labels)
    return all(any(merged[0][1] <= b[0] and b[2] <= merged[-1][0] for b in row) and
               not any(b[2] <= merged[0][0] for b in row) for row in texts)


def _index_cell_by(header_rows: list[Row], col: list[float], h: float, chrome: set[int]
                   ) -> bool:
    """Whether the header's lowest row has an «STT» cell beside the first column's
    figures, within two text heights of them: the row numbers stand left-aligned in
    their cell, its header centred to their right."""
    if not header_rows:
        return False
    return any(ln.box is not None and ln.id not in chrome and
               fold(ln.text).strip(" .:") in INDEX_HEADERS and
               ln.box[0] < col[1] + 2 * h and ln.box[2] > col[0] - 2 * h
               for ln in header_rows[-1].lines)


UNIT_HEADER = re.compile(r"^(don vi tinh|dvt|đvt|don vi do)$")
"""The header of a report form's unit-of-measure column («Đơn vị tính», «ĐVT»): its
cells («Máy», «Tài khoản», «Cuộc») say what a row's figure counts in, not which row
it is."""


def _unit_spans(header_rows: list[Row], chrome: set[int]) -> list[tuple[float, float]]:
    """The x-ranges of the unit-of-measure columns: from the end of the header cell
    left of their header to the start of the one right of it (a centred header over
    cells written from the left edge)."""
    out = []
    for r in header_rows:
        lines = sorted((ln for ln in r.lines if ln.box is not None and ln.id not in chrome),
                       key=lambda ln: ln.box[0] if ln.box else 0.0)
        for k, ln in enumerate(lines):
            assert ln.box is not None
            if UNIT_HEADER.match(fold(ln.text).replace("đ", "d").strip(" .:()")):
                left = lines[k - 1].box if k else None
                right = lines[k + 1].box if k + 1 < len(lines) else None
                out.append((left[2] if left else ln.box[0], right[0] if right else ln.box[2]))
    return out


def _under(ln: Line, spans: list[tuple[float, float]]) -> bool:
    """Whether a cell stands wholly in one of the column ``spans``."""
    if ln.box is None:
        return False
    return any(a <= ln.box[0] and ln.box[2] <= b for a, b in spans)


OUTLINE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,2}\.?$")


def _outline(body: list[Row], first_vals: list[tuple[int, str]], merged: list[list[float]],
             chrome: set[int]) -> bool:
    """Whether the first column of figures numbers a report form's indicators in
    outline («1», «1.1», «1.2», «2», «2.1»): short numbers, some with a sub-number,
    in increasing order, and a row label right of each (between it and the next
    column), where a column of figures has its labels left of it."""
    if not any("." in v.strip(".") for _ri, v in first_vals):
        return False
    keys = []
    for _ri, v in first_vals:
        if not OUTLINE.match(v):
            return False
        keys.append(tuple(int(p) for p in v.strip(".").split(".")))
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        return False
    lo, hi = merged[0][1], merged[1][0]
    rows = {ri for ri, _v in first_vals}
    return all(any(ln.has_letters and ln.box is not None and ln.id not in chrome and
                   lo <= ln.box[0] and ln.box[2] <= hi for ln in body[ri].lines)
               for ri in rows)


def _unread_rows(body: list[Row], fragments: list[Row]) -> list[Row]:
    """Label-only rows that are rows of their own whose figures OCR did not read (pale
    or dark cells), not a label wrapped over two lines: such a row stands a whole row
    pitch from the rows above and below it, where a wrapped label's second line stands
    a line spacing from its first, beside the row's figures (vertically centred)."""
    data = [r for r in body if any(ln.is_number and ln.box for ln in r.lines)]
    pitch = _pitch(data)
    if pitch is None:
        return []
    ys = [statistics.median(center_y(ln.box) for ln in r.lines if ln.is_number and ln.box)
          for r in data]
    h = statistics.median(r.height for r in data) or 1.0
    out = []
    for fr in fragments:
        if fr.box is None:
            continue
        c = center_y(fr.box)
        d = min(abs(c - y) for y in ys)
        # on the table's grid: the label-only rows between two rows with figures
        # fill the gap between them, one row pitch each
        above = max((y for y in ys if y < c), default=None)
        below = min((y for y in ys if y > c), default=None)
        lo = above if above is not None else c - pitch
        hi = below if below is not None else c + pitch
        k = sum(1 for f in fragments if f.box is not None and lo < center_y(f.box) < hi)
        if above is not None and below is not None:
            on_grid = abs((below - above) / pitch - (k + 1)) < 0.35
        else:
            on_grid = abs(d / pitch - round(d / pitch)) < 0.35 and round(d / pitch) <= k
        if d >= 0.7 * pitch and d >= 1.5 * h and on_grid:
            out.append(fr)
    return out


def _headers(merged: list[list[float]], reach: list[tuple[float, float]],
             header_rows: list[Row], chrome: set[int], first: int = 0,
             pitch: float | None = None) -> list[Column]:
    """Each column's own header (the header cell nearest over its figures), then the
    group headers above it («Văn bản đến» over «Số lượng | Đã số hóa»).

    Header cells are built from the header's lines by their geometry, not by the rows
    they were clustered into: a header whose cells wrap over different numbers of lines
    («Tổng» beside «Nộp trực» / «tuyến») is cut into rows that interleave, so that a
    single-line cell and the first line of a wrapped one stand in different rows. A
    column whose own header reaches up into a group header's row (a rowspan cell,
    vertically centred over the whole header) has no group and ends the group's span."""
    lines = [ln for r in header_rows for ln in r.lines
             if ln.box is not None and ln.id not in chrome]
    if not lines:
        return [Column(c[0], c[1]) for c in merged]
    # the text's height: words' (figures and words without accents stand shorter)
    hm = statistics.median(ln.height for ln in lines if ln.has_letters) \
        if any(ln.has_letters for ln in lines) else 10.0
    # a filter bar's buttons and icons over the table read as a few tall marks
    # («Errrg» three text heights tall) are no header cell
    lines = [ln for ln in lines if ln.height <= 2.2 * hm]
    row_of = {ln.id: k for k, r in enumerate(header_rows) for ln in r.lines}
    cells = _header_cells(lines, hm, row_of, pitch)
    own: list[_Cell | None] = []
    # from the lowest cells up, a band of cells as low at a time (a single-line cell
    # beside wrapped ones stands a little higher): in each, a cell right over the
    # figures first, else one over the column's area (a group centred over two
    # columns reaches over the first one's figures, but stands higher)
    # a change column's header may hold no letters at all («+/-», «±»)
    order = sorted((c for c in cells if c.line.has_letters or _letter_header(c.line) or
                    CHANGE_MARK.search(c.line.text)), key=lambda c: -c.box[3])
    bands: list[list[_Cell]] = []
    for c in order:
        if bands and c.box[3] >= bands[-1][0].box[3] - 0.6 * hm:
            bands[-1].append(c)
        else:
            bands.append([c])
    pad = 0.5 * hm
    for k, (lo, hi) in enumerate(reach):
        found = None
        mid = (merged[k][0] + merged[k][1]) / 2
        for band in bands:
            for near, area in enumerate(((merged[k][0] - pad, merged[k][1] + pad), (lo, hi))):
                ovs = [c for c in band if overlap(c.box[0], c.box[2], area[0], area[1]) > 0
                       and not (near and _letter_header(c.line))]
                if ovs:
                    # the cell nearest the figures: right-aligned figures in a wide
                    # cell stand right of their centred header, whose area then
                    # reaches over a text column's header too («Đơn vị tính»)
                    found = min(ovs, key=lambda c: abs((c.box[0] + c.box[2]) / 2 - mid))
                    break
            if found is not None:
                break
        own.append(found)
    used = {id(c) for c in own if c is not None}
    bottom = max((c.box[3] for c in own if c is not None), default=0.0)
    groups = [c for c in cells if id(c) not in used and c.line.has_letters and
              c.box[3] <= bottom and
              c.box[2] > reach[first][0] + (reach[first][1] - reach[first][0]) * 0.3]
    groups_of: dict[int, list[Line]] = {k: [] for k in range(len(own))}
    top: dict[int, _Cell] = {k: c for k, c in enumerate(own) if c is not None}
    for level in _levels(groups):
        l_top = min(g.box[1] for g in level)
        l_bottom = max(g.box[3] for g in level)
        # a rowspan cell's text is centred over the whole header, a group's member's
        # under the group's row
        mid = ((l_top + bottom) / 2 + (l_bottom + bottom) / 2) / 2
        members: list[tuple[int, Line]] = []
        blockers: set[int] = set()
        for k, c in top.items():
            is_own = c is own[k]
            if c.box[1] >= l_bottom - 0.3 * hm and (not is_own or center_y(c.box) > mid):
                members.append((k, own[k].line))  # type: ignore[union-attr]
            else:
                blockers.add(k)
        spans = _group_spans(members, blockers, [g.line for g in level])
        by_id = {id(g.line): g for g in level}
        for k, g in spans.items():
            groups_of[k].insert(0, g)
            top[k] = by_id[id(g)]
    columns = []
    for k, o in enumerate(own):
        header = [*groups_of[k], o.line] if o is not None else []
        columns.append(Column(merged[k][0], merged[k][1], tuple(header)))
    return columns


LETTER_HEADER_CONF = 80.0
"""A one-letter header cell read at least this surely (0–100) is a letter, not a mark."""


def _letter_header(ln: Line) -> bool:
    """A header cell of one capital letter: an abbreviation read short («SL», số lượng,
    read «S») or written so («T», «N»). Only right over a column's figures is it that
    column's own header (a stray letter-like mark elsewhere is none); «I» is a cell
    border as often as a letter."""
    t = ln.text.strip()
    return len(t) == 1 and t.isalpha() and t.isupper() and t != "I" and \
        all(w.conf is None or w.conf >= LETTER_HEADER_CONF for w in ln.words)


@dataclass
class _Cell:
    """A header cell: its lines, top to bottom (a wrapped header's several)."""

    parts: list[Line]

    @property
    def box(self) -> Box:
        bs = [p.box for p in self.parts if p.box]
        return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs),
                max(b[3] for b in bs))

    @cached_property
    def line(self) -> Line:
        """The cell's text as one line (asked once the cell is complete)."""
        if len(self.parts) == 1:
            return self.parts[0]
        words = [w for p in sorted(self.parts, key=_reading_order) for w in p.words]
        low = self.parts[-1]
        return Line.make(low.id, words, low.page, low.method)


def _header_cells(lines: list[Line], hm: float, row_of: dict[int, int],
                  pitch: float | None = None) -> list[_Cell]:
    """The header's lines joined into cells: pieces of one line that row clustering
    put in different rows («một» | «cửa»), then a header wrapped over lines («Số» over
    «lượng», «Tỷ lệ ký» over «số (%)», «Trễ» over «hạn»): a line spacing apart (not a
    group header's padding, which adds a cell's padding twice), aligned (centred,
    left- or right-aligned alike) and over this cell alone (a text over its
    neighbours too is a group's)."""
    # pieces of one visual line that row clustering put in different rows: side by
    # side at a word space, overlapping in height (within a row the line was cut at a
    # cell's edge: a rule or a cell's padding)
    pieces = sorted(lines, key=lambda ln: ln.box[0] if ln.box else 0.0)
    joined: list[list[Line]] = []
    for ln in pieces:
        assert ln.box is not None
        for run in joined:
            last = run[-1]
            assert last.box is not None
            gap = ln.box[0] - last.box[2]
            ov = overlap(ln.box[1], ln.box[3], last.box[1], last.box[3])
            if -0.2 * hm < gap < 0.45 * hm and ov >= 0.5 * min(ln.height, last.height) and \
                    row_of.get(ln.id) != row_of.get(last.id):
                run.append(ln)
                break
        else:
            joined.append([ln])
    flat = []
    for run in joined:
        if len(run) == 1:
            flat.append(run[0])
        else:
            flat.append(Line.make(run[-1].id, [w for p in run for w in p.words],
                                  run[0].page, run[0].method))
    order = sorted(flat, key=lambda ln: (ln.box[1], ln.box[0]) if ln.box else (0.0, 0.0))
    # a line spacing: less than the text's height and a half (boxes drawn tight round
    # the ink are shorter than a text layer's), and less than the body's row pitch (a
    # group over its cells stands a cell's paddings and border further, as a row
    # stands from the next)
    spacing = 1.6 * hm if pitch is None else min(1.6 * hm, 0.9 * pitch)
    cells: list[_Cell] = []
    for ln in order:
        b = ln.box
        assert b is not None
        home = None
        for c in cells:
            last = c.parts[-1]
            a = last.box
            assert a is not None
            cb = c.box
            step = center_y(b) - center_y(a)
            # under the cell's last line, or under the cell as a whole (its last line
            # may be a piece of a line OCR cut in two: «Trước và» | «đúng» over «hạn»)
            under = any(_wraps_under(x, b, hm) for x in (a, cb))
            if not (0 < step < spacing and b[1] - a[3] < 0.75 * hm and under):
                continue
            # over this cell alone: no other text under the cell down to this line
            others = [o for o in flat if o is not ln and o.box is not None and
                      o not in c.parts and o.box[1] >= a[1] and o.box[1] < b[3] and
                      center_y(o.box) > center_y(a) and
                      overlap(o.box[0], o.box[2], cb[0], cb[2]) > 0]
            if not others:
                home = c
                break
        if home is None:
            cells.append(_Cell([ln]))
        else:
            home.parts.append(ln)
    return cells


LEVEL_OVERLAP = 0.35
"""Share of the shorter of two group header cells' heights they must overlap by to
stand in one row: a word split off a rowspan cell's text («Tỷ» of «Tỷ lệ ký số (%)»),
lower than the groups' row, only touches it; two groups of one row a few pixels apart
(one read in part) overlap by about half their height."""


def _wraps_under(a: Box, b: Box, hm: float) -> bool:
    """Whether ``b`` stands as a wrapped header's next line under ``a``: aligned with it
    (centred, left- or right-aligned alike) and over half the narrower one's width."""
    aligned = min(abs(a[0] - b[0]), abs(a[2] - b[2]),
                  abs((a[0] + a[2]) / 2 - (b[0] + b[2]) / 2)) < hm
    return aligned and overlap(a[0], a[2], b[0], b[2]) >= 0.5 * min(a[2] - a[0], b[2] - b[0])


def _levels(groups: list[_Cell]) -> list[list[_Cell]]:
    """Group header cells in rows (heights overlapping by half the shorter), the row
    nearest the columns' own headers first."""
    levels: list[list[_Cell]] = []
    for g in sorted(groups, key=lambda c: -c.box[3]):
        for lv in levels:
            if any(overlap(g.box[1], g.box[3], o.box[1], o.box[3]) >= LEVEL_OVERLAP * min(
                    g.box[3] - g.box[1], o.box[3] - o.box[1]) for o in lv):
                lv.append(g)
                break
        else:
            levels.append([g])
    return levels


def _group_spans(members: list[tuple[int, Line]], blockers: set[int],
                 groups: list[Line]) -> dict[int, Line]:
    """Which group header («Văn bản đến», «Văn bản đi») stands over which columns: a
    merged cell's text is centred over the columns it spans, so the columns under the
    groups of one header row are cut into consecutive runs, one per group, such that
    each group's centre is nearest the middle of its run (the nearest group to each
    column alone takes a wide group's first column for its narrow neighbour's). A
    column whose own header reaches up into the groups' row (a rowspan cell, a
    ``blocker``) ends a run."""
    out: dict[int, Line] = {}
    if not members or not groups:
        return out
    segments: list[list[tuple[int, Line]]] = []
    for k, ln in sorted(members, key=lambda m: m[0]):
        prev = segments[-1][-1][0] if segments else None
        blocked = prev is not None and any(j in blockers for j in range(prev + 1, k))
        if prev is None or blocked:
            segments.append([(k, ln)])
        else:
            segments[-1].append((k, ln))

    def cx(b: Box | None) -> float:
        assert b is not None
        return (b[0] + b[2]) / 2

    for seg in segments:
        lo = min(ln.box[0] for _k, ln in seg if ln.box)
        hi = max(ln.box[2] for _k, ln in seg if ln.box)
        pad = max(ln.height for _k, ln in seg)
        gs = sorted((g for g in groups if lo - pad <= cx(g.box) <= hi + pad),
                    key=lambda g: cx(g.box))
        if not gs:
            continue
        n, m = len(seg), len(gs)
        if m > n:
            gs = gs[:n] if n else []
            m = n
        best: tuple[float, tuple[int, ...]] | None = None
        for cuts in itertools.combinations(range(1, n), m - 1):
            bounds = (0, *cuts, n)
            cost = 0.0
            for j, g in enumerate(gs):
                run = seg[bounds[j]:bounds[j + 1]]
                first_b, last_b = run[0][1].box, run[-1][1].box
                assert first_b is not None and last_b is not None
                cost += abs(cx(g.box) - (first_b[0] + last_b[2]) / 2)
            if best is None or cost < best[0]:
                best = (cost, bounds)
        assert best is not None
        bounds = best[1]
        for j, g in enumerate(gs):
            run = seg[bounds[j]:bounds[j + 1]]
            first_b, last_b = run[0][1].box, run[-1][1].box
            assert g.box is not None and first_b is not None and last_b is not None
            # over its run, centred or left-aligned: within the run's reach
            if g.box[0] < first_b[0] - 2 * pad or g.box[2] > last_b[2] + 2 * pad:
                continue
            for k, _ln in run:
                out[k] = g
    return out


def _reading_order(ln: Line) -> tuple[float, float]:
    return (ln.box[1], ln.box[0]) if ln.box else (0.0, 0.0)


def _column_of(ln: Line, reach: list[tuple[float, float]]) -> int | None:
    assert ln.box is not None
    best, best_ov = None, 0.0
    for k, (lo, hi) in enumerate(reach):
        ov = overlap(ln.box[0], ln.box[2], lo, hi)
        if ov > best_ov:
            best, best_ov = k, ov
    return best
