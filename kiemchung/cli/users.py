"""``kiemchung users …``: accounts of the review web app."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from kiemchung.cli import output
from kiemchung.cli.context import open_or_fail
from kiemchung.cli.logs import to_terminal
from kiemchung.cli.options import CampaignOpt, DbOpt
from kiemchung.core.errors import InputFileError, KiemchungError
from kiemchung.core.formatting import label
from kiemchung.core.vocabulary import Role

users_app = typer.Typer(help="Tài khoản của ứng dụng web thẩm định.", no_args_is_help=True)


@users_app.command("add")
def users_add(username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
              role: Annotated[Role, typer.Option(help="Vai trò.")] = Role.REVIEWER,
              unit: Annotated[str | None, typer.Option(
                  help="Mã đơn vị (vai trò unit).")] = None,
              password_env: Annotated[str | None, typer.Option(
                  help="Đọc mật khẩu từ biến môi trường này thay vì hỏi.")] = None,
              campaign: CampaignOpt = None, database_url: DbOpt = None) -> None:
    """Tạo tài khoản, hoặc đặt lại mật khẩu và vai trò của tài khoản đã có."""
    from sqlmodel import Session

    from flows.context import open_context
    from review.auth import add_user

    to_terminal(verbose=False)
    password = os.environ.get(password_env, "") if password_env else typer.prompt(
        "Mật khẩu", hide_input=True, confirmation_prompt=True)
    try:
        ctx = open_context(campaign, database_url)
        with Session(ctx.engine) as s:
            add_user(s, username=username, password=password, role=role,
                     campaign_id=ctx.campaign_id, unit_code=unit)
            s.commit()
    except KiemchungError as exc:
        output.fail(exc)
    output.console.print(f"Đã lưu tài khoản {username} ({label('role', role)}"
                         f"{', ' + unit if unit else ''}).")


@users_app.command("import")
def users_import(
        campaign: Annotated[Path, typer.Argument(help="Tệp đợt đánh giá (TOML).")],
        out: Annotated[Path | None, typer.Option(
            "--out", "-o", help="Nơi ghi mật khẩu dùng một lần (CSV, quyền 0600). Mặc định: "
                                "var/accounts-<đợt>-<thời điểm>.csv.")] = None,
        reset: Annotated[bool, typer.Option(
            "--reset", help="Cấp mật khẩu dùng một lần mới cho cả tài khoản đơn vị đã có.")] =
        False,
        database_url: DbOpt = None) -> None:
    """Tạo tài khoản cho mọi đơn vị của đợt đánh giá (tên đăng nhập = mã đơn vị), mỗi tài
    khoản một mật khẩu dùng một lần ghi vào tệp CSV chỉ chủ sở hữu đọc được (0600); lần
    đăng nhập đầu phải đổi mật khẩu."""
    import csv
    import io
    from datetime import UTC, datetime

    from sqlmodel import Session

    from review.auth import import_unit_accounts
    from storage.settings import get_settings

    ctx = open_or_fail(campaign, database_url)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out or get_settings().var_dir / f"accounts-{ctx.cfg.code}-{stamp}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # created with mode 0600 (never readable by others, not even for a moment)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        output.fail(InputFileError(f"{path} đã có: chọn --out khác (mật khẩu không bao giờ "
                                   "được ghi đè)."))
    made = 0
    try:
        with Session(ctx.engine) as s:
            rows = import_unit_accounts(s, ctx.campaign_id, [u.code for u in ctx.cfg.units],
                                        reset)
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(["unit", "name", "username", "one_time_password", "email"])
            for unit, password in rows:
                if password is not None:
                    w.writerow([unit.code, unit.name, unit.code, password, unit.email or ""])
                    made += 1
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(buf.getvalue())
            s.commit()  # (after the file: no account whose password was not written)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    kept = len(rows) - made
    output.console.print(
        f"Đã tạo {made} tài khoản đơn vị"
        + (f", giữ nguyên {kept} tài khoản đã có (--reset để cấp lại)" if kept else "")
        + f". Mật khẩu dùng một lần: {path} (chỉ chủ sở hữu đọc được; phát cho "
        "từng đơn vị rồi xoá tệp).")


@users_app.command("list")
def users_list(campaign: CampaignOpt = None, database_url: DbOpt = None) -> None:
    """Liệt kê các tài khoản."""
    from sqlmodel import Session, select

    from storage.models import Unit, User

    ctx = open_or_fail(campaign, database_url)
    with Session(ctx.engine) as s:
        units = {u.id: u.code for u in s.exec(select(Unit))}
        for u in s.exec(select(User).order_by(User.username)):
            output.console.print(f"{u.username}\t{u.role}\t{units.get(u.unit_id, '')}")


def _switch(username: str, enable: bool, campaign: Path | None,
            database_url: str | None) -> None:
    from sqlmodel import Session

    from review.auth import disable_user, enable_user

    ctx = open_or_fail(campaign, database_url)
    try:
        with Session(ctx.engine) as s:
            (enable_user if enable else disable_user)(s, username)
            s.commit()
    except KiemchungError as exc:
        output.fail(exc)
    output.console.print(f"Đã mở lại tài khoản {username}." if enable else
                         f"Đã khóa tài khoản {username}; mọi phiên đang mở đã kết thúc.")


@users_app.command("disable")
def users_disable(username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
                  campaign: CampaignOpt = None, database_url: DbOpt = None) -> None:
    """Khóa tài khoản: tài khoản không đăng nhập được nữa và mọi phiên đang mở kết thúc
    ngay ở yêu cầu kế tiếp. Mở lại bằng `kiemchung users enable TÊN`."""
    _switch(username, False, campaign, database_url)


@users_app.command("enable")
def users_enable(username: Annotated[str, typer.Argument(help="Tên đăng nhập.")],
                 campaign: CampaignOpt = None, database_url: DbOpt = None) -> None:
    """Mở lại tài khoản đã bị khóa; người dùng đăng nhập lại bằng mật khẩu hiện có."""
    _switch(username, True, campaign, database_url)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
