"""Table cells the sparse page read dropped, read again in block mode (PSM 6) once per
band of figure rows with holes, and merged into the holes only (real Tesseract)."""

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

from verifiers.ocr import read as read_mod
from verifiers.ocr.engine import PSM, Line, Word, read_lines
from verifiers.ocr.images import Prepared, open_image, prepare
from verifiers.ocr.read import Reading, _hole_bands, fill_table_holes

REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ROWS = [("Giao thông vận tải", "43", "7", "16", "20"),
        ("Thành lập hợp tác xã", "41", "37", "1", "3"),
        ("Công chức, viên chức", "48", "15", "12", "21"),
        ("Giải quyết khiếu nại", "42", "3", "23", "16"),
        ("Xây dựng", "34", "9", "11", "14"),
        ("Tư pháp", "30", "5", "23", "2")]


HEADS = ("Tổng", "Mức 2", "Mức 3", "Mức 4")


def _table(heads: bool = False) -> bytes:
    """A table of labels and four right-aligned figure columns, cell borders drawn;
    with ``heads``, a header row over them, each centred over its cell."""
    top = 34 if heads else 0
    img = Image.new("RGB", (760, 60 + top + 34 * len(ROWS)), (255, 255, 255))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(REGULAR, 15)
    rights = [390, 480, 570, 660]
    if heads:
        for right, head in zip(rights, HEADS, strict=True):
            w = d.textlength(head, font=font)
            d.text((right - 40 - w / 2, 30), head, font=font, fill=(30, 30, 30))
    for r, (label, *figures) in enumerate(ROWS):
        y = 30 + top + 34 * r
        d.line((20, y - 8, 680, y - 8), fill=(200, 200, 200))
        d.text((30, y), label, font=font, fill=(30, 30, 30))
        for right, fig in zip(rights, figures, strict=True):
            w = d.textlength(fig, font=font)
            d.text((right - w, y), fig, font=font, fill=(30, 30, 30))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _page(data: bytes) -> tuple[Prepared, list[Line]]:
    prep = prepare(open_image(data), "screen")
    return prep, read_lines(prep.image, PSM["screen"])


