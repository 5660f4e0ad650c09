import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemchung.core.text import NumberFormatError, parse_number


@pytest.mark.parametrize(("text", "expected"), [
    ("1.245", Decimal(1245)), ("1.245.678", Decimal(1245678)), ("95,5%", Decimal("95.5")),
    ("95,5", Decimal("95.5")), ("1.245,5", Decimal("1245.5")), ("1,245.5", Decimal("1245.5")),
    ("245.000.000", Decimal(245000000)), ("12", Decimal(12)), ("0,75", Decimal("0.75")),
    ("3.5", Decimal("3.5")), (" 1 245 ", Decimal(1245)), ("-7", Decimal(-7)),
])
def test_vietnamese_numbers(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_comma_grouping_for_counts() -> None:
    assert parse_number("1,245") == Decimal("1.245")
    assert parse_number("1,245", integer_expected=True) == Decimal(1245)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4.5", "12a", "1O5", ",5", "%"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_number(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_vietnamese_grouping_round_trips(n: int) -> None:
    assert parse_number(f"{n:,}".replace(",", ".")) == n


@given(st.text(max_size=20))
def test_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(NumberFormatError):
        parse_number(text)
