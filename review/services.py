"""What the web app's handlers do beyond reading: reviewers' decisions, portal uploads and
replacements, re-scoring after a change. HTTP-free: a refusal is a ``Refused`` carrying
the Vietnamese message and the status the app answers with."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from flows.confirm_stage import confirm_claims, decide
from flows.context import RunContext
from flows.ingest import ingest_file
from flows.resubmission import ReplyTo
from flows.score_stage import rescore_unit, score_campaign
from kiemchung.core.codes import Severity
from kiemchung.core.text import NumberFormatError, parse_number
from kiemchung.core.vocabulary import FindingStatus
from storage.assignment import apply_rules
from storage.models import Claim, Criterion, Evidence, Finding, Unit, Upload, User, utcnow
from verifiers.classify import sniff_media_type

log = logging.getLogger(__name__)
SNIFF = 4096

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


def rescore(ctx: RunContext, unit_id: int | None = None) -> None:
    """Confirmation and scoring again, the path the nightly flow takes: of one unit
    (placed among the others' stored scores) when a decision touched only it."""
    if unit_id is None:
        confirm_claims(ctx)
        score_campaign(ctx)
        return
    confirm_claims(ctx, unit_id)
    rescore_unit(ctx, unit_id)


def rescore_units(ctx: RunContext, unit_ids: set[int | None]) -> None:
    """After decisions on several findings: each unit alone, or all at once when a
    finding had no unit or there are many."""
    if None in unit_ids or len(unit_ids) > 5:
        rescore(ctx)
        return
    for uid in sorted(u for u in unit_ids if u is not None):
        rescore(ctx, uid)


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
            number = parse_number(value) / (100 if value.strip().endswith("%") else 1)
        except (NumberFormatError, ArithmeticError):
            return f"giá trị «{value}» không phải là số"
        crit = db.get(Criterion, x.criterion_id) if x.criterion_id else None
        problem = override_problem(ctx, crit.code if crit else "", number)
        if problem:
            return problem
        decide(db, actor=user.username, action="accept", reason=text, finding_id=fid)
        decide(db, actor=user.username, action="override", reason=text,
               claim_id=claim.id, value=number)
        return None
    if x.status not in (FindingStatus.OPEN, FindingStatus.ACCEPTED, FindingStatus.REJECTED):
        return "vấn đề đã tự đóng (minh chứng đã được thay thế)"
    decide(db, actor=user.username, action=action, reason=text, finding_id=fid)
    return None


def override_problem(ctx: RunContext, criterion: str, number: Decimal) -> str | None:
    """Why a reviewer's value cannot stand for the criterion's figure (None if it can):
    a finite number within what the criterion's rule reads (a share 0–1 or a percentage
    0–100 for a ratio, 0 or 1 for yes/no; a criterion scored by categories takes none)."""
    if not number.is_finite():
        return "giá trị phải là một số hữu hạn"
    if number < 0:
        return "giá trị không được âm"
    spec = next((c for c in ctx.criteria_set.criteria if c.code == criterion), None) \
        if ctx.criteria_set else None
    if spec is None:
        return None
    kind = spec.rule.kind
    if kind == "categories":
        return "tiêu chí chấm theo mức: không ghi đè bằng một số, hãy chấp nhận hoặc trả lại"
    if kind == "yes_no" and number not in (0, 1):
        return "tiêu chí có/không: giá trị là 1 (có) hoặc 0 (không)"
    if kind.startswith("ratio") and number > 100:
        return "tỷ lệ phải từ 0 đến 100% (hoặc từ 0 đến 1)"
    return None


def next_open(db: Session, campaign_id: int, after: int) -> int | None:
    """The next open finding after ``after`` (wrapping round), for «lưu và sang tiếp»."""
    ids = [i for i in db.exec(select(Finding.id).where(
        Finding.campaign_id == campaign_id, Finding.status == FindingStatus.OPEN)
        .order_by(col(Finding.id))) if i is not None]
    later = [i for i in ids if i > after]
    rest = later or [i for i in ids if i != after]
    return rest[0] if rest else None


CHUNK = 1024 * 1024
_ingesting = threading.Lock()
"""One portal upload ingested at a time in this process (SQLite has one writer anyway)."""


@dataclass(frozen=True)
class Stored:
    """A portal upload, on disk and recorded; ingested right after the answer."""

    path: str
    """Relative to the uploads folder."""
    upload_id: int
    same_as: str = ""
    """The unit's earlier file with the same content, if any (reported, still kept)."""


def _refuse_for_level(ctx: RunContext, unit: Unit, criterion: str) -> None:
    spec = ctx.cfg.criterion(criterion)
    if spec is None:
        raise Refused(400, f"Tiêu chí «{criterion}» không có trong đợt đánh giá.")
    if spec.levels and unit.level not in spec.levels:
        raise Refused(400, f"Tiêu chí «{criterion}» không áp dụng cho đơn vị cấp của bạn: "
                           "không nhận minh chứng cho tiêu chí này.")


_unit_locks: dict[int, threading.Lock] = {}
_unit_locks_guard = threading.Lock()


def _unit_lock(unit_id: int) -> threading.Lock:
    """One lock per unit in this process: two uploads of one unit at the same moment
    must not both pass the quota check (the database row lock below does the same
    across processes on PostgreSQL)."""
    with _unit_locks_guard:
        return _unit_locks.setdefault(unit_id, threading.Lock())


def _lock_unit_row(db: Session, unit_id: int) -> None:
    """``SELECT … FOR UPDATE`` on the unit's row until the transaction ends (PostgreSQL;
    SQLite ignores it and serialises its writers anyway)."""
    db.exec(select(Unit.id).where(Unit.id == unit_id).with_for_update()).one()


def _quota_used(db: Session, unit_id: int) -> tuple[int, int]:
    count, total = db.exec(select(func.count(col(Upload.id)), func.coalesce(
        func.sum(col(Upload.size)), 0)).where(Upload.unit_id == unit_id)).one()
    return int(count), int(total)


def _refuse_over_quota(ctx: RunContext, used: tuple[int, int], size: int) -> None:
    quota = ctx.cfg.portal
    if used[0] + 1 > quota.max_files_per_unit:
        raise Refused(413, f"Đơn vị đã gửi đủ {quota.max_files_per_unit} tệp, mức tối đa "
                           "của đợt đánh giá: không nhận thêm. Liên hệ cơ quan thẩm định nếu "
                           "cần gửi thêm.")
    if used[1] + size > quota.max_mib_per_unit * 1024 * 1024:
        left = max(0, quota.max_mib_per_unit * 1024 * 1024 - used[1]) // (1024 * 1024)
        raise Refused(413, f"Vượt dung lượng tối đa {quota.max_mib_per_unit} MB cho mỗi đơn "
                           f"vị (còn khoảng {left} MB): không nhận tệp này. Liên hệ cơ quan "
                           "thẩm định nếu cần gửi thêm.")


def _spool(stream: BinaryIO, folder: Path, limit: int) -> tuple[Path, str, int, bytes]:
    """The upload copied in chunks into a hidden file of ``folder`` (created exclusively;
    the folder walk skips hidden files): its path, sha256, size and first bytes."""
    tmp = folder / f".upload-{secrets.token_hex(8)}.part"
    digest, size, head = hashlib.sha256(), 0, b""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise Refused(413, f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
                if len(head) < SNIFF:
                    head += chunk[:SNIFF - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, digest.hexdigest(), size, head


def _place(tmp: Path, folder: Path, stem: str, suffix: str) -> Path:
    """Give the file its own name: ``stem.pdf``, else ``stem-2.pdf``, … A hard link is
    created only where no file exists (exclusive creation), so two uploads of one name
    at the same moment both land, neither over the other."""
    k = 1
    while True:
        target = folder / (f"{stem}{suffix}" if k == 1 else f"{stem}-{k}{suffix}")
        try:
            os.link(tmp, target)
        except FileExistsError:
            k += 1
            continue
        tmp.unlink()
        return target


def store_upload(db: Session, ctx: RunContext, user: User, unit: Unit, criterion: str,
                 stream: BinaryIO, filename: str | None, reply: ReplyTo | None = None
                 ) -> Stored:
    """Into the uploads folder under a name of its own, recorded as an ``Upload`` in one
    transaction; ``ingest_pending`` then ingests it alone (``reply``: what the file
    answers; it then replaces the rejected file and is judged against the resubmission
    deadline). Verification follows on the next run."""
    _refuse_for_level(ctx, unit, criterion)
    assert unit.id is not None
    _refuse_over_quota(ctx, _quota_used(db, unit.id), 0)
    folder = ctx.cfg.resolve(ctx.cfg.uploads) / unit.code / criterion
    folder.mkdir(parents=True, exist_ok=True)
    tmp, sha, size, head = _spool(stream, folder, ctx.settings.max_upload_bytes)
    try:
        if not size:
            raise Refused(400, "Tệp rỗng.")
        media = sniff_media_type(head)
        if media not in UPLOAD_TYPES:
            raise Refused(415, "Chỉ nhận tệp PDF, PNG, JPEG hoặc WebP (theo nội dung tệp, "
                               "không theo tên).")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with _unit_lock(unit.id):
        return _record_upload(db, ctx, user, unit, criterion, folder, filename, reply,
                              tmp, sha, size, UPLOAD_TYPES[media])


def _record_upload(db: Session, ctx: RunContext, user: User, unit: Unit, criterion: str,
                   folder: Path, filename: str | None, reply: ReplyTo | None, tmp: Path,
                   sha: str, size: int, suffix: str) -> Stored:
    """The quota checked again with the unit locked, then the file placed and its
    ``Upload`` row committed before the lock is let go."""
    assert unit.id is not None
    try:
        _lock_unit_row(db, unit.id)
        _refuse_over_quota(ctx, _quota_used(db, unit.id), size)
    except BaseException:
        db.rollback()
        tmp.unlink(missing_ok=True)
        raise
    stem = SAFE_NAME.sub("-", Path(filename or "tep").stem).strip(".-")[:80] or "tep"
    target = _place(tmp, folder, stem, suffix)
    assert target.resolve().is_relative_to(folder.resolve())
    rel = f"{unit.code}/{criterion}/{target.name}"
    same = db.exec(select(Upload.source_path).where(
        Upload.unit_id == unit.id, Upload.sha256 == sha).order_by(col(Upload.id))).first()
    same = same or db.exec(select(Evidence.source_path).where(
        Evidence.unit_id == unit.id, Evidence.sha256 == sha,
        col(Evidence.replaced_at).is_(None))).first()
    row = Upload(campaign_id=ctx.campaign_id, unit_id=unit.id, source_path=rel,
                 original_name=(filename or "")[:255], sha256=sha, size=size,
                 uploaded_by=user.username,
                 reply_finding_id=reply.finding_id if reply else None,
                 replaces_id=reply.replaces_id if reply else None)
    db.add(row)
    try:
        db.commit()
    except BaseException:
        db.rollback()
        target.unlink(missing_ok=True)
        raise
    assert row.id is not None
    return Stored(rel, row.id, same or "")


def stored_vi(stored: Stored) -> str:
    text = (f"Đã nhận tệp {stored.path}; tệp sẽ được kiểm tra trong lần chạy tiếp theo "
            "(tệp gửi thay thế tệp bị trả lại được tính theo hạn gửi lại của thông báo).")
    if stored.same_as:
        text += (f" Lưu ý: tệp có nội dung trùng với tệp {stored.same_as} đã gửi trước; "
                 "cả hai đều được lưu.")
    return text


def ingest_pending(ctx: RunContext) -> int:
    """Ingest the portal uploads not ingested yet, each alone (``flows.ingest.ingest_file``),
    oldest first: run after each upload's answer and when the app starts (an upload
    whose server stopped before ingesting it is not lost). Returns how many."""
    done = 0
    with _ingesting, Session(ctx.engine) as db:
        rows = db.exec(select(Upload).where(
            Upload.campaign_id == ctx.campaign_id, col(Upload.ingested_at).is_(None),
            Upload.error == "").order_by(col(Upload.id))).all()
        for row in rows:
            reply = ReplyTo(finding_id=row.reply_finding_id, replaces_id=row.replaces_id) \
                    if row.reply_finding_id or row.replaces_id else None
            try:
                row.evidence_id = ingest_file(ctx, row.source_path, reply)
            except FileNotFoundError:
                row.error = "file missing from the uploads folder"
                log.warning("upload %s: %s", row.source_path, row.error)
            except IntegrityError:  # another process ingested it at the same moment
                log.info("upload %s was ingested elsewhere", row.source_path)
            row.ingested_at = utcnow()
            db.add(row)
            db.commit()
            done += 1
        if done and apply_rules(db, ctx.campaign_id):  # findings the upload opened
            db.commit()
    return done


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


def next_for(session: Session, campaign_id: int, after: int, user: User) -> int | None:
    """«Sang tiếp»: the next open finding given to ``user`` when ``after`` was theirs
    (clearing one's own queue), else the next open one of anybody's."""
    x = session.get(Finding, after)
    if x is None or x.assignee != user.username:
        return next_open(session, campaign_id, after)
    ids = [i for i in session.exec(select(Finding.id).where(
        Finding.campaign_id == campaign_id, Finding.status == FindingStatus.OPEN,
        Finding.assignee == user.username).order_by(col(Finding.id))) if i is not None]
    later = [i for i in ids if i > after]
    rest = later or [i for i in ids if i != after]
    return rest[0] if rest else None
