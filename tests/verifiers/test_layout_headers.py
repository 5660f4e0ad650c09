"""Table headers and rows in the layout model: two-level headers whose cells wrap over
different numbers of lines, a level number wrapped under its word («Mức độ» over «3»),
a row label wrapped above and below its figures beside an STT column, a row whose
figures OCR read as debris.

The first tests lay words out by hand (fast, exact geometry modelled on the pages
where these went wrong); the last ones render pages with Debian's chromium and read
them with the real Tesseract ``vie`` model (and a PDF's text layer)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import need_browser
from verifiers.extract.facts import TextLine, Token, pages_of

H = 12
CHAR = 7


def cell(x: float, y: float, text: str, h: float = H) -> TextLine:
    """One OCR line: words ``CHAR`` px per character, 4 px apart."""
    tokens, cx = [], float(x)
    for w in text.split():
        width = CHAR * len(w)
        tokens.append(Token(w, 95.0, (cx, float(y), cx + width, float(y + h))))
        cx += width + 4
    return TextLine(tokens, 1, "ocr")


def right(x1: float, y: float, text: str, h: float = H) -> TextLine:
    """A figure right-aligned at ``x1``."""
    return cell(x1 - CHAR * len(text), y, text, h)


def dossier_header() -> list[TextLine]:
    # «Tổng» stands on one line, vertically centred beside «Nộp trực» / «tuyến»: the
    # rows the words cluster into interleave (the shape of a 922 px wide screenshot)
    return [
        cell(400, 197, "Tiếp nhận"), cell(598, 197, "Đã giải quyết"),
        cell(736, 210, "Đang giải"), cell(748, 225, "quyết"),
        cell(249, 218, "Lĩnh vực"),
        cell(384, 222, "Nộp trực"), cell(467, 222, "Tại bộ phận"), cell(608, 222, "Đúng hạn"),
        cell(689, 222, "Trễ"),
        cell(331, 230, "Tổng"), cell(560, 230, "Tổng"),
        cell(396, 237, "tuyến"), cell(476, 237, "một cửa"), cell(624, 237, "(HS)"),
        cell(688, 237, "hạn"),
    ]


FIG_X = (360, 440, 540, 590, 660, 715, 800)


def figures(y: float, label: str, values: tuple[str, ...]) -> list[TextLine]:
    return [cell(249, y, label), *(right(x, y, v) for x, v in zip(FIG_X, values, strict=True))]


def test_group_headers_over_cells_wrapped_over_different_numbers_of_lines() -> None:
    lines = [*dossier_header(),
             *figures(262, "Văn hóa", ("120", "80", "40", "100", "95", "5", "20")),
             *figures(288, "Y tế", ("60", "50", "10", "50", "48", "2", "10")),
             *figures(314, "Tổng cộng", ("180", "130", "50", "150", "143", "7", "30"))]
    (p,) = pages_of(lines)
    (t,) = p.tables
    assert [c.path for c in t.columns] == [
        ("Tiếp nhận", "Tổng"), ("Tiếp nhận", "Nộp trực tuyến"),
        ("Tiếp nhận", "Tại bộ phận một cửa"), ("Đã giải quyết", "Tổng"),
        ("Đã giải quyết", "Đúng hạn (HS)"), ("Đã giải quyết", "Trễ hạn"),
        ("Đang giải quyết",)]
    assert t.labels == ("Văn hóa", "Y tế", "Tổng cộng")


def test_a_group_header_is_no_neighbours_wrapped_line() -> None:
    # «Số hồ sơ đã giải» / «quyết» (a group wrapped over two lines) beside «Tiếp nhận»
    # (one line, centred): neither joins the other, nor the sub-headers under them
    lines = [
        cell(762, 247, "Số hồ sơ đã giải", 17), cell(803, 266, "quyết", 16),
        cell(568, 257, "Tiếp nhận", 16),
        cell(918, 271, "Đang giải", 16), cell(934, 288, "quyết", 17),
        cell(249, 280, "Lĩnh vực", 13),
        cell(484, 294, "Tổng", 17), cell(562, 295, "Trực", 16), cell(637, 295, "Tại bộ phận", 16),
        cell(756, 295, "Đúng hạn", 16), cell(861, 292, "Trễ", 16),
        cell(495, 312, "số", 14), cell(558, 313, "tuyến", 16), cell(651, 313, "một cửa", 16),
        cell(778, 313, "(HS)", 16), cell(860, 313, "hạn", 16),
    ]
    xs = (532, 613, 736, 836, 896, 998)
    for y, lab, vals in ((345, "Hộ tịch", ("675", "479", "196", "491", "9", "175")),
                         (375, "Xây dựng", ("1.465", "917", "548", "1.078", "60", "327")),
                         (405, "Tổng cộng", ("2.140", "1.396", "744", "1.569", "69", "502"))):
        lines += [cell(249, y, lab, 16), *(right(x, y, v) for x, v in zip(xs, vals, strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for c in t.columns] == [
        ("Tiếp nhận", "Tổng số"), ("Tiếp nhận", "Trực tuyến"),
        ("Tiếp nhận", "Tại bộ phận một cửa"), ("Số hồ sơ đã giải quyết", "Đúng hạn (HS)"),
        ("Số hồ sơ đã giải quyết", "Trễ hạn"), ("Đang giải quyết",)]


def test_a_row_of_levels_alone_under_their_words_is_header_text() -> None:
    # «Mức độ» over «2», and no wrapped word beside the levels: their row holds no
    # letters at all, still the header's (dev seed 5858 dvc_levels-000: the header
    # lost, no fact found)
    lines = [
        cell(728, 249, "Dịch vụ công trực tuyến", 17), cell(576, 263, "Tổng số", 17),
        cell(249, 275, "STT", 15), cell(381, 275, "Lĩnh vực", 16), cell(587, 285, "TTHC", 15),
        cell(692, 280, "Mức độ", 17), cell(784, 280, "Mức độ", 17),
        cell(874, 280, "DVC mức độ", 17),
        cell(718, 301, "2"), cell(810, 301, "3"), cell(922, 301, "4"),
    ]
    xs = (669, 761, 853, 984)
    for k, (lab, vals) in enumerate((("Công chức, viên chức", ("52", "11", "22", "19")),
                                     ("Nông nghiệp", ("29", "8", "15", "6")),
                                     ("Tổng số", ("81", "19", "37", "25")))):
        y = 330 + 30 * k
        lines += [cell(298, y, lab, 16), *(right(x, y, v) for x, v in zip(xs, vals, strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for k, c in enumerate(t.columns) if k != t.index_col] == [
        ("Tổng số TTHC",), ("Dịch vụ công trực tuyến", "Mức độ 2"),
        ("Dịch vụ công trực tuyến", "Mức độ 3"), ("Dịch vụ công trực tuyến", "DVC mức độ 4")]


def test_a_wrapped_group_header_beside_a_one_line_one_cut_into_six_rows() -> None:
    # «Văn bản đến» / «(VB)» (a group wrapped over two lines) beside «Văn bản đi» (one
    # line, centred a half line lower), over «STT | Đơn vị» and sub-headers wrapped over
    # two lines: the header is cut into six rows (dev seed 5858 qlvb_stats_units-001:
    # «Văn bản đến» left out, «Văn bản đi» over every column)
    lines = [
        cell(684, 333, "Văn bản đến", 16), cell(985, 344, "Văn bản đi", 16),
        cell(723, 356, "(VB)", 19),
        cell(312, 376, "STT", 14), cell(475, 375, "Đơn vị", 18),
        cell(677, 391, "Tổng", 21), cell(777, 392, "Số", 16), cell(853, 391, "Tổng", 21),
        cell(952, 392, "Ký số cơ", 20), cell(1091, 392, "Chữ ký số cá", 20),
        cell(690, 414, "số", 16), cell(773, 415, "hóa", 15), cell(866, 414, "số", 16),
        cell(971, 419, "quan", 15), cell(1130, 415, "nhân", 15),
    ]
    xs = (738, 821, 913, 1056, 1231)
    for y, lab, vals in ((449, "Tổng cộng", ("4.413", "3.377", "2.980", "2.064", "879")),
                         (488, "Phòng Lao động", ("723", "583", "883", "776", "78")),
                         (524, "UBND xã Quảng Đức", ("202", "201", "858", "538", "422"))):
        lines += [cell(368, y, lab, 16), *(right(x, y, v, 16) for x, v in zip(xs, vals,
                                                                            strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for k, c in enumerate(t.columns) if k != t.index_col] == [
        ("Văn bản đến (VB)", "Tổng số"), ("Văn bản đến (VB)", "Số hóa"),
        ("Văn bản đi", "Tổng số"), ("Văn bản đi", "Ký số cơ quan"),
        ("Văn bản đi", "Chữ ký số cá nhân")]


def test_a_level_number_wrapped_under_its_word_is_header_text() -> None:
    # «Mức độ» over «2»: the header's second line holds numbers, it is no table row
    lines = [
        cell(249, 280, "STT"), cell(376, 280, "Lĩnh vực", 15),
        cell(565, 268, "Số thủ tục hành", 16), cell(735, 269, "Mức độ", 15),
        cell(821, 269, "DVC mức độ", 15), cell(944, 269, "Mức"),
        cell(606, 291, "chính"), cell(759, 291, "2"), cell(864, 291, "3"), cell(956, 291, "4"),
    ]
    for k, (lab, vals) in enumerate((("Tư pháp", ("29", "3", "16", "10")),
                                     ("Thư viện", ("50", "39", "8", "3")),
                                     ("Nông nghiệp", ("13", "0", "8", "5")))):
        y = 324 + 33 * k
        lines += [cell(249, y, str(k + 1)), cell(292, y, lab, 15),
                  *(right(x, y, v) for x, v in zip((711, 798, 921, 984), vals, strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for k, c in enumerate(t.columns) if k != t.index_col] == [
        ("Số thủ tục hành chính",), ("Mức độ 2",), ("DVC mức độ 3",), ("Mức 4",)]
    assert t.labels == ("Tư pháp", "Thư viện", "Nông nghiệp")


def test_a_filter_bars_icons_over_the_header_are_no_group() -> None:
    # two buttons over the table read as tall marks («Em», «Errrg»): no header cell
    lines = [cell(1082, 244, "Em", 84), cell(1244, 244, "Errrg", 84),
             cell(1556, 373, "Dịch vụ công trực tuyến", 24),
             cell(400, 396, "STT", 17), cell(643, 395, "Lĩnh vực", 22),
             cell(1019, 394, "Số thủ tục hành chính", 23),
             cell(1446, 416, "Mức độ 2", 23), cell(1672, 416, "Mức độ 3", 23),
             cell(1886, 417, "Mức 4", 18)]
    xs = (1372, 1600, 1826, 1990)
    for k, (lab, vals) in enumerate((("Hộ tịch", ("25", "3", "11", "11")),
                                     ("Nông nghiệp", ("49", "21", "4", "24")),
                                     ("Tổng cộng", ("74", "24", "15", "35")))):
        y = 470 + 40 * k
        lines += [cell(400, y, str(k + 1), 17), cell(480, y, lab, 22),
                  *(right(x, y, v, 17) for x, v in zip(xs, vals, strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for k, c in enumerate(t.columns) if k != t.index_col] == [
        ("Số thủ tục hành chính",), ("Dịch vụ công trực tuyến", "Mức độ 2"),
        ("Dịch vụ công trực tuyến", "Mức độ 3"), ("Dịch vụ công trực tuyến", "Mức 4")]


def test_a_label_wrapped_around_its_figures_beside_the_stt_column() -> None:
    # a PDF's text layer: «Phòng Nông nghiệp và» over the row's figures (with its STT
    # «1» left of the labels), «PTNT» under them; the next row's the same
    def row(y: float, stt: str, vals: tuple[str, ...]) -> list[TextLine]:
        return [cell(259, y, stt, 18),
                *(right(x, y, v, 18) for x, v in zip((599, 690, 773), vals, strict=True))]

    lines = [cell(259, 278, "STT", 18), cell(383, 278, "Đơn vị", 18),
             cell(554, 278, "VB đến", 18), cell(640, 278, "Đã số hóa", 18),
             cell(740, 278, "VB đi", 18),
             cell(307, 332, "Phòng Nông nghiệp và", 18), *row(342, "1", ("829", "733", "592")),
             cell(307, 353, "PTNT", 18),
             cell(307, 381, "Trung tâm Phục vụ hành", 18), *row(391, "2", ("993", "631", "149")),
             cell(307, 402, "chính công", 18),
             cell(307, 431, "Tổng", 18), *(right(x, 431, v, 18) for x, v in
                                           zip((599, 690, 773), ("1.822", "1.364", "741"),
                                               strict=True))]
    (p,) = pages_of(lines)
    (t,) = p.tables
    assert t.labels == ("Phòng Nông nghiệp và PTNT", "Trung tâm Phục vụ hành chính công",
                        "Tổng")
    assert [c.path for k, c in enumerate(t.columns) if k != t.index_col] == [
        ("VB đến",), ("Đã số hóa",), ("VB đi",)]


def test_a_row_whose_figures_were_read_as_debris_keeps_the_total_row_in_the_table() -> None:
    lines = [cell(323, 309, "STT"), cell(495, 308, "Lĩnh vực"), cell(734, 305, "Tổng số TTHC"),
             cell(1462, 306, "DVCTT một phần")]
    rows = (("Y tế", "11", "8"), ("Xây dựng", "34", "13"), ("Tư pháp", "45", "7"))
    for k, (lab, a, b) in enumerate(rows):
        y = 343 + 36 * k
        lines += [cell(392, y, lab), right(909, y, a), right(1673, y, b)]
    lines += [cell(392, 451, "Công chức, viên chức"), cell(895, 451, "c"),
              cell(391, 487, "Tổng"), right(909, 487, "103"), right(1673, 487, "30")]
    (t,) = pages_of(lines)[0].tables  # one table: the total row is not cut off
    assert t.labels == ("Y tế", "Xây dựng", "Tư pháp", "Công chức, viên chức", "Tổng")
    assert not [c for c in t.cells if c.row == 3]  # its figures unread, none made up


def test_a_group_over_wide_columns_is_no_own_header_of_the_first() -> None:
    # figures right-aligned far right of their centred headers: «Văn bản đi», centred
    # over «Chữ ký số cơ quan | Chữ ký số cá nhân», reaches over the first one's
    # figures, but stands higher than the header under it
    lines = [cell(1122, 351, "Văn bản đến (VB)", 21), cell(1818, 352, "Văn bản đi", 16),
             cell(400, 374, "STT", 15), cell(718, 373, "Đơn vị", 19),
             cell(1082, 390, "Tổng số", 22), cell(1268, 391, "Số hóa", 17),
             cell(1442, 390, "Tổng số", 22), cell(1678, 391, "Chữ ký số cơ quan", 21),
             cell(2067, 391, "Chữ ký số cá nhân", 21)]
    xs = (1207, 1376, 1566, 1956, 2341)
    for k, (lab, vals) in enumerate((("Phòng Nội vụ", ("1.868", "1.839", "373", "327", "31")),
                                     ("Phòng Y tế", ("1.501", "1.161", "280", "205", "24")),
                                     ("Tổng cộng", ("3.369", "3.000", "653", "532", "55")))):
        y = 440 + 40 * k
        lines += [cell(400, y, str(k + 1), 18), cell(520, y, lab, 18),
                  *(right(x, y, v, 18) for x, v in zip(xs, vals, strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for k, c in enumerate(t.columns) if k != t.index_col] == [
        ("Văn bản đến (VB)", "Tổng số"), ("Văn bản đến (VB)", "Số hóa"),
        ("Văn bản đi", "Tổng số"), ("Văn bản đi", "Chữ ký số cơ quan"),
        ("Văn bản đi", "Chữ ký số cá nhân")]


def test_a_text_layers_group_a_row_pitch_over_its_cells_is_no_wrapped_line() -> None:
    # a text layer's boxes are whole line boxes: «Đã giải quyết» stands 1.6 box heights
    # over «Trước và đúng hạn», as a table row over the next, not a line spacing
    def lay(x: float, y: float, text: str) -> TextLine:
        ln = cell(x, y, text, 20)
        return TextLine(ln.tokens, 1, "text_layer")

    lines = [lay(660, 251, "Số hồ sơ tiếp nhận"), lay(1065, 251, "Đã giải quyết"),
             lay(376, 266, "Lĩnh vực"), lay(1309, 266, "Đang giải quyết"),
             lay(528, 282, "Tổng"), lay(602, 282, "Nộp trực tuyến"), lay(765, 282, "Tại bộ phận"),
             lay(957, 282, "Tổng"), lay(1034, 282, "Trước và đúng hạn"), lay(1214, 282, "Trễ hạn")]
    xs = (571, 729, 933, 999, 1190, 1277, 1440)
    for k, (lab, vals) in enumerate((("Hộ tịch", ("60", "20", "40", "50", "45", "5", "10")),
                                     ("Tư pháp", ("40", "10", "30", "30", "28", "2", "10")),
                                     ("Cộng", ("100", "30", "70", "80", "73", "7", "20")))):
        y = 316 + 30 * k
        lines += [lay(376, y, lab),
                  *(TextLine(right(x, y, v, 20).tokens, 1, "text_layer")
                    for x, v in zip(xs, vals, strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for c in t.columns] == [
        ("Số hồ sơ tiếp nhận", "Tổng"), ("Số hồ sơ tiếp nhận", "Nộp trực tuyến"),
        ("Số hồ sơ tiếp nhận", "Tại bộ phận"), ("Đã giải quyết", "Tổng"),
        ("Đã giải quyết", "Trước và đúng hạn"), ("Đã giải quyết", "Trễ hạn"),
        ("Đang giải quyết",)]


def test_a_header_wrapped_at_a_line_spacing_near_a_tight_row_pitch_is_one_cell() -> None:
    # «Số» / «lượng» 21 px apart over rows 25 px apart: still one cell
    lines = [cell(556, 243, "VB đến", 15), cell(809, 246, "VB đi", 12),
             cell(250, 269, "STT"), cell(368, 269, "Đơn vị", 15),
             cell(533, 272, "Số", 15), cell(603, 272, "Đã số", 15), cell(700, 272, "Số", 15),
             cell(771, 272, "Ký số", 15),
             cell(520, 293, "lượng", 15), cell(612, 293, "hóa", 15), cell(687, 293, "lượng", 15),
             cell(784, 293, "cơ quan", 15)]
    xs = (575, 662, 742, 851)
    for k, (lab, vals) in enumerate((("Phòng Nội vụ", ("412", "300", "98", "90")),
                                     ("Phòng Y tế", ("230", "200", "65", "60")),
                                     ("Tổng", ("642", "500", "163", "150")))):
        y = 330 + 25 * k
        lines += [cell(368, y, lab), *(right(x, y, v) for x, v in zip(xs, vals, strict=True))]
    (t,) = pages_of(lines)[0].tables
    assert [c.path for c in t.columns] == [
        ("VB đến", "Số lượng"), ("VB đến", "Đã số hóa"), ("VB đi", "Số lượng"),
        ("VB đi", "Ký số cơ quan")]


def test_a_cards_icon_read_as_a_digit_and_a_mark_makes_no_table_row() -> None:
    # dashboard cards: big figures over captions; two icons read «4» and «*» stand a
    # little lower than the figures, a row of their own
    lines = [cell(227, 194, "5.200", 15), cell(344, 199, "6.207", 16),
             cell(531, 193, "4.986", 16), cell(679, 193, "5.418", 16),
             cell(831, 194, "31", 15), cell(948, 199, "789", 16),
             cell(502, 205, "4", 15), cell(804, 208, "*", 11),
             cell(226, 216, "Trước và đúng", 13), cell(531, 215, "Hồ sơ trực", 13),
             cell(679, 215, "Hồ sơ đã giải", 14), cell(830, 215, "Tiếp nhận hôm", 14),
             cell(344, 221, "HS tiếp nhận", 14), cell(947, 221, "Đang xử lý", 14),
             cell(226, 230, "hạn", 11), cell(531, 228, "tuyến", 14), cell(679, 228, "quyết", 14),
             cell(830, 231, "nay", 11)]
    (p,) = pages_of(lines)
    assert not p.tables


# --- real pages: chromium renders, Tesseract (or the PDF's text layer) reads ---------

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
body {{ font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 13px; margin: 16px; }}
h1 {{ font-size: 17px; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: 5px 7px; }}
th {{ background: #fde8e8; }}
td.n {{ text-align: right; }}
</style></head><body>
<h1>Thống kê hồ sơ thủ tục hành chính theo lĩnh vực</h1>
<p>Từ ngày 01/10/2019 đến ngày 31/12/2019</p>
<table>
<tr><th rowspan="2">Lĩnh vực</th><th colspan="3">Tiếp nhận</th>
<th colspan="3">Đã giải quyết</th><th rowspan="2" style="width:60px">Đang giải quyết</th></tr>
<tr><th>Tổng</th><th style="width:60px">Nộp trực tuyến</th>
<th style="width:80px">Tại bộ phận một cửa</th><th>Tổng</th>
<th style="width:60px">Đúng hạn (HS)</th><th style="width:30px">Trễ hạn</th></tr>
{rows}
</table></body></html>"""
ROWS = (("Văn hóa, Thể thao", (2437, 132, 2305, 1959, 1874, 85, 478)),
        ("Nông nghiệp", (1617, 914, 703, 1256, 1243, 13, 361)),
        ("Xây dựng", (2521, 1421, 1100, 2108, 1983, 125, 413)))


