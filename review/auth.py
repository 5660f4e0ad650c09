"""Accounts, passwords and sessions for the review web app.

Passwords are hashed with argon2id; the session is a signed cookie (itsdangerous via
Starlette's SessionMiddleware) holding the user id and a CSRF token that every form
posts back. Roles: ``admin`` and ``reviewer`` see the whole campaign; ``unit`` sees and
touches only its own unit's data.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from storage.models import Role, Unit, User
from verifiers.errors import InputFileError

_hasher = PasswordHasher()
MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputFileError(f"Password too short: at least {MIN_PASSWORD} characters.")
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


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
