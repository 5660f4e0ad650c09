"""Period labels of the second wording pool: «Kỳ BC», «Kỳ tổng hợp», «Kỳ:», «Thời gian
tổng hợp», «Khoảng ngày», «Từ ngày - Đến ngày» over one range input, an em dash between
the dates, a date's slash read as «!». The last test draws a filter bar with PIL and
reads it with the real Tesseract."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image, ImageDraw, ImageFont

from kiemchung.core.text import fold
from verifiers.extract.periods import BARE_CERTAINTY, row_periods
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
