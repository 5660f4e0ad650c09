"""Tiles (dashboard cards): a number with its caption above, below or beside it.

Built on the page's layout model (``verifiers.ocr.layout``): numbers outside tables and
outside the page chrome, with the caption that stands right against them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from verifiers.ocr.layout import (
    NUMBER,
    SPLIT_GAP,
    Line,
    Page,
    Table,
    center_y,
    number_text,
    overlap,
)

MAX_BARE_ROWS = 3
"""A table without row labels or column headers of at most this many rows may be a
row of cards (figures, icons, a wrapped figure); a longer one is a table."""


@dataclass(frozen=True)
class Tile:
    """A number with its caption above, below or beside it (dashboard cards)."""

    value: Line
    label: Line
    where: str
    """``below``, ``above`` or ``beside``: where the label stands."""


UNIT_WORDS = 2
"""Words of a unit after a card's figure, at most («hồ sơ», «văn bản», «lượt»)."""
TREND_NOTE = re.compile(r"\bv[o0]i\s*(?:cung|ky|thang|nam|quy|tuan|hom|ngay)\b|"
                        r"^\W{0,3}[+-]?\s*\d+(?:[.,]\d+)?\s*%|^\W{0,3}(?:tang|giam)\b.*%|"
                        r"^\W{0,3}(?:cung\s*ky|(?:ky|thang|quy|nam|tuan)\s*truoc)\b")
"""A card's trend badge («▲ 12,5 % so với cùng kỳ», «Giảm 3 %», «so với tháng
trước», its «so» read apart) or the figure it compares with («Cùng kỳ: 1.771», «Kỳ
trước: 2.648», «Năm trước 512»), folded: how the figure compares with another
period, never its caption, nor a row's name, nor the card's figure."""


def card_figure(ln: Line) -> Line | None:
    """The figure of a line that is a card's figure followed by its unit («1366 văn
    bản», «16.518 hồ sơ»: a unit a word space after the number, in a type size close
    enough to stay in its line), as a line of its own with the same id; None for a
    line that is a number alone or says anything else. The unit's small type is often
    misread («nð sơ», «s2 ‹o», «:¿:o»): one or two words, none a number, with a letter
    and at most one digit."""
    words = ln.words
    if not 2 <= len(words) <= UNIT_WORDS + 1 or ln.is_number:
        return None
    first = number_text(words[0].text)
    if not NUMBER.match(first) or "%" in first:
        return None
    unit = " ".join(w.text for w in words[1:])
    if any(NUMBER.match(number_text(w.text)) for w in words[1:]) or "%" in unit or \
            sum(ch.isdigit() for ch in unit) > 1 or not any(ch.isalpha() for ch in unit):
        return None
    return Line.make(ln.id, [words[0]], ln.page, ln.method)


def trend_note(ln: Line) -> bool:
    """Whether a line is a card's trend badge (``TREND_NOTE``). A share alone without a
    sign («95,4 %») is a figure: a card's own («Tỷ lệ đúng hạn»), or a table's cell;
    with one («+3,5 %») it is a change."""
    if ln.is_number and not ln.text.lstrip("(").startswith(("+", "-")):
        return False
    return bool(TREND_NOTE.search(ln.folded))


