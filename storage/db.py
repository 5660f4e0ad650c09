"""Engine, sessions and schema migration (Alembic, run programmatically)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session, create_engine

from kiemchung.core.errors import DatabaseError
from storage.settings import get_settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def private_dir(path: Path) -> Path:
    """A folder only its owner can enter (``var/``: the database, the secret key, the
    blobs): made 0700, and an existing one tightened to it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and readable by its owner only (0600 from the start: no
    moment where it exists with wider rights). False when it already existed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


# As many connections as the web server has worker threads (anyio's default limiter: 40),
# so a request never waits for a connection longer than for a thread: with SQLAlchemy's
# default 5 + 10, 50 concurrent reviewers exhausted the pool and got 500s
# (bench/web_load.py).
POOL = {"pool_size": 10, "max_overflow": 30, "pool_timeout": 60}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not path.startswith("file:"):
            private_dir(Path(path).parent)
            create_private_file(Path(path))  # SQLite gives its -wal and -shm the same rights
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               **POOL)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **POOL)


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url or get_settings().resolved_database_url())


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. Safe to call on every start."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except OperationalError as exc:
        raise DatabaseError(
            f"Cannot reach or migrate the database ({exc.orig}). "
            "Check DATABASE_URL and that the server is running."
        ) from exc


T = TypeVar("T")
log = logging.getLogger(__name__)


def with_reconnect(work: Callable[[], T], attempts: int = 12, wait: float = 1.0,
                   sleep: Callable[[float], None] = time.sleep) -> T:
    """Run one unit of work (its own session and commit) again when the database
    connection is lost: a PostgreSQL restart costs a pause, not the run. Work that did
    not commit is rolled back by the server; ``work`` must be safe to repeat, since a
    commit whose answer was lost is done again."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except (OperationalError, InterfaceError) as exc:
            if attempt == attempts:
                raise DatabaseError(
                    f"Lost the database connection and could not get it back "
                    f"({exc.orig}). What was committed is kept; run again when the "
                    "server is back.") from exc
            log.warning("database connection lost (%s); retrying in %.0f s",
                        str(exc.orig).strip().splitlines()[0] if exc.orig else exc, wait)
            sleep(wait)
            wait = min(wait * 2, 10.0)
    raise AssertionError("unreachable")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
