"""PDF text layers with word boxes (``verifiers/ocr/textlayer.py``) through the layout
model: development pages printed to PDF by chromium, read from their text layer with a
table cell as source and a box on the page rendering; rotation, crop box, hostile
files."""

from __future__ import annotations

import io
import json
import os
import unicodedata
from dataclasses import asdict
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

from tests.browser import need_browser
from verifiers.ocr import textlayer
from verifiers.ocr.read import read_pdf
from verifiers.ocr.textlayer import clean, read_text_layer
from verifiers.pipeline import verify_bytes

SEED = 2026
FAMILIES = ["qlvb_stats_units", "ict_report"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    need_browser("no page can be printed to PDF")
    from bench.screens import RenderUnavailable, print_pdfs

    out = tmp_path_factory.mktemp("printed")
    try:
        samples, jobs = print_pdfs(out, "dev", 1, SEED, FAMILIES)
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    labels = [{**asdict(s), "file": j.out.name} for s, j in zip(samples, jobs, strict=True)]
    (out / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    return out, labels


def _geometry(data: bytes) -> dict[int, tuple[tuple[float, ...], tuple[float, ...], int]]:
    out = {}
    for n, p in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        mb, cb = p.mediabox, p.cropbox
        out[n] = ((float(mb.left), float(mb.bottom), float(mb.right), float(mb.top)),
                  (float(cb.left), float(cb.bottom), float(cb.right), float(cb.top)),
                  int(p.get("/Rotate", 0) or 0) % 360)
    return out  # type: ignore[return-value]


def _layer(data: bytes) -> textlayer.TextLayer:
    return read_text_layer(data, 1, _geometry(data))  # type: ignore[arg-type]


def _modified(data: bytes, rotate: int = 0, crop: tuple[float, float, float, float] | None = None
              ) -> bytes:
    reader, writer = PdfReader(io.BytesIO(data)), PdfWriter()
    for p in reader.pages:
        if crop is not None:
            p.cropbox = RectangleObject(crop)
        if rotate:
            p.rotate(rotate)
        writer.add_page(p)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _words_in(layer: textlayer.TextLayer, box: tuple[float, float, float, float]) -> str:
    x0, y0, x1, y1 = box
    return " ".join(w.text for ln in layer.pages[1].lines for w in ln
                    if x0 - 1 <= (w.box[0] + w.box[2]) / 2 <= x1 + 1 and
                    y0 - 1 <= (w.box[1] + w.box[3]) / 2 <= y1 + 1)


def test_printed_pages_give_their_facts_from_table_cells_with_boxes(
        printed: tuple[Path, list[dict[str, object]]]) -> None:
    out, labels = printed
    cells = 0
    for s in labels:
        data = (out / str(s["file"])).read_bytes()
        report = verify_bytes(data, str(s["file"]))
        layer = _layer(data)
        page = layer.pages[1]
        got = {f.name: f for f in report.facts}
        facts: dict[str, object] = s["facts"]  # type: ignore[assignment]
        shown: dict[str, str] = s["shown"]  # type: ignore[assignment]
        for name, expected in facts.items():
            f = got.get(name)
            assert f is not None, (s["file"], name)
            assert str(f.value) == str(expected), (s["file"], name, f.value)
            assert f.method == "text_layer" and f.bbox is not None
            x0, y0, x1, y1 = f.bbox
            # a box on the page rendering (pixels at the review app's resolution) …
            assert 0 <= x0 < x1 <= page.width + 1 and 0 <= y0 < y1 <= page.height + 1
            src = f.source or {}
            if src.get("kind") == "cell":
                cells += 1
                assert src.get("header") or src.get("row"), (name, src)
                # the whole table's box, for the evidence view's outline, holds the cell
                tx0, ty0, tx1, ty1 = src["table_box"]
                assert tx0 <= x0 and ty0 <= y0 and x1 <= tx1 and y1 <= ty1, (name, src)
                # … around the figure the page shows
                if name in shown:
                    assert shown[name] in _words_in(layer, f.bbox), (name, shown[name])
        for f in report.facts:  # nothing sure that is not the page's
            if f.name not in facts:
                assert f.needs_review, (s["file"], f.name, f.value)
    assert cells >= 4


def test_the_text_layer_is_drawn_where_the_review_app_renders_it() -> None:
    from rendering.pages import RENDER_DPI

    assert textlayer.TEXT_LAYER_DPI == RENDER_DPI


def test_rotated_pages_keep_boxes_on_the_rendering_and_sideways_text_is_not_laid_out(
        printed: tuple[Path, list[dict[str, object]]]) -> None:
    out, labels = printed
    data = (out / str(labels[0]["file"])).read_bytes()
    upright = _layer(data).pages[1]
    assert upright.positioned and upright.words > 50
    for rotate in (90, 180, 270):
        turned = _layer(_modified(data, rotate=rotate)).pages[1]
        w, h = upright.width, upright.height
        if rotate in (90, 270):
            assert (round(turned.width), round(turned.height)) == (round(h), round(w))
        a = [wd for ln in upright.lines for wd in ln]
        b = {wd.text: wd.box for ln in turned.lines for wd in ln}
        word = next(wd for wd in a if len(wd.text) >= 4 and
                    sum(x.text == wd.text for x in a) == 1)
        x0, y0, x1, y1 = word.box
        expect = {90: (h - y1, x0, h - y0, x1), 180: (w - x1, h - y1, w - x0, h - y0),
                  270: (y0, w - x1, y1, w - x0)}[rotate]
        if rotate != 180:
            # upright content on a turned page reads sideways: box-less, as before
            assert not turned.positioned and turned.why == "text runs sideways"
            continue
        assert b[word.text] == pytest.approx(expect, abs=1.0)
    reading = read_pdf(_modified(data, rotate=90))
    assert reading.lines and all(t.box is None for ln in reading.lines for t in ln.tokens)


def test_words_outside_the_crop_box_are_left_out_in_media_box_pixels(
        printed: tuple[Path, list[dict[str, object]]]) -> None:
    out, labels = printed
    data = (out / str(labels[0]["file"])).read_bytes()
    full = _layer(data).pages[1]
    mb = PdfReader(io.BytesIO(data)).pages[0].mediabox
    # the lower half of the page only (PDF y up: bottom .. middle)
    mid = float(mb.bottom) + float(mb.height) / 2
    cropped = _layer(_modified(data, crop=(float(mb.left), float(mb.bottom), float(mb.right),
                                           mid))).pages[1]
    assert 0 < cropped.words < full.words and cropped.hidden == full.words - cropped.words
    assert all(w.box[1] >= full.height / 2 - 20 for ln in cropped.lines for w in ln)
    texts = [w.text for ln in full.lines for w in ln]
    same = {w.text: w.box for ln in full.lines for w in ln}
    kept = [w for ln in cropped.lines for w in ln if texts.count(w.text) == 1]
    assert kept and all(same[w.text] == w.box for w in kept)  # pixels of the media box


def test_hostile_or_broken_files_become_problems_never_exceptions(
        printed: tuple[Path, list[dict[str, object]]], monkeypatch: pytest.MonkeyPatch) -> None:
    broken = read_text_layer(b"%PDF-1.7\n garbage", 3, {})
    assert broken.problem is not None and not broken.pages
    out, labels = printed
    data = (out / str(labels[0]["file"])).read_bytes()
    slow = read_text_layer(data, 1, _geometry(data), seconds=0.0001)  # type: ignore[arg-type]
    assert slow.problem is not None and "took more than" in slow.problem[0]
    monkeypatch.setattr(textlayer, "MAX_OUTPUT_BYTES", 200)
    bomb = _layer(data)
    assert bomb.problem is not None and not bomb.pages
    monkeypatch.setattr(textlayer, "MAX_OUTPUT_BYTES", 32 * 1024 * 1024)
    monkeypatch.setattr(textlayer, "MAX_WORDS_PER_PAGE", 10)
    crowded = _layer(data).pages[1]
    assert not crowded.positioned
    reading = read_pdf(data)  # the box-less reading of before
    assert reading.lines and all(t.box is None for ln in reading.lines for t in ln.tokens)


def test_combining_marks_and_ligatures_are_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Tổng số hồ sơ đúng hạn")
    assert decomposed != "Tổng số hồ sơ đúng hạn"
    assert clean(decomposed) == "Tổng số hồ sơ đúng hạn"
    assert clean("\ufb01le o\ufb03cial") == "file official"


def test_pictographs_are_no_words() -> None:
    # a card's emoji icon (🖥, ✉ with its variation selector) is no text: an OCR read of
    # the same page does not give it, and kept it stands between a figure and its label
    assert textlayer.pictograph("🖥") and textlayer.pictograph("✉\ufe0f")
    assert not textlayer.pictograph("Xem") and not textlayer.pictograph("›")
    assert not textlayer.pictograph("1.646") and not textlayer.pictograph("(%)")
