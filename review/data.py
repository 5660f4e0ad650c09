"""What the web app's pages show, read from the database as plain rows (no HTML here)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from storage.blobs import BlobStore
from storage.models import (
    Claim,
    Criterion,
    Evidence,
    Fact,
    Finding,
    FindingStatus,
    Reply,
    Unit,
    Verification,
)
from verifiers.codes import Severity

PAGE_SIZE = 25
SORTS = {"unit": "unit", "criterion": "criterion", "code": "code", "severity": "severity",
         "newest": "newest"}


@dataclass(frozen=True)
class QueueRow:
    id: int
    code: str
    severity: str
    status: str
    unit: str
    unit_name: str
    criterion: str
    file: str
    message: str
    created: str


@dataclass(frozen=True)
class Filters:
    unit: str = ""
    criterion: str = ""
    code: str = ""
    severity: str = ""
    status: str = "open"
    sort: str = "unit"
    page: int = 1

    def query(self, **change: object) -> str:
        from urllib.parse import urlencode

        d = {k: v for k, v in {**self.__dict__, **change}.items() if v not in ("", None)}
        return urlencode(d)


def queue(session: Session, campaign_id: int, f: Filters, unit_id: int | None = None
          ) -> tuple[list[QueueRow], int]:
    """Findings of the campaign (only one unit's when ``unit_id``), filtered, sorted and
    cut into pages; with the total count."""
    units = {u.id: u for u in session.exec(select(Unit).where(Unit.campaign_id == campaign_id))}
    crits = {c.id: c.code for c in session.exec(
        select(Criterion).where(Criterion.campaign_id == campaign_id))}
    files = {e.id: e.source_path for e in session.exec(
        select(Evidence).where(Evidence.campaign_id == campaign_id))}
    stmt = select(Finding).where(Finding.campaign_id == campaign_id)
    if unit_id is not None:
        stmt = stmt.where(Finding.unit_id == unit_id)
    rows = []
    for x in session.exec(stmt):
        unit = units.get(x.unit_id)
        row = QueueRow(x.id or 0, x.code, x.severity, x.status, unit.code if unit else "",
                       unit.name if unit else "", crits.get(x.criterion_id, ""),
                       files.get(x.evidence_id, ""), x.message,
                       x.created_at.strftime("%d/%m/%Y %H:%M"))
        if (f.status != "all" and x.status != f.status) or (f.unit and row.unit != f.unit) or \
                (f.criterion and row.criterion != f.criterion) or \
                (f.code and x.code != f.code) or (f.severity and x.severity != f.severity):
            continue
        rows.append(row)
    key = {
        "unit": lambda r: (r.unit, r.criterion, r.code, r.id),
        "criterion": lambda r: (r.criterion, r.unit, r.code, r.id),
        "code": lambda r: (r.code, r.unit, r.id),
        "severity": lambda r: (r.severity != "blocking", r.unit, r.id),
        "newest": lambda r: (-r.id,),
    }.get(f.sort, lambda r: (r.unit, r.criterion, r.code, r.id))
    rows.sort(key=key)
    start = (max(1, f.page) - 1) * PAGE_SIZE
    return rows[start:start + PAGE_SIZE], len(rows)


@dataclass
class EvidenceView:
    finding: Finding
    unit: Unit | None
    criterion: Criterion | None
    evidence: Evidence | None
    facts: list[Fact] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)
    report_reasons: list[dict[str, Any]] = field(default_factory=list)
    claim: Claim | None = None
    replies: list[Reply] = field(default_factory=list)
    image_size: tuple[int, int] | None = None
    pages: int = 0


def evidence_view(session: Session, finding: Finding, blobs: BlobStore) -> EvidenceView:
    unit = session.get(Unit, finding.unit_id) if finding.unit_id else None
    crit = session.get(Criterion, finding.criterion_id) if finding.criterion_id else None
    ev = session.get(Evidence, finding.evidence_id) if finding.evidence_id else \
        _source_of(session, finding)
    blob = blobs.get(ev.blob_key) if ev is not None and blobs.has(ev.blob_key) else None
    view = EvidenceView(finding, unit, crit, ev)
    if ev is not None:
        view.facts = list(session.exec(select(Fact).where(Fact.evidence_id == ev.id)))
        ver = session.exec(select(Verification).where(Verification.sha256 == ev.sha256)
                           .order_by(col(Verification.id).desc())).first()
        if ver is not None:
            result = json.loads(ver.result_json)
            view.signatures = result.get("signatures", [])
            view.report_reasons = result.get("reasons", [])
        if blob:
            view.image_size, view.pages = _geometry(ev.media_type, blob)
    if unit is not None and crit is not None:
        view.claim = session.exec(select(Claim).where(Claim.unit_id == unit.id,
                                                      Claim.criterion_id == crit.id)).first()
    view.replies = list(session.exec(select(Reply).where(Reply.finding_id == finding.id)
                                     .order_by(col(Reply.id))))
    return view


def _source_of(session: Session, finding: Finding) -> Evidence | None:
    """For a finding about a unit and criterion (a claim against a fact): the file its
    message names as the source, else the criterion's first current file."""
    source = str(json.loads(finding.params_json).get("source", "")).split(", trang")[0]
    stmt = select(Evidence).where(Evidence.campaign_id == finding.campaign_id,
                                  col(Evidence.replaced_at).is_(None))
    if source:
        found = session.exec(stmt.where(Evidence.source_path == source)).first()
        if found is not None:
            return found
    if finding.unit_id is None or finding.criterion_id is None:
        return None
    return session.exec(stmt.where(Evidence.unit_id == finding.unit_id,
                                   Evidence.criterion_id == finding.criterion_id)
                        .order_by(col(Evidence.id))).first()


def _geometry(media_type: str, blob: bytes) -> tuple[tuple[int, int] | None, int]:
    """(image size, page count): what the viewer needs to place fact boxes."""
    if media_type.startswith("image/"):
        from PIL import Image

        try:
            with Image.open(io.BytesIO(blob)) as im:
                return im.size, 1
        except Exception:
            return None, 0
    if media_type == "application/pdf":
        from pypdf import PdfReader

        try:
            return None, len(PdfReader(io.BytesIO(blob), strict=False).pages)
        except Exception:
            return None, 0
    return None, 0


FILE_STATES = {"pending": "chờ kiểm tra", "rejected": "bị trả lại", "replaced": "đã thay thế",
               "verified": "đã kiểm tra", "withdrawn": "đã rút"}


@dataclass(frozen=True)
class FileState:
    """One file a unit sent, as the portal shows it."""

    id: int
    path: str
    name: str
    state: str
    """pending, rejected, replaced, verified or withdrawn (``FILE_STATES``)."""
    uploaded: str
    detail: str = ""
    """Why it was rejected, or what replaced it and when."""
    deadline: str = ""
    """For a reply: the resubmission deadline it is judged against."""

    @property
    def state_vi(self) -> str:
        return FILE_STATES.get(self.state, self.state)


@dataclass
class CriterionFiles:
    code: str
    title: str
    files: list[FileState] = field(default_factory=list)
    open_findings: list[Finding] = field(default_factory=list)
    """Criterion-wide findings still open (a coverage gap, evidence missing...)."""

    @property
    def rejected(self) -> list[FileState]:
        return [f for f in self.files if f.state == "rejected"]


def _local(t: datetime, tz: str) -> str:
    """A stored time (UTC; naive from SQLite) as the campaign's local time."""
    aware = t if t.tzinfo else t.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(tz)).strftime("%d/%m/%Y %H:%M")


