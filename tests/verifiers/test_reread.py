"""Numbers read a third time (binarized digits) when the page read and the grey
digits-only read leave them in doubt: three reads alike raise a figure's confidence,
a third read that differs contests two reads alike, and a third read settles which
of two disagreeing reads extraction sees without taking the flag off (real Tesseract)."""

import io
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw, ImageFont

from verifiers.ocr.engine import PSM, Word, read_lines
from verifiers.ocr.images import Prepared, binarize, open_image, prepare
from verifiers.ocr.read import (
    DISAGREE_CONF,
    NUMBER_WORD,
    Reading,
    _word_box,
    read_image,
    reread_numbers,
    settle_columns,
    settle_sums,
    third_read,
)
from verifiers.results import REVIEW_CERTAINTY, FactReport

BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _tiles(value: str, size: int, quality: int) -> bytes:
    """Two dashboard cards, a big bold figure over its caption, saved as JPEG."""
    img = Image.new("RGB", (640, 200), (236, 240, 245))
    d = ImageDraw.Draw(img)
    for x, figure, caption in ((20, value, "Nộp trực tuyến"), (330, "35", "Tiếp nhận hôm nay")):
        d.rounded_rectangle((x, 20, x + 280, 170), 8, fill=(255, 255, 255))
        d.text((x + 20, 50), figure, font=ImageFont.truetype(BOLD, size), fill=(16, 110, 120))
        d.text((x + 20, 64 + size), caption, font=ImageFont.truetype(REGULAR, 15),
               fill=(40, 40, 40))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _numbers(data: bytes) -> list[tuple[str, float]]:
    reading = read_image(data)
    return [(t.text, t.conf or 0.0) for ln in reading.lines for t in ln.tokens
            if NUMBER_WORD.match(t.text)]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def test_big_bold_tile_figure_read_three_times_alike_is_sure() -> None:
    # at 34 px bold the page read (upscaled three times) gives «15.767» 7-20 %; the
    # digits-only reads at 30 px grey and 40 px black-and-white both read it at > 90 %
    data = _tiles("15.767", 34, 60)
    prep = prepare(open_image(data), "screen")
    page = [w for ln in read_lines(prep.image, PSM["screen"]) for w in ln.words
            if w.text == "15.767"]
    assert page and page[0].conf < REVIEW_CERTAINTY * 100  # the cause: the page read
    got = dict(_numbers(data))
    assert got.get("15.767", 0.0) >= 90.0, got


@pytest.mark.parametrize(("value", "size", "quality"),
                         [("15.767", 34, 80), ("8.240", 34, 60), ("8.240", 26, 80),
                          ("15.767", 30, 60)])
def test_a_figure_is_never_sure_and_wrong(value: str, size: int, quality: int) -> None:
    # «8.240» at 34 px is read «5.240» by the page read: the two digits-only reads say
    # 8.240, which extraction then sees, but below review (the reads disagreed)
    for text, conf in _numbers(_tiles(value, size, quality)):
        if _digits(text) not in ("35", _digits(value)):
            assert conf < REVIEW_CERTAINTY * 100, (text, conf)
        if conf >= REVIEW_CERTAINTY * 100:
            assert _digits(text) in ("35", _digits(value)), (text, conf)
    assert any(_digits(t) == _digits(value) for t, _c in _numbers(_tiles(value, size, quality)))


