"""The sign-in counters and session versions in each database (SQLite and PostgreSQL,
migrated): concurrent failures all counted, the lock computed from them, disabling
bumping the version."""

import threading

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from review import auth, throttle
from storage.models import LoginThrottle, User, utcnow


def test_concurrent_failures_are_all_counted(engine: Engine) -> None:
    now = utcnow()
    keys = [throttle.account_key("Thamdinh "), throttle.address_key("203.0.113.7")]

    def fail() -> None:
        with Session(engine) as s:
            for _ in range(3):
                throttle.record_failure(s, keys, now)

    threads = [threading.Thread(target=fail) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(engine) as s:
        rows = {r.key: r for r in s.exec(select(LoginThrottle))}
        assert rows["user:thamdinh"].failures == rows["addr:203.0.113.7"].failures == 12
        assert rows["user:thamdinh"].locked_until is not None  # past lock_at = 10
        until = throttle.refused_until(s, keys, now)
        assert until is not None and until - now == throttle.ACCOUNT.lock_for
        throttle.record_success(s, keys[0])
        assert throttle.refused_until(s, keys[:1], now) is None
        assert throttle.refused_until(s, keys[1:], now) is not None  # the address still waits


def test_disabling_bumps_the_session_version(engine: Engine) -> None:
    with Session(engine) as s:
        s.add(User(username="thamdinh", password_hash="x"))
        s.commit()
        before = s.exec(select(User)).one().session_version
        auth.disable_user(s, "thamdinh")
        s.commit()
        user = s.exec(select(User)).one()
        assert user.disabled and user.session_version == before + 1
        auth.enable_user(s, "thamdinh")
        s.commit()
        assert not s.exec(select(User)).one().disabled
