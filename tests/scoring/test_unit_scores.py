"""A unit's claimed and verified score from typed inputs (no database)."""

from decimal import Decimal as D
from pathlib import Path

from scoring.criteria_set import CRITERIA_DIR, CriteriaSet, load_criteria_set
from scoring.tiers import load_tiers
from scoring.unit_scores import ClaimInput, place_units, score_criterion, score_unit
from storage.claims_sheet import read_claims_csv

QB = load_criteria_set(CRITERIA_DIR / "quang_binh_3270.toml")


def crit(cset: CriteriaSet, code: str):  # type: ignore[no-untyped-def]
    return next(c for c in cset.criteria if c.code == code)


def test_claimed_and_verified_differ_by_confirmation() -> None:
    mail = crit(QB, "2.5.1")  # > 90 % = 3; > 70 % = 2; >= 50 % = 1
    claim = dict(numerator=D(35), denominator=D(40))
    ok = score_criterion(mail, ClaimInput("confirmed", **claim), [])
    assert (ok.claimed, ok.verified) == (2, 2) and "87,5 %" in ok.reason
    doubtful = score_criterion(mail, ClaimInput("needs_review", **claim),
                               ["OCR_LOW_CONFIDENCE: …"])
    assert (doubtful.claimed, doubtful.verified) == (2, 0)
    assert doubtful.findings == ("OCR_LOW_CONFIDENCE: …",)
    assert "chờ người thẩm định" in doubtful.reason
    wrong = score_criterion(mail, ClaimInput("contradicted", **claim), [])
    assert wrong.verified == 0 and "mâu thuẫn" in wrong.reason
    none = score_criterion(mail, None, [])
    assert none.claimed is None and none.verified == 0


def test_a_reviewer_override_replaces_the_units_figures() -> None:
    mail = crit(QB, "2.5.1")
    out = score_criterion(mail, ClaimInput("confirmed", numerator=D(35), denominator=D(40),
                                           override=D("0.95")), [])
    assert (out.claimed, out.verified, out.reason) == (2, 3, "")
    # a plain value for a ratio: a share up to 1, a percentage above
    assert score_criterion(mail, ClaimInput("confirmed", value=D("95.5")), []).verified == 3
    assert score_criterion(mail, ClaimInput("confirmed", value=D("0.6")), []).verified == 1


def test_yes_no_and_categories_from_sheet_values() -> None:
    sheet = read_claims_csv("Mã đơn vị,Mã tiêu chí,Giá trị\nu,2.4.2,Không thường xuyên\n"
                            "u,1.1,Có\nu,3.5,0\n")
    rows = {r.criterion: r for r in sheet.claims}
    assert rows["2.4.2"].category == "khong-thuong-xuyen" and rows["2.4.2"].value is None
    news = score_criterion(crit(QB, "2.4.2"),
                           ClaimInput("confirmed", category="khong-thuong-xuyen"), [])
    assert (news.verified, news.max_points) == (2, 3)
    plan = score_criterion(crit(QB, "1.1"),
                           ClaimInput("confirmed", category=rows["1.1"].category), [])
    assert plan.verified == 2
    net = score_criterion(crit(QB, "3.5"), ClaimInput("confirmed", value=rows["3.5"].value), [])
    assert net.verified == 0 and net.reason


def test_not_applicable_criteria_and_a_zero_denominator() -> None:
    online = crit(QB, "2.3.2")  # "không có TTHC … tính điểm tối đa"
    assert score_criterion(online, None, [], applicable=False).verified == 4
    zero = score_criterion(online, ClaimInput("confirmed", numerator=D(0), denominator=D(0)), [])
    assert zero.verified == 4
    computers = crit(QB, "3.2")  # no such note: a zero denominator scores nothing
    zero = score_criterion(computers, ClaimInput("confirmed", numerator=D(0), denominator=D(0)), [])
    assert zero.verified == 0 and "mẫu số bằng 0" in zero.reason


def full_claims(cset: CriteriaSet) -> dict[str, ClaimInput]:
    out = {}
    for c in cset.criteria:
        if c.rule.kind == "yes_no":
            out[c.code] = ClaimInput("confirmed", value=D(1))
        elif c.rule.kind == "categories":
            best = max(c.rule.categories, key=lambda k: c.rule.categories[k])
            out[c.code] = ClaimInput("confirmed", category=best)
        else:
            out[c.code] = ClaimInput("confirmed", numerator=D(1), denominator=D(1))
    return out


