"""Score: every unit's claimed and verified points against the campaign's criteria set,
its rank or tier, and its place among the units of its level. Stored in ``Score``
(one row per criterion, ``group:<code>`` and ``total``) and whole in ``ScoreCard``
(what pages read), replaced on every run; ``rescore_unit`` scores one unit again and
places it among the stored others."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, replace
from decimal import Decimal

from sqlmodel import Session, col, delete, select

from flows.context import RunContext
from kiemchung.checks import fmt
from kiemchung.core.codes import FindingCode
from kiemchung.core.deadlines import unit_deadline
from kiemchung.core.vocabulary import DecisionAction, FindingStatus
from scoring.unit_scores import (
    ClaimInput,
    CriterionScore,
    GroupScore,
    UnitScore,
    place_units,
    score_unit,
)
from storage.models import Claim, Criterion, Decision, Finding, Score, ScoreCard, Unit, utcnow


def _score_units(ctx: RunContext, session: Session, units: list[Unit]) -> list[UnitScore]:
    """``units`` scored from their claims, decisions and open findings (not placed)."""
    cset = ctx.criteria_set
    assert cset is not None
    cid = ctx.campaign_id
    ids = [u.id for u in units]
    not_for_level: dict[str, set[str]] = defaultdict(set)
    for spec in ctx.cfg.criteria:
        for level in ("department", "district", "office", "commune", "other"):
            if spec.levels and level not in spec.levels:
                not_for_level[level].add(spec.code)
    crit_code = {c.id: c.code for c in session.exec(
        select(Criterion).where(Criterion.campaign_id == cid))}
    overridden = {d.claim_id for d in session.exec(select(Decision).where(
        Decision.action == DecisionAction.OVERRIDE, col(Decision.claim_id).is_not(None)))}
    claims: dict[int, dict[str, ClaimInput]] = defaultdict(dict)
    for c in session.exec(select(Claim).where(Claim.campaign_id == cid,
                                              col(Claim.unit_id).in_(ids))):
        claims[c.unit_id][crit_code[c.criterion_id]] = ClaimInput(
            c.status, c.value, c.numerator, c.denominator, c.category,
            c.confirmed_value if c.id in overridden else None)
    findings: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    late: dict[int, Finding] = {}
    for f in session.exec(select(Finding).where(
            Finding.campaign_id == cid, col(Finding.unit_id).in_(ids),
            col(Finding.status).in_([FindingStatus.OPEN, FindingStatus.REJECTED]))):
        if f.unit_id is None:
            continue
        if f.code == FindingCode.LATE_UPLOAD and f.status == FindingStatus.OPEN:
            late.setdefault(f.unit_id, f)
        if f.criterion_id is not None:
            findings[f.unit_id][crit_code[f.criterion_id]].append(f"{f.code}: {f.message}")
    results = []
    for u in units:
        assert u.id is not None
        reason = ""
        if u.id in late and ctx.cfg.late_means_not_ranked:
            deadline = unit_deadline(ctx.cfg, u.code, u.level)
            reason = ("nộp minh chứng sau hạn" +
                      (f" {fmt(deadline)}" if deadline else "") + ": không xếp hạng")
        table = None
        if ctx.tiers is not None:
            table = ctx.tiers.get(u.level)
            if table is None and not reason:
                reason = f"bảng xếp mức không có cấp «{u.level}»: không xếp hạng"
        results.append(score_unit(
            cset, unit=u.code, name=u.name, level=u.level, claims=claims[u.id],
            findings=findings[u.id], not_applicable=frozenset(not_for_level[u.level]),
            tiers=table, not_ranked=reason))
    return results


def _previous_totals(session: Session, cid: int, units: list[Unit]) -> dict[str, Decimal | None]:
    before = {r.unit_id: r.verified_points for r in session.exec(select(Score).where(
        Score.campaign_id == cid, Score.criterion_code == "total"))}
    return {u.code: before[u.id] for u in units if u.id in before}


def _units(session: Session, cid: int) -> list[Unit]:
    return list(session.exec(select(Unit).where(Unit.campaign_id == cid)
                             .order_by(col(Unit.id))))


def score_campaign(ctx: RunContext) -> list[UnitScore]:
    """Compute and store the scores; [] when the campaign has no scoring set."""
    if ctx.criteria_set is None:
        return []
    cid = ctx.campaign_id
    with Session(ctx.engine) as session:
        units = _units(session, cid)
        results = _score_units(ctx, session, units)
        prev = _previous_totals(session, cid, units)
        placed = [replace(u, previous=prev.get(u.unit)) for u in place_units(results)]
        _store(session, cid, {u.code: u.id for u in units if u.id is not None}, placed)
        session.commit()
    return placed


def rescore_unit(ctx: RunContext, unit_id: int) -> list[UnitScore]:
    """Score one unit again (after a reviewer's decision on it) and place every unit
    from the stored scores of the others: ranks need all units, their scores do not
    need computing again. Falls back to ``score_campaign`` when scores were never
    stored."""
    if ctx.criteria_set is None:
        return []
    cid = ctx.campaign_id
    with Session(ctx.engine) as session:
        units = _units(session, cid)
        cards = {c.unit_id: card_from_json(c.card_json) for c in session.exec(
            select(ScoreCard).where(ScoreCard.campaign_id == cid))}
        one = [u for u in units if u.id == unit_id]
        if not one or any(u.id not in cards for u in units if u.id != unit_id):
            session.close()
            return score_campaign(ctx)
        fresh = _score_units(ctx, session, one)[0]
        prev = _previous_totals(session, cid, one)
        results = [replace(fresh, previous=prev.get(fresh.unit)) if u.id == unit_id
                   else cards[u.id or 0] for u in units]
        placed = place_units(results)
        _store(session, cid, {u.code: u.id for u in units if u.id is not None}, placed)
        session.commit()
    return placed


def stored_scores(ctx: RunContext) -> list[UnitScore]:
    """The scores as last computed and stored, in the stage's order (for pages, which
    read and never rewrite them); computed once if there are none yet."""
    if ctx.criteria_set is None:
        return []
    with Session(ctx.engine) as session:
        cards = session.exec(select(ScoreCard).where(ScoreCard.campaign_id == ctx.campaign_id)
                             .order_by(col(ScoreCard.seq))).all()
        out = [card_from_json(c.card_json) for c in cards]
    return out or score_campaign(ctx)


def _dec(v: object) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def card_json(u: UnitScore) -> str:
    return json.dumps(asdict(u), default=str, ensure_ascii=False)


def card_from_json(text: str) -> UnitScore:
    d = json.loads(text)
    nums = ("max_points", "claimed", "verified")
    crits = tuple(CriterionScore(**{**c, **{k: _dec(c[k]) for k in nums},
                                    "findings": tuple(c["findings"])}) for c in d["criteria"])
    groups = tuple(GroupScore(**{**g, **{k: _dec(g[k]) for k in nums}}) for g in d["groups"])
    return UnitScore(**{**d, **{k: _dec(d[k]) for k in nums}, "criteria": crits,
                        "groups": groups, "previous": _dec(d["previous"]),
                        "tier_reasons": tuple(d["tier_reasons"])})


def _store(session: Session, cid: int, unit_ids: dict[str, int],
           scores: list[UnitScore]) -> None:
    session.exec(delete(Score).where(col(Score.campaign_id) == cid))
    session.exec(delete(ScoreCard).where(col(ScoreCard.campaign_id) == cid))
    now = utcnow()
    for seq, u in enumerate(scores):
        uid = unit_ids[u.unit]
        session.add(ScoreCard(campaign_id=cid, unit_id=uid, seq=seq, card_json=card_json(u),
                              computed_at=now))
        rows = [(c.code, c.claimed, c.verified, c.reason) for c in u.criteria]
        rows += [(f"group:{g.code}", g.claimed, g.verified, "") for g in u.groups]
        rows.append(("total", u.claimed, u.verified, u.not_ranked))
        for code, claimed, verified, reason in rows:
            session.add(Score(campaign_id=cid, unit_id=uid, criterion_code=code,
                              claimed_points=claimed, verified_points=verified, reason=reason,
                              computed_at=now))
