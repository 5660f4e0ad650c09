"""Facts from tables: which cell is the unit's value.

In a table of sub-units or fields, the unit's figure is the total row's cell under the
matching header («Tổng cộng», «Tổng số», «Cộng», «Toàn đơn vị»), and the rows above it
must add up to it. Without a total row nothing is summed silently: the sum of the rows
is offered with a certainty below review, and the rows are kept as candidates. A table
whose row labels are themselves facts («Văn bản đi | 1.245») is read row by row, the
row label and the header path together.
"""

from __future__ import annotations

import calendar
import math
import re
import statistics
from collections.abc import Iterable
from datetime import date
from typing import Any

from kiemchung.core.text import fold
from verifiers.extract.candidates import Candidate, typed_value
from verifiers.extract.concepts import (
    DOMAINS,
    Mapping,
    Meaning,
    fact_kind,
    is_total_label,
    map_meaning,
    meaning,
)
from verifiers.extract.crosscheck import SUMS
from verifiers.extract.dates import PLAUSIBLE_YEARS, make_date
from verifiers.extract.periods import QUARTER, _quarter
from verifiers.extract.values import parse_value
from verifiers.ocr.layout import Cell, Line, Table

CONTEXT_CERTAINTY = 0.9
"""Mapping certainty when the page title had to complete the header («Ký số» in a
table titled «Thống kê văn bản đi»)."""
SOLE_ROW_LAYOUT = 0.9
SOLE_NAMED_ROW_LAYOUT = 0.7
"""One named row and no total row: the unit's figure, or one sub-unit's (a filtered
view)? For a reviewer."""
ENTITY_HEADER = re.compile(r"\b(linh vuc|don vi(?! tinh)|ten don vi|phong ban|co quan|dia phuong|"
                           r"xa phuong|xa, phuong|phuong xa|ho va ten|ho ten|nhom thu tuc|"
                           r"bo phan|chi nhanh|truong hoc)\b")
"""The row-label column's header of a table of sub-units or fields («Lĩnh vực», «Đơn
vị», «Phòng ban»): its rows are never facts by their names, only its total row is."""
SUMMED_LAYOUT = 0.45
"""No total row: the sum of the rows is a guess a reviewer must confirm."""
MISMATCH_PENALTY = 0.5
MAX_UNMAPPED_ROWS = 5


def _map(head: Meaning, context: Meaning) -> tuple[Mapping, bool]:
    m = map_meaning(head)
    # the title completes a header that says something («Ký số»), never an empty one
    if m.fact is None and not m.ambiguous and context.concepts and head.concepts - {"total"}:
        c = map_meaning(Meaning(head.concepts | context.concepts, head.unknown))
        if c.fact is not None:
            return Mapping(c.fact, c.kind, c.certainty * CONTEXT_CERTAINTY), True
    return m, False


def shared_head(labels: list[str]) -> Meaning | None:
    """The head noun every row says and nothing else («Cán bộ», «Công chức», «Viên
    chức» all say staff_part): the rows are kinds of one thing, and their total counts
    that thing. None when any row says more or less (a sub-unit's or field's name,
    «Phòng Nội vụ», «Thư viện huyện», holds words we cannot place), or when fewer than
    two rows are named."""
    if len(labels) < 2:
        return None
    said: set[frozenset[str]] = set()
    for lab in labels:
        m = meaning(lab)
        if m.unknown or not lab.strip():
            return None
        said.add(m.concepts - {"index"})
    if len(said) != 1:
        return None
    shared = next(iter(said))
    if not shared or not shared <= set(DOMAINS):
        return None
    return Meaning(shared, ())


def _rows_head(table: Table, total_row: int | None) -> Meaning | None:
    """``shared_head`` of the rows above a total row, unless the label column's header
    says the rows are sub-units or fields."""
    if total_row is None or ENTITY_HEADER.search(fold(_label_header(table))):
        return None
    return shared_head([lab for ri, lab in enumerate(table.labels) if ri != total_row])


STAFF_KINDS = ("can bo", "cong chuc", "vien chuc")
"""The kinds of CBCCVC: a total over fewer of them may be a subtotal."""
NOT_STAFF_KIND = re.compile(r"\blao dong\b")
"""«Hợp đồng lao động», «Người lao động»: workers under contract, no CBCCVC."""
HEADCOUNT_WORDS = frozenset({"so", "luong", "sl", "nguoi", "hien", "co", "tong", "cong"})
"""A header that says only how many («Số lượng», «Số người», «Hiện có», «Tổng số»):
one that says more («Đã cấp», «Lũy kế», «Mới») counts something the staff have or
did, not the staff."""
ROWS_DOUBT = 0.75
"""Mapping certainty (times) of a total over kinds of staff whose page or column does
not say it counts the staff: a reviewer confirms it."""


def _kinds_domains(kinds: Meaning) -> set[str]:
    """The head nouns a page about the kinds' whole says: staff for its kinds."""
    doms = set(kinds.concepts)
    return doms | {"staff"} if "staff_part" in doms else doms


def _kinds_doubt(table: Table, head_text: str, context: Meaning, total_row: int | None,
                 kinds: Meaning | None) -> str | None:
    """Why the total row over kinds of one thing («Cán bộ», «Công chức», «Viên chức»)
    may not count that thing, or None when the page says it does."""
    if kinds is None:
        return None
    if not context.concepts & _kinds_domains(kinds):
        return "no title says what the kinds' total counts: the kinds, or something they have?"
    words = set(re.findall(r"[a-z]+", fold(head_text).replace("đ", "d")))
    if words - HEADCOUNT_WORDS:
        return f"the column «{head_text}» may count something the kinds have, not the kinds"
    if "staff_part" not in kinds.concepts:
        return None
    labels = [fold(lab).replace("đ", "d") for ri, lab in enumerate(table.labels)
              if ri != total_row]
    odd = [table.labels[i] for i, lab in enumerate(labels) if NOT_STAFF_KIND.search(lab)]
    if odd:
        return f"the row «{odd[0]}» is no kind of CBCCVC: the total counts more than the staff"
    missing = [k for k in STAFF_KINDS if not any(k in lab for lab in labels)]
    if missing:
        return "the rows name only some kinds of staff: the total may be a subtotal"
    return None


