"""Criteria sets as data files (``scoring/criteria/*.toml``), loaded into typed rules
and checked for consistency: every group's criteria add up to the group's maximum,
the groups to the set's total, and no rule can give more than its criterion's maximum."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from kiemchung.core.errors import ConfigError
from scoring.rules import Rule, Step

CRITERIA_DIR = Path(__file__).resolve().parent / "criteria"


class _Group(BaseModel):
    code: str
    title: str
    max: Decimal


class _Criterion(BaseModel):
    code: str
    title: str
    max: Decimal = Decimal(0)
    rule: dict[str, Any] | None = None
    """None only in a set without points (evidence rules only)."""
    group: str | None = None
    not_applicable_full_marks: bool = False
    numerator: str | None = None
    denominator: str | None = None
    topic: str = ""
    responsible: str = ""
    """The seed's "Đơn vị chủ trì thực hiện"."""
    evidence_note: str = ""
    """The seed's "Nội dung thực hiện": what evidence to send."""
    levels: list[str] = Field(default_factory=list)
    evidence: dict[str, Any] | None = None
    """An evidence rule for the campaign checks (kiemchung.core.campaign_schema.EvidenceRule)."""


class _Set(BaseModel):
    code: str
    title: str
    source: str = ""
    ranks: list[tuple[str, Decimal]] = Field(default_factory=list)
    """Rank names with the least share of the total each needs, best first."""
    no_points: bool = False
    """The seed gives no points (evidence rules only): the set is not scored."""
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
    responsible: str = ""
    evidence_note: str = ""
    levels: tuple[str, ...] = ()
    evidence: dict[str, Any] | None = None


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    title: str
    source: str
    ranks: tuple[tuple[str, Decimal], ...]
    total: Decimal
    no_points: bool
    groups: dict[str, tuple[str, Decimal]]
    """group code → (title, maximum)"""
    criteria: tuple[Criterion, ...]


def _rule(c: _Criterion) -> Rule:
    r = c.rule or {"kind": "yes_no"}
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
        if c.rule is None and not raw.no_points:
            raise ConfigError(f"Criteria set {path}: {c.code} has no rule")
        rule = _rule(c)
        best = max([s.points for s in rule.steps] + list(rule.categories.values()) + [c.max]
                   if rule.kind in ("ratio_steps", "categories") else [c.max])
        if best > c.max:
            raise ConfigError(f"Criteria set {path}: {c.code} can give {best} > {c.max}")
        sums[group] += c.max
        criteria.append(Criterion(c.code, c.title, group, rule, c.numerator, c.denominator,
                                  c.responsible, c.evidence_note, tuple(c.levels), c.evidence))
    for code, (title, gmax) in groups.items():
        if sums[code] != gmax:
            raise ConfigError(f"Criteria set {path}: group {code} ({title}) adds up to "
                              f"{sums[code]}, not {gmax}")
    if sum(m for _t, m in groups.values()) != raw.total:
        raise ConfigError(f"Criteria set {path}: groups do not add up to {raw.total}")
    codes = [c.code for c in criteria]
    if len(set(codes)) != len(codes):
        raise ConfigError(f"Criteria set {path}: duplicate criterion codes")
    return CriteriaSet(raw.code, raw.title, raw.source, tuple(raw.ranks), raw.total,
                       raw.no_points, groups, tuple(criteria))


def find_criteria_set(name: str, base_dir: Path) -> Path:
    """A set named by its file (relative to ``base_dir``) or by its ``code`` under
    ``scoring/criteria/``."""
    if name.endswith(".toml"):
        path = Path(name) if Path(name).is_absolute() else base_dir / name
        if not path.is_file():
            raise ConfigError(f"Criteria set file {path} not found")
        return path
    for path in sorted(CRITERIA_DIR.glob("*.toml")):
        try:
            code = tomllib.loads(path.read_text(encoding="utf-8")).get("code")
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if code == name:
            return path
    known = ", ".join(sorted(p.stem for p in CRITERIA_DIR.glob("*.toml")))
    raise ConfigError(f"No criteria set with code {name!r} (files: {known})")