def tiles(page: Page) -> list[Tile]:
    """Numbers outside tables with a caption right below or above them, horizontally
    overlapping their centre, nothing between (cards: «1.245 / Văn bản đi»).

    A row of cards whose figures the layout took for a table with neither a header nor
    row labels (figures level with each other and with the cards' icons) is no table:
    its figures are tiles too (``bare_cells``). A caption the page's row grouping cut
    in two («HS» / «đúng hạn»: cards whose captions stand a few pixels higher or lower
    than their neighbours') is joined again (``phrases``)."""
    out: list[Tile] = []
    bare = bare_cells(page)
    lines = phrases([ln for ln in page.lines() if ln.box and ln.id not in page.chrome], page)
    figures = {ln.id: f for ln in lines if (f := card_figure(ln)) is not None}
    card_row = card_lines(page)
    badges = badge_figures(lines) | _badge_rows(page)
    for v in lines:
        if v.box is None or not (v.is_number or v.id in figures) or v.id in badges:
            continue
        if v.id in page.in_table and v.id not in bare and v.id not in card_row:
            continue
        vb = v.box
        cx = (vb[0] + vb[2]) / 2
        best: tuple[float, Line, str] | None = None
        for lab in lines:
            # another card's figure and unit, or a trend badge, is no caption
            if lab is v or not lab.has_letters or lab.box is None or lab.id in figures or \
                    trend_note(lab):
                continue
            lb = lab.box
            if not (lb[0] - vb[3] + vb[1] <= cx <= lb[2] + vb[3] - vb[1]):
                continue
            h = max(vb[3] - vb[1], lb[3] - lb[1])
            slack = 0.35 * (lb[3] - lb[1])  # a big number's box reaches into its caption's
            if -slack <= lb[1] - vb[3] < 1.6 * h and center_y(lb) > vb[3] - slack:
                d, where = max(0.0, lb[1] - vb[3]), "below"
            elif 0 <= vb[1] - lb[3] < 1.6 * h:
                d, where = vb[1] - lb[3] + 0.01, "above"
            else:
                continue
            if best is None or d < best[0]:
                best = (d, lab, where)
        if best is not None and best[2] == "below" and _chart_labels(v, best[1], lines):
            continue
        if best is not None and _cut_off(v, best[1], lines):
            continue
        if best is not None:
            label = best[1]
            if best[2] == "below":
                label = caption_below(label, lines, v)
            elif best[2] == "above":
                label = caption_above(label, lines)
            out.append(Tile(figures.get(v.id, v), label, best[2]))
    return out


def bare_tables(page: Page) -> list[Table]:
    """The page's tables that name neither their rows nor their columns: no row label
    (an icon read as a character is none), no header line over one column only (a
    title over several is none). Figures aligned in a row or two — a row of cards,
    their icons read as cells, the page's title over them — that no table reading can
    tell apart."""
    out: list[Table] = []
    for t in page.tables:
        if len(t.rows) > MAX_BARE_ROWS or any(_names(ln) for ls in _row_labels(t) for ln in ls):
            continue
        over = Counter(h.id for c in t.columns for h in c.header)
        if any(over[h.id] == 1 for c in t.columns for h in c.header):
            continue
        out.append(t)
    return out


def _row_labels(t: Table) -> list[list[Line]]:
    """Each row's text cells left of its first figure: what names the row. Words after
    the figure (a card's unit «văn bản», its trend badge «so với cùng kỳ») name
    nothing."""
    out: list[list[Line]] = []
    for ri, ls in enumerate(t.label_lines):
        xs = [c.line.box[0] for c in t.cells if c.row == ri and c.line.box is not None and
              c.col != t.index_col]
        first = min(xs, default=None)
        out.append([ln for ln in ls if first is None or ln.box is None or ln.box[2] <= first])
    return out


def card_lines(page: Page) -> frozenset[int]:
    """Ids of the lines of ``card_tables``, header and rows: cards the layout took for
    a table because some figure stood apart from its unit or a badge's figure made a
    row. Their figures are no cells of it: they are read as tiles, with the caption
    of their own card above or below them (the header over a figure may be the
    caption of the card above it, under its own figure)."""
    return frozenset(ln.id for t in card_tables(page) for r in (*t.header_rows, *t.rows)
                     for ln in r.lines)


def card_tables(page: Page) -> list[Table]:
    """The page's tables of at most ``MAX_BARE_ROWS`` rows that name nothing left of
    their figures (a trend badge names no row): cards' figures, units and badges the
    layout took for a table, their captions for its header."""
    return [t for t in page.tables if len(t.rows) <= MAX_BARE_ROWS and not _rows_named(t)]


