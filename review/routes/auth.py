"""Signing in and out, and changing one's password (forced at the first login with a
one-time password). Sign-in attempts are throttled per account name and per client
address (``review/throttle.py``); signing out ends every session of the account."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from review import auth, throttle
from review.deps import Ctx, Db, Who, check_csrf, current_user, home_of
from review.pages import page
from review.security import client_address
from storage.models import utcnow

router = APIRouter()
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", None, error="")


@router.post("/login", response_model=None)
def login(request: Request, ctx: Ctx, db: Db, username: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "",
          csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    name = username.strip()
    keys = [throttle.account_key(name),
            throttle.address_key(client_address(request.scope, ctx.settings))]
    now = utcnow()
    until = throttle.refused_until(db, keys, now)
    if until is not None:
        return page(request, "login.html", None, status=429, error=throttle.refusal_vi(until))
    user = auth.authenticate(db, name, password)
    if user is None:
        throttle.record_failure(db, keys, now)
        return page(request, "login.html", None, status=401, error=WRONG)
    throttle.record_success(db, keys[0])
    auth.start_session(request.session, user, now)
    if auth.must_change_password(user):
        return RedirectResponse("/password", 303)
    return RedirectResponse(home_of(user), 303)


@router.post("/logout")
def logout(request: Request, db: Db, csrf_token: Annotated[str | None, Form()] = None
           ) -> RedirectResponse:
    check_csrf(request, csrf_token)
    user = current_user(request, db)
    if user is not None:
        auth.end_sessions(db, user)
        db.commit()
    request.session.clear()
    return RedirectResponse("/login", 303)


@router.get("/password", response_model=None)
def password_form(request: Request, user: Who) -> Response:
    return page(request, "password.html", user, error="",
                first=auth.must_change_password(user))


@router.post("/password", response_model=None)
def password_change(request: Request, user: Who, db: Db,
                    current: Annotated[str, Form()] = "", new: Annotated[str, Form()] = "",
                    again: Annotated[str, Form()] = "",
                    csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    error = auth.change_password(db, user, current, new, again)
    if error:
        return page(request, "password.html", user, status=400, error=error,
                    first=auth.must_change_password(user))
    auth.start_session(request.session, user, utcnow())  # this one goes on; others end
    return RedirectResponse(home_of(user), 303)
