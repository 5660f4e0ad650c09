"""``kiemchung report``: the campaign report for the issuing authority, and the
reviewers' decisions and audit log as spreadsheets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kiemchung.core.errors import InputFileError, KiemchungError

if TYPE_CHECKING:
    from storage.settings import Settings

SHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Written:
    path: Path
    what: str
    """Vietnamese: what the file holds."""


def _check_suffix(path: Path | None, allowed: tuple[str, ...], option: str) -> None:
    if path is not None and path.suffix.lower() not in allowed:
        raise InputFileError(f"Tệp {path} ({option}) phải có đuôi {' hoặc '.join(allowed)} "
                             f"(the file for {option} must end in {' or '.join(allowed)}).")


def write_report(campaign: Path | None, database_url: str | None, out: Path,
                 xlsx: Path | None = None, decisions: Path | None = None,
                 audit: Path | None = None, settings: Settings | None = None) -> list[Written]:
    """Score the campaign from what the runs stored (as ``kiemchung score`` does) and
    write the report's PDF, and on request its workbook, the decisions and the audit
    log (CSV or XLSX by the file's suffix). Raises ``KiemchungError`` subclasses."""
    from sqlmodel import Session

    from flows.context import open_context
    from flows.score_stage import score_campaign
    from scoring import export
    from scoring.campaign_report import build_report, rank_names
    from storage.models import Campaign

    _check_suffix(out, (".pdf",), "--out")
    _check_suffix(xlsx, (".xlsx",), "--xlsx")
    _check_suffix(decisions, SHEET_SUFFIXES, "--decisions")
    _check_suffix(audit, SHEET_SUFFIXES, "--audit")
    ctx = open_context(campaign, database_url, settings)
    try:
        if ctx.criteria_set is None:
            raise InputFileError(
                f"Đợt đánh giá {ctx.cfg.code} chưa có bộ tiêu chí chấm điểm ([scoring] trong "
                "tệp đợt đánh giá): không có gì để báo cáo (campaign has no scoring set).")
        scores = score_campaign(ctx)
        written: list[Written] = []
        with Session(ctx.engine) as session:
            camp = session.get(Campaign, ctx.campaign_id)
            assert camp is not None
            pdf, workbook = build_report(session, camp, scores,
                                         rank_names(ctx.criteria_set, ctx.tiers),
                                         ctx.criteria_set.title)
            files: list[tuple[Path, bytes, str]] = [
                (out, pdf, "báo cáo kết quả thẩm định (PDF)")]
            if xlsx is not None:
                files.append((xlsx, workbook, "báo cáo kết quả thẩm định (Excel)"))
            for path, audit_log, what in ((decisions, False, "quyết định thẩm định"),
                                          (audit, True, "nhật ký thẩm định")):
                if path is None:
                    continue
                sheet = export.decision_sheet(session, ctx.campaign_id, audit=audit_log)
                data = export.sheet_csv_bytes(sheet) if path.suffix.lower() == ".csv" else \
                    export.workbook_bytes([sheet])
                files.append((path, data, f"{what} ({len(sheet.rows)} dòng)"))
        for path, data, what in files:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            except OSError as exc:
                raise InputFileError(f"Không ghi được tệp {path}: {exc.strerror or exc} "
                                     f"(cannot write {path}).") from None
            written.append(Written(path, what))
        return written
    finally:
        ctx.engine.dispose()


def report(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Tệp PDF của báo cáo (đuôi .pdf).")],
    campaign: Annotated[Path | None, typer.Option(
        "--campaign", "-c",
        help="Tệp đợt đánh giá (TOML). Mặc định: sample_evidence/campaign.toml.")] = None,
    xlsx: Annotated[Path | None, typer.Option(
        "--xlsx", help="Ghi thêm báo cáo dạng Excel (đuôi .xlsx).")] = None,
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help="Ghi thêm các quyết định của thẩm định viên (.csv hoặc .xlsx).")
    ] = None,
    audit: Annotated[Path | None, typer.Option(
        "--audit", help="Ghi thêm toàn bộ nhật ký thẩm định (.csv hoặc .xlsx).")] = None,
    database_url: Annotated[str | None, typer.Option(
        "--database-url",
        help="Địa chỉ cơ sở dữ liệu. Mặc định: DATABASE_URL, nếu không có thì SQLite trong "
             "var/.")] = None,
) -> None:
    """Lập «Báo cáo kết quả thẩm định» gửi cơ quan ban hành (sau `kiemchung run`): tóm tắt,
    biểu đồ điểm tự đánh giá và điểm xác minh, phân bố xếp hạng, phụ lục bảng xếp hạng và
    các điểm bị trừ kèm lý do."""
    from rich.console import Console

    err = Console(stderr=True, soft_wrap=True)
    try:
        written = write_report(campaign, database_url, out, xlsx, decisions, audit)
    except KiemchungError as exc:
        from rich.markup import escape

        err.print(f"[red]lỗi:[/] {escape(exc.message)}")
        raise typer.Exit(exc.exit_code) from None
    for w in written:
        err.print(f"Đã ghi {w.path}: {w.what}")


def register(app: typer.Typer) -> None:
    """Add ``kiemchung report`` to the command line."""
    app.command("report")(report)
