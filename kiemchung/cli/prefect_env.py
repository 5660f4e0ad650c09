"""Prefect's environment for the commands that run flows: the embedded ephemeral server
with its state under ``var/``, no telemetry (the machines have no Internet), quiet logs
unless ``--verbose``. Set before Prefect is first imported: it reads them once."""

from __future__ import annotations

import os

from kiemchung.cli.logs import to_terminal


def prefect_defaults(verbose: bool, terminal: bool = True) -> None:
    """``terminal=False``: logging is already sent to the run's log file."""
    from storage.settings import get_settings

    home = get_settings().var_dir / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home.resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")  # the client's telemetry notice too
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # (into the run's log file, the stages' INFO lines belong there)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL",
                          "INFO" if verbose or not terminal else "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    if terminal:
        to_terminal(verbose)
