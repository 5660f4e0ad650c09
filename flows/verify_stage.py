"""Verify: run the verifiers over every current Evidence row whose recorded results
are older than the pipeline version. Results are cached by (sha256, version), so
identical files across units and unchanged files across nights are verified once."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from flows.context import RunContext
from storage.findings import NewFinding, sync_findings
from storage.models import Evidence, Verification
from verifiers.codes import FindingCode
from verifiers.pipeline import pipeline_version, verify_bytes

log = logging.getLogger(__name__)

VERIFIER = "pipeline"
# Findings about the file itself are raised at ingest; verification adds the rest.
INGEST_CODES = {FindingCode.FILE_EMPTY}


@dataclass
class VerifyStats:
    pending: int = 0
    verified: int = 0
    reused: int = 0
    not_yet_verified: int = 0


def pending_evidence_ids(session: Session, campaign_id: int, version: str) -> list[int]:
    rows = session.exec(select(Evidence.id).where(
        Evidence.campaign_id == campaign_id,
        col(Evidence.replaced_at).is_(None),
        (col(Evidence.verified_version).is_(None)) | (Evidence.verified_version != version),
    ).order_by(col(Evidence.id)))
    return [r for r in rows if r is not None]


def report_findings(ev: Evidence, report: dict[str, object]) -> list[NewFinding]:
    out: list[NewFinding] = []
    reasons = list(report.get("reasons", []))  # type: ignore[call-overload]
    for sig in report.get("signatures", []):  # type: ignore[attr-defined]
        reasons.extend(sig.get("reasons", []))
    for r in reasons:
        try:
            code = FindingCode(r["code"])
        except ValueError:
            continue
        if code in INGEST_CODES:
            continue
        out.append(NewFinding(code, f"evidence:{ev.id}",
                              {"file": ev.source_path, "detail": r.get("detail", "")},
                              unit_id=ev.unit_id, criterion_id=ev.criterion_id,
                              evidence_id=ev.id))
    return out


def verify_pending(ctx: RunContext,
                   on_progress: Callable[[int, int], None] | None = None) -> VerifyStats:
    options = ctx.verify_options()
    version = pipeline_version(options)
    stats = VerifyStats()
    with Session(ctx.engine) as session:
        ids = pending_evidence_ids(session, ctx.campaign_id, version)
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
            found = report_findings(ev, payload)
            if any(f.code == FindingCode.NOT_YET_VERIFIED for f in found):
                stats.not_yet_verified += 1
            sync_findings(session, ctx.campaign_id, f"verify:evidence:{ev.id}", found)
            ev.verified_version, ev.verdict = version, cached.verdict
            session.add(ev)
            session.commit()
        if on_progress:
            on_progress(n, len(ids))
    return stats


