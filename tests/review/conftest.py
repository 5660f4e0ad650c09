"""A served review app over the sample campaign after one nightly pass, with accounts."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from flows.context import RunContext
from flows.notify_stage import make_notices
from flows.score_stage import score_campaign
from review.app import create_app
from review.auth import add_user
from tests.flows.conftest import run_all, sqlite_ctx

__all__ = ["sqlite_ctx"]
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def ready(sqlite_ctx: RunContext) -> RunContext:
    run_all(sqlite_ctx)
    score_campaign(sqlite_ctx)
    make_notices(sqlite_ctx)
    with Session(sqlite_ctx.engine) as s:
        add_user(s, username="thamdinh", password=PASSWORD, role="reviewer",
                 campaign_id=sqlite_ctx.campaign_id)
        add_user(s, username="vanphong", password=PASSWORD, role="unit",
                 campaign_id=sqlite_ctx.campaign_id, unit_code="van-phong")
        add_user(s, username="quangphong", password=PASSWORD, role="unit",
                 campaign_id=sqlite_ctx.campaign_id, unit_code="xa-quang-phong")
        s.commit()
    return sqlite_ctx


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def login(client: TestClient, username: str) -> str:
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": PASSWORD,
                                    "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_of(client.get(r.headers["location"]).text)


@pytest.fixture
def app_client(ready: RunContext) -> Iterator[TestClient]:
    with TestClient(create_app(ctx=ready)) as c:
        yield c
