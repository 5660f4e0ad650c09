"""Sub-unit tables and one table per year, read with the real Tesseract where pixels
are read: an STT column numbering again in each group (the row labels stand right of
it), «Tổng toàn tỉnh» as a total row, the report year's table chosen over the year
before's even when its own rows fail their check; and the rules under them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.browser import need_browser
from tests.verifiers.test_layout import page
from tests.verifiers.test_shapes_tables import FONT, drawn_page, facts_read, verified
from tests.verifiers.test_tiles import CARDS, CSS, FACTS, LIGHT
from verifiers.extract.candidates import Candidate
from verifiers.extract.concepts import is_total_label
from verifiers.extract.facts import (
    TextLine,
    Token,
    _choose,
    _own_period_notes,
    extract,
    pages_of,
)
from verifiers.extract.values import parse_value
from verifiers.ocr.read import _led_by_more, _read_cells, read_image
from verifiers.pipeline import verify_bytes

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


def test_a_filter_naming_the_year_over_a_tables_caption_is_not_its_caption() -> None:
    # the filter bar's buttons unread («Năm 2023» alone) right over the first table's
    # caption «Số liệu năm 2022»: the page's period is 2023, its table the second
    before = _year_table([("Hộ tịch", "1.501"), ("Đất đai", "1.694")], "3.195")
    current = _year_table([("Hộ tịch", "888"), ("Đất đai", "1.955")], "2.843")
    png = drawn_page([("text", "Tra cứu thống kê hồ sơ"),
                      ("text", "Năm 2023"),
                      ("text", "Số liệu năm 2022"),
                      ("table", (before, [380, 220])),
                      ("text", "Kết quả giải quyết hồ sơ năm 2023"),
                      ("table", (current, [380, 220]))])
    f = verified(png)
    got = f["dossiers_received"]
    assert got.value == 2843 and not got.needs_review  # type: ignore[attr-defined]
    assert str(f["period_end"].value) == "2023-12-31"  # type: ignore[attr-defined]
    assert not f["period_end"].needs_review  # type: ignore[attr-defined]


def test_a_title_naming_its_tables_year_stays_its_caption_and_no_period() -> None:
    # reviewer's case: no filter bar, two years' tables, the first with a two-line
    # caption naming 2021 twice; cut from the caption, the title line was read as
    # the page's period and made the 2021 table sure
    before = _year_table([("Hộ tịch", "1.501"), ("Đất đai", "1.694")], "3.195")
    current = _year_table([("Hộ tịch", "888"), ("Đất đai", "1.955")], "2.843")
    png = drawn_page([("text", "Tra cứu thống kê hồ sơ"),
                      ("text", "Bảng 1. Tổng hợp số liệu năm 2021"),
                      ("text", "Số liệu năm 2021 (đã chốt)"),
                      ("table", (before, [380, 220])),
                      ("text", "Số liệu năm 2022 (tạm tính)"),
                      ("table", (current, [380, 220]))])
    f = verified(png)
    assert f["dossiers_received"].needs_review  # type: ignore[attr-defined]
    assert all(f[n].needs_review for n in ("period_start", "period_end") if n in f)  # type: ignore[attr-defined]


def test_a_speck_read_as_a_digit_under_a_title_is_no_figure() -> None:
    def line(text: str, box: tuple[float, float, float, float]) -> TextLine:
        return TextLine([Token(text, 70.0, box)], 1, "ocr")

    title = [Token(w, 95.0, (40.0 + 60 * i, 100.0, 90.0 + 60 * i, 116.0))
             for i, w in enumerate(["Kết", "quả", "giải", "quyết", "hồ", "sơ"])]
    for tall, found in ((0.7, False), (14.0, True)):
        speck = line("3", (60.0, 130.0, 60.0 + tall / 2, 130.0 + tall))
        lines = [TextLine(title, 1, "ocr"), speck]
        got = {x.name for x in extract(lines).facts}
        assert ("dossiers_resolved" in got) is found


def test_digits_read_from_a_columns_edge_may_add_the_lost_leading_one() -> None:
    assert _led_by_more("1955", "955") and _led_by_more("1.955", "955")
    assert _led_by_more("12300", "300")
    assert not _led_by_more("1956", "955") and not _led_by_more("955", "955")
    assert not _led_by_more("123955", "955") and not _led_by_more("1", "")


def test_a_cell_read_again_from_its_columns_edge_gives_its_leading_one() -> None:
    # «1.955» whose page read kept only «955»: the cell's own box misses the «1.»,
    # the column's left edge (another cell's, the total's) takes it in
    font = ImageFont.truetype(FONT, 15)
    img = Image.new("RGB", (400, 120), "white")
    d = ImageDraw.Draw(img)
    d.text((100, 20), "12.843", font=font, fill="black")
    right = 100 + d.textlength("12.843", font=font)
    x0 = right - d.textlength("1.955", font=font)
    d.text((x0, 60), "1.955", font=font, fill="black")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    reading = read_image(buf.getvalue())
    cell = Token("955", 90.0, (right - d.textlength("955", font=font), 60.0, right, 75.0))
    plain = _read_cells(reading, 1, [cell])[0]
    wide = _read_cells(reading, 1, [cell], left=100.0)[0]
    def values(texts: list[str]) -> set[object]:
        return {parse_value(t, "count") for t in texts}
    assert 1955 not in values(plain) and 1955 in values(wide)


FILTER_CSS = """
.filter { display: flex; gap: 8px; align-items: center; padding: 6px 10px; margin-bottom: 6px;
          background: #ffffff; border: 1px solid #d5dbe3; }
.filter select { font: inherit; padding: 2px 4px; }
"""


@pytest.fixture(scope="module")
def cards_under_filter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need_browser("the cards cannot be drawn")
    from bench.screens.render import Job, RenderUnavailable, render

    cells = "".join(f'<div class="tile"><div class="ic">{ic}</div><div><div class="v">{v}'
                    f'</div><div>{label}</div></div></div>' for ic, label, v in CARDS)
    html = (f'<html><head><meta charset="utf-8"><style>{CSS % LIGHT}{FILTER_CSS}</style>'
            '</head><body><div class="main"><h2>DASHBOARD MỘT CỬA</h2>'
            '<div class="filter">Kỳ báo cáo <select><option>6 tháng đầu năm 2019</option>'
            f'</select></div><div class="tiles">{cells}</div></div></body></html>')
    out = tmp_path_factory.mktemp("units") / "cards.jpg"
    try:
        render([Job(html, out, 1152, 1.0, 90)])
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    return out


def test_cards_under_a_filter_naming_six_months_are_cards(cards_under_filter: Path) -> None:
    # «6 tháng đầu năm 2019» in the filter's select is no figure, and the filter bar
    # is no header over the cards' big figures: each card keeps its caption
    report = verify_bytes(cards_under_filter.read_bytes(), cards_under_filter.name)
    got = {f.name: f for f in report.facts}
    for name, value in FACTS.items():
        assert name in got and got[name].value == value, name
    assert str(got["period_end"].value) == "2019-06-30"


def test_a_count_of_months_stays_with_its_word() -> None:
    # «6» and «tháng» a little more than a word space apart (a select's text): one
    # phrase, as «Năm 2019»; a figure and its label further apart stay two lines
    def row(gap: float) -> list[str]:
        words = [Token("Kỳ", 95.0, (40.0, 100.0, 54.0, 112.0)),
                 Token("báo", 95.0, (59.0, 100.0, 80.0, 109.0)),
                 Token("cáo", 95.0, (85.0, 101.0, 105.0, 109.0)),
                 Token("6", 95.0, (122.0, 100.0, 128.0, 109.0)),
                 Token("tháng", 95.0, (128.0 + gap, 100.0, 162.0 + gap, 112.0))]
        return [ln.text for r in pages_of([TextLine(words, 1, "ocr")])[0].rows for ln in r.lines]
    assert "6 tháng" in " | ".join(row(4.7))
    assert row(12.0)[-1] == "tháng"
