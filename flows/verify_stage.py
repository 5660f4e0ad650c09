"""Verify: run the verifiers over every current Evidence row whose recorded results
are older than the pipeline version. Results are cached by (sha256, version), so
identical files across units and unchanged files across nights are verified once."""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from sqlmodel import Session, col, select

from flows.context import RunContext
from kiemchung.core.campaign_schema import EvidenceRule
from kiemchung.core.codes import FindingCode
from kiemchung.core.vocabulary import Verdict
from storage.db import with_reconnect
from storage.findings import NewFinding, sync_findings
from storage.models import Criterion, Evidence, Fact, Verification
from verifiers.pipeline import VerifyOptions, pipeline_version
from verifiers.results import FileReport
from verifiers.sandbox import Limits, Sandbox
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
    retry: int = 0
    """Files whose result is incomplete for a reason outside the file (Tesseract
    failing, the verifier out of time or killed): recorded, verified again next run."""


def pending_evidence_ids(session: Session, campaign_id: int, version: str) -> list[int]:
    rows = session.exec(select(Evidence.id).where(
        Evidence.campaign_id == campaign_id,
        col(Evidence.replaced_at).is_(None),
        (col(Evidence.verified_version).is_(None)) | (Evidence.verified_version != version),
    ).order_by(col(Evidence.id)))
    return [r for r in rows if r is not None]


def report_findings(ev: Evidence, report: FileReport, rule: EvidenceRule | None,
                    window: tuple[date, date], tz: str) -> list[NewFinding]:
    """One finding per code for a file: the verifier's reasons (all signatures'
    reasons joined in its detail), then what the criterion's rule asks."""
    details: dict[FindingCode, list[str]] = {}
    messages: dict[FindingCode, list[str]] = {}
    reasons = [*report.reasons, *(r for sig in report.signatures for r in sig.reasons)]
    for r in reasons:
        code = r.finding
        if code is None or code in INGEST_CODES:
            continue
        # A signature reason's message is the Vietnamese reason itself (it fills the
        # finding's template); other reasons carry a whole finding message already.
        own = r.has_finding_message
        text = r.detail if own else r.message
        if text not in details.setdefault(code, []):
            details[code].append(text)
        # (the report may be another file's with the same content: name this one)
        message = r.message.replace(f"«{report.file}»", f"«{ev.source_path}»")
        if own and message and message not in messages.setdefault(code, []):
            messages[code].append(message)
    subject = f"evidence:{ev.id}"
    out = [NewFinding(code, subject, {"file": ev.source_path, "detail": "; ".join(texts)},
                      unit_id=ev.unit_id, criterion_id=ev.criterion_id, evidence_id=ev.id,
                      message=" ".join(messages[code]) if messages.get(code) else None)
           for code, texts in details.items()]
    if rule is not None:
        here = replace(report, file=ev.source_path)
        for rf in signature_rule_findings(here, rule.signatures, window, tz):
            out.append(NewFinding(rf.code, subject, rf.params, unit_id=ev.unit_id,
                                  criterion_id=ev.criterion_id, evidence_id=ev.id))
    return out


def store_facts(session: Session, ev: Evidence, report: FileReport) -> None:
    """Replace this evidence's facts with the report's, keeping their provenance."""
    for old in session.exec(select(Fact).where(Fact.evidence_id == ev.id)):
        session.delete(old)
    session.flush()
    seen: set[tuple[str, int | None, str]] = set()
    for f in report.facts:
        key = (f.name, f.page, f.method)
        if key in seen:
            continue
        seen.add(key)
        assert ev.id is not None
        session.add(Fact(evidence_id=ev.id, name=f.name, value=str(f.value), raw=f.raw,
                         page=f.page, bbox=json.dumps(list(f.bbox)) if f.bbox else None,
                         confidence=f.confidence, method=f.method))


Jobs = dict[str, tuple[str, str]]
"""sha256 → (blob key, file name) of the contents still to verify."""
Runner = Callable[[RunContext, Jobs, VerifyOptions, int], Iterator[tuple[str, str, str]]]
"""Runs the jobs somewhere (this process, a process pool, Dask) and yields
(sha256, verdict, report JSON) as each finishes."""


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # a missing blob is reported by its worker


