"""The terminal: standard output for results, standard error for messages, and the one
way a command stops on a failure the user can act on (``fail``): its Vietnamese message,
no traceback, the exit status of its kind (``kiemchung.core.errors.ExitCode``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kiemchung.cli.options import ListFormat
from kiemchung.core.errors import CampaignFileError, KiemchungError

console = Console(width=None if sys.stdout.isatty() else 140)
err_console = Console(stderr=True, soft_wrap=True)
"""Replaced by ``kiemchung run`` while its stages run (stderr then goes to the log file):
read it as ``output.err_console``, never import the name."""


def listing(rows: list[dict[str, Any]], fmt: ListFormat,
            table: Callable[[list[dict[str, Any]]], Table]) -> None:
    """A listing command's rows: a JSON array on stdout, or the table for people."""
    if fmt == ListFormat.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        console.print(table(rows))


def fail(exc: KiemchungError) -> NoReturn:
    if isinstance(exc, CampaignFileError) and exc.problems:
        for p in exc.problems:
            err_console.print(f"[red]✗[/] {escape(str(p))}")
        err_console.print(f"[red]{len(exc.problems)} lỗi trong tệp đợt đánh giá[/] "
                          f"({len(exc.problems)} error(s) in the campaign file): sửa rồi chạy "
                          "lại; [bold]kiemchung campaign check FILE[/] để kiểm tra.")
        raise typer.Exit(exc.exit_code)
    err_console.print(f"[red]lỗi:[/] {escape(exc.message)}")
    raise typer.Exit(exc.exit_code)
