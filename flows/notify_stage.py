"""Notify: rejection notices for units whose signed evidence was rejected, and their
delivery through an outbox.

* One notice per unit per set of findings: a unit gets a new notice only when a
  triggering finding appears that no earlier notice reported (it then lists every
  open one); the same findings on later nights send nothing.
* Notices are numbered from the campaign's counter, rendered (PDF, HTML, text) into
  the blob store and kept in ``Notice`` before anything is sent, so a crash loses
  nothing and a rerun creates no duplicate (unique per unit and findings set).
* Sending retries with exponential backoff inside a run, then on later runs, and gives
  up after ``max_attempts``; every failure is kept in ``last_error``. Delivery is at
  least once: a crash between the server's acceptance and the commit resends it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from flows.campaign_keys import portal_url
from flows.context import RunContext
from kiemchung.core.codes import Severity
from kiemchung.core.errors import DeliveryError
from kiemchung.core.vocabulary import FindingStatus, NoticeStatus
from notices import rejection, smtp
from storage.models import Criterion, Evidence, Finding, Notice, Unit, utcnow

log = logging.getLogger("kiemchung.notices")


@dataclass
class NotifyStats:
    created: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0
    """Left in the outbox: no mail server configured, or not due yet."""


def _set_fingerprint(fingerprints: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(fingerprints)).encode()).hexdigest()


def make_notices(ctx: RunContext, today: date | None = None) -> int:
    """Create the notices the open findings call for; return how many were created."""
    spec = ctx.cfg.notices
    if spec is None:
        return 0
    cid = ctx.campaign_id
    day = today or datetime.now(ZoneInfo(ctx.cfg.timezone)).date()
    created = 0
    with Session(ctx.engine) as session:
        crits = {c.id: c for c in session.exec(
            select(Criterion).where(Criterion.campaign_id == cid))}
        files = {e.id: e.source_path for e in session.exec(
            select(Evidence).where(Evidence.campaign_id == cid))}
        by_unit: dict[int, list[Finding]] = defaultdict(list)
        for f in session.exec(select(Finding).where(
                Finding.campaign_id == cid, Finding.status == FindingStatus.OPEN,
                Finding.severity == Severity.BLOCKING,
                col(Finding.code).in_(rejection.TRIGGERS))):
            if f.unit_id is not None:
                by_unit[f.unit_id].append(f)
        for unit_id, found in sorted(by_unit.items()):
            covered: set[str] = set()
            for n in session.exec(select(Notice).where(Notice.campaign_id == cid,
                                                       Notice.unit_id == unit_id)):
                covered.update(json.loads(n.findings_json))
            current = sorted(f.fingerprint for f in found)
            if not set(current) - covered:
                continue
            unit = session.get(Unit, unit_id)
            assert unit is not None
            seq = (session.exec(select(func.max(Notice.seq)).where(
                Notice.campaign_id == cid)).one() or 0) + 1
            order = {c.code: i for i, c in enumerate(ctx.cfg.criteria)}
            items = tuple(sorted((_item(f, crits.get(f.criterion_id), files) for f in found),
                                 key=lambda it: (it.criterion == "",
                                                 order.get(it.criterion, len(order)),
                                                 it.criterion, it.file, it.code)))
            letter = rejection.NoticeLetter(
                number=rejection.notice_number(seq, spec.symbol), day=day,
                deadline=day + timedelta(days=spec.resubmit_days),
                subject=rejection.SUBJECT, unit_name=unit.name, campaign_name=ctx.cfg.name,
                items=items, issuer_parent=spec.issuer_parent, issuer=spec.issuer,
                place=ctx.cfg.place, signer_capacity=spec.signer_capacity,
                signer_title=spec.signer_title, signer_name=spec.signer_name,
                reply_to=spec.reply_to, portal_url=portal_url(ctx.cfg))
            notice = Notice(
                campaign_id=cid, unit_id=unit_id, seq=seq, number=letter.number,
                findings_fingerprint=_set_fingerprint(current),
                findings_json=json.dumps(current), recipient=unit.email or "",
                subject=f"[{letter.number}] V/v {letter.subject}", day=day,
                deadline=letter.deadline,
                pdf_blob_key=ctx.blobs.put_bytes(rejection.pdf(letter)),
                html_blob_key=ctx.blobs.put_bytes(rejection.email_html(letter).encode()),
                text_blob_key=ctx.blobs.put_bytes(rejection.email_text(letter).encode()))
            session.add(notice)
            session.commit()
            created += 1
            log.info("notice %s for unit %s: %d findings", letter.number, unit.code, len(items))
    return created


def _without_file(message: str, path: str, name: str) -> str:
    """The reason without the file's name: the letter shows it in its own column, and a
    long name in a narrow cell would have to be broken or set tiny."""
    if not path:
        return message
    for shown in (path, name):
        q = f"«{shown}»"
        message = message.replace(f"tệp {q}", "tệp").replace(f"Tệp {q}", "Tệp").replace(
            f"Trong {q}", "Trong tệp").replace(f"trong {q}", "trong tệp").replace(q, "tệp")
    return message


def _item(f: Finding, crit: Criterion | None, files: dict[int | None, str]
          ) -> rejection.RejectedItem:
    """The file by its own name (the unit and criterion are known to the reader; a file
    in a wrong criterion folder keeps that folder in its name)."""
    path = files.get(f.evidence_id, "") if f.evidence_id else ""
    name = path.split("/", 1)[-1] if crit is None else path.rsplit("/", 1)[-1]
    params = json.loads(f.params_json or "{}")
    return rejection.RejectedItem(
        crit.code if crit else "", name, f.code,
        _without_file(f.message, path, name),
        criterion_title=crit.title if crit else "",
        params=tuple(sorted((str(k), str(v)) for k, v in params.items())))


def pdf_filename(n: Notice) -> str:
    return f"thong-bao-{n.number.replace('/', '-')}.pdf"


def send_notices(ctx: RunContext, now: datetime | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> NotifyStats:
    """Send what is due in the outbox (nothing when the campaign has no mail server)."""
    stats = NotifyStats()
    spec = ctx.cfg.notices
    now = now or utcnow()
    with Session(ctx.engine) as session:
        due = list(session.exec(select(Notice).where(
            Notice.campaign_id == ctx.campaign_id,
            col(Notice.status).in_([NoticeStatus.PENDING, NoticeStatus.RETRY]))
            .order_by(col(Notice.seq))))
        if spec is None or spec.smtp is None:
            stats.waiting = len(due)
            return stats
        for n in due:
            if n.next_attempt_at is not None and _aware(n.next_attempt_at) > now:
                stats.waiting += 1
                continue
            _deliver(ctx, session, n, sleep)
            session.commit()
            if n.status == NoticeStatus.SENT:
                stats.sent += 1
            elif n.status == NoticeStatus.FAILED:
                stats.failed += 1
            else:
                stats.retrying += 1
    return stats


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=ZoneInfo("UTC"))


def _deliver(ctx: RunContext, session: Session, n: Notice,
             sleep: Callable[[float], None]) -> None:
    spec = ctx.cfg.notices
    assert spec is not None and spec.smtp is not None
    if not n.recipient:
        n.status, n.last_error = NoticeStatus.FAILED, "the unit has no e-mail address"
        session.add(n)
        return
    assert n.pdf_blob_key and n.html_blob_key and n.text_blob_key
    msg = smtp.build_message(
        spec.smtp, to=n.recipient, subject=n.subject,
        text=ctx.blobs.get(n.text_blob_key).decode(),
        html=ctx.blobs.get(n.html_blob_key).decode(), pdf=ctx.blobs.get(n.pdf_blob_key),
        filename=pdf_filename(n))
    for attempt in range(spec.retries_per_run):
        if attempt:
            sleep(spec.backoff_seconds * 2 ** (attempt - 1))
        try:
            smtp.send(spec.smtp, msg)
        except DeliveryError as exc:
            n.attempts += 1
            n.last_error = exc.message
            log.warning("notice %s to %s: attempt %d failed: %s", n.number, n.recipient,
                        n.attempts, exc.message)
            if n.attempts >= spec.max_attempts:
                n.status = NoticeStatus.FAILED
                break
            continue
        n.attempts += 1
        n.status, n.sent_at, n.last_error, n.next_attempt_at = (
            NoticeStatus.SENT, utcnow(), "", None)
        log.info("notice %s sent to %s", n.number, n.recipient)
        break
    else:
        n.status = NoticeStatus.RETRY
        n.next_attempt_at = utcnow() + timedelta(
            seconds=spec.backoff_seconds * 2 ** spec.retries_per_run)
    session.add(n)