def sandbox_runner(ctx: RunContext, todo: Jobs, options: VerifyOptions, workers: int
                   ) -> Iterator[tuple[str, str, str]]:
    """(sha256, verdict, report JSON) as each file finishes, from ``workers`` killable
    processes under the per-file limits (verifiers/sandbox.py): CPU-bound pyHanko and
    Tesseract run side by side, a hostile file costs at most its limits, and results
    are written by this process only."""
    if not todo:
        return  # nothing new: no worker to start
    limits = Limits(ctx.settings.file_seconds, ctx.settings.file_memory_mib)
    paths = [(sha, str(ctx.blobs.path_for(key)), name) for sha, (key, name) in todo.items()]
    # largest first: the slowest file starting last would leave the other workers idle
    jobs = sorted(paths, key=lambda job: _size(job[1]), reverse=True)
    yield from Sandbox(min(workers, len(todo)), options, limits).run(jobs)


def verify_pending(ctx: RunContext, on_progress: Callable[[int, int], None] | None = None,
                   workers: int = 1, runner: Runner | None = None) -> VerifyStats:
    """Verify every pending file, each distinct content once; every file's result is
    committed on its own, so a run killed at any point keeps what it finished."""
    options = ctx.verify_options()
    version = pipeline_version(options)
    stats = VerifyStats()
    window = (ctx.cfg.window.start, ctx.cfg.window.end)
    with Session(ctx.engine) as session:
        ids = pending_evidence_ids(session, ctx.campaign_id, version)
        rules = {c.id: ctx.cfg.criterion(c.code) for c in session.exec(
            select(Criterion).where(Criterion.campaign_id == ctx.campaign_id))}
        by_sha: dict[str, list[int]] = defaultdict(list)
        todo: dict[str, tuple[str, str]] = {}
        for ev in session.exec(select(Evidence).where(col(Evidence.id).in_(ids))):
            assert ev.id is not None
            by_sha[ev.sha256].append(ev.id)
            todo.setdefault(ev.sha256, (ev.blob_key, ev.source_path))
        for sha in session.exec(select(Verification.sha256).where(
                Verification.verifier == VERIFIER, Verification.version == version,
                col(Verification.sha256).in_(list(todo)))):
            todo.pop(sha, None)
    stats.pending = len(ids)
    done = 0
    if on_progress:
        on_progress(0, len(ids))  # the total, before the first file is done

    def apply(sha: str, verdict: str, report: FileReport) -> None:
        nonlocal done
        for eid in by_sha.pop(sha, []):
            with_reconnect(partial(store, eid, verdict, report))
            done += 1
            if on_progress:
                on_progress(done, len(ids))

    def store(eid: int, verdict: str, report: FileReport) -> None:
        """One file's result, committed on its own (safe to repeat)."""
        with Session(ctx.engine) as session:
            ev = session.get(Evidence, eid)
            assert ev is not None
            spec = rules.get(ev.criterion_id)
            found = report_findings(ev, report, spec.evidence if spec else None, window,
                                    ctx.cfg.timezone)
            sync_findings(session, ctx.campaign_id, f"verify:evidence:{ev.id}", found)
            store_facts(session, ev, report)
            # an incomplete result is recorded but leaves the file pending
            ev.verified_version = None if report.retry else version
            ev.verdict = Verdict(verdict)
            ev.kind = report.kind
            session.add(ev)
            session.commit()

    def cache(sha: str, verdict: str, text: str) -> None:
        """The content's result, for other files and later nights (safe to repeat)."""
        with Session(ctx.engine) as session:
            if session.exec(select(Verification.id).where(
                    Verification.sha256 == sha, Verification.verifier == VERIFIER,
                    Verification.version == version)).first() is None:
                session.add(Verification(sha256=sha, verifier=VERIFIER, version=version,
                                         verdict=Verdict(verdict), result_json=text))
                session.commit()

    for sha, verdict, text in (runner or sandbox_runner)(ctx, todo, options, workers):
        report = FileReport.from_json(json.loads(text))
        if report.retry:
            stats.retry += len(by_sha.get(sha, []))
            log.warning("incomplete result for %s, verified again next run: %s",
                        todo[sha][1], "; ".join(r.detail for r in report.reasons))
        else:
            with_reconnect(partial(cache, sha, verdict, text))
            stats.verified += 1
            stats.reused += len(by_sha.get(sha, [])) - 1  # the same content elsewhere
        apply(sha, verdict, report)
    if by_sha:  # files whose content was verified before (other units, earlier nights)
        with Session(ctx.engine) as session:
            cached = {v.sha256: v for v in session.exec(select(Verification).where(
                Verification.verifier == VERIFIER, Verification.version == version,
                col(Verification.sha256).in_(list(by_sha))))}
        for sha in list(by_sha):
            stats.reused += len(by_sha[sha])
            apply(sha, cached[sha].verdict,
                  FileReport.from_json(json.loads(cached[sha].result_json)))
    return stats
