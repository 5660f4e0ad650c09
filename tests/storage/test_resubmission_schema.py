"""The resubmission migration (0005) on both databases: the columns the units' loop
writes exist as the models declare them, a replacement chain round-trips, and the
migration goes down and up again."""

from datetime import date

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.campaign_file import load_campaign, sync_campaign
from storage.db import MIGRATIONS_DIR, migrate
from storage.models import Claim, Decision, Evidence, Unit, utcnow
from tests.conftest import SAMPLE

NEW = {"evidence": {"replaces_id", "replaced_by_id", "notice_id", "resubmit_deadline"},
       "claim": {"reason"}, "decision": {"evidence_id"}}


def columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_the_models_columns_exist_after_migrating(engine: Engine) -> None:
    for table, cols in NEW.items():
        assert cols <= columns(engine, table), table
    from storage.models import SQLModel

    for table in ("evidence", "claim", "decision"):
        declared = {c.name for c in SQLModel.metadata.tables[table].columns}
        assert declared == columns(engine, table), table


def test_a_replacement_chain_round_trips(engine: Engine) -> None:
    with Session(engine) as s:
        camp = sync_campaign(s, load_campaign(SAMPLE / "campaign.toml"))
        s.commit()
        assert camp.id is not None
        unit = s.exec(select(Unit)).first()
        assert unit is not None

        def ev(path: str) -> Evidence:
            return Evidence(campaign_id=camp.id, unit_id=unit.id, source_path=path,  # type: ignore[arg-type]
                            original_name=path, sha256=path, size=1,
                            media_type="application/pdf", kind="pdf_signed",
                            uploaded_at=utcnow(), blob_key=path)

        old, new = ev("a/b/old.pdf"), ev("a/b/new.pdf")
        s.add_all([old, new])
        s.flush()
        old.replaced_by_id, old.replaced_at = new.id, utcnow()
        new.replaces_id, new.resubmit_deadline = old.id, date(2019, 11, 4)
        s.add(Claim(campaign_id=camp.id, unit_id=unit.id, criterion_id=1,  # type: ignore[arg-type]
                    reason="Lý do: văn bản mật"))
        s.add(Decision(evidence_id=old.id, actor="t", action="reassign"))
        s.commit()
        got = s.exec(select(Evidence).where(Evidence.source_path == "a/b/new.pdf")).one()
        assert got.replaces_id == old.id and got.resubmit_deadline == date(2019, 11, 4)
        assert s.exec(select(Claim)).one().reason == "Lý do: văn bản mật"


def test_the_migration_goes_down_and_up(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    assert not (NEW["evidence"] & columns(engine, "evidence"))
    assert "reason" not in columns(engine, "claim")
    migrate(engine)
    assert NEW["evidence"] <= columns(engine, "evidence")
