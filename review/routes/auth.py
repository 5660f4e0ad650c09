"""Signing in and out, and changing one's password (forced at the first login with a
one-time password)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from review import auth
from review.deps import Db, Who, check_csrf, home_of
from review.pages import page

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html", None, error="")


@router.post("/login", response_model=None)
def login(request: Request, db: Db, username: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "",
          csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    user = auth.authenticate(db, username.strip(), password)
    if user is None:
        return page(request, "login.html", None, status=401,
                    error="Tên đăng nhập hoặc mật khẩu không đúng.")
    request.session.clear()
    request.session.update(uid=user.id, csrf=auth.new_csrf_token())
    if auth.must_change_password(user):
        return RedirectResponse("/password", 303)
    return RedirectResponse(home_of(user), 303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str | None, Form()] = None
           ) -> RedirectResponse:
    check_csrf(request, csrf_token)
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
    return RedirectResponse(home_of(user), 303)
