"""The ``kiemchung`` command line: one module per command group, each exposing
``register(app)``, registered here from one list (the order of ``kiemchung --help``).
Shared pieces: options (``options.py``), the terminal and the failure path
(``output.py``), opening a campaign (``context.py``), logs (``logs.py``), Prefect's
environment (``prefect_env.py``), progress bars (``terminal.py``), tables
(``tables.py``). Help and messages for people are Vietnamese; logs are English."""

from __future__ import annotations

import importlib
import importlib.util

import typer

from kiemchung.cli.help_vi import install as _vietnamese_help

_vietnamese_help()

COMMANDS = ("run", "verify", "findings", "score", "notices", "report", "serve", "users",
            "campaign", "publish", "migrate")
"""Modules of ``kiemchung.cli``; ``run`` also holds ``deploy``."""

app = typer.Typer(help="kiemchung: kiểm chứng minh chứng đánh giá Chính quyền điện tử / "
                       "chuyển đổi số.", no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode="markdown")

for _name in COMMANDS:
    if importlib.util.find_spec(f"{__name__}.{_name}") is not None:  # report: wb17a's module
        importlib.import_module(f"{__name__}.{_name}").register(app)