def _page_html() -> tuple[str, dict[str, int]]:
    total = tuple(sum(r[1][k] for r in ROWS) for k in range(7))
    body = "".join(
        "<tr><td>{}</td>{}</tr>".format(
            lab, "".join(f'<td class="n">{v:,}</td>'.replace(",", ".") for v in vals))
        for lab, vals in (*ROWS, ("Tổng cộng", total)))
    expect = dict(zip(("dossiers_received", "dossiers_online", "dossiers_direct",
                       "dossiers_resolved", "dossiers_on_time", "dossiers_late"),
                      total[:6], strict=True))
    return PAGE.format(rows=body), expect


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    need_browser("the two-level header page cannot be drawn")
    from bench.screens.render import Job, RenderUnavailable, render

    out = tmp_path_factory.mktemp("headers")
    html, expect = _page_html()
    png, pdf = out / "two_level.png", out / "two_level.pdf"
    try:
        render([Job(html, png, 760, 1.0), Job(html, pdf, 760, 1.0, pdf=True)])
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    return png, pdf, expect


@pytest.mark.parametrize("kind", ["png", "pdf"])
def test_a_rendered_two_level_header_gives_each_total_its_column(
        rendered: tuple[Path, Path, dict[str, int]], kind: str) -> None:
    from verifiers.pipeline import verify_bytes

    png, pdf, expect = rendered
    path = png if kind == "png" else pdf
    report = verify_bytes(path.read_bytes(), path.name)
    got = {f.name: f for f in report.facts}
    # the first column under each group («Tổng») was the one its group was lost from
    for name in ("dossiers_received", "dossiers_resolved", "dossiers_online",
                 "dossiers_direct"):
        assert name in got, f"{name} not found ({kind})"
    for name, value in expect.items():  # and nothing read is another column's
        if name in got:
            assert got[name].value == value, (name, got[name].value, value, kind)
    assert len(got.keys() & expect.keys()) >= 5
