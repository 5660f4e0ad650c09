"""Reporting periods and a document's own date, from rows of the layout model."""

from __future__ import annotations

from datetime import date

import pytest
from PIL import Image, ImageDraw, ImageOps

from kiemchung.core.text import fold
from tests.verifiers.test_layout import page
from verifiers.extract.facts import TextLine, Token, extract
from verifiers.extract.periods import confirm_roman_quarters, count_strokes, row_periods
from verifiers.ocr.images import Prepared
from verifiers.results import REVIEW_CERTAINTY


@pytest.mark.parametrize(("text", "period"), [
    ("Từ ngày (01/10/2018 | Đến ngày [30/09/2019 ]", (date(2018, 10, 1), date(2019, 9, 30))),
    ("Thời gian: 01/11/2022 - 31/10/2023", (date(2022, 11, 1), date(2023, 10, 31))),
    ("Ngày bắt đầu 01/11/2020 Ngày kết thúc 31/10/2021", (date(2020, 11, 1),
                                                          date(2021, 10, 31))),
    ("Kỳ thống kê: 01/10/2018 - 01/10/2019", (date(2018, 10, 1), date(2019, 10, 1))),
    ("Kỳ báo cáo: Quý III/2019", (date(2019, 7, 1), date(2019, 9, 30))),
    ("Kỳ báo cáo: Năm 2019", (date(2019, 1, 1), date(2019, 12, 31))),
    ("Từ tháng 10/2019 – tháng 9/2020", (date(2019, 10, 1), date(2020, 9, 30))),
    ("Báo cáo 6 tháng đầu năm 2020", (date(2020, 1, 1), date(2020, 6, 30))),
    # an arrow whose head OCR read apart from its shaft
    ("Thời gian thống kê 01/10/2017 -¬ 30/09/2018", (date(2017, 10, 1), date(2018, 9, 30))),
    ("Thời gian: 01/10/2017 -> 30/09/2018", (date(2017, 10, 1), date(2018, 9, 30))),
])
def test_period_forms(text: str, period: tuple[date, date]) -> None:
    found = [p for p, cert, _how in row_periods(fold(text)) if cert > 0]
    assert found == [period], text


@pytest.mark.parametrize("text", [
    "Hôm nay: 04/11/2022 13:39", "Đăng nhập lúc 17/10/2021 09:19", "Ngày ban hành 01/10/2022",
    "Điều 3. Thời gian thực hiện: từ ngày 15/3/2019 đến ngày 31/12/2019.",
])
def test_lone_dates_and_contract_terms_are_no_period(text: str) -> None:
    assert row_periods(fold(text)) == []


def test_two_periods_on_a_page_are_flagged() -> None:
    lines = page([(100, [(40, "Kỳ thống kê: 01/10/2018 - 01/10/2019")]),
                  (140, [(40, "Số liệu từ ngày 01/10/2017 đến ngày 01/10/2018")])])
    ex = extract(lines)
    f = {x.name: x for x in ex.facts}
    assert f["period_start"].needs_review and f["period_end"].needs_review
    assert any(n.code == "FACT_AMBIGUOUS" for n in ex.notes)


def test_an_unreadable_second_period_makes_the_first_doubtful() -> None:
    lines = page([(100, [(40, "Kỳ thống kê: 01/10/2018 - 01/10/2019")]),
                  (140, [(40, "Số liệu từ ngày 01/10/2017 đến ngày 81/10/2018")])])
    f = {x.name: x for x in extract(lines).facts}
    assert f["period_start"].value == "2018-10-01" and f["period_start"].needs_review


@pytest.mark.parametrize("text", [
    "Từ ngày 01/10/2021 Đến ngày 30/09/2922", "Từ tháng 11/2018 đến tháng 10/2919",
    "Kỳ báo cáo: Quý III/2919", "Kỳ thống kê: 01/10/1921 - 30/09/2022",
])
def test_a_year_no_screen_can_show_is_a_misread_no_period(text: str) -> None:
    # dev3 seed 5858: «30/09/2022» read «30/09/2922» was given as the period's end
    assert [p for p, cert, _how in row_periods(fold(text)) if cert > 0] == []


def test_a_period_with_an_impossible_year_makes_the_other_doubtful() -> None:
    lines = page([(100, [(40, "Kỳ thống kê: 01/10/2018 - 01/10/2019")]),
                  (140, [(40, "Số liệu từ ngày 01/10/2017 đến ngày 01/10/2918")])])
    f = {x.name: x for x in extract(lines).facts}
    assert f["period_start"].value == "2018-10-01" and f["period_start"].needs_review


