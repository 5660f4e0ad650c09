"""A whole nightly pass (without Prefect) over a copy of the sample campaign on SQLite."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.check_stage import run_checks
from flows.confirm_stage import confirm_claims
from flows.context import RunContext, open_context
from flows.ingest import ingest_uploads
from flows.verify_stage import verify_pending
from storage.settings import Settings


def ctx_for(campaign: Path, db_url: str, tmp_path: Path) -> RunContext:
    return open_context(campaign / "campaign.toml", db_url,
                        Settings(var_dir=tmp_path / "var", database_url=db_url))


@pytest.fixture
def sqlite_ctx(sample_copy: Path, tmp_path: Path, memo_verify: None) -> Iterator[RunContext]:
    c = ctx_for(sample_copy, f"sqlite:///{tmp_path / 'kc.db'}", tmp_path)
    yield c
    c.engine.dispose()


def run_all(ctx: RunContext) -> None:
    ingest_uploads(ctx)
    verify_pending(ctx)
    run_checks(ctx)
    confirm_claims(ctx)