def _column_map(head: Meaning, context: Meaning, rows: Meaning | None,
                doubt: str | None = None) -> tuple[Mapping, str, str | None]:
    """The column's fact, what completed its header ("" nothing, "page title",
    "rows") and why that completion is doubtful: a header that says nothing («Số
    lượng») over rows that are kinds of one thing («Cán bộ», «Công chức», «Viên chức»)
    counts that thing in its total row, when the page is about it (``doubt`` says why
    it may not be: then the mapping is for a reviewer). A page about another thing
    (certificates, mail accounts, meetings) counts that thing per kind: no fact."""
    m, ctx = _map(head, context)
    if m.fact is None and not m.ambiguous and rows is not None and \
            head.concepts <= {"total"} and \
            not (context.concepts & set(DOMAINS)) - _kinds_domains(rows):
        c = map_meaning(head | rows | Meaning(frozenset({"total"}), ()))
        if c.fact is not None:
            if doubt:
                c = Mapping(c.fact, c.kind, c.certainty * ROWS_DOUBT)
            return c, "rows", doubt
    return m, "page title" if ctx else "", None


def _kinds_for(table: Table, k: int, kinds: Meaning | None, context: Meaning,
               total_row: int | None) -> Meaning | None:
    """``kinds`` for column ``k``: rows that are kinds of one thing count it only when
    none of them is a fact by itself under this column's header."""
    if kinds is None:
        return None
    head = meaning(" ".join(table.columns[k].path))
    if any(_fact_row(meaning(lab), head, context)
           for ri, lab in enumerate(table.labels) if ri != total_row):
        return None
    return kinds


SUM_COLUMN_MISSES = 1
"""Data rows a column may break (a misread) and still be the sum of two others."""


def _row_sum(table: Table, ri: int, whole: int, parts: tuple[int, ...]) -> bool | None:
    """Whether row ``ri``'s cell in column ``whole`` is the sum of its cells in
    ``parts``; None when a cell is unread or not a number, or every cell is zero (a
    field with nothing in it holds any identity: it says nothing)."""
    vs: list[int] = []
    for col in (whole, *parts):
        c = table.cell(ri, col)
        v = None if c is None else _cell_value(c, "count")
        if not isinstance(v, int):
            return None
        vs.append(v)
    if not any(vs):
        return None
    return vs[0] == sum(vs[1:])


def _column_maps(table: Table, context: Meaning, total_row: int | None
                 ) -> dict[int, tuple[Mapping, str, str | None]]:
    """Each figure column's fact, what completed its header, and why that completion
    is doubtful. A column headed only «Tổng» whose group header was lost is the whole
    of two sibling columns when the rows say so: «Tổng | Trực tuyến | Trực tiếp» with
    2265 = 2240 + 25 on the total row, read in full, and on the data rows but one (a
    misread) is the dossiers received (``crosscheck.SUMS``)."""
    kinds = _rows_head(table, total_row)
    maps = {}
    for k, col in enumerate(table.columns):
        if k != table.index_col:
            rows = _kinds_for(table, k, kinds, context, total_row)
            maps[k] = _column_map(meaning(" ".join(col.path)), context, rows,
                                  _kinds_doubt(table, " ".join(col.path), context,
                                               total_row, rows))
    if total_row is None:
        return maps
    by = {m.fact: k for k, (m, _c, _d) in maps.items() if m.fact}
    for k, (m, _c, _d) in list(maps.items()):
        head = meaning(" ".join(table.columns[k].path))
        if m.fact is not None or m.ambiguous or head.concepts != {"total"} or head.unknown:
            continue
        for whole, parts in SUMS:
            if whole in by or not all(p in by for p in parts):
                continue
            cols = tuple(by[p] for p in parts)
            if not _row_sum(table, total_row, k, cols):
                continue  # the total row, unread in part or breaking it, proves nothing
            said = [_row_sum(table, ri, k, cols) for ri in range(len(table.rows))
                    if ri != total_row]
            if said.count(True) >= 2 and said.count(False) <= SUM_COLUMN_MISSES:
                maps[k] = (Mapping(whole, fact_kind(whole), CONTEXT_CERTAINTY),
                           "rows' arithmetic", None)
                by[whole] = k
                break
    return maps


DASHES = {"-", "–", "—", "_"}
"""An empty figure in a report's table: none, zero."""


def _cell_value(cell: Cell, kind: str) -> int | float | None:
    if cell.line.text.strip() in DASHES and kind == "count":
        return 0
    return parse_value(cell.line.text, kind)


def _identities(table: Table, maps: dict[int, tuple[Mapping, str, str | None]],
                total_row: int | None) -> list[tuple[int, tuple[int, ...]]]:
    """Columns whose facts add up in every row (received = online + direct, resolved
    = on time + late, ``crosscheck.SUMS``): (whole column, part columns). Only when
    the total row, read in full, adds up too, and no figure column of no known fact
    stands beside them under the same group header: «Kỳ trước chuyển sang» beside
    «Trực tuyến | Trực tiếp» under «Số hồ sơ tiếp nhận» is part of the whole, and a
    row's arithmetic would then give a wrong part."""
    if total_row is None:
        return []
    return [(whole, cols) for whole, cols, beside in _sums(table, maps)
            if not beside and _row_sum(table, total_row, whole, cols)]


OUTCOMES = frozenset({"resolved", "on_time", "late", "early"})
"""What became of dossiers: figures of another group than the received."""


def _says_a_fact(header: str) -> bool:
    """Whether a column's own header says a fact, or an outcome of the dossiers
    («Quá hạn»), rather than a share of a whole («Kỳ trước chuyển sang», «Tồn»)."""
    m = map_meaning(meaning(header))
    return m.fact is not None or bool(m.ambiguous) or bool(meaning(header).concepts & OUTCOMES)


def _sums(table: Table, maps: dict[int, tuple[Mapping, str, str | None]]
          ) -> list[tuple[int, tuple[int, ...], list[int]]]:
    """(whole column, part columns, figure columns of no known fact beside them
    under the same group header) for each of ``crosscheck.SUMS`` the table holds. A
    column whose own header says a fact or an outcome («Đúng hạn», «Quá hạn» that the
    layout put under «Số hồ sơ tiếp nhận») is some other figure, no part of this
    whole."""
    by = {m.fact: k for k, (m, _c, _d) in maps.items() if m.fact}
    out = []
    for w, parts in SUMS:
        if w not in by or not all(p in by for p in parts):
            continue
        whole, cols = by[w], tuple(by[p] for p in parts)
        groups = {table.columns[c].path[:-1] for c in (whole, *cols)}
        beside = [c for c, (m, _c, _d) in maps.items()
                  if c not in (whole, *cols) and m.fact is None and
                  table.columns[c].path and  # a column without a header says nothing
                  table.columns[c].path[:-1] in groups and
                  "ratio" not in meaning(" ".join(table.columns[c].path)).concepts and
                  not _says_a_fact(table.columns[c].path[-1])]
        out.append((whole, cols, beside))
    return out


