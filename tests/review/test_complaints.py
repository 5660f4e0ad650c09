"""A unit complains about its published score in the portal; a reviewer decides it; the
revised score shows beside the published one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from flows.context import RunContext
from kiemchung.core.campaign_schema import ComplaintSpec, WorkingDays
from review.app import create_app
from review.auth import add_user
from storage.models import Decision
from storage.publication import Complaint, publish
from tests.flows.conftest import sqlite_ctx
from tests.review.conftest import PASSWORD, csrf_of

__all__ = ["sqlite_ctx"]


def _login(web: TestClient, name: str) -> None:
    token = csrf_of(web.get("/login").text)
    r = web.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token},
                 follow_redirects=False)
    assert r.status_code == 303


def test_complaint_filed_and_decided(sqlite_ctx: RunContext) -> None:
    ctx = sqlite_ctx
    ctx.cfg = ctx.cfg.model_copy(update={"complaints": ComplaintSpec(
        within=WorkingDays(working_days=5, after="publication"))})
    today = datetime.now(ZoneInfo(ctx.cfg.timezone)).date()
    with Session(ctx.engine) as s:
        publish(s, ctx.cfg, ctx.campaign_id, today,
                [{"unit": "xa-quang-phong", "verified": 10.0}])
        add_user(s, username="quangphong", password=PASSWORD, role="unit",
                 campaign_id=ctx.campaign_id, unit_code="xa-quang-phong")
        add_user(s, username="thamdinh", password=PASSWORD, role="reviewer",
                 campaign_id=ctx.campaign_id)
        s.commit()
    with TestClient(create_app(ctx=ctx)) as web:
        _login(web, "quangphong")
        page = web.get("/complaints")
        assert "Gửi khiếu nại" in page.text and "Hạn khiếu nại" in page.text
        r = web.post("/complaints", data={"text": "Văn bản quý III đã ký số tổ chức.",
                                          "criterion": "ky-so-to-chuc",
                                          "csrf_token": csrf_of(page.text)},
                     follow_redirects=False)
        assert r.status_code == 303
        bad = web.post("/complaints", data={"text": " ", "csrf_token": csrf_of(page.text)})
        assert bad.status_code == 400 and "trống" in bad.text
        web.post("/logout", data={"csrf_token": csrf_of(web.get("/complaints").text)})
        _login(web, "thamdinh")
        listed = web.get("/complaints")
        assert "Văn bản quý III" in listed.text and "chờ giải quyết" in listed.text
        with Session(ctx.engine) as s:
            cid = s.exec(select(Complaint)).one().id
        nan = web.post(f"/complaints/{cid}/decide",
                       data={"decision": "accept", "points": "14,5 điểm", "note": "x",
                             "csrf_token": csrf_of(listed.text)})
        assert nan.status_code == 400 and "phải là một số" in nan.text
        r = web.post(f"/complaints/{cid}/decide",
                     data={"decision": "accept", "points": "14,5", "note": "Chữ ký hợp lệ.",
                           "csrf_token": csrf_of(listed.text)}, follow_redirects=False)
        assert r.status_code == 303
        after = web.get("/complaints").text
        assert "chấp nhận: Chữ ký hợp lệ." in after
        assert "<td>14,5</td>" in after and "<td>10</td>" in after
    with Session(ctx.engine) as s:
        assert s.exec(select(Decision).where(Decision.action == "complaint:accepted")).one()
