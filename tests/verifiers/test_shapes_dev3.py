"""Lessons of the third development set's page shapes (``bench/screens/families_dev3.py``).
A written report's summary lines: «- Tổng số văn bản đến: 4.638 văn bản, trong đó số
hóa: 3.719 văn bản» — the sub-clause after «trong đó» counts a part of the subject said
before it, in the same line or in the line the OCR split off from it. A spreadsheet
window's title bar: its file name («TongHop_SoLieu_2023.xlsx») is no second period.
Pages drawn with PIL and read by the real Tesseract."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from verifiers.extract.facts import _of_which
from verifiers.extract.periods import period_text
from verifiers.pipeline import verify_bytes

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@pytest.mark.parametrize(("label", "parent", "read"), [
    ("văn bản, trong đó số hóa", "Tổng số văn bản đến", "văn bản đến số hóa"),
    ("máy; trong đó kết nối Internet", "Số máy tính", "máy tính kết nối Internet"),
    ("hồ sơ, trong số đó trực tuyến", "Số lượng hồ sơ tiếp nhận", "hồ sơ tiếp nhận trực tuyến"),
    ("Số cuộc họp trực tuyến", "Số máy tính", "Số cuộc họp trực tuyến"),  # no sub-clause
    ("trong đó", "Tổng số văn bản đến", "trong đó"),  # nothing after it to complete
])
def test_a_sub_clause_takes_the_subject_before_it(label: str, parent: str, read: str) -> None:
    assert _of_which(label, parent) == read


def _page(lines: list[str], width: int = 1300) -> bytes:
    font = ImageFont.truetype(FONT, 20)
    img = Image.new("RGB", (width, 60 + 44 * len(lines)), "white")
    d = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        d.text((40, 30 + 44 * i), text, font=font, fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


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
                                   "So_lieu_ky_bao_cao_2021.docx"])
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
