"""What the web app's pages show, read from the database as plain rows (no HTML here)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from storage.blobs import BlobStore
from storage.models import (
    Claim,
    Criterion,
    Evidence,
    Fact,
    Finding,
    Reply,
    Unit,
    Verification,
)

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
