"""Reading pages drawn in fonts the OCR path was not tuned on (light, narrow, condensed,
serif), with the real Tesseract ``vie`` model and, where the failure only shows in a
browser's rendering, Debian's chromium:

* a mark Tesseract reads off an input box's edge («.» as tall as the letters before a
  date box) is dropped, so the filter bar's label and its period stay one pair;
* a tile figure the grey digits-only read gives 0 % (a light font's thin strokes) is
  read again black-and-white;
* a period label whose own line gave no period, away from a period found surely, is
  read again on its own: another period there sends both to review;
* a page whose thin strokes are faint (a light face at 11 px, grey on a grey panel) is
  darkened against its background before Tesseract binarizes it, so its lines are read
  whole; a page in a regular face is left as drawn.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.browser import need_browser
from tests.verifiers.drawing import FONT, LIGHT, placed
from verifiers.extract.facts import TextLine, Token
from verifiers.ocr.engine import PSM, Line, Word, read_lines
from verifiers.ocr.images import Prepared, darken_faint, open_image, prepare
from verifiers.ocr.read import (
    Reading,
    _second_period,
    drop_border_marks,
    read_image,
)
from verifiers.pipeline import verify_bytes
from verifiers.results import REVIEW_CERTAINTY, FactReport

DARK_CSS = """* { box-sizing: border-box; }
body { margin: 0; font-family: 'FONT'; font-size: 14px; background: #1e2128; color: #e1e4ea;
       padding: 12px 18px; }