def _from_row(table: Table, ri: int, k: int, idents: list[tuple[int, tuple[int, ...]]]
              ) -> int | None:
    """Column ``k``'s value in row ``ri`` as the row's other cells give it through an
    identity (the whole = the sum of its parts), or None."""
    def val(col: int) -> int | None:
        c = table.cell(ri, col)
        v = None if c is None else _cell_value(c, "count")
        return v if isinstance(v, int) else None

    for w, parts in idents:
        if k == w:
            ps = [val(p) for p in parts]
            if all(p is not None for p in ps):
                return sum(p for p in ps if p is not None)
        elif k in parts:
            wv = val(w)
            others = [val(p) for p in parts if p != k]
            if wv is not None and all(o is not None for o in others):
                rest = wv - sum(o for o in others if o is not None)
                if rest >= 0:
                    return rest
    return None


def _named_columns(table: Table) -> dict[int, Meaning]:
    """In a table with a total column («Cộng», «Tổng cộng», «Tổng số» alone over its
    figures), the columns whose headers name something and say no concept: sub-units
    or fields («Phòng Tài chính - Kế hoạch», «Đất đai»), the parts of that total, each
    → the total column's header. Beside the unit's own column their figures, in rows
    that name a fact («Số hồ sơ nộp trực tuyến»), are the sub-units' shares of it,
    never the unit's fact."""
    heads = [meaning(" ".join(c.path)) for c in table.columns]
    total = next((m for k, m in enumerate(heads)
                  if k != table.index_col and m.concepts == {"total"}), None)
    if total is None:
        return {}
    return {k: total for k, (c, m) in enumerate(zip(table.columns, heads, strict=True))
            if k != table.index_col and c.path and not m.concepts and m.unknown}


def _fact_row(rm: Meaning, head: Meaning, context: Meaning) -> bool:
    """Whether a row label names a fact («Văn bản đi», «Cán bộ») rather than a
    sub-unit or field («Phòng Nội vụ», «Thanh tra huyện»): it does when, with the
    header, it says a fact the header alone does not."""
    if not rm.concepts - {"total", "index"}:
        return False
    alone, _c = _map(head, context)
    both, _c = _map(rm | head, context)
    return both.fact is not None and both.fact != alone.fact


def table_context(table: Table, context: Meaning) -> Meaning:
    """The page's context, completed by the table's own header: sibling columns count
    the same thing, so «Tổng | Quá hạn» under «Đã giải quyết» beside «Số hồ sơ tiếp
    nhận» count dossiers. Only when the page names no head noun and the header names
    exactly one: two (documents and dossiers) leave each column to say its own. A
    header that names none leaves it to the rows (``_rows_domain``)."""
    if context.concepts & set(DOMAINS):
        return context
    said = {d for col in table.columns for d in meaning(" ".join(col.path)).concepts
            if d in DOMAINS}
    if not said:
        said = _rows_domain(table)
    if len(said) != 1:
        return context
    return Meaning(context.concepts | said, context.unknown)


def _rows_domain(table: Table) -> set[str]:
    """The head noun a table's row labels name, when they name one only, at least two
    of them do and each of those names a fact («Hồ sơ tiếp nhận», «Hồ sơ đã giải
    quyết» over «Tiếp nhận trực tuyến»): sibling rows of indicators count the same
    thing, so a row that leaves it unsaid counts it too. Not when a row names it and
    no fact («Số hồ sơ đang giải quyết» over «Trong đó: quá hạn»: what its sub-rows
    count is its own), nor for kinds of staff (the parts of a whole)."""
    named = [(lab, meaning(lab).concepts & set(DOMAINS)) for lab in table.labels]
    said = {d for _lab, n in named for d in n}
    if len(said) != 1 or said == {"staff_part"} or sum(1 for _lab, n in named if n) < 2 or \
            any(n and map_meaning(meaning(lab)).fact is None for lab, n in named):
        return set()
    return said


def _local_label(table: Table, cell: Cell) -> tuple[Line, ...]:
    """Text between the previous number of the row and this one: a row of cards
    («Văn bản đi 1.245 Văn bản đến 2.300») gives each number its own label."""
    assert cell.line.box is not None
    prev_x = -1.0
    for c in table.cells:
        if c.row == cell.row and c.line.box is not None and c.line.box[2] <= cell.line.box[0] \
                and c.line.box[2] > prev_x:
            prev_x = c.line.box[2]
    return tuple(ln for ln in table.label_lines[cell.row]
                 if ln.box is not None and prev_x <= ln.box[0] and ln.box[2] <= cell.line.box[0]
                 and ln.has_letters)


def _label_header(table: Table) -> str:
    """The header over the row labels: header text left of the first figure column."""
    if not table.columns:
        return ""
    first = table.columns[1 if table.index_col == 0 and len(table.columns) > 1 else 0]
    parts = [ln.text for r in table.header_rows for ln in r.lines
             if ln.box is not None and ln.has_letters and ln.box[2] <= first.x0 + 1]
    return " ".join(parts)


def entity_rows(table: Table, context: Meaning, total_row: int | None) -> bool:
    """Whether the table's rows are sub-units or fields, whatever words their names
    hold («Bưu chính», «Giải quyết khiếu nại», «Công chức, viên chức» are fields of
    procedures, not facts): the label column's header says so, or fewer than half of
    its rows name a fact. Then only the total row speaks for the unit."""
    if ENTITY_HEADER.search(fold(_label_header(table))):
        return True
    named = other = 0
    filled = {c.row for c in table.cells if c.col != table.index_col}
    for ri, lab in enumerate(table.labels):
        # a label that starts left of the first column but reaches past its left edge
        # (a key–value list whose values stand ragged after its leaders) is the row's
        lab = lab or " ".join(ln.text for ln in table.label_lines[ri] if ln.has_letters and
                              ln.box is not None and ln.box[0] < table.columns[0].x0)
        if ri == total_row or not lab.strip() or ri not in filled:
            continue  # a group's heading row without figures names no row of figures
        if _sub_row(table, ri, lab):
            continue  # a part of the row above («1.1 Có kết nối Internet») is its parent's
        rm = meaning(lab)
        if any(_fact_row(rm, meaning(" ".join(col.path)), context)
               for k, col in enumerate(table.columns) if k != table.index_col):
            named += 1
        else:
            other += 1
    return other >= 2 and named < other


SUB_ROW = re.compile(r"^\W*(trong do|trong so|bao gom|gom|-|\+)")
"""A row that counts part of the row above («Trong đó: …», «- Đang hoạt động»)."""
OUTLINE_LABEL = re.compile(r"^\s*\d{1,2}[.:,]\d{1,2}\s")
"""A label that starts with its sub-number («2.1 Đang hoạt động», «2:1» as read) when
the STT column was read into it."""


INDENT = (0.4, 2.5)
"""A row label standing this many text heights right of the left edge the table's
labels share (a dash and its space lost by OCR, or an indent) is indented; farther, it
is another column or a centred label."""
SHARED_EDGE = 0.2
"""Labels whose left edges stand within this many text heights of each other start at
one edge."""


