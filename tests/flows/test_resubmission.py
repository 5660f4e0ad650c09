"""The units' loop, walked end to end on a copy of the sample campaign: a commune's
file is rejected (SIG_INVALID), a notice goes out, the commune replies with a properly
signed replacement (through the uploads folder, or the portal's reply and upload forms),
the next run closes the finding, gives the points back and keeps the commune ranked.
A reply after the notice's deadline is late; a late first submission stays late."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from flows.context import RunContext
from flows.notify_stage import make_notices
from flows.score_stage import score_campaign
from kiemchung.core.vocabulary import FindingStatus
from notices.congvan import CongVan, render_pdf
from review.app import create_app
from review.auth import add_user
from scoring.unit_scores import UnitScore
from storage.models import Evidence, Finding, Notice, Upload
from tests.conftest import SAMPLE
from tests.flows.conftest import run_all
from tests.review.conftest import PASSWORD, login

VN = timezone(timedelta(hours=7))
UNIT = "xa-quang-phong"
CRIT = "ky-so-ca-nhan"
REJECTED = f"{UNIT}/{CRIT}/cv-2019-05-10-chung-thu-het-han.pdf"


def signed_letter(unit: str, unit_name: str, person: str, leader: str, day: date) -> bytes:
    """A letter signed by a leader's valid certificate, then by the unit's (the sample
    PKI, as the generator signs): what a unit sends to answer a notice."""
    from sample_evidence.generator.signing import sign

    pki = SAMPLE / "pki"
    r = render_pdf(CongVan(
        issuer_parent="UBND HUYỆN HẢI HÀ", issuer=unit_name.upper(), number="31/UBND",
        place="Hải Hà", day=day, subject="triển khai dịch vụ công trực tuyến",
        recipients=("Các cơ quan, đơn vị liên quan",),
        body=(f"{unit_name} triển khai dịch vụ công trực tuyến (ký lại).",),
        signer_capacity="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH", signer_name=leader),
        invariant=True)
    x0, y0, x1, y1 = r.signer_box
    when = datetime(day.year, day.month, day.day, 9, 15, tzinfo=VN)
    chain = [pki / "certs" / "ca-co-quan-nha-nuoc.pem"]
    pdf = sign(r.pdf, key=pki / "keys" / f"{person}.TEST-ONLY.key.pem",
               cert=pki / "certs" / f"{person}.pem", chain=chain, when=when,
               field="ChuKyCaNhan", box=(x0 + 70, y0, x1, y1), kind="personal",
               label=leader, title="Phó Chủ tịch")
    return sign(pdf, key=pki / "keys" / f"to-chuc-{unit}.TEST-ONLY.key.pem",
                cert=pki / "certs" / f"to-chuc-{unit}.pem", chain=chain,
                when=when + timedelta(minutes=25), field="ChuKyCoQuan",
                box=(x0 - 30, y0 + 4, x0 + 160, y0 + 66), kind="organization",
                label=unit_name)


def signed_replacement() -> bytes:
    """Đỗ Thị Hà's letter of 10/05/2019 signed again with her valid certificate: what
    the commune sends instead of the expired-certificate one."""
    return signed_letter(UNIT, "UBND xã Quảng Phong", "ca-nhan-xa-quang-phong-2", "Đỗ Thị Hà",
                         date(2019, 5, 10))


def unit_score(ctx: RunContext, code: str) -> UnitScore:
    return next(u for u in score_campaign(ctx) if u.unit == code)


def criterion_points(score: UnitScore, crit: str) -> float:
    return float(next(c.verified for c in score.criteria if c.code == crit))


def open_codes(ctx: RunContext, unit_code: str) -> dict[str, set[str]]:
    """Open findings of a unit: file path (or criterion code) → codes."""
    with Session(ctx.engine) as s:
        evs = {e.id: e.source_path for e in s.exec(select(Evidence))}
        from storage.models import Criterion, Unit

        unit = s.exec(select(Unit).where(Unit.code == unit_code)).one()
        crits = {c.id: c.code for c in s.exec(select(Criterion))}
        out: dict[str, set[str]] = {}
        for f in s.exec(select(Finding).where(Finding.unit_id == unit.id,
                                              Finding.status == FindingStatus.OPEN)):
            key = evs[f.evidence_id] if f.evidence_id else crits.get(f.criterion_id, "")
            out.setdefault(key, set()).add(f.code)
        return out


@pytest.fixture
def rejected(sqlite_ctx: RunContext) -> Iterator[RunContext]:
    """After the first run: the commune's file rejected, and a notice sent (today)."""
    run_all(sqlite_ctx)
    assert "SIG_INVALID" in open_codes(sqlite_ctx, UNIT)[REJECTED]
    yield sqlite_ctx


def portal(ctx: RunContext) -> TestClient:
    with Session(ctx.engine) as s:
        add_user(s, username="quangphong", password=PASSWORD, role="unit",
                 campaign_id=ctx.campaign_id, unit_code=UNIT)
        add_user(s, username="quangthinh", password=PASSWORD, role="unit",
                 campaign_id=ctx.campaign_id, unit_code="xa-quang-thinh")
        s.commit()
    return TestClient(create_app(ctx=ctx))


