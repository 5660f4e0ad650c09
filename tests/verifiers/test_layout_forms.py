"""A report form («Biểu mẫu báo cáo») in the layout model: the form's heading (issuing
body beside the national motto, its title in capitals, a note in brackets) stands over
the table and is none of its header rows; a right-aligned figure column under a centred
header takes its own header, not the wider unit-of-measure header in its reach; an STT
column whose outline numbers OCR read without their dots («11» for «1.1») is still the
index when its header says so, the labels right of it; the sub-rows («1.1 Có kết nối
Internet») count parts of their parent's fact, so the table is no table of sub-units.
Words laid out by hand on the geometry of the dev2 ``ict_report_form`` screens."""

from __future__ import annotations

from tests.verifiers.test_layout_headers import cell, right
from verifiers.extract.facts import TextLine, Token, extract_facts, pages_of

ROWS = (
    ("1", "Số máy vi tính hiện có", "Máy", "216"),
    ("11", "- Có kết nối Internet", "Máy", "211"),
    ("12", "Trong đó: máy hỏng, cũ", "Máy", "71"),
    ("2", "Số tài khoản thư điện tử công vụ", "Tài khoản", "738"),
    ("21", "Trong đó: đang hoạt động", "Tài khoản", "690"),
    ("3", "Số hội nghị trực tuyến", "Cuộc", "140"),
    ("31", "Điểm cầu kết nối", "Điểm cầu", "12"),
    ("4", "Số bài viết trên trang thông tin điện tử", "Tin/bài", "991"),
)


