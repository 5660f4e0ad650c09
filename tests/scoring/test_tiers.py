from decimal import Decimal as D

from scoring.tiers import load_tiers, tier_for

OFFICE_MAX = {"chuyen-doi": D(5), "giao-dich": D(20), "tuong-tac": D(35), "hien-dien": D(40),
              "ha-tang": D(30), "nhan-luc": D(12), "moi-truong": D(8)}


def groups(**points: str) -> dict[str, tuple[D, D]]:
    return {g: (D(points.get(g.replace("-", "_"), str(m))), m) for g, m in OFFICE_MAX.items()}


def test_full_marks_is_level_one() -> None:
    assert tier_for(load_tiers()["office"], groups()).tier == "Mức I"


def test_meeting_the_total_but_missing_one_group_share_lands_lower() -> None:
    # results 95.5/100 and readiness 50/50 meet Mức I's totals, but "giao dịch" has
    # 17/20 = 85 % < 90 %: Mức I is missed for that group alone -> Mức II.
    result = tier_for(load_tiers()["office"], groups(giao_dich="17", hien_dien="38.5"))
    assert result.tier == "Mức II"
    assert any("nhóm «giao-dich» đạt 17/20, dưới 90 %" in r for r in result.reasons)
    assert not any("điểm kết quả" in r for r in result.reasons)


def test_below_level_four_is_not_ranked() -> None:
    result = tier_for(load_tiers()["office"], groups(tuong_tac="20"))
    assert result.tier is None and "không xếp hạng" in result.reasons[-1]
    assert any("điểm kết quả 85 < 90" in r for r in result.reasons)  # «85», not «85,00»


def test_commune_table() -> None:
    maxima = {"chuyen-doi": D(5), "giao-dich": D(10), "tuong-tac": D(18), "hien-dien": D(27),
              "ha-tang": D(15), "nhan-luc": D(9), "moi-truong": D(6)}
    full = {g: (m, m) for g, m in maxima.items()}
    assert tier_for(load_tiers()["commune"], full).tier == "Mức I"
    low = {**full, "ha-tang": (D(10), D(15))}  # readiness 25/30 and 66.7 % of ha-tang
    assert tier_for(load_tiers()["commune"], low).tier is None