BADGE_GAP = 1.5
"""The most blank between a trend badge's figure and the rest of the badge the row
grouping cut off it, in text heights."""
BADGE_HEIGHT = 1.3
"""A badge's figure is about as tall as the badge's words; a card's figure, taller."""


def badge_figures(lines: list[Line]) -> frozenset[int]:
    """Ids of the numbers that belong to a trend badge or a comparison the page read
    cut off it: level with a trend note (``TREND_NOTE``) right before or after it, a
    word space away, and no taller than the note's words («▲» read as «4» left of «5 %
    so với cùng kỳ», «52,5» left of «% so với cùng kỳ», «Cùng kỳ:» left of «4.642»).
    Another period's figure or a change, never a card's."""
    notes = [ln for ln in lines if ln.box is not None and trend_note(ln)]
    out: set[int] = set()
    for v in lines:
        if v.box is None or not v.is_number:
            continue
        vb = v.box
        for n in notes:
            assert n.box is not None
            nb, h = n.box, max(v.height, n.height)
            level = overlap(vb[1], vb[3], nb[1], nb[3]) > 0.5 * min(v.height, n.height)
            beside = -0.3 * h <= nb[0] - vb[2] < BADGE_GAP * h or \
                -0.3 * h <= vb[0] - nb[2] < BADGE_GAP * h
            if level and beside and v.height <= BADGE_HEIGHT * n.height:
                out.add(v.id)
                break
    return frozenset(out)


FRAGMENT_CHARS = 4
"""What OCR reads of a big figure's first digits cut off the rest («2.294» read «Z»
«294», «15.797» read «si» «797», «17.699» read «T7,» «699»), at most."""
FRAGMENT_HEIGHT = 2.2
"""A fragment may be taller than the figure (a badge's arrow under it read with it), at
most this many times."""
CAPTION_SLACK = 0.5
"""How far left of where a card's caption starts its figure's first digit may stand,
in caption heights (OCR boxes and a bold face's side bearings)."""


def _cut_off(v: Line, caption: Line, lines: list[Line]) -> bool:
    """Whether a figure's first digits stand apart from it, read as a fragment of their
    own: a short line level with it, right against its left (less than the gap that
    splits a line, ``SPLIT_GAP``: the width of the thousands separator OCR lost), within
    the card's text column (from where its ``caption`` starts on). The figure read is
    then only its last digits; the card's whole figure is looked for again by its
    caption. A card's icon stands left of the caption too; a label left of a figure
    is a phrase."""
    assert v.box is not None and caption.box is not None
    vb, h = v.box, v.height
    for ln in lines:
        b = ln.box
        if ln is v or b is None or len(ln.words) != 1 or len(ln.text) > FRAGMENT_CHARS:
            continue
        if 0 <= vb[0] - b[2] < SPLIT_GAP * h and ln.height <= FRAGMENT_HEIGHT * h and \
                overlap(b[1], b[3], vb[1], vb[3]) > 0.5 * h and \
                b[0] >= caption.box[0] - CAPTION_SLACK * caption.height:
            return True
    return False


def _badge_rows(page: Page) -> frozenset[int]:
    """Ids of the numbers in a row of ``card_tables`` that holds a trend badge, no
    taller than the badge's words: the cards' badges stand level with one another,
    their figures misread or cut from their words («▲ 33,3 %» read «2»), never a
    card's figure, which is taller."""
    out: set[int] = set()
    for t in card_tables(page):
        for r in (*t.header_rows, *t.rows):
            notes = [ln.height for ln in r.lines if trend_note(ln)]
            if notes:
                out.update(ln.id for ln in r.lines if ln.is_number and
                           ln.height <= BADGE_HEIGHT * max(notes))
    return frozenset(out)


def _rows_named(t: Table) -> bool:
    return any(_names(ln) and not trend_note(ln) for ls in _row_labels(t) for ln in ls)


def bare_cells(page: Page) -> frozenset[int]:
    """Ids of the cells of ``bare_tables``."""
    return frozenset(c.line.id for t in bare_tables(page) for c in t.cells)


