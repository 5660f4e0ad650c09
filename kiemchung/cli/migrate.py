"""``kiemchung migrate``: the database schema, created or upgraded."""

from __future__ import annotations

import typer

from kiemchung.cli import output
from kiemchung.cli.options import DbOpt
from kiemchung.core.errors import KiemchungError


def migrate(database_url: DbOpt = None) -> None:
    """Tạo hoặc nâng cấp lược đồ cơ sở dữ liệu (mọi lệnh khác cũng tự làm việc này)."""
    from storage.db import get_engine
    from storage.db import migrate as do_migrate
    from storage.settings import get_settings, normalise_database_url

    url = normalise_database_url(database_url) if database_url else \
        get_settings().resolved_database_url()
    try:
        do_migrate(get_engine(url))
    except KiemchungError as exc:
        output.fail(exc)
    output.console.print("Lược đồ cơ sở dữ liệu đã là mới nhất.")


def register(app: typer.Typer) -> None:
    app.command()(migrate)
