"""Vocabulary columns: written and read as the project's enums, stored as the same plain
text as before (the migrated schema keeps its VARCHAR columns), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from kiemchung.core.codes import Severity
from kiemchung.core.vocabulary import FindingStatus, Role, RunStatus, UnitLevel
from storage.models import Campaign, Finding, Run, Unit, User


def test_enum_columns_round_trip_as_plain_text(engine: Engine) -> None:
    with Session(engine) as s:
        camp = Campaign(code="c", name="c", year=2019, window_start=date(2018, 10, 1),
                        window_end=date(2019, 9, 30))
        s.add(camp)
        s.flush()
        assert camp.id is not None
        s.add(Unit(campaign_id=camp.id, code="u", name="u", level=UnitLevel.COMMUNE))
        s.add(Finding(campaign_id=camp.id, fingerprint="f", scope="x", code="SIG_MISSING",
                      severity=Severity.BLOCKING, message="m"))
        s.add(Run(campaign_id=camp.id))
        s.add(User(username="a", password_hash="x", role="admin"))  # text is accepted too
        s.commit()
    with engine.connect() as conn:  # what the database holds: today's strings
        assert conn.execute(text("select level from unit")).scalar() == "commune"
        assert conn.execute(text("select status, severity from finding")).one() == (
            "open", "blocking")
        assert conn.execute(text("select status from run")).scalar() == "running"
        assert conn.execute(text("select role from \"user\"")).scalar() == "admin"
    with Session(engine) as s:
        f = s.exec(select(Finding)).one()
        assert f.status is FindingStatus.OPEN and f.severity is Severity.BLOCKING
        assert s.exec(select(Unit)).one().level is UnitLevel.COMMUNE
        assert s.exec(select(Run)).one().status is RunStatus.RUNNING
        assert s.exec(select(User)).one().role is Role.ADMIN
        # queries compare with either spelling
        assert s.exec(select(Finding).where(Finding.status == "open")).one() is f
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("finding")}
    assert isinstance(columns["status"], String)  # no database enum type: schema unchanged
