"""Shared fixtures. Storage tests run on SQLite and, when a PostgreSQL server is
configured (KIEMCHUNG_TEST_POSTGRES_URL, or DATABASE_URL pointing at PostgreSQL),
on a fresh PostgreSQL database created for the test session. CI sets
KIEMCHUNG_REQUIRE_POSTGRES=1, which turns a missing server into a failure."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from storage.db import make_engine, migrate
from storage.settings import normalise_database_url

# No per-example deadline: these machines are shared and noisy, and timing is the
# benchmarks' business, not the tests'.
hypothesis_settings.register_profile("kiemchung", deadline=None)
hypothesis_settings.load_profile("kiemchung")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_evidence"
CORPUS = ROOT.parent / "shared" / "corpus"


LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def _postgres_admin_url() -> str | None:
    """The configured server, else the local one if it answers (as on our machines)."""
    url = os.environ.get("KIEMCHUNG_TEST_POSTGRES_URL")
    if not url:
        db = os.environ.get("DATABASE_URL", "")
        url = db if db.startswith(("postgres://", "postgresql")) else None
    if not url:
        try:
            with socket.create_connection(("127.0.0.1", 5432), timeout=1):
                url = LOCAL_POSTGRES
        except OSError:
            return None
    return normalise_database_url(url)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin = _postgres_admin_url()
    if admin is None:
        if os.environ.get("KIEMCHUNG_REQUIRE_POSTGRES") == "1":
            pytest.fail("KIEMCHUNG_REQUIRE_POSTGRES=1 but no PostgreSQL URL is configured")
        pytest.skip("no PostgreSQL configured (set KIEMCHUNG_TEST_POSTGRES_URL)")
    name = f"kiemchung_test_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with admin_engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL required but not usable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin_engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kc.db'}"
        return
    base: str = request.getfixturevalue("postgres_url")
    schema_db = f"{base}"
    engine = create_engine(schema_db)
    with engine.begin() as conn:  # isolate each test: drop everything first
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    yield schema_db


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample campaign (uploads, claims, PKI)."""
    dest = tmp_path / "campaign"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("__pycache__", "generator",
                                                                 "*.py"))
    return dest


_VERIFY_MEMO: dict[tuple[str, str], tuple[str, str]] = {}


@pytest.fixture
def memo_verify(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real verification results (from the real sandboxed runner), computed once per
    file content for the whole test session: the flow tests check the bookkeeping
    around verifiers (tested on their own), and re-running OCR for every test would
    take many minutes."""
    import flows.verify_stage as stage

    real = stage.sandbox_runner

    def memo(ctx, todo, options, workers):  # type: ignore[no-untyped-def]
        missing = {sha: job for sha, job in todo.items() if (sha, job[1]) not in _VERIFY_MEMO}
        for sha, verdict, payload in real(ctx, missing, options, workers) if missing else ():
            _VERIFY_MEMO[(sha, todo[sha][1])] = (verdict, payload)
        for sha, (_key, name) in todo.items():
            yield (sha, *_VERIFY_MEMO[(sha, name)])

    monkeypatch.setattr(stage, "sandbox_runner", memo)