def garbled_figure_above(label: Line, lines: list[Line]) -> Line | None:
    """The line right above a caption, over it, that stands where its card's figure
    would and is neither a number nor words (OCR glued the figure to its icon or
    misread a digit: «46G», «S5», «=HỈ»), if any."""
    if label.box is None:
        return None
    lb = label.box
    for ln in lines:
        if ln is label or ln.box is None or ln.is_number:
            continue
        b = ln.box
        if not (b[3] <= lb[1] + 0.35 * label.height and
                lb[1] - b[3] < 1.6 * max(label.height, ln.height) and
                overlap(b[0], b[2], lb[0], lb[2]) > 0 and len(ln.words) <= 2):
            continue
        letters = sum(ch.isalpha() for ch in ln.text)
        digits = sum(ch.isdigit() for ch in ln.text)
        if letters < 2 or digits >= letters or ln.conf < 0.5:
            return ln
    return None


def _names(ln: Line) -> bool:
    """A row label that names something: four letters or more, or a word of two read
    with some confidence (an icon reads as «lul», «*», «L4» at a low one)."""
    letters = sum(ch.isalpha() for ch in ln.text)
    return letters >= 4 or (letters >= 2 and ln.conf >= 0.6)


def phrases(lines: list[Line], page: Page) -> list[Line]:
    """``lines`` with the pieces of a phrase the row grouping put in two rows joined
    again: lines of words outside tables on one baseline (their boxes overlap over most
    of their height, their heights alike), a word space apart (less than the gap that
    splits a line, ``SPLIT_GAP``) or overlapping a little (a word's box OCR drew too
    wide). A card's caption the layout took for a table's header (``card_lines``),
    cut into cells, is joined too. The joined line keeps its first piece's id."""
    cards = card_lines(page)

    def piece(ln: Line) -> bool:
        return ln.box is not None and ln.has_letters and not ln.is_number and \
            (ln.id not in page.in_table or ln.id in cards)

    def joins(a: Line, b: Line) -> bool:
        assert a.box is not None and b.box is not None
        h = min(a.height, b.height)
        # OCR may give a word a box reaching into the next one's («ký» over «số»)
        return h > 0 and max(a.height, b.height) < 1.5 * h and \
            overlap(a.box[1], a.box[3], b.box[1], b.box[3]) > 0.6 * h and \
            -0.6 * h <= b.box[0] - a.box[2] < SPLIT_GAP * h and b.box[2] > a.box[2] and \
            b.box[0] > a.box[0]

    pieces = sorted((ln for ln in lines if piece(ln)), key=lambda ln: ln.box[0] if ln.box else 0)
    nxt: dict[int, Line] = {}
    taken: set[int] = set()
    for a in pieces:
        b = next((b for b in pieces if b is not a and b.id not in taken and joins(a, b)), None)
        if b is not None:
            nxt[a.id] = b
            taken.add(b.id)
    if not nxt:
        return lines
    out: list[Line] = []
    for ln in lines:
        if ln.id in taken:
            continue
        if ln.id not in nxt:
            out.append(ln)
            continue
        chain = [ln]
        while chain[-1].id in nxt and len(chain) < 8:
            chain.append(nxt[chain[-1].id])
        out.append(Line.make(ln.id, [w for p in chain for w in p.words], ln.page, ln.method))
    return out


