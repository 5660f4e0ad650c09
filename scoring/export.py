"""Exports people open in Excel or LibreOffice, and JSON for tools.

A table is a ``Sheet``: a title, typed columns and rows of plain values (Decimal, int,
str, date, datetime, None). The same sheet becomes

* CSV: UTF-8 with a byte-order mark (Excel in a Vietnamese locale reads UTF-8 without
  one as ANSI and garbles «Điểm»), Vietnamese headers, numbers in machine form (``12.5``,
  no «.0»), dates ISO (``2019-09-30``, read as dates in every locale), times in Vietnam
  time (``2026-12-01 14:05``, the header says so);
* XLSX: numbers as numbers, dates as dates (shown dd/mm/yyyy), columns as wide as their
  content (long text wrapped), a bold frozen header with an autofilter.

The scores (ranking and details), the reviewers' decisions and the whole audit log are
exported this way; so is the campaign report's workbook (``scoring/campaign_report.py``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from kiemchung.core import formatting as fmt
from scoring.unit_scores import UnitScore

if TYPE_CHECKING:
    from sqlmodel import Session

Kind = Literal["text", "int", "points", "percent", "date", "moment"]
BOM = "\ufeff"
MAX_WIDTH = 60
"""Columns wider than this wrap their text instead."""
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"


@dataclass
class Sheet:
    title: str
    """The sheet's name in a workbook (at most 31 characters, Excel's limit)."""
    columns: tuple[Column, ...]
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


# --- cells -------------------------------------------------------------------------------

def _vn(t: datetime) -> datetime:
    aware = t if t.tzinfo else t.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(fmt.VN_ZONE))


def _csv_cell(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime):
        return _vn(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float | int):
        d = value if isinstance(value, Decimal) else Decimal(repr(value)) \
            if isinstance(value, float) else Decimal(value)
        text = f"{d.normalize():f}" if d != 0 else "0"
        return text
    return str(value)


def _xlsx_cell(value: Any, kind: Kind) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime):
        return _vn(value).replace(tzinfo=None)  # Excel has no time zones: Vietnam time
    return value


def _shown(value: Any, kind: Kind) -> str:
    """How wide the cell reads in Excel (for fitting the column)."""
    if value is None:
        return ""
    if kind == "date" or (isinstance(value, date) and not isinstance(value, datetime)):
        return "00/00/0000"
    if kind == "moment" or isinstance(value, datetime):
        return "00/00/0000 00:00"
    if kind == "percent":
        return fmt.percent(value)
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return fmt.number(value, 2)
    return str(value)


_FORMATS: dict[str, str] = {"int": "#,##0", "percent": "0.0%", "date": "dd/mm/yyyy",
                            "moment": "dd/mm/yyyy hh:mm"}


# --- writers -----------------------------------------------------------------------------

def sheet_csv(sheet: Sheet, bom: bool = True) -> str:
    """The sheet as CSV text (with the BOM unless ``bom=False``: for a terminal)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(sheet.headers)
    for r in sheet.rows:
        w.writerow([_csv_cell(v, c.kind) for v, c in zip(r, sheet.columns, strict=True)])
    return (BOM if bom else "") + buf.getvalue()


def sheet_csv_bytes(sheet: Sheet) -> bytes:
    return sheet_csv(sheet).encode("utf-8")


