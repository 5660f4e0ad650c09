"""``kiemchung campaign …``: the campaign file: check it, the spreadsheet template,
import from a filled template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kiemchung.cli import output
from kiemchung.core.errors import ExitCode, InputFileError

campaign_app = typer.Typer(help="Tệp đợt đánh giá: kiểm tra, mẫu bảng tính, nhập từ bảng "
                                "tính.", no_args_is_help=True)


@campaign_app.command("check")
def campaign_check(file: Annotated[Path, typer.Argument(help="Tệp đợt đánh giá (TOML).")]
                   ) -> None:
    """Kiểm tra tệp đợt đánh giá: in mọi lỗi (dòng, cột, khoá) cùng lúc; thoát mã 2 khi
    có lỗi, 0 khi sạch."""
    from storage.campaign_check import check_campaign

    console = output.console
    result = check_campaign(file)
    for p in result.warnings:
        output.err_console.print(f"[yellow]![/] {escape(str(p))}")
    if not result.ok:
        for p in result.problems:
            console.print(f"[red]✗[/] {escape(str(p))}")
        console.print(f"[red bold]{len(result.problems)} lỗi[/] trong {escape(str(file))}.")
        raise typer.Exit(ExitCode.BAD_INPUT)
    console.print(f"[green]✓[/] {escape(str(file))}: không có lỗi. {escape(result.summary())}")


@campaign_app.command("template")
def campaign_template(out: Annotated[Path, typer.Argument(
        help="Bảng tính sẽ ghi (.xlsx).")]) -> None:
    """Ghi bảng tính mẫu để thiết lập đợt đánh giá: sheet campaign, units, leaders,
    criteria, có danh sách chọn và ghi chú; hàng bắt đầu bằng # là ví dụ."""
    from storage.campaign_sheet import write_template

    if out.suffix.lower() != ".xlsx":
        output.fail(InputFileError(f"{out}: bảng tính mẫu là một tệp .xlsx."))
    write_template(out)
    output.console.print(f"Đã ghi bảng tính mẫu {out}: điền các sheet rồi chạy "
                         f"[bold]kiemchung campaign import {out} --out campaign.toml[/].")


@campaign_app.command("import")
def campaign_import(
        workbook: Annotated[Path, typer.Argument(help="Bảng tính mẫu đã điền (.xlsx).")],
        out: Annotated[Path, typer.Option(
            "--out", "-o", help="Tệp đợt đánh giá sẽ ghi.")] = Path("campaign.toml"),
        force: Annotated[bool, typer.Option(
            "--force", help="Ghi đè tệp đợt đánh giá đã có.")] = False) -> None:
    """Đọc bảng tính đã điền thành tệp đợt đánh giá (TOML), với cùng các kiểm tra như
    campaign check; mỗi lỗi ghi rõ sheet, hàng, cột. Thoát mã 2 khi có lỗi."""
    from storage.campaign_check import check_campaign
    from storage.campaign_sheet import import_workbook

    console = output.console
    if not workbook.is_file():
        output.fail(InputFileError(f"Không tìm thấy bảng tính {workbook}."))
    if out.exists() and not force:
        output.fail(InputFileError(f"{out} đã có: chọn --out khác hoặc thêm --force."))
    try:
        problems = import_workbook(workbook, out)
    except (OSError, ValueError, KeyError) as exc:  # not a workbook openpyxl can read
        output.fail(InputFileError(f"Không đọc được {workbook} như một bảng tính .xlsx "
                                   f"({exc})."))
    errors = [p for p in problems if not p.warning]
    for p in problems:
        console.print(f"{'[red]✗' if not p.warning else '[yellow]!'}[/] {escape(str(p))}")
    if errors:
        console.print(f"[red bold]{len(errors)} lỗi[/]: chưa ghi {escape(str(out))}.")
        raise typer.Exit(ExitCode.BAD_INPUT)
    result = check_campaign(out)  # the written file, checked as every command will
    if not result.ok:
        for p in result.problems:
            console.print(f"[red]✗[/] {escape(str(p))}")
        raise typer.Exit(ExitCode.BAD_INPUT)
    console.print(f"[green]✓[/] Đã ghi {escape(str(out))}. {escape(result.summary())}")


def register(app: typer.Typer) -> None:
    app.add_typer(campaign_app, name="campaign")