def _chart_labels(value: Line, caption: Line, lines: list[Line]) -> bool:
    """A bar's value label over a chart's category words: the caption stands in a row
    of three or more words, and the other words have no figure level with this one
    (a row of cards has each figure level with its neighbours'). A neighbour's figure
    OCR garbled (glued to its card's icon: «gB.6», «=HỈ») still stands there, as
    high as this one: any short line level with the figure and about its height
    counts (a chart's bar read as a word is far taller than its value label)."""
    assert value.box is not None and caption.box is not None
    vb, cb = value.box, caption.box
    row = [ln for ln in lines if ln.box is not None and ln.has_letters and ln is not caption
           and overlap(ln.box[1], ln.box[3], cb[1], cb[3]) > 0.5 * ln.height]
    if len(row) < 2:
        return False
    vh = vb[3] - vb[1]
    level = [ln for ln in lines if ln.box is not None and ln is not value and
             overlap(ln.box[1], ln.box[3], vb[1], vb[3]) > 0.3 * ln.height and
             (ln.is_number or (len(ln.words) <= 2 and 0.6 * vh <= ln.height <= 1.6 * vh))]
    over = sum(1 for c in row if c.box is not None and any(
        n.box is not None and overlap(n.box[0] - n.height, n.box[2] + n.height, c.box[0],
                                       c.box[2]) > 0 for n in level))
    return over < max(1, len(row) // 2)


def caption_below(first: Line, lines: list[Line], value: Line) -> Line:
    """A caption wrapped over two or three lines under its number («Giải quyết» /
    «quá hạn»): the lines right under the first one, within the card's width."""
    assert first.box is not None and value.box is not None
    x0 = min(first.box[0], value.box[0]) - first.height
    x1 = max(first.box[2], value.box[2]) + 2 * first.height
    parts = [first]
    bottom = first.box[3]
    for ln in sorted(lines, key=lambda ln: ln.box[1] if ln.box else 0):
        if ln is first or ln.box is None or not ln.has_letters or ln.is_number:
            continue
        b = ln.box
        last = parts[-1].box
        assert last is not None
        same_row = len(parts) > 1 and overlap(b[1], b[3], last[1], last[3]) > 0.5 * ln.height \
            and 0 <= b[0] - last[2] < ln.height
        if same_row and b[2] <= x1:
            parts.append(ln)
        elif b[1] > first.box[1] and 0 <= b[1] - bottom + 0.5 * ln.height < ln.height + 1 \
                and x0 <= b[0] and b[2] <= x1 and abs(b[0] - first.box[0]) < 2 * ln.height:
            parts.append(ln)
            bottom = b[3]
        if len(parts) == 3:
            break
    if len(parts) == 1:
        return first
    return Line.make(first.id, [w for p in parts for w in p.words], first.page, first.method)


PERIOD_ONLY = re.compile(r"^(?:thang\s*\d{1,2}|quy\s*\S{1,4}|nam|ngay\s*\d{1,2}\s*thang\s*\d{1,2})?"
                         r"\s*(?:/|-|nam)?\s*\d{4}$|^\d{1,2}/\d{1,2}/\d{4}$")
"""A line that is nothing but a period or a date («Tháng 5 năm 2023», «Quý II/2023»,
«Năm 2023», «12/05/2023»), folded: the page's or a panel's subtitle, never the first line
of a card's wrapped caption."""


def caption_above(last: Line, lines: list[Line]) -> Line:
    """A caption wrapped over two or three lines above its number («Đã giải» /
    «quyết»): the lines a line spacing over the last one, overlapping it, starting
    near where it starts (left-aligned or centred in the card)."""
    assert last.box is not None
    parts = [last]
    for _ in range(2):
        top = parts[0]
        assert top.box is not None
        cands = [ln for ln in lines if ln.box is not None and ln.has_letters and
                 not ln.is_number and ln not in parts and ln.box[3] <= top.box[3] and
                 0 < center_y(top.box) - center_y(ln.box) < 1.75 * max(top.height, ln.height)
                 and overlap(ln.box[0], ln.box[2], top.box[0], top.box[2]) > 0 and
                 abs((ln.box[0] + ln.box[2]) / 2 - (top.box[0] + top.box[2]) / 2) <
                 0.5 * max(ln.box[2] - ln.box[0], top.box[2] - top.box[0]) + top.height
                 and not PERIOD_ONLY.match(ln.folded.strip())]
        if len(cands) != 1:
            break
        parts.insert(0, cands[0])
    if len(parts) == 1:
        return last
    return Line.make(last.id, [w for p in parts for w in p.words], last.page, last.method)
