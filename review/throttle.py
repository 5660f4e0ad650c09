"""Sign-in throttling: failed attempts counted per account name and per client address,
with growing waits and then a temporary lock.

The counters live in the database (``LoginThrottle``) so that every server process and
worker sees the same ones, and a restart does not reset them. A name that has no
account is counted like one that has: the answers cannot tell them apart. While a name
or an address must wait, the attempt is refused before any password is hashed (and is
not counted: the lock does not grow while it holds).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import LoginThrottle

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FORGET_AFTER = timedelta(minutes=30)
"""Failures older than this (since the last one) are forgotten."""


@dataclass(frozen=True)
class Policy:
    free: int
    """Failures answered without waiting."""
    lock_at: int
    """From this many failures on, the key is locked for ``lock_for``."""
    lock_for: timedelta
    first_wait: timedelta = timedelta(seconds=1)
    """The wait after the first failure past ``free``; it doubles with each one after."""
    max_wait: timedelta = timedelta(seconds=60)


ACCOUNT = Policy(free=3, lock_at=10, lock_for=timedelta(minutes=15))
ADDRESS = Policy(free=10, lock_at=30, lock_for=timedelta(minutes=15))
"""Per address: enough for an office behind one NAT, not for guessing across names."""


def account_key(username: str) -> str:
    return "user:" + username.strip().casefold()[:200]


def address_key(address: str) -> str:
    return "addr:" + address[:100]


def _utc(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)  # SQLite keeps no offset: it is UTC


def wait_after(policy: Policy, failures: int, last: datetime) -> datetime | None:
    """Until when a key with ``failures`` failures (the last at ``last``) must wait."""
    if failures < policy.free:
        return None
    if failures >= policy.lock_at:
        return last + policy.lock_for
    wait: timedelta = min(policy.first_wait * 2 ** (failures - policy.free), policy.max_wait)
    return last + wait


def _policy(key: str) -> Policy:
    return ADDRESS if key.startswith("addr:") else ACCOUNT


def refused_until(db: Session, keys: list[str], now: datetime) -> datetime | None:
    """The latest time any of ``keys`` must wait until, if it is still ahead."""
    until: datetime | None = None
    for key in keys:
        row = db.get(LoginThrottle, key)
        if row is None or now - _utc(row.last_failure_at) > FORGET_AFTER + _policy(key).lock_for:
            continue
        t = wait_after(_policy(key), row.failures, _utc(row.last_failure_at))
        if row.locked_until is not None:
            t = max(t, _utc(row.locked_until)) if t else _utc(row.locked_until)
        if t is not None and t > now and (until is None or t > until):
            until = t
    return until


def record_failure(db: Session, keys: list[str], now: datetime) -> None:
    """One more failure for each key (an atomic increment: concurrent failures from
    several processes are all counted). Commits."""
    for key in keys:
        row = db.get(LoginThrottle, key)
        if row is None:
            db.add(LoginThrottle(key=key, failures=1, last_failure_at=now))
            try:
                db.commit()
                continue
            except IntegrityError:  # another process made it first: count on it
                db.rollback()
        elif now - _utc(row.last_failure_at) > FORGET_AFTER and (
                row.locked_until is None or _utc(row.locked_until) < now):
            row.failures, row.locked_until = 0, None
            db.add(row)
            db.flush()
        db.execute(update(LoginThrottle).where(col(LoginThrottle.key) == key).values(
            failures=col(LoginThrottle.failures) + 1, last_failure_at=now))
        db.commit()
        row = db.get(LoginThrottle, key)
        db.refresh(row)
        assert row is not None
        if row.failures >= _policy(key).lock_at:
            row.locked_until = now + _policy(key).lock_for
            db.add(row)
            db.commit()


def record_success(db: Session, key: str) -> None:
    """A right password clears the account's count (not the address's). Commits."""
    row = db.get(LoginThrottle, key)
    if row is not None:
        db.delete(row)
        db.commit()


def refusal_vi(until: datetime) -> str:
    local = until.astimezone(VIETNAM)
    return (f"Đăng nhập sai nhiều lần: tạm khóa đến {local:%H:%M:%S} ngày {local:%d/%m/%Y} "
            "(giờ Việt Nam). Hãy thử lại sau thời điểm đó.")
