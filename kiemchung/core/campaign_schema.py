"""The campaign file's schema (TOML): one assessment round, its units, criteria and rules.

Paths inside it are relative to the file. The schema is strict: an unknown key or
value is an error, not silently dropped (a typo like ``signatues`` once removed a
signature rule and changed a rank). ``check_campaign`` returns every problem at once
with its line and column (``storage/campaign_check.py``); ``load_campaign`` raises them
all in one ``CampaignFileError`` and ``sync_campaign`` writes units and criteria to the
database (both in ``storage/campaign_file.py``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from kiemchung.core.vocabulary import FileKind

Level = Literal["department", "district", "office", "commune", "other"]
LEVELS: tuple[str, ...] = ("department", "district", "office", "commune", "other")
SignatureRule = Literal["none", "organization", "personal", "both"]
Coverage = Literal["none", "quarterly"]
Event = Literal["survey_received", "notice", "publication"]
"""What a working-day deadline counts from: the unit's receipt of the survey (công văn
khảo sát), the date of a rejection notice, the publication of the ranking."""


class Strict(BaseModel):
    """Every table of the campaign file: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class Window(Strict):
    start: date
    end: date
    """Inclusive."""

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise ValueError("ngày kết thúc trước ngày bắt đầu (window end is before its start)")
        return self


class WorkingDays(Strict):
    """A deadline counted in working days (no weekends, no Vietnamese public holidays,
    the campaign's [calendar] overrides) after an event: «trong thời hạn 10 ngày làm
    việc kể từ ngày nhận được Công văn khảo sát» is ``{ working_days = 10, after =
    "survey_received" }``. The event's day itself is not counted."""

    working_days: int = Field(ge=1, le=366)
    after: Event


def _deadline_tag(v: Any) -> str:
    return "working" if isinstance(v, dict | WorkingDays) else "date"


Deadline = Annotated[Annotated[date, Tag("date")] | Annotated[WorkingDays, Tag("working")],
                     Discriminator(_deadline_tag)]
"""A fixed date, or working days after an event."""


class Calendar(Strict):
    """Overrides of the public-holiday calendar (``holidays.Vietnam``): a province's
    extra days off and the make-up working days (a Saturday worked for a bridge day)."""

    days_off: list[date] = Field(default_factory=list)
    working_days: list[date] = Field(default_factory=list)


class Events(Strict):
    """Dates of the campaign's events, for working-day deadlines."""

    survey_received: date | None = None
    """When the units received the survey (per unit: ``survey_received`` on the unit)."""
    publication: date | None = None
    """When the ranking was published (``kiemchung publish`` records it too)."""


class Leader(Strict):
    name: str
    title: str = ""
    id: str = ""
    """The identity in the personal certificate, e.g. ``CCCD:022088001234``."""


class UnitSpec(Strict):
    code: str
    name: str
    level: Level
    parent: str | None = None
    email: str | None = None
    org_id: str = ""
    """The identity in the organization certificate, e.g. ``MST:5700100256-001``."""
    doc_symbol: str = ""
    """The unit's ký hiệu for document numbers, e.g. ``VHTT`` in ``45/VHTT``."""
    leaders: list[Leader] = Field(default_factory=list)
    survey_received: date | None = None
    """When this unit received the survey, if not the campaign's [events] date."""


def _known_kind(v: str) -> str:
    if v not in FILE_KINDS:
        raise ValueError(f"unknown file kind {v!r}")
    return v


FILE_KINDS: tuple[str, ...] = tuple(k.value for k in FileKind)
KindName = Annotated[str, AfterValidator(_known_kind)]
"""A kiemchung.core.vocabulary.FileKind value (kept a str for the stages that compare them)."""


class EvidenceRule(Strict):
    kinds: list[KindName] = Field(default_factory=list)
    """Accepted file kinds (see kiemchung.core.vocabulary.FileKind); empty = any."""
    signatures: SignatureRule = "none"
    coverage: Coverage = "none"
    numerator: str | None = None
    denominator: str | None = None
    value: str | None = None
    """Fact names backing the claim (verifiers/data/facts.toml)."""
    tolerance: float = Field(default=0.0, ge=0)
    required: bool = True


class CriterionSpec(Strict):
    code: str
    title: str
    group: str = ""
    max_points: float = Field(default=0.0, ge=0)
    levels: list[Level] = Field(default_factory=list)
    """Unit levels this criterion applies to; empty = all."""
    evidence: EvidenceRule = Field(default_factory=EvidenceRule)


class ScoringSpec(Strict):
    set: str
    """A criteria set: its ``code`` (a file under scoring/criteria/) or a .toml path
    relative to the campaign file. Campaign criteria score as the set's criterion with
    the same code; the set's other criteria are added to the campaign."""
    tiers: str | None = None
    """A tier table (Nam Đông's Mức I–IV) instead of the set's ranks: a file under
    scoring/criteria/ or a path relative to the campaign file."""


