"""A cell's or label's number as the fact's type wants it."""

from __future__ import annotations

from kiemchung.core.text import NumberFormatError, parse_number
from verifiers.ocr.layout import number_text


def parse_value(text: str, kind: str) -> int | float | None:
    """``count`` and ``amount``: a whole number (``1.245`` → 1245, ``95,6`` → None);
    ``ratio``: a per cent (``95,6%`` → 95.6)."""
    t = number_text(text).strip("()")
    try:
        n = parse_number(t, integer_expected=kind in ("count", "amount"))
    except NumberFormatError:
        return None
    if kind in ("count", "amount"):
        return int(n) if n == int(n) and n >= 0 else None
    return float(n)
