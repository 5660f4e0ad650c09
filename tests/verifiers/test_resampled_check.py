"""The resampled check read of sure figures (``read.resampled_check``): the page read and
the grey digits-only read of the same Lanczos-scaled pixels may agree on a wrong digit
(a 6 of small narrow type in a JPEG read 8 by both, at 95 %); the word's pixels read
again bicubic-upscaled and binarized contest them (real Tesseract)."""

import io

from PIL import Image, ImageDraw, ImageFont

from verifiers.ocr.engine import PSM, read_lines
from verifiers.ocr.images import open_image, prepare
from verifiers.ocr.read import DISAGREE_CONF, Reading, resampled_check, resampled_contest
from verifiers.results import REVIEW_CERTAINTY, FactReport

REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _page(value: str) -> tuple[Reading, tuple[float, float, float, float]]:
    """A table cell's figure read by the page read; its box in original pixels, marked
    as read twice alike (as ``reread_numbers`` leaves a figure both reads agreed on)."""
    img = Image.new("RGB", (360, 60), (255, 255, 255))
    ImageDraw.Draw(img).text((40, 18), value, font=ImageFont.truetype(REGULAR, 16),
                             fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    prep = prepare(open_image(buf.getvalue()), "screen")
    found = [w for ln in read_lines(prep.image, PSM["screen"]) for w in ln.words
             if w.text == value]
    assert found, "the page read should find the figure"
    reading = Reading(prepared={1: prep})
    box = prep.to_original(found[0].box)
    reading.reread[box] = ""
    return reading, box


def _fact(value: int, box: tuple[float, float, float, float], **source: object) -> FactReport:
    return FactReport("computers_total", value, f"Số lượng / Tổng số máy tính: {value}", 1,
                      box, 0.955, "ocr", {"kind": "cell", **source}, 0.955)


def test_two_alike_reads_of_a_wrong_digit_are_contested() -> None:
    # the page shows 216; both grey reads gave 218 (the test says so): the resampled
    # reads say 216, so the fact goes to a reviewer, saying what they read
    reading, box = _page("216")
    out = resampled_check([_fact(218, box)], reading)
    assert out[0].value == 218  # the value stays: which read is right is for a person
    assert out[0].certainty is not None and out[0].certainty <= DISAGREE_CONF / 100
    assert out[0].needs_review
    assert any("216" in d for d in (out[0].source or {}).get("doubts", []))


def test_a_right_figure_stays_sure() -> None:
    reading, box = _page("216")
    out = resampled_check([_fact(216, box)], reading)
    assert out[0].certainty == 0.955 and not out[0].needs_review


def test_checked_or_doubtful_figures_are_not_read_again() -> None:
    reading, box = _page("216")
    checked = _fact(218, box, check="total = sum of rows")
    doubtful = FactReport("computers_total", 218, "", 1, box, 0.6, "ocr", {}, 0.6)
    assert resampled_check([checked, doubtful], reading) == [checked, doubtful]
    # a figure the two reads gave differently is in doubt already: not read again
    reading.reread[box] = "216"
    assert resampled_check([_fact(218, box)], reading)[0].certainty == 0.955


def test_only_sure_alike_reads_of_as_many_digits_contest() -> None:
    assert resampled_contest("218", [("216", 96.0), ("216", 89.6)]) == "216"
    assert resampled_contest("218", [("216", 96.0), ("218", 95.0)]) is None  # not alike
    assert resampled_contest("218", [("216", 96.0), ("216", 60.0)]) is None  # one unsure
    assert resampled_contest("218", [("216", 96.0), None]) is None
    assert resampled_contest("211", [("21", 90.0), ("21", 90.0)]) is None  # a lost «1»
    assert resampled_contest("1.626", [("1626", 95.0), ("1626", 95.0)]) is None
    assert REVIEW_CERTAINTY > DISAGREE_CONF / 100


def test_a_figure_with_a_glyphs_fragment_touching_its_left_is_in_doubt() -> None:
    # «56» in a light font: the page read gave the top of the 5 as «E» (4 px tall) and
    # «6» alone at 82 %; the figure may have lost a digit, so a person looks
    from verifiers.extract.facts import TextLine, Token

    reading = Reading(lines=[
        TextLine([Token("Số", 95.0, (286.0, 511.0, 300.0, 523.0)),
                  Token("tài", 95.0, (304.0, 511.0, 320.0, 523.0)),
                  Token("khoản", 95.0, (324.0, 511.0, 360.0, 523.0))], 1, "ocr"),
        TextLine([Token("E", 92.7, (1150.0, 513.0, 1154.0, 517.3)),
                  Token("6", 81.7, (1157.7, 513.0, 1164.0, 520.0))], 1, "ocr"),
    ])
    reading.prepared[1] = _page("216")[0].prepared[1]
    f = FactReport("email_accounts", 6, "6", 1, (1157.7, 513.0, 1164.0, 520.0), 0.817, "ocr",
                   {"kind": "cell"}, 0.817)
    out = resampled_check([f], reading)
    assert out[0].needs_review and "«E»" in out[0].source["doubts"][0]  # type: ignore[index]
    # a label's word at a word space left of its figure is no fragment
    label = FactReport("email_accounts", 56, "56", 1, (366.0, 511.0, 380.0, 523.0), 0.95, "ocr",
                       {"kind": "line"}, 0.95)
    assert resampled_check([label], reading)[0].certainty == 0.95


BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def test_a_figure_whose_leading_digits_went_unread_or_that_ends_in_a_separator_is_doubted(
) -> None:
    """A dark card's bold «17.645» of which the page read kept «645», and «14.» of a
    «14.747» whose rest it read «7A7»: part of a number, never a sure figure."""
    from verifiers.extract.facts import TextLine, Token

    img = Image.new("RGB", (420, 80), (255, 255, 255))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(BOLD, 26)
    d.text((40, 20), "17.645", font=font, fill=(20, 20, 20))
    d.text((260, 20), "645", font=font, fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    prep = prepare(open_image(buf.getvalue()), "screen")
    x0 = 40 + d.textlength("17.", font=font)
    _l, top, _r, bottom = d.textbbox((40, 20), "17.645", font=font)
    cut = (x0, float(top), 40 + d.textlength("17.645", font=font), float(bottom))
    whole = (260.0, float(top), 260 + d.textlength("645", font=font), float(bottom))
    sep = (150.0, 60.0, 170.0, 75.0)
    reading = Reading(prepared={1: prep}, lines=[
        TextLine([Token("645", 95.0, cut), Token("645", 95.0, whole)], 1, "ocr"),
        TextLine([Token("14.", 95.0, sep), Token("7A7", 40.0, (178.0, 60.0, 200.0, 75.0))],
                 1, "ocr")])
    facts = [_fact(645, cut), _fact(645, whole), _fact(14, sep)]
    out = resampled_check(facts, reading)
    assert out[0].needs_review and "unread ink" in out[0].source["doubts"][-1]  # type: ignore[index]
    assert not out[1].needs_review  # blank to its left: the whole figure
    assert out[2].needs_review and "separator" in out[2].source["doubts"][-1]  # type: ignore[index]
