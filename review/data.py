"""What the web app's pages show, read from the database as plain rows (no HTML here)."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session, col, select

from kiemchung.core.codes import Severity
from kiemchung.core.formatting import day, label, moment
from kiemchung.core.vocabulary import FindingStatus, Role
from rendering.pages import RENDER_DPI
from review.filters import finding_title
from storage.blobs import BlobStore
from storage.models import (
    Claim,
    Criterion,
    Evidence,
    Fact,
    Finding,
    Reply,
    Unit,
    User,
    Verification,
)
from storage.queries import (
    ALL_STATUSES,
    ANYONE,
    FindingFilter,
    FindingRow,
    find_findings,
)
from verifiers.results import REVIEW_CERTAINTY, FactReport, FileReport, Reason, SignatureReport

log = logging.getLogger(__name__)

SORTS = {"unit": "Theo đơn vị", "criterion": "Theo tiêu chí", "code": "Theo loại vấn đề",
         "severity": "Chặn trước", "oldest": "Cũ nhất trước", "newest": "Mới nhất trước"}
STATUSES = {"open": "Đang mở", "accepted": "Đã chấp nhận", "rejected": "Đã bác",
            "closed": "Đã đóng", ALL_STATUSES: "Tất cả"}
MINE = "me"
"""The queue's ``assignee`` parameter for «của tôi» (the signed-in reviewer)."""
EVERYONE = "*"
"""The queue's ``assignee`` parameter for everyone's findings."""


@dataclass(frozen=True)
class QueueRow:
    """One row of the queue: what a reviewer reads before opening it."""

    id: int
    code: str
    title: str
    """The finding's Vietnamese title (the catalogue's), never the code."""
    severity: str
    status: str
    unit: str
    unit_name: str
    criterion: str
    criterion_title: str
    file: str
    message: str
    created: datetime
    assignee: str
    replied: bool
    """The unit has replied (giải trình) to it."""

    @property
    def file_name(self) -> str:
        return self.file.rsplit("/", 1)[-1]


def _row(r: FindingRow) -> QueueRow:
    x = r.finding
    return QueueRow(r.id, x.code, finding_title(x.code, x.message), x.severity, x.status,
                    r.unit_code, r.unit_name, r.criterion_code, r.criterion_title, r.file,
                    x.message, x.created_at, x.assignee or "", r.replied)


Filters = FindingFilter
"""The queue's filter is the storage query's (kept under this name for the routers)."""


def queue_filter(params: Mapping[str, str], user: User) -> tuple[FindingFilter, str]:
    """The queue's filter from the URL (every filter lives there, so a link or a reload
    shows the same list), and the ``assignee`` parameter as the page shows it. A
    reviewer's default view is «của tôi»; an admin's is everyone's."""
    raw = params.get("page", "1")
    who = params.get("assignee") or (MINE if user.role == Role.REVIEWER else EVERYONE)
    assignee = user.username if who == MINE else ANYONE if who == EVERYONE else who
    sort = params.get("sort", "unit")
    status = params.get("status", "open")
    return FindingFilter(
        unit=params.get("unit", ""), criterion=params.get("criterion", ""),
        code=params.get("code", ""), severity=params.get("severity", ""),
        status=status if status in STATUSES else "open", assignee=assignee,
        search=params.get("q", "").strip()[:200], sort=sort if sort in SORTS else "unit",
        page=max(1, int(raw)) if raw.isdigit() else 1), who


def queue_url(f: FindingFilter, who: str, **change: object) -> str:
    """The queue's URL for this filter with ``change`` applied (empty values left out)."""
    d: dict[str, object] = {"unit": f.unit, "criterion": f.criterion, "code": f.code,
                            "severity": f.severity, "status": f.status, "assignee": who,
                            "q": f.search, "sort": f.sort, "page": f.page}
    d.update(change)
    if d.get("page") == 1:
        d.pop("page")
    return "/review?" + urlencode({k: v for k, v in d.items() if v not in ("", None)})


