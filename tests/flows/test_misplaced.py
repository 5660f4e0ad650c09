"""Misplaced uploads reach someone (issue 16, point 6): a file under a known unit but an
unknown criterion folder is that unit's (it sees the finding, with the closest code
suggested, and its notice lists it); an unknown unit folder gets the closest unit code
suggested; a reviewer reassigns a file in the web app, audited like a decision."""

import json
import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from flows.context import RunContext
from flows.ingest import ingest_uploads
from flows.notify_stage import make_notices
from kiemchung.core.vocabulary import FindingStatus
from review.app import create_app
from review.auth import add_user
from storage.models import Decision, Evidence, Finding, Notice, Unit
from tests.flows.conftest import run_all
from tests.review.conftest import csrf_of

PASSWORD = "mat-khau-thu-nghiem"
WRONG_UNIT = "phong-vhttt/ty-le-ky-so/thong-ke.png"
WRONG_CRIT = "xa-quang-phong/ky-so-to-chu/cv-2019-02-18-vu-van-giang.pdf"


def client_for(ctx: RunContext, username: str, **kw: object) -> tuple[TestClient, str]:
    with Session(ctx.engine) as s:
        add_user(s, username=username, password=PASSWORD, campaign_id=ctx.campaign_id,
                 **kw)  # type: ignore[arg-type]
        s.commit()
    c = TestClient(create_app(ctx=ctx))
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"username": username, "password": PASSWORD,
                               "csrf_token": token}, follow_redirects=False)
    return c, csrf_of(c.get(r.headers["location"]).text)


def finding_on(ctx: RunContext, rel: str, code: str) -> Finding:
    with Session(ctx.engine) as s:
        ev = s.exec(select(Evidence).where(Evidence.source_path == rel,
                                           Evidence.replaced_at == None)).one()  # noqa: E711
        return s.exec(select(Finding).where(Finding.evidence_id == ev.id,
                                            Finding.code == code)).one()


def test_an_unknown_criterion_folder_is_the_units_with_a_suggestion(
        sqlite_ctx: RunContext, sample_copy: Path) -> None:
    ctx = sqlite_ctx
    up = sample_copy / "uploads"
    (up / WRONG_CRIT).parent.mkdir(parents=True)
    shutil.copy(up / "xa-quang-phong/ky-so-to-chuc/cv-2019-02-18-vu-van-giang.pdf",
                up / WRONG_CRIT)
    run_all(ctx)
    f = finding_on(ctx, WRONG_CRIT, "CRITERION_UNKNOWN")
    assert f.status == FindingStatus.OPEN and f.unit_id is not None
    assert "có phải ý bạn là «ky-so-to-chuc»?" in f.message.lower()
    assert json.loads(f.params_json)["suggestion"] == "ky-so-to-chuc"
    u = finding_on(ctx, WRONG_UNIT, "UNIT_UNKNOWN")
    assert u.unit_id is None and "«phong-vhtt»" in u.message
    # the unit sees it in its portal, and its notice lists it with the suggestion
    client, _ = client_for(ctx, "quangphong", role="unit", unit_code="xa-quang-phong")
    assert "ky-so-to-chu" in client.get("/unit").text
    make_notices(ctx)
    with Session(ctx.engine) as s:
        n = s.exec(select(Notice).where(Notice.unit_id == f.unit_id)).one()
    assert n.text_blob_key
    text = ctx.blobs.get(n.text_blob_key).decode()
    assert "ky-so-to-chu/cv-2019-02-18-vu-van-giang.pdf" in text and "«ky-so-to-chuc»?" in text


def test_a_reviewer_reassigns_a_misplaced_file_audited(sqlite_ctx: RunContext) -> None:
    ctx = sqlite_ctx
    run_all(ctx)
    f = finding_on(ctx, WRONG_UNIT, "UNIT_UNKNOWN")
    client, token = client_for(ctx, "thamdinh", role="reviewer")
    page = client.get(f"/findings/{f.id}").text
    assert 'id="reassign-form"' in page and 'value="phong-vhtt" selected' in page
    assert f.evidence_id is not None
    bad = client.post(f"/evidence/{f.evidence_id}/reassign", data={
        "unit": "khong-co", "criterion": "ty-le-ky-so", "csrf_token": token})
    assert bad.status_code == 400
    r = client.post(f"/evidence/{f.evidence_id}/reassign", data={
        "unit": "phong-vhtt", "criterion": "ty-le-ky-so", "finding": str(f.id),
        "reason_text": "Gõ thừa chữ t trong tên thư mục", "csrf_token": token},
        follow_redirects=False)
    assert r.status_code == 303 and "reassigned=" in r.headers["location"]
    with Session(ctx.engine) as s:
        d = s.exec(select(Decision).where(Decision.action == "reassign")).one()
        assert d.actor == "thamdinh" and d.evidence_id == f.evidence_id
        assert json.loads(d.before_json)["unit"] is None
        assert json.loads(d.after_json) == {"unit": "phong-vhtt", "criterion": "ty-le-ky-so",
                                            "file": WRONG_UNIT}
        assert s.get(Finding, f.id).status == FindingStatus.CLOSED  # type: ignore[union-attr]
        vhtt = s.exec(select(Unit).where(Unit.code == "phong-vhtt")).one()
    run_all(ctx)  # the next run keeps it where the reviewer put it and checks it there
    with Session(ctx.engine) as s:
        ev = s.get(Evidence, f.evidence_id)
        assert ev is not None and ev.unit_id == vhtt.id and ev.verified_version is not None
        assert s.get(Finding, f.id).status == FindingStatus.CLOSED  # type: ignore[union-attr]
    # a new version of the file at the same path stays where it was placed
    ctx_up = ctx.cfg.resolve(ctx.cfg.uploads)
    (ctx_up / WRONG_UNIT).write_bytes((ctx_up / WRONG_UNIT).read_bytes() + b"\0")
    ingest_uploads(ctx)
    with Session(ctx.engine) as s:
        new = s.exec(select(Evidence).where(Evidence.source_path == WRONG_UNIT,
                                            Evidence.replaced_at == None)).one()  # noqa: E711
        assert new.unit_id == vhtt.id and new.id != f.evidence_id
        assert not s.exec(select(Finding).where(Finding.evidence_id == new.id,
                                                Finding.code == "UNIT_UNKNOWN")).all()
    unit_page, _ = client_for(ctx, "vanhoa", role="unit", unit_code="phong-vhtt")
    assert "thong-ke.png" in unit_page.get("/unit").text
