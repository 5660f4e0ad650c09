"""Periods as screens give them: a PDF's own text, a month's slash read as I, date words
read again alone on the image (real Tesseract)."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from verifiers.extract.facts import TextLine, Token, extract
from verifiers.extract.periods import confirm_roman_quarters
from verifiers.ocr.images import Prepared
from verifiers.results import FactReport

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _periods(facts: list[FactReport]) -> dict[str, FactReport]:
    return {f.name: f for f in facts if f.name in ("period_start", "period_end")}


def _line(words: Sequence[tuple[str, float | None]], method: str = "ocr") -> TextLine:
    tokens, x = [], 10.0
    for text, conf in words:
        w = 12.0 * len(text)
        tokens.append(Token(text, conf, (x, 10.0, x + w, 30.0)))
        x += w + 8
    return TextLine(tokens, 1, method)


def test_a_pdf_text_layer_states_a_roman_quarter_exactly() -> None:
    words: list[tuple[str, float | None]] = [("Kỳ", None), ("báo", None), ("cáo:", None),
                                             ("Quý", None), ("II/2019", None)]
    f = _periods(list(extract([_line(words, "text_layer")]).facts))
    assert (f["period_start"].value, f["period_end"].value) == ("2019-04-01", "2019-06-30")
    assert not f["period_start"].needs_review and not f["period_end"].needs_review
    # the same words read by OCR: a stroke may have been dropped (III read as II)
    ocr = _periods(list(extract([_line([(t, 95.0) for t, _c in words])]).facts))
    assert ocr["period_start"].value == "2019-04-01" and ocr["period_start"].needs_review


def test_a_months_slash_read_as_i_is_repaired_and_flagged() -> None:
    words = [("Thời", 95.0), ("gian:", 95.0), ("tháng", 95.0), ("9/2022", 95.0),
             ("tháng", 95.0), ("8I2023", 95.0), ("Đơn", 95.0), ("vị", 95.0)]
    f = _periods(list(extract([_line(words)]).facts))
    assert (f["period_start"].value, f["period_end"].value) == ("2022-09-01", "2023-08-31")
    assert f["period_start"].needs_review  # a letter read for the slash


def _screen(drawn: str, read: list[tuple[str, float]]) -> tuple[list[TextLine],
                                                                dict[int, Prepared]]:
    """The words ``drawn`` on a white strip, and the page read OCR gave of them: ``read``
    (text and confidence per drawn word, in order)."""
    font = ImageFont.truetype(FONT, 30)
    img = Image.new("L", (60 + 22 * len(drawn), 80), 255)
    d = ImageDraw.Draw(img)
    tokens, x = [], 20.0
    for word, (text, conf) in zip(drawn.split(), read, strict=True):
        box = d.textbbox((x, 20), word, font=font)
        d.text((x, 20), word, font=font, fill=30)
        tokens.append(Token(text, conf, (float(box[0]), float(box[1]), float(box[2]),
                                         float(box[3]))))
        x = box[2] + 14.0
    return [TextLine(tokens, 1, "ocr")], {1: Prepared(img, 1.0, 0, False, 0.0)}


def test_a_date_tesseract_rejected_on_the_page_is_read_again_alone() -> None:
    # a select box's chevron beside the date: the page read kept «11/2021» at confidence 0
    lines, prepared = _screen("Kỳ thống kê Tháng 11/2021", [
        ("Kỳ", 96.0), ("thống", 96.0), ("kê", 96.0), ("Tháng", 96.0), ("11/2021", 0.0)])
    facts = list(extract(lines).facts)
    assert _periods(facts)["period_start"].needs_review
    f = _periods(confirm_roman_quarters(facts, lines, prepared))
    assert (f["period_start"].value, f["period_end"].value) == ("2021-11-01", "2021-11-30")
    assert not f["period_start"].needs_review and not f["period_end"].needs_review
    assert "read again" in (f["period_start"].source or {})["check"]


def test_a_doubtful_date_read_alike_again_stays_for_review() -> None:
    # the page read doubted a glyph: reading the same pixels again errs alike
    drawn = "Từ ngày 08/01/2019 đến ngày 08/04/2019"
    lines, prepared = _screen(drawn, [(w, 96.0) for w in drawn.split()[:-1]] +
                              [("08/04/2019", 79.0)])
    f = _periods(confirm_roman_quarters(list(extract(lines).facts), lines, prepared))
    assert f["period_end"].value == "2019-04-08" and f["period_end"].needs_review


def test_a_date_read_again_as_another_period_stays_flagged_with_both() -> None:
    drawn = "Từ ngày 03/04/2018 đến ngày 03/04/2019"
    # the page read gave the end's day as 05, sure enough to pass on its own
    lines, prepared = _screen(drawn, [(w, 96.0) for w in drawn.split()[:-1]] +
                              [("05/04/2019", 85.0)])
    facts = list(extract(lines).facts)
    assert not _periods(facts)["period_end"].needs_review
    f = _periods(confirm_roman_quarters(facts, lines, prepared))
    assert f["period_end"].needs_review and f["period_start"].needs_review
    assert (f["period_end"].source or {})["alternatives"] == ["2018-04-03..2019-04-03",
                                                      "2018-04-03..2019-04-05"]


def test_a_from_to_whose_ngay_ocr_garbled_is_still_the_period() -> None:
    words = [("Từ", 93.0), ("ngäãy", 40.0), ("18/03/2018", 96.0), ("đến", 96.0),
             ("ngày", 96.0), ("18/03/2019", 96.0)]
    f = _periods(list(extract([_line(words)]).facts))
    assert (f["period_start"].value, f["period_end"].value) == ("2018-03-18", "2019-03-18")
    assert not f["period_start"].needs_review  # the dates themselves were read surely


def test_a_counted_roman_quarter_has_its_year_read_again_alone() -> None:
    # «Quý III/2020» read doubtfully: its strokes counted settle the numeral, the year
    # read alone settles the digits
    lines, prepared = _screen("Kỳ báo cáo: Quý III/2020", [
        ("Kỳ", 96.0), ("báo", 96.0), ("cáo:", 96.0), ("Quý", 96.0), ("III/2020", 63.0)])
    facts = list(extract(lines).facts)
    assert _periods(facts)["period_start"].needs_review
    f = _periods(confirm_roman_quarters(facts, lines, prepared))
    assert (f["period_start"].value, f["period_end"].value) == ("2020-07-01", "2020-09-30")
    assert not f["period_start"].needs_review
    check = (f["period_start"].source or {})["check"]
    assert "strokes counted" in check and "read again" in check


def test_a_quarter_whose_year_reads_otherwise_alone_stays_for_review() -> None:
    # the page read gave 2021 for the drawn 2020: the year read alone says otherwise
    lines, prepared = _screen("Kỳ báo cáo: Quý III/2020", [
        ("Kỳ", 96.0), ("báo", 96.0), ("cáo:", 96.0), ("Quý", 96.0), ("III/2021", 63.0)])
    f = _periods(confirm_roman_quarters(list(extract(lines).facts), lines, prepared))
    assert f["period_start"].value == "2021-07-01" and f["period_start"].needs_review