.filter { display: flex; align-items: center; gap: 8px; background: #2a2e38;
          border: 1px solid #4a505e; padding: 8px 10px; margin-bottom: 12px; border-radius: 4px; }
.filter select { border: 1px solid #4a505e; padding: 4px 6px; background: #1e2128;
          color: #e1e4ea; font-family: inherit; font-size: 1em; min-width: 7em; }
.filter button { background: #0b5aa6; color: #fff; border: 0; padding: 5px 12px;
                 border-radius: 3px; font-family: inherit; font-size: 1em; }
.tiles { display: flex; gap: 12px; }
.tile { flex: 1; min-width: 150px; background: #2a2e38; border: 1px solid #4a505e;
        border-radius: 6px; padding: 12px; display: flex; flex-direction: column;
        align-items: flex-start; gap: 10px; }
.tile .v { font-size: 1.9em; font-weight: bold; color: #8cc4ff; }
"""
TILES = (("7.918", "Giải quyết đúng hạn"), ("2.304", "Nộp trực tuyến"),
         ("235", "Giải quyết quá hạn"), ("441", "Đang xử lý"), ("8.153", "Đã giải quyết"),
         ("45", "Tiếp nhận hôm nay"))


def _render(html: str, out: Path, width: int, quality: int | None) -> bytes:
    need_browser("the page must be drawn by a browser")
    from bench.screens.render import Job, RenderUnavailable, render

    try:
        render([Job(html, out, width, 1.0, quality)])
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    return out.read_bytes()


def _w(text: str, x: int, top: int, bottom: int) -> Word:
    return Word(text, 90.0, (x, top, x + 10 * len(text), bottom))


FAINT_LINES = [(20, 20, "Số liệu từ ngày 01/02/2019 đến ngày 31/01/2020"),
               (20, 60, "Tổng số tài khoản: 1.639")]


def test_faint_light_face_lines_are_read_whole() -> None:
    # as drawn, Tesseract's one threshold leaves fragments («'|iỆ», «Tống số tài»)
    page = placed(FAINT_LINES, (640, 110), font_px=11, face=LIGHT, ink=(150, 150, 150),
                  paper=(240, 242, 245))
    text = " ".join(ln.text for ln in read_lines(prepare(open_image(page), "screen").image,
                                                 PSM["screen"]))
    assert "01/02/2019" in text and "31/01/2020" in text and "1.639" in text


def test_a_page_in_a_regular_face_is_left_as_drawn() -> None:
    page = placed(FAINT_LINES, (640, 110), font_px=11, face=FONT, ink=(60, 60, 60),
                  paper=(240, 242, 245))
    grey = open_image(page).convert("L")
    assert darken_faint(grey) is grey


def test_box_edge_marks_dropped_letter_high_marks_kept() -> None:
    # «Kỳ thống kê . Tháng 12/2018»: the «.» is the select box's left edge (as tall as
    # the letters: a real dot is a fraction of them); «_» the button's, twice as tall
    line = Line([_w("Kỳ", 0, 100, 111), _w("thống", 30, 100, 111), _w("kê", 90, 102, 111),
                 _w(".", 120, 96, 113), _w("Tháng", 140, 100, 110),
                 _w("12/2018", 200, 101, 110), _w("_", 290, 93, 117),
                 _w("Xuất", 310, 93, 117)])
    assert [w.text for w in drop_border_marks([line])[0].words] == \
        ["Kỳ", "thống", "kê", "Tháng", "12/2018", "Xuất"]
    # marks of the letters' own size are text (a separator, a bracket, a dot), and a
    # dash is never an edge: a range's dash may come with a tall box
    kept = Line([_w("12/01/2019", 0, 100, 111), _w("|", 110, 99, 113), _w("08:34", 130, 100, 111),
                 _w("(", 200, 99, 114), _w("-", 220, 90, 120), _w(".", 240, 108, 111)])
    assert drop_border_marks([kept])[0].words == kept.words
    # a line of marks only has nothing to measure them against
    alone = Line([_w("|", 0, 90, 130)])
    assert drop_border_marks([alone])[0].words == alone.words


def test_filter_bar_period_read_through_a_select_box_edge(tmp_path: Path) -> None:
    # DejaVu Sans Light on a dark theme, JPEG: the page read gives «Kỳ thống kê . Tháng
    # 12/2018», the «.» being the select box's edge, and the period was lost with it
    tiles = "".join(f'<div class="tile"><div class="v">{v}</div><div>{c}</div></div>'
                    for v, c in TILES)
    html = ("<html><head><meta charset='utf-8'><style>"
            + DARK_CSS.replace("FONT", "DejaVu Sans Light") + "</style></head><body>"
            "<h3>Bảng điều khiển</h3><div class='filter'><label>Kỳ thống kê</label>"
            "<select><option>Tháng 12/2018</option></select><button>Lọc dữ liệu</button>"
            f"</div><div class='tiles'>{tiles}</div></body></html>")
    data = _render(html, tmp_path / "filter.jpg", 1093, 80)
    words = [t for ln in read_image(data).lines for t in ln.tokens]
    texts = [t.text for t in words]
    assert "Tháng" in texts and "." not in texts
    got = {f.name: f for f in verify_bytes(data, "filter.jpg").facts}
    assert got["period_start"].value == "2018-12-01"
    assert got["period_end"].value == "2018-12-31"


def test_light_font_tile_figures_read_black_and_white(tmp_path: Path) -> None:
    # the dev2-fonts one-stop dashboard in DejaVu Sans Light on its dark theme (JPEG):
    # the page read garbles three tile figures and the grey digits-only read of each
    # tile gives 0 %; binarized at 40 px they read 7.918, 235 and 8.153
    need_browser("the page must be drawn by a browser")
    from bench.screens import RenderUnavailable, build
    from bench.screens.render import render

    samples, jobs = build(tmp_path, "dev2-fonts", 3, 2026, ["onestop_dashboard"])
    try:
        render([jobs[2]])
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    assert "DejaVu Sans Light" in jobs[2].html
    expected = samples[2].facts
    got = {f.name: f for f in verify_bytes(jobs[2].out.read_bytes(), "tiles").facts}
    for name in ("dossiers_on_time", "dossiers_late", "dossiers_resolved"):
        assert name in got, name
        f = got[name]
        # right, or sent to review: never a wrong figure reported sure
        assert f.value == expected[name] or f.needs_review, (name, f.value)
    assert sum(got[n].value == expected[n]
               for n in ("dossiers_on_time", "dossiers_late", "dossiers_resolved")) >= 2


def _period_page(since: str = "01/10/2018", until: str = "01/10/2019") -> bytes:
    """A filter bar «Từ ngày [01/10/2018] đến ngày [01/10/2019]» over a caption saying
    another period, drawn with PIL."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 14)
    img = Image.new("RGB", (760, 130), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.text((12, 24), "Từ ngày", font=font, fill=(30, 30, 30))
    d.rectangle((80, 16, 190, 46), outline=(150, 150, 150))
    d.text((88, 24), since, font=font, fill=(30, 30, 30))
    d.text((204, 24), "đến ngày", font=font, fill=(30, 30, 30))
    d.rectangle((280, 16, 390, 46), outline=(150, 150, 150))
    d.text((288, 24), until, font=font, fill=(30, 30, 30))
    d.text((12, 84), "Số liệu từ ngày 01/10/2017 đến ngày 01/10/2018", font=font,
           fill=(30, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _caption_period(reading: Reading) -> list[FactReport]:
    line = next(ln for ln in reading.lines if "liệu" in ln.text)
    box = line.box()
    assert box is not None
    return [FactReport(name, value, line.text, 1, box, 0.95, "ocr",
                       {"kind": "line", "text": line.text, "layout": "from-to"}, 0.95)
            for name, value in (("period_start", "2017-10-01"), ("period_end", "2018-10-01"))]


def test_second_period_behind_a_garbled_filter_line_sends_both_to_review() -> None:
    reading = read_image(_period_page())
    # the filter bar's dates as a box edge garbles them in the page read: its line gives
    # no period, so extraction saw only the caption's
    for k, ln in enumerate(reading.lines):
        if "Từ" in ln.text and "liệu" not in ln.text:
            reading.lines[k] = TextLine([Token(t.text if not t.text[:1].isdigit() else "0l/1",
                                               t.conf, t.box) for t in ln.tokens], 1, "ocr")
    facts = _second_period(reading, _caption_period(reading))
    for f in facts:
        assert f.certainty is not None and f.certainty < REVIEW_CERTAINTY
        assert (f.source or {}).get("alternatives") == ["2017-10-01..2018-10-01",
                                                        "2018-10-01..2019-10-01"]


def test_a_filter_sharing_the_found_start_with_its_end_garbled_is_a_second_period() -> None:
    # a quarter's filter over a year's caption, both from 01/10/2017: the filter's line
    # shows the found start, but not its end (garbled by the box edge): read again
    reading = read_image(_period_page("01/10/2017", "31/12/2017"))
    for k, ln in enumerate(reading.lines):
        if "Từ" in ln.text and "liệu" not in ln.text:
            reading.lines[k] = TextLine([Token("3l/1" if t.text.startswith("31") else t.text,
                                               t.conf, t.box) for t in ln.tokens], 1, "ocr")
    facts = _second_period(reading, _caption_period(reading))
    for f in facts:
        assert f.certainty is not None and f.certainty < REVIEW_CERTAINTY, f
        assert (f.source or {}).get("alternatives") == ["2017-10-01..2017-12-31",
                                                        "2017-10-01..2018-10-01"]


def test_filter_showing_the_found_period_leaves_it_sure() -> None:
    reading = read_image(_period_page())
    facts = _caption_period(reading)
    # the same filter, its line read whole as showing the caption's own bounds: nothing
    # to read again (a line showing the start alone is: its end may be garbled)
    for k, ln in enumerate(reading.lines):
        if "Từ" in ln.text and "liệu" not in ln.text:
            last = ln.tokens[-1]
            reading.lines[k] = TextLine(
                [*(Token("01/10/2017" if t.text[:1].isdigit() else t.text, t.conf, t.box)
                   for t in ln.tokens),
                 *(Token(w, last.conf, last.box) for w in ("đến", "ngày", "01/10/2018"))],
                1, "ocr")
    assert _second_period(reading, facts) == facts


def test_digits_grouped_as_no_number_are_read_again_dates_are_not() -> None:
    from verifiers.ocr.read import _reread_word

    assert _reread_word("13.2053") and _reread_word("8.0300.933")
    assert not _reread_word("24/10/2023") and not _reread_word("37/2")
    assert not _reread_word("0232.3822.xxx")


def test_two_reads_of_a_well_formed_figure_are_not_overruled_by_a_third() -> None:
    # «9.608» read alike twice, a sure third read «9.606»: contested (below review), the
    # page's text kept; only digits grouped as no number give way to a third read
    from verifiers.ocr.read import DISAGREE_CONF, _malformed, third_read

    assert _malformed("13.2053") and not _malformed("9.608") and not _malformed("96,11")
    reading, real, box, prep = _drawn("9.606")
    orig = prep.to_original(real.box)
    reading.reread[orig] = ""
    out = {(0, 0): ("9.608", 90.0)}
    third_read(prep, [(Word("9.608", 90.0, real.box), box, (0, 0), ("9.608", 95.0))], out,
               reading)
    assert out[(0, 0)][0] == "9.608"
    assert out[(0, 0)][1] <= DISAGREE_CONF


def _drawn(value: str, bold: bool = False) -> tuple[Reading, Word, tuple[int, int, int, int],
                                                   Prepared]:
    """A figure drawn with PIL and prepared as the page read would, the word the page
    read gave for it, its box in the prepared image and the prepared image."""
    from verifiers.ocr.engine import PSM, read_lines
    from verifiers.ocr.images import open_image, prepare
    from verifiers.ocr.read import _word_box

    name = "DejaVuSerifCondensed-Bold.ttf" if bold else "DejaVuSans.ttf"
    img = Image.new("RGB", (360, 60), (255, 255, 255))
    ImageDraw.Draw(img).text((40, 18), value, fill=(20, 20, 20), font=ImageFont.truetype(
        f"/usr/share/fonts/truetype/dejavu/{name}", 18 if bold else 16))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    prep = prepare(open_image(buf.getvalue()), "screen")
    real = next(w for ln in read_lines(prep.image, PSM["screen"]) for w in ln.words
                if value[:2] in w.text)
    return Reading(), real, _word_box(prep, real), prep


def test_two_reads_of_a_malformed_figure_give_way_to_a_third_that_is_a_number() -> None:
    # a big bold figure «13.203» the page read and the grey digits-only read both gave
    # as «13.2053» (a stroke taken for one more digit): the black-and-white third read's
    # number is what extraction sees, below review
    from verifiers.ocr.engine import PSM, read_lines
    from verifiers.ocr.images import open_image, prepare
    from verifiers.ocr.read import DISAGREE_CONF, _word_box, third_read

    img = Image.new("RGB", (360, 60), (255, 255, 255))
    ImageDraw.Draw(img).text((40, 18), "13.203", fill=(20, 20, 20), font=ImageFont.truetype(
        "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed-Bold.ttf", 18))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    prep = prepare(open_image(buf.getvalue()), "screen")
    real = next(w for ln in read_lines(prep.image, PSM["screen"]) for w in ln.words
                if "13" in w.text)
    page = Word("13.2053", 78.0, real.box)
    reading = Reading()
    orig = prep.to_original(real.box)
    reading.reread[orig] = ""  # the first two reads agreed
    out = {(0, 0): ("13.2053", 70.0)}
    third_read(prep, [(page, _word_box(prep, real), (0, 0), ("13.2053", 92.0))], out, reading)
    assert out[(0, 0)][0] == "13.203"
    assert out[(0, 0)][1] <= DISAGREE_CONF
    assert reading.reread[orig] == "13.2053"  # the fact will say what the page read


def test_period_labels_include_the_statistics_period_and_a_dated_time_label() -> None:
    from verifiers.ocr.read import PERIOD_LABEL

    assert PERIOD_LABEL.search("ky thong ke thang 12/2018")
    assert PERIOD_LABEL.search("thoi gian: 01/10/2019 - 01/10/2020")
    assert PERIOD_LABEL.search("thoi gian 01/10/2019")
    # a time column's header or a login line is no period label
    assert not PERIOD_LABEL.search("thoi gian")
    assert not PERIOD_LABEL.search("thoi gian dang nhap")


def test_a_garbled_time_range_is_read_again_from_its_label() -> None:
    # «Thời gian: 01/10/2019 - 01/10/2020», its dates garbled in the page read (as a
    # narrow font's on a JPEG): the label's line read again on its own gives the period
    from verifiers.ocr.read import _reread_period

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf", 14)
    img = Image.new("RGB", (640, 80), (255, 255, 255))
    ImageDraw.Draw(img).text((12, 30), "Thời gian: 01/10/2019 - 01/10/2020", font=font,
                             fill=(30, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    reading = read_image(buf.getvalue())
    for k, ln in enumerate(reading.lines):
        reading.lines[k] = TextLine([Token("0l/1O/2O19" if t.text[:1].isdigit() else t.text,
                                           t.conf, t.box) for t in ln.tokens], 1, "ocr")
    found = {f.name: f.value for f in _reread_period(reading, [])}
    assert found == {"period_start": "2019-10-01", "period_end": "2020-10-01"}


def test_a_poorly_read_label_is_no_label_to_look_beside() -> None:
    # a garbled table cell read as «BÀI)» at 31 % gave articles_published sure from the
    # figure the look-again found beside it (dev2-fonts seed 9137): no look-again there
    from verifiers.ocr.read import _poorly_read

    box = (10.0, 10.0, 60.0, 24.0)
    assert _poorly_read(TextLine([Token("BÀI)", 31.0, box)], 1, "ocr"))
    assert not _poorly_read(TextLine([Token("Tin", 91.0, box), Token("bài", 88.0, box)], 1,
                                     "ocr"))
    assert not _poorly_read(TextLine([Token("Tin", None, box)], 1, "text"))  # a text layer