def _figure(value: str) -> tuple[Reading, Word, tuple[int, int, int, int], Prepared]:
    """A table cell's figure, prepared as the page read would, and the word the page read
    gave for it (the test says what that word was)."""
    img = Image.new("RGB", (360, 60), (255, 255, 255))
    ImageDraw.Draw(img).text((40, 18), value, font=ImageFont.truetype(REGULAR, 16),
                             fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    prep = prepare(open_image(buf.getvalue()), "screen")
    found = [w for ln in read_lines(prep.image, PSM["screen"]) for w in ln.words
             if _digits(w.text) == _digits(value)]
    assert found, "the page read should find the figure"
    return Reading(), found[0], _word_box(prep, found[0]), prep


def test_two_reads_alike_are_contested_by_a_third_that_differs() -> None:
    # the page read and the grey digits-only read both took «1726» for «1728» (as on a
    # JPEG table cell): the third read of the black-and-white pixels says 1726
    reading, real, box, prep = _figure("1726")
    wrong = Word("1728", 88.0, real.box)
    orig = prep.to_original(real.box)
    reading.reread[orig] = ""  # the first two reads agreed
    out = {(0, 0): ("1728", 87.6)}
    third_read(prep, [(wrong, box, (0, 0), ("1728", 95.0))], out, reading)
    assert out[(0, 0)][1] <= DISAGREE_CONF
    assert _digits(reading.reread[orig]) == "1726"  # the fact will say what it read


def test_two_reads_alike_and_a_sure_third_raise_confidence() -> None:
    reading, real, box, prep = _figure("1726")
    orig = prep.to_original(real.box)
    reading.reread[orig] = ""
    out = {(0, 0): (real.text, 40.0)}
    third_read(prep, [(Word(real.text, 40.0, real.box), box, (0, 0), (real.text, 95.0))],
               out, reading)
    assert out[(0, 0)][1] >= 90.0
    assert reading.reread[orig] == ""


def test_a_third_read_chooses_between_disagreeing_reads_but_keeps_the_flag() -> None:
    # page read «1728» kept, grey digits-only read «1726»: the third read agrees with the
    # digits-only read, so extraction sees 1726, still below review
    reading, real, box, prep = _figure("1726")
    orig = prep.to_original(real.box)
    page = replace(real, text="1728")
    reading.reread[orig] = "1726"  # the reading not kept
    out = {(0, 0): ("1728", DISAGREE_CONF)}
    third_read(prep, [(page, box, (0, 0), ("1726", 95.0))], out, reading)
    assert _digits(out[(0, 0)][0]) == "1726"
    assert out[(0, 0)][1] <= DISAGREE_CONF
    assert _digits(reading.reread[orig]) == "1728"


def test_a_third_read_alike_the_page_read_does_not_overrule_the_digits_read() -> None:
    # page read «1726», grey digits-only read «1728» kept: a binarized third read that
    # sides with the page read shares its errors, so nothing changes
    reading, real, box, prep = _figure("1726")
    orig = prep.to_original(real.box)
    reading.reread[orig] = real.text
    out = {(0, 0): ("1728", DISAGREE_CONF)}
    third_read(prep, [(real, box, (0, 0), ("1728", 95.0))], out, reading)
    assert out[(0, 0)] == ("1728", DISAGREE_CONF)
    assert _digits(reading.reread[orig]) == "1726"


def test_sure_figures_are_not_read_a_third_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import verifiers.ocr.read as read_mod

    reading, _real, _box, prep = _figure("1726")
    lines = read_lines(prep.image, PSM["screen"])
    calls: list[int] = []
    original = read_mod.third_read

    def counting(prep: Prepared, doubtful: list[read_mod.Doubtful],
                 out: dict[tuple[int, int], tuple[str, float]], reading: Reading) -> None:
        calls.append(len(doubtful))
        original(prep, doubtful, out, reading)

    monkeypatch.setattr(read_mod, "third_read", counting)
    confs = reread_numbers(prep, lines, 1, reading)
    assert max(c for _t, c in confs.values()) >= 95.0
    assert not calls  # a clear figure read twice surely costs no third read


def test_binarize_gives_black_on_white() -> None:
    img = Image.new("L", (80, 30), 200)
    ImageDraw.Draw(img).text((5, 5), "1726", font=ImageFont.truetype(REGULAR, 16), fill=90)
    out = binarize(img)
    hist = out.histogram()
    assert sum(hist[1:255]) == 0  # black or white, nothing between
    assert 0 < hist[0] < out.width * out.height // 2


def _column(values: list[str], total: str) -> bytes:
    font = ImageFont.truetype(REGULAR, 15)
    img = Image.new("RGB", (420, 60 + 34 * (len(values) + 1)), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for i, (label, value) in enumerate([*((f"Lĩnh vực {k + 1}", v) for k, v in
                                          enumerate(values)), ("Tổng số", total)]):
        d.text((20, 30 + 34 * i), label, font=font, fill=(20, 20, 20))
        d.text((300, 30 + 34 * i), value, font=font, fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _misread(reading: Reading, real: str, read: str) -> None:
    """As if the page read had given ``read`` for the cell ``real`` and the second read
    had agreed (the reads recorded for the cell are the wrong one only)."""
    from verifiers.extract.facts import Token

    for ln in reading.lines:
        for k, t in enumerate(ln.tokens):
            if t.text == real:
                ln.tokens[k] = Token(read, t.conf, t.box)
                if t.box is not None:
                    reading.readings[t.box] = [read, read]


def _total_fact(reading: Reading, total: str, rows_sum: int) -> FactReport:
    box = next(t.box for ln in reading.lines for t in ln.tokens if t.text == total)
    src = {"kind": "cell", "total_row": True, "table_box": [0.0, 0.0, 420.0, 400.0],
           "doubts": [f"total row {_digits(total)} != sum of rows {rows_sum}"],
           "factors": {"ocr": 0.97, "layout": 1.0, "mapping": 1.0, "penalty": 0.5}}
    return FactReport("dossiers_on_time", int(_digits(total)), total, 1, box, 0.97, "ocr",
                      src, 0.485)


def test_a_column_that_does_not_add_up_is_settled_by_reading_its_cells_again() -> None:
    reading = read_image(_column(["1726", "583", "977"], "3286"))
    _misread(reading, "1726", "1728")  # rows now add up to 3288
    fact = settle_columns([_total_fact(reading, "3286", 3288)], reading)[0]
    assert not fact.needs_review
    assert fact.certainty is not None and fact.certainty >= 0.9
    assert "1728 read again as 1726" in (fact.source or {})["check"]
    assert not (fact.source or {}).get("doubts")
    assert (fact.source or {})["settled"] == "dossiers_on_time: total row 3286, rows add up to 3288"


def test_a_column_no_reading_adds_up_stays_for_review() -> None:
    # the total itself misread: no choice among the rows' readings makes 3296
    reading = read_image(_column(["1726", "583", "977"], "3286"))
    _misread(reading, "3286", "3296")
    fact = settle_columns([_total_fact(reading, "3296", 3286)], reading)[0]
    assert fact.needs_review
    assert (fact.source or {}).get("doubts") == ["total row 3296 != sum of rows 3286"]


def test_other_cells_than_extraction_added_up_settle_nothing() -> None:
    # the doubt names a sum the cells found here do not make: another column or table
    reading = read_image(_column(["1726", "583", "977"], "3286"))
    fact = settle_columns([_total_fact(reading, "3286", 3000)], reading)[0]
    assert fact.needs_review and "settled" not in (fact.source or {})


def test_parts_that_do_not_add_up_take_the_reading_that_does() -> None:
    # «3.623» read «3.625» by the page read (and a third read siding with it): on time
    # 3504 + late 119 = 3623, which the digits-only read gave
    reading = read_image(_column(["3.504", "119"], "3.623"))
    box = {t.text: t.box for ln in reading.lines for t in ln.tokens}
    assert "3.623" in (reading.readings.get(box["3.623"] or (0, 0, 0, 0)) or [])

    def fact(name: str, value: int, text: str) -> FactReport:
        return FactReport(name, value, text, 1, box[text], 0.6, "ocr", {"kind": "line"}, 0.6)

    facts = [fact("dossiers_resolved", 3625, "3.623"), fact("dossiers_on_time", 3504, "3.504"),
             fact("dossiers_late", 119, "119")]
    out = {f.name: f for f in settle_sums(facts, reading)}
    assert out["dossiers_resolved"].value == 3623
    assert out["dossiers_on_time"].value == 3504 and out["dossiers_late"].value == 119
    # the whole not read from the image (no readings): no reading of a part makes 3625
    facts[0] = FactReport("dossiers_resolved", 3625, "3.625", 1, None, 0.6, "ocr", {}, 0.6)
    assert [f.value for f in settle_sums(facts, reading)] == [3625, 3504, 119]


def test_a_settled_column_loses_its_failed_check_finding() -> None:
    from verifiers.extract.facts import Extraction, Note, after_second_read

    reading = read_image(_column(["1726", "583", "977"], "3286"))
    _misread(reading, "1726", "1728")
    failed = Note("FACT_CROSSCHECK_FAILED", "dossiers_on_time: total row 3286, rows add up to 3288")
    other = Note("FACT_CROSSCHECK_FAILED", "dossiers_late: total row 12, rows add up to 13")
    found = Extraction((), (), (failed, other), ())
    fact = settle_columns([_total_fact(reading, "3286", 3288)], reading)[0]
    _facts, notes = after_second_read(found, [fact])
    assert failed not in notes and other in notes


def _inject(monkeypatch: pytest.MonkeyPatch, reads: dict[str, tuple[str, str, float]]) -> None:
    """As if a 3↔8 confusion had given these reads: page word → (kept, other, conf); the
    page itself is drawn and read by the real Tesseract."""
    import verifiers.ocr.read as read_mod

    original = read_mod.reread_numbers

    def patched(prep: Prepared, lines: list, page: int, reading: Reading) -> dict:  # type: ignore[type-arg]
        out = original(prep, lines, page, reading)
        for li, ln in enumerate(lines):
            for wi, w in enumerate(ln.words):
                if w.text in reads:
                    kept, other, conf = reads[w.text]
                    o = prep.to_original(w.box)
                    out[(li, wi)] = (kept, conf)
                    reading.readings[o] = [kept, other]
                    reading.reread[o] = "" if other == kept else other
        return out

    monkeypatch.setattr(read_mod, "reread_numbers", patched)


def test_a_total_whose_own_reads_disagree_is_not_settled(monkeypatch: pytest.MonkeyPatch) -> None:
    # total «1.638» read «1.688» (its second read 1.638 = the rows' sum), a cell «731» with
    # a second read «781» that would make the wrong total add up: still for review
    from tests.verifiers.test_tables_rows import drawn_table
    from verifiers.pipeline import verify_bytes

    _inject(monkeypatch, {"1.638": ("1.688", "1.638", DISAGREE_CONF),
                          "731": ("731", "781", DISAGREE_CONF)})
    png = drawn_table([["Đơn vị", "VB đi", "VB đi ký số"],
                       ["Phòng Nội vụ", "601", "509"], ["Thanh tra huyện", "731", "589"],
                       ["Văn phòng", "306", "254"], ["Cộng", "1.638", "1.352"]], [300, 160, 180],
                      title="Thống kê văn bản đi")
    total = {f.name: f for f in verify_bytes(png, "t.png").facts}["outgoing_total"]
    assert total.value != 1688 or total.needs_review


def test_a_sum_made_to_hold_by_a_chosen_reading_confirms_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # resolved «3.623» read «3.628» twice, late «123» with a second read «128»: 128 makes
    # 3500 + late = 3628, but a sum made to hold that way vouches for none of its figures
    from verifiers.pipeline import verify_bytes

    _inject(monkeypatch, {"3.623": ("3.628", "3.628", 95.0), "123": ("123", "128", DISAGREE_CONF)})
    font = ImageFont.truetype(REGULAR, 16)
    img = Image.new("RGB", (640, 200), "white")
    d = ImageDraw.Draw(img)
    for i, (label, v) in enumerate([("Hồ sơ đã giải quyết", "3.623"),
                                    ("Hồ sơ trả đúng hạn", "3.500"),
                                    ("Hồ sơ giải quyết quá hạn", "123")]):
        d.text((30, 30 + 45 * i), label, font=font, fill="black")
        d.text((380, 30 + 45 * i), v, font=font, fill="black")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    facts = {f.name: f for f in verify_bytes(buf.getvalue(), "s.png").facts}
    for name, wrong in (("dossiers_resolved", 3628), ("dossiers_late", 128)):
        assert facts[name].value != wrong or facts[name].needs_review, name
