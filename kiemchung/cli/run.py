"""``kiemchung run`` (the nightly check once, with progress bars) and ``kiemchung deploy``
(the same on a schedule, as a Prefect deployment)."""

from __future__ import annotations

import logging
import os
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from kiemchung.cli import output
from kiemchung.cli.context import open_or_fail, precheck
from kiemchung.cli.options import CampaignOpt, DbOpt, WorkersOpt
from kiemchung.cli.prefect_env import prefect_defaults
from kiemchung.core.errors import KiemchungError, NotSetUp

if TYPE_CHECKING:
    from flows.context import RunContext

log = logging.getLogger("kiemchung.run")


def run(campaign: CampaignOpt = None, database_url: DbOpt = None,
        verbose: Annotated[bool, typer.Option(
            "--verbose", "-v", help="Ghi chi tiết hơn vào nhật ký.")] = False,
        workers: WorkersOpt = 0,
        dask: Annotated[bool, typer.Option(
            "--dask", help="Kiểm tra trên một Dask LocalCluster (prefect-dask).")] = False,
        dask_address: Annotated[str | None, typer.Option(
            help="Kiểm tra trên bộ điều phối Dask ở địa chỉ này (tcp://host:8786).")] = None,
        ) -> None:
    """Chạy kiểm tra một lần: tiếp nhận tệp mới, kiểm tra, đối chiếu, chấm điểm, lập
    thông báo; thanh tiến độ từng bước, chi tiết trong nhật ký var/logs/."""
    from kiemchung.cli import logs
    from storage.settings import get_settings

    precheck(campaign)
    log_path = logs.new_log_path(get_settings().var_dir)
    prefect_logging = logs.to_file(log_path, verbose)
    prefect_defaults(verbose, terminal=False)
    log.info("run started: campaign %s, log %s", campaign or get_settings().campaign_file,
             log_path)
    plain_stderr = output.err_console
    try:
        with logs.stderr_to_log() as terminal:
            output.err_console = Console(file=terminal, soft_wrap=True)
            result, ctx = _run_stages(campaign, database_url, workers, dask, dask_address,
                                      log_path)
    finally:
        output.err_console = plain_stderr
        prefect_logging.unlink(missing_ok=True)
    log.info("run finished")
    from kiemchung.cli.tables import print_nightly

    print_nightly(result, f"Kiểm tra minh chứng: {ctx.cfg.name}", output.console)
    output.console.print(f"Nhật ký chi tiết của lần chạy: [bold]{escape(str(log_path))}[/]")


def _run_stages(campaign: Path | None, database_url: str | None, workers: int, dask: bool,
                dask_address: str | None, log_path: Path) -> tuple[dict[str, Any], RunContext]:
    """The nightly flow with bars on the terminal (when it is one); any failure as one
    line there, its traceback in the log."""
    err = output.err_console
    try:
        from flows import progress
        from flows.nightly import context_for, nightly_check
        from kiemchung.cli.terminal import RichProgress

        ctx = context_for(str(campaign) if campaign else None, database_url)
        bars = RichProgress(err) if err.is_terminal else None
        with progress.using(bars or progress.NullProgress()), bars or nullcontext():
            result = nightly_check(str(campaign) if campaign else None, database_url,
                                   show_progress=bars is not None, workers=workers,
                                   dask=dask, dask_address=dask_address)
        return result, ctx
    except KiemchungError as exc:
        log.error("run stopped: %s", exc.message)
        err.print(f"Nhật ký: {escape(str(log_path))}")
        output.fail(exc)
    except Exception as exc:  # a bug of ours or a library's: the traceback goes to the file
        log.exception("run failed")
        err.print(f"[red]Lần chạy dừng vì một lỗi không mong đợi[/] "
                  f"({escape(type(exc).__name__)}: {escape(str(exc)[:200])}). "
                  f"Chi tiết (traceback) trong nhật ký: {escape(str(log_path))}")
        raise typer.Exit(1) from None


def deploy(campaign: CampaignOpt = None, database_url: DbOpt = None,
           workers: WorkersOpt = 0,
           cron: Annotated[str, typer.Option(help="Lịch chạy (cron).")] = "0 2 * * *",
           timezone: Annotated[str, typer.Option(help="Múi giờ của lịch.")] =
           "Asia/Ho_Chi_Minh") -> None:
    """Chạy kiểm tra hằng đêm theo lịch, như một Prefect deployment (02:00 giờ Việt Nam).
    Cần PREFECT_API_URL trỏ tới một máy chủ Prefect (xem README); chạy đến khi bị dừng."""
    if not os.environ.get("PREFECT_API_URL"):
        output.fail(NotSetUp(
            "kiemchung deploy cần một máy chủ Prefect: máy chủ tạm của Prefect không chạy "
            "lịch. Khởi động một máy chủ (prefect server start, trên PostgreSQL khi chạy "
            "thật) rồi đặt PREFECT_API_URL, ví dụ http://127.0.0.1:4200/api."))
    precheck(campaign)
    prefect_defaults(verbose=False)
    from flows.nightly import serve_nightly

    try:
        open_or_fail(campaign, database_url)  # fail now on a bad campaign or database
        serve_nightly(str(campaign.resolve()) if campaign else None, database_url, workers,
                      cron, timezone)
    except KiemchungError as exc:
        output.fail(exc)


def register(app: typer.Typer) -> None:
    app.command()(run)
    app.command()(deploy)
