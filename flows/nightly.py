"""The nightly check as a Prefect flow: ingest → verify → check → confirm → score →
notify → report → render (the flagged files' pages, ahead of the reviewers), each a
subflow.

Work inside a stage is batched in plain Python (not one Prefect task per file),
so thousands of files cost no orchestration overhead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from sqlmodel import Session

from flows import progress
from flows.check_stage import run_checks
from flows.confirm_stage import confirm_claims
from flows.context import RunContext, open_context
from flows.ingest import ingest_uploads
from flows.notify_stage import make_notices, send_notices
from flows.report import score_change, summarise
from flows.score_stage import score_campaign
from flows.verify_stage import Jobs, verify_pending
from kiemchung.core.vocabulary import RunStatus
from scoring.export import to_json
from storage.models import Run, utcnow
from verifiers.pipeline import VerifyOptions
from verifiers.sandbox import Limits, Sandbox

_contexts: dict[tuple[str | None, str | None], RunContext] = {}


def context_for(campaign_file: str | None, database_url: str | None) -> RunContext:
    key = (campaign_file, database_url)
    if key not in _contexts:
        _contexts[key] = open_context(campaign_file, database_url)
    return _contexts[key]


@flow(name="ingest")
def ingest_flow(campaign_file: str | None = None, database_url: str | None = None
                ) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    port = progress.current()
    port.start("ingest")
    stats = ingest_uploads(ctx, on_progress=lambda n, total: port.update("ingest", n, total))
    port.finish("ingest", f"{stats.new} mới, {stats.unchanged} không đổi, "
                          f"{stats.replaced} thay thế")
    get_run_logger().info("ingest: %d files seen, %d new, %d unchanged, %d replaced, "
                          "%d withdrawn", stats.seen, stats.new, stats.unchanged,
                          stats.replaced, stats.withdrawn)
    d = asdict(stats)
    d.pop("new_paths")
    return d


DASK_BATCH = 25
"""Files per Prefect task on Dask: few enough tasks for Prefect, enough to spread."""


@task(name="verify-batch")
def verify_batch(jobs: list[tuple[str, str, str]], options: VerifyOptions, limits: Limits
                 ) -> list[tuple[str, str, str]]:
    """On a Dask worker: (sha256, blob path, name) → (sha256, verdict, report JSON), each
    file in a killable process under the per-file limits. The blob store must be on a
    file system every worker sees."""
    return list(Sandbox(1, options, limits).run(jobs))


def dask_runner(ctx: RunContext, todo: Jobs, options: VerifyOptions, workers: int
                ) -> Iterator[tuple[str, str, str]]:
    """The verify flow's jobs as Prefect tasks on its DaskTaskRunner, in batches."""
    from prefect.futures import as_completed

    items = [(sha, str(ctx.blobs.path_for(key)), name) for sha, (key, name) in todo.items()]
    limits = Limits(ctx.settings.file_seconds, ctx.settings.file_memory_mib)
    futures = [verify_batch.submit(items[i:i + DASK_BATCH], options, limits)
               for i in range(0, len(items), DASK_BATCH)]
    for fut in as_completed(futures):
        yield from fut.result()


def dask_task_runner(workers: int, address: str | None) -> Any:
    """A LocalCluster of ``workers`` single-threaded processes, or an existing scheduler.
    Dask workers must not be daemonic processes: each verifies its files in killable
    child processes (start external workers with DASK_DISTRIBUTED__WORKER__DAEMON=False)."""
    import dask
    from prefect_dask.task_runners import DaskTaskRunner

    dask.config.set({"distributed.worker.daemon": False})
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


@flow(name="verify")
def verify_flow(campaign_file: str | None = None, database_url: str | None = None,
                show_progress: bool = False, workers: int = 0, dask: bool = False
                ) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    workers = workers or ctx.settings.resolved_workers()
    runner = dask_runner if dask else None
    port = progress.current()  # (show_progress: kept for callers; the port decides)
    port.start("verify")
    stats = verify_pending(ctx, lambda n, total: port.update("verify", n, total),
                           workers=workers, runner=runner)
    port.finish("verify", f"{stats.verified} kiểm tra mới, {stats.reused} dùng lại")
    get_run_logger().info("verify: %d pending, %d verified, %d reused from cache, "
                          "%d incomplete (verified again next run), %d workers",
                          stats.pending, stats.verified, stats.reused, stats.retry, workers)
    return asdict(stats)