def _label_starts(table: Table) -> list[tuple[float, float] | None]:
    """Per row, the left edge and height of its label's first line of words (None when
    the row has no label left of the figures)."""
    first = next((c.x0 for k, c in enumerate(table.columns) if k != table.index_col),
                 float("inf"))
    out: list[tuple[float, float] | None] = []
    for lines in table.label_lines:
        words = [ln for ln in lines if ln.has_letters and ln.box is not None and
                 ln.box[2] <= first]
        ln = min(words, key=lambda x: x.box[0]) if words else None  # type: ignore[index]
        out.append((ln.box[0], ln.height) if ln is not None and ln.box else None)
    return out


def _indented(table: Table, row: int) -> bool:
    """Whether a row's label stands indented from the edge the labels of the table
    share, a row above it at that edge: a form's sub-row («- Đang hoạt động» whose dash
    OCR lost, its «2.1» not read) is indented under its parent. Only when most labels
    share the edge (left-aligned labels, not centred ones)."""
    starts = _label_starts(table)
    if starts[row] is None:
        return False
    placed = [s for s in starts if s is not None]
    h = statistics.median(s[1] for s in placed) or 1.0
    edge, n = max(((x, sum(1 for y, _h in placed if abs(y - x) <= SHARED_EDGE * h))
                   for x, _h in placed), key=lambda e: (e[1], -e[0]))
    if n < 3 or 2 * n < len(placed):
        return False
    x = starts[row][0]  # type: ignore[index]
    return INDENT[0] * h <= x - edge <= INDENT[1] * h and \
        any(s is not None and abs(s[0] - edge) <= SHARED_EDGE * h for s in starts[:row])


def _sub_row(table: Table, row: int, label: str) -> bool:
    """Whether row ``row`` is a part of the row above it: its label says so («Trong
    đó», a leading dash), its number in the STT column is a sub-number («1.1»), or it
    stands indented under the row above (``_indented``)."""
    if SUB_ROW.match(fold(label).replace("đ", "d")) or OUTLINE_LABEL.match(label) or \
            _indented(table, row):
        return True
    if table.index_col is not None:
        num = _index_number(table, row)
        if num is not None and "." in num:
            return True
    return False


def _index_number(table: Table, row: int) -> str | None:
    """The row's number in the STT column, a sub-number whose dot OCR lost restored:
    «11» after the row numbered «1» (or «1.x») and before any «2» is «1.1», as forms
    number their indicators in outline (a table numbering its rows 1 to 12 has its
    «11» after «10»)."""
    assert table.index_col is not None
    top: int | None = None
    out: str | None = None
    for ri in range(row + 1):
        c = table.cell(ri, table.index_col)
        if c is None:
            continue
        m = re.fullmatch(r"(\d{1,2}(?:\.\d{1,2})*)\.?", c.line.text.strip())
        if m is None:
            out = None
            continue
        num = m.group(1)
        if "." not in num and len(num) == 2 and top is not None and top < 10 and \
                num[0] == str(top) and int(num) != top + 1:
            num = f"{num[0]}.{num[1]}"
        elif "." in num:
            top = int(num.split(".")[0])
        else:
            top = int(num)
        out = num
    return out if table.cell(row, table.index_col) is not None else None


def _outline_number(table: Table, row: int, label: str) -> str | None:
    """The row's outline number («2», «2.1»): its STT cell's, or the number its label
    starts with when the STT column was read into it."""
    if table.index_col is not None:
        num = _index_number(table, row)
        if num is not None:
            return num
    m = re.match(r"^\s*(\d{1,2})[.:,](\d{1,2})\s", label)
    return f"{m.group(1)}.{m.group(2)}" if m else None


def _row_parents(table: Table, k: int, head: Meaning, context: Meaning, entities: bool
                 ) -> dict[int, Meaning | None]:
    """For each sub-row («Trong đó: …», «2.1 …»), the row whose part it counts, when
    that row names a fact itself: every labelled row that is no sub-row is the parent
    of the sub-rows after it, also a row without a figure in this column or one that
    names no fact (a heading «Thiết bị mạng, máy in», «Số hồ sơ đang giải quyết»):
    then the sub-rows get no parent. With outline numbers, the parent of «2.1» is the
    row numbered «2»; the row above when its number was not read; else none."""
    out: dict[int, Meaning | None] = {}
    if entities:
        return out
    last: Meaning | None = None
    last_num: str | None = None  # the last row's number, None when not read
    numbered: dict[str, Meaning | None] = {}
    cells = {c.row: c for c in table.cells if c.col == k}
    for ri, lab in enumerate(table.labels):
        cell = cells.get(ri)
        if cell is not None:
            lab = " ".join(ln.text for ln in _local_label(table, cell)) or lab
        if not lab.strip():
            continue
        num = _outline_number(table, ri, lab)
        if _sub_row(table, ri, lab):
            head_num = num.rsplit(".", 1)[0] if num is not None and "." in num else None
            if head_num is not None and head_num in numbered:
                out[ri] = numbered[head_num]
            elif head_num is None or last_num is None:
                out[ri] = last  # the row above, its number not read
            else:
                out[ri] = None  # «2.1» under a row numbered «3»: no parent known
            if num is not None:
                numbered[num] = None  # a part names no parent of its own parts here
            continue
        rm = meaning(lab)
        last = rm if _fact_row(rm, head, context) else None
        last_num = num
        if num is not None:
            numbered[num] = last
    return out