def queue(session: Session, campaign_id: int, f: FindingFilter, unit_id: int | None = None
          ) -> tuple[list[QueueRow], int]:
    """Findings of the campaign (only one unit's when ``unit_id``), filtered, sorted and
    cut into pages (``storage.queries.find_findings``); with the total count."""
    if unit_id is not None:
        f = replace(f, unit_id=unit_id)
    found = find_findings(session, campaign_id, f)
    return [_row(r) for r in found.rows], found.total


@dataclass(frozen=True)
class Box:
    """A rectangle drawn over a page image, in percent of the page (so it scales with
    the image): a fact's box, a table cell, a clerk's addition or a changed region."""

    page: int
    left: float
    top: float
    width: float
    height: float
    kind: str
    """``fact``, ``cell``, ``doubt`` (a fact that needs review), ``addition``, ``changed``."""
    title: str = ""


@dataclass(frozen=True)
class FactRow:
    """One fact as the evidence view lists it: where it was read and how sure we are."""

    name: str
    value: str
    raw: str
    page: int
    source: str
    """Vietnamese: the line it was read on, or «ô: hàng "…" · cột "… › …"»."""
    cell: bool
    certainty: float | None
    needs_review: bool
    bbox: tuple[float, float, float, float] | None = None
    method: str = ""
    """How it was read: ``text_layer`` (a PDF's text layer: ``bbox`` in pixels of the
    page rendering at ``RENDER_DPI``), ``ocr`` (``bbox`` in the image's pixels)."""
    table: int | None = None
    """For a table cell: the number of the table it stands in, on its page."""
    table_box: tuple[float, float, float, float] | None = None
    """For a table cell whose report gives it: the whole table's box (``bbox``'s space)."""




@dataclass
class EvidenceView:
    finding: Finding
    unit: Unit | None
    criterion: Criterion | None
    evidence: Evidence | None
    facts: list[Fact] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)
    report_reasons: list[Reason] = field(default_factory=list)
    claim: Claim | None = None
    replies: list[Reply] = field(default_factory=list)
    image_size: tuple[int, int] | None = None
    pages: int = 0
    fact_rows: list[FactRow] = field(default_factory=list)
    unmapped: list[tuple[str, str]] = field(default_factory=list)
    """(label, value) of labelled values that map to no known fact."""
    boxes: list[Box] = field(default_factory=list)
    pdf_boxes_missing: int = 0
    """Facts of a PDF with a box we cannot place on the page rendering (a box in the
    pixels of an image embedded in the page: its placement is not recorded)."""

    comparison: list[Compared] = field(default_factory=list)
    """The unit's claimed figures beside what the evidence shows."""
    coverage: Coverage | None = None
    """For a coverage finding: who signed in which 3-month slice, with which file."""

    def boxes_on(self, page: int) -> list[Box]:
        return [b for b in self.boxes if b.page == page]


@dataclass(frozen=True)
class Compared:
    """One claimed figure beside the evidence's (None: the evidence does not show it)."""

    name: str
    """The fact's name (``outgoing_signed``)."""
    claimed: Decimal | None
    found: str | None
    """The fact's value as read ('' when no file shows it)."""
    source: str = ""

    @property
    def mismatch(self) -> bool:
        try:
            return self.claimed is not None and self.found is not None and \
                abs(float(self.found) - float(self.claimed)) > 1e-9
        except ValueError:
            return True


@dataclass(frozen=True)
class CoverageCell:
    files: tuple[tuple[int, str], ...] = ()
    """(evidence id, file name) of the signed documents in the slice."""


@dataclass(frozen=True)
class Coverage:
    """«3 tháng 01 văn bản»: rows (the organization, then each leader) × 3-month slices."""

    slices: list[tuple[date, date]]
    rows: list[tuple[str, list[CoverageCell]]]


