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
             fmt: Annotated[ListFormat, typer.Option(
                 "--format", help="Bảng hoặc JSON.")] = ListFormat.TABLE,
             ) -> None:
    """Liệt kê các vấn đề của những lần chạy gần nhất (các bộ lọc kết hợp với nhau)."""
    from sqlmodel import Session, select

    from storage.models import Criterion, Evidence, Finding, Unit

    ctx = open_or_fail(campaign, database_url)
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
            if (status != "all" and f.status != status.value) or (unit and row["unit"] != unit) or \
                    (criterion and row["criterion"] != criterion) or (code and f.code != code) \
                    or (severity and f.severity != severity):
                continue
            rows.append(row)
    from kiemchung.cli.tables import findings_table

    output.listing(rows, fmt, findings_table)


def register(app: typer.Typer) -> None:
    app.command()(findings)
