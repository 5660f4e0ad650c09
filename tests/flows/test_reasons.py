"""Reasons for points not claimed (issue 16, point 7; Gia Lai, seed 001): with
``reason_required_below_max``, a claim below the criterion's maximum without a «Lý do»
gets REASON_MISSING, which the unit sees, the notice lists and a reason in the sheet
closes; reviewers see the reason beside the claim."""

import csv
import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from flows.context import RunContext
from flows.notify_stage import make_notices
from kiemchung.core.vocabulary import FindingStatus
from review.app import create_app
from review.auth import add_user
from storage.claims_sheet import read_claims_csv
from storage.models import Claim, Criterion, Finding, Notice, Unit
from tests.flows.conftest import run_all

PASSWORD = "mat-khau-thu-nghiem"
REASON = "Một số văn bản mật không được ký số theo quy định"


def reason_findings(ctx: RunContext) -> set[tuple[str, str]]:
    with Session(ctx.engine) as s:
        units = {u.id: u.code for u in s.exec(select(Unit))}
        crits = {c.id: c.code for c in s.exec(select(Criterion))}
        return {(units[f.unit_id], crits[f.criterion_id]) for f in s.exec(select(Finding).where(
            Finding.code == "REASON_MISSING", Finding.status == FindingStatus.OPEN))}


def require_reasons(ctx: RunContext) -> None:
    # the campaign key the strict schema adds; set on the loaded settings here
    ctx.cfg.__dict__["reason_required_below_max"] = True


def add_reason(claims: Path, unit: str, crit: str, reason: str) -> None:
    rows = list(csv.reader(claims.open(encoding="utf-8")))
    rows[0].append("Lý do")
    for r in rows[1:]:
        r.append(reason if (r[0], r[1]) == (unit, crit) else "")
    with claims.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_the_sheet_reads_a_reason_column() -> None:
    got = read_claims_csv("Mã đơn vị,Mã tiêu chí,Tử số,Mẫu số,Lý do\n"
                          f"a,b,3,4,{REASON}\na,c,1,1,\n")
    assert [c.reason for c in got.claims] == [REASON, ""] and not got.errors


def test_without_the_campaign_key_no_reason_is_asked(sqlite_ctx: RunContext) -> None:
    run_all(sqlite_ctx)
    assert reason_findings(sqlite_ctx) == set()


def test_a_claim_below_the_maximum_needs_a_reason(sqlite_ctx: RunContext,
                                                  sample_copy: Path) -> None:
    ctx = sqlite_ctx
    require_reasons(ctx)
    run_all(ctx)
    found = reason_findings(ctx)
    # 363/486 signed = 3 of 5 points; 699/872 likewise; full-marks claims ask nothing
    assert ("ubnd-huyen", "ty-le-ky-so") in found and ("phong-tckh", "ty-le-ky-so") in found
    assert ("van-phong", "thu-cong-vu") not in found  # 17/17: the maximum
    assert all(c != "ky-so-to-chuc" for _u, c in found)  # yes/no claimed yes: full marks
    with Session(ctx.engine) as s:
        f = s.exec(select(Finding).where(Finding.code == "REASON_MISSING")).first()
        assert f is not None and "lý do" in f.message and "/5 điểm" in f.message
        assert json.loads(f.params_json)["file"] == "claims.csv"
        crit_id = s.exec(select(Criterion).where(Criterion.code == "ty-le-ky-so")).one().id
    # the notice lists it
    make_notices(ctx)
    with Session(ctx.engine) as s:
        huyen = s.exec(select(Unit).where(Unit.code == "ubnd-huyen")).one()
        n = s.exec(select(Notice).where(Notice.unit_id == huyen.id)).one()
        assert n.text_blob_key
    text = ctx.blobs.get(n.text_blob_key).decode()
    assert "Lý do không đạt điểm tối đa" in text
    assert "Số văn bản đi được ký số / tổng số văn bản đi của cơ quan" in text
    # the unit gives the reason in the sheet: the finding closes, the others stay
    add_reason(sample_copy / "claims.csv", "ubnd-huyen", "ty-le-ky-so", REASON)
    run_all(ctx)
    after = reason_findings(ctx)
    assert ("ubnd-huyen", "ty-le-ky-so") not in after
    assert ("phong-tckh", "ty-le-ky-so") in after
    with Session(ctx.engine) as s:
        claim = s.exec(select(Claim).where(Claim.unit_id == huyen.id,
                                           Claim.criterion_id == crit_id)).one()
        assert claim.reason == REASON
        # a reviewer sees it beside the claim, on a finding about that unit and criterion
        other = s.exec(select(Finding).where(Finding.unit_id == huyen.id,
                                             Finding.criterion_id == crit_id)).first()
        assert other is not None
        other_id = other.id
        add_user(s, username="thamdinh", password=PASSWORD, role="reviewer",
                 campaign_id=ctx.campaign_id)
        s.commit()
    from tests.review.conftest import csrf_of

    client = TestClient(create_app(ctx=ctx))
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"username": "thamdinh", "password": PASSWORD,
                                "csrf_token": token})
    page = client.get(f"/findings/{other_id}").text
    assert REASON in page
