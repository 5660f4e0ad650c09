"""Tiles (dashboard cards) on browser-rendered cards read with the real Tesseract
``vie`` model, and the layout rules behind them on synthetic word boxes.

The cards stand in one row with their content centred vertically (``align-items:
center``), as one-stop dashboards draw them: a card whose caption wraps over two lines
has its figure and caption a few pixels higher than its neighbours', which is what
cut one-line captions in two rows («Tiếp» / «nhận»), and figures level with their
cards' icons, which the layout took for a table with neither header nor row labels."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser import need_browser
from verifiers.extract.facts import TextLine, Token, extract, labels_without_value, pages_of
from verifiers.ocr.tiles import phrases, tiles

CSS = """
body { margin: 0; font-family: 'DejaVu Sans', sans-serif; font-size: 13px; background: %(bg)s;
       color: %(fg)s; }
.main { padding: 12px 18px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
.tile { flex: 1; min-width: 110px; background: %(panel)s; border: 1px solid %(line)s;
        border-radius: 6px; padding: 12px; display: flex; gap: 10px; align-items: center; }
.tile .v { font-size: 1.9em; font-weight: bold; color: %(main)s; }
.tile .ic { width: 30px; height: 30px; border-radius: 50%%; background: %(soft)s;
            display: flex; align-items: center; justify-content: center; font-size: 1.1em; }
"""
LIGHT = {"bg": "#f3f5f8", "fg": "#1f2933", "panel": "#ffffff", "line": "#d5dbe3",
         "main": "#0b5aa2", "soft": "#e4eef8"}
DARK = {"bg": "#1e2128", "fg": "#e1e4ea", "panel": "#2a2e38", "line": "#4a505e",
        "main": "#8cc4ff", "soft": "#3a4150"}

CARDS = [("📊", "HS đúng hạn", "3.187"), ("⚠", "Đang xử lý", "714"),
         ("⚠", "Tiếp nhận hôm nay", "49"), ("📊", "HS nộp trực tuyến", "2.042"),
         ("✔", "Hồ sơ đã giải quyết", "3.311"), ("📥", "Tiếp nhận", "4.025"),
         ("⏰", "Trễ hạn", "124")]
FACTS = {"dossiers_on_time": 3187, "dossiers_online": 2042, "dossiers_resolved": 3311,
         "dossiers_received": 4025, "dossiers_late": 124}


def _html(theme: dict[str, str], cards: list[tuple[str, str, str]]) -> str:
    cells = "".join(f'<div class="tile"><div class="ic">{ic}</div><div><div class="v">{v}'
                    f'</div><div>{label}</div></div></div>' for ic, label, v in cards)
    return (f'<html><head><meta charset="utf-8"><style>{CSS % theme}</style></head><body>'
            '<div class="main"><h2>Thống kê tổng hợp hồ sơ một cửa</h2>'
            f'<div class="tiles">{cells}</div></div></body></html>')


def _rendered(jobs: dict[str, Any]) -> dict[str, Path]:
    """The pages drawn by chromium, by name; the test skipped where chromium cannot run
    (unless KIEMCHUNG_REQUIRE_BROWSER says it must)."""
    from bench.screens.render import RenderUnavailable, render

    try:
        render(list(jobs.values()))
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    return {k: j.out for k, j in jobs.items()}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    need_browser("the cards cannot be drawn")
    from bench.screens.render import Job

    out = tmp_path_factory.mktemp("tiles")
    jobs = {"light": Job(_html(LIGHT, CARDS), out / "light.jpg", 1152, 1.0, 90),
            "dark": Job(_html(DARK, CARDS[:4] + CARDS[4:][::-1]), out / "dark.png", 1093, 1.0)}
    return _rendered(jobs)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_row_of_cards_gives_every_card_its_figure(shots: dict[str, Path], theme: str) -> None:
    from verifiers.pipeline import verify_bytes

    path = shots[theme]
    report = verify_bytes(path.read_bytes(), path.name)
    got = {f.name: f for f in report.facts}
    for name, value in FACTS.items():
        assert name in got, (name, report.ocr.text if report.ocr else "")
        assert got[name].value == value, name
    # «Tiếp nhận hôm nay» (today's count) is no dossiers_received
    assert "dossiers_received" in got and got["dossiers_received"].value != 49


# ------------------------------------------------------------------ synthetic word boxes

def _words(y: int, cells: list[tuple[int, str]], height: int = 11) -> list[TextLine]:
    """One OCR line per cell; words 7 px per character, 4 px apart."""
    out = []
    for x, text in cells:
        tokens, cx = [], float(x)
        for w in text.split():
            tokens.append(Token(w, 95.0, (cx, float(y), cx + 7.0 * len(w), float(y + height))))
            cx += 7.0 * len(w) + 4
        out.append(TextLine(tokens, 1, "ocr"))
    return out


def test_a_caption_cut_over_two_rows_is_joined_again() -> None:
    # card 1's caption wraps (two lines, higher), cards 2 and 3 have one line between:
    # the row grouping may put «Tiếp» with the first line and «nhận» with the second
    lines = [*_words(186, [(40, "3.187"), (240, "4.025"), (440, "124")], 15),
             *_words(199, [(40, "HS nộp trực")]), *_words(211, [(40, "tuyến")]),
             *_words(205, [(240, "Tiếp")]), *_words(205, [(273, "nhận")]),
             *_words(204, [(440, "Trễ")]), *_words(206, [(465, "hạn")])]
    (p,) = pages_of(lines)
    caps = {t.value.text: t.label.text for t in tiles(p)}
    assert caps == {"3.187": "HS nộp trực tuyến", "4.025": "Tiếp nhận", "124": "Trễ hạn"}
    got = {f.name: f.value for f in extract(lines).facts}
    assert got == {"dossiers_online": 3187, "dossiers_received": 4025, "dossiers_late": 124}


def test_captions_of_neighbouring_cards_stay_apart() -> None:
    lines = _words(100, [(40, "Tiếp nhận"), (120, "Trễ hạn")])
    (p,) = pages_of(lines)
    texts = sorted(ln.text for ln in phrases(p.lines(), p))
    assert texts == ["Tiếp nhận", "Trễ hạn"]  # a card's padding is no word space


def test_figures_level_with_their_icons_are_tiles_not_a_headerless_table() -> None:
    lines = [*_words(194, [(227, "5.200"), (344, "6.207"), (531, "4.986"), (679, "5.418"),
                           (948, "789")], 15),
             *_words(205, [(502, "4"), (804, "*")], 15),
             *_words(216, [(226, "Trước và đúng"), (531, "Hồ sơ trực"), (679, "Hồ sơ đã giải")]),
             *_words(222, [(344, "HS tiếp nhận"), (947, "Đang xử lý")]),
             *_words(230, [(226, "hạn"), (531, "tuyến"), (679, "quyết")])]
    got = {f.name: f.value for f in extract(lines).facts}
    assert got == {"dossiers_on_time": 5200, "dossiers_received": 6207,
                   "dossiers_online": 4986, "dossiers_resolved": 5418}


def test_a_card_row_whose_neighbours_figures_ocr_garbled_is_no_chart() -> None:
    # the other cards' figures glued to their icons («gB.6», «=HỈ»): still level with
    # this one, so the captions' row is a row of cards, not a chart's categories
    lines = [*_words(232, [(255, "gB.6"), (644, "2.269"), (1094, "=HỈ")], 18),
             *_words(258, [(289, "Số điểm cầu"), (643, "Tin bài đã đăng"),
                           (1094, "Họp trực tuyến đã tổ chức")], 14)]
    got = {f.name: f.value for f in extract(lines).facts}
    assert got.get("articles_published") == 2269


def test_a_pagination_count_is_as_sure_as_its_own_words() -> None:
    lines = [*_words(100, [(40, "STT"), (100, "Số, ký hiệu"), (400, "Trích yếu")]),
             *_words(130, [(40, "1"), (100, "672/QĐ-UBND"), (400, "Kế hoạch tổ chức")]),
             *_words(160, [(40, "Hiển thị 1 - 20 trên tổng số 245 bản ghi")])]
    # the page buttons beside it read as garbage at confidence 0
    lines.append(TextLine([Token("N::“‹", 0.0, (855.0, 156.0, 941.0, 176.0))], 1, "ocr"))
    f = {x.name: x for x in extract(lines).facts}
    assert f["list_total"].value == 245 and f["list_total"].needs_review
    assert (f["list_total"].certainty or 0) > 0.5


def test_a_partial_caption_whose_figure_ocr_garbled_is_looked_for_again() -> None:
    # «Trễ hạn» says dossiers_late only with the page's subject; its figure read «s44»
    lines = [*_words(60, [(40, "Thống kê tổng hợp hồ sơ một cửa")]),
             *_words(201, [(219, "15.638"), (751, "s44")], 17),
             *_words(232, [(218, "Hồ sơ đã giải quyết"), (750, "Trễ hạn")])]
    facts = extract(lines).facts
    assert "dossiers_late" not in {f.name for f in facts}
    assert [(name, tl.text) for name, tl, _box in labels_without_value(lines, list(facts))] \
        == [("dossiers_late", "Trễ hạn")]


def test_a_wrapped_caption_under_a_garbled_figure_is_looked_for_whole() -> None:
    # «46G» for 466 over «Giải quyết quá» / «hạn»: neither line names the fact alone
    lines = [*_words(60, [(40, "Thống kê tổng hợp hồ sơ một cửa")]),
             *_words(274, [(268, "15.338"), (1024, "46G")], 25),
             *_words(321, [(265, "Đã giải quyết"), (1024, "Giải quyết quá")], 19),
             *_words(342, [(1024, "hạn")], 17)]
    facts = extract(lines).facts
    assert "dossiers_late" not in {f.name for f in facts}
    ((name, tl, box),) = labels_without_value(lines, list(facts))
    assert (name, tl.text) == ("dossiers_late", "Giải quyết quá hạn")
    assert box[1] == 321  # the figure is looked for over the caption's first line


def _kind_cards(title: str, total: str) -> list[TextLine]:
    """A title, then cards caption above figure: a total and the three kinds of staff."""
    return [*_words(40, [(40, title)]),
            *_words(100, [(40, "Tổng số"), (300, "Cán bộ"), (560, "Công chức"),
                          (820, "Viên chức")]),
            *_words(124, [(40, total), (300, "23"), (560, "118"), (820, "589")], 20)]


def test_a_total_card_beside_every_kind_of_staff_counts_the_staff() -> None:
    lines = _kind_cards("Danh sách nhân viên", "730")  # 23 + 118 + 589
    got = {f.name: f for f in extract(lines).facts}
    assert got["staff_total"].value == 730


def test_a_total_card_its_kinds_do_not_add_up_to_is_no_staff_total() -> None:
    got = {f.name: f.value for f in extract(_kind_cards("Danh sách nhân viên", "780")).facts}
    assert "staff_total" not in got


def test_kinds_of_staff_on_a_page_about_something_else_count_no_staff() -> None:
    # mail accounts of each kind of staff: the total counts accounts
    lines = _kind_cards("Thống kê thư điện tử công vụ", "730")
    got = {f.name: f.value for f in extract(lines).facts}
    assert "staff_total" not in got


# ------------------------------------------------------------------ trend cards

TREND_CSS = """
body { margin: 0; font-family: 'DejaVu Sans', sans-serif; font-size: 14px; background: %(bg)s;
       color: %(fg)s; }
.main { padding: 12px 18px; }
.side { display: flex; gap: 16px; align-items: flex-start; }
.cards { display: grid; grid-template-columns: repeat(2, 190px); gap: 12px; }
.card { background: %(panel)s; border: 1px solid %(line)s; border-radius: 6px; padding: 10px; }
.card .lab { font-size: 0.9em; opacity: 0.85; }
.card .val { font-size: 1.9em; font-weight: bold; }
.card .unit { font-size: 0.55em; font-weight: normal; margin-left: 4px; }
.up { color: #2e9d4f; } .down { color: #d0453a; }
"""
TREND_CARDS = [("Hồ sơ đã tiếp nhận", "5.482", "▲ 8,4 %", "4.921"),
               ("Hồ sơ nộp trực tuyến", "3.106", "▼ 2,7 %", "3.192"),
               ("Hồ sơ đã giải quyết", "4.870", "▲ 11,0 %", "4.387"),
               ("Hồ sơ trễ hạn", "215", "▼ 30,2 %", "308")]
TREND_FACTS = {"dossiers_received": 5482, "dossiers_online": 3106,
               "dossiers_resolved": 4870, "dossiers_late": 215}


def _trend_html(theme: dict[str, str]) -> str:
    cards = "".join(
        f'<div class="card"><div class="lab">{label}</div><div class="val">{v}'
        f'<span class="unit">hồ sơ</span></div><div><span class="{"up" if "▲" in b else "down"}">'
        f'{b}</span> <small>so với tháng trước</small></div>'
        f'<div><small>Tháng trước: {prev}</small></div></div>'
        for label, v, b, prev in TREND_CARDS)
    bars = "".join(f'<rect x="{40 + 45 * k}" y="{170 - h}" width="30" height="{h}" '
                   f'fill="#3b7dd8"/><text x="{48 + 45 * k}" y="188">T{k + 1}</text>'
                   for k, h in enumerate([60, 120, 90, 150, 40, 100]))
    ticks = "".join(f'<text x="4" y="{174 - 40 * k}">{150 * k}</text>' for k in range(4))
    chart = (f'<div class="card"><div><b>Biểu đồ theo tháng</b></div>'
             f'<svg width="330" height="200" font-size="11" fill="currentColor">{ticks}{bars}'
             f'</svg></div>')
    return (f'<html><head><meta charset="utf-8"><style>{TREND_CSS % theme}</style></head>'
            '<body><div class="main"><h2>Tổng quan</h2><div>Tháng 5 năm 2023</div>'
            f'<div class="side"><div class="cards">{cards}</div>{chart}</div></div></body></html>')


@pytest.fixture(scope="module")
def trend_shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    need_browser("the cards cannot be drawn")
    from bench.screens.render import Job

    out = tmp_path_factory.mktemp("trend")
    jobs = {"light": Job(_trend_html(LIGHT), out / "light.jpg", 1100, 1.0, 80),
            "dark": Job(_trend_html(DARK), out / "dark.png", 1100, 1.25)}
    return _rendered(jobs)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_trend_cards_give_each_figure_without_its_unit_badge_or_previous_value(
        trend_shots: dict[str, Path], theme: str) -> None:
    from verifiers.pipeline import verify_bytes

    path = trend_shots[theme]
    report = verify_bytes(path.read_bytes(), path.name)
    got = {f.name: f for f in report.facts}
    for name, value in TREND_FACTS.items():
        assert name in got, (name, report.ocr.text if report.ocr else "")
        assert got[name].value == value, name
        assert not got[name].needs_review, name


def test_a_figure_with_its_unit_in_one_line_is_its_card_s_value() -> None:
    # «1366 văn bản»: the unit a word space after the figure, caption above, the trend
    # badge below nearer than the caption
    lines = [*_words(40, [(40, "Tổng quan")]),
             *_words(100, [(40, "Văn bản đi"), (300, "Văn bản đến")]),
             *_words(118, [(40, "1366 văn bản"), (300, "4.988 nð sơ")], 20),
             *_words(142, [(40, "▼ 22,6 % so với cùng kỳ"), (300, "▲ 62,1 % so với cùng kỳ")]),
             *_words(160, [(40, "Cùng kỳ: 1765"), (300, "Cùng kỳ: 3077")])]
    (p,) = pages_of(lines)
    caps = {t.value.text: (t.label.text, t.where) for t in tiles(p)}
    assert caps["1366"] == ("Văn bản đi", "above")
    assert caps["4.988"] == ("Văn bản đến", "above")
    got = {f.name: f.value for f in extract(lines).facts}
    assert got == {"outgoing_total": 1366, "incoming_total": 4988}


def test_a_trend_badge_is_no_caption() -> None:
    # a figure alone, its badge right under it and no caption above: nothing to say
    lines = [*_words(100, [(40, "215")], 20), *_words(124, [(40, "▼ 30,2 % so với tháng trước")])]
    (p,) = pages_of(lines)
    assert not tiles(p)


def test_a_figure_its_unit_and_badge_taken_for_a_table_are_a_card() -> None:
    # «871» / «văn bản» read as two lines, the badge under them: the layout makes a
    # table of the two rows, whose only words stand right of the figures
    lines = [*_words(40, [(40, "Tổng quan")]),
             *_words(100, [(40, "VB đi có chữ ký số")]),
             *_words(118, [(40, "871")], 20), *_words(124, [(76, "văn bản")]),
             *_words(146, [(40, "Y"), (60, "14,5"), (100, "so với cùng kỳ")]),
             *_words(166, [(40, "Cùng kỳ: 1019")])]
    got = {f.name: f.value for f in extract(lines).facts}
    assert got == {"outgoing_signed": 871}


def test_a_numbered_row_label_still_names_its_row() -> None:
    # an STT cell left of the label: the label stands right of a number, yet names it
    lines = [*_words(100, [(40, "STT"), (100, "Chỉ tiêu"), (400, "Số lượng")]),
             *_words(124, [(40, "1"), (100, "Văn bản đến"), (400, "1.245")]),
             *_words(148, [(40, "2"), (100, "Văn bản đi"), (400, "702")])]
    (p,) = pages_of(lines)
    from verifiers.ocr.tiles import bare_tables

    assert p.tables and not bare_tables(p)


def test_a_table_header_is_no_caption_to_look_under() -> None:
    # «Văn bản đến» heads a column whose cells the page read lost: what stands under it
    # is a row's cell, so only the table look (to the right, above) is allowed
    lines = [*_words(100, [(40, "Đơn vị"), (300, "Văn bản đến"), (500, "Văn bản đi")]),
             *_words(124, [(40, "Phòng Nội vụ"), (300, "l2O"), (500, "86")]),
             *_words(148, [(40, "Phòng Tư pháp"), (300, "9S"), (500, "41")]),
             *_words(172, [(40, "Tổng cộng"), (300, "2l5"), (500, "127")])]
    facts = list(extract(lines).facts)
    assert "incoming_total" not in {f.name for f in facts}
    assert [name for name, _tl, _box in labels_without_value(lines, facts)] == ["incoming_total"]
    assert not labels_without_value(lines, facts, outside_tables=True)


def test_a_card_caption_over_a_garbled_figure_and_its_badge_is_looked_under() -> None:
    # the figure read as «= N» between the caption and the trend badge: the layout takes
    # the badge rows for a table, whose header the captions are
    lines = [*_words(40, [(40, "Thống kê hồ sơ một cửa")]),
             *_words(100, [(40, "Hồ sơ quá hạn"), (300, "Đã giải quyết")]),
             *_words(118, [(40, "= N"), (300, "2 668 hồ sơ")], 24),
             *_words(150, [(40, "▲"), (60, "33,3"), (100, "với cùng kỳ"), (300, "▼"),
                           (320, "20,1"), (360, "với cùng kỳ")])]
    facts = list(extract(lines).facts)
    got = {name for name, _tl, _box in labels_without_value(lines, facts, outside_tables=True)}
    assert {"dossiers_late", "dossiers_resolved"} <= got


@pytest.mark.parametrize(("text", "figure"), [
    ("1366 văn bản", "1366"), ("16.518 nð sơ", "16.518"), ("3.106 s2 ‹o", "3.106"),
    ("4.870 :¿:o", "4.870"), ("2.375", None), ("12,5 % tăng", None), ("1.245 702", None),
    ("Năm 2023", None), ("7 hồ sơ đã nộp", None)])
def test_a_card_figure_is_a_number_then_one_or_two_unit_words(text: str,
                                                              figure: str | None) -> None:
    from verifiers.ocr.tiles import card_figure

    (ln,) = [x for r in pages_of(_words(100, [(40, text)], 20))[0].rows for x in r.lines]
    got = card_figure(ln)
    assert (got.text if got else None) == figure


@pytest.mark.parametrize(("text", "badge"), [
    ("▲ 12,5 % so với cùng kỳ", True), ("Y 22,6 1s với cùng", True), ("với cùng kỳ", True),
    ("s0 với tháng trước", True), ("+3,5 %", True), ("Giảm 4 %", True),
    ("Hồ sơ trễ hạn", False), ("So sánh với kế hoạch", False), ("Tỷ lệ đúng hạn (%)", False)])
def test_a_trend_badge_says_how_the_figure_compares(text: str, badge: bool) -> None:
    from verifiers.ocr.tiles import trend_note

    (ln,) = [x for r in pages_of(_words(100, [(40, text)]))[0].rows for x in r.lines]
    assert trend_note(ln) is badge


def test_a_caption_word_whose_box_ocr_drew_into_the_next_is_joined_to_it() -> None:
    # the read of seed 7373's card: «bản» boxed over «đi ký», a stroke taken for a
    # ruling line between «ký» and «số»; cut there, «Văn bản đi ký» says another fact
    # (all outgoing documents, not the signed ones)
    caption = [("Văn", (528.7, 289.0, 551.3, 301.7)), ("bản", (555.7, 288.7, 624.3, 304.3)),
               ("đi", (580.7, 281.3, 591.3, 306.0)), ("ký", (595.0, 281.3, 607.7, 306.0)),
               ("số", (613.7, 281.3, 626.0, 306.0))]
    lines = [TextLine([Token(w, 95.0, b) for w, b in caption], 1, "ocr"),
             *_words(311, [(529, "1592 văn bản")], 23)]

    def rules(_page: int, box: tuple[float, float, float, float]) -> bool:
        return box[0] >= 607 and box[2] <= 614

    (p,) = pages_of(lines, rules)
    assert {t.value.text: t.label.text for t in tiles(p)} == {"1592": "Văn bản đi ký số"}
    assert {f.name: f.value for f in extract(lines, rules).facts} == {"outgoing_signed": 1592}
