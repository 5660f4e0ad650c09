"""Every finding code has a Vietnamese title a reviewer reads instead of the code."""

from __future__ import annotations

from kiemchung.core.codes import TITLES, FindingCode


def test_every_code_has_a_title_that_is_not_the_code() -> None:
    for code in FindingCode:
        title = code.title_vi
        assert code.info.title == title
        assert title.strip(), code
        assert title != code.value and title.upper() != title, code
        assert "_" not in title, code


def test_titles_are_distinct() -> None:
    assert len(set(TITLES.values())) == len(TITLES)
