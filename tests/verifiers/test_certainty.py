"""A fact's certainty: mild doubts do not compound, strong ones and failed checks do;
independent readings that agree or add up vouch for the digits; the page's arithmetic
is checked again after the second read; every doubt is a note a reviewer reads; a
value the page contradicts never becomes confident (no OCR: fast)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.verifiers.test_layout import page
from verifiers.extract.candidates import MILD, Candidate
from verifiers.extract.crosscheck import cross_check, recheck
from verifiers.extract.facts import _choose, extract
from verifiers.results import REVIEW_CERTAINTY


def cand(fact: str, value: int, *, ocr: float = 0.96, layout: float = 1.0,
         mapping: float = 1.0, box: tuple[float, float, float, float] | None = None,
         layout_kind: str = "tile, label below") -> Candidate:
    return Candidate(fact, value, f"{fact}: {value}", 1, box or (0.0, 0.0, 40.0, 14.0), "ocr",
                     ocr, layout, mapping, {"kind": "line", "layout": layout_kind})


@pytest.mark.parametrize(("layout", "mapping", "sure"), [
    (1.0, 1.0, True),
    (0.95, 0.9, True),   # a tile's caption completed by the page's subject
    (0.9, 0.9, True),    # a row of cards, a bare label: still one mild doubt
    (0.95, 0.85, True),
    (0.9, 0.75, False),  # an unknown word in the label: strong, multiplies
    (0.7, 1.0, False),   # one named row without a total row
    (0.45, 1.0, False),  # rows added up
])
def test_mild_doubts_do_not_compound_strong_ones_do(layout: float, mapping: float,
                                                    sure: bool) -> None:
    c = cand("dossiers_online", 580, layout=layout, mapping=mapping)
    assert (c.certainty >= REVIEW_CERTAINTY) is sure, c.certainty
    assert c.certainty <= min(layout, mapping)  # never above its worst doubt
    if min(layout, mapping) >= MILD:
        assert c.certainty == round(0.96 * min(layout, mapping), 3)


def test_low_ocr_confidence_still_counts() -> None:
    assert cand("dossiers_online", 580, ocr=0.72).certainty < REVIEW_CERTAINTY
    assert cand("dossiers_online", 580, ocr=0.72, layout=0.95, mapping=0.9).certainty < 0.7


def test_every_doubt_is_explained() -> None:
    c = cand("dossiers_late", 201, ocr=0.6, layout=0.95, mapping=0.9)
    c.source["context"] = "page's subject"
    doubts = c.report().source["doubts"]
    assert any("OCR confidence 0.60" in d for d in doubts)
    assert any("tile, label below" in d and "0.95" in d for d in doubts)
    assert any("page's subject" in d for d in doubts)
    assert "doubts" not in cand("dossiers_late", 201).report().source


def test_parts_that_add_up_vouch_for_their_digits() -> None:
    chosen = {"dossiers_resolved": cand("dossiers_resolved", 3623, ocr=0.7),
              "dossiers_on_time": cand("dossiers_on_time", 3504, ocr=0.7, mapping=0.9),
              "dossiers_late": cand("dossiers_late", 119, ocr=0.7, layout=0.95)}
    assert all(c.certainty < REVIEW_CERTAINTY for c in chosen.values())
    assert cross_check(chosen) == []
    for c in chosen.values():
        assert c.corroborated and c.certainty >= REVIEW_CERTAINTY, c
        assert c.report().source["check"] == "dossiers_on_time + dossiers_late = dossiers_resolved"


def test_parts_that_do_not_add_up_go_to_a_reviewer() -> None:
    chosen = {"dossiers_resolved": cand("dossiers_resolved", 3625),
              "dossiers_on_time": cand("dossiers_on_time", 3504),
              "dossiers_late": cand("dossiers_late", 119)}
    notes = cross_check(chosen)
    assert notes == [("FACT_CROSSCHECK_FAILED",
                      "dossiers_on_time + dossiers_late = 3623, dossiers_resolved = 3625")]
    assert all(c.certainty < REVIEW_CERTAINTY for c in chosen.values())


def test_a_part_above_its_whole_is_never_confident() -> None:
    chosen = {"email_accounts": cand("email_accounts", 603, ocr=0.97),
              "email_accounts_active": cand("email_accounts_active", 699, ocr=0.97)}
    assert cross_check(chosen)[0][0] == "FACT_CROSSCHECK_FAILED"
    assert all(c.certainty < REVIEW_CERTAINTY for c in chosen.values())


def _reports(chosen: dict[str, Candidate]) -> tuple[list, list[tuple[str, str]]]:
    notes = cross_check(chosen)
    return [c.report() for c in chosen.values()], notes


def test_recheck_lifts_a_check_the_second_read_fixed() -> None:
    facts, notes = _reports({"dossiers_resolved": cand("dossiers_resolved", 3625),
                             "dossiers_on_time": cand("dossiers_on_time", 3504, mapping=0.9),
                             "dossiers_late": cand("dossiers_late", 119, mapping=0.9)})
    assert notes and all((f.certainty or 0) < REVIEW_CERTAINTY for f in facts)
    # the digits-only second read corrects 3625 to 3623 (two reads disagree: × 0.85)
    facts[0] = replace(facts[0], value=3623, certainty=round((facts[0].certainty or 0) * 0.85,
                                                                  3))
    out, kept = recheck(facts, notes)
    assert kept == []
    for f in out:
        assert (f.certainty or 0) >= REVIEW_CERTAINTY, f
        assert not any("!=" in d for d in (f.source or {}).get("doubts", []))


def test_recheck_lowers_what_the_second_read_broke() -> None:
    facts, notes = _reports({"dossiers_received": cand("dossiers_received", 812),
                             "dossiers_online": cand("dossiers_online", 580)})
    assert notes == [] and all((f.certainty or 0) >= REVIEW_CERTAINTY for f in facts)
    facts[1] = replace(facts[1], value=5800)
    out, kept = recheck(facts, notes)
    assert kept == [("FACT_CROSSCHECK_FAILED",
                     "dossiers_online = 5800 exceeds dossiers_received = 812")]
    assert all((f.certainty or 0) < REVIEW_CERTAINTY for f in out)


def test_recheck_keeps_a_check_that_still_fails() -> None:
    facts, notes = _reports({"dossiers_received": cand("dossiers_received", 22),
                             "dossiers_online": cand("dossiers_online", 54)})
    out, kept = recheck(facts, notes)
    assert kept == notes and [f.certainty for f in out] == [f.certainty for f in facts]


def test_the_same_value_read_twice_apart_vouches_for_its_digits() -> None:
    tile = cand("dossiers_received", 7287, ocr=0.75, layout=0.95, box=(0, 0, 60, 20))
    cell = cand("dossiers_received", 7287, ocr=0.7, box=(0, 300, 60, 320), layout_kind="cell")
    chosen, notes = _choose([tile, cell])
    best = chosen["dossiers_received"]
    assert notes == [] and best.corroborated and best.certainty >= REVIEW_CERTAINTY
    # one place read twice (a cell seen as a «label: value» too) is one reading
    a = cand("dossiers_received", 7287, ocr=0.75, box=(0, 0, 60, 20))
    b = cand("dossiers_received", 7287, ocr=0.7, box=(10, 2, 50, 18))
    chosen, _n = _choose([a, b])
    assert not chosen["dossiers_received"].corroborated
    assert chosen["dossiers_received"].certainty < REVIEW_CERTAINTY


def test_corroboration_lifts_no_strong_doubt() -> None:
    summed = cand("services_total", 291, layout=0.45, box=(0, 0, 60, 20))
    sole = cand("services_total", 291, layout=0.7, box=(0, 300, 60, 320))
    chosen, _n = _choose([summed, sole])
    assert chosen["services_total"].corroborated
    assert chosen["services_total"].certainty < REVIEW_CERTAINTY


DASHBOARD = [(40, [(40, "Hệ thống thông tin giải quyết thủ tục hành chính - Thống kê hồ sơ")]),
             (120, [(60, "3.623"), (300, "3.504"), (540, "119")]),
             (150, [(40, "Đã giải quyết"), (280, "Đúng hạn"), (520, "Quá hạn")])]


def test_dashboard_tiles_whose_figures_add_up_are_confident() -> None:
    ex = extract(page(DASHBOARD, conf=92))
    facts = {f.name: f for f in ex.facts}
    assert {k: f.value for k, f in facts.items()} == {
        "dossiers_resolved": 3623, "dossiers_on_time": 3504, "dossiers_late": 119}
    for f in facts.values():
        assert (f.certainty or 0) >= REVIEW_CERTAINTY, f
        assert f.source["doubts"]  # the tile and the bare caption are still said
    assert ex.notes == ()


def test_dashboard_tiles_that_do_not_add_up_go_to_a_reviewer() -> None:
    rows = list(DASHBOARD)
    rows[1] = (120, [(60, "3.625"), (300, "3.504"), (540, "119")])
    ex = extract(page(rows, conf=97))
    assert all((f.certainty or 0) < REVIEW_CERTAINTY for f in ex.facts)
    assert [n.code for n in ex.notes] == ["FACT_CROSSCHECK_FAILED"]


def test_two_tiles_with_mild_doubts_only_are_confident() -> None:
    rows = [DASHBOARD[0], (120, [(60, "3.504"), (300, "119")]),
            (150, [(40, "Đúng hạn"), (280, "Quá hạn")])]
    facts = {f.name: f for f in extract(page(rows, conf=92)).facts}
    assert facts["dossiers_on_time"].value == 3504 and facts["dossiers_late"].value == 119
    # 0.92 OCR × 0.95 tile × 0.9 caption = 0.79 before; the larger mild doubt counts
    assert all((f.certainty or 0) >= REVIEW_CERTAINTY for f in facts.values())


def test_a_level_in_a_label_is_no_value() -> None:
    rows = [(40, [(40, "Thống kê dịch vụ công trực tuyến")]),
            (120, [(40, "DVC mức độ 3")]), (150, [(40, "DVC mức độ 4")])]
    assert extract(page(rows)).facts == ()


@pytest.mark.parametrize(("title", "sure"), [
    ("Quản trị hệ thống thư điện tử công vụ", True),
    ("Phần mềm quản lý văn bản - Thống kê văn bản đi", False),  # the users of another system
])
def test_a_partial_label_is_sure_only_on_its_own_subject(title: str, sure: bool) -> None:
    rows = [(40, [(40, title)]), (120, [(60, "1.245"), (300, "1.100")]),
            (150, [(40, "Tổng số tài khoản"), (280, "Đang hoạt động")])]
    facts = {f.name: f for f in extract(page(rows, conf=96)).facts}
    f = facts["email_accounts"]
    assert f.value == 1245 and ((f.certainty or 0) >= REVIEW_CERTAINTY) is sure, f
