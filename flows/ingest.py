"""Ingest: walk the uploads folder, store new files in the blob store, record them
as Evidence, and import the self-assessment sheets as Claims.

Folder convention: ``<uploads>/<unit code>/<criterion code>/<file>``. A file that
does not fit it is still stored and recorded, with a finding that says why.
"""

from __future__ import annotations

import csv
import difflib
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from flows.campaign_keys import resubmit_days
from flows.context import RunContext
from flows.resubmission import (
    OpenNotice,
    ReplyTo,
    closest_rejected,
    finding_deadline,
    open_notices,
)
from kiemchung.core.codes import FindingCode
from kiemchung.core.errors import UploadsFolderMissing
from kiemchung.core.vocabulary import ClaimStatus, FileKind
from storage.blobs import sha256_file
from storage.claims_sheet import read_claims_csv, read_claims_xlsx
from storage.findings import NewFinding, close_for_evidence, close_scope, sync_findings
from storage.models import Claim, Criterion, Evidence, Finding, Unit, Upload, utcnow
from verifiers.classify import sniff_media_type

log = logging.getLogger(__name__)

BATCH = 50
"""Files per commit: a crash loses at most one batch of (re-doable) work."""
SNIFF_BYTES = 4096
"""Ingest only sniffs the type; the verify stage parses the file and sets its kind."""
PROVISIONAL_KIND = {"application/pdf": FileKind.PDF_TEXT, "image/png": FileKind.IMAGE,
                    "image/jpeg": FileKind.IMAGE, "image/webp": FileKind.IMAGE}


@dataclass
class IngestStats:
    seen: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    withdrawn: int = 0
    too_large: int = 0
    claims_loaded: int = 0
    claim_rows_rejected: int = 0
    new_paths: list[str] = field(default_factory=list)


