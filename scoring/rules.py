"""Scoring rule shapes taken from the seeds (DOMAIN.md rule 6), as data-driven,
typed values. Ratios are exact decimals so that the seeds' boundaries (exactly 50 %,
70 %, 90 %) fall on the right side.

Shapes (Quảng Bình 3270/QĐ-UBND wording in brackets):

* ``yes_no``: "Có ban hành = 2; Không ban hành = 0"
* ``categories``: "Thường xuyên = 3; Không thường xuyên = 2; Không cập nhật = 0"
* ``ratio_steps``: "Tỷ lệ > 90% = 3; Tỷ lệ > 70% = 2; Tỷ lệ ≥ 50% = 1; < 50% = 0",
  also "100% = 5; ≥ 50% = 3; < 50% = 0"
* ``ratio_linear``: "Tỷ lệ ≥ 50% = Tỷ lệ × 5; < 50% = 0" (the seed writes
  "Tỷ lệ %* 100*5", a typo for ratio × 5)
* ``ratio_capped``: "≥ 30% = 4; < 30% = Tỷ lệ × 4 / 30%"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from kiemchung.core import formatting

Op = Literal[">", ">="]


@dataclass(frozen=True)
class Step:
    op: Op
    threshold: Decimal
    """A share between 0 and 1."""
    points: Decimal

    def holds(self, ratio: Decimal) -> bool:
        return ratio > self.threshold if self.op == ">" else ratio >= self.threshold


@dataclass(frozen=True)
class Rule:
    kind: Literal["yes_no", "categories", "ratio_steps", "ratio_linear", "ratio_capped"]
    max_points: Decimal
    categories: dict[str, Decimal] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()
    floor: Decimal = Decimal(0)
    """ratio_linear: below this share, 0 points."""
    factor: Decimal = Decimal(0)
    """ratio_linear: points = share × factor."""
    target: Decimal = Decimal(1)
    """ratio_capped: from this share on, full marks."""
    not_applicable_full_marks: bool = False
    """The seed's "(Trường hợp … không có … thì tính điểm tối đa)"."""


@dataclass(frozen=True)
class Outcome:
    points: Decimal
    max_points: Decimal
    reason: str = ""
    """Vietnamese, for people: why points were lost (empty when none were)."""


def ratio_of(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """None for a zero denominator: the caller decides (not applicable, or no points)."""
    if denominator == 0:
        return None
    return numerator / denominator


def _q(points: Decimal) -> Decimal:
    return points.quantize(Decimal("0.01"))


def _pct(r: Decimal) -> str:
    """«74,7 %», «90 %»: ``kiemchung.core.formatting.percent``."""
    return formatting.percent(r)


def score(rule: Rule, *, yes: bool | None = None, category: str | None = None,
          numerator: Decimal | None = None, denominator: Decimal | None = None,
          not_applicable: bool = False) -> Outcome:
    """Points for one criterion from its confirmed value(s)."""
    full = rule.max_points
    if not_applicable:
        if rule.not_applicable_full_marks:
            return Outcome(full, full)
        return Outcome(Decimal(0), full, "không áp dụng nhưng tiêu chí không cho tính điểm tối đa")
    if rule.kind == "yes_no":
        if yes is None:
            return Outcome(Decimal(0), full, "chưa có giá trị được xác nhận")
        return Outcome(full, full) if yes else Outcome(Decimal(0), full, "không đạt")
    if rule.kind == "categories":
        if category is None or category not in rule.categories:
            return Outcome(Decimal(0), full, f"mức «{category}» không có trong tiêu chí")
        got = rule.categories[category]
        return Outcome(got, full, "" if got == full else f"mức «{category}»")
    if numerator is None or denominator is None:
        return Outcome(Decimal(0), full, "chưa có tử số, mẫu số được xác nhận")
    r = ratio_of(numerator, denominator)
    if r is None:
        if rule.not_applicable_full_marks:
            return Outcome(full, full)
        return Outcome(Decimal(0), full, "mẫu số bằng 0")
    r = min(r, Decimal(1)) if r >= 0 else Decimal(0)
    if rule.kind == "ratio_steps":
        for step in rule.steps:
            if step.holds(r):
                return Outcome(step.points, full, "" if step.points == full else
                               f"tỷ lệ {_pct(r)}")
        return Outcome(Decimal(0), full, f"tỷ lệ {_pct(r)} dưới mức thấp nhất")
    if rule.kind == "ratio_linear":
        if r < rule.floor:
            return Outcome(Decimal(0), full, f"tỷ lệ {_pct(r)} dưới {_pct(rule.floor)}")
        got = min(full, _q(r * rule.factor))
        return Outcome(got, full, "" if got == full else f"tỷ lệ {_pct(r)}")
    if r >= rule.target:
        return Outcome(full, full)
    return Outcome(_q(r * full / rule.target), full,
                   f"tỷ lệ {_pct(r)} dưới {_pct(rule.target)}")


QUANG_BINH_RANKS = (("A", Decimal("0.8")), ("B", Decimal("0.65")), ("C", Decimal("0.5")),
                    ("D", Decimal(0)))


def rank_for(points: Decimal, total: Decimal,
             ranks: tuple[tuple[str, Decimal], ...]) -> str | None:
    """The first rank whose least share of ``total`` the points reach (best first)."""
    for name, share in ranks:
        if points >= share * total:
            return name
    return None


def rank_quang_binh(total: Decimal) -> str:
    """Quảng Bình 3270: A 80–100, B 65–<80, C 50–<65, D < 50."""
    return rank_for(total, Decimal(100), QUANG_BINH_RANKS) or "D"
