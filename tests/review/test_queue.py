"""The queue for throughput through the web app: «của tôi» by default, titles instead of
codes, the search and filters in the URL, assignment by hand, in bulk and by an admin's
rule, bulk results per finding, and the dashboard."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from flows.check_stage import run_checks
from flows.context import RunContext
from review.auth import add_user
from review.routes.queue import page_links
from storage.assignment import add_rule
from storage.models import Finding, Unit
from tests.review.conftest import PASSWORD, csrf_of, login


def _rows(html: str) -> list[str]:
    return re.findall(r'data-code="([A-Z_]+)"', html)


def _admin(ctx: RunContext) -> None:
    with Session(ctx.engine) as s:
        add_user(s, username="quantri", password=PASSWORD, role="admin",
                 campaign_id=ctx.campaign_id)
        s.commit()


def test_mine_by_default_titles_not_codes_and_search(ready: RunContext,
                                                     app_client: TestClient) -> None:
    token = login(app_client, "thamdinh")
    mine = app_client.get("/review").text
    assert _rows(mine) == [] and "Không còn vấn đề nào khớp bộ lọc được giao cho bạn" in mine
    everyone = app_client.get("/review", params={"assignee": "*"}).text
    body = everyone.split("<tbody>")[1]
    assert len(_rows(everyone)) >= 10
    assert "Số liệu tự đánh giá không khớp minh chứng" in body
    assert ">CLAIM_MISMATCH<" not in body and "Đơn vị đã phản hồi" in everyone
    # folded search over messages and file names: no diacritics needed
    found = app_client.get("/review", params={"assignee": "*", "q": "thong ke mot cua"}).text
    assert "CLAIM_MISMATCH" in _rows(found) and len(_rows(found)) < len(_rows(everyone))
    # the filters stay in the URL of every page link and the bulk form's way back
    assert 'name="back" value="/review?' in found and "q=thong+ke+mot+cua" in found
    # assign two to oneself in bulk: the result lists each with what happened
    with Session(ready.engine) as s:
        two = [x.id for x in s.exec(select(Finding).where(
            Finding.code.startswith("SIG_")).order_by(Finding.id)).all()[:2]]  # type: ignore[attr-defined]
    done = app_client.post("/review/bulk", data={
        "action": "assign", "assignee": "thamdinh", "ids": two, "csrf_token": token})
    assert done.status_code == 200 and done.text.count("đã giao cho thamdinh") == 2
    assert "UBND" in done.text or "Phòng" in done.text  # the unit of each row
    assert sorted(int(i) for i in re.findall(r'data-id="(\d+)"',
                                             app_client.get("/review").text)) == two
    bad = app_client.post("/review/bulk", data={
        "action": "assign", "assignee": "ai-do", "ids": two, "csrf_token": token})
    assert bad.status_code == 400


def test_bulk_reasons_per_action(ready: RunContext, app_client: TestClient) -> None:
    token = login(app_client, "thamdinh")
    page = app_client.get("/review", params={"assignee": "*"}).text
    accept = page.split('name="accept_reason"')[1].split("</select>")[0]
    reject = page.split('name="reject_reason"')[1].split("</select>")[0]
    assert "da-xac-minh" in accept and "thieu-chu-ky" not in accept
    assert "thieu-chu-ky" in reject and "da-xac-minh" not in reject
    with Session(ready.engine) as s:
        sig = s.exec(select(Finding).where(Finding.code == "SIG_MISSING")).first()
        assert sig is not None
    r = app_client.post("/review/bulk", data={
        "action": "reject", "accept_reason": "da-xac-minh", "reject_reason": "thieu-chu-ky",
        "ids": [sig.id], "csrf_token": token})
    assert r.status_code == 200 and "đã ghi nhận: bác" in r.text
    with Session(ready.engine) as s:
        assert s.get(Finding, sig.id).status == "rejected"  # type: ignore[union-attr]


def test_rules_are_an_admins_page_and_assign_at_once(ready: RunContext,
                                                     app_client: TestClient) -> None:
    _admin(ready)
    login(app_client, "thamdinh")
    assert app_client.get("/review/rules").status_code == 404
    app_client.cookies.clear()
    token = login(app_client, "quantri")
    page = app_client.get("/review/rules")
    assert page.status_code == 200 and "Thêm quy tắc" in page.text
    refused = app_client.post("/review/rules", data={
        "assignee": "thamdinh", "csrf_token": token})
    assert refused.status_code == 400  # neither unit nor criterion
    r = app_client.post("/review/rules", data={
        "assignee": "thamdinh", "unit": "xa-quang-phong", "csrf_token": token})
    assert r.status_code == 200 and "vấn đề vừa được giao" in r.text
    with Session(ready.engine) as s:
        given = s.exec(select(Finding).where(Finding.assignee == "thamdinh")).all()
        assert given and {x.status for x in given} == {"open"}
    app_client.cookies.clear()
    login(app_client, "thamdinh")
    assert len(_rows(app_client.get("/review").text)) == min(25, len(given))


def test_rules_give_findings_out_in_the_nightly_check_not_on_a_page_view(
        ready: RunContext, app_client: TestClient) -> None:
    with Session(ready.engine) as s:
        unit = s.exec(select(Unit).where(Unit.code == "xa-quang-phong")).one()
        add_rule(s, ready.campaign_id, unit.id, None, "thamdinh", "quantri")
        s.commit()
        ids = [x.id for x in s.exec(select(Finding).where(
            Finding.unit_id == unit.id, Finding.status == "open"))]
    assert ids, "the sample has open findings for xa-quang-phong"
    login(app_client, "thamdinh")
    app_client.get("/review")  # a page view writes nothing
    with Session(ready.engine) as s:
        assert all(s.get(Finding, i).assignee is None for i in ids)  # type: ignore[union-attr]
    stats = run_checks(ready)
    assert stats.assigned == len(ids)
    with Session(ready.engine) as s:
        assert {s.get(Finding, i).assignee for i in ids} == {"thamdinh"}  # type: ignore[union-attr]
    assert run_checks(ready).assigned == 0  # already given


def test_dashboard_for_staff_portal_for_units(ready: RunContext,
                                              app_client: TestClient) -> None:
    login(app_client, "thamdinh")
    home = app_client.get("/")
    assert home.status_code == 200 and "Tổng quan đợt đánh giá" in home.text
    assert home.text.count("<svg") == 2 and "UBND xã Quảng Phong" in home.text
    assert 'data-key="xa-quang-phong"' in home.text and "http" not in \
        home.text.split("<svg")[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")
    pdf = app_client.get("/report.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    xlsx = app_client.get("/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert app_client.get("/report.doc").status_code == 404
    app_client.cookies.clear()
    csrf_of(app_client.get("/login").text)
    login(app_client, "vanphong")
    assert app_client.get("/report.pdf").status_code == 404
    r = app_client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/unit"


def test_pager_is_windowed_and_absent_for_one_page(ready: RunContext,
                                                   app_client: TestClient) -> None:
    assert page_links(1, 1) == [1]
    assert page_links(9, 250) == [1, None, 7, 8, 9, 10, 11, None, 250]
    assert page_links(2, 5) == [1, 2, 3, 4, 5]
    assert page_links(250, 250) == [1, None, 248, 249, 250]
    login(app_client, "thamdinh")
    one = app_client.get("/review?assignee=*&q=khong-co-dau-ca").text
    assert 'class="pages"' not in one  # one page: no stray «1»
