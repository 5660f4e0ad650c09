"""A unit's score from its claims: what it claimed, and what the evidence confirms.

Pure: typed inputs (a criteria set, the unit's claims with their confirmation status,
the findings behind each criterion) in, typed scores out. The flow stage
(``flows/score_stage.py``) loads the inputs from the database and stores the result.

* claimed points: the rule applied to the unit's own figures, whatever the evidence;
* verified points: the rule applied to confirmed values only (confirmed by evidence,
  or set by a reviewer); anything else scores 0 and says why, naming the findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from scoring.criteria_set import CriteriaSet, Criterion
from scoring.rules import Outcome, rank_for, score
from scoring.tiers import TierTable, tier_for

YES_WORDS = frozenset({"co", "dat", "yes", "x", "true"})


@dataclass(frozen=True)
class ClaimInput:
    status: str
    """claimed | confirmed | contradicted | needs_review (kiemchung.core.vocabulary.ClaimStatus)."""
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    category: str | None = None
    override: Decimal | None = None
    """A reviewer's value, which replaces the unit's figures for the verified score."""


@dataclass(frozen=True)
class CriterionScore:
    code: str
    title: str
    group: str
    max_points: Decimal
    claimed: Decimal | None
    """None: the unit claimed nothing for this criterion."""
    verified: Decimal
    reason: str = ""
    """Vietnamese: why the verified points fall short of the maximum (empty if none)."""
    findings: tuple[str, ...] = ()
    """The open findings behind the lost points (code: message)."""
    applicable: bool = True


@dataclass(frozen=True)
class GroupScore:
    code: str
    title: str
    max_points: Decimal
    claimed: Decimal
    verified: Decimal


@dataclass(frozen=True)
class UnitScore:
    unit: str
    name: str
    level: str
    criteria: tuple[CriterionScore, ...]
    groups: tuple[GroupScore, ...]
    max_points: Decimal
    claimed: Decimal
    verified: Decimal
    claimed_rank: str | None
    rank: str | None
    """Rank (A–D) or tier (Mức I–IV) from the verified score; None: not ranked."""
    not_ranked: str = ""
    """Vietnamese: why the unit is not ranked (late, below the last tier…)."""
    position: int | None = None
    """Place among the ranked units of its level (1 = best; ties share a place)."""
    tier_reasons: tuple[str, ...] = field(default=())
    previous: Decimal | None = None
    """The verified total the run before computed (None: first scoring)."""


def _inputs(rule_kind: str, *, value: Decimal | None, numerator: Decimal | None,
            denominator: Decimal | None, category: str | None) -> dict[str, object]:
    """Turn a claim's figures into the rule's inputs. A plain value for a ratio is a
    share (≤ 1) or a percentage (> 1)."""
    if rule_kind == "yes_no":
        if category is not None:
            return {"yes": category in YES_WORDS}
        figure = value if value is not None else numerator
        return {"yes": None if figure is None else figure > 0}
    if rule_kind == "categories":
        return {"category": category}
    if numerator is not None and denominator is not None:
        return {"numerator": numerator, "denominator": denominator}
    if value is not None:
        share = value / 100 if value > 1 else value
        return {"numerator": share, "denominator": Decimal(1)}
    return {}


def _outcome(c: Criterion, inputs: Mapping[str, object], applicable: bool) -> Outcome:
    if not applicable:
        return score(c.rule, not_applicable=True)
    return score(c.rule, **inputs)  # type: ignore[arg-type]


def score_criterion(c: Criterion, claim: ClaimInput | None, findings: Sequence[str],
                    applicable: bool = True) -> CriterionScore:
    """``findings``: «CODE: message» of the open findings on this unit and criterion."""
    full = c.rule.max_points
    if not applicable:
        out = _outcome(c, {}, False)
        return CriterionScore(c.code, c.title, c.group, full, out.points, out.points,
                              out.reason, (), False)
    if claim is None:
        return CriterionScore(c.code, c.title, c.group, full, None, Decimal(0),
                              "đơn vị không tự đánh giá tiêu chí này", tuple(findings))
    own = _inputs(c.rule.kind, value=claim.value, numerator=claim.numerator,
                  denominator=claim.denominator, category=claim.category)
    claimed = _outcome(c, own, True).points
    if claim.override is not None:
        verified = _outcome(c, _inputs(c.rule.kind, value=claim.override, numerator=None,
                                       denominator=None, category=claim.category), True)
        why = f"theo giá trị người thẩm định xác định; {verified.reason}" \
            if verified.reason else ""
        return CriterionScore(c.code, c.title, c.group, full, claimed, verified.points, why)
    if claim.status == "confirmed":
        out = _outcome(c, own, True)
        return CriterionScore(c.code, c.title, c.group, full, claimed, out.points, out.reason)
    why = {
        "contradicted": "số liệu tự đánh giá mâu thuẫn với minh chứng",
        "needs_review": "minh chứng còn vấn đề chờ người thẩm định xem xét",
    }.get(claim.status, "chưa có minh chứng")
    return CriterionScore(c.code, c.title, c.group, full, claimed, Decimal(0), why,
                          tuple(findings))


def score_unit(cset: CriteriaSet, *, unit: str, name: str, level: str,
               claims: Mapping[str, ClaimInput], findings: Mapping[str, Sequence[str]],
               not_applicable: frozenset[str] = frozenset(),
               tiers: TierTable | None = None, not_ranked: str = "") -> UnitScore:
    """One unit against a criteria set. ``not_applicable``: criterion codes that do not
    apply to this unit's level; ``not_ranked``: a reason set by the campaign (late)."""
    scores = tuple(score_criterion(c, claims.get(c.code), findings.get(c.code, ()),
                                   c.code not in not_applicable) for c in cset.criteria)
    groups = tuple(
        GroupScore(g, title, gmax,
                   sum((s.claimed or Decimal(0) for s in scores if s.group == g), Decimal(0)),
                   sum((s.verified for s in scores if s.group == g), Decimal(0)))
        for g, (title, gmax) in cset.groups.items())
    claimed = sum((g.claimed for g in groups), Decimal(0))
    verified = sum((g.verified for g in groups), Decimal(0))
    tier_reasons: tuple[str, ...] = ()
    if tiers is not None:
        got = tier_for(tiers, {g.code: (g.verified, g.max_points) for g in groups})
        own = tier_for(tiers, {g.code: (g.claimed, g.max_points) for g in groups})
        rank, claimed_rank, tier_reasons = got.tier, own.tier, got.reasons
        if rank is None and not not_ranked:
            not_ranked = "điểm xác minh dưới Mức IV: không xếp hạng"
    else:
        rank = rank_for(verified, cset.total, cset.ranks) if cset.ranks else None
        claimed_rank = rank_for(claimed, cset.total, cset.ranks) if cset.ranks else None
    return UnitScore(unit, name, level, scores, groups, cset.total, claimed, verified,
                     claimed_rank, None if not_ranked else rank, not_ranked,
                     tier_reasons=tier_reasons)


def place_units(units: Sequence[UnitScore]) -> list[UnitScore]:
    """Rank the units of each level by verified score (ties share a place; units not
    ranked have no place), keeping the input order of levels."""
    from dataclasses import replace

    out: list[UnitScore] = []
    for level in dict.fromkeys(u.level for u in units):
        ranked = sorted((u for u in units if u.level == level and not u.not_ranked),
                        key=lambda u: (-u.verified, u.unit))
        place: dict[str, int] = {}
        for i, u in enumerate(ranked):
            prev = ranked[i - 1] if i else None
            place[u.unit] = place[prev.unit] if prev and prev.verified == u.verified else i + 1
        level_units = sorted((u for u in units if u.level == level),
                             key=lambda u: (place.get(u.unit, 10**9), u.unit))
        out.extend(replace(u, position=place.get(u.unit)) for u in level_units)
    return out
