"""Lessons of an unseen seed (5858) on tables: a total column beside sub-unit columns
(indicators as rows), a name's hyphen in a header, a cell the page read could not make
out, a one-letter header, a one-column table's lost row, glued label words.

Word boxes built by hand (fast), and one drawn table read by the real Tesseract."""

from __future__ import annotations

import pytest

from tests.verifiers.test_layout import page
from tests.verifiers.test_tables_rows import drawn_table
from verifiers.extract.concepts import meaning
from verifiers.extract.facts import TextLine, Token, extract, pages_of
from verifiers.ocr import read as read_mod
from verifiers.ocr.engine import Line, Word
from verifiers.ocr.images import open_image, prepare
from verifiers.ocr.read import Reading, _hole_bands, fill_table_holes

H = 14


def _line(*words: tuple[str, float, float, float, float]) -> TextLine:
    return TextLine([Token(t, 95.0, (x0, y0, x1, y1)) for t, x0, y0, x1, y1 in words], 1, "ocr")


def test_a_name_hyphen_keeps_a_header_cell_whole() -> None:
    # «Phòng Tài chính - Kế hoạch» wrapped over two lines: the flat hyphen between
    # «chính» and «Kế» (a word space each side) is part of the name, not a border
    # that cuts the cell in two and leaves the column the header «hoạch»
    lines = [
        _line(("Phòng", 448, 257, 493, 274), ("Kinh", 501, 258, 532, 270),
              ("tế", 538, 257, 553, 271), ("và", 559, 257, 575, 271),
              ("Hạ", 583, 259, 601, 273)),
        _line(("Phòng", 648, 257, 693, 274), ("Tài", 699, 257, 718, 271),
              ("chính", 725, 257, 765, 271), ("-", 771, 265, 776, 267),
              ("Kế", 784, 257, 800, 271)),
        _line(("Chỉ", 340, 265, 364, 279), ("tiêu", 369, 265, 397, 279)),
        _line(("Cộng", 1043, 265, 1080, 282)),
        _line(("tầng", 508, 274, 541, 291)),
        _line(("hoạch", 701, 275, 746, 290)),
    ]
    for k, (label, a, b, c) in enumerate([("Văn bản đến", "2.253", "2.418", "4.671"),
                                          ("Số văn bản đi", "1.336", "990", "2.326"),
                                          ("VB đi ký số", "1.215", "567", "1.782")]):
        y = 305 + 40 * k
        lines += [_line(*[(w, 319 + 40 * i, y, 350 + 40 * i, y + 12)
                          for i, w in enumerate(label.split())]),
                  _line((a, 570, y, 612, y + 12)), _line((b, 774, y, 815, y + 12)),
                  _line((c, 1041, y, 1082, y + 12))]
    (p,) = pages_of(lines)
    (t,) = p.tables
    assert [c.path for c in t.columns] == [("Phòng Kinh tế và Hạ tầng",),
                                          ("Phòng Tài chính - Kế hoạch",), ("Cộng",)]


def _total_column_page(units: list[str], total: str = "Cộng") -> list[TextLine]:
    xs = [480 + 160 * k for k in range(len(units) + 1)]
    rows = [(100, [(40, "Tổng hợp số liệu theo đơn vị")]),
            (150, [(40, "STT"), (120, "Chỉ tiêu"),
                   *zip(xs, [*units, total], strict=True)])]
    figures = [("Tổng số hồ sơ tiếp nhận", ["2.810", "1.111", "1.657", "5.578"]),
               ("Số hồ sơ nộp trực tuyến", ["793", "1.013", "1.619", "3.425"]),
               ("Hồ sơ quá hạn", ["17", "39", "151", "207"])]
    for k, (label, vals) in enumerate(figures):
        rows.append((190 + 30 * k, [(44, str(k + 1)), (120, label),
                                    *zip([x + 60 for x in xs], vals, strict=True)]))
    return page(rows)


def test_sub_unit_columns_beside_a_total_column_are_no_unit_figures() -> None:
    # indicators as rows, fields as columns, the unit's figure in «Cộng»: a field's
    # column («Đất đai») is never the unit's figure, and the total column's figure
    # whose row adds up is checked
    ex = extract(_total_column_page(["Đăng ký kinh doanh", "Xây dựng", "Đất đai"]))
    facts = {f.name: f for f in ex.facts}
    assert {n: f.value for n, f in facts.items()} == {
        "dossiers_received": 5578, "dossiers_online": 3425, "dossiers_late": 207}
    assert all(f.source.get("check") == "total column = sum of the sub-units' columns"
               for f in facts.values())
    assert sorted(u.value for u in ex.unmapped if u.source.get("header") == ["Đất đai"]) == [
        151, 1619, 1657]


