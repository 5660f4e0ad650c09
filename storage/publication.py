"""Publication of the ranking and the complaints (khiếu nại) that follow it.

``publish`` records the day the ranking was published and freezes the scores as they
were then (the published figures never move, whatever later runs compute); a unit may
file a complaint until the campaign's window closes (``[complaints]``: working days
after the publication, ``kiemchung/core/deadlines.py``); a reviewer decides it like a finding,
the decision written to the audit log (``Decision``) with the score before and after.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, Session, SQLModel, col, select

from kiemchung.core import formatting
from kiemchung.core.campaign_schema import CampaignConfig
from kiemchung.core.deadlines import complaint_deadline
from kiemchung.core.errors import StateRefusal
from kiemchung.core.vocabulary import DecisionAction
from storage.models import Decision, utcnow


def _ts(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


class Publication(SQLModel, table=True):
    """One publication of a campaign's ranking, with the scores frozen as published."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    published_on: date
    """The day of the published decision (the complaint window counts from it)."""
    published_by: str = ""
    scores_json: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    """``scoring.export.to_json`` of the scores at publication."""
    complaints_until: date | None = None
    """Last day to file a complaint; None when the campaign has no [complaints]."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ComplaintStatus:
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Complaint(SQLModel, table=True):
    """A unit's complaint about its published score (a criterion, or the whole)."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    publication_id: int = Field(foreign_key="publication.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    criterion_code: str | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    author: str
    filed_on: date
    status: str = ComplaintStatus.OPEN
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    decision_note: str = ""
    revised_points: float | None = None
    """The score after an accepted complaint, shown beside the published one."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


def latest_publication(session: Session, campaign_id: int) -> Publication | None:
    return session.exec(select(Publication).where(Publication.campaign_id == campaign_id)
                        .order_by(col(Publication.id).desc())).first()


def publish(session: Session, cfg: CampaignConfig, campaign_id: int, day: date,
            scores: list[dict[str, Any]], by: str = "") -> Publication:
    """Record the publication and freeze ``scores``; a new publication supersedes the
    last one (its complaints stay with it)."""
    if not scores:
        raise StateRefusal("Nothing to publish: the campaign has no scores yet "
                             "(run kiemchung run, with a [scoring] set).")
    pub = Publication(campaign_id=campaign_id, published_on=day, published_by=by,
                      scores_json=json.dumps(scores, ensure_ascii=False),
                      complaints_until=complaint_deadline(cfg, day))
    session.add(pub)
    session.flush()
    return pub


def published_scores(pub: Publication) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(pub.scores_json)
    return out


def file_complaint(session: Session, pub: Publication, unit_id: int, text: str, author: str,
                   today: date, criterion_code: str | None = None) -> Complaint:
    """A complaint, if the window is open on ``today`` (Vietnam's date)."""
    if pub.complaints_until is None:
        raise StateRefusal("Đợt đánh giá này không nhận khiếu nại (no [complaints]).")
    if today > pub.complaints_until:
        raise StateRefusal(f"Đã hết hạn khiếu nại (ngày {formatting.day(pub.complaints_until)}).")
    if not text.strip():
        raise StateRefusal("Nội dung khiếu nại trống.")
    c = Complaint(campaign_id=pub.campaign_id, publication_id=pub.id or 0, unit_id=unit_id,
                  criterion_code=criterion_code, text=text.strip(), author=author,
                  filed_on=today)
    session.add(c)
    session.flush()
    return c


def decide_complaint(session: Session, complaint: Complaint, accepted: bool, actor: str,
                     note: str, revised_points: float | None = None) -> Complaint:
    """A reviewer's decision, audited like a finding's (append-only ``Decision``)."""
    if complaint.status != ComplaintStatus.OPEN:
        raise StateRefusal("Khiếu nại này đã được quyết định.")
    before = {"status": complaint.status, "revised_points": complaint.revised_points}
    complaint.status = ComplaintStatus.ACCEPTED if accepted else ComplaintStatus.REJECTED
    complaint.decided_by, complaint.decided_at = actor, utcnow()
    complaint.decision_note = note
    complaint.revised_points = revised_points if accepted else None
    session.add(complaint)
    action = DecisionAction(f"complaint:{complaint.status}")
    session.add(Decision(actor=actor, action=action, reason=note,
                         before_json=json.dumps(before),
                         after_json=json.dumps({"complaint": complaint.id,
                                                "status": complaint.status,
                                                "revised_points": complaint.revised_points})))
    session.flush()
    return complaint
