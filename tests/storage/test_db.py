"""Storage on both databases: schema, campaign sync, idempotent findings."""

from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from kiemchung.core.codes import FindingCode
from kiemchung.core.vocabulary import FindingStatus
from storage.campaign_file import load_campaign, sync_campaign
from storage.db import migrate
from storage.findings import NewFinding, sync_findings
from storage.models import Campaign, Criterion, Evidence, Finding, Unit, utcnow
from tests.conftest import SAMPLE

TABLES = {"campaign", "unit", "criterion", "evidence", "verification", "claim", "fact",
          "finding", "decision", "score", "notice", "run", "alembic_version"}


def test_migration_creates_every_table_and_is_repeatable(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= TABLES
    migrate(engine)  # second time: nothing to do, no error
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_campaign_sync_is_idempotent(engine: Engine) -> None:
    cfg = load_campaign(SAMPLE / "campaign.toml")
    for _ in range(2):
        with Session(engine) as s:
            sync_campaign(s, cfg)
            s.commit()
    with Session(engine) as s:
        assert len(s.exec(select(Campaign)).all()) == 1
        units = s.exec(select(Unit)).all()
        assert {u.code for u in units} == {u.code for u in cfg.units}
        assert len(s.exec(select(Criterion)).all()) == len(cfg.criteria)
        communes = [u for u in units if u.level == "commune"]
        assert len(communes) == 3 and all(u.parent_code == "ubnd-huyen" for u in communes)


def _campaign(engine: Engine) -> int:
    with Session(engine) as s:
        camp = sync_campaign(s, load_campaign(SAMPLE / "campaign.toml"))
        s.commit()
        assert camp.id is not None
        return camp.id


def test_findings_are_one_row_per_problem_and_close_when_gone(engine: Engine) -> None:
    cid = _campaign(engine)
    nf = NewFinding(FindingCode.FILE_EMPTY, "path:a/b/c.png", {"file": "a/b/c.png"})
    with Session(engine) as s:
        assert sync_findings(s, cid, "ingest:a/b/c.png", [nf]) == (1, 0)
        s.commit()
    with Session(engine) as s:
        assert sync_findings(s, cid, "ingest:a/b/c.png", [nf, nf]) == (0, 0)
        s.commit()
        rows = s.exec(select(Finding)).all()
        assert len(rows) == 1 and rows[0].status == FindingStatus.OPEN
        assert "0 byte" in rows[0].message and rows[0].severity == "blocking"
    with Session(engine) as s:
        assert sync_findings(s, cid, "ingest:a/b/c.png", []) == (0, 1)
        s.commit()
        assert s.exec(select(Finding)).one().status == FindingStatus.CLOSED
    with Session(engine) as s:  # the problem comes back: the same row reopens
        assert sync_findings(s, cid, "ingest:a/b/c.png", [nf]) == (1, 0)
        s.commit()
        assert s.exec(select(Finding)).one().status == FindingStatus.OPEN


def test_decided_findings_are_not_reopened_or_closed(engine: Engine) -> None:
    cid = _campaign(engine)
    nf = NewFinding(FindingCode.LATE_UPLOAD, "evidence:1", {"file": "x"})
    with Session(engine) as s:
        sync_findings(s, cid, "check:1", [nf])
        row = s.exec(select(Finding)).one()
        row.status = FindingStatus.ACCEPTED
        s.add(row)
        s.commit()
    with Session(engine) as s:
        sync_findings(s, cid, "check:1", [])
        sync_findings(s, cid, "check:1", [nf])
        s.commit()
        assert s.exec(select(Finding)).one().status == FindingStatus.ACCEPTED


def test_the_same_file_at_the_same_path_is_recorded_once(engine: Engine) -> None:
    cid = _campaign(engine)
    row = dict(campaign_id=cid, source_path="u/c/f.pdf", original_name="f.pdf", sha256="a" * 64,
               size=1, media_type="application/pdf", kind="pdf_text", uploaded_at=utcnow(),
               blob_key="a" * 64, source_mtime_ns=1_700_000_000_000_000_000)
    with Session(engine) as s:
        s.add(Evidence(**row))
        s.commit()
        got = s.exec(select(Evidence)).one()
        assert got.source_mtime_ns == 1_700_000_000_000_000_000  # needs a 64-bit column
    with Session(engine) as s, pytest.raises(IntegrityError):
        s.add(Evidence(**row))
        s.commit()


def test_campaign_file_errors_are_clear(tmp_path: Path) -> None:
    from kiemchung.core.errors import CampaignFileError

    bad = tmp_path / "c.toml"
    bad.write_text('code = "x"\nname = "y"\nyear = 2019\nunits = []\ncriteria = []\n'
                   "[window]\nstart = 2019-10-01\nend = 2018-09-30\n", encoding="utf-8")
    with pytest.raises(CampaignFileError, match="window"):
        load_campaign(bad)
    bad.write_text("code = ", encoding="utf-8")
    with pytest.raises(CampaignFileError, match="TOML"):
        load_campaign(bad)
    with pytest.raises(CampaignFileError, match="not found"):
        load_campaign(tmp_path / "missing.toml")


def test_a_lost_connection_is_retried_then_reported() -> None:
    from sqlalchemy.exc import OperationalError

    from kiemchung.core.errors import DatabaseError
    from storage.db import with_reconnect

    calls: list[int] = []
    waits: list[float] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return "done"

    assert with_reconnect(flaky, sleep=waits.append) == "done"
    assert len(calls) == 3 and waits == [1.0, 2.0]

    def down() -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    with pytest.raises(DatabaseError) as err:
        with_reconnect(down, attempts=3, sleep=waits.append)
    assert "run again" in err.value.message
