"""A report open in a spreadsheet window (``bench/screens/families_dev3.py``,
``spreadsheet``): the window's frame around the grid — row numbers in the gutter, column
letters, sheet tabs, the status bar's statistics of a selection, a selected cell's
outline read as marks — is no part of the report's table, and the row labels stand
right of all the leading index columns (the sheet's row numbers, then the STT).

Word boxes built by hand (``tests.verifiers.test_layout.page``): the OCR of a real page
misses some of the small numbers, which is what these pages reproduce."""

from __future__ import annotations

import pytest

from tests.verifiers.test_layout import page
from verifiers.extract.facts import TextLine, Token, extract, pages_of
from verifiers.ocr.layout import Row

XS = (300, 460, 580)
UNITS = [("UBND xã Quảng Đức", "120", "45"), ("Phòng Y tế", "230", "80"),
         ("Phòng Nội vụ", "310", "105")]
TOTAL = ("Tổng cộng", "660", "230")
HEADER = ["Số văn bản Số văn bản", "STT Đơn vị", "đến đi"]


def _sheet(gutter: set[int] | None = None, stt: bool = True, frame: bool = False,
           selected: int | None = None, tall: bool = False) -> list[TextLine]:
    """The sheet's rows 1–8: title, period, blank, header, three units, total; the row
    numbers of ``gutter`` read (all when None), the STT column read or not, the
    window's frame (column letters, sheet tabs, status bar) drawn or not, and the
    ``selected`` unit's figures read as the selection's outline: marks in the row's
    height, or (``tall``) its figures cut with the outline's edge, three rows tall."""
    numbers = set(range(1, 9)) if gutter is None else gutter
    rows: list[tuple[int, list[tuple[int, str]]]] = []
    if frame:
        rows.append((60, [(120, "A"), (360, "B"), (470, "C"), (590, "D")]))
    grid = [[(40, "BÁO CÁO THỐNG KÊ SỐ LIỆU")],
            [(40, "(Từ ngày 01/01/2024 đến ngày 31/12/2024)")], [],
            [(XS[1], "Số văn bản"), (XS[2], "Số văn bản")]]
    for k, (unit, a, b) in enumerate(UNITS):
        cells = [(XS[0], unit)]
        if selected == k and not tall:
            cells.append((XS[1], "—mỊ—xỊ"))
        elif selected == k:
            pass
        else:
            cells += [(XS[1], a), (XS[2], b)]
        grid.append(([(40, str(k + 1))] if stt else []) + cells)
    grid.append([(XS[0], TOTAL[0]), (XS[1], TOTAL[1]), (XS[2], TOTAL[2])])
    for n, cells in enumerate(grid, start=1):
        rows.append((60 + 26 * n, ([(8, str(n))] if n in numbers else []) + cells))
        if n == 4:  # the header wrapped over two lines, its one-line cells centred
            rows += [(60 + 26 * n + 9, [(40, "STT"), (XS[0], "Đơn vị")]),
                     (60 + 26 * n + 18, [(XS[1], "đến"), (XS[2], "đi")])]
    if frame:
        y = 60 + 26 * (len(grid) + 1) + 10
        rows.append((y, [(20, "Sheet1"), (90, "Sheet2"), (160, "Chi tiet")]))
        rows.append((y + 26, [(10, "Sẵn sàng"), (380, "Trung bình: 117"), (500, "Đếm: 2"),
                              (580, "Tổng: 233")]))
    lines = page(rows)
    if selected is not None and tall:
        y = 60 + 26 * (5 + selected)
        lines += [TextLine([Token(t, 80.0, (x, y - 12.0, x + 40.0, y + 26.0))], 1, "ocr")
                  for x, t in ((XS[1] - 10.0, "185]"), (XS[2] - 10.0, "9|"),
                               (XS[2] + 60.0, "8Đị"))]
    return lines


def _facts(lines: list[TextLine]) -> dict[str, object]:
    return {f.name: f for f in extract(lines).facts}


def _table_labels(lines: list[TextLine]) -> list[str]:
    (pg,) = pages_of(lines)
    (table,) = pg.tables
    return list(table.labels)


def _own(row: Row, chrome: frozenset[int]) -> str:
    """A row's text without the window's frame in it."""
    return " ".join(ln.text for ln in row.lines if ln.id not in chrome)


def _sure_totals(lines: list[TextLine]) -> None:
    f = _facts(lines)
    assert f["incoming_total"].value == 660  # type: ignore[attr-defined]
    assert f["outgoing_total"].value == 230  # type: ignore[attr-defined]
    assert not f["incoming_total"].needs_review  # type: ignore[attr-defined]


