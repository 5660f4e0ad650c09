"""Lessons of the third development set's page shapes (``bench/screens/families_dev3.py``).
A written report's summary lines: «- Tổng số văn bản đến: 4.638 văn bản, trong đó số
hóa: 3.719 văn bản» — the sub-clause after «trong đó» counts a part of the subject said
before it, in the same line or in the line the OCR split off from it. A spreadsheet
window's title bar: its file name («TongHop_SoLieu_2023.xlsx») is no second period.
Pages drawn with PIL and read by the real Tesseract."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.verifiers.drawing import BOLD, FONT, placed, png, text_page
from verifiers.extract.facts import _of_which
from verifiers.extract.periods import period_text
from verifiers.pipeline import verify_bytes


@pytest.mark.parametrize(("label", "parent", "read"), [
    ("văn bản, trong đó số hóa", "Tổng số văn bản đến", "văn bản đến số hóa"),
    ("máy; trong đó kết nối Internet", "Số máy tính", "máy tính kết nối Internet"),
    ("hồ sơ, trong số đó trực tuyến", "Số lượng hồ sơ tiếp nhận", "hồ sơ tiếp nhận trực tuyến"),
    ("Số cuộc họp trực tuyến", "Số máy tính", "Số cuộc họp trực tuyến"),  # no sub-clause
    ("trong đó", "Tổng số văn bản đến", "trong đó"),  # nothing after it to complete
])
def test_a_sub_clause_takes_the_subject_before_it(label: str, parent: str, read: str) -> None:
    assert _of_which(label, parent) == read


def _page(lines: list[str]) -> bytes:
    return text_page(lines, width=1300, font_px=20, pitch=44, left=40)


def test_a_report_summary_reads_each_part_as_its_own_fact() -> None:
    rep = verify_bytes(_page([
        "I. KẾT QUẢ THỰC HIỆN",
        "- Tổng số văn bản đến: 4.638 văn bản, trong đó số hóa: 3.719 văn bản (đạt 80,2 %).",
        "- So với cùng kỳ năm trước, số văn bản đến tăng 631 văn bản.",
        "- Tổng số văn bản đi: 1.482 văn bản; trong đó ký số: 743 văn bản.",
        "- Số máy tính: 140 máy, trong đó kết nối Internet: 127 máy.",
    ]), "report.png")
    facts = {f.name: f for f in rep.facts}
    want = {"incoming_total": 4638, "incoming_digitized": 3719, "outgoing_total": 1482,
            "outgoing_signed": 743, "computers_total": 140, "computers_connected": 127}
    assert {k: facts[k].value for k in want if k in facts} == want
    assert all(not facts[k].needs_review for k in want)
    # the comparison's figure is no count of incoming documents
    assert all(f.value != 631 for f in rep.facts)


@pytest.mark.parametrize("title", ["TongHop_SoLieu_2023.xlsx - Excel",
                                   "TongHop_ SoLieu_ 2023.xIsx - Excel",
                                   "So_lieu_ky_bao_cao_2021.docx",
                                   "TongHop SoLieu 2023.xisx Excel"])
def test_a_file_name_is_no_period_label(title: str) -> None:
    assert "lieu" not in period_text(title) and "2023" not in period_text(title)
    assert "bao cao" not in period_text(title)


def test_a_spreadsheet_title_bar_leaves_the_sheet_period_sure() -> None:
    rep = verify_bytes(_page([
        "Tự động lưu   TongHop_SoLieu_2023.xlsx - Excel          29/11/2023",
        "BÁO CÁO THỐNG KÊ SỐ LIỆU",
        "(Từ ngày 01/11/2022 đến ngày 31/10/2023)",
    ]), "sheet.png")
    facts = {f.name: f for f in rep.facts}
    assert facts["period_start"].value == "2022-11-01"
    assert facts["period_end"].value == "2023-10-31"
    assert not facts["period_start"].needs_review


def _phone(items: list[tuple[list[str], str]], sub_digits: bool = True) -> bytes:
    """A phone app's list: per item its label lines at the left (small), its value at
    the right (large, bold, centred on the item), a comparison line under the label."""
    font, small = ImageFont.truetype(FONT, 30), ImageFont.truetype(FONT, 22)
    big = ImageFont.truetype(BOLD, 40)
    img = Image.new("RGB", (900, 140 + 150 * len(items)), (242, 244, 247))
    d = ImageDraw.Draw(img)
    d.text((40, 40), "Năm 2021", font=font, fill=(90, 90, 90))
    for i, (label, value) in enumerate(items):
        y = 120 + 150 * i
        d.rounded_rectangle((20, y - 10, 880, y + 120), 14, fill="white")
        for k, part in enumerate(label):
            d.text((130, y + 36 * k), part, font=font, fill=(20, 20, 20))
        under = f"Tăng {7 + i} so với kỳ trước" if sub_digits else "so với kỳ trước"
        d.text((130, y + 36 * len(label) + 4), under, font=small, fill=(110, 110, 110))
        w = d.textlength(value, font=big)
        d.text((850 - w, y + 18 * len(label) - 7), value, font=big, fill=(140, 28, 19))
    return png(img)


def test_a_phone_list_row_value_takes_the_label_left_of_it() -> None:
    rep = verify_bytes(_phone([(["Số văn bản đến"], "4.910"), (["VB đến số hóa"], "4.540"),
                               (["Văn bản đi"], "2.727"), (["Văn bản đi được ký số"], "2.524")]),
                       "phone.png")
    facts = {f.name: f.value for f in rep.facts}
    assert {k: facts.get(k) for k in ("incoming_total", "incoming_digitized", "outgoing_total",
                                      "outgoing_signed")} == {
        "incoming_total": 4910, "incoming_digitized": 4540, "outgoing_total": 2727,
        "outgoing_signed": 2524}
    assert facts.get("period_start") == "2021-01-01"
    assert all(f.value not in (7, 8, 9, 10) for f in rep.facts)  # the comparison lines


def test_a_label_wrapped_over_two_lines_is_read_whole() -> None:
    rep = verify_bytes(_phone([(["Hồ sơ đã giải quyết", "đúng hạn"], "3.422"),
                               (["Hồ sơ đã giải quyết", "quá hạn"], "162")], sub_digits=False),
                       "phone.png")
    facts = {f.name: f for f in rep.facts}
    assert facts["dossiers_on_time"].value == 3422
    assert facts["dossiers_late"].value == 162
    assert "dossiers_resolved" not in facts  # half a wrapped label is no other fact


@pytest.mark.parametrize(("text", "year"), [("[j Năm 2018", 2018), ("📅 Năm 2020", 2020),
                                            ("@ Năm 2019", 2019)])
def test_an_icon_before_a_year_leaves_it_the_period(text: str, year: int) -> None:
    from verifiers.extract.periods import row_periods

    assert row_periods(period_text(text))[0][0][0].year == year
    assert row_periods(period_text("Kế hoạch năm 2018")) == []


@pytest.mark.parametrize("text", ["Kỳ báo cáo Quý lII năm 2018", "Quý lIl/2020",
                                  "Kỳ báo cáo: QuyIII/2019"])
def test_a_misread_roman_numeral_is_no_file_name(text: str) -> None:
    assert period_text(text).rstrip()[-4:].isdigit()
    assert "ii" in period_text(text) or "il" in period_text(text)


@pytest.mark.parametrize(("label", "parent"), [
    ("số hồ sơ đã giải quyết (bao gồm trực tuyến)", "Tổng số hồ sơ tiếp nhận"),  # inside
    ("người, trong đó có tài khoản thư công vụ", "Số cán bộ, công chức"),  # says it alone
])
def test_a_sub_clause_that_needs_no_subject_keeps_its_own(label: str, parent: str) -> None:
    assert _of_which(label, parent) == label


def test_a_sub_clause_in_the_right_column_takes_no_subject_from_the_left() -> None:
    """«Trong đó có ký số» under «Tổng số văn bản đến» (right column) is about incoming
    documents, not about the left column's «văn bản đi» of the same row."""
    rep = verify_bytes(placed([(40, 40, "TÌNH HÌNH XỬ LÝ VĂN BẢN"),
                                (40, 100, "Số máy tính: 140"),
                                (560, 100, "Tổng số văn bản đến: 4.638"),
                                (40, 144, "Tổng số văn bản đi: 1.482"),
                                (560, 144, "Trong đó có ký số: 1.200")], (1100, 220)),
                       "panel.png")
    sure = {f.name: f.value for f in rep.facts if not f.needs_review}
    assert sure.get("outgoing_signed") != 1200
    assert sure.get("outgoing_total") == 1482 and sure.get("incoming_total") == 4638


