"""The web app's request dependencies: the run context, a database session, the signed-in
user and role checks, the CSRF check. Routers declare them with the ``Annotated`` aliases
below (``Db``, ``Who``, ``Staff``, ``Ctx``)."""

# No "from __future__ import annotations": FastAPI reads these annotations at run time.
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session

from flows.context import RunContext
from kiemchung.core.vocabulary import Role
from review import auth
from storage.models import User


def get_ctx(request: Request) -> RunContext:
    ctx: RunContext = request.app.state.ctx
    return ctx


Ctx = Annotated[RunContext, Depends(get_ctx)]


def get_db(ctx: Ctx) -> Iterator[Session]:
    with Session(ctx.engine) as s:
        yield s


Db = Annotated[Session, Depends(get_db)]


def current_user(request: Request, db: Session) -> User | None:
    uid = request.session.get("uid")
    return db.get(User, uid) if uid else None


def user_or_login(request: Request, db: Db) -> User:
    user = current_user(request, db)
    if user is None:
        raise HTTPException(303, headers={"Location": "/login"})
    if auth.must_change_password(user) and request.url.path != "/password":
        raise HTTPException(303, headers={"Location": "/password"})  # first login
    return user


Who = Annotated[User, Depends(user_or_login)]


def staff(user: Who) -> User:
    if user.role not in (Role.ADMIN, Role.REVIEWER):
        raise HTTPException(404)
    return user


Staff = Annotated[User, Depends(staff)]


def check_csrf(request: Request, token: str | None) -> None:
    if not auth.csrf_ok(request.session.get("csrf"), token):
        raise HTTPException(403, "Phiên làm việc hết hạn hoặc biểu mẫu không hợp lệ. "
                                 "Tải lại trang và thử lại.")


def own(user: User, unit_id: int | None) -> None:
    """A unit's account sees only its own things (404 otherwise, as for a missing page)."""
    if user.role == Role.UNIT and unit_id != user.unit_id:
        raise HTTPException(404)


def home_of(user: User) -> str:
    """Where a signed-in user lands."""
    return "/unit" if user.role == Role.UNIT else "/review"
