"""The ``kiemchung`` command line."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from verifiers.errors import InputFileError, KiemchungError

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


def _logging(verbose: bool) -> None:
    """English logs on stderr; libraries that log every rejected signature quietened."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("pypdf", "pyhanko", "pyhanko_certvalidator"):
        # They log every rejected signature with a traceback; our results say why.
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.ERROR)


def _fail(exc: KiemchungError) -> None:
    err_console.print(f"[red]error:[/] {exc.message}")
    raise typer.Exit(exc.exit_code)


@app.command()
def run(campaign: CampaignOpt = None, database_url: DbOpt = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Run the nightly check once: ingest new uploads, verify them, print the summary."""
    _prefect_defaults(verbose)
    from flows.nightly import context_for, nightly_check, print_nightly

    try:
        ctx = context_for(str(campaign) if campaign else None, database_url)
        result = nightly_check(str(campaign) if campaign else None, database_url,
                               show_progress=sys.stderr.isatty())
    except KiemchungError as exc:
        _fail(exc)
        return
    print_nightly(result, f"Kiểm tra minh chứng: {ctx.cfg.name}", console)


@app.command()
def verify(files: Annotated[list[Path], typer.Argument(help="PDF or image files.")],
           trust_root: Annotated[list[Path] | None, typer.Option(
               "--trust-root", help="Root certificate file or folder (repeatable).")] = None,
           crl: Annotated[list[Path] | None, typer.Option(
               "--crl", help="CRL file or folder (repeatable).")] = None,
           revocation: Annotated[str, typer.Option(
               help="soft-fail (default), hard-fail or require.")] = "soft-fail",
           as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
           ) -> None:
    """Verify files without touching the database."""
    from verifiers.pipeline import VerifyOptions, verify_bytes

    _logging(verbose=False)
    options = VerifyOptions(trust_roots=tuple(trust_root or ()), crls=tuple(crl or ()),
                            revocation_mode=revocation)
    try:
        options.trust_store()
    except KiemchungError as exc:
        _fail(exc)
    reports = []
    for f in files:
        try:
            data = f.read_bytes()
        except OSError as exc:
            _fail(InputFileError(f"Cannot read {f}: {exc.strerror}"))
        reports.append(verify_bytes(data, str(f), options))
    if as_json:
        typer.echo(json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2))
        return
    for r in reports:
        console.print(f"[bold]{r.file}[/]: {r.kind.value} → [bold]{r.verdict.value}[/]")
        for reason in r.reasons:
            console.print(f"  - {reason.code}: {reason.message}")
        for s in r.signatures:
            who = s.signer.get("common_name") or "?"
            when = _vn_time(s.signer.get("best_time"))
            console.print(f"  • {s.field} ({s.signer.get('kind', '?')}: {who}, {when}) "
                          f"→ {s.verdict.value}")
            for reason in s.reasons:
                console.print(f"      - {reason.code}: {reason.message}")


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

    from flows.context import open_context
    from storage.models import Criterion, Evidence, Finding, Unit

    _logging(verbose=False)
    try:
        ctx = open_context(campaign, database_url)
    except KiemchungError as exc:
        _fail(exc)
        return
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
