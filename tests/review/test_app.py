"""Every route of the review app, for every role: what each may see and do, decisions
feeding confirmation and scores, uploads through the ingest path, and refusals."""

import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from flows.context import RunContext
from review.app import create_app
from storage.models import Claim, Decision, Evidence, Finding, Notice, Reply, Unit
from tests.review.conftest import PASSWORD, csrf_of, login


def ids(ctx: RunContext) -> dict[str, int]:
    """One finding, evidence and notice per unit of interest."""
    with Session(ctx.engine) as s:
        unit = {u.code: u.id for u in s.exec(select(Unit))}
        out: dict[str, int] = {}
        for code in ("van-phong", "xa-quang-phong"):
            f = s.exec(select(Finding).where(Finding.unit_id == unit[code],
                                             Finding.code.startswith("SIG_"))).first()  # type: ignore[attr-defined]
            n = s.exec(select(Notice).where(Notice.unit_id == unit[code])).first()
            assert f is not None and f.id and f.evidence_id and n is not None and n.id
            out[f"finding:{code}"], out[f"evidence:{code}"] = f.id, f.evidence_id
            out[f"notice:{code}"] = n.id
        return out


ROUTES = [  # (method, path template, status for anonymous, reviewer, own unit, other unit)
    ("GET", "/review", 303, 200, 404, 404),
    ("GET", "/findings/{finding:van-phong}", 303, 200, 200, 404),
    ("GET", "/evidence/{evidence:van-phong}/file", 303, 200, 200, 404),
    ("GET", "/evidence/{evidence:van-phong}/page/1.png", 303, 200, 200, 404),
    ("GET", "/scores", 303, 200, 200, 200),
    ("GET", "/notices", 303, 200, 200, 200),
    ("GET", "/notices/{notice:van-phong}.pdf", 303, 200, 200, 404),
    ("GET", "/unit", 303, 404, 200, 200),
]


@pytest.mark.parametrize("role", ["anonymous", "reviewer", "own", "other"])
def test_every_get_route_for_every_role(ready: RunContext, role: str) -> None:
    known = ids(ready)
    with TestClient(create_app(ctx=ready)) as client:
        if role != "anonymous":
            login(client, {"reviewer": "thamdinh", "own": "vanphong",
                           "other": "quangphong"}[role])
        for method, template, *codes in ROUTES:
            path = re.sub(r"\{([a-z]+:[a-z-]+)\}", lambda m: str(known[m.group(1)]), template)
            want = codes[["anonymous", "reviewer", "own", "other"].index(role)]
            r = client.request(method, path, follow_redirects=False)
            assert r.status_code == want, (role, path, r.status_code)
            if want == 303:
                assert r.headers["location"] == "/login"


@pytest.mark.parametrize("role", ["anonymous", "own", "other"])
def test_posts_refused_to_who_may_not(ready: RunContext, role: str) -> None:
    known = ids(ready)
    with TestClient(create_app(ctx=ready)) as client:
        token = csrf_of(client.get("/login").text)
        if role != "anonymous":
            token = login(client, {"own": "vanphong", "other": "quangphong"}[role])
        fid = known["finding:van-phong"]
        decide = client.post(f"/findings/{fid}/decide", data={
            "action": "accept", "reason": "da-xac-minh", "csrf_token": token},
            follow_redirects=False)
        assert decide.status_code in (303, 404) and decide.headers.get("location") != "/review"
        bulk = client.post("/review/bulk", data={"action": "accept", "ids": [fid],
                                                 "reason": "da-xac-minh", "csrf_token": token},
                           follow_redirects=False)
        assert bulk.status_code in (303, 404)
        reply = client.post(f"/findings/{fid}/reply".replace("/findings", "/unit/findings"),
                            data={"text": "x", "csrf_token": token}, follow_redirects=False)
        assert reply.status_code == (303 if role == "own" else 303 if role == "anonymous"
                                     else 404)
        if role == "anonymous":
            assert reply.headers["location"] == "/login"
    with Session(ready.engine) as s:
        assert s.exec(select(Decision)).all() == []
        assert s.get(Finding, fid).status == "open"  # type: ignore[union-attr]


def test_login_needs_the_right_password_and_a_csrf_token(app_client: TestClient) -> None:
    token = csrf_of(app_client.get("/login").text)
    bad = app_client.post("/login", data={"username": "thamdinh", "password": "sai",
                                          "csrf_token": token})
    assert bad.status_code == 401 and "không đúng" in bad.text
    forged = app_client.post("/login", data={"username": "thamdinh", "password": PASSWORD})
    assert forged.status_code == 403
    token = login(app_client, "thamdinh")
    out = app_client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.headers["location"] == "/login"
    assert app_client.get("/review", follow_redirects=False).status_code == 303


