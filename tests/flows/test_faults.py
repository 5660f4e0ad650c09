"""Faults underneath a nightly run: Tesseract missing, crashing or hanging; the
database server restarted mid-run; the disk full while a blob is written. Each gives
a recorded reason or a retry, and the next run completes with nothing lost or
duplicated. (SMTP down: tests/notices/test_notices.py.)"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

import flows.verify_stage as stage
from flows.context import RunContext, open_context
from flows.ingest import ingest_uploads
from flows.verify_stage import verify_pending
from kiemchung.core.errors import BlobStoreError
from kiemchung.core.vocabulary import FindingStatus
from storage.models import Evidence, Fact, Finding, Verification
from storage.settings import Settings

KEEP = {"ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf",
        "ubnd-huyen/thu-cong-vu/tai-khoan-thu-cong-vu.png",
        "ubnd-huyen/ho-so-dung-han/thong-ke-mot-cua.png"}
SCREENS = {k for k in KEEP if k.endswith(".png")}


@pytest.fixture
def mini(sample_copy: Path) -> Path:
    """The sample campaign with three uploads: a signed PDF and two screenshots."""
    uploads = sample_copy / "uploads"
    for p in sorted(uploads.rglob("*"), reverse=True):
        rel = p.relative_to(uploads).as_posix()
        if p.is_file() and rel not in KEEP:
            p.unlink()
    return sample_copy


def context(campaign: Path, tmp_path: Path, db: str | None = None, **settings: object
            ) -> RunContext:
    url = db or f"sqlite:///{tmp_path / 'kc.db'}"
    return open_context(campaign / "campaign.toml", url,
                        Settings(var_dir=tmp_path / "var", database_url=url, **settings))


def fake_tesseract(tmp_path: Path, body: str) -> str:
    """A stand-in for a broken Tesseract: answers --version like the real one (so the
    engine looks installed), does ``body`` when asked to read."""
    real = shutil.which("tesseract")
    assert real
    path = tmp_path / "tesseract"
    path.write_text(f'#!/bin/sh\ncase "$1" in --version|--list-langs) exec {real} "$@";; esac\n'
                    f"{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def state(ctx: RunContext) -> dict[str, tuple[str | None, bool, int, frozenset[str]]]:
    """Per file: verdict, verified or pending, facts, open findings' codes."""
    out = {}
    with Session(ctx.engine) as s:
        for ev in s.exec(select(Evidence).where(col(Evidence.replaced_at).is_(None))):
            facts = s.exec(select(func.count()).select_from(Fact).where(
                Fact.evidence_id == ev.id)).one()
            open_codes = frozenset(f.code for f in s.exec(select(Finding).where(
                Finding.evidence_id == ev.id, Finding.status == FindingStatus.OPEN)))
            out[ev.source_path] = (ev.verdict, ev.verified_version is not None, facts,
                                   open_codes)
    return out


def no_duplicates(ctx: RunContext) -> None:
    with Session(ctx.engine) as s:
        facts = [(f.evidence_id, f.name, f.page, f.method) for f in s.exec(select(Fact))]
        assert len(facts) == len(set(facts))
        finds = [(f.scope, f.fingerprint) for f in s.exec(select(Finding))]
        assert len(finds) == len(set(finds))
        caches = [(v.sha256, v.verifier, v.version) for v in s.exec(select(Verification))]
        assert len(caches) == len(set(caches))


