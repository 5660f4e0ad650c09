"""Tiles (dashboard cards): a number with its caption above, below or beside it.

Built on the page's layout model (``verifiers.ocr.layout``): numbers outside tables and
outside the page chrome, with the caption that stands right against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifiers.ocr.layout import Line, Page, center_y, overlap


@dataclass(frozen=True)
class Tile:
    """A number with its caption above, below or beside it (dashboard cards)."""

    value: Line
    label: Line
    where: str
    """``below``, ``above`` or ``beside``: where the label stands."""


def tiles(page: Page) -> list[Tile]:
    """Numbers outside tables with a caption right below or above them, horizontally
    overlapping their centre, nothing between (cards: «1.245 / Văn bản đi»)."""
    out: list[Tile] = []
    lines = [ln for ln in page.lines() if ln.box and ln.id not in page.chrome]
    for v in lines:
        if not v.is_number or v.id in page.in_table or v.box is None:
            continue
        vb = v.box
        cx = (vb[0] + vb[2]) / 2
        best: tuple[float, Line, str] | None = None
        for lab in lines:
            if lab is v or not lab.has_letters or lab.box is None:
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
        if best is not None:
            label = best[1]
            if best[2] == "below":
                label = _caption(label, lines, v)
            elif best[2] == "above":
                label = _caption_above(label, lines)
            out.append(Tile(v, label, best[2]))
    return out


def _chart_labels(value: Line, caption: Line, lines: list[Line]) -> bool:
    """A bar's value label over a chart's category words: the caption stands in a row
    of three or more words, and the other words have no figure level with this one
    (a row of cards has each figure level with its neighbours')."""
    assert value.box is not None and caption.box is not None
    vb, cb = value.box, caption.box
    row = [ln for ln in lines if ln.box is not None and ln.has_letters and ln is not caption
           and overlap(ln.box[1], ln.box[3], cb[1], cb[3]) > 0.5 * ln.height]
    if len(row) < 2:
        return False
    level = [ln for ln in lines if ln.box is not None and ln.is_number and ln is not value and
             overlap(ln.box[1], ln.box[3], vb[1], vb[3]) > 0.3 * ln.height]
    over = sum(1 for c in row if c.box is not None and any(
        n.box is not None and overlap(n.box[0] - n.height, n.box[2] + n.height, c.box[0],
                                       c.box[2]) > 0 for n in level))
    return over < max(1, len(row) // 2)


def _caption(first: Line, lines: list[Line], value: Line) -> Line:
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


def _caption_above(last: Line, lines: list[Line]) -> Line:
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
                 0.5 * max(ln.box[2] - ln.box[0], top.box[2] - top.box[0]) + top.height]
        if len(cands) != 1:
            break
        parts.insert(0, cands[0])
    if len(parts) == 1:
        return last
    return Line.make(last.id, [w for p in parts for w in p.words], last.page, last.method)
