"""Accounts, passwords and sessions for the review web app.

Passwords are hashed with argon2id; the session is a signed cookie (itsdangerous via
Starlette's SessionMiddleware) holding the user id and a CSRF token that every form
posts back. Roles: ``admin`` and ``reviewer`` see the whole campaign; ``unit`` sees and
touches only its own unit's data.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from kiemchung.core.errors import InputFileError
from kiemchung.core.vocabulary import Role
from storage.models import Unit, User

_hasher = PasswordHasher()
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputFileError(f"Password too short: at least {MIN_PASSWORD} characters.")
    return _hasher.hash(password)


ONE_TIME = "otp:"
"""Prefix of the stored hash of a one-time password (``users import``): the account
must choose a new password at its first login. Kept in the hash column itself, so
an account cannot lose the flag without its password changing too."""


def check_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash.removeprefix(ONE_TIME), password)
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
        user.password_hash = ONE_TIME + _hasher.hash(password)
        user.role, user.campaign_id, user.unit_id = Role.UNIT, campaign_id, unit.id
        session.add(user)
        out.append((unit, password))
    session.flush()
    return out


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        _hasher.hash(password or "x" * MIN_PASSWORD)  # same time whether or not it exists
        return None
    return user if check_password(user, password) else None


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
    user.role, user.campaign_id, user.unit_id = role, campaign_id, unit_id
    session.add(user)
    session.flush()
    return user


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def secret_key(var_dir: Path) -> str:
    """The session-signing key: KIEMCHUNG_SECRET_KEY, else one made once and kept in
    var/ (readable by the owner only)."""
    import os

    env = os.environ.get("KIEMCHUNG_SECRET_KEY")
    if env:
        return env
    path = var_dir / "secret.key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
