"""The nightly check at scale: verification in a process pool gives the same results as
in one process, a run killed with SIGKILL mid-verification is finished by the next with
nothing duplicated, and the deployment is scheduled at 02:00 Vietnam time."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from flows.context import RunContext
from flows.ingest import ingest_uploads
from flows.verify_stage import verify_pending
from storage.models import Evidence, Fact, Finding, Notice, Verification
from tests.conftest import SAMPLE
from tests.flows.conftest import ctx_for, run_all


def outcome(ctx: RunContext) -> tuple[dict[str, str | None], set[tuple[str, str]],
                                      set[tuple[str, str, str]]]:
    with Session(ctx.engine) as s:
        verdicts = {e.source_path: e.verdict for e in s.exec(select(Evidence))}
        findings = {(f.code, f.scope) for f in s.exec(select(Finding))}
        paths = {e.id: e.source_path for e in s.exec(select(Evidence))}
        facts = {(paths[f.evidence_id], f.name, f.value) for f in s.exec(select(Fact))}
    return verdicts, findings, facts


@pytest.mark.slow
def test_a_process_pool_gives_the_same_results(sqlite_ctx: RunContext, sample_copy: Path,
                                               tmp_path: Path) -> None:
    run_all(sqlite_ctx)  # one process (results memoised from the real verifiers)
    pool = ctx_for(sample_copy, f"sqlite:///{tmp_path / 'pool.db'}", tmp_path / "p")
    ingest_uploads(pool)
    stats = verify_pending(pool, workers=2)
    assert stats.pending == 110 and stats.verified + stats.reused == 110
    with Session(pool.engine) as s:  # each distinct content verified once
        assert s.exec(select(func.count()).select_from(Verification)).one() == stats.verified
    a, b = outcome(sqlite_ctx), outcome(pool)
    assert a[0] == b[0]  # same verdict for every file
    verify_findings = {f for f in a[1] if f[1].startswith("verify:")}
    assert verify_findings == {f for f in b[1] if f[1].startswith("verify:")}
    assert a[2] == b[2]
    pool.engine.dispose()


def _kiemchung(*args: str, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "KIEMCHUNG_"))
            and k != "DATABASE_URL"}
    full.update(env)
    return subprocess.Popen([sys.executable, "-m", "kiemchung.cli", *args], cwd=cwd, env=full,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


@pytest.mark.slow
def test_sigkill_mid_run_then_the_next_run_finishes_with_nothing_duplicated(
        sample_copy: Path, tmp_path: Path) -> None:
    env = {"KIEMCHUNG_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(SAMPLE.parent)}
    camp = str(sample_copy / "campaign.toml")
    db = tmp_path / "var" / "kiemchung.db"
    first = _kiemchung("run", "--campaign", camp, "--workers", "1", env=env, cwd=tmp_path)
    deadline = time.time() + 240
    verified = 0
    while time.time() < deadline and first.poll() is None:
        time.sleep(0.5)
        if not db.exists():
            continue
        try:
            with sqlite3.connect(db) as c:
                verified = c.execute("select count(*) from evidence where verified_version "
                                     "is not null").fetchone()[0]
        except sqlite3.Error:
            continue
        if verified >= 10:
            break
    assert first.poll() is None, "the run ended before it could be killed"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(30)
    assert 10 <= verified < 110
    second = _kiemchung("run", "--campaign", camp, "--workers", "2", env=env, cwd=tmp_path)
    _out, err = second.communicate(timeout=600)
    assert second.returncode == 0, err[-3000:]
    third = _kiemchung("run", "--campaign", camp, env=env, cwd=tmp_path)
    out3, err3 = third.communicate(timeout=300)
    assert third.returncode == 0 and "Không có gì mới" in out3, err3[-2000:]
    ctx = ctx_for(sample_copy, f"sqlite:///{db}", tmp_path / "check")
    with Session(ctx.engine) as s:
        evidence = s.exec(select(Evidence)).all()
        assert len(evidence) == 110 and all(e.verified_version for e in evidence)
        shas = {e.sha256 for e in evidence}
        versions = s.exec(select(Verification.sha256, Verification.version)).all()
        assert len(versions) == len(set(versions)) == len(shas)  # nothing verified twice
        facts = s.exec(select(Fact.evidence_id, Fact.name, Fact.page, Fact.method)).all()
        assert len(facts) == len(set(facts))
        assert len(s.exec(select(Notice)).all()) == 7
        fps = s.exec(select(Finding.fingerprint)).all()
        assert len(fps) == len(set(fps))
    ctx.engine.dispose()


def test_the_deployment_runs_at_two_in_the_morning_vietnam_time() -> None:
    from flows.nightly import nightly_deployment

    d = nightly_deployment("sample_evidence/campaign.toml", None, workers=2)
    (sched,) = d.schedules
    assert (sched.schedule.cron, sched.schedule.timezone) == ("0 2 * * *", "Asia/Ho_Chi_Minh")
    assert d.parameters["workers"] == 2 and d.name == "nightly"


def test_deploy_without_a_prefect_server_says_what_to_do(tmp_path: Path) -> None:
    env = {"KIEMCHUNG_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(SAMPLE.parent)}
    p = _kiemchung("deploy", env=env, cwd=tmp_path)
    _out, err = p.communicate(timeout=60)
    assert p.returncode != 0 and "PREFECT_API_URL" in err and "Traceback" not in err


@pytest.mark.slow
def test_verification_on_a_dask_local_cluster(sample_copy: Path, tmp_path: Path) -> None:
    """The same flow, its verification as batched Prefect tasks on prefect-dask's
    DaskTaskRunner with a LocalCluster of two single-threaded worker processes."""
    env = {"KIEMCHUNG_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(SAMPLE.parent)}
    p = _kiemchung("run", "--campaign", str(sample_copy / "campaign.toml"), "--dask",
                   "--workers", "2", env=env, cwd=tmp_path)
    out, err = p.communicate(timeout=600)
    assert p.returncode == 0, err[-3000:]
    assert "110 mới" in out
    assert ("15 được xác nhận, 1 mâu thuẫn với minh chứng, 16 cần người thẩm định xem"
            in " ".join(out.split()))
    ctx = ctx_for(sample_copy, f"sqlite:///{tmp_path / 'var' / 'kiemchung.db'}",
                  tmp_path / "check")
    with Session(ctx.engine) as s:
        assert all(e.verified_version for e in s.exec(select(Evidence)))
    ctx.engine.dispose()
