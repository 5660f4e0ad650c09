"""The review web app: reviewers work through findings with the evidence in front of
them; units see their own findings, scores and notices, reply and upload replacements.

Server-rendered (Jinja2), Vietnamese interface. ``create_app`` only assembles the app:
middleware, static files, error pages and one router per area (``review/routes/``);
request dependencies live in ``review/deps.py``, what handlers do beyond reading in
``review/services.py`` (every decision goes through ``flows.confirm_stage.decide`` and
then confirmation and scoring run again, the path the nightly flow takes).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from flows.context import RunContext, open_context
from review import auth
from review.pages import HERE, error_page
from review.routes import ROUTERS
from review.services import Refused
from verifiers.pipeline import pipeline_version

ERROR_MESSAGES = {404: "Không tìm thấy trang hoặc bạn không có quyền xem."}
SHOWN_DETAIL = (400, 403, 413, 415)  # statuses whose detail is the message for the user


def create_app(campaign_file: str | Path | None = None, database_url: str | None = None,
               ctx: RunContext | None = None) -> FastAPI:
    ctx = ctx or open_context(campaign_file, database_url)
    app = FastAPI(title="kiemchung", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key=auth.secret_key(ctx.settings.var_dir),
                       session_cookie="kiemchung", same_site="lax", https_only=False,
                       max_age=12 * 3600)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.ctx = ctx
    app.state.version = pipeline_version(ctx.verify_options())

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code in (301, 302, 303):
            return RedirectResponse(exc.headers["Location"] if exc.headers else "/", 303)
        message = str(exc.detail) if exc.status_code in SHOWN_DETAIL else \
            ERROR_MESSAGES.get(exc.status_code, "Có lỗi xảy ra.")
        return error_page(request, message, exc.status_code)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return error_page(request, exc.message, exc.status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return error_page(request, "Yêu cầu không hợp lệ: thiếu thông tin hoặc sai định dạng.",
                          400)

    for router in ROUTERS:
        app.include_router(router)
    return app