def table_candidates(table: Table, context: Meaning, list_total: int | None
                     ) -> tuple[list[Candidate], list[Candidate], list[tuple[str, str]]]:
    """(candidates, unmapped, notes): notes are (code, English detail)."""
    cands: list[Candidate] = []
    unmapped: list[Candidate] = []
    notes: list[tuple[str, str]] = []
    context = table_context(table, context)
    totals = [i for i, lab in enumerate(table.labels) if lab and is_total_label(lab)]
    total_row = totals[-1] if totals else None
    entities = entity_rows(table, context, total_row)
    colmaps = _column_maps(table, context, total_row)
    idents = _identities(table, colmaps, total_row)
    # a whole with another figure beside its parts («Kỳ trước chuyển sang»): the page's
    # facts do not add up (``crosscheck`` does not check the sum)
    more = {w: " / ".join(table.columns[b[0]].path) for w, _p, b in _sums(table, colmaps) if b}
    sub_units = _named_columns(table)
    for k, col in enumerate(table.columns):
        if k == table.index_col:
            continue
        path = col.path
        head = meaning(" ".join(path))
        colmap, colctx, coldoubt = colmaps[k]
        entity: list[tuple[Cell, Any]] = []
        parents = _row_parents(table, k, head, context, entities)
        for cell in sorted((c for c in table.cells if c.col == k), key=lambda c: c.row):
            label_lines = _local_label(table, cell)
            label = " ".join(ln.text for ln in label_lines) or table.labels[cell.row]
            rm = meaning(label)
            if k in sub_units and cell.row != total_row and \
                    _fact_row(rm, sub_units[k], context):
                # a sub-unit's or field's figure beside the unit's «Cộng» column
                value = parse_value(cell.line.text, "count")
                if value is not None:
                    unmapped.append(Candidate("", value, _raw(path, label, cell.line),
                                              table.page, cell.line.box, cell.line.method,
                                              cell.line.conf, SOLE_ROW_LAYOUT, 0.0,
                                              _src(table, k, label, path)))
                continue
            parent = parents.get(cell.row)
            if cell.row != total_row and not entities and not _fact_row(rm, head, context) \
                    and parent is not None:
                # «1.1 Trong đó: kết nối Internet» under «1 Tổng số máy tính»: the row
                # counts part of what the row above counts, and says only which part;
                # the parent's words we cannot place stay doubts of the part
                whole = Meaning(parent.concepts - {"total", "index"}, parent.unknown)
                if _fact_row(rm | whole, head, context) and \
                        _map(rm | whole | head, context)[0].fact != \
                        _map(parent | head, context)[0].fact:
                    mapping, _c = _map(rm | whole | head, context)
                    mapping = Mapping(mapping.fact, mapping.kind,
                                      mapping.certainty * CONTEXT_CERTAINTY, mapping.ambiguous)
                    src0: dict[str, Any] = {"kind": "cell", "table": table.n, "row": label,
                                            "header": list(path), "col": k,
                                            "row_index": cell.row, "context": "row above",
                                            **_table_box(table)}
                    value = typed_value(cell.line.text, mapping.kind)
                    if value is not None and mapping.fact:
                        cands.append(Candidate(mapping.fact, value, _raw(path, label, cell.line),
                                               table.page, cell.line.box, cell.line.method,
                                               cell.line.conf, 1.0, mapping.certainty, src0))
                    continue
            src: dict[str, Any] = {"kind": "cell", "table": table.n, "row": label,
                                   "header": list(path), "col": k,
                                   "row_index": cell.row, **_table_box(table)}
            ctx: bool | str
            if cell.row == total_row:
                mapping, ctx = colmap, colctx
                layout = 1.0
                src["total_row"] = True
            elif not entities and _fact_row(rm, head, context):
                mapping, ctx = _map(rm | head, context)
                layout = 1.0
                if "total" in rm.concepts:
                    src["total"] = True
            else:
                entity.append((cell, label))  # a sub-unit's or field's row
                continue
            value = typed_value(cell.line.text, mapping.kind)
            if value is None:
                continue
            if ctx:
                src["context"] = ctx if isinstance(ctx, str) else "page title"
            cand = Candidate(mapping.fact or "", value, _raw(path, label, cell.line),
                             table.page, cell.line.box, cell.line.method, cell.line.conf, layout,
                             mapping.certainty if mapping.fact else 0.0, src)
            if mapping.ambiguous:
                cand.why.append("label could be " + " or ".join(mapping.ambiguous))
            if cell.row == total_row and coldoubt:
                cand.why.append(coldoubt)
            if cell.row == total_row and k in more:
                src["sum_beside"] = more[k]
            (cands if mapping.fact else unmapped).append(cand)
        if not entity:
            continue
        mapping = colmap
        if mapping.fact is None:
            # labelled values of no known fact, for reviewers; a long listing's column
            # (a size per account) is no labelled value
            if total_row is None and len(entity) <= MAX_UNMAPPED_ROWS:
                for cell, label in entity:
                    value = parse_value(cell.line.text, "count")
                    if value is None:
                        value = parse_value(cell.line.text, "ratio")
                    if value is not None and (label or path):
                        unmapped.append(Candidate("", value, _raw(path, label, cell.line),
                                                  table.page, cell.line.box, cell.line.method,
                                                  cell.line.conf, SOLE_ROW_LAYOUT, 0.0,
                                                  _src(table, k, label, path)))
            continue
        values = [_cell_value(c, mapping.kind) for c, _l in entity]
        if total_row is not None:
            tot = next((c for c in cands if c.source.get("col") == k and
                        c.source.get("total_row")), None)
            if tot is None or any(v is None for v in values):
                continue
            # a breakdown by kind («Cán bộ», «Công chức», «Viên chức») of the people
            # the page lists: the listing's size is the total, not more rows
            if list_total is not None and list_total > len(table.rows) and \
                    not (colctx == "rows" and list_total == tot.value):
                if colctx == "rows":
                    # the rows say what the total counts, and not all rows are shown
                    tot.lower(ROWS_DOUBT, "the list has more rows than shown: the kinds "
                                          "shown may not be all")
                else:
                    tot.why.append("the list has more rows than shown: the total is not "
                                   "checked")
                continue
            filled = {c.row for c in table.cells if c.col == k}
            holes = [ri for ri in range(len(table.rows)) if ri not in filled]
            s = sum(v for v in values if v is not None)
            if holes:
                # a cell not read is still known when its row's own arithmetic gives it
                # (online = received − direct): the total is checked with it
                fills = [_from_row(table, ri, k, idents) for ri in holes]
                if all(f is not None for f in fills) and \
                        s + sum(f for f in fills if f is not None) == tot.value:
                    tot.checked = True
                    tot.source["check"] = ("total = sum of rows, the unread cells given by "
                                           "their rows' arithmetic")
                else:
                    tot.why.append("a row has no readable cell here: the total is not checked")
                continue
            if s == tot.value:
                tot.checked = True
                tot.source["check"] = "total = sum of rows"
                continue
            if s == 2 * tot.value and tot.value > 0:
                ints = [int(v) for v in values if v is not None]
                if _subtotals(ints, [_group_row(table, c.row, lab) for c, lab in entity]):
                    # groups of units with their sub-total rows («Cộng khối Sở», a group's
                    # heading row with its sums): each unit counted in its row and again
                    # in its group's, and the groups add up to the total. Rows that only
                    # happen to add up so, none saying it is a group, confirm nothing:
                    # the total keeps the mismatch's penalty below
                    tot.checked = True
                    tot.source["check"] = "total = sum of the sub-total rows = sum of the units"
                    continue
            # one row misread: its own arithmetic (received = online + direct) gives
            # the value with which the rows add up to the total. That explains the
            # mismatch, it does not confirm the total's digits: no penalty, no check
            fixes = [lab for (ec, lab), v in zip(entity, values, strict=True)
                     if (f := _from_row(table, ec.row, k, idents)) is not None and f != v
                     and s - (v or 0) + f == tot.value]
            if len(fixes) == 1:
                tot.source["rows_fixed"] = (f"total = sum of rows, the row «{fixes[0]}» as "
                                            "its own arithmetic gives it")
            elif len(entity) >= 2:
                tot.lower(MISMATCH_PENALTY, f"total row {tot.value} != sum of rows {s}")
                notes.append(("FACT_CROSSCHECK_FAILED",
                              f"{mapping.fact}: total row {tot.value}, rows add up to {s}"))
            continue
        if any(v is None for v in values):
            continue
        if len(entity) == 1:
            cell, label = entity[0]
            # a row with a name, or any one row of a table whose label column says its
            # rows are sub-units or fields («Đơn vị», «Lĩnh vực»: the name may be lost)
            named = (sum(ch.isalpha() for ch in label) >= 2 and not is_total_label(label)) \
                or (not is_total_label(label) and
                    bool(ENTITY_HEADER.search(fold(_label_header(table)))))
            sole = Candidate(mapping.fact, values[0], _raw(path, label, cell.line),
                             table.page, cell.line.box, cell.line.method, cell.line.conf,
                             SOLE_NAMED_ROW_LAYOUT if named else SOLE_ROW_LAYOUT,
                             mapping.certainty, _src(table, k, label, path))
            if named:
                sole.why.append(f"one row «{label or '?'}» and no total row: the unit's "
                                "figure or one sub-unit's?")
                sole.notes.append(("FACT_AMBIGUOUS", f"{mapping.fact}: one row ({label}) "
                                                     "and no total row"))
            cands.append(sole)
            continue
        s = sum(v for v in values if v is not None)
        # a total row whose label was not read stands first or last, never in between;
        # a row that names its sub-unit («Phòng Văn hóa và Thông tin» 206 under 38 and
        # 168) is that sub-unit's, whatever its figure adds up to
        sums = [j for j, v in enumerate(values) if v is not None and len(entity) >= 3 and
                2 * v == s and j in (0, len(entity) - 1) and not _names_a_row(entity[j][1])]
        if len(sums) == 1:
            # one row is the sum of all the others: the total row, its label unread
            cell, label = entity[sums[0]]
            src = _src(table, k, label, path)
            src.update(total_row=True, check="this row = sum of the other rows")
            cand = Candidate(mapping.fact, values[sums[0]], _raw(path, label, cell.line),
                             table.page, cell.line.box, cell.line.method, cell.line.conf,
                             SOLE_ROW_LAYOUT, mapping.certainty, src)
            cand.checked = True
            cands.append(cand)
            continue
        first = entity[0][0].line
        boxes = [c.line.box for c, _l in entity if c.line.box]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
               max(b[3] for b in boxes)) if boxes else None
        src = _src(table, k, "", path)
        src["candidates"] = [{"row": lab, "value": v} for (_c, lab), v in zip(entity, values,
                                                                              strict=True)]
        src["summed"] = True
        cand = Candidate(mapping.fact, s, f"{' / '.join(path)}: sum of {len(entity)} rows",
                         table.page, box, first.method,
                         min(c.line.conf for c, _l in entity), SUMMED_LAYOUT, mapping.certainty,
                         src)
        cand.why.append("no total row: the rows were added up, a reviewer must confirm")
        cand.notes.append(("FACT_AMBIGUOUS", f"{mapping.fact}: table without a total row, "
                                             f"{len(entity)} rows summed to {s}"))
        cands.append(cand)
    _check_total_column(table, sub_units, cands)
    return cands, unmapped, notes