def test_a_value_hanging_over_the_next_label_alone_goes_to_review() -> None:
    """A list whose values sit lower than their labels, overlapping only the next
    row's label: the pairing is a guess."""
    font, big = ImageFont.truetype(FONT, 20), ImageFont.truetype(BOLD, 24)
    img = Image.new("RGB", (700, 260), "white")
    d = ImageDraw.Draw(img)
    for i, (label, value) in enumerate([("Văn bản đến", "4.638"), ("Văn bản đến đã số hóa",
                                                                   "3.719"),
                                        ("Văn bản đi", "1.482"), ("Văn bản đi có ký số", "912")]):
        d.text((40, 30 + 40 * i), label, font=font, fill=(20, 20, 20))
        d.text((560, 30 + 40 * i + 26), value, font=big, fill=(20, 20, 20))
    rep = verify_bytes(png(img), "list.png")
    wrong = {"incoming_digitized": 4638, "outgoing_total": 3719, "outgoing_signed": 1482}
    assert not [f for f in rep.facts if wrong.get(f.name) == f.value and not f.needs_review]


@pytest.mark.parametrize("text", ["+ Năm 2020 (cùng kỳ): tiếp nhận 1.120", "b) Năm 2020",
                                  "I. Năm 2020", "Ở năm 2019, tăng 5 %"])
def test_a_bullet_or_word_before_a_year_is_no_icon(text: str) -> None:
    from verifiers.extract.periods import row_periods

    assert row_periods(period_text(text)) == []


@pytest.mark.parametrize(("text", "kept"), [("TuNgay: 01/01/2021 DenNgay: 31/12/2021", "tungay"),
                                            ("Kỳ báo cáo: QuyIl/2020", "quyil/2020")])
def test_a_camel_case_word_away_from_a_file_name_is_kept(text: str, kept: str) -> None:
    assert kept in period_text(text)


def test_a_digits_read_over_several_cells_gives_no_figure() -> None:
    """A crop looked at beside a label that reaches over a row's cells («320   383
    271»): the real Tesseract reads three figures, never one of 320383271; one figure
    whose separator OCR dropped is still one."""
    from verifiers.ocr.engine import read_digits

    big = ImageFont.truetype(FONT, 26)

    def crop(text: str) -> Image.Image:
        img = Image.new("L", (700, 60), 255)
        ImageDraw.Draw(img).text((10, 12), text, font=big, fill=0)
        return img

    apart, one = read_digits([crop("320          383          271"), crop("14.747")])
    assert apart is None
    assert one is not None and one[0].replace(".", "") == "14747"
