"""Period labels of the second wording pool: «Kỳ BC», «Kỳ tổng hợp», «Kỳ:», «Thời gian
tổng hợp», «Khoảng ngày», «Từ ngày - Đến ngày» over one range input, an em dash between
the dates, a date's slash read as «!». The last test draws a filter bar with PIL and
reads it with the real Tesseract."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image, ImageDraw, ImageFont

from kiemchung.core.text import fold
from tests.verifiers.drawing import text_page
from verifiers.extract.periods import BARE_CERTAINTY, LABEL, period_text, row_periods
from verifiers.pipeline import verify_bytes

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
PERIOD = (date(2019, 10, 1), date(2020, 9, 30))


@pytest.mark.parametrize("text", [
    "Kỳ BC: 01/10/2019 - 30/09/2020",
    "Kỳ tổng hợp: 01/10/2019 - 30/09/2020 Loại -- Chọn --",
    "Kỳ: 01/10/2019 đến ngày 30/09/2020",
    "Thời gian tổng hợp 01/10/2019 ~ 30/09/2020",
    "Khoảng ngày 01/10/2019 - 30/09/2020",
    "Từ ngày - Đến ngày 01/10/2019 - 30/09/2020 Xem",
    "Thời gian: 01/10/2019 — 30/09/2020",
    "Kỳ báo cáo: 01/10/2019 — 30/09/2020",
])
def test_second_pool_period_labels_state_the_period(text: str) -> None:
    got = row_periods(fold(text))
    assert got and got[0][0] == PERIOD and got[0][1] == 1.0, (text, got)


@pytest.mark.parametrize("text", [
    "Kỳ 01/10/2019 - 30/09/2020",  # «Kỳ» without its colon is no label of its own
    "Lịch 01/10/2019 - 30/09/2020",
])
def test_a_range_without_a_label_stays_doubtful(text: str) -> None:
    got = row_periods(fold(text))
    assert got and got[0][0] == PERIOD and got[0][1] == BARE_CERTAINTY, (text, got)


def test_a_date_words_slash_read_as_exclamation_mark_is_repaired_and_flagged() -> None:
    got = row_periods(fold("THỜI GIAN: 01/11!2018 ~ 31/10/2019 Đơn vị"))
    assert got and got[0][0] == (date(2018, 11, 1), date(2019, 10, 31))
    assert got[0][1] < 0.8  # a letter read for the slash: for a reviewer


def test_a_lone_date_after_den_ngay_is_no_period() -> None:
    assert row_periods(fold("Số liệu đến ngày 30/09/2020")) == []


def test_a_drawn_filter_bar_with_a_second_pool_label_gives_the_period() -> None:
    font = ImageFont.truetype(FONT, 22)
    img = Image.new("RGB", (1000, 150), "white")
    d = ImageDraw.Draw(img)
    d.text((30, 30), "Thống kê hồ sơ theo lĩnh vực", font=font, fill=(20, 20, 20))
    d.text((30, 85), "Kỳ tổng hợp: 01/10/2019 — 30/09/2020", font=font, fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    facts = {f.name: f for f in verify_bytes(buf.getvalue(), "filter.png").facts}
    assert facts["period_start"].value == "2019-10-01"
    assert facts["period_end"].value == "2020-09-30"
    assert not facts["period_start"].needs_review


@pytest.mark.parametrize("text", [
    "Thời hạn chữ ký: 01/10/2022 - 30/09/2025",  # a signature's validity
    "Hiệu lực chữ ký: 01/10/2022 - 30/09/2025",
    "Đăng ký: 01/10/2022 - 05/10/2022",  # a registration
    "Cùng kỳ: 01/10/2021 - 30/09/2022",  # the same period a year before
    "Ký: 15/03/2023 - 20/03/2023",  # signing, told from «Kỳ:» by its mark
])
def test_ky_after_a_word_or_with_its_acute_is_no_period_label(text: str) -> None:
    got = row_periods(period_text(text))
    assert got and all(c <= BARE_CERTAINTY for _p, c, _h in got), (text, got)


@pytest.mark.parametrize("text", [
    "So với cùng kỳ: 1.150",  # a figure of the year before, no period
    "Người ký: Trần Văn B, ngày ký: 15/03/2023",  # a signer and a signing date
])
def test_ky_in_a_figures_label_or_a_signers_line_states_no_period(text: str) -> None:
    f = period_text(text)
    assert not re.search(LABEL, f) and row_periods(f) == [], (text, row_periods(f))


def test_the_bare_ky_label_still_heads_its_row_with_or_without_marks() -> None:
    for text in ("Kỳ: 01/10/2019 - 30/09/2020", "Ky: 01/10/2019 - 30/09/2020",
                 "KỲ: 01/10/2019 - 30/09/2020"):
        got = row_periods(period_text(text))
        assert got and got[0][0] == PERIOD and got[0][1] == 1.0, (text, got)


def _draw(lines: list[str]) -> bytes:
    return text_page(lines)


def test_a_drawn_signature_panel_gives_no_sure_period() -> None:
    facts = {f.name: f for f in verify_bytes(_draw([
        "THÔNG TIN CHỮ KÝ SỐ", "Người ký: Nguyễn Văn An",
        "Thời hạn chữ ký: 01/10/2022 - 30/09/2025", "Văn bản đi có ký số: 1.180"]),
        "sig.png").facts}
    assert "period_start" not in facts or facts["period_start"].needs_review


def test_a_drawn_page_with_a_signer_and_the_year_before_keeps_its_period_sure() -> None:
    for lines, start in (
            (["THỐNG KÊ HỒ SƠ MỘT CỬA", "Kỳ báo cáo: Quý 3/2023",
              "Tổng số hồ sơ tiếp nhận: 1.320", "So với cùng kỳ: 1.150"], "2023-07-01"),
            (["SỔ VĂN BẢN ĐI", "Thời gian: 01/10/2022 - 30/09/2023",
              "Tổng số văn bản đi: 1.245", "Người ký: Trần Văn B, ngày ký: 15/03/2023"],
             "2022-10-01")):
        facts = {f.name: f for f in verify_bytes(_draw(lines), "p.png").facts}
        assert facts["period_start"].value == start, lines
        assert not facts["period_start"].needs_review, (lines, facts["period_start"])


@pytest.mark.parametrize("bar", ["Trang chủ Thống kê Báo cáo Thứ Hai, ngày 3 tháng 1 năm 2022",
                                 "Trang chủ Thống kê Báo cáo Thông báo 30/11/2023 14:29"])
def test_a_menu_bars_thong_ke_bao_cao_is_no_period_label(bar: str) -> None:
    # «Thống kê» and «Báo cáo», two menu items side by side, fold to «… ke bao cao»:
    # no «Kỳ báo cáo» whose period the page failed to read
    assert not re.search(LABEL, fold(bar))
    assert re.search(LABEL, fold("Kỳ thống kê Tháng 12/2021"))
    assert re.search(LABEL, fold("Kỳ báo cáo: Quý II/2021"))