def _check_total_column(table: Table, named: dict[int, Meaning], cands: list[Candidate]
                        ) -> None:
    """A figure in the total column whose row's sub-unit figures (``_named_columns``),
    all read, add up to it: its digits are right."""
    if not named:
        return
    total = next(k for k, c in enumerate(table.columns)
                 if k != table.index_col and meaning(" ".join(c.path)).concepts == {"total"})
    for c in cands:
        if c.source.get("col") != total or c.checked or not isinstance(c.value, int):
            continue
        ri = c.source.get("row_index")
        parts = [table.cell(ri, k) for k in named] if isinstance(ri, int) else [None]
        values = [parse_value(p.line.text, "count") if p else None for p in parts]
        if all(isinstance(v, int) for v in values) and sum(values) == c.value:  # type: ignore[arg-type]
            c.checked = True
            c.source["check"] = "total column = sum of the sub-units' columns"


def _names_a_row(label: str) -> bool:
    """A row label that was read and names a row of its own: a word of three letters or
    more (not debris), and no total («Tổng số» with a chart's title glued to it)."""
    return any(sum(c.isalpha() for c in w) >= 3 for w in label.split()) and \
        "total" not in meaning(label).concepts


GROUP_LABEL = re.compile(r"(?<!\w)(khối|cộng|cấp|nhóm)(?!\w)|^\W*các\s")
"""A sub-total row's label says it is a group («Cộng khối Sở», «Khối UBND cấp
huyện», «UBND cấp xã», a plural «Các cơ quan chuyên môn»); matched with its marks,
«công» is no «cộng»."""


ROMAN = re.compile(r"^\s*[IVX]{1,4}\.?(\s|$)")
"""A group's number in the STT column («I», «II»), of another kind than its members'."""


def _group_row(table: Table, row: int, label: str) -> bool:
    """Whether a row says it is a group of the rows around it: its label
    («Cộng khối Sở», «UBND cấp xã») or its roman number («II»), in the STT column or
    read into the label."""
    if GROUP_LABEL.search(label.lower()) or ROMAN.match(label):
        return True
    if table.index_col is not None:
        c = table.cell(row, table.index_col)
        if c is not None and ROMAN.match(c.line.text.strip()):
            return True
    return False


def _subtotals(values: list[int], group: list[bool]) -> bool:
    """Whether the rows (top to bottom) split into groups, each a sub-total row right
    before or right after the run of two or more rows it adds up, every row in one
    group: a table of units grouped under sub-totals («Khối Sở» over its departments,
    «Cộng khối huyện» under its districts). A sub-total row must be one ``group``
    allows, and never zero (nothing adds up to it)."""
    n = len(values)
    # reach[i]: rows 0..i-1 split into groups
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if not reach[i]:
            continue
        for j in range(i + 3, n + 1):  # a group of rows i..j-1: its sub-total and 2+ rows
            part = values[i:j]
            if (group[i] and part[0] > 0 and part[0] == sum(part[1:])) or \
                    (group[j - 1] and part[-1] > 0 and part[-1] == sum(part[:-1])):
                reach[j] = True
    return reach[n]


