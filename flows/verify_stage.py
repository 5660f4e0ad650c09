"""Verify: run the verifiers over every current Evidence row whose recorded results
are older than the pipeline version. Results are cached by (sha256, version), so
identical files across units and unchanged files across nights are verified once."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from flows.context import RunContext
from storage.campaign_file import EvidenceRule
from storage.findings import NewFinding, sync_findings
from storage.models import Criterion, Evidence, Fact, Verification
from verifiers.codes import FindingCode, SigReason
from verifiers.pipeline import pipeline_version, verify_bytes
from verifiers.signature_rules import signature_rule_findings

log = logging.getLogger(__name__)

VERIFIER = "pipeline"
# Findings about the file itself are raised at ingest; verification adds the rest.
INGEST_CODES = {FindingCode.FILE_EMPTY}


@dataclass
class VerifyStats:
    pending: int = 0
    verified: int = 0
    reused: int = 0


def pending_evidence_ids(session: Session, campaign_id: int, version: str) -> list[int]:
    rows = session.exec(select(Evidence.id).where(
        Evidence.campaign_id == campaign_id,
        col(Evidence.replaced_at).is_(None),
        (col(Evidence.verified_version).is_(None)) | (Evidence.verified_version != version),
    ).order_by(col(Evidence.id)))
    return [r for r in rows if r is not None]


def _finding_code(reason_code: str) -> FindingCode | None:
    if reason_code in FindingCode.__members__:
        return FindingCode(reason_code)
    try:
        return SigReason(reason_code).finding
    except ValueError:
        return None


def report_findings(ev: Evidence, report: dict[str, Any], rule: EvidenceRule | None,
                    window: tuple[date, date], tz: str) -> list[NewFinding]:
    """One finding per code for a file: the verifier's reasons (all signatures'
    reasons joined in its detail), then what the criterion's rule asks."""
    details: dict[FindingCode, list[str]] = {}
    reasons = list(report.get("reasons", []))
    for sig in report.get("signatures", []):
        reasons.extend(sig.get("reasons", []))
    for r in reasons:
        code = _finding_code(r["code"])
        if code is None or code in INGEST_CODES:
            continue
        # A signature reason's message is the Vietnamese reason itself; other reasons
        # carry a full finding message already, so their detail is what adds.
        text = r.get("message", "") if r["code"] not in FindingCode.__members__ \
            else r.get("detail", "")
        if text not in details.setdefault(code, []):
            details[code].append(text)
    subject = f"evidence:{ev.id}"
    ids = {"unit_id": ev.unit_id, "criterion_id": ev.criterion_id, "evidence_id": ev.id}
    out = [NewFinding(code, subject, {"file": ev.source_path, "detail": "; ".join(texts)}, **ids)
           for code, texts in details.items()]
    if rule is not None:
        report = {**report, "file": ev.source_path}
        for rf in signature_rule_findings(report, rule.signatures, window, tz):
            out.append(NewFinding(rf.code, subject, rf.params, **ids))
    return out


def store_facts(session: Session, ev: Evidence, report: dict[str, Any]) -> None:
    """Replace this evidence's facts with the report's, keeping their provenance."""
    for old in session.exec(select(Fact).where(Fact.evidence_id == ev.id)):
        session.delete(old)
    session.flush()
    seen: set[tuple[str, int | None, str]] = set()
    for f in report.get("facts", []):
        key = (f["name"], f.get("page"), f.get("method", ""))
        if key in seen:
            continue
        seen.add(key)
        assert ev.id is not None
        session.add(Fact(evidence_id=ev.id, name=f["name"], value=str(f["value"]),
                         raw=f.get("raw", ""), page=f.get("page"),
                         bbox=json.dumps(f["bbox"]) if f.get("bbox") else None,
                         confidence=f.get("confidence"), method=f.get("method", "")))


def verify_pending(ctx: RunContext,
                   on_progress: Callable[[int, int], None] | None = None) -> VerifyStats:
    options = ctx.verify_options()
    version = pipeline_version(options)
    stats = VerifyStats()
    window = (ctx.cfg.window.start, ctx.cfg.window.end)
    with Session(ctx.engine) as session:
        ids = pending_evidence_ids(session, ctx.campaign_id, version)
        rules = {c.id: ctx.cfg.criterion(c.code) for c in session.exec(
            select(Criterion).where(Criterion.campaign_id == ctx.campaign_id))}
    stats.pending = len(ids)
    for n, eid in enumerate(ids, start=1):
        with Session(ctx.engine) as session:
            ev = session.get(Evidence, eid)
            assert ev is not None
            cached = session.exec(select(Verification).where(
                Verification.sha256 == ev.sha256, Verification.verifier == VERIFIER,
                Verification.version == version)).first()
            if cached is None:
                report = verify_bytes(ctx.blobs.get(ev.blob_key), ev.source_path, options)
                payload = report.to_json()
                cached = Verification(sha256=ev.sha256, verifier=VERIFIER, version=version,
                                      verdict=report.verdict,
                                      result_json=json.dumps(payload, ensure_ascii=False))
                session.add(cached)
                stats.verified += 1
            else:
                payload = json.loads(cached.result_json)
                stats.reused += 1
            spec = rules.get(ev.criterion_id)
            found = report_findings(ev, payload, spec.evidence if spec else None, window,
                                    ctx.cfg.timezone)
            sync_findings(session, ctx.campaign_id, f"verify:evidence:{ev.id}", found)
            store_facts(session, ev, payload)
            ev.verified_version, ev.verdict = version, cached.verdict
            ev.kind = payload.get("kind", ev.kind)
            session.add(ev)
            session.commit()
        if on_progress:
            on_progress(n, len(ids))
    return stats


