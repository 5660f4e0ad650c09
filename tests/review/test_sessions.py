"""Sessions the server can end, throttled sign-in, and what every response carries:
issue 19 points 2, 3 and 6, against the real app (TestClient), real argon2 and SQLite."""

import stat
import threading
from dataclasses import replace
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from flows.context import RunContext
from review import auth, throttle
from review.app import create_app
from storage.db import make_engine
from storage.models import LoginThrottle, User, utcnow
from tests.review.conftest import PASSWORD, csrf_of, login


def _saved_cookie(client: TestClient) -> str:
    value = client.cookies.get("kiemchung")
    assert value
    return value


def _with_cookie(ctx: RunContext, cookie: str) -> TestClient:
    c = TestClient(create_app(ctx=ctx))
    c.cookies.set("kiemchung", cookie)
    return c


def test_logout_password_change_and_disabling_end_saved_sessions(ready: RunContext) -> None:
    app = create_app(ctx=ready)
    with TestClient(app) as a:
        token = login(a, "thamdinh")
        saved = _saved_cookie(a)
        assert _with_cookie(ready, saved).get("/review", follow_redirects=False).status_code == 200
        a.post("/logout", data={"csrf_token": token})
        replay = _with_cookie(ready, saved).get("/review", follow_redirects=False)
        assert replay.status_code == 303 and replay.headers["location"] == "/login"
    # a password change ends the other sessions, not the one that made it
    with TestClient(app) as a, TestClient(app) as b:
        login(a, "thamdinh")
        token_b = login(b, "thamdinh")
        r = b.post("/password", data={"current": PASSWORD, "new": "mat-khau-moi-123",
                                      "again": "mat-khau-moi-123", "csrf_token": token_b},
                   follow_redirects=False)
        assert r.status_code == 303
        assert a.get("/review", follow_redirects=False).status_code == 303
        assert b.get("/review", follow_redirects=False).status_code == 200
    # disabling ends its sessions at their next request and refuses sign-in
    with TestClient(app) as c:
        login(c, "vanphong")
        with Session(ready.engine) as s:
            auth.disable_user(s, "vanphong")
            s.commit()
        assert c.get("/unit", follow_redirects=False).status_code == 303
        token = csrf_of(c.get("/login").text)
        refused = c.post("/login", data={"username": "vanphong", "password": PASSWORD,
                                         "csrf_token": token})
        assert refused.status_code == 401 and "không đúng" in refused.text
        with Session(ready.engine) as s:
            auth.enable_user(s, "vanphong")
            s.commit()
        login(c, "vanphong")
        assert c.get("/unit", follow_redirects=False).status_code == 200


def test_idle_and_absolute_timeouts(ready: RunContext) -> None:
    with Session(ready.engine) as s:
        user = s.exec(select(User).where(User.username == "thamdinh")).one()
        now = utcnow()
        cookie: dict[str, object] = {}
        auth.start_session(cookie, user, now)
        settings = ready.settings
        assert auth.session_user(s, cookie, settings, now + timedelta(minutes=5)) is not None
        idle = now + timedelta(minutes=5 + settings.session_idle_minutes)
        assert auth.session_user(s, dict(cookie), settings, idle) is None
        # kept busy, it still ends at the absolute limit
        t = now
        while t < now + timedelta(hours=settings.session_max_hours - 1):
            t += timedelta(minutes=settings.session_idle_minutes - 1)
            assert auth.session_user(s, cookie, settings, t) is not None
        late = now + timedelta(hours=settings.session_max_hours, minutes=1)
        assert auth.session_user(s, cookie, settings, late) is None
        assert "uid" not in cookie and "csrf" in cookie


def test_secure_cookie_over_https_or_from_a_trusted_proxy(ready: RunContext) -> None:
    def cookie_after_login(headers: dict[str, str]) -> str:
        with TestClient(create_app(ctx=ready)) as c:
            r = c.get("/login", headers=headers)
            return r.headers.get("set-cookie", "")

    assert "secure" not in cookie_after_login({}).lower()
    assert "secure" not in cookie_after_login({"X-Forwarded-Proto": "https"}).lower()
    ready.settings.trusted_proxies = ["testclient"]  # TestClient's peer address
    assert "secure" in cookie_after_login({"X-Forwarded-Proto": "https"}).lower()
    ready.settings.trusted_proxies = []
    ready.settings.https = True
    assert "secure" in cookie_after_login({}).lower()


