"""Publication freezes the scores; complaints are taken until the window closes and
decided with an audit record."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from flows.context import RunContext
from kiemchung.core.campaign_schema import ComplaintSpec, WorkingDays
from kiemchung.core.errors import StateRefusal
from storage.models import Decision, Unit
from storage.publication import (
    Complaint,
    decide_complaint,
    file_complaint,
    latest_publication,
    publish,
    published_scores,
)
from tests.flows.conftest import sqlite_ctx

__all__ = ["sqlite_ctx"]


def test_publish_then_complain_within_five_working_days(sqlite_ctx: RunContext) -> None:
    cfg = sqlite_ctx.cfg.model_copy(update={"complaints": ComplaintSpec(
        within=WorkingDays(working_days=5, after="publication"))})
    scores = [{"unit": "xa-quang-phong", "verified": 10.0, "rank": "C"}]
    with Session(sqlite_ctx.engine) as s:
        unit = s.exec(select(Unit).where(Unit.code == "xa-quang-phong")).one()
        assert unit.id is not None
        # published Tue 21/01/2020, Tết Canh Tý 23–29/01 ahead: open until Tue 04/02
        pub = publish(s, cfg, sqlite_ctx.campaign_id, date(2020, 1, 21), scores, "vp")
        s.commit()
        assert pub.complaints_until == date(2020, 2, 4)
        scores[0]["verified"] = 14.0  # later runs move; the published figure does not
        assert published_scores(pub)[0]["verified"] == 10.0
        c = file_complaint(s, pub, unit.id, "Tiêu chí ký số: tệp đã ký số hợp lệ.",
                           "xa-quang-phong", date(2020, 2, 4), "ky-so-to-chuc")
        with pytest.raises(StateRefusal, match="hết hạn"):
            file_complaint(s, pub, unit.id, "muộn", "xa-quang-phong", date(2020, 2, 5))
        decide_complaint(s, c, True, "thamdinh", "Chấp nhận: chữ ký hợp lệ.", 14.0)
        s.commit()
        with pytest.raises(StateRefusal, match="đã được quyết định"):
            decide_complaint(s, c, False, "thamdinh", "lại")
        assert latest_publication(s, sqlite_ctx.campaign_id) is not None
        stored = s.exec(select(Complaint)).one()
        assert stored.status == "accepted" and stored.revised_points == 14.0
        audit = s.exec(select(Decision).where(Decision.action == "complaint:accepted")).one()
        assert json.loads(audit.after_json)["revised_points"] == 14.0


def test_no_complaints_section_means_none_taken(sqlite_ctx: RunContext) -> None:
    with Session(sqlite_ctx.engine) as s:
        pub = publish(s, sqlite_ctx.cfg, sqlite_ctx.campaign_id, date(2019, 11, 1),
                      [{"unit": "x"}])
        assert pub.complaints_until is None
        with pytest.raises(StateRefusal, match="không nhận khiếu nại"):
            file_complaint(s, pub, 1, "x", "x", date(2019, 11, 2))
        with pytest.raises(StateRefusal, match="Nothing to publish"):
            publish(s, sqlite_ctx.cfg, sqlite_ctx.campaign_id, date(2019, 11, 1), [])