def send_reply(ctx: RunContext, how: str, data: bytes, name: str) -> str:
    """The commune answers: returns the replacement's path under the uploads folder."""
    uploads = ctx.cfg.resolve(ctx.cfg.uploads)
    if how == "folder":
        rel = f"{UNIT}/{CRIT}/{name}"
        (uploads / rel).write_bytes(data)
        return rel
    with Session(ctx.engine) as s:
        old = s.exec(select(Evidence).where(Evidence.source_path == REJECTED)).one()
        finding = s.exec(select(Finding).where(Finding.evidence_id == old.id,
                                               Finding.code == "SIG_INVALID")).one()
    client = portal(ctx)
    token = login(client, "quangphong")
    files = {"file": (name, data, "application/pdf")}
    if how == "portal-reply":
        r = client.post(f"/unit/findings/{finding.id}/reply", files=files, data={
            "text": "Xin gửi lại văn bản ký bằng chứng thư còn hiệu lực.", "csrf_token": token},
            follow_redirects=False)
    else:
        r = client.post("/unit/upload", files=files, data={
            "criterion": CRIT, "replaces": str(old.id), "csrf_token": token},
            follow_redirects=False)
    assert r.status_code == 303, r.text
    return f"{UNIT}/{CRIT}/{Path(name).stem}.pdf"


@pytest.mark.parametrize("how", ["folder", "portal-reply", "portal-upload",
                                 "portal-reply walk-first", "portal-upload walk-first"])
