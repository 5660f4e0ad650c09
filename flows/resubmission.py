"""Resubmission: a file a unit sends in reply to a finding or a notice.

Such a file is judged against the resubmission deadline its notice gave (the notice's
date + ``resubmit_days``), not against the campaign's deadline, and it replaces the
rejected file it answers: the old row is withdrawn (``replaced_at``, ``replaced_by_id``),
its findings close, and the new file is verified on the next run.

A reply comes either from the portal (an upload marked as the replacement of a file or
a criterion with an open finding) or from the uploads folder (a new file under a
criterion while a notice is open for that unit and criterion). A late *first*
submission stays late: a reply inherits the lateness of the file it replaces.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from flows.campaign_keys import resubmit_days
from kiemchung.core.campaign_schema import CampaignConfig
from kiemchung.core.codes import Severity
from kiemchung.core.vocabulary import FindingStatus
from storage.models import Evidence, Finding, Notice


@dataclass(frozen=True)
class ReplyTo:
    """What a portal upload answers: a finding (and through it a file), or a file."""

    finding_id: int | None = None
    replaces_id: int | None = None


@dataclass
class OpenNotice:
    """The open notices of one unit and criterion, as ingest needs them."""

    notice_id: int
    deadline: date
    rejected: dict[int, str] = field(default_factory=dict)
    """Evidence id → path of the files with open blocking findings on that criterion."""


def open_notices(session: Session, campaign_id: int, unit_id: int
                 ) -> dict[int, OpenNotice]:
    """Per criterion id: the unit's latest notice that still lists an open finding on it,
    with the files whose blocking findings are open."""
    notices = list(session.exec(select(Notice).where(
        Notice.campaign_id == campaign_id, Notice.unit_id == unit_id)
        .order_by(col(Notice.seq))))
    if not notices:
        return {}
    listed: dict[str, Notice] = {}
    for n in notices:  # the later notice wins
        for fp in json.loads(n.findings_json):
            listed[fp] = n
    out: dict[int, OpenNotice] = {}
    files = {e.id: e.source_path for e in session.exec(select(Evidence).where(
        Evidence.campaign_id == campaign_id, Evidence.unit_id == unit_id,
        col(Evidence.replaced_at).is_(None)))}
    for f in session.exec(select(Finding).where(
            Finding.campaign_id == campaign_id, Finding.unit_id == unit_id,
            Finding.status == FindingStatus.OPEN, col(Finding.fingerprint).in_(list(listed)))):
        n = listed[f.fingerprint]
        if f.criterion_id is None or n.id is None:
            continue
        deadline = n.deadline or n.day or date.today()
        cur = out.get(f.criterion_id)
        if cur is None or deadline > cur.deadline:
            cur = OpenNotice(n.id, deadline, dict(cur.rejected) if cur else {})
            out[f.criterion_id] = cur
        if f.evidence_id is not None and f.evidence_id in files and \
                f.severity == Severity.BLOCKING:
            cur.rejected[f.evidence_id] = files[f.evidence_id]
    return out


def finding_deadline(session: Session, cfg: CampaignConfig, finding: Finding
                     ) -> tuple[int | None, date]:
    """The notice that reported ``finding`` and its deadline; without a notice, the day
    the finding was opened + ``resubmit_days`` (the portal showed it to the unit)."""
    best: Notice | None = None
    for n in session.exec(select(Notice).where(Notice.campaign_id == finding.campaign_id,
                                               Notice.unit_id == finding.unit_id)):
        if finding.fingerprint in json.loads(n.findings_json) and n.deadline is not None and \
                (best is None or best.deadline is None or n.deadline > best.deadline):
            best = n
    if best is not None and best.deadline is not None:
        return best.id, best.deadline
    opened = finding.created_at
    day = opened.astimezone(ZoneInfo(cfg.timezone)).date() if opened.tzinfo else opened.date()
    return None, day + timedelta(days=resubmit_days(cfg))


def closest_rejected(rel: str, rejected: dict[int, str]) -> int | None:
    """Which rejected file a new file in the same folder replaces: the one whose name
    is closest, if close enough (``cv-2019-05-10-ky-lai`` for ``cv-2019-05-10-het-han``).
    A file with an unrelated name replaces nothing: it is an addition (still judged
    against the notice's deadline); the portal's form says exactly what it replaces."""
    name = PurePosixPath(rel).stem
    best, score = None, 0.6
    for eid, path in sorted(rejected.items()):
        r = difflib.SequenceMatcher(None, name, PurePosixPath(path).stem).ratio()
        if r > score:
            best, score = eid, r
    return best


def first_submission(session: Session, ev: Evidence) -> Evidence:
    """The file at the start of ``ev``'s replacement chain (``ev`` itself if none)."""
    seen = {ev.id}
    node = ev
    while node.replaces_id is not None and node.replaces_id not in seen:
        prev = session.get(Evidence, node.replaces_id)
        if prev is None:
            break
        seen.add(prev.id)
        node = prev
    return node
