from decimal import Decimal as D
from pathlib import Path

import pytest

from kiemchung.core.errors import ConfigError
from scoring.criteria_set import CRITERIA_DIR, load_criteria_set
from scoring.rules import rank_quang_binh, score

QB = CRITERIA_DIR / "quang_binh_3270.toml"


def test_quang_binh_totals_100_with_the_seed_group_maxima() -> None:
    s = load_criteria_set(QB)
    assert s.total == 100
    assert {g: m for g, (_t, m) in s.groups.items()} == {"1": 10, "2": 65, "3": 15, "4": 10}
    assert sum(c.rule.max_points for c in s.criteria) == 100
    assert len({c.code for c in s.criteria}) == len(s.criteria)


def test_a_hand_worked_unit_on_quang_binh() -> None:
    """Full marks everywhere except: no IT plan (1.1: -2), 2.5.1 mail accounts 35/40
    = 87.5 % (> 70 %: 2 of 3, -1), 2.1.1 internal e-documents 87 % (4.35 of 5,
    -0.65), 3.2 computers 30/40 = 75 % (>= 70 %: 2 of 3, -1), 2.3.2 online 15 %
    (2 of 4, -2). Total 100 - 6.65 = 93.35: rank A."""
    s = load_criteria_set(QB)
    total = D(0)
    for c in s.criteria:
        r = c.rule
        if c.code == "1.1":
            out = score(r, yes=False)
        elif c.code == "2.5.1":
            out = score(r, numerator=D(35), denominator=D(40))
        elif c.code == "2.1.1":
            out = score(r, numerator=D(87), denominator=D(100))
        elif c.code == "3.2":
            out = score(r, numerator=D(30), denominator=D(40))
        elif c.code == "2.3.2":
            out = score(r, numerator=D(15), denominator=D(100))
        elif r.kind == "yes_no":
            out = score(r, yes=True)
        elif r.kind == "categories":
            out = score(r, category=max(r.categories, key=lambda k: r.categories[k]))
        else:
            out = score(r, numerator=D(1), denominator=D(1))
        total += out.points
    assert total == D("93.35") and rank_quang_binh(total) == "A"


def test_an_inconsistent_set_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = QB.read_text(encoding="utf-8")
    assert 'title = "Nguồn nhân lực"\nmax = 10' in text
    bad.write_text(text.replace('title = "Nguồn nhân lực"\nmax = 10',
                                'title = "Nguồn nhân lực"\nmax = 11'), encoding="utf-8")
    with pytest.raises(ConfigError, match="adds up"):
        load_criteria_set(bad)
