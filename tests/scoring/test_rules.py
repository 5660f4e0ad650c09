"""Every rule shape of the seeds against hand-worked examples, boundaries included."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.rules import Rule, Step, rank_quang_binh, score

EMAIL_3 = Rule("ratio_steps", D(3), steps=(Step(">", D("0.9"), D(3)), Step(">", D("0.7"), D(2)),
                                           Step(">=", D("0.5"), D(1))))
FULL_OR_HALF = Rule("ratio_steps", D(5), steps=(Step(">=", D(1), D(5)),
                                                 Step(">=", D("0.5"), D(3))))
LINEAR_5 = Rule("ratio_linear", D(5), floor=D("0.5"), factor=D(5))
CAPPED_4 = Rule("ratio_capped", D(4), target=D("0.3"))


@pytest.mark.parametrize(("num", "den", "points"), [
    (91, 100, 3), (90, 100, 2),  # "> 90%": exactly 90 % is not above it
    (71, 100, 2), (70, 100, 1),  # "> 70%"
    (50, 100, 1), (49, 100, 0),  # ">= 50%": exactly 50 % counts
    (100, 100, 3), (0, 100, 0),
])
def test_ratio_steps_boundaries(num: int, den: int, points: int) -> None:
    assert score(EMAIL_3, numerator=D(num), denominator=D(den)).points == points


@pytest.mark.parametrize(("num", "den", "points"), [
    (10, 10, 5), (9, 10, 3), (5, 10, 3), (4, 10, 0)])
def test_full_or_half(num: int, den: int, points: int) -> None:
    assert score(FULL_OR_HALF, numerator=D(num), denominator=D(den)).points == points


@pytest.mark.parametrize(("num", "den", "points"), [
    (50, 100, D("2.50")), (49, 100, 0), (87, 100, D("4.35")), (100, 100, 5),
    (1190, 1245, D("4.78")),
])
def test_ratio_linear_above_a_floor(num: int, den: int, points: D) -> None:
    assert score(LINEAR_5, numerator=D(num), denominator=D(den)).points == points


@pytest.mark.parametrize(("num", "den", "points"), [
    (30, 100, 4), (45, 100, 4), (15, 100, D("2.00")), (0, 100, 0), (10, 100, D("1.33"))])
def test_ratio_capped_at_a_target(num: int, den: int, points: D) -> None:
    assert score(CAPPED_4, numerator=D(num), denominator=D(den)).points == points


def test_yes_no_and_categories() -> None:
    plan = Rule("yes_no", D(2))
    assert score(plan, yes=True).points == 2
    out = score(plan, yes=False)
    assert out.points == 0 and out.reason
    assert score(plan).points == 0  # nothing confirmed: no points, with a reason
    news = Rule("categories", D(3), categories={"thuong-xuyen": D(3),
                                                 "khong-thuong-xuyen": D(2),
                                                 "khong-cap-nhat": D(0)})
    assert score(news, category="thuong-xuyen").points == 3
    assert score(news, category="khong-thuong-xuyen").points == 2
    assert score(news, category="khac").points == 0


def test_zero_denominator_and_not_applicable() -> None:
    out = score(LINEAR_5, numerator=D(0), denominator=D(0))
    assert out.points == 0 and "mẫu số bằng 0" in out.reason
    online = Rule("ratio_capped", D(4), target=D("0.3"), not_applicable_full_marks=True)
    assert score(online, numerator=D(0), denominator=D(0)).points == 4
    assert score(online, not_applicable=True).points == 4
    assert score(LINEAR_5, not_applicable=True).points == 0


@pytest.mark.parametrize(("total", "rank"), [
    (100, "A"), (80, "A"), (D("79.99"), "B"), (65, "B"), (D("64.99"), "C"), (50, "C"),
    (D("49.99"), "D"), (0, "D")])
def test_quang_binh_ranks(total: D, rank: str) -> None:
    assert rank_quang_binh(D(total)) == rank


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_points_stay_within_zero_and_the_maximum(num: int, den: int) -> None:
    for rule in (EMAIL_3, FULL_OR_HALF, LINEAR_5, CAPPED_4):
        out = score(rule, numerator=D(num), denominator=D(den))
        assert 0 <= out.points <= rule.max_points
        assert (out.points == rule.max_points) == (out.reason == "")


def test_reasons_write_percentages_as_people_read_them() -> None:
    # «74,7 %» with its space, and a whole percentage without «,0»
    assert score(EMAIL_3, numerator=D(747), denominator=D(1000)).reason == "tỷ lệ 74,7 %"
    assert score(LINEAR_5, numerator=D(40), denominator=D(100)).reason == \
        "tỷ lệ 40 % dưới 50 %"
    assert score(CAPPED_4, numerator=D(1), denominator=D(10)).reason == "tỷ lệ 10 % dưới 30 %"