def form(heading: bool = True) -> list[TextLine]:
    lines = []
    if heading:
        lines += [
            cell(1186, 190, "Biểu mẫu số 01"),
            cell(195, 206, "UBND HUYỆN HẢI HÀ"),
            cell(1000, 206, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            cell(193, 223, "UBND XÃ QUẢNG ĐỨC"), cell(1060, 225, "Độc lập - Tự do - Hạnh phúc"),
            cell(520, 244, "BÁO CÁO SỐ LIỆU ỨNG DỤNG CÔNG NGHỆ THÔNG TIN"),
            cell(600, 265, "(Kèm theo kỳ báo cáo ghi ở trên)"),
        ]
    lines += [cell(227, 291, "STT"), cell(511, 291, "Chỉ tiêu"), cell(843, 291, "Đơn vị tính"),
              cell(1017, 291, "Số lượng"), cell(1168, 291, "Ghi chú")]
    for k, (stt, label, unit, value) in enumerate(ROWS):
        y = 314 + 23 * k
        lines += [cell(200, y, stt), cell(286, y, label), cell(785, y, unit), right(1111, y, value)]
    return lines


def test_the_forms_heading_is_no_header_row() -> None:
    (table,) = pages_of(form())[0].tables
    assert [r.text for r in table.header_rows] == ["STT Chỉ tiêu Đơn vị tính Số lượng Ghi chú"]


def test_a_right_aligned_figure_column_takes_its_own_header() -> None:
    (table,) = pages_of(form())[0].tables
    assert table.columns[-1].path == ("Số lượng",)


def test_an_stt_column_read_without_its_dots_is_the_index_its_header_names() -> None:
    (table,) = pages_of(form())[0].tables
    assert table.index_col == 0
    assert table.labels[1] == "Có kết nối Internet"  # its dash read as a border
    assert table.labels[0] == "Số máy vi tính hiện có"


def test_a_forms_rows_and_sub_rows_are_its_facts() -> None:
    for heading in (True, False):
        got = {f.name: f.value for f in extract_facts(form(heading)) if not f.needs_review}
        assert got.get("computers_total") == 216, got
        assert got.get("email_accounts") == 738, got
        assert got.get("online_meetings") == 140, got
        assert got.get("articles_published") == 991, got
        facts = {f.name: f.value for f in extract_facts(form(heading))}
        assert facts.get("computers_connected") == 211
        assert facts.get("email_accounts_active") == 690
        # the broken computers and the endpoints are no facts of the form's parents
        assert 71 not in facts.values() and 12 not in facts.values()


def test_a_small_number_inside_a_label_or_a_note_is_no_cell() -> None:
    lines = form(heading=False)
    lines += [cell(286, 314 + 23 * len(ROWS), "Máy tính đã sử dụng trên 5 năm"),
              cell(785, 314 + 23 * len(ROWS), "Máy"), right(1111, 314 + 23 * len(ROWS), "125"),
              cell(1130, 314, "Mua mới 16 máy")]
    (table,) = pages_of(lines)[0].tables
    assert len(table.columns) == 2  # the STT and the figures: no «5» nor «16» column
    assert table.labels[-1] == "Máy tính đã sử dụng trên 5 năm"
    got = {f.name: f.value for f in extract_facts(lines)}
    assert got.get("computers_total") == 216 and 16 not in got.values()


def test_a_note_starting_with_a_number_is_no_cell() -> None:
    # «9 cuộc do huyện chủ trì» in the notes column beside the meetings' 140
    lines = [*form(heading=False), cell(1130, 314 + 23 * 5, "9 cuộc do huyện chủ trì")]
    (table,) = pages_of(lines)[0].tables
    assert len(table.columns) == 2
    got = {f.name: f.value for f in extract_facts(lines)}
    assert got.get("online_meetings") == 140


def _flat_dash_row(y: float, x: float, label: str) -> TextLine:
    """«- label» as OCR reads a listed item: the dash a flat box (3 × 2 px) at the
    middle of the words' height, a word's space before them."""
    words = cell(x + 8, y, label)
    dash = Token("-", 93.0, (x, y + 5, x + 3, y + 7))
    return TextLine([dash, *words.tokens], 1, "ocr")


def test_a_flat_dash_before_a_label_is_the_sub_rows_mark_not_a_border() -> None:
    # dev2 seed 5858: «- Đang hoạt động» under «Tổng số tài khoản thư», the STT column's
    # «2.1» not read: the dash alone says the row counts a part of the row above
    lines = _mail_form(_flat_dash_row(360, 286, "Đang hoạt động"))
    (table,) = pages_of(lines)[0].tables
    assert table.labels[2] == "- Đang hoạt động"
    got = {f.name: f.value for f in extract_facts(lines)}
    assert got.get("email_accounts_active") == 767 and got.get("email_accounts") == 854


def test_a_ranges_dash_stays_out_of_the_words_after_it() -> None:
    # «01/10/2019 - 01/10/2020»: a flat dash after a word at a word's space is no item's
    tokens = [*cell(100, 100, "Từ ngày 01/10/2019").tokens]
    x = tokens[-1].box[2] + 5
    tokens += [Token("-", 93.0, (x, 105, x + 3, 107)), *cell(x + 8, 100, "01/10/2020").tokens]
    (row,) = [r for r in pages_of([TextLine(tokens, 1, "ocr")])[0].rows]
    assert "-" not in [w.text for ln in row.lines for w in ln.words]


def _mail_form(active: TextLine) -> list[TextLine]:
    lines = [cell(227, 291, "STT"), cell(511, 291, "Chỉ tiêu"), cell(843, 291, "Đơn vị tính"),
             cell(1017, 291, "Số lượng")]
    rows = (("Tổng số máy tính", "Máy", "57"), ("Tổng số tài khoản thư", "Tài khoản", "854"),
            (None, "Tài khoản", "767"), ("Cuộc họp trực tuyến đã tổ chức", "Cuộc", "109"))
    for k, (label, unit, value) in enumerate(rows):
        y = 314 + 23 * k
        lines += [active if label is None else cell(286, y, label), cell(785, y, unit),
                  right(1111, y, value)]
    return lines


def test_a_label_indented_under_the_row_above_is_its_part() -> None:
    # the dash lost altogether: «Đang hoạt động» stands a dash's width right of the
    # edge the other labels share, under «Tổng số tài khoản thư»
    lines = _mail_form(cell(294, 360, "Đang hoạt động"))
    got = {f.name: f.value for f in extract_facts(lines)}
    assert got.get("email_accounts_active") == 767 and got.get("email_accounts") == 854
    # at the edge it is no part of anything: its words name no fact
    got = {f.name: f.value for f in extract_facts(_mail_form(cell(286, 360, "Đang hoạt động")))}
    assert "email_accounts_active" not in got and 767 not in got.values()