@flow(name="check")
def check_flow(campaign_file: str | None = None, database_url: str | None = None
               ) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    port = progress.current()
    port.start("check")  # (run_checks reports no steps: the bar fills when it ends)
    stats = run_checks(ctx)
    port.update("check", stats.units, stats.units)
    port.finish("check", f"{stats.opened} vấn đề mới, {stats.closed} đã đóng")
    get_run_logger().info("check: %d files, %d unit criteria, %d findings opened, %d closed",
                          stats.files, stats.units, stats.opened, stats.closed)
    return asdict(stats)


@flow(name="confirm")
def confirm_flow(campaign_file: str | None = None, database_url: str | None = None
                 ) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    port = progress.current()
    port.start("confirm")
    stats = confirm_claims(ctx)
    done = stats.confirmed + stats.contradicted + stats.needs_review + stats.unconfirmed
    port.update("confirm", done, done)
    port.finish("confirm", f"{stats.confirmed} xác nhận, {stats.contradicted} mâu thuẫn")
    get_run_logger().info("confirm: %d confirmed, %d contradicted, %d need review, "
                          "%d without evidence", stats.confirmed, stats.contradicted,
                          stats.needs_review, stats.unconfirmed)
    return asdict(stats)


@flow(name="score")
def score_flow(campaign_file: str | None = None, database_url: str | None = None
               ) -> list[dict[str, Any]]:
    ctx = context_for(campaign_file, database_url)
    port = progress.current()
    port.start("score")
    scores = score_campaign(ctx)
    port.update("score", len(scores), len(scores))
    port.finish("score", f"{len(scores)} đơn vị" if scores else "không có bộ điểm")
    if scores:
        get_run_logger().info("score: %d units scored against %s", len(scores),
                              ctx.criteria_set.code if ctx.criteria_set else "-")
    else:
        get_run_logger().info("score: the campaign has no scoring set")
    return to_json(scores)


@flow(name="notify")
def notify_flow(campaign_file: str | None = None, database_url: str | None = None
                ) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    port = progress.current()
    port.start("notify")
    created = make_notices(ctx)
    port.update("notify", created, created)
    stats = send_notices(ctx)
    stats.created = created
    port.finish("notify", f"{created} mới, {stats.sent} đã gửi")
    get_run_logger().info("notify: %d notices created, %d sent, %d retrying, %d failed, "
                          "%d waiting in the outbox", stats.created, stats.sent,
                          stats.retrying, stats.failed, stats.waiting)
    return asdict(stats)


