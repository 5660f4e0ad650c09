"""Only confirmed values reach scoring: the evidence decides, or a reviewer does."""

from pathlib import Path

import pytest
from sqlmodel import Session, select

from flows.check_stage import run_checks
from flows.confirm_stage import confirm_claims, decide
from flows.context import RunContext
from flows.ingest import ingest_uploads
from flows.verify_stage import verify_pending
from storage.models import Claim, ClaimStatus, Criterion, Decision, Finding, Unit
from tests.flows.test_ingest import ctx_for


@pytest.fixture
def ctx(sample_copy: Path, tmp_path: Path, memo_verify: None) -> RunContext:
    c = ctx_for(sample_copy, f"sqlite:///{tmp_path / 'kc.db'}", tmp_path)
    yield c
    c.engine.dispose()


def run_all(ctx: RunContext) -> None:
    ingest_uploads(ctx)
    verify_pending(ctx)
    run_checks(ctx)
    confirm_claims(ctx)


def claim(ctx: RunContext, unit: str, criterion: str) -> Claim:
    with Session(ctx.engine) as s:
        u = s.exec(select(Unit).where(Unit.code == unit)).one()
        c = s.exec(select(Criterion).where(Criterion.code == criterion)).one()
        return s.exec(select(Claim).where(Claim.unit_id == u.id,
                                          Claim.criterion_id == c.id)).one()


def test_evidence_decides(ctx: RunContext) -> None:
    run_all(ctx)
    ok = claim(ctx, "phong-tckh", "thu-cong-vu")
    assert ok.status == ClaimStatus.CONFIRMED
    assert ok.confirmed_value == pytest.approx(ok.numerator / ok.denominator)  # type: ignore[operator]
    assert claim(ctx, "xa-quang-phong", "ho-so-dung-han").status == ClaimStatus.CONTRADICTED
    # a leader missed a quarter: the claim waits for a person, it is not confirmed
    blocked = claim(ctx, "xa-quang-thinh", "ky-so-ca-nhan")
    assert blocked.status == ClaimStatus.NEEDS_REVIEW and blocked.confirmed_value is None


def test_reviewer_decisions_go_through_the_same_path_and_are_audited(ctx: RunContext) -> None:
    run_all(ctx)
    target = claim(ctx, "xa-quang-thinh", "ky-so-ca-nhan")
    with Session(ctx.engine) as s:
        f = s.exec(select(Finding).where(Finding.code == "COVERAGE_QUARTER_MISSING")).one()
        decide(s, actor="thamdinh1", action="accept", reason="Đã xem văn bản giấy quý 3",
               finding_id=f.id)
        s.commit()
    confirm_claims(ctx)
    assert claim(ctx, "xa-quang-thinh", "ky-so-ca-nhan").status == ClaimStatus.CONFIRMED
    run_all(ctx)  # the next night keeps the reviewer's decision
    assert claim(ctx, "xa-quang-thinh", "ky-so-ca-nhan").status == ClaimStatus.CONFIRMED
    mismatch = claim(ctx, "xa-quang-phong", "ho-so-dung-han")
    with Session(ctx.engine) as s:
        decide(s, actor="thamdinh1", action="override", reason="Theo số liệu trên phần mềm",
               claim_id=mismatch.id, value=0.95)
        s.commit()
    run_all(ctx)
    after = claim(ctx, "xa-quang-phong", "ho-so-dung-han")
    assert (after.status, after.confirmed_value) == (ClaimStatus.CONFIRMED, 0.95)
    with Session(ctx.engine) as s:
        log = s.exec(select(Decision).order_by(Decision.id)).all()  # type: ignore[arg-type]
        assert [d.action for d in log] == ["accept", "override"]
        assert log[1].actor == "thamdinh1" and '"confirmed_value": 0.95' in log[1].after_json
    assert target.id is not None
