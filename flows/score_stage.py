"""Score: every unit's claimed and verified points against the campaign's criteria set,
its rank or tier, and its place among the units of its level. Stored in ``Score``
(one row per criterion, ``group:<code>`` and ``total``), replaced on every run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from sqlmodel import Session, col, delete, select

from flows.context import RunContext
from kiemchung.checks import fmt
from kiemchung.core.codes import FindingCode
from kiemchung.core.deadlines import unit_deadline
from kiemchung.core.vocabulary import FindingStatus
from scoring.unit_scores import ClaimInput, UnitScore, place_units, score_unit
from storage.models import Claim, Criterion, Decision, Finding, Score, Unit, utcnow


def _d(v: float | None) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def score_campaign(ctx: RunContext) -> list[UnitScore]:
    """Compute and store the scores; [] when the campaign has no scoring set."""
    cset = ctx.criteria_set
    if cset is None:
        return []
    cid = ctx.campaign_id
    not_for_level: dict[str, set[str]] = defaultdict(set)
    for spec in ctx.cfg.criteria:
        for level in ("department", "district", "office", "commune", "other"):
            if spec.levels and level not in spec.levels:
                not_for_level[level].add(spec.code)
    with Session(ctx.engine) as session:
        units = list(session.exec(select(Unit).where(Unit.campaign_id == cid)
                                  .order_by(col(Unit.id))))
        crit_code = {c.id: c.code for c in session.exec(
            select(Criterion).where(Criterion.campaign_id == cid))}
        overridden = {d.claim_id for d in session.exec(select(Decision).where(
            Decision.action == "override", col(Decision.claim_id).is_not(None)))}
        claims: dict[int, dict[str, ClaimInput]] = defaultdict(dict)
        for c in session.exec(select(Claim).where(Claim.campaign_id == cid)):
            claims[c.unit_id][crit_code[c.criterion_id]] = ClaimInput(
                c.status, _d(c.value), _d(c.numerator), _d(c.denominator), c.category,
                _d(c.confirmed_value) if c.id in overridden else None)
        findings: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        late: dict[int, Finding] = {}
        for f in session.exec(select(Finding).where(
                Finding.campaign_id == cid,
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
        before = {r.unit_id: r.verified_points for r in session.exec(select(Score).where(
            Score.campaign_id == cid, Score.criterion_code == "total"))}
        code_of = {u.id: u.code for u in units}
        prev = {code_of[k]: _d(v) for k, v in before.items() if k in code_of}
        placed = [replace(u, previous=prev.get(u.unit)) for u in place_units(results)]
        _store(session, cid, {u.code: u.id for u in units if u.id is not None}, placed)
        session.commit()
    return placed


def _store(session: Session, cid: int, unit_ids: dict[str, int],
           scores: list[UnitScore]) -> None:
    session.exec(delete(Score).where(col(Score.campaign_id) == cid))
    now = utcnow()
    for u in scores:
        uid = unit_ids[u.unit]
        rows = [(c.code, c.claimed, c.verified, c.reason) for c in u.criteria]
        rows += [(f"group:{g.code}", g.claimed, g.verified, "") for g in u.groups]
        rows.append(("total", u.claimed, u.verified, u.not_ranked))
        for code, claimed, verified, reason in rows:
            session.add(Score(campaign_id=cid, unit_id=uid, criterion_code=code,
                              claimed_points=None if claimed is None else float(claimed),
                              verified_points=float(verified), reason=reason,
                              computed_at=now))
