"""``kiemchung findings``: the findings of the last runs, filtered."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from kiemchung.cli import output
from kiemchung.cli.context import open_or_fail
from kiemchung.cli.options import OPEN_ONLY, CampaignOpt, DbOpt, ListFormat, StatusFilter
from kiemchung.core.codes import Severity


def findings(campaign: CampaignOpt = None, database_url: DbOpt = None,
             unit: Annotated[str | None, typer.Option(help="Mã đơn vị.")] = None,
             criterion: Annotated[str | None, typer.Option(help="Mã tiêu chí.")] = None,
             code: Annotated[str | None, typer.Option(help="Mã vấn đề.")] = None,
             severity: Annotated[Severity | None, typer.Option(
                 help="Mức: blocking (chặn) hoặc warning (cảnh báo).")] = None,
             status: Annotated[StatusFilter, typer.Option(
                 help="Trạng thái, hoặc all (mọi trạng thái).")] = OPEN_ONLY,
             search: Annotated[str, typer.Option(
                 help="Tìm chữ trong tên tệp, nội dung vấn đề và giải trình (không phân "
                      "biệt dấu, hoa thường).")] = "",
             assignee: Annotated[str | None, typer.Option(
                 help="Người thẩm định được giao; «-» cho vấn đề chưa giao.")] = None,
             fmt: Annotated[ListFormat, typer.Option(
                 "--format", help="Bảng hoặc JSON.")] = ListFormat.TABLE,
             ) -> None:
    """Liệt kê các vấn đề của những lần chạy gần nhất (các bộ lọc kết hợp với nhau; cùng
    bộ lọc với hàng đợi của ứng dụng web)."""
    from sqlmodel import Session

    from storage.queries import ANYONE, NOBODY, FindingFilter, find_findings

    ctx = open_or_fail(campaign, database_url)
    wanted = FindingFilter(
        unit=unit or "", criterion=criterion or "", code=code or "",
        severity=severity.value if severity else "", status=status.value,
        assignee=NOBODY if assignee == "-" else (assignee or ANYONE), search=search,
        page_size=1_000_000)
    with Session(ctx.engine) as s:
        found = find_findings(s, ctx.campaign_id, wanted)
        rows = [{"code": r.finding.code, "severity": r.finding.severity,
                 "status": r.finding.status, "unit": r.unit_code or None,
                 "criterion": r.criterion_code or None, "file": r.file or None,
                 "message": r.finding.message, "params": json.loads(r.finding.params_json),
                 "assignee": r.finding.assignee, "replies": r.replies}
                for r in found.rows]
    from kiemchung.cli.tables import findings_table

    output.listing(rows, fmt, findings_table)


def register(app: typer.Typer) -> None:
    app.command()(findings)
