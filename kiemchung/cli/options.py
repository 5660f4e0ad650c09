"""Options several commands share, and the choices of the CLI's own options. Choices
that name the project's vocabulary (roles, statuses, severities) are its enums."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kiemchung.core.vocabulary import FindingStatus

CampaignOpt = Annotated[Path | None, typer.Option(
    "--campaign", "-c", help="Tệp đợt đánh giá (TOML). Mặc định: sample_evidence/campaign.toml.")]
DbOpt = Annotated[str | None, typer.Option(
    "--database-url", help="Địa chỉ cơ sở dữ liệu. Mặc định: DATABASE_URL, nếu không có thì "
                           "SQLite trong var/.")]
WorkersOpt = Annotated[int, typer.Option(
    "--workers", "-j", help="Số tiến trình kiểm tra (mặc định: KIEMCHUNG_WORKERS, nếu không "
                            "có thì mỗi lõi một tiến trình).")]


class ListFormat(StrEnum):
    """How a listing is printed."""

    TABLE = "table"
    JSON = "json"


class ScoreFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


StatusFilter = StrEnum(  # type: ignore[misc]  # a finding status, or all of them
    "StatusFilter", {**{s.name: s.value for s in FindingStatus}, "ALL": "all"})
OPEN_ONLY = StatusFilter(FindingStatus.OPEN.value)
