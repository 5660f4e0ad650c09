"""Writing findings idempotently.

A finding's fingerprint is its code plus its subject, so the same problem seen on
many nights is one row. Each stage owns a *scope* (for example the verification
of one evidence file): after the stage runs, open findings in that scope that were
not raised again are closed, which is how a replaced file clears its findings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from kiemchung.core.codes import FindingCode
from kiemchung.core.vocabulary import FindingStatus
from storage.models import Finding, utcnow


@dataclass(frozen=True)
class NewFinding:
    code: FindingCode
    subject: str
    """What the finding is about, stable across runs (e.g. ``evidence:12``)."""
    params: dict[str, object] = field(default_factory=dict)
    unit_id: int | None = None
    criterion_id: int | None = None
    evidence_id: int | None = None
    message: str | None = None
    """The message for people when a verifier wrote it already (else the catalogue's
    template filled with ``params``)."""

    def message_vi(self) -> str:
        return self.message or self.code.message_vi(**self.params)


def fingerprint(campaign_id: int, code: str, subject: str) -> str:
    return hashlib.sha256(f"{campaign_id}|{code}|{subject}".encode()).hexdigest()[:32]


def sync_findings(session: Session, campaign_id: int, scope: str,
                  found: Iterable[NewFinding]) -> tuple[int, int]:
    """Record ``found`` as the complete set of problems in ``scope``.

    Returns (newly opened, closed). Findings a reviewer decided stay as decided.
    """
    now = utcnow()
    seen: set[str] = set()
    opened = 0
    for nf in found:
        fp = fingerprint(campaign_id, nf.code, nf.subject)
        if fp in seen:
            continue
        seen.add(fp)
        row = session.exec(select(Finding).where(Finding.fingerprint == fp)).first()
        if row is None:
            row = Finding(campaign_id=campaign_id, fingerprint=fp, code=nf.code,
                          severity=nf.code.severity, message=nf.message_vi(),
                          params_json=json.dumps(nf.params, ensure_ascii=False, default=str),
                          unit_id=nf.unit_id, criterion_id=nf.criterion_id,
                          evidence_id=nf.evidence_id, scope=scope)
            opened += 1
        elif row.status == FindingStatus.CLOSED:
            row.status = FindingStatus.OPEN
            opened += 1
        row.message = nf.message_vi()  # the same problem, described as it is now
        row.params_json = json.dumps(nf.params, ensure_ascii=False, default=str)
        row.last_seen_at = now
        session.add(row)
    closed = 0
    stale = session.exec(select(Finding).where(
        Finding.campaign_id == campaign_id, Finding.scope == scope,
        Finding.status == FindingStatus.OPEN, col(Finding.fingerprint).not_in(seen)))
    for row in stale:
        row.status = FindingStatus.CLOSED
        row.last_seen_at = now
        session.add(row)
        closed += 1
    return opened, closed


def close_scope(session: Session, campaign_id: int, scope: str) -> int:
    return sync_findings(session, campaign_id, scope, ())[1]


def close_for_evidence(session: Session, campaign_id: int, evidence_id: int) -> int:
    """A replaced or withdrawn file: every open finding about it closes, whatever
    stage raised it."""
    closed = 0
    for row in session.exec(select(Finding).where(
            Finding.campaign_id == campaign_id, Finding.evidence_id == evidence_id,
            Finding.status == FindingStatus.OPEN)):
        row.status = FindingStatus.CLOSED
        row.last_seen_at = utcnow()
        session.add(row)
        closed += 1
    return closed
