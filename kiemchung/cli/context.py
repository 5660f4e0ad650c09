"""Opening the campaign and its database for a command, or stopping with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiemchung.cli.logs import to_terminal
from kiemchung.cli.output import fail
from kiemchung.core.errors import CampaignFileError, KiemchungError

if TYPE_CHECKING:
    from flows.context import RunContext


def open_or_fail(campaign: Path | None, database_url: str | None) -> RunContext:
    """The campaign and database, or a clear error and exit."""
    from flows.context import open_context

    to_terminal(verbose=False)
    try:
        return open_context(campaign, database_url)
    except KiemchungError as exc:
        fail(exc)


def precheck(campaign: Path | None) -> None:
    """Check the campaign file before anything heavy starts (Prefect, the database):
    every problem printed at once, exit status 2."""
    from storage.campaign_check import check_campaign
    from storage.settings import get_settings

    path = campaign or get_settings().campaign_file
    result = check_campaign(path)
    if not result.ok:
        fail(CampaignFileError(path, result.report(), result.problems))
