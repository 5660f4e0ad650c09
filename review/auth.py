"""Accounts, passwords and sessions for the review web app.

Passwords are hashed with argon2id (64 MiB each: at most ``HASHING`` at once, whatever
the number of requests); the session is a signed cookie (itsdangerous via Starlette's
SessionMiddleware) holding the user id, the account's session version, when it began
and when it was last used, and a CSRF token that every form posts back. The server ends
sessions by bumping the account's ``session_version`` (sign-out, a password change,
disabling): a saved cookie then opens nothing. Roles: ``admin`` and ``reviewer`` see the
whole campaign; ``unit`` sees and touches only its own unit's data.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
from collections.abc import Iterable, MutableMapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from kiemchung.core.errors import ConfigError, InputFileError
from kiemchung.core.vocabulary import Role
from storage.db import private_dir
from storage.models import Unit, User, utcnow
from storage.settings import Settings

_hasher = PasswordHasher()
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
"""Longer input is not hashed (a sign-in form is not a way to make the server work)."""
HASHING = threading.BoundedSemaphore(2)
"""Concurrent argon2 computations in this process (each takes 64 MiB and a core)."""


def _hash(password: str) -> str:
    with HASHING:
        return _hasher.hash(password[:MAX_PASSWORD])


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputFileError(f"Password too short: at least {MIN_PASSWORD} characters.")
    return _hash(password)


ONE_TIME = "otp:"
"""Prefix of the stored hash of a one-time password (``users import``): the account
must choose a new password at its first login. Kept in the hash column itself, so
an account cannot lose the flag without its password changing too."""


def check_password(user: User, password: str) -> bool:
    try:
        with HASHING:
            return _hasher.verify(user.password_hash.removeprefix(ONE_TIME),
                                  password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False


def must_change_password(user: User) -> bool:
    return user.password_hash.startswith(ONE_TIME)


def change_password(session: Session, user: User, current: str, new: str, again: str
                    ) -> str | None:
    """Set a new password (no longer one-time); the Vietnamese reason if refused."""
    if not check_password(user, current):
        return "Mật khẩu hiện tại không đúng."
    if new != again:
        return "Hai lần nhập mật khẩu mới không giống nhau."
    if len(new) < MIN_PASSWORD:
        return f"Mật khẩu mới cần ít nhất {MIN_PASSWORD} ký tự."
    if new == current:
        return "Mật khẩu mới phải khác mật khẩu được cấp."
    user.password_hash = hash_password(new)
    user.session_version += 1  # every other session of the account ends
    session.add(user)
    session.commit()
    return None


_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679"
"""No look-alikes (l/1/I, O/0, S/5, B/8, Z/2): read aloud or copied from paper."""


def one_time_password(length: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def import_unit_accounts(session: Session, campaign_id: int, codes: Iterable[str],
                         reset: bool = False) -> list[tuple[Unit, str | None]]:
    """One ``unit`` account per unit of the campaign, named by its code, each with a
    one-time password: (unit, password), password None where an account existed and
    ``reset`` is false (it is left alone)."""
    out: list[tuple[Unit, str | None]] = []
    wanted = list(codes)
    units = {u.code: u for u in session.exec(select(Unit).where(
        Unit.campaign_id == campaign_id, col(Unit.code).in_(wanted)))}
    for unit in (units[c] for c in wanted if c in units):
        user = session.exec(select(User).where(User.username == unit.code)).first()
        if user is not None and not reset:
            out.append((unit, None))
            continue
        password = one_time_password()
        user = user or User(username=unit.code, password_hash="")
        user.password_hash = ONE_TIME + _hash(password)
        user.session_version += 1 if user.id is not None else 0
        user.role, user.campaign_id, user.unit_id = Role.UNIT, campaign_id, unit.id
        session.add(user)
        out.append((unit, password))
    session.flush()
    return out


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The account when the password is right and the account enabled; None otherwise,
    after the same work whether or not the name exists (one argon2 computation)."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        _hash(password or "x" * MIN_PASSWORD)  # same time whether or not it exists
        return None
    ok = check_password(user, password)
    return user if ok and not user.disabled else None


def add_user(session: Session, *, username: str, password: str, role: str,
             campaign_id: int, unit_code: str | None = None) -> User:
    if role not in (Role.ADMIN, Role.REVIEWER, Role.UNIT):
        raise InputFileError(f"Unknown role {role!r}: admin, reviewer or unit.")
    unit_id = None
    if role == Role.UNIT:
        unit = session.exec(select(Unit).where(Unit.campaign_id == campaign_id,
                                               Unit.code == (unit_code or ""))).first()
        if unit is None:
            raise InputFileError(f"A unit account needs --unit with a unit code of the "
                                 f"campaign (got {unit_code!r}).")
        unit_id = unit.id
    user = session.exec(select(User).where(User.username == username)).first() or \
        User(username=username, password_hash="")
    user.password_hash = hash_password(password)
    if user.id is not None:
        user.session_version += 1  # a reset password ends the account's sessions
    user.role, user.campaign_id, user.unit_id = role, campaign_id, unit_id
    session.add(user)
    session.flush()
    return user


def _named(session: Session, name: str) -> User:
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None:
        raise InputFileError(f"Không có tài khoản «{name}».")
    return user


def disable_user(session: Session, name: str) -> User:
    """The account can no longer sign in and its open sessions end at their next
    request. The caller commits."""
    user = _named(session, name)
    user.disabled = True
    user.session_version += 1
    session.add(user)
    session.flush()
    return user


def enable_user(session: Session, name: str) -> User:
    """The account may sign in again (with its password; old sessions stay ended)."""
    user = _named(session, name)
    user.disabled = False
    session.add(user)
    session.flush()
    return user


def start_session(cookie: MutableMapping[str, Any], user: User, now: datetime) -> None:
    """A fresh session for ``user`` (a new CSRF token, nothing kept from before)."""
    cookie.clear()
    stamp = int(now.timestamp())
    cookie.update(uid=user.id, sv=user.session_version, iat=stamp, seen=stamp,
                  csrf=new_csrf_token())


def end_sessions(session: Session, user: User) -> None:
    """Every session of the account ends (sign-out ends them all: a cookie copied
    elsewhere stops working too). The caller commits."""
    user.session_version += 1
    session.add(user)


def session_user(session: Session, cookie: MutableMapping[str, Any], settings: Settings,
                 now: datetime | None = None) -> User | None:
    """The account a session cookie stands for, if it still does: the account exists
    and is enabled, its session version is the cookie's, and neither the idle nor the
    absolute timeout has passed. A cookie that no longer stands for anyone is emptied
    (keeping its CSRF token for the sign-in form); one in use is marked as seen."""
    uid = cookie.get("uid")
    if not uid:
        return None
    now = now or utcnow()
    stamp = int(now.timestamp())
    user = session.get(User, uid) if isinstance(uid, int) else None
    iat, seen = cookie.get("iat"), cookie.get("seen")
    alive = (user is not None and not user.disabled
             and cookie.get("sv") == user.session_version
             and isinstance(iat, int) and isinstance(seen, int)
             and stamp - iat < timedelta(hours=settings.session_max_hours).total_seconds()
             and stamp - seen < timedelta(minutes=settings.session_idle_minutes).total_seconds())
    if not alive:
        csrf = cookie.get("csrf")
        cookie.clear()
        if csrf:
            cookie["csrf"] = csrf
        return None
    cookie["seen"] = stamp
    return user


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def secret_key(var_dir: Path) -> str:
    """The session-signing key: KIEMCHUNG_SECRET_KEY, else one made once and kept in
    var/ (created readable by the owner only, never wider for a moment)."""
    env = os.environ.get("KIEMCHUNG_SECRET_KEY")
    if env:
        return env
    path = private_dir(var_dir) / "secret.key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_urlsafe(48))
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise ConfigError(f"{path} is empty: delete it and start again, or set "
                          "KIEMCHUNG_SECRET_KEY.")
    return key
