"""A nightly run whose stage fails is recorded as failed (a ``finally`` in
``nightly_check``), never left «running»: a real Prefect flow on a temporary server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select

from kiemchung.core.errors import UploadsFolderMissing
from kiemchung.core.vocabulary import RunStatus
from storage.models import Run
from tests.flows.conftest import ctx_for


@pytest.mark.slow
def test_a_failed_stage_marks_the_run_failed(sample_copy: Path, tmp_path: Path) -> None:
    from prefect.testing.utilities import prefect_test_harness

    import flows.nightly as nightly

    db = f"sqlite:///{tmp_path / 'kc.db'}"
    campaign = str(sample_copy / "campaign.toml")
    ctx = ctx_for(sample_copy, db, tmp_path)
    nightly._contexts[(campaign, db)] = ctx
    shutil.rmtree(ctx.cfg.resolve(ctx.cfg.uploads))  # the share went away after the check
    try:
        with prefect_test_harness(server_startup_timeout=120), \
                pytest.raises(UploadsFolderMissing):
            nightly.nightly_check(campaign, db)
        with Session(ctx.engine) as s:
            (run,) = s.exec(select(Run)).all()
        assert run.status == RunStatus.FAILED and run.finished_at is not None
    finally:
        nightly._contexts.pop((campaign, db), None)
        ctx.engine.dispose()


@pytest.mark.slow
def test_the_nightly_flow_renders_the_flagged_pages_ahead(sample_copy: Path,
                                                          tmp_path: Path) -> None:
    """The render subflow (the last of ``nightly_check``, so a scheduled deployment
    pre-renders too): pages of files with open findings land in the blob store, and a
    second pass finds them there."""
    from prefect.testing.utilities import prefect_test_harness

    import flows.nightly as nightly
    from tests.flows.conftest import run_all

    db = f"sqlite:///{tmp_path / 'kc.db'}"
    campaign = str(sample_copy / "campaign.toml")
    ctx = ctx_for(sample_copy, db, tmp_path)
    nightly._contexts[(campaign, db)] = ctx
    try:
        run_all(ctx)
        with prefect_test_harness(server_startup_timeout=120):
            first = nightly.render_flow(campaign, db)
            again = nightly.render_flow(campaign, db)
        assert first.get("rendered", 0) >= 5, first
        assert again == {"cached": sum(first.values())}  # refusals are remembered too
    finally:
        nightly._contexts.pop((campaign, db), None)
        ctx.engine.dispose()