def evidence_view(session: Session, finding: Finding, blobs: BlobStore,
                  cfg: Any = None) -> EvidenceView:
    unit = session.get(Unit, finding.unit_id) if finding.unit_id else None
    crit = session.get(Criterion, finding.criterion_id) if finding.criterion_id else None
    ev = session.get(Evidence, finding.evidence_id) if finding.evidence_id else \
        _source_of(session, finding)
    blob = blobs.get(ev.blob_key) if ev is not None and blobs.has(ev.blob_key) else None
    view = EvidenceView(finding, unit, crit, ev)
    report: FileReport | None = None
    if ev is not None:
        view.facts = list(session.exec(select(Fact).where(Fact.evidence_id == ev.id)))
        report = stored_report(session, ev.sha256)
        if report is not None:
            view.signatures = [_signature_vi(s) for s in report.signatures]
            view.report_reasons = list(report.reasons)
        sizes: dict[int, PdfPage] = {}
        if blob:
            view.image_size, view.pages = _geometry(ev.media_type, blob)
            if ev.media_type == "application/pdf":
                sizes = _pdf_pages(blob)
        view.fact_rows = _fact_rows(report.facts if report else (), view.facts)
        view.unmapped = [(u.raw or u.name, "" if u.value is None else str(u.value))
                         for u in (report.unmapped if report else ())]
        _place(view, sizes)
    if unit is not None and crit is not None:
        view.claim = session.exec(select(Claim).where(Claim.unit_id == unit.id,
                                                      Claim.criterion_id == crit.id)).first()
    view.replies = list(session.exec(select(Reply).where(Reply.finding_id == finding.id)
                                     .order_by(col(Reply.id))))
    if cfg is not None and unit is not None and crit is not None:
        spec = cfg.criterion(crit.code)
        rule = spec.evidence if spec is not None else None
        if rule is not None and view.claim is not None:
            view.comparison = _compare(session, view.claim, rule, unit, crit)
        if rule is not None and finding.code == "COVERAGE_QUARTER_MISSING":
            view.coverage = _coverage(session, cfg, unit, crit, rule.signatures)
    if blob and ev is not None and ev.media_type == "application/pdf" and view.signatures:
        _validity(view.signatures, blob)
    return view


def _current(session: Session, unit: Unit, crit: Criterion) -> list[Evidence]:
    return list(session.exec(select(Evidence).where(
        Evidence.unit_id == unit.id, Evidence.criterion_id == crit.id,
        col(Evidence.replaced_at).is_(None)).order_by(col(Evidence.id))))


def _compare(session: Session, claim: Claim, rule: Any, unit: Unit, crit: Criterion
             ) -> list[Compared]:
    """Each figure the claim gives beside the same fact in the criterion's files (the
    first file showing it; the check compares against every one)."""
    evs = {e.id: e for e in _current(session, unit, crit)}
    facts = list(session.exec(select(Fact).where(col(Fact.evidence_id).in_(list(evs)))))
    out = []
    for name, claimed in ((rule.numerator, claim.numerator),
                          (rule.denominator, claim.denominator), (rule.value, claim.value)):
        if not name or claimed is None:
            continue
        f = next((x for x in facts if x.name == name), None)
        src = f"{evs[f.evidence_id].original_name}, trang {f.page or 1}" if f else ""
        out.append(Compared(name, claimed, f.value if f else None, src))
    return out


def _coverage(session: Session, cfg: Any, unit: Unit, crit: Criterion, required: str
              ) -> Coverage:
    """The grid the quarterly-coverage check reads: per slice of the window, the files
    with a valid signature by the organization and by each leader (personal)."""
    from kiemchung.checks import quarter_slices, signed_docs

    slices = quarter_slices((cfg.window.start, cfg.window.end))
    uspec = cfg.unit(unit.code)
    who: list[tuple[str, str, str]] = []  # (label, kind, uid)
    if required in ("organization", "both"):
        who.append(("Cơ quan (chữ ký tổ chức)", "organization", ""))
    if required in ("personal", "both") and uspec is not None:
        who += [(f"{ld.name}{', ' + ld.title if ld.title else ''}", "personal", ld.id)
                for ld in uspec.leaders]
    docs: list[tuple[int, str, Any]] = []
    for ev in _current(session, unit, crit):
        docs += [(ev.id or 0, ev.original_name, d)
                 for d in signed_docs(stored_report(session, ev.sha256), cfg.timezone)]
    rows = []
    for who_label, kind, uid in who:
        cells = [CoverageCell(tuple(dict.fromkeys(
            (eid, name) for eid, name, d in docs
            if d.kind == kind and (kind != "personal" or d.uid == uid) and a <= d.day <= b)))
            for a, b in slices]
        rows.append((who_label, cells))
    return Coverage(slices, rows)


