"""Portal uploads and scores under issue 19 (points 1, 4, 5, 6) through the real app:
the unit's level and quota, duplicates reported, each upload ingested alone, overrides
bounded, pages reading stored scores and a decision scoring its unit alone."""

from dataclasses import replace
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

import flows.score_stage as score_stage
from flows.context import RunContext
from flows.score_stage import score_campaign
from review.app import create_app
from storage.models import Claim, Decision, Evidence, Finding, Score, ScoreCard, Upload
from tests.review.conftest import login


def _pdf(ctx: RunContext) -> bytes:
    return (ctx.cfg.resolve(ctx.cfg.uploads) / "phong-tckh" / "ky-so-to-chuc" /
            "cv-2019-02-20-chua-ky.pdf").read_bytes()


def _send(c: TestClient, token: str, criterion: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return c.post("/unit/upload", data={"criterion": criterion, "csrf_token": token},
                  files={"file": (name, data, "application/pdf")}, follow_redirects=False)


def test_level_quota_and_duplicates(ready: RunContext, app_client: TestClient) -> None:
    token = login(app_client, "vanphong")  # an office
    pdf = _pdf(ready)
    district_only = _send(app_client, token, "ha-tang-cntt", "a.pdf", pdf)
    assert district_only.status_code == 400 and "không áp dụng" in district_only.text
    assert _send(app_client, token, "ky-so-to-chuc", "mot.pdf", pdf).status_code == 303
    again = _send(app_client, token, "ky-so-to-chuc", "hai.pdf", pdf)
    assert again.status_code == 303
    page = app_client.get("/unit").text
    assert "trùng với tệp van-phong/ky-so-to-chuc/mot.pdf" in page  # reported, not dropped
    with Session(ready.engine) as s:
        ups = s.exec(select(Upload).order_by(col(Upload.id))).all()
        assert [u.source_path for u in ups] == ["van-phong/ky-so-to-chuc/mot.pdf",
                                                "van-phong/ky-so-to-chuc/hai.pdf"]
        assert all(u.ingested_at and u.evidence_id for u in ups)  # each ingested alone
        paths = {e.source_path for e in s.exec(select(Evidence))}
        assert {u.source_path for u in ups} <= paths
    ready.cfg.portal.max_files_per_unit = 2
    full = _send(app_client, token, "ky-so-to-chuc", "ba.pdf", pdf)
    assert full.status_code == 413 and "đủ 2 tệp" in full.text
    ready.cfg.portal.max_files_per_unit = 100
    ready.cfg.portal.max_mib_per_unit = 1
    big = _send(app_client, token, "ky-so-to-chuc", "bon.pdf", pdf + b"\0" * 1024 * 1024)
    assert big.status_code == 413 and "dung lượng tối đa 1 MB" in big.text
    folder = ready.cfg.resolve(ready.cfg.uploads) / "van-phong" / "ky-so-to-chuc"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(("ba", "bon", "."))) \
        == []  # nothing left behind by the refusals


def test_overrides_take_finite_values_in_range(ready: RunContext,
                                               app_client: TestClient) -> None:
    token = login(app_client, "thamdinh")
    with Session(ready.engine) as s:
        mismatch = s.exec(select(Finding).where(Finding.code == "CLAIM_MISMATCH")).one()
    for bad in ("inf", "nan", "-1", "1e400", "250", "-0.5%"):
        r = app_client.post(f"/findings/{mismatch.id}/decide", data={
            "action": "override", "value": bad, "reason_text": "x", "csrf_token": token})
        assert r.status_code == 400, bad
    with Session(ready.engine) as s:
        assert s.exec(select(Decision)).all() == []
    ok = app_client.post(f"/findings/{mismatch.id}/decide", data={
        "action": "override", "value": "96%", "reason_text": "x", "csrf_token": token},
        follow_redirects=False)
    assert ok.status_code == 303
    with Session(ready.engine) as s:
        claim = s.exec(select(Claim).where(Claim.unit_id == mismatch.unit_id,
                                           Claim.criterion_id == mismatch.criterion_id)).one()
        assert claim.confirmed_value == Decimal("0.96")


def test_pages_read_stored_scores_and_a_decision_scores_its_unit_alone(
        ready: RunContext, app_client: TestClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    token = login(app_client, "thamdinh")
    with Session(ready.engine) as s:
        before = [(r.id, r.computed_at) for r in s.exec(select(Score).order_by(col(Score.id)))]
    assert app_client.get("/scores").status_code == 200
    login(app_client, "vanphong")
    assert app_client.get("/unit").status_code == 200
    with Session(ready.engine) as s:
        assert [(r.id, r.computed_at) for r in s.exec(select(Score).order_by(col(Score.id)))] \
            == before  # GET pages did not rewrite the table
    token = login(app_client, "thamdinh")
    scored: list[str] = []
    real = score_stage.score_unit

    def counting(*a, **kw):  # type: ignore[no-untyped-def]
        scored.append(kw["unit"])
        return real(*a, **kw)

    monkeypatch.setattr(score_stage, "score_unit", counting)
    with Session(ready.engine) as s:
        order = s.exec(select(Finding).where(Finding.code == "SIG_ORDER_WRONG")).one()
    r = app_client.post(f"/findings/{order.id}/decide", data={
        "action": "accept", "reason": "da-xac-minh", "csrf_token": token},
        follow_redirects=False)
    assert r.status_code == 303 and scored == ["xa-quang-phong"]
    row = app_client.get("/scores").text.split('data-unit="xa-quang-phong"')[1].split("</tr>")[0]
    assert '<td class="num verified">13</td>' in row
    with Session(ready.engine) as s:
        cards = [score_stage.card_from_json(c.card_json) for c in s.exec(
            select(ScoreCard).order_by(col(ScoreCard.seq)))]
    monkeypatch.setattr(score_stage, "score_unit", real)
    full = score_campaign(ready)  # the whole campaign scored again gives the same
    assert [replace(u, previous=None) for u in full] == \
        [replace(u, previous=None) for u in cards]


def test_an_upload_a_stopped_server_left_is_ingested_at_start(ready: RunContext) -> None:
    folder = ready.cfg.resolve(ready.cfg.uploads) / "van-phong" / "ky-so-to-chuc"
    (folder / "con-lai.pdf").write_bytes(_pdf(ready) + b"\n% con lai\n")
    with Session(ready.engine) as s:
        unit = s.exec(select(Evidence.unit_id).where(
            col(Evidence.source_path).startswith("van-phong/"))).first()
        assert unit is not None
        s.add(Upload(campaign_id=ready.campaign_id, unit_id=unit,
                     source_path="van-phong/ky-so-to-chuc/con-lai.pdf",
                     original_name="con-lai.pdf", sha256="", size=1, uploaded_by="vanphong"))
        s.commit()
    with TestClient(create_app(ctx=ready)):
        pass
    with Session(ready.engine) as s:
        row = s.exec(select(Upload)).one()
        assert row.ingested_at is not None and row.evidence_id is not None
        ev = s.get(Evidence, row.evidence_id)
        assert ev is not None and ev.source_path == row.source_path