def missing_totals(table: Table, context: Meaning
                   ) -> list[tuple[str, str, list[tuple[float, float, float, float]], int]]:
    """Total-row cells the page read missed (small or pale text, a dark theme):
    (fact, label, boxes where the column's empty cells must be, the total's first,
    sum of the cells read). The caller reads the boxes again and keeps the total as
    sure only when the column's rows add up to it."""
    totals = [i for i, lab in enumerate(table.labels) if lab and is_total_label(lab)]
    if not totals or table.rows[totals[-1]].box is None:
        return []
    ti = totals[-1]
    context = table_context(table, context)
    colmaps = _column_maps(table, context, ti)
    out = []
    for k, col in enumerate(table.columns):
        if k == table.index_col or table.cell(ti, k) is not None:
            continue
        mapping, _ctx, _doubt = colmaps[k]
        if mapping.fact is None or mapping.kind == "ratio":
            continue
        cells = [c for c in table.cells if c.col == k and c.line.box]
        values = [parse_value(c.line.text, mapping.kind) for c in cells]
        if len(cells) < 2 or any(not isinstance(v, int) for v in values):
            continue
        x0 = min(c.line.box[0] for c in cells if c.line.box)
        x1 = max(c.line.box[2] for c in cells if c.line.box)
        filled = {c.row for c in cells}
        boxes = []
        for ri in [ti, *(r for r in range(len(table.rows)) if r != ti)]:
            rbox = table.rows[ri].box
            if ri in filled or rbox is None:
                continue
            pad = max((x1 - x0) * 0.6, 2 * (rbox[3] - rbox[1]))
            lo, hi = x0 - pad, x1 + pad
            for ln in table.rows[ri].lines:  # never into the row's other cells
                if ln.box is not None and ln.box[2] <= x0:
                    lo = max(lo, ln.box[2] + 1)
                elif ln.box is not None and ln.box[0] >= x1:
                    hi = min(hi, ln.box[0] - 1)
            boxes.append((lo, rbox[1], hi, rbox[3]))
        out.append((mapping.fact, " / ".join((*col.path, table.labels[ti])), boxes,
                    sum(v for v in values if isinstance(v, int))))
    return out


def _src(table: Table, k: int, label: str, path: tuple[str, ...]) -> dict[str, Any]:
    return {"kind": "cell", "table": table.n, "row": label, "header": list(path), "col": k,
            **_table_box(table)}


def _table_box(table: Table) -> dict[str, Any]:
    """The whole table's box (the cells' pixel space), for the evidence view's outline;
    nothing for a table of lines without boxes."""
    boxes = [r.box for r in (*table.header_rows, *table.rows) if r.box]
    boxes += [c.line.box for c in table.cells if c.line.box]
    if not boxes:
        return {}
    return {"table_box": [math.floor(min(b[0] for b in boxes) * 10) / 10,
                          math.floor(min(b[1] for b in boxes) * 10) / 10,
                          math.ceil(max(b[2] for b in boxes) * 10) / 10,
                          math.ceil(max(b[3] for b in boxes) * 10) / 10]}


def _raw(path: tuple[str, ...], label: str, value: Line) -> str:
    parts = [*path, label] if label else list(path)
    return " / ".join(p for p in parts if p) + f": {value.text}"


def _ratio_fits(r: float, vals: dict[int, int]) -> set[tuple[int, tuple[int, ...]]]:
    """The (numerator column, denominator columns) whose a/b, or a/(b+c) (on time over
    on time + late), gives the ratio ``r`` per cent, for one row's count cells
    {column: value}."""
    tol = 0.051 + 0.5 * (float(r) == int(r))
    cols = sorted(vals)
    dens: list[tuple[int, ...]] = [(c,) for c in cols]
    dens += [(c, d) for i, c in enumerate(cols) for d in cols[i + 1:]]
    out: set[tuple[int, tuple[int, ...]]] = set()
    for a in cols:
        for den in dens:
            d = sum(vals[c] for c in den)
            if d and vals[a] <= d and (d != vals[a] or r >= 99.9) and \
                    abs(100 * vals[a] / d - r) <= tol:
                out.add((a, den))
    return out


Formula = tuple[int, tuple[int, ...]]


def _holds(formulas: list[Formula], vals: dict[int, int], fits: set[Formula]) -> bool:
    """Whether a row's ratio is its column's formula of the row's cells; True when a
    cell of the formula was not read (nothing to say against it)."""
    readable = [f for f in formulas if {f[0], *f[1]} <= set(vals)]
    return not readable or any(f in fits for f in readable)


CLEAR_READ = 0.9
"""OCR confidence of every cell of a column whose sum confirms its total beyond a
ratio that says otherwise: two misreads that cancel out are not both read clear."""


def _read_clear(table: Table, c: Candidate) -> bool:
    """Whether every cell of the candidate's column was read with confidence."""
    return all(tc.line.conf >= CLEAR_READ for tc in table.cells
               if tc.col == c.source.get("col"))


def _sure(c: Candidate) -> bool:
    """Confirmed another way (its column adds up to it, read twice), not through a
    row's arithmetic standing in for an unread cell."""
    return (c.checked and "arithmetic" not in c.source.get("check", "")) or \
        bool(c.corroborated)


def _confirmed_by_ratio(row_cands: list[Candidate],
                       formulas: Iterable[tuple[int, tuple[int, ...]]]) -> None:
    """The row's cells a ratio that holds is made of: confirmed (only those)."""
    used = {x for a, den in formulas for x in (a, *den)}
    for c in row_cands:
        if c.source.get("col") in used:
            c.checked = True
            c.source.setdefault("check", "ratio = a/b")


