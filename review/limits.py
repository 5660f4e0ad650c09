"""Request bodies bounded before anything reads them.

``BodyLimit`` is an ASGI middleware inside the session middleware (it sees the decoded
session) and outside everything that parses a body:

- a POST without a session that still stands for an account goes to the sign-in page
  before a byte of its body is read (only ``/login`` takes a body from strangers, and
  that one is tiny);
- a ``Content-Length`` over the route's limit is answered 413 at once;
- a body without one (chunked) is counted as it streams in and cut off with 413 the
  moment it passes the limit, whatever the handler was doing with it.

Limits: uploads ``max_upload_bytes`` plus room for the form around the file; any other
form ``max_form_bytes``; the sign-in form ``LOGIN_BYTES``.
"""

from __future__ import annotations

import re
from typing import Any

from anyio import to_thread
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flows.context import RunContext

LOGIN_BYTES = 8 * 1024
FORM_AROUND_FILE = 1024 * 1024
"""Multipart framing and the other fields of an upload form."""
UPLOAD_PATHS = re.compile(r"^/unit/(upload|findings/\d+/reply)$")
OPEN_PATHS = ("/login",)
"""Where a body is taken without a session."""


def body_limit(ctx: RunContext, path: str) -> int:
    if path in OPEN_PATHS:
        return LOGIN_BYTES
    if UPLOAD_PATHS.match(path):
        return ctx.settings.max_upload_bytes + FORM_AROUND_FILE
    return ctx.settings.max_form_bytes


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


class TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, ctx: RunContext) -> None:
        self.app = app
        self.ctx = ctx

    def _signed_in(self, scope: Scope) -> bool:
        from review.auth import session_user

        with Session(self.ctx.engine) as db:
            return session_user(db, scope.get("session", {}), self.ctx.settings) is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]
        if method not in ("GET", "HEAD", "OPTIONS") and path not in OPEN_PATHS \
                and not await to_thread.run_sync(self._signed_in, scope):
            await RedirectResponse("/login", 303)(scope, receive, send)
            return
        limit = body_limit(self.ctx, path)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = -1
            if declared < 0 or declared > limit:
                await self._refuse(scope, receive, send, limit, declared < 0)
                return
        seen = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    raise TooLarge
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if over:
                return  # the handler's answer to a body cut short is replaced by the 413
            started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not over or started:
                raise
        if over and not started:
            await self._refuse(scope, receive, send, limit, False)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int,
                      malformed: bool) -> None:
        from review.pages import error_page

        request = Request(scope)
        if malformed:
            response: Any = error_page(request, "Yêu cầu không hợp lệ (độ dài nội dung sai).",
                                       400)
        else:
            response = error_page(request, f"Nội dung gửi lên quá lớn: tối đa {_mib(limit)} "
                                           "cho biểu mẫu này.", 413)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
