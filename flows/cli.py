"""The ``kiemchung`` command line."""

from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from flows.runlog import JsonLines
from kiemchung.core.errors import InputFileError, KiemchungError

if TYPE_CHECKING:
    from flows.context import RunContext

app = typer.Typer(help="kiemchung: kiểm chứng minh chứng đánh giá Chính quyền điện tử / "
                       "chuyển đổi số.", no_args_is_help=True, pretty_exceptions_enable=False)
console = Console(width=None if sys.stdout.isatty() else 140)
err_console = Console(stderr=True, soft_wrap=True)

CampaignOpt = Annotated[Path | None, typer.Option(
    "--campaign", "-c", help="Campaign file (TOML). Default: sample_evidence/campaign.toml.")]
DbOpt = Annotated[str | None, typer.Option(
    "--database-url", help="Database URL. Default: DATABASE_URL, else SQLite under var/.")]


def _prefect_defaults(verbose: bool, to_terminal: bool = True) -> None:
    """Embedded defaults: Prefect's ephemeral server with its state under var/, no
    telemetry (the machines have no Internet), quiet logs unless --verbose.
    ``to_terminal=False``: logging is already sent to the run's log file."""
    from storage.settings import get_settings

    home = get_settings().var_dir / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home.resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")  # the client's telemetry notice too
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # (into the run's log file, the stages' INFO lines belong there)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL",
                          "INFO" if verbose or not to_terminal else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    if to_terminal:
        _logging(verbose)