def _validity(signatures: list[dict[str, Any]], blob: bytes) -> None:
    """The signer certificates' validity period, read from the file (the report keeps
    the signer's identity, not the dates), and a revocation date the report states."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        certs = {}
        for emb in PdfFileReader(io.BytesIO(blob), strict=False).embedded_signatures:
            try:
                cert = emb.signer_cert
            except Exception:  # a broken signature: no certificate to read
                continue
            certs[hashlib.sha256(cert.dump()).hexdigest()] = (
                cert.not_valid_before, cert.not_valid_after)
    except Exception:  # a PDF pyHanko cannot read: the dates stay unknown
        certs = {}
    for s in signatures:
        fp = str((s.get("signer") or {}).get("fingerprint") or "")
        if fp in certs:
            s["not_before"], s["not_after"] = certs[fp]
        s["revoked_at"] = ""
        for r in s.get("reasons", []) or []:
            m = re.search(r"revoked (\S+)", str(r.get("detail", "")) if isinstance(r, dict)
                          else "")
            if m:
                s["revoked_at"] = m.group(1)


def source_vi(source: Any, raw: str = "") -> str:
    """Where a fact was read, in words: the line, or the table cell (row, column path)."""
    if isinstance(source, dict) and source.get("kind") == "cell":
        header = source.get("header") or []
        path = " › ".join(str(h) for h in header if h) if isinstance(header, list) else \
            str(header)
        return f'ô: hàng "{source.get("row", "")}" · cột "{path}"'
    if isinstance(source, dict) and source.get("kind") == "line":
        return f"dòng: «{source.get('text', raw)}»"
    return f"«{raw}»" if raw else ""


def _bbox(v: Any) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(c) for c in v)
    except (TypeError, ValueError):
        return None
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def stored_report(session: Session, sha256: str) -> FileReport | None:
    """The latest verification report stored for a file's content, typed; None when there
    is none or it cannot be read back (then the page shows what the database rows hold)."""
    ver = session.exec(select(Verification).where(Verification.sha256 == sha256)
                       .order_by(col(Verification.id).desc())).first()
    if ver is None:
        return None
    try:
        return FileReport.from_json(json.loads(ver.result_json))
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("stored report of %s cannot be read back", sha256[:12])
        return None


def _fact_rows(reported: tuple[FactReport, ...], stored: list[Fact]) -> list[FactRow]:
    """The report's facts (they carry source and certainty); the stored rows when there
    is no report to read."""
    out = []
    if reported:
        for f in reported:
            level = f.certainty if f.certainty is not None else f.confidence
            src = f.source if isinstance(f.source, dict) else {}
            cell = src.get("kind") == "cell"
            table = src.get("table") if cell else None
            out.append(FactRow(
                f.name, "" if f.value is None else str(f.value), f.raw, f.page or 1,
                source_vi(f.source, f.raw), cell, level, f.needs_review, _bbox(f.bbox),
                f.method, table if isinstance(table, int) else None,
                _bbox(src.get("table_box")) if cell else None))
        return out
    for x in stored:
        level = x.confidence
        out.append(FactRow(x.name, x.value, x.raw, x.page or 1, source_vi(None, x.raw), False,
                           level, level is not None and level < REVIEW_CERTAINTY,
                           _bbox(json.loads(x.bbox)) if x.bbox else None, x.method))
    return out


def _signature_vi(s: SignatureReport) -> dict[str, Any]:
    """What the page shows of a signature: its report with the ETSI indication, time
    source and the clerk's additions in Vietnamese words."""
    out = s.to_json()
    out["indication_vi"] = label("indication", s.indication) if s.indication else ""
    out["subindication_vi"] = label("subindication", s.subindication) if s.subindication \
        else ""
    out["time_source_vi"] = label("time_source", s.time_source) if s.time_source else ""
    out["additions_vi"] = [
        {"text": str(a.get("text", "")), "page": a.get("page"),
         "how": label("annotation_how", a.get("how")) if a.get("how") else ""}
        for a in s.additions]
    return out


