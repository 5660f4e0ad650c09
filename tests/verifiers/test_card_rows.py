"""Rows of dashboard cards the layout takes for a table, read with the real Tesseract
``vie`` model on pages chromium draws: trend cards (caption over a bold figure with its
unit, a trend badge and the same period's figure of the year before under it) and
cards with an icon left of the figure and the caption under it, wrapped.

What goes wrong on them: the year before's figure («Cùng kỳ: 2.648») read under the
caption over its column as the card's figure; a badge's arrow read as a digit («4»);
the captions of the first row of cards read as the header over the second row's
figures; a bold figure's thousands separator lost, the figure cut in two («2» «494»);
a caption wrapped over its figure; a chart's legend under an axis whose zero was not
read taken for a card's caption. The rules behind each are tested on word boxes in
``test_tiles.py`` and here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import need_browser
from tests.verifiers.test_tiles import _rendered
from verifiers.extract.facts import TextLine, Token, extract, labels_without_value, pages_of
from verifiers.ocr.tiles import tiles, trend_note

TREND_CSS = """
body { margin: 0; font-family: 'Liberation Sans', sans-serif; font-size: 13px;
       background: #eef1f6; color: #1f2933; }
.main { padding: 12px 18px; }
.cards { display: grid; grid-template-columns: repeat(2, 200px); gap: 14px; }
.card { background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 12px; }
.lab { color: #444; }
.val { font-size: 1.9em; font-weight: bold; }
.unit { font-size: 0.55em; font-weight: normal; margin-left: 4px; }
.up { color: #1e8e3e; } .down { color: #c5221f; }
"""
TREND_CARDS = [("Văn bản đến số hóa", "2.700", "▲ 52,5 %", "1.771"),
               ("Tổng văn bản đến", "3.684", "▼ 20,6 %", "4.642"),
               ("VB đi có chữ ký số", "1.342", "▲ 13,9 %", "1.178"),
               ("Văn bản đi", "2.494", "▼ 5,8 %", "2.648")]
TREND_FACTS = {"incoming_digitized": 2700, "incoming_total": 3684, "outgoing_signed": 1342,
               "outgoing_total": 2494}
PREVIOUS = {1771, 4642, 1178, 2648}


def _trend_html() -> str:
    cards = "".join(
        f'<div class="card"><div class="lab">{label}</div><div class="val">{v}'
        f'<span class="unit">văn bản</span></div><div><span class="'
        f'{"up" if "▲" in b else "down"}">{b}</span> so với cùng kỳ</div>'
        f'<div>Cùng kỳ: {prev}</div></div>'
        for label, v, b, prev in TREND_CARDS)
    return (f'<html><head><meta charset="utf-8"><style>{TREND_CSS}</style></head><body>'
            '<div class="main"><h2>Thống kê văn bản</h2><div>Kỳ tổng hợp: Quý 3/2022</div><br>'
            f'<div class="cards">{cards}</div></div></body></html>')


ICON_CSS = """
body { margin: 0; font-family: 'DejaVu Serif', serif; font-size: 15px; background: #1e2128;
       color: #e1e4ea; }
.main { padding: 12px 18px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
.tile { flex: 0 0 150px; background: #2a2e38; border: 1px solid #4a505e;
        border-radius: 6px; padding: 12px; display: flex; gap: 10px; align-items: center; }
.v { font-size: 1.9em; font-weight: bold; color: #8cc4ff; }
.ic { width: 30px; height: 30px; border-radius: 50%; background: #3a4150; display: flex;
      align-items: center; justify-content: center; font-size: 1.1em; }
"""
ICON_CARDS = [("📄", "Nộp trực tuyến", "1231"), ("", "Tiếp nhận hôm nay", "60"),
              ("👥", "Trước và đúng hạn", "2309"), ("", "Trễ hạn", "112"),
              ("⏰", "HS tiếp nhận", "2759"), ("📄", "Hồ sơ đã giải quyết", "2421"),
              ("", "Đang xử lý", "338"), ("", "Tỷ lệ đúng hạn", "95,4%")]
ICON_FACTS = {"dossiers_online": 1231, "dossiers_on_time": 2309, "dossiers_late": 112,
              "dossiers_received": 2759, "dossiers_resolved": 2421}


def _icon_html() -> str:
    tiles_ = "".join(f'<div class="tile">{f"<div class=ic>{ic}</div>" if ic else ""}<div>'
                     f'<div class="v">{v}</div><div>{label}</div></div></div>'
                     for ic, label, v in ICON_CARDS)
    return (f'<html><head><meta charset="utf-8"><style>{ICON_CSS}</style></head><body>'
            '<div class="main"><h2>Bảng điều khiển</h2><div>Kỳ thống kê: Tháng 09/2020</div>'
            f'<br><div class="tiles">{tiles_}</div></div></body></html>')


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    need_browser("the cards cannot be drawn")
    from bench.screens.render import Job

    out = tmp_path_factory.mktemp("card_rows")
    return _rendered({"trend": Job(_trend_html(), out / "trend.jpg", 900, 1.25, 60),
                      "icons": Job(_icon_html(), out / "icons.jpg", 830, 1.1, 70)})


def _facts(path: Path) -> dict[str, Any]:
    from verifiers.pipeline import verify_bytes

    report = verify_bytes(path.read_bytes(), path.name)
    return {f.name: f for f in report.facts}


def test_trend_cards_never_report_the_year_before_s_figure(shots: dict[str, Path]) -> None:
    got = _facts(shots["trend"])
    for name, value in TREND_FACTS.items():
        assert name not in got or got[name].value == value or got[name].needs_review, name
    sure = {f.value for f in got.values() if not f.needs_review}
    assert not sure & PREVIOUS


def test_trend_cards_give_their_figures(shots: dict[str, Path]) -> None:
    got = _facts(shots["trend"])
    right = [n for n, v in TREND_FACTS.items() if n in got and got[n].value == v]
    assert len(right) >= 3, {n: got[n].value for n in got}


def test_cards_with_captions_under_their_figures_in_two_rows(shots: dict[str, Path]) -> None:
    got = _facts(shots["icons"])
    for name, value in ICON_FACTS.items():
        assert name in got, name
        assert got[name].value == value, name
    # the first row's captions are no header over the second row's figures
    assert not any(f.value in (338, 60) for f in got.values())


# ------------------------------------------------------------------ word boxes as read

Read = list[tuple[str, float, tuple[float, float, float, float]]]


def _read(lines: list[Read]) -> list[TextLine]:
    return [TextLine([Token(t, c, b) for t, c, b in ln], 1, "ocr") for ln in lines]


@pytest.mark.parametrize(("text", "badge"), [
    ("Cùng kỳ: 1.771", True), ("Kỳ trước: 2.648", True), ("Năm trước 512", True),
    ("Tháng trước: 90", True), ("95,4%", False), ("+3,5 %", True), ("Kỳ báo cáo", False),
    ("Cùng cấp", False)])
def test_the_figure_a_card_compares_with_is_a_trend_note(text: str, badge: bool) -> None:
    words, x = [], 40.0
    for w in text.split():
        words.append((w, 95.0, (x, 100.0, x + 7.0 * len(w), 111.0)))
        x += 7.0 * len(w) + 4
    (ln,) = [x for r in pages_of(_read([words]))[0].rows for x in r.lines]
    assert trend_note(ln) is badge


def test_a_badge_s_arrow_read_as_a_digit_is_no_card_s_figure() -> None:
    # «▲ 3,5 %» read «4» «5°“ so với cùng kỳ» under «419 hồ sơ» misread «419:a Sơ»
    lines = _read([
        [("Hồ", 97, (466, 264, 485, 277)), ("sơ", 96, (490, 267, 508, 277)),
         ("quá", 96, (513, 264, 539, 280)), ("hạn", 97, (544, 265, 569, 280))],
        [("419:a", 20, (465, 287, 539, 309)), ("Sơ", 95, (544, 297, 565, 310))],
        [("4", 65, (469, 323, 476, 331)), ("5°“", 41, (485, 320, 519, 331)),
         ("so", 91, (526, 318, 540, 336)), ("với", 97, (546, 318, 566, 336)),
         ("cùng", 97, (572, 319, 600, 334)), ("kỳ", 96, (606, 318, 622, 336))]])
    (p,) = pages_of(lines)
    assert not [t for t in tiles(p) if t.value.text == "4"]
    assert "dossiers_late" not in {f.name for f in extract(lines).facts}


def test_a_figure_cut_after_its_first_digits_is_no_card_s_figure() -> None:
    # «2.294» read «Z» «294»: the card's figure is looked for again under its caption
    cut = _read([
        [("Hồ", 97, (301, 306, 322, 319)), ("sơ", 97, (330, 309, 350, 319)),
         ("trực", 97, (358, 306, 395, 322)), ("tuyến", 97, (403, 306, 450, 322))],
        [("Z", 11, (302, 328, 320, 354)), ("294", 97, (335, 328, 396, 355)),
         ("hồ", 97, (405, 338, 427, 354)), ("sơ", 97, (436, 342, 460, 354))]])
    (p,) = pages_of(cut)
    assert not tiles(p)
    assert labels_without_value(cut, [])[0][0] == "dossiers_online"
    # a card's icon left of its caption and figure is no cut: «sạ» before «20751»
    icon = _read([
        [("sạ", 36, (887, 192, 902, 224)), ("20751", 91, (915, 194, 986, 211))],
        [("Hồ", 97, (909, 215, 925, 228)), ("sơ", 97, (929, 218, 945, 228)),
         ("đúng", 96, (950, 215, 979, 228)), ("hạn", 97, (985, 215, 1006, 228))]])
    (p,) = pages_of(icon)
    assert {t.value.text: t.label.text for t in tiles(p)} == {"20751": "Hồ sơ đúng hạn"}


def test_a_caption_wrapped_over_a_figure_the_page_read_missed_is_looked_for_whole() -> None:
    # «Tổng số HS tiếp» / «nhận» over «2.420» that OCR did not read: the figure is looked
    # for under the last line, across the caption's width
    lines = _read([
        [("Thống", 97, (250, 96, 300, 113)), ("kê", 97, (306, 96, 322, 113)),
         ("hồ", 97, (328, 96, 348, 113)), ("sơ", 97, (354, 96, 372, 113))],
        [("Tổng", 97, (472, 271, 515, 290)), ("số", 96, (523, 271, 541, 286)),
         ("HS", 96, (549, 273, 571, 286)), ("tiếp", 97, (578, 271, 610, 290))],
        [("nhận", 97, (474, 292, 515, 310))],
        [("Tiếp", 97, (680, 271, 716, 290)), ("nhận", 97, (724, 272, 766, 289)),
         ("trực", 97, (773, 273, 806, 289))],
        [("tuyến", 97, (681, 292, 729, 311))],
        [("365", 97, (682, 327, 747, 352))]])
    ((name, tl, box),) = labels_without_value(lines, list(extract(lines).facts))
    assert (name, tl.text) == ("dossiers_received", "Tổng số HS tiếp nhận")
    assert box == (472, 292, 610, 310)


def test_a_legend_under_an_axis_whose_zero_was_not_read_is_the_chart_s() -> None:
    # ticks 500 … 125 read, the 0 not: the month labels and the legend are the chart's
    ticks: list[Read] = [[(str(v), 97.0, (331.0, 571.0 + 55 * k, 353.0, 581.0 + 55 * k))]
                         for k, v in enumerate((500, 375, 250, 125))]
    lines = _read([*ticks,
                   [("T1", 96, (382, 804, 397, 814))], [("3", 52, (506, 804, 512, 814))],
                   [("T11", 92, (954, 804, 975, 814))], [("T12", 96, (1011, 804, 1034, 814))],
                   [("Văn", 97, (379, 825, 402, 835)), ("bản", 96, (407, 825, 429, 835)),
                    ("đến", 97, (434, 824, 456, 835)), ("số", 97, (461, 827, 474, 835)),
                    ("hóa", 97, (479, 825, 502, 835))]])
    (p,) = pages_of(lines)
    assert not tiles(p)
    assert not extract(lines).facts