@pytest.mark.parametrize("fault", ["missing", "crashing", "hanging"])
def test_a_broken_tesseract_is_recorded_and_the_next_run_reads_the_screens(
        mini: Path, tmp_path: Path, fault: str) -> None:
    cmd = {"missing": str(tmp_path / "no-such-tesseract"),
           "crashing": fake_tesseract(tmp_path, "kill -SEGV $$"),
           "hanging": fake_tesseract(tmp_path, "exec sleep 60")}[fault]
    broken = context(mini, tmp_path, tesseract_cmd=cmd, ocr_page_seconds=1.5)
    ingest_uploads(broken)
    stats = verify_pending(broken)
    first = state(broken)
    assert stats.retry == len(SCREENS)
    for rel in SCREENS:
        _verdict, verified, facts, codes = first[rel]
        assert not verified and "OCR_FAILED" in codes  # recorded, left pending
    signed = first[next(iter(KEEP - SCREENS))]
    assert signed[1] and signed[0] == "valid"  # signatures need no Tesseract
    broken.engine.dispose()

    healthy = context(mini, tmp_path)
    stats = verify_pending(healthy)
    after = state(healthy)
    assert stats.retry == 0
    for rel in SCREENS:
        _verdict, verified, facts, codes = after[rel]
        assert verified and facts > 0 and "OCR_FAILED" not in codes
    no_duplicates(healthy)
    assert verify_pending(healthy).pending == 0  # nothing left over
    healthy.engine.dispose()


def test_a_full_disk_while_storing_a_blob_stops_with_a_clear_error_and_loses_nothing(
        mini: Path, tmp_path: Path) -> None:
    """A real small file system (tmpfs) for the blob store, filled up mid-ingest."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
            capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        ctx = context(mini, tmp_path, blob_dir=mnt / "blobs")
        with pytest.raises(BlobStoreError) as err:
            ingest_uploads(ctx)
        assert "blob store" in err.value.message
        leftovers = [p for p in (mnt / "blobs").rglob("*") if p.is_file()]
        with Session(ctx.engine) as s:
            registered = list(s.exec(select(Evidence)))
        for ev in registered:  # whatever was registered is whole
            assert ctx.blobs.has(ev.blob_key)
            assert ctx.blobs.path_for(ev.blob_key).stat().st_size == ev.size
        assert not any(p.name.startswith(".incoming-") for p in leftovers)
        ctx.engine.dispose()
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        ctx = context(mini, tmp_path, blob_dir=mnt / "blobs")
        stats = ingest_uploads(ctx)
        assert stats.new == len(KEEP) - len(registered)
        with Session(ctx.engine) as s:
            assert {e.source_path for e in s.exec(select(Evidence))} == KEEP
        ctx.engine.dispose()
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None) \
    if Path("/usr/lib/postgresql").is_dir() else None


@pytest.fixture
def private_postgres(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A PostgreSQL server of this test's own (the shared one is left alone), so it
    can be restarted mid-run."""
    if PG_BIN is None or os.geteuid() != 0:
        if os.environ.get("KIEMCHUNG_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL binaries and root are needed for the restart test")
        pytest.skip("no PostgreSQL binaries")
    data = Path(f"/tmp/kc-pg-{uuid.uuid4().hex[:8]}")
    data.mkdir()
    shutil.chown(data, "postgres", "postgres")
    as_pg = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_pg, str(PG_BIN / "initdb"), "-D", str(data / "db"), "-A", "trust",
                    "-U", "postgres"], check=True, capture_output=True)
    port = 55000 + os.getpid() % 1000
    ctl = [*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data / "db"), "-w",
           "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1"]
    subprocess.run([*ctl, "-l", str(data / "log"), "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres", data
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


def test_postgres_restarted_mid_run_costs_a_pause_not_the_run(
        mini: Path, tmp_path: Path, private_postgres: tuple[str, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    url, data = private_postgres
    ctx = context(mini, tmp_path, db=url)
    ingest_uploads(ctx)
    real = stage.sandbox_runner
    restarted = []

    def restart_after_first(*args):  # type: ignore[no-untyped-def]
        for i, done in enumerate(real(*args)):
            if i == 1:  # one file stored, the next result about to be: restart now
                subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"),
                                "-D", str(data / "db"), "-m", "fast", "-w", "restart",
                                "-l", str(data / "log")], check=True, capture_output=True)
                restarted.append(True)
            yield done

    monkeypatch.setattr(stage, "sandbox_runner", restart_after_first)
    stats = verify_pending(ctx, workers=1)
    assert restarted and stats.verified == len(KEEP) and stats.retry == 0
    assert all(v[1] for v in state(ctx).values())
    no_duplicates(ctx)
    assert verify_pending(ctx).pending == 0
    ctx.engine.dispose()
