"""Vietnamese text helpers: folding for matching (diacritics and đ dropped), slugs, and
number formats: ``1.245`` is one thousand two hundred forty-five, ``95,5%`` is
ninety-five and a half per cent. English-style ``1,245.5`` is also read."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class NumberFormatError(ValueError):
    pass


def parse_number(text: str, *, integer_expected: bool = False) -> Decimal:
    """Parse a number as Vietnamese people and software write it.

    ``integer_expected`` resolves ``1,245``: a count cannot be 1.245, so a comma
    grouping three digits is then read as a thousands separator.
    """
    s = _SPACES.sub("", text).rstrip("%").strip()
    negative = s.startswith("-")
    s = s.lstrip("+-")
    if not s or not re.fullmatch(r"[\d.,]+", s) or not s[0].isdigit():
        raise NumberFormatError(f"not a number: {text!r}")
    if "." in s and "," in s:
        decimal_sep = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        s = s.replace(thousands, "").replace(decimal_sep, ".")
    elif "." in s:
        if _GROUPED_DOT.match(s):
            s = s.replace(".", "")
    elif "," in s:
        grouped = integer_expected and _GROUPED_COMMA.match(s)
        s = s.replace(",", "") if grouped else s.replace(",", ".")
    if s.count(".") > 1:
        raise NumberFormatError(f"not a number: {text!r}")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise NumberFormatError(f"not a number: {text!r}") from exc
    return -value if negative else value


def fold(text: str) -> str:
    """Lower-case, strip diacritics and đ: for matching only, never for display."""
    text = unicodedata.normalize("NFKD", text.strip().lower()).replace("đ", "d")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def category_slug(text: str) -> str:
    """«Không thường xuyên» → ``khong-thuong-xuyen``; «Có» → ``co``."""
    return "-".join("".join(c if c.isalnum() else " " for c in fold(text)).split())
