"""Rendering the web app's pages: the Jinja2 templates with their filters, and the page
and error-page helpers every router uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from flows.report import points_vi
from review import auth, filters
from storage.models import User
from verifiers.extract.facts import fact_label

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["fromjson"] = json.loads
templates.env.filters["fact_vi"] = fact_label
templates.env.filters["diem"] = points_vi
filters.install(templates.env)


def flash(request: Request, message: str) -> None:
    """A status line («Đã nhận tệp …») for the next page this session sees: banners come
    from the server, never from the query string, so a link cannot put words in them."""
    request.session["flash"] = [*request.session.get("flash", []), message][-5:]


def page(request: Request, name: str, user: User | None, status: int = 200,
         **data: Any) -> HTMLResponse:
    """A page for the signed-in ``user`` (None on the sign-in page), with a CSRF token
    and the session's status lines (shown once)."""
    if "csrf" not in request.session:
        request.session["csrf"] = auth.new_csrf_token()
    return templates.TemplateResponse(request, name, {
        "user": user, "csrf": request.session["csrf"], "campaign": request.app.state.ctx.cfg,
        "flashes": request.session.pop("flash", []), **data}, status_code=status)


def error_page(request: Request, message: str, status: int) -> HTMLResponse:
    return templates.TemplateResponse(request, "error.html", {
        "user": None, "csrf": "", "campaign": request.app.state.ctx.cfg, "flashes": [],
        "message": message}, status_code=status)
