"""Criteria sets as data files (``scoring/criteria/*.toml``), loaded into typed rules
and checked for consistency: every group's criteria add up to the group's maximum,
the groups to the set's total, and no rule can give more than its criterion's maximum."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from scoring.rules import Rule, Step
from verifiers.errors import ConfigError

CRITERIA_DIR = Path(__file__).resolve().parent / "criteria"


class _Group(BaseModel):
    code: str
    title: str
    max: Decimal


class _Criterion(BaseModel):
    code: str
    title: str
    max: Decimal
    rule: dict[str, Any]
    group: str | None = None
    not_applicable_full_marks: bool = False
    numerator: str | None = None
    denominator: str | None = None


class _Set(BaseModel):
    code: str
    title: str
    source: str = ""
    ranking: Literal["quang_binh", "none"] = "none"
    total: Decimal
    groups: list[_Group]
    criteria: list[_Criterion] = Field(default_factory=list)


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    group: str
    rule: Rule
    numerator: str | None
    denominator: str | None


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    title: str
    source: str
    ranking: str
    total: Decimal
    groups: dict[str, tuple[str, Decimal]]
    """group code → (title, maximum)"""
    criteria: tuple[Criterion, ...]


def _rule(c: _Criterion) -> Rule:
    r = c.rule
    kind = r["kind"]
    steps = tuple(Step(op, Decimal(t), Decimal(p)) for op, t, p in r.get("steps", []))
    categories = {k: Decimal(v) for k, v in r.get("categories", {}).items()}
    return Rule(kind, c.max, categories=categories, steps=steps,
                floor=Decimal(r.get("floor", "0")), factor=Decimal(r.get("factor", "0")),
                target=Decimal(r.get("target", "1")),
                not_applicable_full_marks=c.not_applicable_full_marks)


def load_criteria_set(path: Path) -> CriteriaSet:
    try:
        raw = _Set.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigError(f"Criteria set {path}: {exc}") from None
    groups = {g.code: (g.title, g.max) for g in raw.groups}
    criteria = []
    sums: dict[str, Decimal] = dict.fromkeys(groups, Decimal(0))
    for c in raw.criteria:
        group = c.group or c.code.split(".")[0]
        if group not in groups:
            raise ConfigError(f"Criteria set {path}: {c.code} is in no group")
        rule = _rule(c)
        best = max([s.points for s in rule.steps] + list(rule.categories.values()) + [c.max]
                   if rule.kind in ("ratio_steps", "categories") else [c.max])
        if best > c.max:
            raise ConfigError(f"Criteria set {path}: {c.code} can give {best} > {c.max}")
        sums[group] += c.max
        criteria.append(Criterion(c.code, c.title, group, rule, c.numerator, c.denominator))
    for code, (title, gmax) in groups.items():
        if sums[code] != gmax:
            raise ConfigError(f"Criteria set {path}: group {code} ({title}) adds up to "
                              f"{sums[code]}, not {gmax}")
    if sum(m for _t, m in groups.values()) != raw.total:
        raise ConfigError(f"Criteria set {path}: groups do not add up to {raw.total}")
    return CriteriaSet(raw.code, raw.title, raw.source, raw.ranking, raw.total, groups,
                       tuple(criteria))