def scan_uploads(root: Path) -> list[Path]:
    """Every regular file under ``root``; hidden files and symlinks are skipped."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if name.startswith(".") or p.is_symlink():
                continue
            out.append(p)
    return out


def read_received_log(path: Path | None, tz: str) -> dict[str, datetime]:
    """Optional CSV (``path,received_at``) exported by the upload system: when each
    file was really received. Without it, the time kiemchung first saw a file counts."""
    if path is None or not path.is_file():
        return {}
    out: dict[str, datetime] = {}
    zone = ZoneInfo(tz)
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            try:
                when = datetime.fromisoformat(row["received_at"].strip())
            except (KeyError, ValueError, AttributeError):
                log.warning("received log %s: bad row %s", path, row)
                continue
            out[row["path"].strip()] = when if when.tzinfo else when.replace(tzinfo=zone)
    return out


class Known(NamedTuple):
    """A stored upload, as much of it as ingest needs to tell what changed."""

    id: int
    size: int
    mtime_ns: int | None
    sha256: str
    live: bool = True
    """False for a file withdrawn because a reply replaced it: it may stay on disk
    (the unit sent the replacement under another name) without being taken again."""


def _no_progress(done: int, total: int) -> None:
    """The default progress callback: nothing (the CLI passes one that draws a bar)."""


def ingest_uploads(ctx: RunContext, replying: Mapping[str, ReplyTo] | None = None,
                   on_progress: Callable[[int, int], None] = _no_progress) -> IngestStats:
    """``replying``: portal uploads (path under the uploads folder) sent in reply to a
    finding or as the replacement of a file; see ``flows.resubmission``.
    ``on_progress(done, total)`` is called per file."""
    replying = dict(replying or {})
    root = ctx.cfg.resolve(ctx.cfg.uploads)
    if not root.is_dir():
        raise UploadsFolderMissing(root)
    received = read_received_log(
        ctx.cfg.resolve(ctx.cfg.received_log) if ctx.cfg.received_log else None,
        ctx.cfg.timezone)
    stats = IngestStats()
    cid = ctx.campaign_id
    with Session(ctx.engine) as session:
        units = {u.code: u for u in session.exec(select(Unit).where(Unit.campaign_id == cid))}
        crits = {c.code: c for c in
                 session.exec(select(Criterion).where(Criterion.campaign_id == cid))}
        # what is stored now, as plain tuples (not ORM objects): memory stays small
        # however many files the campaign has
        current: dict[str, Known] = {}
        for r in session.execute(
                sa_select(col(Evidence.source_path), col(Evidence.id), col(Evidence.size),
                          col(Evidence.source_mtime_ns), col(Evidence.sha256),
                          col(Evidence.replaced_at)).where(
                    col(Evidence.campaign_id) == cid,
                    col(Evidence.replaced_at).is_(None) | col(Evidence.replaced_by_id).is_not(
                        None)).order_by(col(Evidence.id))):
            prev = current.get(r[0])
            if prev is None or not prev.live:  # the live row at a path wins, else the latest
                current[r[0]] = Known(r[1], r[2], r[3], r[4], r[5] is None)
        portal = _portal_uploads_waiting(session, cid, replying)
        notices: dict[int, dict[int, OpenNotice]] = {}
        on_disk: set[str] = set()
        pending = 0
        paths = scan_uploads(root)
        for path in paths:
            on_progress(stats.seen, len(paths))
            rel = path.relative_to(root).as_posix()
            on_disk.add(rel)
            stats.seen += 1
            st = path.stat()
            old = current.get(rel)
            if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
                stats.unchanged += 1
                continue
            if st.st_size > ctx.settings.max_upload_bytes:
                stats.too_large += 1
                sync_findings(session, cid, f"ingest:{rel}", [NewFinding(
                    FindingCode.FILE_TOO_LARGE, f"path:{rel}",
                    {"file": rel, "size": st.st_size, "limit": ctx.settings.max_upload_bytes})])
                continue
            digest = sha256_file(path)
            if old is not None and old.sha256 == digest:
                row = session.get(Evidence, old.id)
                assert row is not None
                row.source_mtime_ns = st.st_mtime_ns  # touched, not changed
                session.add(row)
                stats.unchanged += 1
                continue
            previous = None
            if old is not None and old.live:
                previous = row = session.get(Evidence, old.id)
                assert row is not None
                row.replaced_at = utcnow()
                session.add(row)
                close_for_evidence(session, cid, old.id)
                stats.replaced += 1
            ev = _record(ctx, session, path, rel, digest, st, units, crits, received,
                         previous)
            assert ev.id is not None
            current[rel] = Known(ev.id, ev.size, ev.source_mtime_ns, ev.sha256)
            gone = _link_reply(ctx, session, ev, replying.get(rel),
                               old.id if old is not None and old.live else None, notices)
            if gone is not None:
                k = current.get(gone.source_path)
                if k is not None and k.id == gone.id:
                    current[gone.source_path] = k._replace(live=False)
                if gone.source_path != rel:
                    stats.replaced += 1
            if rel in portal:  # the walk came before the upload's own ingest
                upload = portal.pop(rel)
                upload.evidence_id, upload.ingested_at = ev.id, utcnow()
                session.add(upload)
            stats.new += 1
            stats.new_paths.append(rel)
            pending += 1
            if pending >= BATCH:
                session.commit()  # (the session holds committed rows weakly: they go)
                pending = 0
        on_progress(stats.seen, len(paths))
        for rel, known in current.items():
            if rel not in on_disk and known.live:
                row = session.get(Evidence, known.id)
                assert row is not None
                row.replaced_at = utcnow()
                session.add(row)
                close_scope(session, cid, f"ingest:{rel}")
                close_for_evidence(session, cid, known.id)
                stats.withdrawn += 1
        session.commit()
        claims_loaded, rejected = import_claims(ctx, session, units, crits)
        stats.claims_loaded, stats.claim_rows_rejected = claims_loaded, rejected
        session.commit()
    return stats


def _portal_uploads_waiting(session: Session, campaign_id: int,
                            replying: dict[str, ReplyTo]) -> dict[str, Upload]:
    """Portal uploads stored but not ingested yet (their background ingest has not run,
    or the server stopped first), by path. The folder walk ingests them with what they
    answer (added to ``replying``) and marks them ingested, so a reply keeps its link
    to the finding whichever of the two comes first."""
    rows = {u.source_path: u for u in session.exec(select(Upload).where(
        Upload.campaign_id == campaign_id, col(Upload.ingested_at).is_(None),
        Upload.error == ""))}
    for rel, u in rows.items():
        if (u.reply_finding_id or u.replaces_id) and rel not in replying:
            replying[rel] = ReplyTo(finding_id=u.reply_finding_id, replaces_id=u.replaces_id)
    return rows


def ingest_file(ctx: RunContext, rel: str, reply: ReplyTo | None = None) -> int:
    """One file under the uploads folder, alone, as the folder walk takes it (a portal
    upload right after it was stored, instead of walking every folder inside the
    request): the id of its Evidence row, the existing one when the file at ``rel`` is
    already recorded with this content."""
    path = ctx.cfg.resolve(ctx.cfg.uploads) / rel
    cid = ctx.campaign_id
    received = read_received_log(
        ctx.cfg.resolve(ctx.cfg.received_log) if ctx.cfg.received_log else None,
        ctx.cfg.timezone)
    with Session(ctx.engine) as session:
        units = {u.code: u for u in session.exec(select(Unit).where(Unit.campaign_id == cid))}
        crits = {c.code: c for c in
                 session.exec(select(Criterion).where(Criterion.campaign_id == cid))}
        st = path.stat()
        digest = sha256_file(path)
        live = session.exec(select(Evidence).where(
            Evidence.campaign_id == cid, Evidence.source_path == rel,
            col(Evidence.replaced_at).is_(None)).order_by(col(Evidence.id).desc())).first()
        if live is not None and live.sha256 == digest:
            assert live.id is not None
            return live.id
        if live is not None:
            live.replaced_at = utcnow()
            session.add(live)
            close_for_evidence(session, cid, live.id or 0)
        ev = _record(ctx, session, path, rel, digest, st, units, crits, received, live)
        _link_reply(ctx, session, ev, reply, live.id if live is not None else None, {})
        session.commit()
        assert ev.id is not None
        return ev.id


def _unknown(code: FindingCode, rel: str, folder: str, known: list[str]) -> NewFinding:
    """An unknown unit or criterion folder, with the closest known code suggested."""
    close = difflib.get_close_matches(folder, known, n=1, cutoff=0.6)
    params: dict[str, object] = {"file": rel, "folder": folder,
                                 "suggestion": close[0] if close else ""}
    message = code.message_vi(**params)
    if close:
        message = message.rstrip(".") + f". Có phải ý bạn là «{close[0]}»?"
    return NewFinding(code, f"path:{rel}", params, message=message)


def _criteria_for(ctx: RunContext, unit: Unit | None, crits: dict[str, Criterion]) -> list[str]:
    """The criterion codes a unit's level has (all when the unit is unknown)."""
    if unit is None:
        return list(crits)
    own = [c.code for c in ctx.cfg.criteria if not c.levels or unit.level in c.levels]
    return [c for c in own if c in crits] or list(crits)


