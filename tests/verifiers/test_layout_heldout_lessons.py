"""Issue 14's lessons from layouts the extraction was never tuned on, on synthetic
word boxes (no OCR): a table of fields or sub-units never speaks through a row whose
name holds a fact's words, visitor counters and chart labels are no facts, service
levels and the vocabulary of DOMAIN.md's systems map to their facts."""

from __future__ import annotations

from datetime import date

import pytest

from kiemchung.core.text import fold
from tests.verifiers.test_layout import page
from verifiers.extract.concepts import map_label
from verifiers.extract.facts import extract
from verifiers.extract.periods import row_periods


def by_field(total: bool) -> list:  # type: ignore[type-arg]
    rows = [
        (100, [(40, "Thống kê hồ sơ theo lĩnh vực")]),
        (140, [(40, "STT"), (120, "Lĩnh vực"), (480, "Hồ sơ tiếp nhận"),
               (760, "Hồ sơ đã giải quyết")]),
        (166, [(460, "Tổng số"), (600, "Trực tuyến"), (740, "Đúng hạn"), (880, "Quá hạn")]),
        (200, [(44, "1"), (120, "Bưu chính"), (480, "412"), (600, "300"), (740, "398"),
               (880, "4")]),
        (226, [(44, "2"), (120, "Giải quyết khiếu nại"), (480, "230"), (600, "200"),
               (740, "220"), (880, "5")]),
        (252, [(44, "3"), (120, "Công chức, viên chức"), (480, "51"), (600, "20"),
               (740, "40"), (880, "1")]),
    ]
    if total:
        rows.append((278, [(120, "Tổng cộng"), (480, "693"), (600, "520"), (740, "658"),
                           (880, "10")]))
    return page(rows)


@pytest.mark.parametrize("total", [True, False])
def test_a_fields_name_is_no_fact_with_or_without_a_total_row(total: bool) -> None:
    ex = extract(by_field(total))
    sure = {f.name: f.value for f in ex.facts if not f.needs_review}
    if total:
        assert sure["dossiers_received"] == 693 and sure["dossiers_online"] == 520
    else:  # the sums are for a reviewer, and no row («Bưu chính» says direct) is sure
        assert not {"dossiers_received", "dossiers_online", "dossiers_direct",
                    "dossiers_resolved", "dossiers_on_time", "dossiers_late"} & set(sure)
        assert any(n.code == "FACT_AMBIGUOUS" for n in ex.notes)


def test_one_named_row_without_a_total_is_for_review() -> None:
    rows = [(140, [(40, "Đơn vị"), (460, "Tổng số văn bản đi"), (700, "VB đi có ký số")]),
            (170, [(40, "Phòng Nội vụ"), (480, "120"), (720, "100")])]
    f = {x.name: x for x in extract(page(rows)).facts}
    assert f["outgoing_total"].value == 120 and f["outgoing_total"].needs_review


def test_a_summary_line_beats_a_table_without_total_and_raises_no_finding() -> None:
    rows = [(80, [(40, "Tổng số văn bản đi: 474 · đã ký số: 294")]),
            (140, [(40, "Đơn vị"), (460, "Số VB đi"), (700, "Đã ký số")]),
            (170, [(40, "Phòng Nội vụ"), (480, "120"), (720, "100")]),
            (196, [(40, "Thanh tra huyện"), (480, "90"), (720, "30")])]
    ex = extract(page(rows))
    f = {x.name: x for x in ex.facts}
    assert f["outgoing_total"].value == 474 and not f["outgoing_total"].needs_review
    assert not any("outgoing_total" in n.detail for n in ex.notes)


def test_a_visitor_counter_is_no_online_dossier_count() -> None:
    rows = [(80, [(40, "Hồ sơ tiếp nhận: 1.245")]),
            (700, [(40, "© 2023 UBND huyện"), (300, "Đang trực tuyến: 35"),
                   (600, "Lượt truy cập: 1.234.567")])]
    got = {f.name for f in extract(page(rows)).facts}
    assert "dossiers_online" not in got


@pytest.mark.parametrize(("parts", "fact"), [
    (("Dịch vụ công trực tuyến", "Mức độ 3"), "services_level3"),
    (("DVC mức độ 4",), "services_level4"),
    (("DVC toàn trình",), "services_level4"),
    (("Một phần",), "services_level3"),
    (("Tổng số TTHC",), "services_total"),
    (("Máy tính có kết nối mạng",), "computers_connected"),
    (("Số máy tính được kết nối",), "computers_connected"),
    (("Họp trực tuyến đã tổ chức",), "online_meetings"),
    (("Số tin, bài",), "articles_published"),
    (("Tổng số CBCC, VC",), "staff_total"),
])
def test_vocabulary_of_the_domains_systems(parts: tuple[str, ...], fact: str) -> None:
    m = map_label(*parts)
    assert m.fact == fact and m.certainty >= 0.9, (parts, m)


@pytest.mark.parametrize("label", ["Số điểm cầu", "Mức độ 2", "Đăng ký kinh doanh"])
def test_labels_of_no_fact(label: str) -> None:
    assert map_label(label).fact is None


@pytest.mark.parametrize(("text", "period"), [
    ("Từ ngày 2018-10-01 Đến ngày 2019-09-30", (date(2018, 10, 1), date(2019, 9, 30))),
    ("Từ 01-11-2021 -Đến 31-10-2022", (date(2021, 11, 1), date(2022, 10, 31))),
    ("Thời gian thống kê 01/10/2022 01/10/2023", (date(2022, 10, 1), date(2023, 10, 1))),
    ("Khoảng thời gian 01/10/2021 → 30/09/2022", (date(2021, 10, 1), date(2022, 9, 30))),
    ("Kỳ báo cáo Quý 3 năm 2019", (date(2019, 7, 1), date(2019, 9, 30))),
    ("Kỳ thống kê Tháng 9/2021", (date(2021, 9, 1), date(2021, 9, 30))),
    ("Từ 10/2018 đến 9/2019", (date(2018, 10, 1), date(2019, 9, 30))),
])
def test_more_period_forms(text: str, period: tuple[date, date]) -> None:
    found = [p for p, cert, _how in row_periods(fold(text)) if cert > 0]
    assert found == [period], text


def test_a_quarter_the_filter_names_but_ocr_lost_is_no_year() -> None:
    assert [c for _p, c, _h in row_periods(fold("Kỳ báo cáo Quý năm 2018"))] == [0.0]


def test_a_roman_quarter_is_never_sure_on_one_reading() -> None:
    ((_p, cert, how),) = row_periods(fold("Kỳ báo cáo: Quý II/2023"))
    assert cert < 0.8 and "roman" in how


def test_chart_value_labels_are_no_tiles() -> None:
    rows = [(100, [(40, "12.716"), (240, "518"), (440, "10.818")]),
            (122, [(40, "Tiếp nhận hồ sơ"), (240, "Quá hạn"), (440, "Đã giải quyết")]),
            (300, [(300, "32")]),  # a bar's value label over the chart's category words
            (322, [(60, "Tiếp nhận"), (260, "Đã giải quyết"), (460, "Đúng hạn"),
                   (660, "Quá hạn")])]
    got = {f.name: f.value for f in extract(page(rows)).facts}
    assert got.get("dossiers_late") == 518
    assert "dossiers_on_time" not in got