def unit_files(session: Session, campaign_id: int, unit_id: int, version: str,
               codes: list[str], tz: str = "Asia/Ho_Chi_Minh") -> list[CriterionFiles]:
    """Per criterion (in ``codes`` order, then any other with files): every file the unit
    sent and its state: pending (not verified by the current pipeline yet), rejected (a
    blocking finding is open on it), replaced (by a reply), verified."""
    crits = {c.id: c for c in session.exec(select(Criterion).where(
        Criterion.campaign_id == campaign_id))}
    evs = list(session.exec(select(Evidence).where(
        Evidence.campaign_id == campaign_id, Evidence.unit_id == unit_id)
        .order_by(col(Evidence.id))))
    by_id = {e.id: e for e in evs}
    blocking: dict[int, list[str]] = {}
    wide: dict[int, list[Finding]] = {}
    for f in session.exec(select(Finding).where(
            Finding.campaign_id == campaign_id, Finding.unit_id == unit_id,
            Finding.status == FindingStatus.OPEN)):
        if f.evidence_id is not None and f.severity == Severity.BLOCKING:
            blocking.setdefault(f.evidence_id, []).append(f.message)
        elif f.evidence_id is None and f.criterion_id is not None:
            wide.setdefault(f.criterion_id, []).append(f)
    out: dict[str, CriterionFiles] = {}
    order = {c: i for i, c in enumerate(codes)}
    for crit in sorted(crits.values(), key=lambda c: (order.get(c.code, len(order)), c.code)):
        if crit.code in order or any(e.criterion_id == crit.id for e in evs):
            out[crit.code] = CriterionFiles(crit.code, crit.title,
                                            open_findings=wide.get(crit.id or 0, []))
    for e in evs:
        ecrit = crits.get(e.criterion_id)
        if ecrit is None or e.id is None:
            continue
        deadline = e.resubmit_deadline.strftime("%d/%m/%Y") if e.resubmit_deadline else ""
        state, detail = "verified", ""
        if e.replaced_by_id is not None:
            new = by_id.get(e.replaced_by_id)
            when = _local(e.replaced_at, tz) if e.replaced_at else ""
            state, detail = "replaced", f"thay bằng «{new.original_name if new else '?'}» {when}"
        elif e.replaced_at is not None:
            state = "withdrawn"
        elif e.id in blocking:
            state, detail = "rejected", " ".join(blocking[e.id])
        elif e.verified_version != version:
            state = "pending"
        if e.replaces_id is not None and state != "replaced":
            old = by_id.get(e.replaces_id)
            detail = (detail + " " if detail else "") + \
                f"(thay cho «{old.original_name if old else '?'}»)"
        out[ecrit.code].files.append(FileState(
            e.id, e.source_path, e.original_name, state,
            _local(e.uploaded_at, tz), detail, deadline))
    return list(out.values())
