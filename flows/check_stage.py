"""Check: join what the verifiers found with the campaign's rules and the units'
claims, and record the problems as findings (idempotent, closing by themselves when
the evidence changes). File-level checks use scope ``check:evidence:<id>``; unit and
criterion checks ``check:unit:<unit id>:<criterion id>``."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from flows.campaign_keys import reason_required_below_max
from flows.context import RunContext
from flows.resubmission import first_submission
from kiemchung.checks import (
    Problem,
    claim_problem,
    coverage_problems,
    date_problems,
    kind_problem,
    late_problem,
    period_problem,
    reason_problem,
    signed_docs,
)
from kiemchung.core.codes import FindingCode
from kiemchung.core.deadlines import unit_deadline
from scoring.unit_scores import ClaimInput, score_criterion
from storage.assignment import apply_rules
from storage.findings import NewFinding, sync_findings
from storage.models import Claim, Criterion, Evidence, Fact, Unit, Verification
from verifiers.pipeline import pipeline_version
from verifiers.results import FileReport


@dataclass
class CheckStats:
    files: int = 0
    units: int = 0
    opened: int = 0
    closed: int = 0
    assigned: int = 0
    """Open findings given to a reviewer by the assignment rules."""


def run_checks(ctx: RunContext) -> CheckStats:
    """All checks, one unit at a time (each in its own session and commit), so memory
    follows the largest unit, not the campaign."""
    cid = ctx.campaign_id
    version = pipeline_version(ctx.verify_options())
    stats = CheckStats()
    with Session(ctx.engine) as session:
        units = {u.id: u for u in session.exec(select(Unit).where(Unit.campaign_id == cid))}
        crits = {c.id: c for c in session.exec(select(Criterion)
                                               .where(Criterion.campaign_id == cid))}
        session.expunge_all()
    for uid, unit in units.items():
        assert uid is not None
        with Session(ctx.engine) as session:
            _check_unit(ctx, session, unit, crits, version, stats)
            session.commit()
    with Session(ctx.engine) as session:  # the admin's rules give the new findings out
        stats.assigned = apply_rules(session, cid)
        session.commit()
    return stats


def _check_unit(ctx: RunContext, session: Session, unit: Unit, crits: dict[int | None, Criterion],
                version: str, stats: CheckStats) -> None:
    cfg, cid, uid = ctx.cfg, ctx.campaign_id, unit.id
    assert uid is not None
    window = (cfg.window.start, cfg.window.end)
    evidence = list(session.exec(select(Evidence).where(
        Evidence.campaign_id == cid, Evidence.unit_id == uid,
        col(Evidence.replaced_at).is_(None))))
    facts: dict[int, list[Fact]] = defaultdict(list)
    for f in session.exec(select(Fact).where(col(Fact.evidence_id).in_(
            [e.id for e in evidence]))):
        facts[f.evidence_id].append(f)
    by_crit: dict[int, list[Evidence]] = defaultdict(list)
    for ev in evidence:
        if ev.criterion_id is None:
            continue
        crit = crits[ev.criterion_id]
        spec = cfg.criterion(crit.code)
        assert ev.id is not None
        by_crit[ev.criterion_id].append(ev)
        values = {f.name: f.value for f in facts[ev.id]}
        problems: list[Problem] = []
        p = period_problem(values, window, ev.source_path)
        problems += [p] if p else []
        skip = spec is not None and spec.evidence.signatures != "none"
        problems += date_problems(values, window, ev.source_path, skip)
        p = _late(session, cfg, unit, ev)
        problems += [p] if p else []
        if spec is not None:
            p = kind_problem(ev.kind, spec.evidence.kinds, ev.source_path)
            problems += [p] if p else []
        o, c = sync_findings(session, cid, f"check:evidence:{ev.id}", [
            NewFinding(pr.code, f"evidence:{ev.id}", pr.params, unit_id=ev.unit_id,
                       criterion_id=ev.criterion_id, evidence_id=ev.id)
            for pr in problems])
        stats.files += 1
        stats.opened, stats.closed = stats.opened + o, stats.closed + c
    claims = {cl.criterion_id: cl for cl in session.exec(
        select(Claim).where(Claim.campaign_id == cid, Claim.unit_id == uid))}
    uspec = cfg.unit(unit.code)
    for crid, crit in crits.items():
        spec = cfg.criterion(crit.code)
        if spec is None or uspec is None or (spec.levels and unit.level not in spec.levels):
            continue
        assert crid is not None
        evs = by_crit.get(crid, [])
        payloads = _payloads(session, evs, version) if \
            spec.evidence.coverage == "quarterly" and spec.evidence.signatures != "none" else {}
        problems = _unit_problems(ctx, unit, uspec, spec, evs, payloads, facts,
                                  claims.get(crid), window)
        p = _reason(ctx, crit, claims.get(crid))
        problems += [p] if p else []
        o, c = sync_findings(session, cid, f"check:unit:{uid}:{crid}", [
            NewFinding(pr.code, f"unit:{uid}:{crid}:{pr.params.get('quarter', '')}"
                       f":{pr.params.get('who', '')}:{pr.params.get('fact', '')}",
                       pr.params, unit_id=uid, criterion_id=crid)
            for pr in problems])
        stats.units += 1
        stats.opened, stats.closed = stats.opened + o, stats.closed + c


def _late(session: Session, cfg: Any, unit: Unit, ev: Evidence) -> Problem | None:
    """Late against the campaign's deadline; a reply to a finding or notice against its
    resubmission deadline instead (or the campaign's, if later), unless the first file
    it replaces was itself late: a late first submission stays late."""
    deadline = unit_deadline(cfg, unit.code, unit.level)
    if ev.resubmit_deadline is None:
        return late_problem(ev.uploaded_at, deadline, cfg.timezone, ev.source_path,
                            cfg.late_means_not_ranked)
    first = first_submission(session, ev)
    if first.id != ev.id:
        p = late_problem(first.uploaded_at, deadline, cfg.timezone, first.source_path,
                         cfg.late_means_not_ranked)
        if p is not None:
            return p
    resubmit = ev.resubmit_deadline if deadline is None else max(deadline, ev.resubmit_deadline)
    return late_problem(ev.uploaded_at, resubmit, cfg.timezone, ev.source_path,
                        cfg.late_means_not_ranked)


def _reason(ctx: RunContext, crit: Criterion, claim: Claim | None) -> Problem | None:
    """REASON_MISSING where the campaign asks for a reason below the maximum: the claim's
    points as the scoring set counts them (else its value against the criterion's
    ``max_points``)."""
    if claim is None or not reason_required_below_max(ctx.cfg):
        return None
    cset = ctx.criteria_set
    scored = next((c for c in cset.criteria if c.code == crit.code), None) if cset else None
    if scored is not None:
        own = ClaimInput("claimed", claim.value, claim.numerator, claim.denominator,
                         claim.category)
        points = score_criterion(scored, own, ()).claimed
        maximum = scored.rule.max_points
    else:
        points, maximum = claim.value, Decimal(str(crit.max_points))
    return reason_problem(points, maximum, claim.reason, crit.title, claim.source)


def _payloads(session: Session, evs: list[Evidence], version: str) -> dict[str, FileReport]:
    """The verifiers' reports of these files (for the signatures they hold)."""
    return {v.sha256: FileReport.from_json(json.loads(v.result_json)) for v in session.exec(
        select(Verification).where(Verification.version == version,
                                   col(Verification.sha256).in_({e.sha256 for e in evs})))}


def _unit_problems(ctx: RunContext, unit: Unit, uspec: Any, spec: Any, evs: list[Evidence],
                   payloads: dict[str, FileReport], facts: dict[int, list[Fact]],
                   claim: Claim | None,
                   window: tuple[date, date]) -> list[Problem]:
    rule = spec.evidence
    if not evs:
        if rule.required:
            return [Problem(FindingCode.EVIDENCE_MISSING, {"unit": unit.name,
                                                           "criterion": spec.title})]
        return []
    out: list[Problem] = []
    if rule.coverage == "quarterly" and rule.signatures != "none":
        docs = [d for ev in evs for d in signed_docs(payloads.get(ev.sha256),
                                                      ctx.cfg.timezone)]
        leaders = [(ld.name, ld.id) for ld in uspec.leaders]
        out += coverage_problems(docs, window, rule.signatures, leaders, unit.name)
    if claim is not None:
        pairs = [(rule.numerator, claim.numerator), (rule.denominator, claim.denominator),
                 (rule.value, claim.value)]
        for fact_name, claimed in pairs:
            if not fact_name or claimed is None:
                continue
            found = [(Decimal(f.value), f"{ev.source_path}, trang {f.page}")
                     for ev in evs for f in facts[ev.id or 0]
                     if f.name == fact_name and _is_number(f.value)]
            p = claim_problem(claimed, found, fact_name,
                              Decimal(str(rule.tolerance)))
            if p:
                out.append(p)
    return out


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
