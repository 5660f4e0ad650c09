"""The one formatting module: how people read our numbers, dates and words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from kiemchung.core import formatting as fmt
from kiemchung.core.vocabulary import (
    ClaimStatus,
    FileKind,
    FindingStatus,
    NoticeStatus,
    Role,
    UnitLevel,
    Verdict,
)


@pytest.mark.parametrize(("value", "text"), [
    (1811, "1.811"), (1811.0, "1.811"), (Decimal("1812.0"), "1.812"), (245000000, "245.000.000"),
    (Decimal("95.50"), "95,5"), (0.1 + 0.2, "0,3"), (-3, "−3"), (0, "0"), (Decimal("-0.0"), "0"),
    (Decimal("1234567.25"), "1.234.567,25"), ("1811", "1.811"), (None, "—"), ("abc", "abc"),
])
def test_number(value: object, text: str) -> None:
    assert fmt.number(value) == text


def test_points_amounts_percentages() -> None:
    assert fmt.points(Decimal("12.50")) == "12,5"
    assert fmt.points(9.925) == "9,93"
    assert fmt.points(20.0) == "20"
    assert fmt.amount(245000000.0) == "245.000.000 đ"
    assert fmt.amount(None) == "—"
    assert fmt.percent(Decimal("0.933")) == "93,3 %"
    assert fmt.percent(1) == "100 %"
    assert fmt.percent(0.5) == "50 %"
    assert fmt.percent_of(28, 30) == "93,3 %"
    assert fmt.percent_of(1, 0) == "—"
    assert fmt.signed_number(Decimal("-1.5")) == "−1,5"
    assert fmt.signed_number(3) == "+3"
    assert fmt.signed_number(0.0) == "="


def test_dates_in_vietnam_time() -> None:
    assert fmt.day(date(2018, 10, 1)) == "01/10/2018"
    assert fmt.day("2019-09-30") == "30/09/2019"
    # 20:00 UTC on 30/09 is already 1 October in Hà Nội
    assert fmt.day(datetime(2019, 9, 30, 20, 0, tzinfo=UTC)) == "01/10/2019"
    assert fmt.day(None) == "—"
    assert fmt.day("không phải ngày") == "không phải ngày"
    assert fmt.day_range(date(2018, 10, 1), date(2019, 9, 30)) == "01/10/2018–30/09/2019"


def test_moments_carry_the_offset() -> None:
    assert fmt.moment(datetime(2026, 12, 1, 7, 5, tzinfo=UTC)) == "14:05 01/12/2026 (UTC+7)"
    # naive = UTC, as SQLite returns stored times
    assert fmt.moment(datetime(2026, 12, 1, 7, 5)) == "14:05 01/12/2026 (UTC+7)"
    assert fmt.moment("2019-05-10T02:30:15+00:00", seconds=True) == "09:30:15 10/05/2019 (UTC+7)"
    assert fmt.moment("2019-05-10T09:30:15+07:00") == "09:30 10/05/2019 (UTC+7)"
    paris = datetime(2026, 12, 1, 8, 5, tzinfo=timezone(timedelta(hours=1)))
    assert fmt.moment(paris, tz="Europe/Paris") == "08:05 01/12/2026 (UTC+1)"
    assert fmt.moment(date(2026, 12, 1)) == "01/12/2026"
    assert fmt.moment(None) == "—"


def test_durations_and_ages() -> None:
    assert fmt.duration(timedelta(days=3, hours=5)) == "3 ngày"
    assert fmt.duration(timedelta(hours=5, minutes=59)) == "5 giờ"
    assert fmt.duration(20 * 60 + 5) == "20 phút"
    assert fmt.duration(timedelta(seconds=30)) == "dưới 1 phút"
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    assert fmt.age(datetime(2026, 12, 1, 11, 0), now=now) == "3 ngày"
    assert fmt.age(None) == "—"


@pytest.mark.parametrize(("vocabulary", "enum"), [
    ("verdict", Verdict), ("level", UnitLevel), ("kind", FileKind),
    ("finding_status", FindingStatus), ("claim_status", ClaimStatus),
    ("notice_status", NoticeStatus), ("role", Role),
])
def test_every_member_of_a_vocabulary_has_vietnamese_words(vocabulary: str, enum: type) -> None:
    for member in enum:
        text = fmt.label(vocabulary, member)
        assert text != member.value and text.strip(), (vocabulary, member)


def test_labels() -> None:
    assert fmt.label("verdict", Verdict.UNSIGNED) == "không ký số"
    assert fmt.label("level", "commune") == "Cấp xã"
    assert fmt.label("kind", "something-new") == "something-new"  # shown, never hidden
    assert fmt.label("kind", None) == "—"
    assert fmt.certificate_name("Common Name: CA phục vụ các cơ quan Nhà nước, "
                                "Organization: Ban Cơ yếu Chính phủ, Country: VN") == \
        "Tên chung: CA phục vụ các cơ quan Nhà nước, Tổ chức: Ban Cơ yếu Chính phủ, Quốc gia: VN"
    assert fmt.label("certificate_field", "common_name") == "Tên chung"


def test_fact_names_and_values() -> None:
    assert fmt.fact_label("period_start") == "Kỳ số liệu từ ngày"
    assert fmt.fact_label("period_end") == "Kỳ số liệu đến ngày"
    assert fmt.fact_label("outgoing_total") == "Tổng số văn bản đi"  # from facts.toml
    assert fmt.fact_label("not_a_fact") == "not_a_fact"
    assert fmt.fact_value("period_start", "2018-10-01") == "01/10/2018"
    assert fmt.fact_value("outgoing_total", "1811.0") == "1.811"
    assert fmt.fact_value("amount", 245000000.0) == "245.000.000 đ"


def test_every_fact_in_the_data_file_has_a_label() -> None:
    from verifiers.extract.concepts import vocabulary

    for spec in vocabulary().specs:
        assert fmt.fact_label(spec.name) != spec.name


def test_jinja_filters_render() -> None:
    from jinja2 import Environment

    env = Environment(autoescape=True)
    env.filters.update(fmt.jinja_filters())
    t = env.from_string("{{ a | so }}|{{ b | tien }}|{{ c | phan_tram }}|{{ d | ngay }}|"
                        "{{ e | thoi_diem }}|{{ f | nhan('verdict') }}|{{ f | nhan_verdict }}|"
                        "{{ g | ten_so_lieu }}|{{ h | diem }}")
    out = t.render(a=1811.0, b=245000000.0, c=0.933, d=date(2019, 9, 30),
                   e=datetime(2026, 12, 1, 7, 5, tzinfo=UTC), f="valid", g="period_end",
                   h=Decimal("9.930"))
    assert out == ("1.811|245.000.000 đ|93,3 %|30/09/2019|14:05 01/12/2026 (UTC+7)|"
                   "hợp lệ|hợp lệ|Kỳ số liệu đến ngày|9,93")


def test_signature_words_cover_every_indication_pyhanko_reports() -> None:
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESStatus

    for status in AdESStatus:
        assert fmt.label("indication", f"TOTAL_{status.name}" if status.name != "INDETERMINATE"
                         else status.name) != status.name, status
    for sub in (*AdESFailure, *AdESIndeterminate):
        assert fmt.label("subindication", sub.name) != sub.name, sub
    assert fmt.label("time_source", "signer-naive-vn").endswith("(UTC+7)")
    assert fmt.label("file_state", "rejected") == "bị trả lại"
    assert fmt.label("annotation_how", "stamp") == "dấu (stamp)"
    assert fmt.label("decision", "assign") == "giao việc"