def _attempt(c: TestClient, name: str, password: str) -> tuple[int, str]:
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"username": name, "password": password, "csrf_token": token},
               follow_redirects=False)
    return r.status_code, r.text


def test_wrong_passwords_are_throttled_alike_for_known_and_unknown_names(
        ready: RunContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # waits long enough that a slow machine still meets them (no timing in the test)
    monkeypatch.setattr(throttle, "ACCOUNT", replace(
        throttle.ACCOUNT, first_wait=timedelta(minutes=5), max_wait=timedelta(minutes=10)))
    with TestClient(create_app(ctx=ready)) as c:
        for name in ("thamdinh", "khong-ton-tai"):
            answers = [_attempt(c, name, "sai-mat-khau")[0] for _ in range(throttle.ACCOUNT.free)]
            assert answers == [401] * throttle.ACCOUNT.free
            status, text = _attempt(c, name, PASSWORD)  # even the right one waits now
            assert status == 429 and "tạm khóa đến" in text and "giờ Việt Nam" in text
        with Session(ready.engine) as s:
            rows = {r.key: r.failures for r in s.exec(select(LoginThrottle))}
        assert rows["user:thamdinh"] == rows["user:khong-ton-tai"] == throttle.ACCOUNT.free
        assert rows["addr:testclient"] == 2 * throttle.ACCOUNT.free
        assert _attempt(c, "quangphong", PASSWORD)[0] == 303  # other names are not held


def test_a_lock_says_until_when_in_vietnam_time(ready: RunContext) -> None:
    now = utcnow()
    with Session(ready.engine) as s:
        for _ in range(throttle.ACCOUNT.lock_at):
            throttle.record_failure(s, [throttle.account_key("thamdinh")], now)
        until = throttle.refused_until(s, [throttle.account_key("thamdinh")], now)
    assert until is not None and until - now == throttle.ACCOUNT.lock_for
    local = until.astimezone(throttle.VIETNAM)
    assert f"{local:%H:%M:%S} ngày {local:%d/%m/%Y}" in throttle.refusal_vi(until)
    assert local.utcoffset() == timedelta(hours=7)


def test_password_hashing_is_bounded(ready: RunContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = auth._hasher
    live = peak = 0
    lock = threading.Lock()

    class Counting:
        def _count(self, fn, *a):  # type: ignore[no-untyped-def]
            nonlocal live, peak
            with lock:
                live += 1
                peak = max(peak, live)
            try:
                return fn(*a)
            finally:
                with lock:
                    live -= 1

        def hash(self, p):  # type: ignore[no-untyped-def]
            return self._count(real.hash, p)

        def verify(self, h, p):  # type: ignore[no-untyped-def]
            return self._count(real.verify, h, p)

    monkeypatch.setattr(auth, "_hasher", Counting())
    with Session(ready.engine) as s:
        user = s.exec(select(User).where(User.username == "thamdinh")).one()
        s.expunge(user)
    threads = [threading.Thread(target=auth.check_password, args=(user, f"sai-{i}"))
               for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 2  # 12 at once, never more than two 64 MiB hashes


def test_security_headers_on_every_response(app_client: TestClient) -> None:
    for path in ("/login", "/static/app.js", "/khong-co", "/review"):
        r = app_client.get(path, follow_redirects=False)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp and "style-src 'self';" in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
    page = app_client.get("/login").text
    assert "<script>" not in page and "onclick" not in page


def test_banners_never_come_from_the_query_string(app_client: TestClient) -> None:
    login(app_client, "vanphong")
    page = app_client.get("/unit", params={"uploaded": "<b>Đã duyệt, điểm tối đa</b>"}).text
    assert "Đã duyệt, điểm tối đa" not in page


def test_var_database_and_secret_key_are_private_from_the_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    var = tmp_path / "var"
    engine = make_engine(f"sqlite:///{var / 'kc.db'}")
    with engine.connect():
        pass
    engine.dispose()
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    assert stat.S_IMODE((var / "kc.db").stat().st_mode) == 0o600
    key = auth.secret_key(var)
    assert len(key) > 40 and stat.S_IMODE((var / "secret.key").stat().st_mode) == 0o600
    assert auth.secret_key(var) == key
