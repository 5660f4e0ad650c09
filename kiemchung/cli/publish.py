"""``kiemchung publish``: the published ranking, frozen, and the complaint period it opens."""

from __future__ import annotations

from typing import Annotated

import typer

from kiemchung.cli import output
from kiemchung.cli.context import open_or_fail
from kiemchung.cli.options import CampaignOpt, DbOpt
from kiemchung.core.errors import InvalidOption, KiemchungError
from kiemchung.core.formatting import day as day_text


def publish(campaign: CampaignOpt = None, database_url: DbOpt = None,
            day: Annotated[str | None, typer.Option(
                "--date", help="Ngày của quyết định công bố (YYYY-MM-DD; mặc định hôm nay, "
                               "giờ Việt Nam).")] = None,
            by: Annotated[str, typer.Option(help="Người công bố (để lưu vết).")] = "",
            ) -> None:
    """Công bố kết quả: ghi ngày công bố và giữ nguyên (đóng băng) điểm đã công bố; từ
    đó các đơn vị khiếu nại được đến hết thời hạn khiếu nại của đợt (mục complaints)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from sqlmodel import Session

    from flows.score_stage import score_campaign
    from scoring.export import to_json
    from storage.publication import publish as do_publish

    ctx = open_or_fail(campaign, database_url)
    try:
        when = date.fromisoformat(day) if day else \
            datetime.now(ZoneInfo(ctx.cfg.timezone)).date()
    except ValueError:
        output.fail(InvalidOption(f"--date {day!r}: ghi ngày theo dạng YYYY-MM-DD."))
    try:
        scores = to_json(score_campaign(ctx))
        with Session(ctx.engine) as s:
            pub = do_publish(s, ctx.cfg, ctx.campaign_id, when, scores, by)
            s.commit()
            until = pub.complaints_until
    except KiemchungError as exc:
        output.fail(exc)
    output.console.print(
        f"Đã công bố kết quả ngày {day_text(when)}: điểm của {len(scores)} đơn vị "
        "được giữ nguyên như đã công bố. "
        + (f"Hạn khiếu nại: hết ngày {day_text(until)}." if until else
           "Đợt đánh giá không có \\[complaints]: không nhận khiếu nại."))


def register(app: typer.Typer) -> None:
    app.command()(publish)
