"""Sub-unit tables and one table per year, read with the real Tesseract where pixels
are read: an STT column numbering again in each group (the row labels stand right of
it), «Tổng toàn tỉnh» as a total row, the report year's table chosen over the year
before's even when its own rows fail their check; and the rules under them."""

from __future__ import annotations

from tests.verifiers.test_layout import page
from tests.verifiers.test_shapes_tables import drawn_page, facts_read, verified
from verifiers.extract.candidates import Candidate
from verifiers.extract.concepts import is_total_label
from verifiers.extract.facts import TextLine, _choose, _own_period_notes, extract, pages_of

GROUPED = [["STT", "Đơn vị", "Hồ sơ tiếp nhận", "Hồ sơ trực tuyến"],
           ["", "Tổng toàn tỉnh", "3.100", "1.250"],
           ["I", "Khối Sở, ban, ngành", "1.000", "450"],
           ["1", "Sở Tư pháp", "400", "150"],
           ["2", "Sở Y tế", "600", "300"],
           ["II", "Khối UBND cấp huyện", "2.100", "800"],
           ["1", "UBND huyện Cam Lộ", "1.500", "600"],
           ["2", "UBND huyện Gio Linh", "600", "200"]]


def _right(x1: int, text: str) -> int:
    """Where a figure right-aligned at ``x1`` starts (``page``'s 8 px a character)."""
    return x1 - 8 * len(text)


def grouped_lines() -> list[TextLine]:
    rows = [(40, [(40, "Báo cáo hồ sơ theo cơ quan")]),
            (140, [(40, "STT"), (120, "Đơn vị"), (300, "Hồ sơ tiếp nhận"),
                   (470, "Hồ sơ trực tuyến")])]
    for k, (stt, label, a, b) in enumerate(GROUPED[1:]):
        cells = [(40, stt)] if stt else []
        rows.append((180 + 30 * k, [*cells, (120, label), (_right(420, a), a),
                                    (_right(600, b), b)]))
    return page(rows)


def test_an_stt_column_numbering_again_in_each_group_leaves_the_labels_right_of_it() -> None:
    table = pages_of(grouped_lines())[0].tables[0]
    assert table.index_col == 0
    assert table.labels[0] == "Tổng toàn tỉnh" and table.labels[2] == "Sở Tư pháp"
    f = {x.name: x for x in extract(grouped_lines()).facts}
    for name, want in (("dossiers_received", 3100), ("dossiers_online", 1250)):
        got = f[name]
        assert got.value == want and not got.needs_review
        assert "sub-total" in (got.source or {}).get("check", "")


def test_the_same_table_drawn_and_read_reports_its_total_row() -> None:
    # Tesseract leaves the lone STT digits of a drawn page unread: the rule above is
    # the word boxes'; read pixels, the table still gives its first row's totals
    png = drawn_page([("text", "Báo cáo hồ sơ theo cơ quan"),
                      ("table", (GROUPED, [70, 330, 200, 200]))])
    f = facts_read(png)
    got = f["dossiers_received"]
    assert got.value == 3100 and not got.needs_review  # type: ignore[attr-defined]


def test_a_province_or_district_wide_total_is_a_total_label() -> None:
    for text in ("Tổng toàn tỉnh", "Tổng toàn huyện", "Tổng toàn xã", "Toàn tỉnh"):
        assert is_total_label(text), text
    assert not is_total_label("Khối UBND cấp huyện")
    assert not is_total_label("Cộng khối Sở")


def _year_table(rows: list[tuple[str, str]], total: str) -> list[list[str]]:
    return [["Lĩnh vực", "Số hồ sơ nhận"], *[[a, b] for a, b in rows], ["Toàn đơn vị", total]]


def test_the_report_years_table_wins_over_the_year_befores_though_its_check_fails() -> None:
    # the year before adds up, the report year's rows do not (a row misread, here
    # drawn so): the report year's total is still the one reported, for review, and
    # the year before's failed check names no reported figure
    before = _year_table([("Hộ tịch", "1.501"), ("Đất đai", "1.694")], "3.195")
    current = _year_table([("Hộ tịch", "888"), ("Đất đai", "955")], "2.843")
    png = drawn_page([("text", "Năm báo cáo: 2022                       Xem báo cáo   Xuất Excel"),
                      ("text", "Số liệu năm 2021"),
                      ("table", (before, [380, 220])),
                      ("text", "Kết quả giải quyết hồ sơ năm 2022"),
                      ("table", (current, [380, 220]))])
    got = verified(png)["dossiers_received"]
    assert got.value == 2843 and got.needs_review  # type: ignore[attr-defined]


def _cand(value: int, certainty_penalty: float, **source: object) -> Candidate:
    return Candidate("dossiers_received", value, "", 1, None, "ocr", 0.97, 1.0, 1.0,
                     dict(source), penalty=certainty_penalty)


def test_a_figure_naming_the_pages_period_beats_another_periods_however_sure() -> None:
    other = _cand(6791, 0.5, other_period="caption", total_row=True)
    own = _cand(5384, 0.45, own_period=True, total_row=True)
    chosen, _notes = _choose([other, own])
    assert chosen["dossiers_received"].value == 5384
    # without a figure naming the page's period, the surest still wins
    plain = _cand(5384, 0.45, total_row=True)
    chosen, _notes = _choose([other, plain])
    assert chosen["dossiers_received"].value == 6791


def test_another_years_failed_check_is_dropped_only_beside_the_pages_year() -> None:
    fail = ("FACT_CROSSCHECK_FAILED", "dossiers_received: total row 3115, rows add up to 5115")
    other = ([_cand(3115, 0.5, other_period="caption")], [fail])
    own = ([_cand(5384, 1.0, own_period=True)], [])
    assert _own_period_notes([other, own]) == []
    assert _own_period_notes([other]) == [fail]  # no table for the page's period
    mixed = ([_cand(3115, 0.5, other_period="column"), _cand(3200, 1.0)], [fail])
    assert _own_period_notes([mixed, own]) == [fail]  # a table with a figure of its own