@dataclass(frozen=True)
class PdfPage:
    """What placing boxes on a PDF page's rendering needs: its media box (what pdftoppm
    renders, the review app's page images as the signature module's renderings), crop
    box and ``/Rotate``, all in PDF user space (points, y up)."""

    media: tuple[float, float, float, float]
    crop: tuple[float, float, float, float]
    rotate: int
    image: tuple[int, int] | None = None
    """For a scan (one image filling the page): the image's size in pixels."""

    @property
    def rendering(self) -> tuple[float, float]:
        """The page image's size in pixels at ``RENDER_DPI``, ``/Rotate`` applied."""
        scale = RENDER_DPI / 72
        w, h = (self.media[2] - self.media[0]) * scale, (self.media[3] - self.media[1]) * scale
        return (h, w) if self.rotate in (90, 270) else (w, h)

    def to_rendering(self, box: tuple[float, float, float, float]
                     ) -> tuple[float, float, float, float]:
        """A box in PDF user space → pixels of the page image (y down)."""
        from verifiers.ocr.textlayer import to_display

        scale = RENDER_DPI / 72
        a = to_display(box[0], box[1], self.media, self.rotate)
        b = to_display(box[2], box[3], self.media, self.rotate)
        return (min(a[0], b[0]) * scale, min(a[1], b[1]) * scale,
                max(a[0], b[0]) * scale, max(a[1], b[1]) * scale)


def _pdf_pages(blob: bytes) -> dict[int, PdfPage]:
    """Per page: media box, crop box, rotation and, for a scan (one image filling the
    page: its aspect ratio is the page's within 3 %), the image's size in pixels, so that
    a box read by OCR in the image's pixels can be placed on the page rendering."""
    from pypdf import PdfReader

    out: dict[int, PdfPage] = {}
    try:
        for n, p in enumerate(PdfReader(io.BytesIO(blob), strict=False).pages, start=1):
            mb, cb = p.mediabox, p.cropbox
            media = (float(mb.left), float(mb.bottom), float(mb.right), float(mb.top))
            crop = (float(cb.left), float(cb.bottom), float(cb.right), float(cb.top))
            rot = int(p.get("/Rotate", 0) or 0) % 360
            out[n] = PdfPage(media, crop, rot,
                             _full_page_image(p, media[2] - media[0], media[3] - media[1], rot))
    except Exception:  # a PDF pypdf cannot walk: no boxes, the pages still show
        return {}
    return out


def _full_page_image(page: Any, w: float, h: float, rot: int) -> tuple[int, int] | None:
    try:
        xobjects = page["/Resources"]["/XObject"]
        images = [o.get_object() for o in xobjects.values()
                  if o.get_object().get("/Subtype") == "/Image"]
    except Exception:  # no resources or no XObjects: not a scan
        return None
    if len(images) != 1 or rot != 0 or w <= 0 or h <= 0:
        return None
    iw, ih = int(images[0].get("/Width", 0)), int(images[0].get("/Height", 0))
    if iw <= 0 or ih <= 0 or abs((iw / ih) / (w / h) - 1) > 0.03:
        return None
    return iw, ih


def _pct(page: int, box: tuple[float, float, float, float], w: float, h: float, kind: str,
         title: str) -> Box | None:
    x0, y0, x1, y1 = box
    if w <= 0 or h <= 0:
        return None
    return Box(page, 100 * x0 / w, 100 * y0 / h, 100 * (x1 - x0) / w, 100 * (y1 - y0) / h,
               kind, title)