def test_one_clear_period_is_sure() -> None:
    lines = page([(20, [(900, "Hôm nay: 04/11/2022 13:39")]),
                  (100, [(40, "Từ ngày"), (120, "01/10/2021"), (260, "Đến ngày"),
                         (340, "01/10/2022")])])
    f = {x.name: x for x in extract(lines).facts}
    assert (f["period_start"].value, f["period_end"].value) == ("2021-10-01", "2022-10-01")
    assert not f["period_start"].needs_review


def _text(*rows: str) -> list[TextLine]:
    return [TextLine([Token(w, None, None) for w in r.split()], 1, "text_layer") for r in rows]


def test_the_documents_own_date_and_only_that() -> None:
    f = {x.name: x for x in extract(_text(
        "Căn cứ công văn số 1436/UBND-VHTT ngày 22/8/2019 của UBND huyện;",
        "Hải Hà, ngày 7 tháng 10 năm 2019")).facts}
    assert f["document_date"].value == "2019-10-07" and not f["document_date"].needs_review


def test_an_unreadable_date_line_is_flagged_with_what_could_be_read() -> None:
    f = {x.name: x for x in extract(_text(
        "Căn cứ công văn số 1436/UBND-VHTT ngày 22/8/2019 của UBND huyện;",
        "Hải Hà, ngày ... tháng 10 năm 2019")).facts}
    assert f["document_date"].value == "2019-10" and f["document_date"].needs_review


def test_a_page_header_weekday_is_no_document_date() -> None:
    assert "document_date" not in {x.name for x in extract(_text(
        "Thứ Tư, ngày 30 tháng 10 năm 2019")).facts}


Q2_2020 = (date(2020, 4, 1), date(2020, 6, 30))


@pytest.mark.parametrize(("text", "period"), [
    ("Kỳ báo cáo: Quý Il/2020", Q2_2020),      # II with its second stroke read as l
    ("Kỳ báo cáo: Quý 11/2020", Q2_2020),      # … or as two ones
    ("Kỳ báo cáo: Quý |I/2020", Q2_2020),      # … or its first as a bar
    ("Kỳ báo cáo: Quý II/2020", Q2_2020),
    ("Kỳ báo cáo: Quý lII/2018", (date(2018, 7, 1), date(2018, 9, 30))),
    ("Kỳ báo cáo: Quý HI/2021", (date(2021, 7, 1), date(2021, 9, 30))),
    ("Kỳ báo cáo: Quý H/2020", Q2_2020),       # II in a serif face, its serifs joined
    ("Kỳ báo cáo: Quý l/2021", (date(2021, 1, 1), date(2021, 3, 31))),
    ("Kỳ báo cáo: Quý lV/2021", (date(2021, 10, 1), date(2021, 12, 31))),
])
def test_roman_quarters_as_ocr_reads_them_stay_for_review(text: str,
                                                          period: tuple[date, date]) -> None:
    found = row_periods(fold(text))
    assert [p for p, _c, _h in found] == [period], text
    # a stroke dropped or added reads another quarter without OCR doubting it
    assert all(c < REVIEW_CERTAINTY for _p, c, _h in found), text


def test_arabic_quarters_and_roman_iv_are_sure() -> None:
    for text, period in (("Kỳ báo cáo: Quý 2/2020", Q2_2020),
                         ("Kỳ báo cáo: Quý 2 năm 2020", Q2_2020),
                         ("Kỳ báo cáo: Quý IV/2021", (date(2021, 10, 1), date(2021, 12, 31)))):
        assert row_periods(fold(text)) == [(period, 1.0, "quarter")], text


@pytest.mark.parametrize("text", ["Kỳ báo cáo: Quý V/2020", "Kỳ báo cáo: Quý 12/2020",
                                  "Kỳ báo cáo: Quý [?] năm 2018"])
def test_no_quarter_is_no_period(text: str) -> None:
    assert all(c == 0 for _p, c, _h in row_periods(fold(text))), text


def test_a_month_range_with_a_garbled_end_is_no_single_month() -> None:
    found = row_periods(fold("Thời gian: tháng 10/2022 – tháng 9/2oz3 Thống kê"))
    # «2oz3»: look-alike letters turned back to digits, the range kept below review
    assert [p for p, _c, _h in found] == [(date(2022, 10, 1), date(2023, 9, 30))]
    assert all(c < REVIEW_CERTAINTY for _p, c, _h in found)
    unreadable = row_periods(fold("Thời gian: tháng 10/2022 – tháng 9/2%#3"))
    assert all(p != (date(2022, 10, 1), date(2022, 10, 31)) for p, _c, _h in unreadable)


