"""The nightly check as a Prefect flow: ingest → verify → report, each a subflow.

Work inside a stage is batched in plain Python (not one Prefect task per file),
so thousands of files cost no orchestration overhead.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlmodel import Session

from flows.check_stage import run_checks
from flows.confirm_stage import confirm_claims
from flows.context import RunContext, open_context
from flows.ingest import ingest_uploads
from flows.report import UnitSummary, print_summary, summarise
from flows.verify_stage import verify_pending
from storage.models import Run, utcnow

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
    stats = ingest_uploads(ctx)
    get_run_logger().info("ingest: %d files seen, %d new, %d unchanged, %d replaced, "
                          "%d withdrawn", stats.seen, stats.new, stats.unchanged,
                          stats.replaced, stats.withdrawn)
    d = asdict(stats)
    d.pop("new_paths")
    return d


@flow(name="verify")
def verify_flow(campaign_file: str | None = None, database_url: str | None = None,
                show_progress: bool = False) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    if not show_progress:
        stats = verify_pending(ctx)
    else:
        with Progress(TextColumn("Kiểm tra tệp"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), transient=True) as progress:
            task = progress.add_task("verify", total=None)
            stats = verify_pending(
                ctx, lambda n, total: progress.update(task, completed=n, total=total))
    get_run_logger().info("verify: %d pending, %d verified, %d reused from cache",
                          stats.pending, stats.verified, stats.reused)
    return asdict(stats)


@flow(name="check")
def check_flow(campaign_file: str | None = None, database_url: str | None = None
               ) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    stats = run_checks(ctx)
    get_run_logger().info("check: %d files, %d unit criteria, %d findings opened, %d closed",
                          stats.files, stats.units, stats.opened, stats.closed)
    return asdict(stats)


@flow(name="confirm")
def confirm_flow(campaign_file: str | None = None, database_url: str | None = None
                 ) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    stats = confirm_claims(ctx)
    get_run_logger().info("confirm: %d confirmed, %d contradicted, %d need review, "
                          "%d without evidence", stats.confirmed, stats.contradicted,
                          stats.needs_review, stats.unconfirmed)
    return asdict(stats)


@flow(name="report")
def report_flow(campaign_file: str | None = None, database_url: str | None = None
                ) -> list[dict[str, Any]]:
    ctx = context_for(campaign_file, database_url)
    with Session(ctx.engine) as session:
        rows = summarise(session, ctx.campaign_id)
    table = [r.as_row() for r in rows]
    create_table_artifact(key="nightly-summary", table=table,
                          description=f"Tổng hợp kiểm tra minh chứng: {ctx.cfg.name}")
    create_markdown_artifact(key="nightly-summary-md", markdown=_markdown(ctx, rows),
                             description="Nightly summary")
    return table


def _markdown(ctx: RunContext, rows: list[UnitSummary]) -> str:
    head = "| " + " | ".join(rows[0].as_row()) + " |\n" if rows else ""
    sep = "|" + "---|" * len(rows[0].as_row()) + "\n" if rows else ""
    body = "".join("| " + " | ".join(str(v) for v in r.as_row().values()) + " |\n" for r in rows)
    return f"# {ctx.cfg.name}\n\n{head}{sep}{body}"


@flow(name="nightly-check", log_prints=False)
def nightly_check(campaign_file: str | None = None, database_url: str | None = None,
                  show_progress: bool = False) -> dict[str, Any]:
    ctx = context_for(campaign_file, database_url)
    with Session(ctx.engine) as session:
        run = Run(campaign_id=ctx.campaign_id)
        session.add(run)
        session.commit()
        run_id = run.id
    ingest = ingest_flow(campaign_file, database_url)
    verify = verify_flow(campaign_file, database_url, show_progress)
    check = check_flow(campaign_file, database_url)
    confirm = confirm_flow(campaign_file, database_url)
    summary = report_flow(campaign_file, database_url)
    result = {"ingest": ingest, "verify": verify, "check": check, "confirm": confirm,
              "units": summary}
    with Session(ctx.engine) as session:
        done = session.get(Run, run_id)
        assert done is not None
        done.finished_at, done.status = utcnow(), "completed"
        done.summary_json = json.dumps({"ingest": ingest, "verify": verify}, ensure_ascii=False)
        session.add(done)
        session.commit()
    return result


def print_nightly(result: dict[str, Any], title: str, console: Console) -> None:
    rows = [UnitSummary(*r.values()) for r in result["units"]]
    print_summary(rows, title, console)
    i, v = result["ingest"], result["verify"]
    if i["new"] == 0 and i["replaced"] == 0 and i["withdrawn"] == 0 and v["pending"] == 0:
        console.print("[green]Không có gì mới: mọi tệp đã được kiểm tra ở lần chạy trước.[/]")
    else:
        console.print(
            f"Tiếp nhận: {i['seen']} tệp, {i['new']} mới, {i['unchanged']} không đổi, "
            f"{i['replaced']} thay thế, {i['withdrawn']} rút lại; "
            f"bảng tự đánh giá: {i['claims_loaded']} dòng hợp lệ, "
            f"{i['claim_rows_rejected']} dòng lỗi.")
        line = (f"Kiểm tra: {v['verified']} tệp kiểm tra mới, {v['reused']} dùng lại kết "
                f"quả đã có.")
        console.print(line)
    c = result["confirm"]
    console.print(f"Xác nhận số liệu tự đánh giá: {c['confirmed']} được xác nhận, "
                  f"{c['contradicted']} mâu thuẫn với minh chứng, {c['needs_review']} cần "
                  f"người thẩm định xem, {c['unconfirmed']} chưa có minh chứng.")
