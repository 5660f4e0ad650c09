"""A column holding an exact decimal figure (a claim's value, numerator, denominator,
confirmed value; a score's points): SQL ``NUMERIC(28, 10)``, rows read back as a
``Decimal`` without trailing zeros (``12.3``, not ``12.3000000000``), so a figure prints
as the unit wrote it. SQLite keeps NUMERIC as a float; ten decimal places and fifteen
significant digits come back exactly."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Column, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

PRECISION, SCALE = 28, 10
_QUANTUM = Decimal(1).scaleb(-SCALE)


def plain(d: Decimal) -> Decimal:
    """``Decimal("12.300")`` → ``12.3``; ``Decimal("1.2E+3")`` → ``1200`` (no exponent)."""
    n = d.normalize()
    return n.quantize(Decimal(1)) if n.as_tuple().exponent > 0 else n  # type: ignore[operator]


class ExactDecimal(TypeDecorator[Decimal]):
    impl = Numeric(PRECISION, SCALE, asdecimal=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Rounded to the column's ten places here, so SQLite and PostgreSQL agree
        (a ratio such as 3/7 has more)."""
        if value is None:
            return None
        d = value if isinstance(value, Decimal) else Decimal(str(value))
        return d.quantize(_QUANTUM, ROUND_HALF_UP)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return plain(value if isinstance(value, Decimal) else Decimal(str(value)))


def decimal_column(*, nullable: bool = True) -> Any:
    """``sa_column=decimal_column()``: a fresh Column per table field."""
    return Column(ExactDecimal(), nullable=nullable)


def json_default(v: object) -> object:
    """``json.dumps(..., default=json_default)``: a Decimal as a JSON number (``0.95``,
    ``1811``), anything else as its text."""
    if isinstance(v, Decimal):
        d = plain(v)
        return int(d) if d == d.to_integral_value() else float(d)
    return str(v)
