"""Who is to decide which finding: by hand (one or many at once) and by an admin's rules
(per unit, per criterion, or both). Rules give findings nobody has yet; a finding given by
hand keeps its reviewer. Every change is audited as a ``Decision`` (``assign``)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, select

from kiemchung.core.vocabulary import DecisionAction, FindingStatus, Role
from storage.models import AssignmentRule, Criterion, Decision, Finding, Unit, User


@dataclass(frozen=True)
class RuleRow:
    """A rule as its page lists it."""

    id: int
    unit: str
    """The unit's name, '' for any unit."""
    criterion: str
    """The criterion's code and title, '' for any criterion."""
    assignee: str


def reviewers(session: Session, campaign_id: int) -> list[str]:
    """The usernames findings can go to: the campaign's reviewers and admins."""
    return [u.username for u in session.exec(
        select(User).where(col(User.role).in_([Role.REVIEWER, Role.ADMIN]),
                           (col(User.campaign_id) == campaign_id) |
                           col(User.campaign_id).is_(None))
        .order_by(col(User.username)))]


def assign(session: Session, finding: Finding, assignee: str | None, actor: str,
           reason: str = "") -> bool:
    """Give ``finding`` to ``assignee`` (None: to nobody); False when it already was.
    The caller commits."""
    if finding.assignee == assignee:
        return False
    session.add(Decision(finding_id=finding.id, actor=actor, action=DecisionAction.ASSIGN,
                         reason=reason[:1000],
                         before_json=json.dumps({"assignee": finding.assignee}),
                         after_json=json.dumps({"assignee": assignee})))
    finding.assignee = assignee
    session.add(finding)
    return True


def rules(session: Session, campaign_id: int) -> list[RuleRow]:
    units = {u.id: u.name for u in session.exec(select(Unit).where(
        Unit.campaign_id == campaign_id))}
    crits = {c.id: f"{c.code} — {c.title}" for c in session.exec(select(Criterion).where(
        Criterion.campaign_id == campaign_id))}
    return [RuleRow(r.id or 0, units.get(r.unit_id, "") if r.unit_id else "",
                    crits.get(r.criterion_id, "") if r.criterion_id else "", r.assignee)
            for r in session.exec(select(AssignmentRule).where(
                AssignmentRule.campaign_id == campaign_id).order_by(col(AssignmentRule.id)))]


def add_rule(session: Session, campaign_id: int, unit_id: int | None,
             criterion_id: int | None, assignee: str, actor: str) -> AssignmentRule:
    """A new rule; the caller checks the ids and the assignee, then commits."""
    rule = AssignmentRule(campaign_id=campaign_id, unit_id=unit_id,
                          criterion_id=criterion_id, assignee=assignee, created_by=actor)
    session.add(rule)
    session.flush()
    return rule


def _matches(rule: AssignmentRule, x: Finding) -> bool:
    return (rule.unit_id is None or rule.unit_id == x.unit_id) and \
        (rule.criterion_id is None or rule.criterion_id == x.criterion_id)


def apply_rules(session: Session, campaign_id: int) -> int:
    """Give every open finding nobody has to the reviewer of the first rule it matches
    (a rule naming both unit and criterion before one naming either, then the oldest
    rule first). Returns how many were given; the caller commits."""
    found = list(session.exec(select(AssignmentRule).where(
        AssignmentRule.campaign_id == campaign_id).order_by(col(AssignmentRule.id))))
    if not found:
        return 0
    found.sort(key=lambda r: (r.unit_id is None) + (r.criterion_id is None))
    n = 0
    for x in session.exec(select(Finding).where(
            Finding.campaign_id == campaign_id, Finding.status == FindingStatus.OPEN,
            col(Finding.assignee).is_(None))):
        rule = next((r for r in found if _matches(r, x)), None)
        if rule is not None and assign(session, x, rule.assignee, "quy-tac",
                                       f"quy tắc phân công #{rule.id}"):
            n += 1
    return n