def test_the_labels_stand_right_of_a_sheets_row_numbers_counted_from_the_title() -> None:
    # only the total row's number read (OCR misses the small ones): 8, the sheet's
    # row, not the table's fourth; the labels are the units', the total row found
    lines = _sheet(gutter={8}, stt=False)
    assert _table_labels(lines) == [u for u, _a, _b in UNITS] + [TOTAL[0]]
    _sure_totals(lines)


def test_the_labels_stand_right_of_row_numbers_and_an_stt_column() -> None:
    # the sheet's row numbers read on the table's rows only, the STT column beside them
    lines = _sheet(gutter={5, 6, 7, 8})
    assert _table_labels(lines) == [u for u, _a, _b in UNITS] + [TOTAL[0]]
    _sure_totals(lines)


def test_a_sheets_row_numbers_through_title_and_header_are_chrome() -> None:
    # numbered on every row, title and header too: no row of them is a table row
    lines = _sheet(stt=False)
    (pg,) = pages_of(lines)
    (table,) = pg.tables
    assert [_own(r, pg.chrome) for r in table.header_rows] == HEADER
    assert list(table.labels) == [u for u, _a, _b in UNITS] + [TOTAL[0]]
    _sure_totals(lines)


def test_sheet_tabs_status_bar_and_column_letters_are_no_table_rows() -> None:
    lines = _sheet(frame=True)
    # the formula bar holds the selected cell's figure
    lines = page([(20, [(8, "C6"), (60, "fx"), (120, "230")])]) + lines
    (pg,) = pages_of(lines)
    (table,) = pg.tables
    texts = " ".join(r.text for r in (*table.header_rows, *table.rows))
    assert "Sheet2" not in texts and "Trung bình" not in texts and "fx" not in texts
    assert any(ln.text == "C6" and ln.id in pg.chrome for r in pg.rows for ln in r.lines)
    assert not any(r.text.startswith("A ") for r in table.header_rows)
    assert list(table.labels) == [u for u, _a, _b in UNITS] + [TOTAL[0]]
    _sure_totals(lines)
    # the selection's sum and average are no facts
    assert all(f.value not in (117, 233) for f in _facts(lines).values())  # type: ignore[attr-defined]


@pytest.mark.parametrize(("selected", "tall"), [(0, False), (1, False), (1, True)])
def test_a_selected_rows_outline_read_as_marks_leaves_the_table_whole(selected: int,
                                                                      tall: bool) -> None:
    # a unit's figures under the selection's shade, read «—mỊ—xỊ» or cut with the
    # outline's edge («185]», «8Đị», three rows tall): the row (its row number beside its
    # label) is one whose figures were not read, not the header of a new table, and
    # the cut figures are none of its cells
    lines = _sheet(selected=selected, stt=False, frame=True, tall=tall)
    (pg,) = pages_of(lines)
    (table,) = pg.tables
    assert [_own(r, pg.chrome) for r in table.header_rows] == HEADER
    assert table.labels[-1] == TOTAL[0]
    assert not any(c.line.text in {"185]", "9|", "8Đị"} for c in table.cells)
    f = _facts(lines)
    assert f["incoming_total"].value == 660  # type: ignore[attr-defined]
    assert f["outgoing_total"].value == 230  # type: ignore[attr-defined]


def test_an_stt_column_whose_first_rows_figures_went_unread_is_no_gutter() -> None:
    # a table's own numbers under its header «STT», the first row's figures pale and
    # unread: still the table's index column, never the window's frame
    lines = page([(60, [(40, "STT"), (120, "Đơn vị"), (460, "Văn bản đến"), (580, "Văn bản đi")]),
                  (86, [(40, "1"), (120, "UBND xã Quảng Đức")]),
                  (112, [(40, "2"), (120, "Phòng Y tế"), (460, "230"), (580, "80")]),
                  (138, [(40, "3"), (120, "Phòng Nội vụ"), (460, "310"), (580, "105")]),
                  (164, [(120, "Tổng cộng"), (460, "660"), (580, "230")])])
    (pg,) = pages_of(lines)
    assert not any(ln.text in {"1", "2", "3"} for r in pg.rows for ln in r.lines
                   if ln.id in pg.chrome)


def test_a_row_number_beside_the_title_is_no_unreadable_period() -> None:
    # «1 | BÁO CÁO THỐNG KÊ SỐ LIỆU»: «số liệu» and a figure, but the figure is the
    # sheet's row number; the period under it is the page's only one, and sure
    f = _facts(_sheet(stt=False))
    assert f["period_start"].value == "2024-01-01"  # type: ignore[attr-defined]
    assert f["period_end"].value == "2024-12-31"  # type: ignore[attr-defined]
    assert not f["period_start"].needs_review  # type: ignore[attr-defined]
