"""Reporting periods and a document's own date, from rows of the layout model."""

from __future__ import annotations

from datetime import date

import pytest

from kiemchung.core.text import fold
from tests.verifiers.test_layout import page
from verifiers.extract.facts import TextLine, Token, extract
from verifiers.extract.periods import row_periods


@pytest.mark.parametrize(("text", "period"), [
    ("Từ ngày (01/10/2018 | Đến ngày [30/09/2019 ]", (date(2018, 10, 1), date(2019, 9, 30))),
    ("Thời gian: 01/11/2022 - 31/10/2023", (date(2022, 11, 1), date(2023, 10, 31))),
    ("Ngày bắt đầu 01/11/2020 Ngày kết thúc 31/10/2021", (date(2020, 11, 1),
                                                          date(2021, 10, 31))),
    ("Kỳ thống kê: 01/10/2018 - 01/10/2019", (date(2018, 10, 1), date(2019, 10, 1))),
    ("Kỳ báo cáo: Quý III/2019", (date(2019, 7, 1), date(2019, 9, 30))),
    ("Kỳ báo cáo: Năm 2019", (date(2019, 1, 1), date(2019, 12, 31))),
    ("Từ tháng 10/2019 – tháng 9/2020", (date(2019, 10, 1), date(2020, 9, 30))),
    ("Báo cáo 6 tháng đầu năm 2020", (date(2020, 1, 1), date(2020, 6, 30))),
])
def test_period_forms(text: str, period: tuple[date, date]) -> None:
    found = [p for p, cert, _how in row_periods(fold(text)) if cert > 0]
    assert found == [period], text


@pytest.mark.parametrize("text", [
    "Hôm nay: 04/11/2022 13:39", "Đăng nhập lúc 17/10/2021 09:19", "Ngày ban hành 01/10/2022",
    "Điều 3. Thời gian thực hiện: từ ngày 15/3/2019 đến ngày 31/12/2019.",
])
def test_lone_dates_and_contract_terms_are_no_period(text: str) -> None:
    assert row_periods(fold(text)) == []


def test_two_periods_on_a_page_are_flagged() -> None:
    lines = page([(100, [(40, "Kỳ thống kê: 01/10/2018 - 01/10/2019")]),
                  (140, [(40, "Số liệu từ ngày 01/10/2017 đến ngày 01/10/2018")])])
    ex = extract(lines)
    f = {x.name: x for x in ex.facts}
    assert f["period_start"].needs_review and f["period_end"].needs_review
    assert any(n.code == "FACT_AMBIGUOUS" for n in ex.notes)


def test_an_unreadable_second_period_makes_the_first_doubtful() -> None:
    lines = page([(100, [(40, "Kỳ thống kê: 01/10/2018 - 01/10/2019")]),
                  (140, [(40, "Số liệu từ ngày 01/10/2017 đến ngày 81/10/2018")])])
    f = {x.name: x for x in extract(lines).facts}
    assert f["period_start"].value == "2018-10-01" and f["period_start"].needs_review


def test_one_clear_period_is_sure() -> None:
    lines = page([(20, [(900, "Hôm nay: 04/11/2022 13:39")]),
                  (100, [(40, "Từ ngày"), (120, "01/10/2021"), (260, "Đến ngày"),
                         (340, "01/10/2022")])])
    f = {x.name: x for x in extract(lines).facts}
    assert (f["period_start"].value, f["period_end"].value) == ("2021-10-01", "2022-10-01")
    assert not f["period_start"].needs_review


def _text(*rows: str) -> list[TextLine]:
    return [TextLine([Token(w, None, None) for w in r.split()], 1, "text_layer") for r in rows]


def test_the_documents_own_date_and_only_that() -> None:
    f = {x.name: x for x in extract(_text(
        "Căn cứ công văn số 1436/UBND-VHTT ngày 22/8/2019 của UBND huyện;",
        "Hải Hà, ngày 7 tháng 10 năm 2019")).facts}
    assert f["document_date"].value == "2019-10-07" and not f["document_date"].needs_review


def test_an_unreadable_date_line_is_flagged_with_what_could_be_read() -> None:
    f = {x.name: x for x in extract(_text(
        "Căn cứ công văn số 1436/UBND-VHTT ngày 22/8/2019 của UBND huyện;",
        "Hải Hà, ngày ... tháng 10 năm 2019")).facts}
    assert f["document_date"].value == "2019-10" and f["document_date"].needs_review


def test_a_page_header_weekday_is_no_document_date() -> None:
    assert "document_date" not in {x.name for x in extract(_text(
        "Thứ Tư, ngày 30 tháng 10 năm 2019")).facts}
