"""What every response carries and who the client is.

``SecurityHeaders`` (the outermost middleware) adds a Content-Security-Policy without
inline script, framing refused (``frame-ancestors 'none'`` and ``X-Frame-Options``),
``nosniff`` and ``Referrer-Policy: same-origin`` to every response, error pages and
refusals included, and marks cookies ``Secure`` when the request came over HTTPS:
``KIEMCHUNG_HTTPS=1``, or a trusted proxy (``KIEMCHUNG_TRUSTED_PROXIES``) saying
``X-Forwarded-Proto: https``. Forwarded headers from anyone else are ignored.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storage.settings import Settings

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
"""No inline script, event-handler attribute, style element or style attribute: the fact
boxes over a page are SVG rectangles placed by their attributes (evidence_pages.html)."""
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _header(scope: Scope, name: bytes) -> str:
    for k, v in scope.get("headers", []):
        if k == name:
            return str(v.decode("latin-1"))
    return ""


def _peer(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


def client_address(scope: Scope, settings: Settings) -> str:
    """The client's address: the peer, or behind trusted proxies the last address in
    ``X-Forwarded-For`` that is not one of them."""
    peer = _peer(scope)
    if peer not in settings.trusted_proxies:
        return peer
    chain = [a.strip() for a in _header(scope, b"x-forwarded-for").split(",") if a.strip()]
    for address in reversed(chain):
        if address not in settings.trusted_proxies:
            return address
    return peer


def is_https(scope: Scope, settings: Settings) -> bool:
    if settings.https or scope.get("scheme") == "https":
        return True
    return _peer(scope) in settings.trusted_proxies and \
        _header(scope, b"x-forwarded-proto").split(",")[0].strip().lower() == "https"


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = is_https(scope, self.settings)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in headers:
                        headers[name] = value
                if secure:
                    cookies = headers.getlist("set-cookie")
                    del headers["set-cookie"]
                    for c in cookies:
                        headers.append("set-cookie", c if "; secure" in c.lower()
                                       else c + "; Secure")
            await send(message)

        await self.app(scope, receive, with_headers)
