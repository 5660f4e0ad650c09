"""What the web app's handlers do beyond reading: reviewers' decisions, portal uploads and
replacements, re-scoring after a change. HTTP-free: a refusal is a ``Refused`` carrying
the Vietnamese message and the status the app answers with."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session, col, select

from flows.confirm_stage import confirm_claims, decide
from flows.context import RunContext
from flows.ingest import ingest_uploads
from flows.resubmission import ReplyTo
from flows.score_stage import score_campaign
from kiemchung.core.codes import Severity
from kiemchung.core.vocabulary import FindingStatus
from storage.models import Claim, Criterion, Evidence, Finding, Unit, User
from verifiers.classify import sniff_media_type

ACCEPT_REASONS = {
    "da-xac-minh": "Đã kiểm tra, minh chứng đạt yêu cầu",
    "giai-trinh-hop-ly": "Giải trình của đơn vị hợp lý",
    "loi-doc-so-lieu": "Lỗi đọc số liệu tự động, số liệu thực tế khớp",
    "khac": "Lý do khác",
}
REJECT_REASONS = {
    "khong-khop": "Số liệu tự đánh giá không khớp với minh chứng",
    "thieu-chu-ky": "Thiếu chữ ký số hợp lệ",
    "ngoai-thoi-gian": "Minh chứng ngoài thời gian đánh giá",
    "khong-doc-duoc": "Minh chứng không đọc được",
    "khac": "Lý do khác",
}
UPLOAD_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
                "image/webp": ".webp"}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class Refused(Exception):
    """A request the app refuses, with the Vietnamese reason shown to the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def rescore(ctx: RunContext) -> None:
    """Confirmation and scoring again, the path the nightly flow takes."""
    confirm_claims(ctx)
    score_campaign(ctx)


def suggestion_of(finding: Finding) -> str:
    return str(json.loads(finding.params_json or "{}").get("suggestion", ""))


def decide_finding(db: Session, ctx: RunContext, user: User, fid: int, action: str,
                   reason: str, reason_text: str, value: str) -> str | None:
    """Record a reviewer's decision on one finding: None when recorded, else why not
    (Vietnamese). The caller commits."""
    x = db.get(Finding, fid)
    if x is None or x.campaign_id != ctx.campaign_id:
        return f"không có vấn đề số {fid}"
    if action not in ("accept", "reject", "override"):
        return f"thao tác «{action}» không hợp lệ"
    reasons = ACCEPT_REASONS if action != "reject" else REJECT_REASONS
    if action != "override" and reason not in reasons:
        return "chọn lý do trong danh sách"
    text = (reason_text.strip() or reasons.get(reason, ""))[:1000]
    if action == "override":
        claim = db.exec(select(Claim).where(Claim.unit_id == x.unit_id,
                                            Claim.criterion_id == x.criterion_id)).first()
        if claim is None:
            return "vấn đề này không gắn với số liệu tự đánh giá nào"
        try:
            number = float(value.replace(",", ".").rstrip("%")) / (
                100 if value.strip().endswith("%") else 1)
        except ValueError:
            return f"giá trị «{value}» không phải là số"
        if number < 0:
            return "giá trị không được âm"
        decide(db, actor=user.username, action="accept", reason=text, finding_id=fid)
        decide(db, actor=user.username, action="override", reason=text,
               claim_id=claim.id, value=number)
        return None
    if x.status not in (FindingStatus.OPEN, FindingStatus.ACCEPTED, FindingStatus.REJECTED):
        return "vấn đề đã tự đóng (minh chứng đã được thay thế)"
    decide(db, actor=user.username, action=action, reason=text, finding_id=fid)
    return None


def next_open(db: Session, campaign_id: int, after: int) -> int | None:
    """The next open finding after ``after`` (wrapping round), for «lưu và sang tiếp»."""
    ids = [i for i in db.exec(select(Finding.id).where(
        Finding.campaign_id == campaign_id, Finding.status == FindingStatus.OPEN)
        .order_by(col(Finding.id))) if i is not None]
    later = [i for i in ids if i > after]
    rest = later or [i for i in ids if i != after]
    return rest[0] if rest else None


def store_upload(ctx: RunContext, unit: Unit, criterion: str, stream: BinaryIO,
                 filename: str | None, reply: ReplyTo | None = None) -> str:
    """Into the uploads folder, then the same ingest as the nightly run (``reply``: what
    the file answers; it then replaces the rejected file and is judged against the
    resubmission deadline). Verification follows on the next run. Returns the path
    relative to the uploads folder."""
    if ctx.cfg.criterion(criterion) is None:
        raise Refused(400, f"Tiêu chí «{criterion}» không có trong đợt đánh giá.")
    limit = ctx.settings.max_upload_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise Refused(413, f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
    if not data:
        raise Refused(400, "Tệp rỗng.")
    media = sniff_media_type(data)
    if media not in UPLOAD_TYPES:
        raise Refused(415, "Chỉ nhận tệp PDF, PNG, JPEG hoặc WebP (theo nội dung tệp, "
                           "không theo tên).")
    stem = SAFE_NAME.sub("-", Path(filename or "tep").stem).strip(".-")[:80]
    folder = ctx.cfg.resolve(ctx.cfg.uploads) / unit.code / criterion
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem or 'tep'}{UPLOAD_TYPES[media]}"
    k = 1
    while target.exists():
        k += 1
        target = folder / f"{stem or 'tep'}-{k}{UPLOAD_TYPES[media]}"
    assert target.resolve().is_relative_to(folder.resolve())
    tmp = target.with_suffix(target.suffix + ".part")
    tmp.write_bytes(data)
    tmp.rename(target)
    rel = f"{unit.code}/{criterion}/{target.name}"
    ingest_uploads(ctx, {rel: reply} if reply is not None else None)
    return rel


def replacement_of(db: Session, ctx: RunContext, unit: Unit, criterion: str,
                   replaces: str) -> ReplyTo:
    """A portal upload marked as the replacement of one of the unit's files with an open
    finding, in the criterion it is sent for."""
    ev = db.get(Evidence, int(replaces)) if replaces.isdigit() else None
    crit = db.exec(select(Criterion).where(Criterion.campaign_id == ctx.campaign_id,
                                           Criterion.code == criterion)).first()
    if ev is None or ev.unit_id != unit.id or crit is None or ev.criterion_id != crit.id \
            or ev.replaced_at is not None:
        raise Refused(400, "Tệp được thay thế không thuộc tiêu chí này hoặc đã được thay thế.")
    open_f = db.exec(select(Finding).where(
        Finding.evidence_id == ev.id, Finding.status == FindingStatus.OPEN,
        Finding.severity == Severity.BLOCKING).order_by(col(Finding.id))).first()
    if open_f is None:
        raise Refused(400, "Tệp này không bị trả lại: hãy gửi tệp mới như một minh chứng "
                           "bổ sung.")
    return ReplyTo(finding_id=open_f.id, replaces_id=ev.id)