def _record(ctx: RunContext, session: Session, path: Path, rel: str, digest: str,
            st: os.stat_result, units: dict[str, Unit], crits: dict[str, Criterion],
            received: dict[str, datetime], previous: Evidence | None = None) -> Evidence:
    """``previous``: the row this file's earlier version had at the same path."""
    cid = ctx.campaign_id
    units_by_id = {u.id: u for u in units.values()}
    crits_by_id = {c.id: c for c in crits.values()}
    key = ctx.blobs.put_file(path, digest)
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    media_type = sniff_media_type(head) if head else "application/octet-stream"
    parts = rel.split("/")
    problems: list[NewFinding] = []
    unit = crit = None
    if len(parts) != 3:
        problems.append(NewFinding(FindingCode.UPLOAD_PATH_UNKNOWN, f"path:{rel}", {"file": rel}))
    else:
        unit, crit = units.get(parts[0]), crits.get(parts[1])
        if unit is None:
            problems.append(_unknown(FindingCode.UNIT_UNKNOWN, rel, parts[0], list(units)))
        if crit is None:
            # under a known unit's folder the file is that unit's: it sees the finding
            problems.append(_unknown(FindingCode.CRITERION_UNKNOWN, rel, parts[1],
                                     _criteria_for(ctx, unit, crits)))
    if (unit is None or crit is None) and previous is not None:
        # a reviewer placed the file at this path already (reassigned): a new version
        # of it stays where it was placed
        unit = unit or units_by_id.get(previous.unit_id)
        crit = crit or crits_by_id.get(previous.criterion_id)
        problems = [] if unit is not None and crit is not None else problems
    ev = Evidence(
        campaign_id=cid, unit_id=unit.id if unit else None,
        criterion_id=crit.id if crit else None, source_path=rel, original_name=path.name,
        sha256=digest, size=st.st_size, media_type=media_type,
        kind=FileKind.EMPTY if not head else PROVISIONAL_KIND.get(media_type, FileKind.UNKNOWN),
        # stored in UTC: SQLite keeps no offset, so a naive time read back is UTC
        uploaded_at=received.get(rel, datetime.now(UTC)).astimezone(UTC), blob_key=key,
        source_mtime_ns=st.st_mtime_ns)
    session.add(ev)
    session.flush()
    if not head:
        problems.append(NewFinding(FindingCode.FILE_EMPTY, f"path:{rel}", {"file": rel}))
    problems = [NewFinding(p.code, p.subject, p.params, unit_id=ev.unit_id,
                           criterion_id=ev.criterion_id, evidence_id=ev.id, message=p.message)
                for p in problems]
    sync_findings(session, cid, f"ingest:{rel}", problems)
    return ev


