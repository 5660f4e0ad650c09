"""Nam Đông's tiers (Mức I–IV, seed 003 Điều 6): a minimum total for results and for
readiness, and a minimum share in every group. The first tier a unit meets in full is
its tier; below Mức IV it is not ranked, and the reason says which condition failed."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kiemchung.core import formatting
from kiemchung.core.errors import ConfigError
from scoring.criteria_set import CRITERIA_DIR

TIERS_FILE = CRITERIA_DIR / "nam_dong_2018_tiers.toml"


@dataclass(frozen=True)
class Tier:
    name: str
    min_results: Decimal
    min_readiness: Decimal
    shares: dict[str, Decimal]


@dataclass(frozen=True)
class TierTable:
    results_groups: tuple[str, ...]
    readiness_groups: tuple[str, ...]
    tiers: tuple[Tier, ...]


@dataclass(frozen=True)
class TierResult:
    tier: str | None
    """None: not ranked."""
    reasons: tuple[str, ...]
    """Vietnamese: for each better tier, why the unit did not reach it."""


def load_tiers(path: Path = TIERS_FILE) -> dict[str, TierTable]:
    """Tier tables by unit level (``office``, ``commune``)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        groups = raw["groups"]
        return {
            level: TierTable(tuple(groups["results"]), tuple(groups["readiness"]), tuple(
                Tier(t["tier"], Decimal(t["min_results"]), Decimal(t["min_readiness"]),
                     {k: Decimal(v) for k, v in t["shares"].items()}) for t in rows))
            for level, rows in raw.items() if level != "groups"}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ArithmeticError) as exc:
        raise ConfigError(f"Tier table {path}: {exc!r}") from None


def find_tiers(name: str, base_dir: Path) -> Path:
    """A tier table by file name under scoring/criteria/, or a path relative to
    ``base_dir``."""
    for path in (base_dir / name, CRITERIA_DIR / name, CRITERIA_DIR / f"{name}.toml"):
        if path.is_file():
            return path
    raise ConfigError(f"Tier table {name!r} not found (under {CRITERIA_DIR} or {base_dir})")


def _fmt(d: Decimal) -> str:
    """Points in a reason people read: ``kiemchung.core.formatting.points``."""
    return formatting.points(d)


def tier_for(table: TierTable, groups: dict[str, tuple[Decimal, Decimal]]) -> TierResult:
    """``groups``: group code → (points, maximum)."""
    results = sum((groups[g][0] for g in table.results_groups), Decimal(0))
    readiness = sum((groups[g][0] for g in table.readiness_groups), Decimal(0))
    missed: list[str] = []
    for tier in table.tiers:
        why = []
        if results < tier.min_results:
            why.append(f"điểm kết quả {_fmt(results)} < {_fmt(tier.min_results)}")
        if readiness < tier.min_readiness:
            why.append(f"điểm sẵn sàng {_fmt(readiness)} < {_fmt(tier.min_readiness)}")
        for g, share in tier.shares.items():
            points, maximum = groups[g]
            if points < share * maximum:
                why.append(f"nhóm «{g}» đạt {_fmt(points)}/{_fmt(maximum)}, dưới "
                           f"{formatting.percent(share)}")
        if not why:
            return TierResult(tier.name, tuple(missed))
        missed.append(f"chưa đạt {tier.name}: " + "; ".join(why))
    return TierResult(None, (*missed, "dưới Mức IV: không xếp hạng"))
