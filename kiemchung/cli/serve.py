"""``kiemchung serve``: the review web app."""

from __future__ import annotations

from typing import Annotated

import typer

from kiemchung.cli import output
from kiemchung.cli.logs import to_terminal
from kiemchung.cli.options import CampaignOpt, DbOpt
from kiemchung.core.errors import KiemchungError


def serve(campaign: CampaignOpt = None, database_url: DbOpt = None,
          host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Cổng.")] = 8000) -> None:
    """Chạy ứng dụng web thẩm định (đăng nhập ở /login, hàng đợi thẩm định ở /review)."""
    import uvicorn

    from review.app import create_app

    to_terminal(verbose=False)
    try:
        web = create_app(campaign, database_url)
    except KiemchungError as exc:
        output.fail(exc)
    output.err_console.print(f"kiemchung: http://{host}:{port}/login")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)
