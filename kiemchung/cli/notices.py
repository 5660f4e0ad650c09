"""``kiemchung notices``: the rejection notices' outbox: list, write the PDFs, send."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kiemchung.cli import output
from kiemchung.cli.logs import to_terminal
from kiemchung.cli.options import CampaignOpt, DbOpt, ListFormat
from kiemchung.core.errors import KiemchungError, NotSetUp


def notices(campaign: CampaignOpt = None, database_url: DbOpt = None,
            out: Annotated[Path | None, typer.Option(
                "--out", help="Ghi tệp PDF của mọi thông báo vào thư mục này.")] = None,
            send: Annotated[bool, typer.Option(
                "--send", help="Gửi ngay các thông báo đã đến hạn trong hộp thư đi.")] = False,
            fmt: Annotated[ListFormat, typer.Option(
                "--format", help="Bảng hoặc JSON.")] = ListFormat.TABLE,
            ) -> None:
    """Liệt kê thông báo trả lại minh chứng (hộp thư đi), ghi tệp PDF, gửi thư."""
    from sqlmodel import Session, col, select

    from flows.context import open_context
    from flows.notify_stage import make_notices, pdf_filename, send_notices
    from storage.models import Notice, Unit

    to_terminal(verbose=False)
    try:
        ctx = open_context(campaign, database_url)
        if ctx.cfg.notices is None:
            raise NotSetUp(f"Đợt đánh giá {ctx.cfg.code} không có mục [notices]: không lập "
                           "thông báo cho đợt này.")
        make_notices(ctx)
        if send:
            if ctx.cfg.notices.smtp is None:
                raise NotSetUp("Chưa có máy chủ thư: thêm [notices.smtp] vào tệp đợt đánh "
                               "giá để gửi thông báo.")
            stats = send_notices(ctx)
            output.err_console.print(
                f"Gửi: {stats.sent} đã gửi, {stats.retrying} lỗi sẽ thử lại, "
                f"{stats.failed} thất bại, {stats.waiting} chưa đến hạn.")
    except KiemchungError as exc:
        output.fail(exc)
    with Session(ctx.engine) as s:
        units = {u.id: u for u in s.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id))}
        rows = list(s.exec(select(Notice).where(Notice.campaign_id == ctx.campaign_id)
                           .order_by(col(Notice.seq))))
    if out:
        out.mkdir(parents=True, exist_ok=True)
        for n in rows:
            if n.pdf_blob_key:
                (out / pdf_filename(n)).write_bytes(ctx.blobs.get(n.pdf_blob_key))
        output.err_console.print(f"Đã ghi {len(rows)} tệp PDF vào {out}")
    data = [{"number": n.number, "unit": units[n.unit_id].code, "recipient": n.recipient,
             "day": n.day.isoformat() if n.day else None,
             "deadline": n.deadline.isoformat() if n.deadline else None,
             "findings": len(json.loads(n.findings_json)), "status": n.status,
             "attempts": n.attempts, "last_error": n.last_error,
             "sent_at": n.sent_at.isoformat() if n.sent_at else None} for n in rows]
    from kiemchung.cli.tables import notices_table

    output.listing(data, fmt, notices_table)


def register(app: typer.Typer) -> None:
    app.command()(notices)