def test_a_replacement_inside_the_notice_deadline_closes_the_loop(
        rejected: RunContext, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """«walk-first»: the nightly folder walk finds the portal's file before the upload's
    own background ingest runs (a server stopped, or a run at that moment): the reply
    keeps its link all the same."""
    ctx = rejected
    if how.endswith(" walk-first"):
        import review.services

        monkeypatch.setattr(review.services, "ingest_pending", lambda ctx: 0)
        how = how.removesuffix(" walk-first")
    before = unit_score(ctx, UNIT)
    assert make_notices(ctx) >= 1
    with Session(ctx.engine) as s:
        notice = s.exec(select(Notice).where(Notice.unit_id == select(Evidence.unit_id).where(
            Evidence.source_path == REJECTED).scalar_subquery())).one()
        assert notice.deadline is not None and notice.deadline > date.today()
    new_rel = send_reply(ctx, how, signed_replacement(), "cv-2019-05-10-do-thi-ha.pdf")
    run_all(ctx)
    after = unit_score(ctx, UNIT)
    with Session(ctx.engine) as s:
        old = s.exec(select(Evidence).where(Evidence.source_path == REJECTED)).one()
        new = s.exec(select(Evidence).where(Evidence.source_path == new_rel)).one()
        assert old.replaced_by_id == new.id and new.replaces_id == old.id
        assert old.replaced_at is not None
        assert new.notice_id == notice.id and new.resubmit_deadline == notice.deadline
        assert new.verified_version is not None and new.verdict == "valid"
        sig = s.exec(select(Finding).where(Finding.evidence_id == old.id,
                                           Finding.code == "SIG_INVALID")).one()
        assert sig.status == FindingStatus.CLOSED
        if how != "folder":
            upload = s.exec(select(Upload).where(Upload.source_path == new_rel)).one()
            assert upload.ingested_at is not None and upload.evidence_id == new.id
    codes = open_codes(ctx, UNIT)
    assert REJECTED not in codes and new_rel not in codes, codes
    assert not any("LATE_UPLOAD" in c for c in codes.values()), codes
    assert criterion_points(after, CRIT) > criterion_points(before, CRIT)
    assert after.verified > before.verified
    assert after.not_ranked == "" and after.rank is not None
    # the rejected file stays on disk; the next run takes it neither as new nor as late
    assert (ctx.cfg.resolve(ctx.cfg.uploads) / REJECTED).is_file()
    run_all(ctx)
    with Session(ctx.engine) as s:
        assert len(s.exec(select(Evidence).where(Evidence.source_path == REJECTED)).all()) == 1
    assert unit_score(ctx, UNIT).verified == after.verified


def test_the_portal_shows_rejected_replaced_and_verified(rejected: RunContext) -> None:
    ctx = rejected
    make_notices(ctx)
    client = portal(ctx)
    login(client, "quangphong")
    page = client.get("/unit").text
    assert "bị trả lại" in page and "chung-thu-het-han" in page
    send_reply(ctx, "folder", signed_replacement(), "cv-2019-05-10-do-thi-ha.pdf")
    client.get("/unit")  # (the folder file is taken at the next run)
    from flows.ingest import ingest_uploads

    ingest_uploads(ctx)
    page = client.get("/unit").text
    assert "chờ kiểm tra" in page and "đã thay thế" in page
    run_all(ctx)
    page = client.get("/unit").text
    row = page.split("cv-2019-05-10-do-thi-ha.pdf</td>")[1].split("</tr>")[0]
    assert "đã kiểm tra" in row and "thay cho" in row


def test_a_replacement_after_the_notice_deadline_is_late(rejected: RunContext) -> None:
    ctx = rejected
    make_notices(ctx, today=date.today() - timedelta(days=30))
    new_rel = send_reply(ctx, "folder", signed_replacement(), "cv-2019-05-10-do-thi-ha.pdf")
    run_all(ctx)
    codes = open_codes(ctx, UNIT)
    assert "LATE_UPLOAD" in codes[new_rel]
    assert REJECTED not in codes  # replaced all the same
    assert unit_score(ctx, UNIT).not_ranked != ""


def test_a_late_first_submission_stays_late(rejected: RunContext) -> None:
    ctx = rejected
    late = "xa-quang-thinh/thu-cong-vu/tai-khoan-thu-cong-vu.png"
    assert "LATE_UPLOAD" in open_codes(ctx, "xa-quang-thinh")[late]
    assert unit_score(ctx, "xa-quang-thinh").not_ranked != ""
    with Session(ctx.engine) as s:
        finding = s.exec(select(Finding).where(Finding.code == "LATE_UPLOAD")).one()
    client = portal(ctx)
    token = login(client, "quangthinh")
    data = (ctx.cfg.resolve(ctx.cfg.uploads) / late).read_bytes() + b"\0"
    r = client.post(f"/unit/findings/{finding.id}/reply",
                    files={"file": ("tai-khoan-moi.png", data, "image/png")},
                    data={"text": "Gửi lại ảnh chụp.", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    run_all(ctx)
    codes = open_codes(ctx, "xa-quang-thinh")
    new_rel = "xa-quang-thinh/thu-cong-vu/tai-khoan-moi.png"
    assert late not in codes and "LATE_UPLOAD" in codes[new_rel]
    assert unit_score(ctx, "xa-quang-thinh").not_ranked != ""


def test_a_file_answering_a_coverage_gap_is_an_addition_on_the_notice_deadline(
        rejected: RunContext) -> None:
    """Xã Quảng Thịnh's Ngô Thị Lan signed nothing in quarter 3: the notice lists the gap;
    the commune sends a letter she signed then, after the campaign's deadline but inside
    the notice's. The gap closes, the file is not late and replaces nothing."""
    ctx = rejected
    gap = open_codes(ctx, "xa-quang-thinh")["ky-so-ca-nhan"]
    assert "COVERAGE_QUARTER_MISSING" in gap
    make_notices(ctx)
    rel = "xa-quang-thinh/ky-so-ca-nhan/cv-2019-05-20-ngo-thi-lan.pdf"
    (ctx.cfg.resolve(ctx.cfg.uploads) / rel).write_bytes(signed_letter(
        "xa-quang-thinh", "UBND xã Quảng Thịnh", "ca-nhan-xa-quang-thinh-2", "Ngô Thị Lan",
        date(2019, 5, 20)))
    run_all(ctx)
    codes = open_codes(ctx, "xa-quang-thinh")
    assert "ky-so-ca-nhan" not in codes and rel not in codes, codes
    with Session(ctx.engine) as s:
        ev = s.exec(select(Evidence).where(Evidence.source_path == rel)).one()
        assert ev.replaces_id is None and ev.notice_id is not None
        assert ev.resubmit_deadline is not None and ev.verdict == "valid"


def test_the_portal_replaces_only_the_units_own_rejected_files(rejected: RunContext) -> None:
    ctx = rejected
    with Session(ctx.engine) as s:
        good = s.exec(select(Evidence).where(
            Evidence.source_path == f"{UNIT}/{CRIT}/cv-2019-05-19-vu-van-giang.pdf")).one()
        foreign = s.exec(select(Evidence).where(Evidence.source_path ==
                                                "tt-quang-ha/ky-so-ca-nhan/"
                                                "cv-2019-02-20-chung-thu-bi-thu-hoi.pdf")).one()
    client = portal(ctx)
    token = login(client, "quangphong")
    for target in (good.id, foreign.id, "abc"):
        r = client.post("/unit/upload", files={"file": ("x.pdf", signed_replacement(),
                                                        "application/pdf")},
                        data={"criterion": CRIT, "replaces": str(target), "csrf_token": token})
        assert r.status_code == 400, target
    with Session(ctx.engine) as s:
        assert s.exec(select(Evidence).where(Evidence.replaces_id != None)).all() == []  # noqa: E711


def test_a_reply_before_any_notice_keeps_its_link_when_the_walk_comes_first(
        rejected: RunContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """No notice yet: only the Upload row says which finding the file answers."""
    import review.services

    monkeypatch.setattr(review.services, "ingest_pending", lambda ctx: 0)
    new_rel = send_reply(rejected, "portal-reply", signed_replacement(), "tra-loi.pdf")
    run_all(rejected)
    with Session(rejected.engine) as s:
        old = s.exec(select(Evidence).where(Evidence.source_path == REJECTED)).one()
        new = s.exec(select(Evidence).where(Evidence.source_path == new_rel)).one()
        assert old.replaced_by_id == new.id and new.resubmit_deadline is not None
        upload = s.exec(select(Upload).where(Upload.source_path == new_rel)).one()
        assert upload.evidence_id == new.id