def test_a_unit_on_quang_binh_ranks_and_places() -> None:
    claims = full_claims(QB)
    top = score_unit(QB, unit="a", name="A", level="department", claims=claims, findings={})
    assert (top.claimed, top.verified, top.rank) == (100, 100, "A")
    assert [g.verified for g in top.groups] == [10, 65, 15, 10]
    # 22 points of group 2 waiting for a person: 78 verified, rank B, claimed A
    held = {k: (ClaimInput("needs_review", value=D(1)) if k in
                ("2.1.1", "2.1.2", "2.2.1", "2.2.2", "2.4.1") else v) for k, v in claims.items()}
    mid = score_unit(QB, unit="b", name="B", level="department", claims=held, findings={})
    assert (mid.claimed, mid.verified, mid.claimed_rank, mid.rank) == (100, 78, "A", "B")
    same = score_unit(QB, unit="c", name="C", level="department", claims=held, findings={})
    late = score_unit(QB, unit="d", name="D", level="department", claims=claims, findings={},
                      not_ranked="nộp muộn")
    placed = place_units([mid, late, top, same])
    assert [(u.unit, u.position) for u in placed] == [("a", 1), ("b", 2), ("c", 2), ("d", None)]
    assert placed[-1].rank is None and placed[-1].claimed_rank == "A"


def test_tiers_replace_ranks_and_a_unit_below_the_last_tier_is_not_ranked(tmp_path: Path) -> None:
    groups = {"chuyen-doi": 10, "giao-dich": 30, "tuong-tac": 30, "hien-dien": 30,
              "ha-tang": 30, "nhan-luc": 12, "moi-truong": 8}
    text = 'code = "t"\ntitle = "t"\ntotal = 150\n' + "".join(
        f'[[groups]]\ncode = "{g}"\ntitle = "{g}"\nmax = {m}\n' for g, m in groups.items()) + \
        "".join(f'[[criteria]]\ncode = "{g}.1"\ntitle = "{g}"\ngroup = "{g}"\nmax = {m}\n'
                f'rule = {{ kind = "ratio_linear", floor = "0", factor = "{m}" }}\n'
                for g, m in groups.items())
    (tmp_path / "t.toml").write_text(text, encoding="utf-8")
    cset = load_criteria_set(tmp_path / "t.toml")
    office = load_tiers()["office"]

    def unit(share: str, weak: str = "") -> dict[str, ClaimInput]:
        return {f"{g}.1": ClaimInput("confirmed", value=D("0.5") if g == weak else D(share))
                for g in groups}

    best = score_unit(cset, unit="a", name="a", level="office", claims=unit("1"), findings={},
                      tiers=office)
    assert best.rank == "Mức I"
    # 95 % everywhere but giao-dich at 50 %: totals reach Mức II, the group share does not
    weak = score_unit(cset, unit="b", name="b", level="office", claims=unit("0.95", "giao-dich"),
                      findings={}, tiers=office)
    assert weak.rank is None and "dưới Mức IV" in weak.not_ranked
    assert any("giao-dich" in r for r in weak.tier_reasons)


def test_a_luoi_is_evidence_rules_without_points() -> None:
    """Seed 002 gives no points: the set carries criteria, units and evidence only."""
    al = load_criteria_set(CRITERIA_DIR / "a_luoi_1784.toml")
    assert al.no_points and al.total == 0 and len(al.criteria) == 176
    by = {c.code: c for c in al.criteria}
    assert by["1.I.1"].responsible == "Các cơ quan, đơn vị trực thuộc UBND huyện"
    ev = by["1.I.1"].evidence or {}
    assert (ev["numerator"], ev["denominator"]) == ("computers_total", "staff_total")
    contract = by["1.I.2"]  # "Scan hợp đồng lắp đặt mạng CPNet … và hoá đơn"
    assert contract.evidence is not None and contract.evidence["kinds"][0] == "pdf_scan"
    assert "hoá đơn" in contract.evidence_note
    assert by["2.II.8"].evidence == {"kinds": ["pdf_signed", "pdf_text", "pdf_scan"],
                                     "numerator": "outgoing_signed_org",
                                     "denominator": "outgoing_total"}
