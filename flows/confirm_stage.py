"""Confirm: decide, for every claim, whether the evidence confirms it. Only confirmed
values reach scoring.

A claim is confirmed when its criterion has evidence, no blocking finding is open on
that unit and criterion (a finding a reviewer accepted no longer blocks), and no
warning casts doubt on the facts behind it. A CLAIM_MISMATCH (or a finding a reviewer
rejected) contradicts it; anything else left open needs a person. A reviewer's
override sets the value directly; every decision is audited in ``Decision``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from flows.context import RunContext
from kiemchung.core.codes import FindingCode
from kiemchung.core.vocabulary import ClaimStatus, DecisionAction, FindingStatus
from storage.decimal_column import json_default
from storage.models import Claim, Criterion, Decision, Evidence, Finding, Unit, utcnow


@dataclass
class ConfirmStats:
    confirmed: int = 0
    contradicted: int = 0
    needs_review: int = 0
    unconfirmed: int = 0


def claimed_value(claim: Claim) -> Decimal | None:
    if claim.value is not None:
        return claim.value
    if claim.numerator is not None and claim.denominator:
        return claim.numerator / claim.denominator
    return None


def confirm_claims(ctx: RunContext, unit_id: int | None = None) -> ConfirmStats:
    """``unit_id``: only that unit's claims (after a reviewer's decision on it)."""
    stats = ConfirmStats()
    cid = ctx.campaign_id
    with Session(ctx.engine) as session:
        ev_q = select(Evidence).where(Evidence.campaign_id == cid,
                                      col(Evidence.replaced_at).is_(None))
        f_q = select(Finding).where(Finding.campaign_id == cid)
        c_q = select(Claim).where(Claim.campaign_id == cid)
        if unit_id is not None:
            ev_q = ev_q.where(Evidence.unit_id == unit_id)
            f_q = f_q.where(Finding.unit_id == unit_id)
            c_q = c_q.where(Claim.unit_id == unit_id)
        has_evidence = {(e.unit_id, e.criterion_id) for e in session.exec(ev_q)}
        findings: dict[tuple[int | None, int | None], list[Finding]] = defaultdict(list)
        for f in session.exec(f_q):
            findings[(f.unit_id, f.criterion_id)].append(f)
        overridden = {d.claim_id for d in session.exec(select(Decision).where(
            Decision.action == DecisionAction.OVERRIDE, col(Decision.claim_id).is_not(None)))}
        for claim in session.exec(c_q):
            if claim.id in overridden:
                stats.confirmed += 1
                continue
            status = _status(claim, (claim.unit_id, claim.criterion_id) in has_evidence,
                             findings[(claim.unit_id, claim.criterion_id)])
            claim.status = status
            claim.confirmed_value = claimed_value(claim) if status == ClaimStatus.CONFIRMED \
                else None
            session.add(claim)
            if status == ClaimStatus.CONFIRMED:
                stats.confirmed += 1
            elif status == ClaimStatus.CONTRADICTED:
                stats.contradicted += 1
            elif status == ClaimStatus.NEEDS_REVIEW:
                stats.needs_review += 1
            else:
                stats.unconfirmed += 1
        session.commit()
    return stats


def _status(claim: Claim, has_evidence: bool, findings: list[Finding]) -> ClaimStatus:
    if not has_evidence:
        return ClaimStatus.CLAIMED
    if any(f.status == FindingStatus.REJECTED for f in findings) or any(
            f.status == FindingStatus.OPEN and f.code == FindingCode.CLAIM_MISMATCH
            for f in findings):
        return ClaimStatus.CONTRADICTED
    if any(f.status == FindingStatus.OPEN for f in findings):
        # blocking problems, and warnings such as a doubtful OCR reading, need a person
        return ClaimStatus.NEEDS_REVIEW
    return ClaimStatus.CONFIRMED


def decide(session: Session, *, actor: str, action: str, reason: str = "",
           finding_id: int | None = None, claim_id: int | None = None,
           value: Decimal | None = None) -> Decision:
    """A reviewer's act: ``accept`` (the finding no longer blocks), ``reject`` (it stands
    against the claim) or ``override`` (the claim's value is set by hand). Audited."""
    if action not in (DecisionAction.ACCEPT, DecisionAction.REJECT, DecisionAction.OVERRIDE):
        raise ValueError(f"unknown action {action!r}")
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    if finding_id is not None:
        f = session.get(Finding, finding_id)
        if f is None:
            raise ValueError(f"no finding {finding_id}")
        before["finding_status"] = f.status
        if action in (DecisionAction.ACCEPT, DecisionAction.REJECT):
            f.status = FindingStatus.ACCEPTED if action == DecisionAction.ACCEPT else \
                FindingStatus.REJECTED
            f.decided_by, f.decided_at = actor, utcnow()
            session.add(f)
        after["finding_status"] = f.status
    if action == DecisionAction.OVERRIDE:
        if claim_id is None or value is None:
            raise ValueError("override needs a claim and a value")
        value = value if isinstance(value, Decimal) else Decimal(str(value))
        c = session.get(Claim, claim_id)
        if c is None:
            raise ValueError(f"no claim {claim_id}")
        before.update(status=c.status, confirmed_value=c.confirmed_value)
        c.status, c.confirmed_value = ClaimStatus.CONFIRMED, value
        session.add(c)
        after.update(status=c.status, confirmed_value=value)
    d = Decision(finding_id=finding_id, claim_id=claim_id, actor=actor,
                 action=DecisionAction(action), reason=reason,
                 before_json=json.dumps(before, default=json_default),
                 after_json=json.dumps(after, default=json_default))
    session.add(d)
    return d




MISPLACED = (FindingCode.UNIT_UNKNOWN, FindingCode.CRITERION_UNKNOWN,
             FindingCode.UPLOAD_PATH_UNKNOWN)
"""The findings a reassignment answers."""


def reassign(session: Session, *, campaign_id: int, evidence_id: int, unit_code: str,
             criterion_code: str, actor: str, reason: str = "") -> Decision:
    """A reviewer places a misplaced file (unknown unit or criterion folder) under a unit
    and criterion. Audited like a decision (action ``reassign``, before and after). The
    folder findings close; the file's other findings move with it; it is verified again
    under its criterion's rule on the next run. The file stays where it is on disk, and
    a new version of it at that path stays where it was placed."""
    ev = session.get(Evidence, evidence_id)
    if ev is None or ev.campaign_id != campaign_id or ev.replaced_at is not None:
        raise ValueError(f"no current file {evidence_id}")
    unit = session.exec(select(Unit).where(Unit.campaign_id == campaign_id,
                                           Unit.code == unit_code)).first()
    crit = session.exec(select(Criterion).where(Criterion.campaign_id == campaign_id,
                                                Criterion.code == criterion_code)).first()
    if unit is None or crit is None:
        raise ValueError(f"unknown unit {unit_code!r} or criterion {criterion_code!r}")
    units = {u.id: u.code for u in session.exec(select(Unit).where(
        Unit.campaign_id == campaign_id))}
    crits = {c.id: c.code for c in session.exec(select(Criterion).where(
        Criterion.campaign_id == campaign_id))}
    before = {"unit": units.get(ev.unit_id), "criterion": crits.get(ev.criterion_id),
              "file": ev.source_path}
    ev.unit_id, ev.criterion_id = unit.id, crit.id
    ev.verified_version = None  # the criterion's rule applies now: verify again
    session.add(ev)
    for f in session.exec(select(Finding).where(Finding.evidence_id == ev.id)):
        if f.code in MISPLACED and f.status == FindingStatus.OPEN:
            f.status, f.decided_by, f.decided_at = FindingStatus.CLOSED, actor, utcnow()
        f.unit_id, f.criterion_id = unit.id, crit.id
        session.add(f)
    d = Decision(evidence_id=ev.id, actor=actor, action=DecisionAction.REASSIGN, reason=reason,
                 before_json=json.dumps(before, default=str),
                 after_json=json.dumps({"unit": unit.code, "criterion": crit.code,
                                        "file": ev.source_path}))
    session.add(d)
    return d