def test_a_slash_read_as_a_letter_is_repaired_below_review() -> None:
    found = row_periods(fold("Thời gian: 01/01/2021 - 31/12I2021 Đơn vị | Tất cả"))
    assert [p for p, _c, _h in found] == [(date(2021, 1, 1), date(2021, 12, 31))]
    assert all(c < REVIEW_CERTAINTY for _p, c, _h in found)


def test_a_misread_period_label_still_names_its_month() -> None:
    # «Kỳ thống kê» with «Kỳ» read as «I8»
    assert [p for p, c, _h in row_periods(fold("I8 thống kê Tháng 3/2020 Đơn vị Tất cả"))
            if c > 0] == [(date(2020, 3, 1), date(2020, 3, 31))]


def test_the_dates_own_confidence_not_a_misread_labels() -> None:
    lines = page([(100, [(40, "I8 thống kê"), (160, "Tháng 3/2020")])])
    lines[0].tokens[0].conf = 8.0  # «I8»: a digit OCR doubted, in no date
    lines = [TextLine(ln.tokens, 1, "ocr") for ln in lines]
    f = {x.name: x for x in extract(lines).facts}
    assert (f["period_start"].value, f["period_end"].value) == ("2020-03-01", "2020-03-31")
    assert not f["period_start"].needs_review
    lines[1].tokens[1].conf = 40.0  # the date itself doubted: for review
    f = {x.name: x for x in extract([TextLine(ln.tokens, 1, "ocr") for ln in lines]).facts}
    assert f["period_start"].needs_review


def test_a_filters_year_is_the_period() -> None:
    f = {x.name: x for x in extract(page([(100, [(40, "Năm 2020"), (200, "Đơn vị Tất cả")])]
                                         )).facts}
    assert (f["period_start"].value, f["period_end"].value) == ("2020-01-01", "2020-12-31")
    assert not f["period_start"].needs_review


def test_todays_date_in_a_menu_row_is_no_document_date() -> None:
    rows = page([(40, [(20, "Trang chủ Văn bản Hồ sơ Báo cáo"),
                       (900, "Thứ Sáu, ngày 1 tháng 2 năm 2019")])])
    assert "document_date" not in {x.name for x in extract(rows).facts}
    assert "document_date" not in {x.name for x in extract(_text(
        "Trangchủ Vănbản Hồsơ Báo cáo Thứ Sáu, ngày 1 tháng 2 năm 2019")).facts}


def test_the_place_line_beside_the_number_line() -> None:
    rows = page([(60, [(40, "Số: 125/UBND-VP"), (600, "Hải Hà, ngày 7 tháng 10 năm 2019")])])
    f = {x.name: x for x in extract(rows).facts}
    assert f["document_date"].value == "2019-10-07" and not f["document_date"].needs_review


def test_an_unreadable_place_line_is_not_replaced_by_a_date_heading_above_it() -> None:
    f = {x.name: x for x in extract(_text(
        "Ngày 22/8/2019 UBND huyện ban hành",
        "Hải Hà, ngày .. tháng .. năm 2019")).facts}
    assert f["document_date"].value == "2019" and f["document_date"].needs_review


def _numeral(strokes: int, gap: int = 6, stem: int = 3, slash: bool = True,
             serifs: bool = False) -> Image.Image:
    """A roman numeral drawn as bars (and its «/»), 30 px high, dark on white."""
    img = Image.new("L", (20 + strokes * (stem + gap) + 30, 40), 255)
    d = ImageDraw.Draw(img)
    x = 10
    for _ in range(strokes):
        d.rectangle((x, 5, x + stem - 1, 34), fill=20)
        if serifs:
            d.rectangle((x - 2, 5, x + stem + 1, 7), fill=20)
            d.rectangle((x - 2, 32, x + stem + 1, 34), fill=20)
        x += stem + gap
    if slash:
        d.line((x + 14, 5, x + 2, 34), fill=20, width=3)
    return img


@pytest.mark.parametrize("n", [1, 2, 3])
def test_strokes_are_counted_on_the_pixels(n: int) -> None:
    assert count_strokes(_numeral(n)) == n
    assert count_strokes(_numeral(n, slash=False)) == n
    assert count_strokes(_numeral(n, serifs=True)) == n


DEJAVU = "/usr/share/fonts/truetype/dejavu/"


@pytest.mark.parametrize("face", ["DejaVuSerifCondensed.ttf", "DejaVuSerif.ttf",
                                  "DejaVuSans.ttf", "DejaVuSansCondensed.ttf"])