def _figures(lines: list[Line], prep: Prepared) -> dict[tuple[int, int], str]:
    """(row, column) → text of the figures right of the labels, placed by the table's
    pitch in original pixels."""
    out = {}
    for ln in lines:
        for w in ln.words:
            x0, y0, x1, _y1 = prep.to_original(w.box)
            if x0 > 300 and w.text.isdigit():
                out[(int((y0 - 22) // 34), int((x1 - 345) // 90))] = w.text
    return out


def _without(lines: list[Line], prep: Prepared, cells: set[tuple[int, int]]) -> list[Line]:
    """The page read with the figures of ``cells`` taken out (as PSM 11 drops them)."""
    out = []
    for ln in lines:
        kept = [w for w in ln.words if not (w.text.isdigit() and
                                            _figures([Line([w])], prep).keys() & cells)]
        if kept:
            out.append(Line(kept))
    return out


def test_dropped_cells_come_back_from_one_block_read_per_band(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # sparse text (PSM 11) loses a plain table's one-digit cells even on white
    prep, lines = _page(_table())
    want = {(r, c): fig for r, row in enumerate(ROWS) for c, fig in enumerate(row[1:])}
    before = _figures(lines, prep)
    assert len(before) < len(want)
    holed = _without(lines, prep, {(2, 0), (4, 2)})  # and two more taken out
    calls: list[int] = []
    real = read_mod.read_lines

    def counting(img: Image.Image, psm: int, timeout: float | None = None) -> list[Line]:
        calls.append(psm)
        return real(img, psm, timeout)

    monkeypatch.setattr(read_mod, "read_lines", counting)
    filled = fill_table_holes(prep, holed, Reading())
    assert calls == [6]
    assert _figures(filled, prep) == want
    # every word of the page read is kept as it was, none moved or replaced
    kept = [w for ln in holed for w in ln.words]
    assert filled[:len(holed)] == holed
    added = [w for ln in filled[len(holed):] for w in ln.words]
    assert len(added) == len(want) - len(_figures(holed, prep))
    assert all(not (min(a.box[2], k.box[2]) > max(a.box[0], k.box[0]) and
                    min(a.box[3], k.box[3]) > max(a.box[1], k.box[1]))
               for a in added for k in kept)


def _grid(rows: int, cols: int) -> list[Line]:
    """A full grid of figures in prepared pixels, a line per row."""
    return [Line([Word(str(10 + r + c), 95.0, (900 + 270 * c, 90 + 100 * r, 960 + 270 * c,
                                               135 + 100 * r)) for c in range(cols)])
            for r in range(rows)]


def test_a_table_without_holes_is_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    prep = prepare(open_image(_table()), "screen")
    lines = _grid(6, 4)
    assert _hole_bands(lines) == []

    def fail(*_a: object, **_k: object) -> list[Line]:
        raise AssertionError("no block read without holes")

    monkeypatch.setattr(read_mod, "read_lines", fail)
    assert fill_table_holes(prep, lines, Reading()) == lines
    # one cell missing is a hole, in the band of the grid's rows
    holed = [Line(ln.words[1:]) if k == 3 else ln for k, ln in enumerate(lines)]
    bands = _hole_bands(holed)
    assert len(bands) == 1 and bands[0][1] == [(900, 390, 960, 435)]


def test_a_page_word_is_never_replaced_by_the_block_read() -> None:
    # the page read misread «41» as «4»: the block read's «41» lands on that word's box
    # and is not merged (the page's word keeps its own reads and doubts)
    prep, lines = _page(_table())
    wrong = []
    for ln in lines:
        words = []
        for w in ln.words:
            if w.text == "41":
                w = Word("4", 60.0, w.box)
            words.append(w)
        wrong.append(Line(words))
    filled = fill_table_holes(prep, wrong, Reading())
    got = _figures(filled, prep)
    assert got[(1, 0)] == "4"
    assert got[(3, 2)] == "23"
    assert sum(w.text == "41" for ln in filled for w in ln.words) == 0


def test_rows_of_words_without_a_grid_give_no_band() -> None:
    # two figure rows are no table; scattered figures make no column
    words = [Word("12", 95.0, (100, 100, 130, 120)), Word("7", 95.0, (300, 100, 312, 120)),
             Word("18", 95.0, (100, 160, 130, 180)), Word("9", 95.0, (300, 160, 312, 180))]
    assert _hole_bands([Line(words)]) == []
    scattered = [Word(str(10 + k), 95.0, (100 + 97 * k, 100 + 60 * k, 130 + 97 * k,
                                          120 + 60 * k)) for k in range(4)]
    scattered += [Word(str(50 + k), 95.0, (900 - 91 * k, 100 + 60 * k, 930 - 91 * k,
                                           120 + 60 * k)) for k in range(4)]
    assert _hole_bands([Line(scattered)]) == []


def test_header_words_over_a_holed_band_come_back_beside_the_kept_ones() -> None:
    # the header row right above the band is read with it: the words the page read
    # lost over a column come back, the ones it has stay as they were
    prep, lines = _page(_table(heads=True))

    def header(ls: list[Line]) -> list[Word]:
        return sorted((w for ln in ls for w in ln.words if prep.to_original(w.box)[3] < 52),
                      key=lambda w: w.box[0])

    texts = [w.text for w in header(lines)]
    assert texts == " ".join(HEADS).split()
    lost = [w for w in header(lines) if prep.to_original(w.box)[0] > 480]  # «Mức 3», «Mức 4»
    holed = [Line([w for w in ln.words if w not in lost]) for ln in lines]
    filled = fill_table_holes(prep, [ln for ln in holed if ln.words], Reading())
    assert [w.text for w in header(filled)] == texts
    assert all(w in header(filled) for w in header(holed))
    assert len(header(filled)) == len(header(holed)) + len(lost)


def test_a_first_row_whose_figures_were_all_lost_is_read_again_as_a_body_row() -> None:
    # the first row's figures all lost: its label alone stands above the band, left-
    # aligned with the rows' labels and ending before the figure columns (no header
    # spans them): a body row, its cells holes, its figures back from the block read
    prep, lines = _page(_table())
    holed = _without(lines, prep, {(0, c) for c in range(4)} | {(3, 1)})
    bands = _hole_bands(holed)
    assert len(bands) == 1 and not bands[0][2]  # no header row over the band
    filled = fill_table_holes(prep, holed, Reading())
    got = _figures(filled, prep)
    assert [got.get((0, c)) for c in range(4)] == list(ROWS[0][1:])
    assert got[(3, 1)] == "3"


def test_a_header_row_over_the_band_is_no_lost_body_row() -> None:
    # the header spans the figure columns: it stays the band's header, its words are
    # looked for in its holes, never its figures taken for a row's
    prep, lines = _page(_table(heads=True))
    holed = _without(lines, prep, {(0, c) for c in range(4)} | {(3, 1)})
    bands = _hole_bands(holed)
    assert len(bands) == 1
    _region, holes, _heads = bands[0]
    header_bottom = max(w.box[3] for ln in lines for w in ln.words
                        if prep.to_original(w.box)[3] < 52)
    assert all(h[1] > header_bottom for h in holes)


def test_a_column_read_only_in_its_total_row_has_holes_in_the_others() -> None:
    # «Toàn trình» with only the total row's «27» read: a column of one figure, in a
    # row with figures in two columns, under no word of the band, is a column too
    rows = [Line([Word(str(10 + r), 95.0, (900, 90 + 100 * r, 960, 135 + 100 * r)),
                  Word(str(20 + r), 95.0, (1170, 90 + 100 * r, 1230, 135 + 100 * r))])
            for r in range(4)]
    rows[-1].words.append(Word("27", 95.0, (1440, 390, 1500, 435)))
    bands = _hole_bands(rows)
    assert len(bands) == 1
    assert [h for h in bands[0][1] if h[0] == 1440] == [
        (1440, 90 + 100 * r, 1500, 135 + 100 * r) for r in range(3)]
    # a word with letters over it: no column (a figure inside a label)
    rows[0].words.append(Word("Mức", 95.0, (1400, 90, 1520, 135)))
    assert not [h for b in _hole_bands(rows) for h in b[1] if h[0] == 1440]
