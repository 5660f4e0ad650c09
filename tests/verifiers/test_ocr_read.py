"""The pixels side of reading: numbers read twice before extraction, and how the two
reads' agreement or disagreement moves the words' confidence (real Tesseract)."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from verifiers.extract.facts import extract_facts
from verifiers.ocr import read as read_mod
from verifiers.ocr.read import (
    AGREE_CAP,
    DISAGREE_CONF,
    agreed_confidence,
    calibrated,
    read_image,
    second_pass,
)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _screen(rows: list[tuple[str, str]], dark: bool = False) -> bytes:
    font = ImageFont.truetype(FONT, 15)
    bg, ink = ((30, 32, 40), (225, 225, 225)) if dark else ((255, 255, 255), (20, 20, 20))
    img = Image.new("RGB", (520, 40 + 34 * len(rows)), bg)
    d = ImageDraw.Draw(img)
    for i, (label, value) in enumerate(rows):
        d.text((20, 20 + 34 * i), label, font=font, fill=ink)
        d.text((360, 20 + 34 * i), value, font=font, fill=ink)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


ROWS = [("Tổng số văn bản đi:", "1.245"), ("Văn bản đi ký số:", "1.016")]


@pytest.mark.parametrize(("first", "second"), [(70.0, 95.0), (96.0, 96.0), (30.0, 40.0),
                                               (99.0, 50.0), (80.3, 93.0)])
def test_agreement_raises_confidence_within_bounds(first: float, second: float) -> None:
    c = agreed_confidence(first, second)
    assert c >= calibrated(first)
    assert c <= max(AGREE_CAP, calibrated(first))
    # a surer second read can only help
    assert agreed_confidence(first, min(99.0, second + 5)) >= c


def test_calibration_lowers_only_unsure_reads() -> None:
    assert calibrated(97.0) == 97.0
    assert calibrated(90.0) < 90.0
    assert calibrated(70.0) < calibrated(80.0) < calibrated(90.0)


@pytest.mark.parametrize(("first", "second"), [(30.0, 40.0), (80.3, 93.0), (75.0, 99.0)])
def test_weak_reads_that_agree_stay_below_review(first: float, second: float) -> None:
    # a small bold 893 in a JPEG was read 895 at 80 by both reads: agreement of two
    # reads of the same pixels is no proof
    assert agreed_confidence(first, second) < 80.0


def test_sure_reads_that_agree_get_surer() -> None:
    assert agreed_confidence(96.0, 96.0) > 96.0


def test_numbers_are_read_twice_before_extraction() -> None:
    reading = read_image(_screen(ROWS))
    numbers = [t for ln in reading.lines for t in ln.tokens if t.text in ("1.245", "1.016")]
    assert len(numbers) == 2, [ln.text for ln in reading.lines]
    for t in numbers:
        assert t.box in reading.reread and reading.reread[t.box] == ""  # both reads agree
    facts = {f.name: f for f in extract_facts(reading.lines)}
    assert facts["outgoing_total"].value == 1245
    assert facts["outgoing_signed"].value == 1016


def test_disagreeing_second_read_flags_the_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong(crops: list[Image.Image], timeout: float | None = None
              ) -> list[tuple[str, float] | None]:
        return [("7.777", 99.0) for _c in crops]

    monkeypatch.setattr(read_mod, "read_digits", wrong)
    reading = read_image(_screen(ROWS))
    confs = [t.conf for ln in reading.lines for t in ln.tokens if t.text == "7.777"]
    assert confs and all(c is not None and c <= DISAGREE_CONF for c in confs)
    assert sorted(v for v in reading.reread.values() if v) == ["1.016", "1.245"]
    facts = {f.name: f for f in second_pass(extract_facts(reading.lines), reading)}
    total = facts["outgoing_total"]
    assert total.needs_review
    assert any("second read gave 1.245" in d for d in (total.source or {}).get("doubts", []))


def test_second_read_that_is_not_a_number_changes_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_mod, "read_digits",
                        lambda crops, timeout=None: [None for _c in crops])
    reading = read_image(_screen(ROWS))
    assert not reading.reread
    texts = [t.text for ln in reading.lines for t in ln.tokens]
    assert "1.245" in texts and "1.016" in texts


def test_a_second_read_tesseract_does_not_believe_is_no_evidence(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a scan's clear «22» (page read 96) read again as «2» at confidence 0 fell to 0:
    # a sure contract date went to review. Against a sure page read it is now ignored.
    monkeypatch.setattr(read_mod, "read_digits",
                        lambda crops, timeout=None: [("7", 5.0) for _c in crops])
    plain = read_image(_screen(ROWS))
    assert not plain.reread
    confs = {t.text: t.conf for ln in plain.lines for t in ln.tokens}
    assert confs["1.245"] is not None and confs["1.245"] > 60