def test_queue_filters_sorts_and_pages(app_client: TestClient) -> None:
    login(app_client, "thamdinh")
    page = app_client.get("/review", params={"assignee": "*"}).text
    assert "Hàng đợi thẩm định" in page and 'data-code="SIG_INVALID"' in page
    only = app_client.get("/review", params={"code": "CLAIM_MISMATCH", "assignee": "*"}).text
    assert only.count('data-href="/findings/') == 1
    unit = app_client.get("/review", params={"unit": "van-phong", "assignee": "*"}).text
    assert "UBND xã" not in unit.split("<tbody>")[1]
    warnings = app_client.get("/review", params={"severity": "warning", "assignee": "*"}).text
    body = warnings.split("<tbody>")[1]
    assert "SIG_ORDER_WRONG" in body and "SIG_INVALID" not in body
    assert app_client.get("/review", params={"page": "99", "sort": "newest"}).status_code == 200


def test_a_decision_is_audited_and_moves_the_score(ready: RunContext,
                                                    app_client: TestClient) -> None:
    token = login(app_client, "thamdinh")
    with Session(ready.engine) as s:
        order = s.exec(select(Finding).where(Finding.code == "SIG_ORDER_WRONG")).one()
    before = app_client.get("/scores").text
    assert "xa-quang-phong" in before
    view = app_client.get(f"/findings/{order.id}").text
    assert "Chữ ký số" in view and "hợp lệ" in view and 'id="accept"' in view
    r = app_client.post(f"/findings/{order.id}/decide", data={
        "action": "accept", "reason": "da-xac-minh", "reason_text": "Đã xem bản giấy",
        "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    with Session(ready.engine) as s:
        assert s.get(Finding, order.id).status == "accepted"  # type: ignore[union-attr]
        d = s.exec(select(Decision)).one()
        assert (d.actor, d.action, d.reason) == ("thamdinh", "accept", "Đã xem bản giấy")
    scores = json.loads(json.dumps(app_client.get("/scores").text))
    assert 'data-unit="xa-quang-phong"' in scores
    row = scores.split('data-unit="xa-quang-phong"')[1].split("</tr>")[0]
    assert '<td class="num verified">13</td>' in row  # 10 + 3 for the organization docs
    # a reason outside the list is refused, nothing recorded
    bad = app_client.post(f"/findings/{order.id}/decide", data={
        "action": "reject", "reason": "vi-thich", "csrf_token": token})
    assert bad.status_code == 400 and "danh sách" in bad.text


def test_override_and_bulk_report_per_item(ready: RunContext, app_client: TestClient) -> None:
    token = login(app_client, "thamdinh")
    with Session(ready.engine) as s:
        mismatch = s.exec(select(Finding).where(Finding.code == "CLAIM_MISMATCH")).one()
        sigs = s.exec(select(Finding).where(Finding.code == "SIG_MISSING")).all()
    r = app_client.post(f"/findings/{mismatch.id}/decide", data={
        "action": "override", "value": "96%", "reason_text": "Theo phần mềm một cửa",
        "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    with Session(ready.engine) as s:
        claim = s.exec(select(Claim).where(Claim.unit_id == mismatch.unit_id,
                                           Claim.criterion_id == mismatch.criterion_id)).one()
        assert (claim.status, claim.confirmed_value) == ("confirmed", Decimal("0.96"))
    bulk = app_client.post("/review/bulk", data={
        "action": "reject", "reason": "thieu-chu-ky", "ids": [sigs[0].id, 999999],
        "csrf_token": token})
    assert bulk.status_code == 200
    assert "đã ghi nhận" in bulk.text and "không có vấn đề số 999999" in bulk.text


def test_exports_and_notices(app_client: TestClient) -> None:
    login(app_client, "thamdinh")
    csv = app_client.get("/scores", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and "Mã đơn vị" in csv.text
    xlsx = app_client.get("/scores", params={"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert "1/VHTT-KC" in app_client.get("/notices").text


def test_evidence_view_shows_pages_boxes_and_downloads(ready: RunContext,
                                                       app_client: TestClient) -> None:
    login(app_client, "thamdinh")
    with Session(ready.engine) as s:
        shot = s.exec(select(Finding).where(Finding.code == "CLAIM_MISMATCH")).one()
        pdf = s.exec(select(Finding).where(Finding.code == "SIG_INVALID")).first()
    assert pdf is not None
    view = app_client.get(f"/findings/{shot.id}").text
    assert 'class="box' in view and "dossiers_on_time" in view and "1.741" in view
    with Session(ready.engine) as s:
        png = s.exec(select(Evidence).where(
            Evidence.source_path == "xa-quang-phong/ho-so-dung-han/thong-ke-mot-cua.png")).one()
    assert f"/evidence/{png.id}/page/1.png" in view
    img = app_client.get(f"/evidence/{png.id}/page/1.png")
    assert img.content.startswith(b"\x89PNG")
    page = app_client.get(f"/evidence/{pdf.evidence_id}/page/1.png")
    assert page.status_code == 200 and page.content.startswith(b"\x89PNG")
    assert app_client.get(f"/evidence/{pdf.evidence_id}/page/99.png").status_code == 404
    assert app_client.get("/evidence/abc/file").status_code == 400
    raw = app_client.get(f"/evidence/{pdf.evidence_id}/file")
    assert raw.content.startswith(b"%PDF") and "attachment" in raw.headers["content-disposition"]


def test_a_unit_uploads_replies_and_is_refused_bad_files(ready: RunContext,
                                                          app_client: TestClient) -> None:
    token = login(app_client, "vanphong")
    home = app_client.get("/unit").text
    assert "Văn phòng HĐND và UBND huyện" in home and "SIG_ORG_MISSING" in home
    # the unit reads the finding's Vietnamese title; the code only as the link's tooltip
    from kiemchung.core.codes import FindingCode

    title = FindingCode.SIG_ORG_MISSING.title_vi
    assert title and f'title="SIG_ORG_MISSING">{title}</a>' in home
    assert ">SIG_ORG_MISSING<" not in home
    assert "UBND xã Quảng Phong" not in home
    pdf = (ready.cfg.resolve(ready.cfg.uploads) / "phong-tckh" / "ky-so-to-chuc" /
           "cv-2019-02-20-chua-ky.pdf").read_bytes()
    ok = app_client.post("/unit/upload", data={"criterion": "ky-so-to-chuc", "csrf_token": token},
                         files={"file": ("../../../../etc/thay the?.pdf", pdf,
                                         "application/pdf")},
                         follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/unit"
    assert "van-phong/ky-so-to-chuc/thay-the.pdf" in app_client.get("/unit").text
    target = ready.cfg.resolve(ready.cfg.uploads) / "van-phong" / "ky-so-to-chuc" / "thay-the.pdf"
    assert target.read_bytes() == pdf
    with Session(ready.engine) as s:
        assert s.exec(select(Evidence).where(
            Evidence.source_path == "van-phong/ky-so-to-chuc/thay-the.pdf")).one()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    zipped = app_client.post("/unit/upload", data={"criterion": "ky-so-to-chuc",
                                                   "csrf_token": token},
                             files={"file": ("hop-dong.pdf", buf.getvalue(), "application/pdf")})
    assert zipped.status_code == 415 and "PDF, PNG, JPEG" in zipped.text
    unknown = app_client.post("/unit/upload", data={"criterion": "../../x", "csrf_token": token},
                              files={"file": ("a.pdf", pdf, "application/pdf")})
    assert unknown.status_code == 400
    ready.settings.max_upload_bytes = 1000
    big = app_client.post("/unit/upload", data={"criterion": "ky-so-to-chuc", "csrf_token": token},
                          files={"file": ("a.pdf", pdf, "application/pdf")})
    assert big.status_code == 413 and "quá lớn" in big.text
    with Session(ready.engine) as s:
        mine = s.exec(select(Finding).where(Finding.code == "SIG_ORG_MISSING")).one()
    reply = app_client.post(f"/unit/findings/{mine.id}/reply", data={
        "text": "Đơn vị gửi lại bản có chữ ký số cơ quan", "csrf_token": token},
        follow_redirects=False)
    assert reply.status_code == 303
    with Session(ready.engine) as s:
        r = s.exec(select(Reply)).one()
        assert (r.author, r.finding_id) == ("vanphong", mine.id)
    assert "Đơn vị gửi lại bản" in app_client.get(f"/findings/{mine.id}").text
    missing_csrf = app_client.post(f"/unit/findings/{mine.id}/reply", data={"text": "x"})
    assert missing_csrf.status_code == 403