def _link_reply(ctx: RunContext, session: Session, ev: Evidence, reply: ReplyTo | None,
                same_path: int | None, notices: dict[int, dict[int, OpenNotice]]
                ) -> Evidence | None:
    """Mark ``ev`` as a reply when it answers a finding or an open notice: it gets the
    resubmission deadline and withdraws the rejected file it replaces (returned)."""
    cid = ctx.campaign_id
    if ev.unit_id is None:
        return None
    if ev.unit_id not in notices:
        notices[ev.unit_id] = open_notices(session, cid, ev.unit_id)
    notice = notices[ev.unit_id].get(ev.criterion_id) if ev.criterion_id is not None else None
    target: int | None = same_path
    if reply is not None:
        finding = session.get(Finding, reply.finding_id) if reply.finding_id else None
        if finding is not None and finding.unit_id == ev.unit_id:
            ev.notice_id, ev.resubmit_deadline = finding_deadline(session, ctx.cfg, finding)
            target = target or finding.evidence_id
        elif notice is not None:
            ev.notice_id, ev.resubmit_deadline = notice.notice_id, notice.deadline
        else:
            ev.resubmit_deadline = datetime.now(ZoneInfo(ctx.cfg.timezone)).date() + \
                timedelta(days=resubmit_days(ctx.cfg))
        target = reply.replaces_id or target
    elif notice is not None:
        ev.notice_id, ev.resubmit_deadline = notice.notice_id, notice.deadline
        target = target or closest_rejected(ev.source_path, notice.rejected)
    if notice is not None and target is not None:
        notice.rejected.pop(target, None)
    old = session.get(Evidence, target) if target is not None and target != ev.id else None
    if old is None or old.campaign_id != cid or old.unit_id != ev.unit_id:
        session.add(ev)
        return None
    if old.replaced_at is None or old.replaced_by_id is None:
        old.replaced_at = old.replaced_at or utcnow()
        old.replaced_by_id = ev.id
        session.add(old)
        close_for_evidence(session, cid, old.id or 0)
    ev.replaces_id = old.id
    session.add(ev)
    log.info("%s replaces %s (resubmission deadline %s)", ev.source_path, old.source_path,
             ev.resubmit_deadline)
    return old


def import_claims(ctx: RunContext, session: Session, units: dict[str, Unit],
                  crits: dict[str, Criterion]) -> tuple[int, int]:
    """Load every claims sheet named in the campaign; upsert claims by (unit, criterion)."""
    cid = ctx.campaign_id
    loaded = rejected = 0
    for sheet in ctx.cfg.claims:
        path = ctx.cfg.resolve(sheet)
        name = path.name
        found: list[NewFinding] = []
        try:
            result = read_claims_xlsx(path.read_bytes()) if path.suffix.lower() == ".xlsx" \
                else read_claims_csv(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            found.append(NewFinding(FindingCode.CLAIM_ROW_INVALID, f"sheet:{name}:0",
                                    {"file": name, "row": 0, "detail": f"không đọc được ({exc})"}))
            sync_findings(session, cid, f"claims:{name}", found)
            continue
        for err in result.errors:
            row_unit = units.get(err.unit)
            found.append(NewFinding(FindingCode.CLAIM_ROW_INVALID, f"sheet:{name}:{err.row}",
                                    {"file": name, "row": err.row, "detail": err.detail},
                                    unit_id=row_unit.id if row_unit else None))
        for row in result.claims:
            unit, crit = units.get(row.unit), crits.get(row.criterion)
            if unit is None or crit is None:
                what = f"mã đơn vị «{row.unit}»" if unit is None else \
                    f"mã tiêu chí «{row.criterion}»"
                found.append(NewFinding(FindingCode.CLAIM_ROW_INVALID, f"sheet:{name}:{row.row}",
                                        {"file": name, "row": row.row,
                                         "detail": f"{what} không có trong đợt đánh giá"}))
                continue
            assert unit.id is not None and crit.id is not None
            claim = session.exec(select(Claim).where(
                Claim.campaign_id == cid, Claim.unit_id == unit.id,
                Claim.criterion_id == crit.id)).first()
            values = (row.value, row.numerator, row.denominator, row.category, row.note)
            if claim is None:
                claim = Claim(campaign_id=cid, unit_id=unit.id, criterion_id=crit.id)
            elif (claim.value, claim.numerator, claim.denominator, claim.category,
                  claim.note) != values:
                claim.status, claim.confirmed_value = ClaimStatus.CLAIMED, None
            (claim.value, claim.numerator, claim.denominator, claim.category,
             claim.note) = values
            claim.source = f"{name}:{row.row}"
            claim.reason = row.reason[:2000]
            session.add(claim)
            loaded += 1
        rejected += len(found)
        sync_findings(session, cid, f"claims:{name}", found)
    return loaded, rejected

