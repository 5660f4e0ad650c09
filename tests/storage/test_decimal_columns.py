"""Claim figures and score points as exact decimals on SQLite and PostgreSQL: they read
back as the unit wrote them (``12.3``, not ``12.3000000000`` nor a float), 0.1 + 0.2 is
0.3, decisions keep them as JSON numbers, and migration 0009 goes down and up keeping
the stored values."""

import json
from decimal import Decimal as D

from alembic import command
from alembic.config import Config
from sqlalchemy import Numeric, inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.campaign_file import load_campaign, sync_campaign
from storage.db import MIGRATIONS_DIR, migrate
from storage.decimal_column import json_default, plain
from storage.models import Claim, Criterion, Score, Unit
from tests.conftest import SAMPLE


def _seed(engine: Engine) -> None:
    with Session(engine) as s:
        camp = sync_campaign(s, load_campaign(SAMPLE / "campaign.toml"))
        s.commit()
        unit = s.exec(select(Unit)).first()
        crit = s.exec(select(Criterion)).first()
        assert camp.id and unit and unit.id and crit and crit.id
        s.add(Claim(campaign_id=camp.id, unit_id=unit.id, criterion_id=crit.id,
                    value=D("12.3"), numerator=D(3), denominator=D("7.000"),
                    confirmed_value=D("0.1") + D("0.2")))
        s.add(Score(campaign_id=camp.id, unit_id=unit.id, criterion_code="total",
                    claimed_points=D("17.93"), verified_points=D("9.93")))
        s.commit()


def _stored(engine: Engine) -> tuple[object, ...]:
    with Session(engine) as s:
        c = s.exec(select(Claim)).one()
        r = s.exec(select(Score)).one()
        return (c.value, c.numerator, c.denominator, c.confirmed_value, r.claimed_points,
                r.verified_points)


def test_figures_read_back_exactly_as_decimals(engine: Engine) -> None:
    _seed(engine)
    got = _stored(engine)
    assert all(isinstance(v, D) for v in got)
    assert [str(v) for v in got] == ["12.3", "3", "7", "0.3", "17.93", "9.93"]


def test_decimal_json_numbers_and_plain_text() -> None:
    assert json.dumps({"v": D("0.950"), "n": D("1811.000"), "t": "x"},
                      default=json_default) == '{"v": 0.95, "n": 1811, "t": "x"}'
    assert [str(plain(D(x))) for x in ("12.300", "1.2E+3", "0E-10")] == ["12.3", "1200", "0"]


def test_the_decimal_migration_goes_down_and_up(engine: Engine) -> None:
    _seed(engine)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")

    def numeric(table: str) -> set[str]:
        return {c["name"] for c in inspect(engine).get_columns(table)
                if isinstance(c["type"], Numeric) and c["type"].scale == 10}

    assert numeric("claim") == set() and numeric("score") == set()
    migrate(engine)
    assert numeric("claim") == {"value", "numerator", "denominator", "confirmed_value"}
    assert numeric("score") == {"claimed_points", "verified_points"}
    assert [str(v) for v in _stored(engine)] == ["12.3", "3", "7", "0.3", "17.93", "9.93"]