def test_strokes_of_numerals_drawn_in_a_font_are_counted_right(face: str) -> None:
    """Small screen text scaled 3× as the page read does, PNG and JPEG: serifs that join
    two strokes, or the last stroke and the «/», and a stem's edge widened by a JPEG
    are no reason to miscount (II was counted 1 where its serif touched the «/»)."""
    import io

    from PIL import ImageFont

    for size in (12, 13, 14, 16):
        font = ImageFont.truetype(DEJAVU + face, size)
        for text, n in (("I/2019", 1), ("II/2020", 2), ("III/2021", 3)):
            img = Image.new("L", (200, 40), 255)
            d = ImageDraw.Draw(img)
            d.text((5, 8), text, font=font, fill=0)
            x0, y0, x1, y1 = d.textbbox((5, 8), text, font=font)
            for quality in (None, 60):
                shown = img
                if quality:
                    buf = io.BytesIO()
                    img.save(buf, "JPEG", quality=quality)
                    shown = Image.open(buf).convert("L")
                big = shown.resize((shown.width * 3, shown.height * 3),
                                   Image.Resampling.LANCZOS)
                crop = big.crop((x0 * 3 - 4, y0 * 3 - 1, x1 * 3 + 1, y1 * 3 + 1))
                assert count_strokes(crop) == n, (face, size, text, quality)


def test_a_crossbar_or_a_slash_ends_the_strokes() -> None:
    img = Image.new("L", (80, 40), 255)
    d = ImageDraw.Draw(img)
    d.rectangle((10, 5, 12, 34), fill=20)  # H: two stems and a crossbar at mid-height
    d.rectangle((20, 5, 22, 34), fill=20)
    d.rectangle((13, 18, 19, 20), fill=20)
    assert count_strokes(img) == 1  # never the 2 of II: OCR's «H» stays for review


def test_strokes_that_run_together_or_a_dark_background_count_nothing() -> None:
    assert count_strokes(_numeral(3, gap=0)) is None  # one wide bar: blurred III or II
    assert count_strokes(ImageOps.invert(_numeral(2))) is None
    assert count_strokes(Image.new("L", (40, 40), 255)) is None


def _quarter_page(numeral_text: str) -> tuple[list[TextLine], dict[int, Prepared]]:
    img = Image.new("L", (400, 60), 255)
    img.paste(_numeral(3), (150, 10))
    lines = [TextLine([Token("Kỳ", 95, (10, 15, 30, 45)), Token("báo", 95, (34, 15, 60, 45)),
                       Token("cáo:", 95, (64, 15, 95, 45)), Token("Quý", 95, (100, 15, 140, 45)),
                       Token(numeral_text, 95, (160, 15, 230, 45))], 1, "ocr")]
    return lines, {1: Prepared(img, 1.0, 0, False, 0.0)}


def test_a_roman_quarter_whose_strokes_the_image_confirms_is_sure() -> None:
    lines, prepared = _quarter_page("III/2020")
    facts = list(extract(lines).facts)
    assert all(f.needs_review for f in facts if f.name.startswith("period"))
    f = {x.name: x for x in confirm_roman_quarters(facts, lines, prepared)}
    assert (f["period_start"].value, f["period_end"].value) == ("2020-07-01", "2020-09-30")
    assert not f["period_start"].needs_review and not f["period_end"].needs_review
    assert "strokes" in f["period_start"].source["check"]


def test_a_stroke_ocr_dropped_keeps_the_quarter_for_review() -> None:
    lines, prepared = _quarter_page("II/2020")  # the image shows III
    f = {x.name: x for x in confirm_roman_quarters(list(extract(lines).facts), lines,
                                                    prepared)}
    assert f["period_start"].value == "2020-04-01" and f["period_start"].needs_review
    assert any("3 strokes" in d for d in f["period_start"].source["doubts"])


def test_a_stroke_left_out_of_the_word_is_still_counted() -> None:
    img = Image.new("L", (400, 60), 255)
    img.paste(_numeral(3, slash=False), (150, 10))
    # OCR's word covers two of the three strokes: «II», then «năm 2020» further right
    lines = [TextLine([Token("Kỳ", 95, (10, 15, 30, 45)), Token("báo", 95, (34, 15, 60, 45)),
                       Token("cáo:", 95, (64, 15, 95, 45)), Token("Quý", 95, (100, 15, 140, 45)),
                       Token("II", 95, (160, 15, 171, 45)), Token("năm", 95, (215, 15, 250, 45)),
                       Token("2020", 95, (256, 15, 300, 45))], 1, "ocr")]
    facts = list(extract(lines).facts)
    f = {x.name: x for x in confirm_roman_quarters(facts, lines,
                                                    {1: Prepared(img, 1.0, 0, False, 0.0)})}
    assert f["period_start"].value == "2020-04-01" and f["period_start"].needs_review