def _logging(verbose: bool) -> None:
    """English logs on stderr (plain lines, or JSON lines with KIEMCHUNG_LOG_FORMAT=json);
    libraries that log every rejected signature quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if os.environ.get("KIEMCHUNG_LOG_FORMAT") == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        handlers=[handler])
    for noisy in ("pypdf", "pyhanko", "pyhanko_certvalidator"):
        # They log every rejected signature with a traceback; our results say why.
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.ERROR)


def _context(campaign: Path | None, database_url: str | None) -> RunContext:
    """The campaign and database, or a clear error and exit."""
    from flows.context import open_context

    _logging(verbose=False)
    try:
        return open_context(campaign, database_url)
    except KiemchungError as exc:
        _fail(exc)


def _fail(exc: KiemchungError) -> NoReturn:
    from rich.markup import escape

    from kiemchung.core.errors import CampaignFileError

    if isinstance(exc, CampaignFileError) and exc.problems:
        for p in exc.problems:
            err_console.print(f"[red]✗[/] {escape(str(p))}")
        err_console.print(f"[red]{len(exc.problems)} lỗi trong tệp đợt đánh giá[/] "
                          f"({len(exc.problems)} error(s) in the campaign file): sửa rồi chạy "
                          "lại; [bold]kiemchung campaign check FILE[/] để kiểm tra.")
        raise typer.Exit(exc.exit_code)
    err_console.print(f"[red]error:[/] {escape(exc.message)}")
    raise typer.Exit(exc.exit_code)


def _precheck(campaign: Path | None) -> None:
    """Check the campaign file before anything heavy starts (Prefect, the database):
    every problem printed at once, exit status 2."""
    from kiemchung.core.errors import CampaignFileError
    from storage.campaign_check import check_campaign
    from storage.settings import get_settings

    path = campaign or get_settings().campaign_file
    result = check_campaign(path)
    if not result.ok:
        _fail(CampaignFileError(path, result.report(), result.problems))


WorkersOpt = Annotated[int, typer.Option(
    "--workers", "-j", help="Verification processes (default: KIEMCHUNG_WORKERS, else one "
                            "per core).")]


@app.command()
def run(campaign: CampaignOpt = None, database_url: DbOpt = None,
        verbose: Annotated[bool, typer.Option(
            "--verbose", "-v", help="More detail in the log file.")] = False,
        workers: WorkersOpt = 0,
        dask: Annotated[bool, typer.Option(
            "--dask", help="Verify on a Dask LocalCluster (prefect-dask).")] = False,
        dask_address: Annotated[str | None, typer.Option(
            help="Verify on the Dask scheduler at this address (tcp://host:8786).")] = None,
        ) -> None:
    """Chạy kiểm tra một lần: tiếp nhận tệp mới, kiểm tra, đối chiếu, chấm điểm, lập
    thông báo; thanh tiến độ từng bước, chi tiết trong nhật ký var/logs/."""
    from rich.markup import escape

    from flows import runlog
    from storage.settings import get_settings

    _precheck(campaign)
    log_path = runlog.new_log_path(get_settings().var_dir)
    prefect_logging = runlog.to_file(log_path, verbose)
    _prefect_defaults(verbose, to_terminal=False)
    log = logging.getLogger("kiemchung.run")
    log.info("run started: campaign %s, log %s", campaign or get_settings().campaign_file,
             log_path)
    global err_console
    plain_stderr = err_console
    try:
        with runlog.stderr_to_log() as terminal:
            err_console = Console(file=terminal, soft_wrap=True)
            result, ctx = _run_stages(campaign, database_url, workers, dask, dask_address,
                                      log_path)
    finally:
        err_console = plain_stderr
        prefect_logging.unlink(missing_ok=True)
    log.info("run finished")
    from flows.nightly import print_nightly

    print_nightly(result, f"Kiểm tra minh chứng: {ctx.cfg.name}", console)
    console.print(f"Nhật ký chi tiết của lần chạy: [bold]{escape(str(log_path))}[/]")


def _run_stages(campaign: Path | None, database_url: str | None, workers: int, dask: bool,
                dask_address: str | None, log_path: Path) -> tuple[dict[str, Any], RunContext]:
    """The nightly flow with bars on the terminal (when it is one); any failure as one
    line there, its traceback in the log."""
    from rich.markup import escape

    log = logging.getLogger("kiemchung.run")
    try:
        from flows import progress
        from flows.nightly import context_for, nightly_check
        from flows.terminal import RichProgress

        ctx = context_for(str(campaign) if campaign else None, database_url)
        bars = RichProgress(err_console) if err_console.is_terminal else None
        with progress.using(bars or progress.NullProgress()), bars or nullcontext():
            result = nightly_check(str(campaign) if campaign else None, database_url,
                                   show_progress=bars is not None, workers=workers,
                                   dask=dask, dask_address=dask_address)
        return result, ctx
    except KiemchungError as exc:
        log.error("run stopped: %s", exc.message)
        err_console.print(f"Nhật ký: {escape(str(log_path))}")
        _fail(exc)
    except Exception as exc:  # a bug of ours or a library's: the traceback goes to the file
        log.exception("run failed")
        err_console.print(f"[red]Lần chạy dừng vì một lỗi không mong đợi[/] "
                          f"({escape(type(exc).__name__)}: {escape(str(exc)[:200])}). "
                          f"Chi tiết (traceback) trong nhật ký: {escape(str(log_path))}")
        raise typer.Exit(1) from None


@app.command()
def deploy(campaign: CampaignOpt = None, database_url: DbOpt = None,
           workers: WorkersOpt = 0,
           cron: Annotated[str, typer.Option(help="Cron schedule.")] = "0 2 * * *",
           timezone: Annotated[str, typer.Option(help="Time zone of the schedule.")] =
           "Asia/Ho_Chi_Minh") -> None:
    """Serve the nightly check as a scheduled Prefect deployment (02:00 Vietnam time).
    Needs PREFECT_API_URL pointing at a Prefect server (see README); runs until stopped."""
    if not os.environ.get("PREFECT_API_URL"):
        _fail(InputFileError(
            "kiemchung deploy needs a Prefect server: Prefect's ephemeral server runs no "
            "schedules. Start one (prefect server start, on PostgreSQL in production) and "
            "set PREFECT_API_URL, e.g. http://127.0.0.1:4200/api."))
    _precheck(campaign)
    _prefect_defaults(verbose=False)
    from flows.nightly import serve_nightly

    try:
        _context(campaign, database_url)  # fail now on a bad campaign or database
        serve_nightly(str(campaign.resolve()) if campaign else None, database_url, workers,
                      cron, timezone)
    except KiemchungError as exc:
        _fail(exc)


@app.command()
def verify(files: Annotated[list[Path], typer.Argument(help="PDF or image files.")],
           trust_root: Annotated[list[Path] | None, typer.Option(
               "--trust-root", help="Root certificate file or folder (repeatable).")] = None,
           crl: Annotated[list[Path] | None, typer.Option(
               "--crl", help="CRL file or folder (repeatable).")] = None,
           revocation: Annotated[str, typer.Option(
               help="soft-fail (default), hard-fail or require.")] = "soft-fail",
           trust: Annotated[str | None, typer.Option(
               "--trust", help="Danh sách tin cậy: vietnam (chứng thư gốc Việt Nam kèm theo "
                               "kiemchung) hoặc none. Mặc định: vietnam khi không có "
                               "--trust-root, none khi có.")] = None,
           as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
           no_ocr: Annotated[bool, typer.Option(
               "--no-ocr", help="Signatures only: no OCR, no facts.")] = False,
           ) -> None:
    """Verify files without touching the database (each in a killable process under
    the per-file time and memory limits)."""
    from storage.settings import get_settings
    from verifiers.pipeline import VerifyOptions
    from verifiers.sandbox import Limits, Sandbox

    _logging(verbose=False)
    settings = get_settings()
    from kiemchung.core.errors import ConfigError

    preset = trust if trust is not None else ("none" if trust_root else "vietnam")
    if preset not in ("vietnam", "none"):
        _fail(ConfigError(f"Unknown trust list {preset!r} (vietnam or none)."))
    if trust is None and not trust_root:
        typer.echo("Không có --trust-root: dùng danh sách chứng thư gốc Việt Nam kèm theo "
                   "kiemchung (trust = vietnam).", err=True)
    options = VerifyOptions(trust_roots=tuple(trust_root or ()), crls=tuple(crl or ()),
                            trust_preset=preset, revocation_mode=revocation, ocr=not no_ocr,
                            tesseract_cmd=settings.tesseract_cmd,
                            ocr_page_seconds=settings.ocr_page_seconds)
    try:
        options.trust_store()
    except KiemchungError as exc:
        _fail(exc)
    for f in files:
        try:
            with f.open("rb"):
                pass
        except OSError as exc:
            _fail(InputFileError(f"Cannot read {f}: {exc.strerror}"))
    # fork when this process is single-threaded (as from the shell): the workers then
    # share the verifiers it has imported instead of importing them again
    import threading

    method = "fork" if threading.active_count() == 1 else "forkserver"
    sandbox = Sandbox(min(len(files), settings.resolved_workers()), options,
                      Limits(settings.file_seconds, settings.file_memory_mib), method)
    found = {int(key): json.loads(text) for key, _verdict, text in
             sandbox.run((str(i), str(f), str(f)) for i, f in enumerate(files))}
    reports = [{**found[i], "trust": preset} for i in range(len(files))]
    if as_json:
        typer.echo(json.dumps(reports, ensure_ascii=False, indent=2))
        return
    for r in reports:
        console.print(f"[bold]{r['file']}[/]: {r['kind']} → [bold]{r['verdict']}[/]")
        for reason in r["reasons"]:
            console.print(f"  - {reason['code']}: {reason['message']}")
        for s in r["signatures"]:
            who = s["signer"].get("common_name") or "?"
            when = _vn_time(s["signer"].get("best_time"))
            etsi = "/".join(x for x in (s.get("indication"), s.get("subindication")) if x)
            console.print(f"  • {s['field']} ({s['signer'].get('kind', '?')}: {who}, {when}) "
                          f"→ {s['verdict']}" + (f" [{etsi}]" if etsi else ""))
            for reason in s["reasons"]:
                console.print(f"      - {reason['code']}: {reason['message']}")


@app.command()
def findings(campaign: CampaignOpt = None, database_url: DbOpt = None,
             unit: Annotated[str | None, typer.Option(help="Unit code.")] = None,
             criterion: Annotated[str | None, typer.Option(help="Criterion code.")] = None,
             code: Annotated[str | None, typer.Option(help="Finding code.")] = None,
             severity: Annotated[str | None, typer.Option(
                 help="blocking or warning.")] = None,
             status: Annotated[str, typer.Option(
                 help="open, closed, accepted, rejected or all.")] = "open",
             fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
             ) -> None:
    """List the findings of the last runs (filters combine)."""
    from sqlmodel import Session, select

    from storage.models import Criterion, Evidence, Finding, Unit

    ctx = _context(campaign, database_url)
    with Session(ctx.engine) as s:
        units = {u.id: u.code for u in s.exec(select(Unit).where(
            Unit.campaign_id == ctx.campaign_id))}
        crits = {c.id: c.code for c in s.exec(select(Criterion).where(
            Criterion.campaign_id == ctx.campaign_id))}
        files = {e.id: e.source_path for e in s.exec(select(Evidence).where(
            Evidence.campaign_id == ctx.campaign_id))}
        rows = []
        for f in s.exec(select(Finding).where(Finding.campaign_id == ctx.campaign_id)
                        .order_by(Finding.unit_id, Finding.code)):  # type: ignore[arg-type]
            row = {"code": f.code, "severity": f.severity, "status": f.status,
                   "unit": units.get(f.unit_id), "criterion": crits.get(f.criterion_id),
                   "file": files.get(f.evidence_id), "message": f.message,
                   "params": json.loads(f.params_json)}
            if (status != "all" and f.status != status) or (unit and row["unit"] != unit) or \
                    (criterion and row["criterion"] != criterion) or (code and f.code != code) \
                    or (severity and f.severity != severity):
                continue
            rows.append(row)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"Vấn đề ({len(rows)})")
    for col_name in ("Mã", "Mức", "Đơn vị", "Tiêu chí", "Nội dung"):
        table.add_column(col_name, overflow="fold")
    for r in rows:
        table.add_row(str(r["code"]), "chặn" if r["severity"] == "blocking" else "cảnh báo",
                      r["unit"] or "", r["criterion"] or "", str(r["message"]))
    console.print(table)


@app.command()
def score(campaign: CampaignOpt = None, database_url: DbOpt = None,
          fmt: Annotated[str, typer.Option(
              "--format", help="table, csv, xlsx or json.")] = "table",
          out: Annotated[Path | None, typer.Option(
              "--out", "-o", help="Write to this file (xlsx default: scores.xlsx).")] = None,
          unit: Annotated[str | None, typer.Option(help="Only this unit.")] = None,
          ) -> None:
    """Score every unit from its confirmed values (after `kiemchung run`): claimed
    against verified points, rank or tier, and why each point was lost."""
    from flows.context import open_context
    from flows.score_stage import score_campaign
    from scoring import export

    _logging(verbose=False)
    if fmt not in ("table", "csv", "xlsx", "json"):
        _fail(InputFileError(f"Unknown format {fmt!r}: use table, csv, xlsx or json."))
    try:
        ctx = open_context(campaign, database_url)
        scores = score_campaign(ctx)
    except KiemchungError as exc:
        _fail(exc)
        return
    if ctx.criteria_set is None:
        _fail(InputFileError(f"Campaign {ctx.cfg.code} has no [scoring] set: nothing to "
                             "score. Name a criteria set in the campaign file."))
    if unit:
        scores = [u for u in scores if u.unit == unit]
        if not scores:
            _fail(InputFileError(f"No unit {unit!r} in campaign {ctx.cfg.code}."))
    if fmt == "xlsx":
        path = out or Path("scores.xlsx")
        export.write_xlsx(scores, path)
        err_console.print(f"Đã ghi {path}")
        return
    if fmt in ("csv", "json"):
        text = export.to_csv(scores, bom=out is not None) if fmt == "csv" else json.dumps(
            export.to_json(scores), ensure_ascii=False, indent=2)
        if out:
            out.write_text(text, encoding="utf-8")
            err_console.print(f"Đã ghi {out}")
        else:
            typer.echo(text, nl=False)
        return
    from flows.report import print_scores

    assert ctx.criteria_set is not None
    print_scores(scores, ctx.criteria_set.title, console)


@app.command()
def notices(campaign: CampaignOpt = None, database_url: DbOpt = None,
            out: Annotated[Path | None, typer.Option(
                "--out", help="Write every notice's PDF into this folder.")] = None,
            send: Annotated[bool, typer.Option(
                "--send", help="Send the notices due in the outbox now.")] = False,
            fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
            ) -> None:
    """List the rejection notices (outbox), write their PDFs, send them."""
    from sqlmodel import Session, col, select

    from flows.context import open_context
    from flows.notify_stage import make_notices, pdf_filename, send_notices
    from storage.models import Notice, Unit

    _logging(verbose=False)
    try:
        ctx = open_context(campaign, database_url)
        if ctx.cfg.notices is None:
            raise InputFileError(f"Campaign {ctx.cfg.code} has no [notices] section: "
                                 "no notices are made for it.")
        make_notices(ctx)
        if send:
            if ctx.cfg.notices.smtp is None:
                raise InputFileError("No mail server: add [notices.smtp] to the campaign "
                                     "file to send notices.")
            stats = send_notices(ctx)
            err_console.print(f"Gửi: {stats.sent} đã gửi, {stats.retrying} lỗi sẽ thử lại, "
                              f"{stats.failed} thất bại, {stats.waiting} chưa đến hạn.")
    except KiemchungError as exc:
        _fail(exc)
        return
    with Session(ctx.engine) as s:
        units = {u.id: u for u in s.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id))}
        rows = list(s.exec(select(Notice).where(Notice.campaign_id == ctx.campaign_id)
                           .order_by(col(Notice.seq))))
    if out:
        out.mkdir(parents=True, exist_ok=True)
        for n in rows:
            if n.pdf_blob_key:
                (out / pdf_filename(n)).write_bytes(ctx.blobs.get(n.pdf_blob_key))
        err_console.print(f"Đã ghi {len(rows)} tệp PDF vào {out}")
    data = [{"number": n.number, "unit": units[n.unit_id].code, "recipient": n.recipient,
             "day": n.day.isoformat() if n.day else None,
             "deadline": n.deadline.isoformat() if n.deadline else None,
             "findings": len(json.loads(n.findings_json)), "status": n.status,
             "attempts": n.attempts, "last_error": n.last_error,
             "sent_at": n.sent_at.isoformat() if n.sent_at else None} for n in rows]
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    status_vi = {"pending": "chờ gửi", "retry": "lỗi, sẽ thử lại", "sent": "đã gửi",
                 "failed": "gửi thất bại"}
    table = Table(title=f"Thông báo trả lại minh chứng ({len(rows)})")
    for name in ("Số", "Đơn vị", "Gửi tới", "Ngày", "Hạn gửi lại", "Số vấn đề", "Trạng thái",
                 "Lỗi gần nhất"):
        table.add_column(name, overflow="fold")
    for d in data:
        table.add_row(str(d["number"]), str(d["unit"]), str(d["recipient"]),
                      _vn_date(d["day"]), _vn_date(d["deadline"]), str(d["findings"]),
                      f"{status_vi.get(str(d['status']), d['status'])} ({d['attempts']} lần)",
                      str(d["last_error"]))
    console.print(table)


@app.command()
def serve(campaign: CampaignOpt = None, database_url: DbOpt = None,
          host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port.")] = 8000) -> None:
    """Serve the review web app (sign-in at /login, the review queue at /review)."""
    import uvicorn

    from review.app import create_app

    _logging(verbose=False)
    try:
        web = create_app(campaign, database_url)
    except KiemchungError as exc:
        _fail(exc)
        return
    err_console.print(f"kiemchung: http://{host}:{port}/login")
    uvicorn.run(web, host=host, port=port, log_level="warning")


users_app = typer.Typer(help="Accounts of the review web app.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(username: Annotated[str, typer.Argument(help="Login name.")],
              role: Annotated[str, typer.Option(help="admin, reviewer or unit.")] = "reviewer",
              unit: Annotated[str | None, typer.Option(
                  help="Unit code (role unit).")] = None,
              password_env: Annotated[str | None, typer.Option(
                  help="Read the password from this environment variable instead of "
                       "asking.")] = None,
              campaign: CampaignOpt = None, database_url: DbOpt = None) -> None:
    """Create an account, or reset its password and role."""
    from sqlmodel import Session

    from flows.context import open_context
    from review.auth import add_user

    _logging(verbose=False)
    password = os.environ.get(password_env, "") if password_env else typer.prompt(
        "Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        ctx = open_context(campaign, database_url)
        with Session(ctx.engine) as s:
            add_user(s, username=username, password=password, role=role,
                     campaign_id=ctx.campaign_id, unit_code=unit)
            s.commit()
    except KiemchungError as exc:
        _fail(exc)
        return
    console.print(f"Đã lưu tài khoản {username} ({role}{', ' + unit if unit else ''}).")


@users_app.command("import")
def users_import(
        campaign: Annotated[Path, typer.Argument(help="Campaign file (TOML).")],
        out: Annotated[Path | None, typer.Option(
            "--out", "-o", help="Where to write the one-time passwords (CSV, mode 0600). "
                                "Default: var/accounts-<campaign>-<time>.csv.")] = None,
        reset: Annotated[bool, typer.Option(
            "--reset", help="Give existing unit accounts a new one-time password too.")] =
        False,
        database_url: DbOpt = None) -> None:
    """Tạo tài khoản cho mọi đơn vị của đợt đánh giá (tên đăng nhập = mã đơn vị), mỗi tài
    khoản một mật khẩu dùng một lần ghi vào tệp CSV chỉ chủ sở hữu đọc được (0600); lần
    đăng nhập đầu phải đổi mật khẩu."""
    import csv
    import io
    from datetime import UTC, datetime

    from sqlmodel import Session

    from review.auth import import_unit_accounts
    from storage.settings import get_settings

    ctx = _context(campaign, database_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out or get_settings().var_dir / f"accounts-{ctx.cfg.code}-{stamp}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # created with mode 0600 (never readable by others, not even for a moment)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _fail(InputFileError(f"{path} exists: choose another --out (passwords are never "
                             "written over)."))
    made = 0
    try:
        with Session(ctx.engine) as s:
            rows = import_unit_accounts(s, ctx.campaign_id, [u.code for u in ctx.cfg.units],
                                        reset)
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(["unit", "name", "username", "one_time_password", "email"])
            for unit, password in rows:
                if password is not None:
                    w.writerow([unit.code, unit.name, unit.code, password, unit.email or ""])
                    made += 1
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(buf.getvalue())
            s.commit()  # (after the file: no account whose password was not written)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    kept = len(rows) - made
    console.print(f"Đã tạo {made} tài khoản đơn vị"
                  + (f", giữ nguyên {kept} tài khoản đã có (--reset để cấp lại)" if kept else "")
                  + f". Mật khẩu dùng một lần: {path} (chỉ chủ sở hữu đọc được; phát cho "
                  "từng đơn vị rồi xoá tệp).")


@users_app.command("list")
def users_list(campaign: CampaignOpt = None, database_url: DbOpt = None) -> None:
    """List the accounts."""
    from sqlmodel import Session, select

    from storage.models import Unit, User

    ctx = _context(campaign, database_url)
    with Session(ctx.engine) as s:
        units = {u.id: u.code for u in s.exec(select(Unit))}
        for u in s.exec(select(User).order_by(User.username)):
            console.print(f"{u.username}\t{u.role}\t{units.get(u.unit_id, '')}")


def _vn_date(iso: object) -> str:
    return "" if not iso else "/".join(reversed(str(iso).split("-")))


def _vn_time(iso: str | None) -> str:
    """Signing times for people: Vietnam time, as Decree 30 shows them."""
    if not iso:
        return "không rõ thời điểm"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).isoformat()


campaign_app = typer.Typer(help="Tệp đợt đánh giá: kiểm tra, mẫu bảng tính, nhập từ bảng "
                                "tính.", no_args_is_help=True)
app.add_typer(campaign_app, name="campaign")


@campaign_app.command("check")
def campaign_check(file: Annotated[Path, typer.Argument(help="Campaign file (TOML).")]
                   ) -> None:
    """Kiểm tra tệp đợt đánh giá: in mọi lỗi (dòng, cột, khoá) cùng lúc; thoát mã 2 khi
    có lỗi, 0 khi sạch."""
    from rich.markup import escape

    from storage.campaign_check import check_campaign

    result = check_campaign(file)
    for p in result.warnings:
        err_console.print(f"[yellow]![/] {escape(str(p))}")
    if not result.ok:
        for p in result.problems:
            console.print(f"[red]✗[/] {escape(str(p))}")
        console.print(f"[red bold]{len(result.problems)} lỗi[/] trong {escape(str(file))}.")
        raise typer.Exit(2)
    console.print(f"[green]✓[/] {escape(str(file))}: không có lỗi. {escape(result.summary())}")


@campaign_app.command("template")
def campaign_template(out: Annotated[Path, typer.Argument(help="Workbook to write (.xlsx).")]
                      ) -> None:
    """Ghi bảng tính mẫu để thiết lập đợt đánh giá: sheet campaign, units, leaders,
    criteria, có danh sách chọn và ghi chú; hàng bắt đầu bằng # là ví dụ."""
    from storage.campaign_sheet import write_template

    if out.suffix.lower() != ".xlsx":
        _fail(InputFileError(f"{out}: the template is an .xlsx workbook."))
    write_template(out)
    console.print(f"Đã ghi bảng tính mẫu {out}: điền các sheet rồi chạy "
                  f"[bold]kiemchung campaign import {out} --out campaign.toml[/].")