def _fact_space(view: EvidenceView, f: FactRow, pages: dict[int, PdfPage]
                ) -> tuple[float, float] | None:
    """The size of the pixel space a fact's box is in: the page rendering for a PDF's
    text layer, the image for an image file or a scanned PDF page; None when unknown
    (an OCR box in an image embedded somewhere in a PDF page)."""
    if view.image_size is not None:
        return view.image_size
    page = pages.get(f.page)
    if page is None:
        return None
    if f.method == "text_layer":
        return page.rendering
    return page.image


def _place(view: EvidenceView, sizes: dict[int, PdfPage]) -> None:
    """The boxes to draw over the page images: facts (bbox in pixels of the image, of a
    scanned PDF page's single full-page image, or for a PDF's text layer of the 100 dpi
    page rendering), the tables their cells stand in (drawn once each, under the cells),
    changed regions (PDF: pixels of a 100 dpi rendering) and clerk's additions (PDF user
    space, y up). A PDF page image is its media box rendered, ``/Rotate`` applied."""
    from kiemchung.core.formatting import fact_label, fact_value

    tables: list[Box | None] = []
    seen: set[tuple[int, int | None, tuple[float, float, float, float]]] = set()
    boxes: list[Box | None] = []
    for f in view.fact_rows:
        if f.bbox is None:
            continue
        size = _fact_space(view, f, sizes)
        if size is None:
            view.pdf_boxes_missing += 1
            continue
        if f.table_box is not None and (f.page, f.table, f.table_box) not in seen:
            seen.add((f.page, f.table, f.table_box))
            tables.append(_pct(f.page, f.table_box, *size, "table",
                               f"Bảng số liệu đọc được (bảng {f.table})" if f.table
                               else "Bảng số liệu đọc được"))
        kind = "doubt" if f.needs_review else "cell" if f.cell else "fact"
        boxes.append(_pct(f.page, f.bbox, *size, kind,
                          f"{fact_label(f.name)} = {fact_value(f.name, f.value)} ({f.source})"))
    for s in view.signatures:
        who = str((s.get("signer") or {}).get("common_name") or "?")
        for r in s.get("changed_regions", []) or []:
            page = int(r.get("page") or 0) if isinstance(r, dict) else 0
            b = _bbox(r.get("bbox")) if isinstance(r, dict) else None
            if page in sizes and b is not None:
                boxes.append(_pct(page, b, *sizes[page].rendering, "changed",
                                  f"Khác biệt so với bản {who} đã ký"))
        for a in s.get("additions", []) or []:
            page = int(a.get("page") or 0) if isinstance(a, dict) else 0
            b = _bbox(a.get("bbox")) if isinstance(a, dict) else None
            if page in sizes and b is not None:
                p = sizes[page]
                boxes.append(_pct(page, p.to_rendering(b), *p.rendering, "addition",
                                  f"Văn thư bổ sung: {a.get('text', '')}"))
    view.boxes = [b for b in (*tables, *boxes) if b is not None]


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


@dataclass(frozen=True)
class FileState:
    """One file a unit sent, as the portal shows it."""

    id: int
    path: str
    name: str
    state: str
    """pending, rejected, replaced, verified or withdrawn (``formatting.FILE_STATES``)."""
    uploaded: str
    detail: str = ""
    """Why it was rejected, or what replaced it and when."""
    deadline: str = ""
    """For a reply: the resubmission deadline it is judged against."""

    @property
    def state_vi(self) -> str:
        return label("file_state", self.state)


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
        deadline = day(e.resubmit_deadline) if e.resubmit_deadline else ""
        state, detail = "verified", ""
        if e.replaced_by_id is not None:
            new = by_id.get(e.replaced_by_id)
            when = moment(e.replaced_at, tz) if e.replaced_at else ""
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
            moment(e.uploaded_at, tz), detail, deadline))
    return list(out.values())
