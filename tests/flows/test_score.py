"""The sample campaign's scores: claimed against verified, ranks, places, late units
not ranked, and reviewer decisions moving the verified score."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlmodel import Session, select

from flows.confirm_stage import confirm_claims, decide
from flows.context import RunContext
from flows.score_stage import score_campaign
from kiemchung.core.errors import ConfigError
from scoring.unit_scores import UnitScore
from storage.models import Claim, Criterion, Finding, Score, Unit
from tests.flows.conftest import ctx_for, run_all

# Worked by hand from claims.csv, scoring.toml and the sample's deliberate faults
# (sample_evidence/README.md): each faulty unit/criterion pair scores 0 verified.
# unit: (claimed, verified, claimed rank, verified rank, place in its level)
EXPECTED = {
    # 3+3 + 363/486=74.7%→3 + 978/1048=93.3%→4×0.933/0.95=3.93 + 53/54→3 + 2;
    # lost: tampered org doc, personal missing, invoice outside the window
    "ubnd-huyen": ("17.93", "9.93", "A", "D", 1),
    # 3+3 + 1071/1449=73.9%→3 + n/a 4 + 17/17→3 + n/a 2 = 18; org sig missing, empty file
    "van-phong": ("18", "12", "A", "C", 1),
    # 3+3 + 699/872=80.2%→3 + 4 + 18/20=90%→2 (not > 90 %) + 2 = 17; unsigned, untrusted
    "phong-tckh": ("17", "11", "A", "C", 2),
    "phong-vhtt": ("18", "9", "A", "D", 3),
    "tt-quang-ha": ("17.81", "11.81", "A", "C", 1),
    "xa-quang-phong": ("20", "10", "A", "C", 2),
    # its ho-so-dung-han row is malformed (no valid claim), and it uploaded late
    "xa-quang-thinh": ("14", "8", "B", None, None),
}


def by_unit(scores: list[UnitScore]) -> dict[str, UnitScore]:
    return {u.unit: u for u in scores}


def test_sample_campaign_scores(sqlite_ctx: RunContext) -> None:
    run_all(sqlite_ctx)
    scores = by_unit(score_campaign(sqlite_ctx))
    got = {k: (f"{u.claimed.normalize():f}", f"{u.verified.normalize():f}", u.claimed_rank,
               u.rank, u.position) for k, u in scores.items()}
    assert got == EXPECTED
    late = scores["xa-quang-thinh"]
    assert "sau hạn 18/10/2019" in late.not_ranked
    # every point lost says why, and names the finding behind it where there is one
    vhtt = {c.code: c for c in scores["phong-vhtt"].criteria}
    assert vhtt["ky-so-to-chuc"].verified == 0 and vhtt["ky-so-to-chuc"].claimed == 3
    assert any(f.startswith("SIG_OUTSIDE_WINDOW") for f in vhtt["ky-so-to-chuc"].findings)
    assert any(f.startswith("PERIOD_MISMATCH") for f in vhtt["ty-le-ky-so"].findings)
    offices = [u for u in scores.values() if u.level == "office"]
    assert all(c.reason == "" for u in offices for c in u.criteria if not c.applicable)
    for u in scores.values():
        for c in u.criteria:
            assert (c.verified < c.max_points) == bool(c.reason), (u.unit, c.code)
    # stored: one row per criterion, group and total
    with Session(sqlite_ctx.engine) as s:
        rows = s.exec(select(Score)).all()
        assert len(rows) == 7 * (6 + 2 + 1)
        total = {(r.unit_id, r.criterion_code): r for r in rows}
        uid = s.exec(select(Unit.id).where(Unit.code == "ubnd-huyen")).one()
        assert total[(uid, "total")].verified_points == D("9.93")


def test_a_reviewer_decision_moves_the_verified_score(sqlite_ctx: RunContext) -> None:
    run_all(sqlite_ctx)
    before = by_unit(score_campaign(sqlite_ctx))["xa-quang-phong"]
    with Session(sqlite_ctx.engine) as s:
        crit = s.exec(select(Criterion).where(Criterion.code == "ho-so-dung-han")).one()
        unit = s.exec(select(Unit).where(Unit.code == "xa-quang-phong")).one()
        c = s.exec(select(Claim).where(Claim.unit_id == unit.id,
                                       Claim.criterion_id == crit.id)).one()
        # the reviewer confirms the screenshot's figure instead: 1741/1812 = 96.1 %
        decide(s, actor="thamdinh1", action="override", claim_id=c.id, value=1741 / 1812)
        f = s.exec(select(Finding).where(Finding.code == "SIG_ORDER_WRONG")).one()
        decide(s, actor="thamdinh1", action="accept", finding_id=f.id)
        s.commit()
    confirm_claims(sqlite_ctx)
    after = by_unit(score_campaign(sqlite_ctx))["xa-quang-phong"]
    assert before.verified == 10 and before.previous is None
    assert after.previous == 10  # the nightly summary shows the change: +7
    assert after.verified == D(10) + 4 + 3  # ho-so-dung-han over 95 %: 4; org docs: 3
    assert after.rank == "A" and after.position == 1


def test_a_campaign_without_a_scoring_set_scores_nothing(sqlite_ctx: RunContext) -> None:
    sqlite_ctx.criteria_set = None
    assert score_campaign(sqlite_ctx) == []


def test_a_campaign_takes_a_luoi_criteria_and_refuses_them_as_scores(
        sample_copy: Path, tmp_path: Path) -> None:
    camp = sample_copy / "campaign.toml"
    text = camp.read_text(encoding="utf-8")
    camp.write_text(text.replace("[scoring]", 'criteria_from = "a-luoi-1784"\n\n[scoring]'),
                    encoding="utf-8")
    ctx = ctx_for(sample_copy, f"sqlite:///{tmp_path / 'a.db'}", tmp_path)
    codes = [c.code for c in ctx.cfg.criteria]
    assert len(codes) == 176 + 6 and "2.II.8" in codes and "ky-so-to-chuc" in codes
    imported = ctx.cfg.criterion("2.II.8")
    assert imported is not None and imported.evidence.numerator == "outgoing_signed_org"
    assert imported.evidence.required is False
    ctx.engine.dispose()
    camp.write_text(text.replace('set = "scoring.toml"', 'set = "a-luoi-1784"'),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="gives no points"):
        ctx_for(sample_copy, f"sqlite:///{tmp_path / 'b.db'}", tmp_path)


def test_claimed_figures_stay_exact_decimals_from_sheet_to_stored_score(
        sample_copy: Path, sqlite_ctx: RunContext) -> None:
    """«12,3» (a percentage: a float would make it 0.12300000000000001) and 3/7 keep their
    exact decimal values in the claim, and the stored score is what the pure rules give
    for the sheet's own Decimals."""
    from scoring.unit_scores import ClaimInput, score_criterion
    from storage.claims_sheet import read_claims_csv
    from storage.decimal_column import SCALE

    sheet = sample_copy / "claims.csv"
    text = sheet.read_text(encoding="utf-8")
    text = text.replace("ubnd-huyen,ty-le-ky-so,,363,486,", "ubnd-huyen,ty-le-ky-so,,3,7,")
    text = text.replace("ubnd-huyen,ho-so-dung-han,,978,1.048,",
                        'ubnd-huyen,ho-so-dung-han,"12,3",,,')
    sheet.write_text(text, encoding="utf-8")
    rows = {r.criterion: r for r in read_claims_csv(text).claims if r.unit == "ubnd-huyen"}
    assert rows["ho-so-dung-han"].value == D("12.3")
    run_all(sqlite_ctx)
    scores = by_unit(score_campaign(sqlite_ctx))["ubnd-huyen"]
    cset = sqlite_ctx.criteria_set
    assert cset is not None
    with Session(sqlite_ctx.engine) as s:
        uid = s.exec(select(Unit.id).where(Unit.code == "ubnd-huyen")).one()
        claims = {s.exec(select(Criterion.code).where(Criterion.id == c.criterion_id)).one(): c
                  for c in s.exec(select(Claim).where(Claim.unit_id == uid))}
        stored = {r.criterion_code: r for r in s.exec(select(Score).where(Score.unit_id == uid))}
    ratio, pct = claims["ty-le-ky-so"], claims["ho-so-dung-han"]
    assert (str(ratio.numerator), str(ratio.denominator), ratio.value) == ("3", "7", None)
    assert str(pct.value) == "12.3" and isinstance(pct.value, D)
    for code in ("ty-le-ky-so", "ho-so-dung-han"):
        row = rows[code]
        scored = next(c for c in cset.criteria if c.code == code)
        pure = score_criterion(scored, ClaimInput("claimed", row.value, row.numerator,
                                                  row.denominator), ()).claimed
        assert pure is not None
        assert stored[code].claimed_points == pure.quantize(D(1).scaleb(-SCALE))
    assert isinstance(stored["total"].claimed_points, D)
    assert stored["total"].claimed_points == scores.claimed
    assert stored["total"].verified_points == scores.verified
