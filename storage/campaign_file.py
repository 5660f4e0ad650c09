"""The campaign file (TOML): one assessment round, its units, criteria and rules.

Paths inside it are relative to the file. ``load_campaign`` validates it into typed
settings; ``sync_campaign`` writes its units and criteria to the database.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator
from sqlmodel import Session, select

from storage.models import Campaign, Criterion, Unit
from verifiers.errors import CampaignFileError


class Window(BaseModel):
    start: date
    end: date
    """Inclusive."""

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise ValueError("window end is before its start")
        return self


class Leader(BaseModel):
    name: str
    title: str = ""
    id: str = ""
    """The identity in the personal certificate, e.g. ``CCCD:022088001234``."""


class UnitSpec(BaseModel):
    code: str
    name: str
    level: Literal["department", "district", "office", "commune", "other"]
    parent: str | None = None
    email: str | None = None
    org_id: str = ""
    """The identity in the organization certificate, e.g. ``MST:5700100256-001``."""
    doc_symbol: str = ""
    """The unit's ký hiệu for document numbers, e.g. ``VHTT`` in ``45/VHTT``."""
    leaders: list[Leader] = Field(default_factory=list)


class EvidenceRule(BaseModel):
    kinds: list[str] = Field(default_factory=list)
    """Accepted file kinds (see verifiers.results.FileKind); empty = any."""
    signatures: Literal["none", "organization", "personal", "both"] = "none"
    coverage: Literal["none", "quarterly"] = "none"
    numerator: str | None = None
    denominator: str | None = None
    value: str | None = None
    """Fact names backing the claim."""
    tolerance: float = 0.0
    required: bool = True


class CriterionSpec(BaseModel):
    code: str
    title: str
    group: str = ""
    max_points: float = 0.0
    levels: list[str] = Field(default_factory=list)
    """Unit levels this criterion applies to; empty = all."""
    evidence: EvidenceRule = Field(default_factory=EvidenceRule)


class ScoringSpec(BaseModel):
    set: str
    """A criteria set: its ``code`` (a file under scoring/criteria/) or a .toml path
    relative to the campaign file. Campaign criteria score as the set's criterion with
    the same code; the set's other criteria are added to the campaign."""
    tiers: str | None = None
    """A tier table (Nam Đông's Mức I–IV) instead of the set's ranks: a file under
    scoring/criteria/ or a path relative to the campaign file."""


class SmtpSpec(BaseModel):
    host: str = "127.0.0.1"
    port: int = 25
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str = ""
    password_env: str = "KIEMCHUNG_SMTP_PASSWORD"
    """The password is read from this environment variable, never from the file."""
    sender: str
    timeout: float = 30.0


class NoticeSpec(BaseModel):
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


