"""Properties (hypothesis) of the parsers and rules that bad input reaches first:
Vietnamese numbers and dates, the claims import, the rule engine."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kiemchung.core.text import NumberFormatError, fold, parse_number
from scoring.rules import Rule, Step, score
from storage.claims_sheet import read_claims_csv, read_claims_rows, read_claims_xlsx
from verifiers.extract.dates import (
    PLAUSIBLE_YEARS,
    parse_date,
    parse_month,
    parse_period,
    parse_place_date,
)

DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
NOISE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_vietnamese_decimals_round_trip(x: Decimal) -> None:
    """1.245.678,5: dots group thousands, the comma marks decimals."""
    whole, _, frac = f"{x:,.2f}".partition(".")
    text = whole.replace(",", ".") + "," + frac
    assert parse_number(text) == x


FORMS = ["{d:02d}/{m:02d}/{y}", "{d}-{m}-{y}", "{d}.{m}.{y}", "ngay {d} thang {m} nam {y}",
         "ngay {d:02d} thang {m:02d} nam {y}"]


@given(DATES, st.sampled_from(FORMS))
def test_dates_in_every_written_form(day: date, form: str) -> None:
    text = form.format(d=day.day, m=day.month, y=day.year)
    assert parse_date(fold(text)) == day
    assert parse_date(fold("Hà Nội, " + text.replace("ngay", "ngày"))) == day


@given(DATES, DATES)
def test_periods_from_to_and_with_a_dash(a: date, b: date) -> None:
    fmt = "{:%d/%m/%Y}"
    assert parse_period(fold(f"Từ ngày {fmt.format(a)} đến ngày {fmt.format(b)}")) == (a, b)
    assert parse_period(fold(f"Kỳ báo cáo: {fmt.format(a)} - {fmt.format(b)}")) == (a, b)


@given(DATES)
def test_a_documents_own_date_line(day: date) -> None:
    line = f"Quảng Hà, ngày {day.day} tháng {day.month} năm {day.year}"
    assert parse_place_date(fold(line)) == day


@given(NOISE)
def test_date_parsers_never_raise_on_noise(text: str) -> None:
    folded = fold(text)
    for parse in (parse_date, parse_period, parse_month, parse_place_date):
        parse(folded)


@given(st.integers(0, 99), st.integers(0, 99), st.integers(1000, 9999))
def test_impossible_dates_are_refused_not_raised(d: int, m: int, y: int) -> None:
    try:
        real: date | None = date(y, m, d)
    except ValueError:
        real = None
    if y not in PLAUSIBLE_YEARS:
        real = None  # a year no screen shows is a misread («2922»), no date
    assert parse_date(f"{d}/{m}/{y}") == real


CELL = st.one_of(NOISE, st.sampled_from(["", "1.245", "95,5%", "-3", "Có", "abc", "1,5"]))


@given(st.lists(st.lists(CELL, max_size=8), max_size=12))
def test_claims_rows_each_become_one_claim_or_one_error(body: list[list[str]]) -> None:
    header = ["Mã đơn vị", "Mã tiêu chí", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"]
    res = read_claims_rows([header, *body])
    data_rows = {n for n, raw in enumerate(body, start=2) if any(c.strip() for c in raw)}
    got = [c.row for c in res.claims] + [e.row for e in res.errors]
    assert sorted(got) == sorted(data_rows)
    for c in res.claims:
        assert c.unit and c.criterion
        for v in (c.value, c.numerator, c.denominator):
            assert v is None or v >= 0
        if c.numerator is not None and c.denominator is not None:
            assert c.numerator <= c.denominator


@given(st.lists(st.lists(CELL, max_size=6), max_size=8))
def test_claims_csv_of_any_shape_is_read_without_raising(rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    res = read_claims_csv(buf.getvalue())
    assert res.claims or res.errors or len(rows) <= 1


@settings(max_examples=50)
@given(st.binary(max_size=2000))
def test_a_broken_excel_file_is_one_error_not_an_exception(data: bytes) -> None:
    res = read_claims_xlsx(b"PK\x03\x04" + data)
    assert res.claims == () and len(res.errors) == 1


SHARES = st.decimals(min_value=0, max_value=1, places=2)
POINTS = st.decimals(min_value=0, max_value=20, places=2)


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    kind = draw(st.sampled_from(["ratio_steps", "ratio_linear", "ratio_capped"]))
    full = draw(POINTS.filter(lambda p: p > 0))
    if kind == "ratio_steps":
        shares = sorted(draw(st.lists(SHARES, min_size=1, max_size=4, unique=True)),
                        reverse=True)
        pts = sorted(draw(st.lists(POINTS.filter(lambda p: p <= full), min_size=len(shares),
                                   max_size=len(shares))), reverse=True)
        steps = tuple(Step(draw(st.sampled_from([">", ">="])), s, p)
                      for s, p in zip(shares, pts, strict=True))
        return Rule("ratio_steps", full, steps=steps)
    if kind == "ratio_linear":
        return Rule("ratio_linear", full, floor=draw(SHARES), factor=draw(POINTS))
    return Rule("ratio_capped", full, target=draw(SHARES.filter(lambda s: s > 0)))


COUNTS = st.integers(0, 100_000)


@given(rules(), COUNTS, COUNTS, COUNTS)
def test_rules_stay_within_bounds_and_more_is_never_worse(
        rule: Rule, a: int, b: int, den: int) -> None:
    lo, hi = sorted((a, b))
    got_lo = score(rule, numerator=Decimal(lo), denominator=Decimal(den))
    got_hi = score(rule, numerator=Decimal(hi), denominator=Decimal(den))
    for out in (got_lo, got_hi):
        assert 0 <= out.points <= rule.max_points
        assert (out.points == rule.max_points) or out.reason  # every point lost explained
    assert got_hi.points >= got_lo.points


@given(NOISE)
def test_numbers_never_raise_anything_but_their_own_error(text: str) -> None:
    with contextlib.suppress(NumberFormatError):
        parse_number(text)