class SmtpSpec(Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=25, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str = ""
    password_env: str = "KIEMCHUNG_SMTP_PASSWORD"
    """The password is read from this environment variable, never from the file."""
    sender: str
    timeout: float = Field(default=30.0, gt=0)


class NoticeSpec(Strict):
    """Rejection notices (công văn) to units with missing or invalid signatures."""

    issuer_parent: str = ""
    """e.g. ``UBND HUYỆN HẢI HÀ``"""
    issuer: str
    """The body that signs the notices, e.g. ``PHÒNG VĂN HÓA VÀ THÔNG TIN``."""
    symbol: str = "TB-KC"
    """Ký hiệu after the number: ``Số: 12/VHTT-KC``."""
    signer_capacity: str = ""
    signer_title: str = ""
    signer_name: str = ""
    resubmit_days: int = Field(default=10, ge=1)
    """Calendar days from the notice's date to resend the evidence."""
    reply_to: str = ""
    """Where units send replacements, named in the letter (e-mail or web address)."""
    smtp: SmtpSpec | None = None
    """Without it notices are made and kept in the outbox, not sent."""
    max_attempts: int = Field(default=8, ge=1)
    """A notice whose sending failed this many times (over all runs) is given up."""
    retries_per_run: int = Field(default=3, ge=1)
    backoff_seconds: float = Field(default=2.0, ge=0)
    """Wait before the n-th retry within a run: backoff × 2^(n-1)."""


ALGORITHM_NAME = r"^(md2|md5|sha1|sha224|sha256|sha384|sha512|sha3_224|sha3_256|sha3_384|" \
                 r"sha3_512|shake128|shake256|rsa|dsa|ecdsa|ed25519|ed448|(rsa|dsa|ecdsa)-\d{3,5})$"


class SignatureSpec(Strict):
    """Signature policy overrides."""

    algorithms: dict[Annotated[str, Field(pattern=ALGORITHM_NAME)], date] = Field(
        default_factory=dict)
    """Algorithm (``sha1``) or key size (``rsa-1024``) → the last day a signature made
    with it is accepted, overriding the built-in policy."""


class ComplaintSpec(Strict):
    """Complaints (khiếu nại) about the published ranking: until when a unit may file."""

    within: WorkingDays | None = None
    """e.g. ``{ working_days = 5, after = "publication" }``."""
    days: int | None = Field(default=None, ge=1)
    """Calendar days after the publication, instead of working days."""


DeadlineKey = Literal["department", "district", "office", "commune", "other", "default"]


class CampaignConfig(Strict):
    code: str
    name: str
    issuer: str = ""
    place: str = ""
    year: int = Field(ge=2000, le=2100)
    timezone: str = "Asia/Ho_Chi_Minh"
    window: Window
    deadlines: dict[DeadlineKey, Deadline] = Field(default_factory=dict)
    """Per unit level, with ``default`` for the rest: a date, or working days after an
    event (kiemchung/core/deadlines.py)."""
    calendar: Calendar = Field(default_factory=Calendar)
    events: Events = Field(default_factory=Events)
    late_means_not_ranked: bool = True
    uploads: Path = Path("uploads")
    claims: list[Path] = Field(default_factory=list)
    received_log: Path | None = None
    portal_url: str | None = None
    """The units' portal, named in the notices."""
    reason_required_below_max: bool = False
    """A self-assessment row claiming less than the maximum must give a reason (Gia Lai)."""
    trust: Literal["vietnam", "none"] = "vietnam"
    """``vietnam``: the Vietnamese roots shipped with kiemchung are trusted as well as
    ``trust_roots``; ``none``: only ``trust_roots``."""
    trust_roots: list[Path] = Field(default_factory=list)
    """Root certificates (files or folders) the campaign accepts."""
    crls: list[Path] = Field(default_factory=list)
    signatures: SignatureSpec = Field(default_factory=SignatureSpec)
    revocation_mode: Literal["soft-fail", "hard-fail", "require"] = "soft-fail"
    """soft-fail: a certificate is revoked only if revocation data says so; hard-fail:
    revocation data that cannot be checked makes the signature indeterminate."""
    allow_fetching: bool = False
    """Fetch CRLs/OCSP online (only where the machine can reach the CAs)."""
    signer_kinds: dict[str, Literal["organization", "personal"]] = Field(default_factory=dict)
    """Overrides of the UID rules, by certificate UID or SHA-256 fingerprint."""
    scoring: ScoringSpec | None = None
    notices: NoticeSpec | None = None
    complaints: ComplaintSpec | None = None
    criteria_from: str | None = None
    """Take the criteria and their evidence rules from a criteria set (by code or .toml
    path), e.g. ``a-luoi-1784``; criteria defined here override those with their code.
    Imported criteria do not require evidence from every unit (the seeds assign them to
    named offices): set ``required`` per criterion here where a unit must send it."""
    units: list[UnitSpec]
    criteria: list[CriterionSpec]
    base_dir: Path = Path(".")
    """Folder of the campaign file; set by the loader."""

    def resolve(self, p: Path) -> Path:
        return p if p.is_absolute() else self.base_dir / p

    def deadline_for(self, level: str) -> date | None:
        """The level's deadline as a date: a fixed date, or working days after the
        campaign-wide [events] date (None where that event has no date yet). Per unit
        and per event: ``kiemchung.core.deadlines.deadline_for``."""
        from kiemchung.core.deadlines import resolve_deadline

        spec = self.deadlines.get(level, self.deadlines.get("default"))  # type: ignore[call-overload]
        return resolve_deadline(spec, self, {})

    def unit(self, code: str) -> UnitSpec | None:
        return next((u for u in self.units if u.code == code), None)

    def criterion(self, code: str) -> CriterionSpec | None:
        return next((c for c in self.criteria if c.code == code), None)
