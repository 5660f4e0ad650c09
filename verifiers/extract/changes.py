"""A period comparison's arithmetic: this period's figure, the same period the year
before, and the change between them («Kỳ này | Cùng kỳ năm trước | Chênh lệch»).

When a row's change equals this period's figure less the previous period's, the two
figures are confirmed: a misread digit in one of the three cells would break the
difference (the reads are of different places of the page). A row where it does not
hold proves nothing by itself: the change cell is as likely the misread one
(«#3.539» for «+3.539»), so nothing is lowered for it.
"""

from __future__ import annotations

import re

from kiemchung.core.text import fold
from verifiers.extract.candidates import Candidate
from verifiers.extract.tables import CHANGE, OTHER_PERIOD
from verifiers.extract.values import parse_value
from verifiers.ocr.layout import Table

SIGNED = re.compile(r"^\s*([+\-–−])?\s*(.+)$")
"""A change cell: its sign (plus, a hyphen, an en dash or a minus sign), then digits."""
NEGATIVE = "-–−"
CHANGE_CHECK = "this period − previous period = change"


def _kind(path: tuple[str, ...]) -> str:
    """What a column holds: ``change`` (between two periods, in units: «Chênh lệch»),
    ``previous`` (another period: «Cùng kỳ năm trước»), ``share`` (a per cent, a
    ratio: no figure of the difference), else ``this``."""
    h = fold(" ".join(path)).replace("đ", "d")
    if "%" in h or "ty le" in h:
        return "share"
    if CHANGE.search(h):
        return "change"
    return "previous" if OTHER_PERIOD.search(h) else "this"


def _signed(text: str) -> tuple[int, bool] | None:
    """A change cell's magnitude and whether its sign was written (−706 → (706,
    True)); a negative change as a negative number."""
    m = SIGNED.match(text)
    if m is None:
        return None
    v = parse_value(m.group(2), "count")
    if not isinstance(v, int):
        return None
    sign = m.group(1)
    return (-v if sign and sign in NEGATIVE else v), bool(sign)


def change_checks(table: Table, cands: list[Candidate]) -> None:
    """The figures of each row whose change adds up (``CHANGE_CHECK``) marked checked,
    in a table with exactly one column of each kind (this period, the previous one,
    the change in units)."""
    kinds = {k: _kind(col.path) for k, col in enumerate(table.columns)
             if k != table.index_col}
    cols = {kind: [k for k, v in kinds.items() if v == kind]
            for kind in ("this", "previous", "change")}
    if any(len(ks) != 1 for ks in cols.values()):
        return
    this, previous, change = (cols[k][0] for k in ("this", "previous", "change"))
    cells = {(c.row, c.col): c.line.text for c in table.cells}
    for row in range(len(table.rows)):
        texts = [cells.get((row, k)) for k in (this, previous, change)]
        if any(t is None for t in texts):
            continue
        a, b = (parse_value(t or "", "count") for t in texts[:2])
        diff = _signed(texts[2] or "")
        if not isinstance(a, int) or not isinstance(b, int) or diff is None:
            continue
        value, signed = diff
        if a - b != value and (signed or abs(a - b) != value):
            continue
        for c in cands:
            if c.source.get("table") == table.n and c.source.get("row_index") == row and \
                    c.source.get("col") in (this, previous):
                c.checked = True
                c.source.setdefault("check", CHANGE_CHECK)