def test_a_one_letter_header_right_over_its_figures_is_the_column_s() -> None:
    # «SL» (số lượng) read «S» under the group «Tiếp nhận hồ sơ»: the column's own
    # header, not the row labels' «Lĩnh vực» further left
    lines = [
        _line(("Tiếp", 594, 266, 625, 283), ("nhận", 630, 266, 665, 283),
              ("hồ", 670, 266, 690, 283), ("sơ", 700, 266, 723, 283)),
        _line(("Lĩnh", 382, 292, 415, 307), ("vực", 420, 292, 451, 307)),
        _line(("S", 543, 307, 553, 319)),
        _line(("Qua", 618, 298, 650, 313)), _line(("mạng", 613, 320, 655, 333)),
        _line(("Nộp", 705, 298, 736, 314), ("trực", 741, 299, 774, 313)),
        _line(("tiếp", 725, 316, 754, 333)),
    ]
    for k, (label, vals) in enumerate([("Y tế", ("1.300", "476", "824")),
                                       ("Tư pháp", ("779", "507", "272")),
                                       ("Toàn đơn vị", ("2.079", "983", "1.096"))]):
        y = 348 + 30 * k
        lines += [_line((label, 322, y, 380, y + 12)),
                  *[_line((v, x1 - 8 * len(v), y, x1, y + 12))
                    for v, x1 in zip(vals, (578, 673, 789), strict=True)]]
    (p,) = pages_of(lines)
    (t,) = p.tables
    assert t.columns[0].path == ("Tiếp nhận hồ sơ", "S")
    assert {f.name: f.value for f in extract(lines).facts}["dossiers_received"] == 2079


@pytest.mark.parametrize(("read", "meant"), [("Trực tiếpIBCCI", "Trực tiếp/BCCI"),
                                             ("QuaDVCTT", "Qua DVCTT")])
def test_glued_capitals_part_a_label_s_words(read: str, meant: str) -> None:
    assert meaning(read) == meaning(meant)
    assert meaning("Tiếp nhận " + read).concepts == meaning("Tiếp nhận " + meant).concepts


def test_personnel_files_are_about_the_staff() -> None:
    # «Hồ sơ CBCCVC» (a unit's personnel files) is no page about citizens' dossiers
    assert meaning("Hồ sơ CBCCVC").concepts == {"staff"}
    assert meaning("Số hồ sơ tiếp nhận").concepts == {"dossier", "received"}


def _grid(rows: int, cols: int) -> list[Line]:
    return [Line([Word(str(10 + r + c), 95.0, (900 + 270 * c, 90 + 100 * r, 960 + 270 * c,
                                               135 + 100 * r)) for c in range(cols)])
            for r in range(rows)]


def test_a_word_the_read_could_not_make_out_leaves_a_hole() -> None:
    # «Mẫn beiy/» (read at 20 %) where «7.137» stands against its cell's border
    lines = _grid(4, 3)
    lines[2] = Line([*lines[2].words[:2], Word("beiy/", 20.0, (1440, 290, 1500, 335))])
    (band,) = _hole_bands(lines)
    assert band[1] == [(1440, 290, 1500, 335)]
    # a word read surely is a cell's text: no hole
    lines[2] = Line([*lines[2].words[:2], Word("beiy/", 90.0, (1440, 290, 1500, 335))])
    assert _hole_bands(lines) == []


def test_a_one_column_table_s_lost_row_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # «Cán bộ | 8»: sparse text drops a lone one-digit figure; the rows under it
    # (a label, one figure at one right edge) make the column, the label-only row at
    # their labels' left edge is a row whose figure was lost
    png = drawn_table([["Loại", "Số lượng"], ["Cán bộ", "8"], ["Công chức", "261"],
                       ["Viên chức", "55"], ["Cộng", "324"]], [420, 300])
    prep = prepare(open_image(png), "screen")
    lines = read_mod.read_lines(prep.image, 11)
    lines = [Line([w for w in ln.words if w.text != "8"]) for ln in lines]
    lines = [ln for ln in lines if ln.words]
    (band,) = _hole_bands(lines)
    assert band[1]
    filled = fill_table_holes(prep, lines, Reading())
    assert [w.text for ln in filled[len(lines):] for w in ln.words] == ["8"]

