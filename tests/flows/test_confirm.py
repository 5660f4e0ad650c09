"""Only confirmed values reach scoring: the evidence decides, or a reviewer does."""

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from flows.confirm_stage import confirm_claims, decide
from flows.context import RunContext
from kiemchung.core.vocabulary import ClaimStatus
from storage.models import Claim, Criterion, Decision, Finding, Unit
from tests.flows.conftest import run_all


def claim(sqlite_ctx: RunContext, unit: str, criterion: str) -> Claim:
    with Session(sqlite_ctx.engine) as s:
        u = s.exec(select(Unit).where(Unit.code == unit)).one()
        c = s.exec(select(Criterion).where(Criterion.code == criterion)).one()
        return s.exec(select(Claim).where(Claim.unit_id == u.id,
                                          Claim.criterion_id == c.id)).one()


def test_evidence_decides(sqlite_ctx: RunContext) -> None:
    run_all(sqlite_ctx)
    ok = claim(sqlite_ctx, "phong-tckh", "thu-cong-vu")
    assert ok.status == ClaimStatus.CONFIRMED
    assert ok.confirmed_value == pytest.approx(ok.numerator / ok.denominator)  # type: ignore[operator]
    assert claim(sqlite_ctx, "xa-quang-phong", "ho-so-dung-han").status == ClaimStatus.CONTRADICTED
    # a leader missed a quarter: the claim waits for a person, it is not confirmed
    blocked = claim(sqlite_ctx, "xa-quang-thinh", "ky-so-ca-nhan")
    assert blocked.status == ClaimStatus.NEEDS_REVIEW and blocked.confirmed_value is None


def test_reviewer_decisions_go_through_the_same_path_and_are_audited(
        sqlite_ctx: RunContext) -> None:
    run_all(sqlite_ctx)
    target = claim(sqlite_ctx, "xa-quang-thinh", "ky-so-ca-nhan")
    with Session(sqlite_ctx.engine) as s:
        f = s.exec(select(Finding).where(Finding.code == "COVERAGE_QUARTER_MISSING")).one()
        decide(s, actor="thamdinh1", action="accept", reason="Đã xem văn bản giấy quý 3",
               finding_id=f.id)
        s.commit()
    confirm_claims(sqlite_ctx)
    assert claim(sqlite_ctx, "xa-quang-thinh", "ky-so-ca-nhan").status == ClaimStatus.CONFIRMED
    run_all(sqlite_ctx)  # the next night keeps the reviewer's decision
    assert claim(sqlite_ctx, "xa-quang-thinh", "ky-so-ca-nhan").status == ClaimStatus.CONFIRMED
    mismatch = claim(sqlite_ctx, "xa-quang-phong", "ho-so-dung-han")
    with Session(sqlite_ctx.engine) as s:
        decide(s, actor="thamdinh1", action="override", reason="Theo số liệu trên phần mềm",
               claim_id=mismatch.id, value=Decimal("0.95"))
        s.commit()
    run_all(sqlite_ctx)
    after = claim(sqlite_ctx, "xa-quang-phong", "ho-so-dung-han")
    assert (after.status, after.confirmed_value) == (ClaimStatus.CONFIRMED, Decimal("0.95"))
    with Session(sqlite_ctx.engine) as s:
        log = s.exec(select(Decision).order_by(Decision.id)).all()  # type: ignore[arg-type]
        assert [d.action for d in log] == ["accept", "override"]
        assert log[1].actor == "thamdinh1" and '"confirmed_value": 0.95' in log[1].after_json
    assert target.id is not None
