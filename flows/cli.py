"""The ``kiemchung`` command line."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from verifiers.errors import InputFileError, KiemchungError

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


def _prefect_defaults(verbose: bool) -> None:
    """Embedded defaults: Prefect's ephemeral server with its state under var/, no
    telemetry (the machines have no Internet), quiet logs unless --verbose."""
    from storage.settings import get_settings

    home = get_settings().var_dir / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home.resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    _logging(verbose)


class JsonLines(logging.Formatter):
    """One JSON object per log record (KIEMCHUNG_LOG_FORMAT=json), for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        out = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
               "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


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

    err_console.print(f"[red]error:[/] {escape(exc.message)}")
    raise typer.Exit(exc.exit_code)


WorkersOpt = Annotated[int, typer.Option(
    "--workers", "-j", help="Verification processes (default: KIEMCHUNG_WORKERS, else one "
                            "per core).")]


@app.command()
def run(campaign: CampaignOpt = None, database_url: DbOpt = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
        workers: WorkersOpt = 0,
        dask: Annotated[bool, typer.Option(
            "--dask", help="Verify on a Dask LocalCluster (prefect-dask).")] = False,
        dask_address: Annotated[str | None, typer.Option(
            help="Verify on the Dask scheduler at this address (tcp://host:8786).")] = None,
        ) -> None:
    """Run the nightly check once: ingest new uploads, verify them, print the summary."""
    _prefect_defaults(verbose)
    from flows.nightly import context_for, nightly_check, print_nightly

    try:
        ctx = context_for(str(campaign) if campaign else None, database_url)
        result = nightly_check(str(campaign) if campaign else None, database_url,
                               show_progress=sys.stderr.isatty(), workers=workers,
                               dask=dask, dask_address=dask_address)
    except KiemchungError as exc:
        _fail(exc)
        return
    print_nightly(result, f"Kiểm tra minh chứng: {ctx.cfg.name}", console)


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
    from verifiers.errors import ConfigError

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
        text = export.to_csv(scores) if fmt == "csv" else json.dumps(
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