@flow(name="report")
def report_flow(campaign_file: str | None = None, database_url: str | None = None,
                scores: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    ctx = context_for(campaign_file, database_url)
    with Session(ctx.engine) as session:
        rows = summarise(session, ctx.campaign_id)
    by_unit = {u["unit"]: u for u in scores or []}
    table = []
    for r in rows:
        row = r.as_row()
        u = by_unit.get(r.unit)
        if u is not None:  # the score and how it moved since the run before
            row["Điểm xác minh"] = u["verified"]
            row["Thay đổi"] = score_change(u["verified"], u.get("previous"))
        table.append(row)
    create_table_artifact(key="nightly-summary", table=table,
                          description=f"Tổng hợp kiểm tra minh chứng: {ctx.cfg.name}")
    create_markdown_artifact(key="nightly-summary-md", markdown=_markdown(ctx, table),
                             description="Nightly summary")
    return [r.as_row() for r in rows]


@flow(name="render")
def render_flow(campaign_file: str | None = None, database_url: str | None = None
                ) -> dict[str, int]:
    """The pages of every file with an open finding rendered ahead into the blob store,
    so that reviewers' first views are served from it (the web app renders the rest on
    demand). A rendering problem never fails the run: it is logged, and the page is
    rendered when a reviewer opens it."""
    from rendering.pages import Renderer, RenderLimits, prerender_flagged

    ctx = context_for(campaign_file, database_url)
    port = progress.current()
    port.start("render")
    counts: dict[str, int] = {}
    try:
        with Session(ctx.engine) as session:
            counts = prerender_flagged(session, ctx.campaign_id, Renderer(
                ctx.blobs, RenderLimits.from_settings(ctx.settings)))
        get_run_logger().info("render: pages rendered ahead for review: %s", counts)
    except Exception:  # a bug of ours: the run's results stand, the view renders on demand
        get_run_logger().exception("rendering pages ahead failed; they will be rendered on "
                                   "demand")
    pages = sum(counts.values())
    port.update("render", pages, pages)  # (no steps reported: the bar fills when it ends)
    port.finish("render", f"{pages} trang")
    return counts


def _markdown(ctx: RunContext, rows: list[dict[str, Any]]) -> str:
    cols = list(dict.fromkeys(k for r in rows for k in r))
    head = "| " + " | ".join(cols) + " |\n" if rows else ""
    sep = "|" + "---|" * len(cols) + "\n" if rows else ""
    body = "".join("| " + " | ".join(str(r.get(c, "")) for c in cols) + " |\n" for r in rows)
    return f"# {ctx.cfg.name}\n\n{head}{sep}{body}"


@flow(name="nightly-check", log_prints=False)
def nightly_check(campaign_file: str | None = None, database_url: str | None = None,
                  show_progress: bool = False, workers: int = 0, dask: bool = False,
                  dask_address: str | None = None) -> dict[str, Any]:
    """``dask``: verification on Dask (prefect-dask), on a LocalCluster of ``workers``
    processes or on the scheduler at ``dask_address``; PostgreSQL is then the shared
    database and the blob store a shared folder."""
    ctx = context_for(campaign_file, database_url)
    with Session(ctx.engine) as session:
        run = Run(campaign_id=ctx.campaign_id)
        session.add(run)
        session.commit()
        run_id = run.id
    status, summary_json = RunStatus.FAILED, "{}"
    try:
        ingest = ingest_flow(campaign_file, database_url)
        if dask or dask_address:
            ctx_workers = workers or ctx.settings.resolved_workers()
            verify = verify_flow.with_options(
                task_runner=dask_task_runner(ctx_workers, dask_address))(
                campaign_file, database_url, show_progress, workers, True)
        else:
            verify = verify_flow(campaign_file, database_url, show_progress, workers)
        check = check_flow(campaign_file, database_url)
        confirm = confirm_flow(campaign_file, database_url)
        scores = score_flow(campaign_file, database_url)
        notify = notify_flow(campaign_file, database_url)
        summary = report_flow(campaign_file, database_url, scores)
        rendered = render_flow(campaign_file, database_url)
        result = {"ingest": ingest, "verify": verify, "check": check, "confirm": confirm,
                  "scores": scores, "notify": notify, "units": summary, "rendered": rendered}
        status = RunStatus.COMPLETED
        summary_json = json.dumps({"ingest": ingest, "verify": verify}, ensure_ascii=False)
    finally:  # a stage that raised leaves the run marked failed, not running for ever
        _finish_run(ctx, run_id, status, summary_json)
    return result


def _finish_run(ctx: RunContext, run_id: int | None, status: RunStatus, summary_json: str
                ) -> None:
    with Session(ctx.engine) as session:
        done = session.get(Run, run_id)
        assert done is not None
        done.finished_at, done.status, done.summary_json = utcnow(), status, summary_json
        session.add(done)
        session.commit()


DEPLOYMENT = "nightly"
CRON = "0 2 * * *"
TIMEZONE = "Asia/Ho_Chi_Minh"


def nightly_deployment(campaign_file: str | None, database_url: str | None, workers: int = 0,
                       cron: str = CRON, timezone: str = TIMEZONE) -> Any:
    """The nightly deployment: the whole flow on a cron schedule in Vietnam time."""
    from prefect.schedules import Cron

    return nightly_check.to_deployment(
        name=DEPLOYMENT, schedule=Cron(cron, timezone=timezone),
        parameters={"campaign_file": campaign_file, "database_url": database_url,
                    "workers": workers},
        description="Kiểm tra minh chứng hằng đêm")


def serve_nightly(campaign_file: str | None, database_url: str | None, workers: int = 0,
                  cron: str = CRON, timezone: str = TIMEZONE) -> None:
    """Serve the deployment until stopped. Needs a real Prefect server
    (PREFECT_API_URL): the ephemeral one runs no schedules."""
    from prefect import serve

    serve(nightly_deployment(campaign_file, database_url, workers, cron, timezone))