@campaign_app.command("import")
def campaign_import(
        workbook: Annotated[Path, typer.Argument(help="The filled template (.xlsx).")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Campaign file to write.")] =
        Path("campaign.toml"),
        force: Annotated[bool, typer.Option(
            "--force", help="Overwrite an existing campaign file.")] = False) -> None:
    """Đọc bảng tính đã điền thành tệp đợt đánh giá (TOML), với cùng các kiểm tra như
    campaign check; mỗi lỗi ghi rõ sheet, hàng, cột. Thoát mã 2 khi có lỗi."""
    from rich.markup import escape

    from storage.campaign_check import check_campaign
    from storage.campaign_sheet import import_workbook

    if not workbook.is_file():
        _fail(InputFileError(f"Workbook {workbook} not found."))
    if out.exists() and not force:
        _fail(InputFileError(f"{out} exists: choose another --out or add --force."))
    try:
        problems = import_workbook(workbook, out)
    except (OSError, ValueError, KeyError) as exc:  # not a workbook openpyxl can read
        _fail(InputFileError(f"Cannot read {workbook} as an .xlsx workbook ({exc})."))
    errors = [p for p in problems if not p.warning]
    for p in problems:
        console.print(f"{'[red]✗' if not p.warning else '[yellow]!'}[/] {escape(str(p))}")
    if errors:
        console.print(f"[red bold]{len(errors)} lỗi[/]: chưa ghi {escape(str(out))}.")
        raise typer.Exit(2)
    result = check_campaign(out)  # the written file, checked as every command will
    if not result.ok:
        for p in result.problems:
            console.print(f"[red]✗[/] {escape(str(p))}")
        raise typer.Exit(2)
    console.print(f"[green]✓[/] Đã ghi {escape(str(out))}. {escape(result.summary())}")


@app.command()
def publish(campaign: CampaignOpt = None, database_url: DbOpt = None,
            day: Annotated[str | None, typer.Option(
                "--date", help="Day of the published decision (YYYY-MM-DD; default today, "
                               "Vietnam time).")] = None,
            by: Annotated[str, typer.Option(help="Who publishes (for the record).")] = "",
            ) -> None:
    """Công bố kết quả: ghi ngày công bố và giữ nguyên (đóng băng) điểm đã công bố; từ
    đó các đơn vị khiếu nại được đến hết thời hạn [complaints] của đợt."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from sqlmodel import Session

    from flows.score_stage import score_campaign
    from scoring.export import to_json
    from storage.publication import publish as do_publish

    ctx = _context(campaign, database_url)
    try:
        when = date.fromisoformat(day) if day else \
            datetime.now(ZoneInfo(ctx.cfg.timezone)).date()
    except ValueError:
        _fail(InputFileError(f"--date {day!r}: use YYYY-MM-DD."))
    try:
        scores = to_json(score_campaign(ctx))
        with Session(ctx.engine) as s:
            pub = do_publish(s, ctx.cfg, ctx.campaign_id, when, scores, by)
            s.commit()
            until = pub.complaints_until
    except KiemchungError as exc:
        _fail(exc)
    console.print(f"Đã công bố kết quả ngày {when:%d/%m/%Y}: điểm của {len(scores)} đơn vị "
                  "được giữ nguyên như đã công bố. "
                  + (f"Hạn khiếu nại: hết ngày {until:%d/%m/%Y}." if until else
                     "Đợt đánh giá không có \\[complaints]: không nhận khiếu nại."))


@app.command()
def migrate(database_url: DbOpt = None) -> None:
    """Create or upgrade the database schema (run also by every other command)."""
    from storage.db import get_engine
    from storage.db import migrate as do_migrate
    from storage.settings import get_settings, normalise_database_url

    url = normalise_database_url(database_url) if database_url else \
        get_settings().resolved_database_url()
    try:
        do_migrate(get_engine(url))
    except KiemchungError as exc:
        _fail(exc)
    console.print("Schema is up to date.")


if __name__ == "__main__":
    app()
