"""Database tables. One class per entity; JSON-ish payloads are stored as text.

Times are stored in UTC. ``fingerprint`` columns make nightly writes idempotent:
the same problem found twice is one row.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from kiemchung.core.codes import Severity
from kiemchung.core.vocabulary import (
    ClaimStatus,
    DecisionAction,
    FileKind,
    FindingStatus,
    NoticeStatus,
    Role,
    RunStatus,
    UnitLevel,
    Verdict,
)
from storage.decimal_column import decimal_column
from storage.enum_column import enum_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(nullable: bool = False) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class Campaign(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    issuer: str = ""
    year: int
    window_start: date
    window_end: date
    settings_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class Unit(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    code: str
    name: str
    level: UnitLevel = Field(sa_column=enum_column(UnitLevel))
    parent_code: str | None = None
    email: str | None = None


class Criterion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    code: str
    title: str
    group: str = ""
    max_points: float = 0.0


class Evidence(SQLModel, table=True):
    """One uploaded file at one place in the uploads tree. The bytes live in the
    blob store under ``blob_key`` (= sha256), never modified."""

    __table_args__ = (UniqueConstraint("campaign_id", "source_path", "sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    criterion_id: int | None = Field(default=None, foreign_key="criterion.id", index=True)
    source_path: str
    """Path relative to the uploads folder, with forward slashes."""
    original_name: str
    sha256: str = Field(index=True)
    size: int
    media_type: str
    kind: FileKind = Field(sa_column=enum_column(FileKind))
    uploaded_at: datetime = Field(sa_column=_ts())
    blob_key: str
    ingested_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    replaced_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    """Set when a newer file arrived at the same path (or it was withdrawn);
    findings on it then close."""
    source_mtime_ns: int | None = Field(default=None, sa_column=Column(BigInteger))
    """With ``size``, lets ingest skip re-hashing a file that did not change."""
    verified_version: str | None = None
    """The pipeline version whose results (findings, facts) are recorded for this row."""
    verdict: Verdict | None = Field(default=None, sa_column=enum_column(Verdict, nullable=True))
    replaces_id: int | None = Field(default=None, foreign_key="evidence.id")
    """The rejected file this one replaces (a unit's reply to a finding or notice)."""
    replaced_by_id: int | None = Field(default=None, foreign_key="evidence.id")
    """The file that replaced this one; ``replaced_at`` says when. The row and its bytes
    stay: the history of what the unit sent is kept."""
    notice_id: int | None = Field(default=None, foreign_key="notice.id")
    """The notice this file answers, if it was sent while one was open."""
    resubmit_deadline: date | None = None
    """For a reply: the resubmission deadline it is judged against (the notice's, or the
    finding's date + ``resubmit_days``), instead of the campaign's deadline."""


class Verification(SQLModel, table=True):
    """A verifier's result for some bytes, keyed by content and verifier version so
    that unchanged files are never verified twice."""

    __table_args__ = (UniqueConstraint("sha256", "verifier", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(index=True)
    verifier: str
    version: str
    verdict: Verdict = Field(sa_column=enum_column(Verdict))
    result_json: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Claim(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", "criterion_id"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    criterion_id: int = Field(foreign_key="criterion.id", index=True)
    value: Decimal | None = Field(default=None, sa_column=decimal_column())
    numerator: Decimal | None = Field(default=None, sa_column=decimal_column())
    denominator: Decimal | None = Field(default=None, sa_column=decimal_column())
    category: str | None = None
    """For criteria scored by categories: the level the unit claims (a slug)."""
    note: str = ""
    source: str = ""
    """Sheet and row it came from, e.g. ``claims.csv:7``."""
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """Why the unit claims less than the maximum (the sheet's «Lý do» column; Gia Lai asks
    for it where the campaign says ``reason_required_below_max``)."""
    status: ClaimStatus = Field(default=ClaimStatus.CLAIMED, sa_column=enum_column(ClaimStatus))
    confirmed_value: Decimal | None = Field(default=None, sa_column=decimal_column())


class Fact(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("evidence_id", "name", "page", "method"),)
    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    name: str
    value: str
    raw: str = ""
    page: int | None = None
    bbox: str | None = None
    """JSON ``[x0, y0, x1, y1]`` in page pixels or points."""
    confidence: float | None = None
    method: str = ""


class Finding(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    fingerprint: str = Field(unique=True, index=True)
    """Stable identity of the problem (code + subject); makes nightly runs idempotent."""
    scope: str = Field(index=True)
    """The stage and subject that raised it, e.g. ``verify:evidence:12``."""
    code: str = Field(index=True)
    severity: Severity = Field(sa_column=enum_column(Severity))
    message: str
    """Vietnamese, for people."""
    params_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    criterion_id: int | None = Field(default=None, foreign_key="criterion.id")
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
    status: FindingStatus = Field(default=FindingStatus.OPEN,
                                  sa_column=enum_column(FindingStatus))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    assignee: str | None = Field(default=None, index=True)
    """The reviewer (username) who is to decide it; None: nobody yet."""


class AssignmentRule(SQLModel, table=True):
    """An admin's standing order: findings of this unit, or of this criterion (or of
    both together), go to this reviewer when nobody has them yet."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    criterion_id: int | None = Field(default=None, foreign_key="criterion.id")
    assignee: str
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Decision(SQLModel, table=True):
    """Audit log of reviewers' acts: append-only."""

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int | None = Field(default=None, foreign_key="finding.id", index=True)
    claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True)
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
    """For ``reassign``: the file a reviewer placed under a unit and criterion."""
    actor: str
    action: DecisionAction = Field(sa_column=enum_column(DecisionAction))
    reason: str = ""
    before_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    after_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Score(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", "criterion_code"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    criterion_code: str
    """A criterion code, a group code prefixed ``group:``, or ``total``."""
    claimed_points: Decimal | None = Field(default=None, sa_column=decimal_column())
    verified_points: Decimal | None = Field(default=None, sa_column=decimal_column())
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """Vietnamese: why verified points fall short of the maximum."""
    computed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ScoreCard(SQLModel, table=True):
    """One unit's whole score as the score stage computed it (``UnitScore`` as JSON:
    criteria, groups, rank, place), so that pages read it instead of scoring again and
    a decision re-scores its unit alone. Replaced with ``Score``."""

    __table_args__ = (UniqueConstraint("campaign_id", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    seq: int = 0
    """Its place in the stage's output order (levels, then places)."""
    card_json: str = Field(sa_column=Column(Text, nullable=False))
    computed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Notice(SQLModel, table=True):
    """A rejection notice to one unit for one set of findings (the outbox)."""

    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", "findings_fingerprint"),
                      UniqueConstraint("campaign_id", "seq"))
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    seq: int = 0
    """The campaign's notice counter, the number in «Số: 12/VHTT-KC»."""
    number: str = ""
    findings_fingerprint: str
    """sha256 of the sorted fingerprints of the findings it reports."""
    findings_json: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                              server_default="[]"))
    """The fingerprints of the findings it reports."""
    recipient: str = ""
    subject: str = ""
    day: date | None = None
    deadline: date | None = None
    status: NoticeStatus = Field(default=NoticeStatus.PENDING,
                                 sa_column=enum_column(NoticeStatus))
    attempts: int = 0
    last_error: str = ""
    next_attempt_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    pdf_blob_key: str | None = None
    html_blob_key: str | None = None
    text_blob_key: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Run(SQLModel, table=True):
    """One nightly run: when, and what it did."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    started_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    finished_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    status: RunStatus = Field(default=RunStatus.RUNNING, sa_column=enum_column(RunStatus))
    summary_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class User(SQLModel, table=True):
    """An account of the review web app. Units see and touch only their own data."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    password_hash: str
    """argon2id."""
    role: str = Field(default=Role.REVIEWER, sa_column=enum_column(Role))
    """A ``Role`` (read back as one; typed str while review/auth.py assigns text)."""
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id")
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    """For role ``unit``: the unit the account belongs to."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    session_version: int = Field(default=0, sa_column=Column(Integer, nullable=False,
                                                             server_default="0"))
    """Carried in every session cookie; bumped by sign-out, a password change and
    disabling, which ends every session the account had."""
    disabled: bool = Field(default=False, sa_column=Column(Boolean, nullable=False,
                                                           server_default=sa_false()))


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per account name or client address (``key``: ``user:<name>`` or
    ``addr:<ip>``), in the database so that every server process sees the same counts."""

    key: str = Field(primary_key=True)
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    locked_until: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Upload(SQLModel, table=True):
    """A file a unit sent through the portal, recorded in the request that received it
    and ingested alone right after (``ingested_at``): the queue between the two."""

    __table_args__ = (UniqueConstraint("campaign_id", "source_path"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    source_path: str
    """Under the uploads folder; unique (the file was created exclusively)."""
    original_name: str
    sha256: str
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    uploaded_by: str
    reply_finding_id: int | None = None
    replaces_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    ingested_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    evidence_id: int | None = Field(default=None, foreign_key="evidence.id")
    error: str = ""


class Reply(SQLModel, table=True):
    """A unit's explanation (giải trình) of a finding, with a replacement file if any."""

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    author: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    file_path: str | None = None
    """The replacement's path under the uploads folder, ingested like any upload."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