def write_workbook(sheets: Sequence[Sheet], path: Path | IO[bytes]) -> None:
    """One worksheet per sheet: typed cells, fitted columns, frozen bold header, filter."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        ws.append(sheet.headers)
        for r in sheet.rows:
            ws.append([_xlsx_cell(v, c.kind) for v, c in zip(r, sheet.columns, strict=True)])
        for i, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            longest = max([len(col.header)] + [
                max((len(line) for line in _shown(r[i - 1], col.kind).splitlines()), default=0)
                for r in sheet.rows])
            width = min(max(longest + 2, 8), MAX_WIDTH)
            ws.column_dimensions[letter].width = width
            number_format = _FORMATS.get(col.kind)
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if number_format and cell.value is not None and not isinstance(cell.value, str):
                    cell.number_format = number_format
                if isinstance(cell.value, str) and (len(cell.value) > width or
                                                    "\n" in cell.value):
                    cell.alignment = wrap
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.freeze_panes = "A2"
        last = get_column_letter(max(len(sheet.columns), 1))
        ws.auto_filter.ref = f"A1:{last}{max(len(sheet.rows) + 1, 1)}"
    wb.save(path)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    buf = io.BytesIO()
    write_workbook(sheets, buf)
    return buf.getvalue()


# --- scores ------------------------------------------------------------------------------

_UNIT = (Column("Mã đơn vị"), Column("Đơn vị"), Column("Cấp"))
DETAIL_COLUMNS = (*_UNIT, Column("Mã tiêu chí"), Column("Tiêu chí"),
                  Column("Điểm tối đa", "points"), Column("Điểm tự đánh giá", "points"),
                  Column("Điểm xác minh", "points"), Column("Lý do mất điểm"),
                  Column("Vấn đề liên quan"))
HEADERS = tuple(c.header for c in DETAIL_COLUMNS)
RANKING_COLUMNS = (*_UNIT, Column("Điểm tối đa", "points"), Column("Điểm tự đánh giá", "points"),
                   Column("Điểm xác minh", "points"), Column("Chênh lệch", "points"),
                   Column("Xếp hạng tự đánh giá"), Column("Xếp hạng xác minh"),
                   Column("Thứ tự", "int"), Column("Không xếp hạng vì"))


def standing(u: UnitScore) -> str:
    """«xếp hạng B, thứ 2» or «không xếp hạng: …»."""
    if u.rank:
        return f"xếp hạng {u.rank}" + (f", thứ {u.position}" if u.position else "")
    return f"không xếp hạng: {u.not_ranked}" if u.not_ranked else "không xếp hạng"


def rows(scores: Iterable[UnitScore]) -> list[list[Any]]:
    """One row per unit and criterion, then its groups and its total."""
    out: list[list[Any]] = []
    for u in scores:
        head = [u.unit, u.name, fmt.label("level", u.level)]
        for c in u.criteria:
            out.append([*head, c.code, c.title, c.max_points, c.claimed, c.verified,
                        c.reason if c.applicable else "không áp dụng",
                        "; ".join(c.findings)])
        for g in u.groups:
            out.append([*head, f"nhóm {g.code}", g.title, g.max_points, g.claimed,
                        g.verified, "", ""])
        out.append([*head, "tổng", standing(u), u.max_points, u.claimed, u.verified,
                    "; ".join(u.tier_reasons), ""])
    return out


def ranking_sheet(scores: Iterable[UnitScore]) -> Sheet:
    return Sheet("Xếp hạng", RANKING_COLUMNS, [
        [u.unit, u.name, fmt.label("level", u.level), u.max_points, u.claimed, u.verified,
         u.verified - u.claimed, u.claimed_rank or "", u.rank or "", u.position,
         u.not_ranked] for u in scores])


def detail_sheet(scores: Iterable[UnitScore]) -> Sheet:
    return Sheet("Chi tiết", DETAIL_COLUMNS, rows(scores))


def to_csv(scores: list[UnitScore], bom: bool = True) -> str:
    """The details as CSV (one row per unit and criterion, group and total)."""
    return sheet_csv(detail_sheet(scores), bom=bom)


def write_xlsx(scores: list[UnitScore], path: Path | IO[bytes]) -> None:
    """Two sheets: the ranking (one row per unit) and the details (every criterion)."""
    write_workbook([ranking_sheet(scores), detail_sheet(scores)], path)


def to_json(scores: list[UnitScore]) -> list[dict[str, Any]]:
    def plain(v: Any) -> Any:
        if isinstance(v, Decimal):
            return float(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [plain(x) for x in v]
        return v

    return [plain(asdict(u)) for u in scores]


# --- decisions and the audit log ---------------------------------------------------------

DECISION_COLUMNS = (Column("Thời điểm (giờ Việt Nam)", "moment"), Column("Người thực hiện"),
                    Column("Hành động"), Column("Lý do"), Column("Mã đơn vị"), Column("Đơn vị"),
                    Column("Tiêu chí"), Column("Vấn đề"), Column("Nội dung vấn đề"),
                    Column("Tệp"), Column("Trước"), Column("Sau"), Column("Số hiệu", "int"))

_STATE_WORDS = {"finding_status": "vấn đề", "status": "trạng thái",
                "confirmed_value": "giá trị xác nhận", "unit": "đơn vị", "criterion": "tiêu chí",
                "file": "tệp", "revised_points": "điểm sửa lại", "complaint": "khiếu nại số"}
_STATE_VALUES = {**fmt.FINDING_STATUSES, **fmt.CLAIM_STATUSES}


def action_label(action: str) -> str:
    """``accept`` → «chấp nhận»; ``complaint:accepted`` → «khiếu nại: chấp nhận»."""
    if action.startswith("complaint:"):
        return "khiếu nại: " + fmt.label("complaint_status", action.split(":", 1)[1])
    return fmt.label("decision", action)


def _state(text: str) -> str:
    """A decision's before/after JSON in words: «vấn đề: đã chấp nhận; …»."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return text
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for k, v in data.items():
        shown = _STATE_VALUES.get(str(v), fmt.number(v) if isinstance(v, int | float) and
                                  not isinstance(v, bool) else "—" if v is None else str(v))
        parts.append(f"{_STATE_WORDS.get(k, k)}: {shown}")
    return "; ".join(parts)