def ratio_checks(table: Table, cands: list[Candidate]) -> list[tuple[str, str]]:
    """A ratio column (header says «Tỷ lệ», «%») must equal a/b for two count cells of
    the same row. Which two is learnt from the rows: the pair of columns that gives the
    ratio on two rows or more is the column's formula. A row where it holds confirms
    the formula's cells. A row where it does not holds a misread: the formula's cells,
    or the ratio cell itself. It is the ratio cell, and nothing is lowered, when the
    cells are confirmed another way (their column adds up to them) by evidence of its
    own: every cell of their column read clear, and every other row holding the
    formula (a row that breaks it may hold the misread the column's sum cancelled
    out); otherwise the cells go to a reviewer. Without a formula, any pair that
    gives the ratio confirms its cells, and a ratio that no pair gives sends every
    cell of the row not so confirmed to a reviewer."""
    notes: list[tuple[str, str]] = []
    for k, col in enumerate(table.columns):
        if "ratio" not in meaning(" ".join(col.path)).concepts or \
                CHANGE.search(fold(" ".join(col.path)).replace("đ", "d")):
            continue  # a change between two periods («Tăng/giảm (%)») is no a/b
        rows: list[tuple[Cell, float, dict[int, int], set[tuple[int, tuple[int, ...]]]]] = []
        for cell in (c for c in table.cells if c.col == k):
            r = parse_value(cell.line.text, "ratio")
            vals: dict[int, int] = {}
            for tc in table.cells:
                if tc.row == cell.row and tc.col != k and tc.col != table.index_col:
                    v = parse_value(tc.line.text, "count")
                    if isinstance(v, int):
                        vals[tc.col] = v
            if r is None or len(vals) < 2 or float(r) > 100:
                continue  # over 100 %: a separator the read lost («784»), no evidence
            rows.append((cell, float(r), vals, _ratio_fits(float(r), vals)))
        held: dict[tuple[int, tuple[int, ...]], int] = {}
        for _cell, _r, _vals, fits in rows:
            for f in fits:
                held[f] = held.get(f, 0) + 1
        best = max(held.values(), default=0)
        # two formulas may hold on the same rows (on time over resolved, and over on
        # time + late, where resolved = on time + late): either is the column's
        formulas = [f for f, n in held.items() if n == best] if best >= 2 else []
        for cell, r, vals, fits in rows:
            # a cell confirmed another way spares its row only when every other row
            # holds the formula: a row that breaks it may hold the misread that the
            # sum confirming the cell cancelled out
            elsewhere = all(_holds(formulas, ovals, ofits)
                            for ocell, _or, ovals, ofits in rows if ocell is not cell)
            row_cands = [c for c in cands if c.source.get("table") == table.n and
                         c.source.get("row_index", -1) == cell.row]
            if formulas:
                readable = [f for f in formulas if {f[0], *f[1]} <= set(vals)]
                if not readable:
                    continue  # a cell of the formula was not read: nothing to check
                fitting = [f for f in readable if f in fits]
                if fitting:
                    _confirmed_by_ratio(row_cands, fitting)
                    continue
                made_of = {x for a, den in readable for x in (a, *den)}
                suspects = [c for c in row_cands if c.source.get("col") in made_of]
            elif fits:
                _confirmed_by_ratio(row_cands, fits)
                continue
            else:
                suspects = row_cands
            doubtful = [c for c in suspects
                        if not (_sure(c) and (elsewhere or not formulas) and
                                _read_clear(table, c))]
            for c in doubtful:
                c.lower(MISMATCH_PENALTY, f"ratio {r:g} is no a/b of the row")
            if doubtful:
                notes.append(("FACT_CROSSCHECK_FAILED",
                              f"table {table.n}: ratio {r:g} matches no pair of the row "
                              f"{[vals[c] for c in sorted(vals)]}"))
    return notes


OTHER_PERIOD = re.compile(r"\b(ky truoc|ky lien truoc|cung ky|nam truoc|thang truoc|quy truoc|"
                          r"nam ngoai|ky so sanh)\b")
"""A column or caption about a previous period («Kỳ trước», «Cùng kỳ năm trước»)."""
CHANGE = re.compile(r"\b(chenh|tang\s*[/|l,]?\s*giam|so voi|so sanh|bien dong)\b|"
                    r"±|(?<!\w)\+\s*/?\s*[-–—−*~](?!\w)|(?<!\w)[-–—−]\s*/\s*\+")
"""A column of changes between two periods («Chênh lệch», «Tăng/giảm (%)», its «/»
read as «l» or «|»; «+/-», «±» without a word)."""
YEARS = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/.-])")
PERIOD_PENALTY = 0.5
"""A figure of another period than the page's, or a change between two periods: the
unit's figure for the period only if a reviewer says so."""


def named_years(text: str) -> set[int]:
    """The years a header or caption names («Năm 2019», «Số liệu năm 2020»), not the
    year of a date in it."""
    return {int(y) for y in YEARS.findall(text)}


HEADER_MONTH = re.compile(r"thang\s*(\d{1,2})\s*[/-]\s*((?:19|20)\d\d)(?!\d)")
HEADER_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)(?!\d)")
YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
"""A year anywhere in a header, also ending a month, quarter or date («8/2021»)."""


def header_periods(header: str) -> list[tuple[date, date]]:
    """The periods a column's header names: a month («Tháng 8/2021»), a quarter
    («Quý II/2021»), a date («Lũy kế đến 31/12/2022», the day alone)."""
    f = fold(header).replace("đ", "d")
    out: list[tuple[date, date]] = []
    for m in HEADER_MONTH.finditer(f):
        mo, y = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12 and y in PLAUSIBLE_YEARS:
            out.append((date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])))
    for m in QUARTER.finditer(f):
        r = _quarter(m.group(1), m.group(2))
        if r is not None:
            out.append(r)
    for m in HEADER_DATE.finditer(f):
        d = make_date(m.group(1), m.group(2), m.group(3))
        if d is not None:
            out.append((d, d))
    return out


def other_period(header: str, caption: str, years: set[int], named_on_page: set[int],
                 period: tuple[date, date] | None = None) -> str | None:
    """Why a table cell under ``header`` (its column's path), in a table under
    ``caption`` (the lines right above it), is no figure of the page's period
    (``years``: the years its period ends in, empty when it states none;
    ``named_on_page``: every year the page's table headers and captions name;
    ``period``: the page's period, when it states one): its
    column or caption is about a previous period or another year, or its column holds
    the change between two periods. Without a period, a year is doubtful only where
    the page names two (one table per year, a column per year). None when nothing
    says so."""
    h = fold(header).replace("đ", "d")
    if CHANGE.search(h):
        return f"the column «{header}» holds a change between two periods, not a figure"
    if OTHER_PERIOD.search(h):
        return f"the column «{header}» is about a previous period"
    # a month, quarter or date in the header outside the page's period (``period``),
    # or a year in it («Tháng 8/2021», «Lũy kế đến 31/12/2022») the period is not in
    if period is not None:
        for text, what in ((header, "column"), (caption, "table")):
            for a, b in header_periods(text):
                if a < period[0] or b > period[1]:
                    return (f"the {what} «{text}» is about {a:%d/%m/%Y}–{b:%d/%m/%Y}, "
                            f"outside the page's period")
    in_header = {int(y) for y in YEAR_ANY.findall(header)}
    if years and in_header and not in_header & years:
        return (f"the column «{header}» is about {', '.join(str(y) for y in sorted(in_header))}"
                f", the page's period ends in {', '.join(str(y) for y in sorted(years))}")
    for text, what in ((header, "column"), (caption, "table")):
        named = named_years(text)
        if not named:
            continue
        said = ", ".join(str(y) for y in sorted(named))
        if years and not named & years:
            return (f"the {what} «{text}» is about {said}, the page's period ends in "
                    f"{', '.join(str(y) for y in sorted(years))}")
        if not years and len(named_on_page) >= 2:
            return f"the {what} «{text}» is about {said}, and the page states no period"
    if OTHER_PERIOD.search(fold(caption).replace("đ", "d")):
        return f"the table «{caption}» is about a previous period"
    return None