class CampaignConfig(BaseModel):
    code: str
    name: str
    issuer: str = ""
    place: str = ""
    year: int
    timezone: str = "Asia/Ho_Chi_Minh"
    window: Window
    deadlines: dict[str, date] = Field(default_factory=dict)
    """Per unit level, with ``default`` for the rest."""
    late_means_not_ranked: bool = True
    uploads: Path = Path("uploads")
    claims: list[Path] = Field(default_factory=list)
    received_log: Path | None = None
    trust_roots: list[Path] = Field(default_factory=list)
    """Root certificates (files or folders) the campaign accepts; nothing else is trusted."""
    crls: list[Path] = Field(default_factory=list)
    revocation_mode: Literal["soft-fail", "hard-fail", "require"] = "soft-fail"
    """soft-fail: a certificate is revoked only if revocation data says so; hard-fail:
    revocation data that cannot be checked makes the signature indeterminate."""
    allow_fetching: bool = False
    """Fetch CRLs/OCSP online (only where the machine can reach the CAs)."""
    signer_kinds: dict[str, Literal["organization", "personal"]] = Field(default_factory=dict)
    """Overrides of the UID rules, by certificate UID or SHA-256 fingerprint."""
    scoring: ScoringSpec | None = None
    notices: NoticeSpec | None = None
    criteria_from: str | None = None
    """Take the criteria and their evidence rules from a criteria set (by code or .toml
    path), e.g. ``a-luoi-1784``; criteria defined here override those with their code.
    Imported criteria do not require evidence from every unit (the seeds assign them to
    named offices): set ``required`` per criterion here where a unit must send it."""
    units: list[UnitSpec]
    criteria: list[CriterionSpec]
    base_dir: Path = Path(".")
    """Folder of the campaign file; set by the loader."""

    @model_validator(mode="after")
    def _unique_codes(self) -> CampaignConfig:
        for what, codes in (("unit", [u.code for u in self.units]),
                            ("criterion", [c.code for c in self.criteria])):
            dup = {c for c in codes if codes.count(c) > 1}
            if dup:
                raise ValueError(f"duplicate {what} codes: {sorted(dup)}")
        return self

    def resolve(self, p: Path) -> Path:
        return p if p.is_absolute() else self.base_dir / p

    def deadline_for(self, level: str) -> date | None:
        return self.deadlines.get(level, self.deadlines.get("default"))

    def unit(self, code: str) -> UnitSpec | None:
        return next((u for u in self.units if u.code == code), None)

    def criterion(self, code: str) -> CriterionSpec | None:
        return next((c for c in self.criteria if c.code == code), None)


def load_campaign(path: Path) -> CampaignConfig:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CampaignFileError(path, "not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CampaignFileError(path, f"not valid TOML ({exc})") from None
    try:
        cfg = CampaignConfig.model_validate({**raw, "base_dir": path.resolve().parent})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CampaignFileError(path, f"{where}: {first['msg']}") from None
    return cfg


def sync_campaign(session: Session, cfg: CampaignConfig,
                  scored: list[CriterionSpec] | None = None) -> Campaign:
    """Create or update the campaign, its units and criteria. Never deletes rows:
    a unit or criterion dropped from the file keeps its history. ``scored``: the
    criteria of the campaign's scoring set (titles, groups and maxima win there)."""
    camp = session.exec(select(Campaign).where(Campaign.code == cfg.code)).first()
    settings_json = cfg.model_dump_json(exclude={"units", "criteria", "base_dir"})
    if camp is None:
        camp = Campaign(code=cfg.code, name=cfg.name, year=cfg.year,
                        window_start=cfg.window.start, window_end=cfg.window.end)
    camp.name, camp.issuer, camp.year = cfg.name, cfg.issuer, cfg.year
    camp.window_start, camp.window_end = cfg.window.start, cfg.window.end
    camp.settings_json = settings_json
    session.add(camp)
    session.flush()
    assert camp.id is not None
    units = {u.code: u for u in session.exec(select(Unit).where(Unit.campaign_id == camp.id))}
    for spec in cfg.units:
        row = units.get(spec.code) or Unit(campaign_id=camp.id, code=spec.code, name=spec.name,
                                           level=spec.level)
        row.name, row.level, row.parent_code, row.email = (
            spec.name, spec.level, spec.parent, spec.email)
        session.add(row)
    crits = {c.code: c for c in
             session.exec(select(Criterion).where(Criterion.campaign_id == camp.id))}
    by_code = {c.code: c for c in cfg.criteria}
    for extra in scored or []:
        own = by_code.get(extra.code)
        by_code[extra.code] = extra if own is None else own.model_copy(update={
            "max_points": extra.max_points, "group": extra.group})
    for cspec in by_code.values():
        crow = crits.get(cspec.code) or Criterion(campaign_id=camp.id, code=cspec.code,
                                                  title=cspec.title)
        crow.title, crow.group, crow.max_points = cspec.title, cspec.group, cspec.max_points
        session.add(crow)
    session.flush()
    return camp