def decision_sheet(session: Session, campaign_id: int, audit: bool = False) -> Sheet:
    """The reviewers' decisions on findings and claims (accept, reject, override), oldest
    first; with ``audit`` every audited act of the campaign (files reassigned, complaints
    decided too): the audit log."""
    from sqlmodel import col, select

    from kiemchung.core.codes import FindingCode
    from storage.models import Claim, Criterion, Decision, Evidence, Finding, Unit
    from storage.publication import Complaint

    units = {u.id: u for u in session.exec(select(Unit).where(Unit.campaign_id == campaign_id))}
    crits = {c.id: c for c in session.exec(select(Criterion).where(
        Criterion.campaign_id == campaign_id))}
    findings = {f.id: f for f in session.exec(select(Finding).where(
        Finding.campaign_id == campaign_id))}
    claims = {c.id: c for c in session.exec(select(Claim).where(Claim.campaign_id == campaign_id))}
    evidence = {e.id: e for e in session.exec(select(Evidence).where(
        Evidence.campaign_id == campaign_id))}
    complaints = {c.id: c for c in session.exec(select(Complaint).where(
        Complaint.campaign_id == campaign_id))}
    sheet = Sheet("Nhật ký thẩm định" if audit else "Quyết định thẩm định", DECISION_COLUMNS)
    for d in session.exec(select(Decision).order_by(col(Decision.created_at), col(Decision.id))):
        f = findings.get(d.finding_id) if d.finding_id else None
        c = claims.get(d.claim_id) if d.claim_id else None
        e = evidence.get(d.evidence_id) if d.evidence_id else None
        complaint = None
        if d.action.startswith("complaint:"):
            try:
                complaint = complaints.get(int(json.loads(d.after_json).get("complaint")))
            except (ValueError, TypeError, AttributeError):
                complaint = None
        if f is None and c is None and e is None and complaint is None:
            continue  # another campaign's act
        if not audit and d.action not in ("accept", "reject", "override"):
            continue
        unit_id = (f.unit_id if f else None) or (c.unit_id if c else None) or \
            (e.unit_id if e else None) or (complaint.unit_id if complaint else None)
        crit_id = (f.criterion_id if f else None) or (c.criterion_id if c else None) or \
            (e.criterion_id if e else None)
        u, cr = units.get(unit_id), crits.get(crit_id)
        criterion = f"{cr.code} {cr.title}" if cr else (
            complaint.criterion_code or "toàn bộ" if complaint else "")
        if e is None and f is not None and f.evidence_id:
            e = evidence.get(f.evidence_id)
        title = FindingCode(f.code).title_vi if f and f.code in FindingCode.__members__ else \
            (f.code if f else "")
        sheet.rows.append([d.created_at, d.actor, action_label(d.action), d.reason,
                           u.code if u else "", u.name if u else "", criterion, title,
                           f.message if f else "", e.source_path if e else "",
                           _state(d.before_json), _state(d.after_json), d.id])
    return sheet
