"""Fact boxes of a PDF's text layer in the evidence view: a development page printed to
PDF by chromium, ingested into a copy of the sample campaign, verified for real; on the
finding's page each table-cell fact's box lands on the figure of the page image the app
serves (checked against the ink of that image and poppler's own word boxes, within a
few pixels). Also: a turned page, a crop box smaller than the media box (the page image
is the media box: changed regions and clerk's additions are placed in it), and the
outline of the table a cell was read from."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from sqlmodel import Session, col, select

from flows.context import RunContext
from review.app import create_app
from review.data import RENDER_DPI, EvidenceView, _fact_rows, _pdf_pages, _place
from storage.models import Evidence, Finding, Verification
from tests.browser import launch, need_browser
from tests.review.conftest import login
from verifiers.results import FactReport, FileReport

FAMILY, SEED = "dvc_by_field", 2026
FOLDER = "xa-quang-phong/ho-so-dung-han"
PNG, PDF = f"{FOLDER}/thong-ke-mot-cua.png", f"{FOLDER}/thong-ke-mot-cua.pdf"
TOLERANCE = 3.0
"""Pixels (at RENDER_DPI) a box edge may stand off the figure's."""

Rect = tuple[float, float, float, float]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict[str, str]]:
    """A development page printed to PDF (a text layer) and how it writes each fact."""
    need_browser("no page can be printed to PDF")
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    from bench.screens import RenderUnavailable, print_pdfs

    out = tmp_path_factory.mktemp("printed-view")
    try:
        samples, jobs = print_pdfs(out, "dev", 1, SEED, [FAMILY])
    except RenderUnavailable as exc:
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            raise
        pytest.skip(f"chromium cannot render here: {exc}")
    return jobs[0].out.read_bytes(), dict(samples[0].shown)


@pytest.fixture
def sample_copy(sample_copy: Path, printed: tuple[bytes, dict[str, str]]) -> Path:
    """The sample campaign with the unit's one-stop screenshot sent as the printed PDF."""
    (sample_copy / "uploads" / PNG).unlink()
    (sample_copy / "uploads" / PDF).write_bytes(printed[0])
    received = sample_copy / "received.csv"
    received.write_text(received.read_text(encoding="utf-8").replace(PNG, PDF),
                        encoding="utf-8")
    return sample_copy


def _rendering(data: bytes) -> Image.Image:
    """Page 1 as the review app renders it (pdftoppm, RENDER_DPI, the media box)."""
    out = subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", str(RENDER_DPI), "-png", "-"],
                         input=data, capture_output=True, check=True, timeout=60).stdout
    return Image.open(io.BytesIO(out)).convert("L")


def _poppler_words(data: bytes) -> list[tuple[str, Rect]]:
    """Page 1's words with their boxes in pixels of the RENDER_DPI page image, from
    ``pdftotext -bbox`` (points, y down, upright page)."""
    xhtml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", "-", "-"], input=data,
                           capture_output=True, check=True, timeout=60).stdout.decode()
    k = RENDER_DPI / 72
    return [(html.unescape(m.group(5)),
             (float(m.group(1)) * k, float(m.group(2)) * k, float(m.group(3)) * k,
              float(m.group(4)) * k))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">([^<]*)</word>', xhtml)]


def _ink(img: Image.Image, box: Rect, pad: float = 0.0) -> Rect | None:
    """The box around the dark pixels of ``img`` inside ``box`` (grown by ``pad``)."""
    x0, y0 = max(0, int(box[0] - pad)), max(0, int(box[1] - pad))
    x1, y1 = min(img.width, int(box[2] + pad + 1)), min(img.height, int(box[3] + pad + 1))
    found = img.crop((x0, y0, x1, y1)).point(lambda v: 255 if v < 128 else 0).getbbox()
    if found is None:
        return None
    return (x0 + found[0], y0 + found[1], x0 + found[2], y0 + found[3])


def _near(a: Rect, b: Rect, tol: float = TOLERANCE) -> bool:
    return all(abs(p - q) <= tol for p, q in zip(a, b, strict=True))


def _boxes(page: str, kind: str) -> list[tuple[str, Rect]]:
    return [(html.unescape(m.group(5)), tuple(float(x) for x in m.groups()[:4]))  # type: ignore[misc]
            for m in re.finditer(
                rf'<rect class="box {kind}" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
                rf'height="([\d.]+)"><title>([^<]*)</title>', page)]


def _pixels(pct: Rect, img: Image.Image) -> Rect:
    left, top, width, height = pct
    return (left * img.width / 100, top * img.height / 100,
            (left + width) * img.width / 100, (top + height) * img.height / 100)


def _on_figure(img: Image.Image, box: Rect, shown: str,
               words: list[tuple[str, Rect]] | None) -> None:
    """``box`` (page-image pixels) stands on the figure ``shown``: the ink inside it is
    the figure's, hugging the box within a few pixels, and poppler puts that word there."""
    ink = _ink(img, box, pad=1)
    assert ink is not None, f"no ink under the box of {shown!r}"
    # the box hugs the digits it was read from: not much larger, not shifted
    assert ink[0] - box[0] <= TOLERANCE + 1 and box[2] - ink[2] <= TOLERANCE + 1, (box, ink)
    assert ink[1] - box[1] <= 8 and box[3] - ink[3] <= 8, (box, ink)
    assert ink[2] - ink[0] >= 0.6 * (box[2] - box[0]), (box, ink)
    if words is not None:
        same = [b for t, b in words if t == shown]
        assert same, f"poppler finds no word {shown!r}"
        assert any(_near(box, b) for b in same), (shown, box, same)


def _view(data: bytes) -> EvidenceView:
    from verifiers.pipeline import verify_bytes

    report = verify_bytes(data, "printed.pdf")
    view = EvidenceView(Finding(campaign_id=1, fingerprint="x", scope="x", code="X",
                                severity="warning", message=""), None, None, None, pages=1)
    view.fact_rows = _fact_rows(report.facts, [])
    _place(view, _pdf_pages(data))
    return view


def _table_boxes(data: bytes) -> dict[int, Rect]:
    """The layout model's box of each table of page 1 (what ``source.table_box`` holds
    when the extraction records it)."""
    from verifiers.extract.facts import pages_of
    from verifiers.ocr.read import read_pdf

    reading = read_pdf(data)
    page = next(p for p in pages_of(reading.lines, reading.rules) if p.number == 1)
    return {t.n: t.box for t in page.tables}


def _printed_finding(ctx: RunContext) -> tuple[int, int, list[FactReport]]:
    """(finding id, evidence id, the text layer's table-cell facts with a box) of the
    printed PDF after the nightly pass."""
    with Session(ctx.engine) as s:
        ev = s.exec(select(Evidence).where(Evidence.source_path == PDF)).one()
        assert ev.id is not None and ev.media_type == "application/pdf"
        ver = s.exec(select(Verification).where(Verification.sha256 == ev.sha256)
                     .order_by(col(Verification.id).desc())).first()
        assert ver is not None
        report = FileReport.from_json(json.loads(ver.result_json))
        cells = [f for f in report.facts if f.method == "text_layer" and f.bbox and
                 (f.source or {}).get("kind") == "cell"]
        assert len(cells) >= 3, [(f.name, f.method, f.source) for f in report.facts]
        finding = s.exec(select(Finding).where(Finding.evidence_id == ev.id)
                         .order_by(col(Finding.id))).first() or \
            s.exec(select(Finding).where(Finding.unit_id == ev.unit_id,
                                         Finding.criterion_id == ev.criterion_id,
                                         Finding.code == "CLAIM_MISMATCH")).first()
        assert finding is not None and finding.id is not None, "no finding shows the PDF"
        return finding.id, ev.id, cells


def test_text_layer_fact_boxes_land_on_their_figures_on_the_finding_page(
        ready: RunContext, printed: tuple[bytes, dict[str, str]]) -> None:
    data, shown = printed
    fid, eid, cells = _printed_finding(ready)
    with TestClient(create_app(ctx=ready)) as client:
        login(client, "thamdinh")
        page = client.get(f"/findings/{fid}").text
        assert f"/evidence/{eid}/page/1.png" in page, "the finding does not show the PDF"
        served = client.get(f"/evidence/{eid}/page/1.png")
        assert served.status_code == 200
    img = Image.open(io.BytesIO(served.content)).convert("L")
    assert (img.width, img.height) == _rendering(data).size
    assert "Chưa vẽ được vị trí" not in page  # no text-layer box left out
    drawn = {t: _pixels(b, img) for k in ("cell", "doubt") for t, b in _boxes(page, k)}
    words = _poppler_words(data)
    checked = 0
    for f in cells:
        if f.name not in shown:
            continue
        boxes = [b for t, b in drawn.items() if f"= {shown[f.name]} (" in t]
        assert len(boxes) == 1, (f.name, shown[f.name], list(drawn))
        assert _near(boxes[0], f.bbox), (f.name, boxes[0], f.bbox)  # type: ignore[arg-type]
        _on_figure(img, boxes[0], shown[f.name], words)
        checked += 1
    assert checked >= 3


@pytest.mark.slow
def test_in_the_browser_the_cell_boxes_overlay_their_figures(
        ready: RunContext, printed: tuple[bytes, dict[str, str]]) -> None:
    """Served and drawn by chromium: each cell box stands over its figure on the page
    image as laid out (whatever width the image is shown at)."""
    from playwright.sync_api import sync_playwright

    from tests.review.test_e2e import _sign_in, live_server

    need_browser()
    _, shown = printed
    fid, _, cells = _printed_finding(ready)
    with live_server(ready) as url, sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_context(base_url=url,
                                       viewport={"width": 1366, "height": 900}).new_page()
            _sign_in(page, "thamdinh", "**/review")
            page.goto(f"/findings/{fid}")
            page.wait_for_load_state("networkidle")
            img = page.locator('.page[data-page="1"] img')
            natural = img.evaluate("i => [i.naturalWidth, i.naturalHeight]")
            shot = img.bounding_box()
            assert shot is not None and natural[0] > 0 and shot["width"] > 100
            k = shot["width"] / natural[0]
            checked = 0
            for f in cells:
                if f.name not in shown or f.bbox is None:
                    continue
                box = page.locator('.page[data-page="1"] .box').filter(
                    has=page.locator(f'xpath=./*[local-name()="title" and '
                                     f'contains(., "= {shown[f.name]} (")]'))
                assert box.count() == 1, (f.name, shown[f.name])
                got = box.first.bounding_box()
                assert got is not None
                x0, y0, x1, y1 = f.bbox
                # the rendering's pixels, scaled to the image as shown (borders: 2 px)
                expect = (shot["x"] + x0 * k, shot["y"] + y0 * k,
                          shot["x"] + x1 * k, shot["y"] + y1 * k)
                seen = (got["x"], got["y"], got["x"] + got["width"], got["y"] + got["height"])
                assert _near(seen, expect, TOLERANCE), (f.name, seen, expect)
                checked += 1
            assert checked >= 3
            Path("test-artifacts").mkdir(exist_ok=True)
            img.screenshot(path="test-artifacts/evidence-view-text-layer.png")
        finally:
            browser.close()


def _turn(box: Rect, w: float, h: float, rotate: int) -> Rect:
    """A box on the upright page image (w × h) → on the image of the page turned
    clockwise by ``rotate`` (as the text layer gives it: tests/verifiers/test_textlayer)."""
    x0, y0, x1, y1 = box
    return {90: (h - y1, x0, h - y0, x1), 180: (w - x1, h - y1, w - x0, h - y0),
            270: (y0, w - x1, y1, w - x0)}[rotate]


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_turned_page_places_its_boxes_on_the_turned_rendering(
        printed: tuple[bytes, dict[str, str]], rotate: int) -> None:
    """The page image of a turned page is turned (its size swapped for 90 and 270):
    a text-layer box in its pixels lands on the figure. (The extraction reads no
    facts from a turned page yet, so the upright page's boxes are turned here.)"""
    from verifiers.pipeline import verify_bytes

    data, shown = printed
    reader, writer = PdfReader(io.BytesIO(data)), PdfWriter()
    for p in reader.pages:
        writer.add_page(p.rotate(rotate))
    buf = io.BytesIO()
    writer.write(buf)
    turned = buf.getvalue()
    img = _rendering(turned)
    w, h = _pdf_pages(data)[1].rendering
    pages = _pdf_pages(turned)
    assert pages[1].rendering == pytest.approx(img.size, abs=1.0)
    facts = [replace(f, bbox=_turn(f.bbox, w, h, rotate),  # (the table outline not turned)
                     source={k: v for k, v in (f.source or {}).items() if k != "table_box"})
             for f in verify_bytes(data, "printed.pdf").facts
             if f.bbox is not None and f.name in shown and (f.source or {}).get("kind") == "cell"]
    assert len(facts) >= 3
    view = EvidenceView(Finding(campaign_id=1, fingerprint="x", scope="x", code="X",
                                severity="warning", message=""), None, None, None, pages=1)
    view.fact_rows = _fact_rows(tuple(facts), [])
    _place(view, pages)
    assert len(view.boxes) == len(facts) and view.pdf_boxes_missing == 0
    for b, f in zip(view.boxes, facts, strict=True):
        px = _pixels((b.left, b.top, b.width, b.height), img)
        assert _near(px, f.bbox, 0.5)  # type: ignore[arg-type]
        ink = _ink(img, px, pad=1)
        assert ink is not None, (f.name, px)
        assert _near(ink, px, 8), (f.name, px, ink)
        along = 0 if rotate == 180 else 1  # the digits run down a page turned sideways
        assert ink[2 + along] - ink[along] >= 0.6 * (px[2 + along] - px[along]), (f.name, px, ink)


def _blank(media: Rect, crop: Rect | None, rotate: int) -> bytes:
    w = PdfWriter()
    page = w.add_blank_page(media[2] - media[0], media[3] - media[1])
    page.mediabox = RectangleObject(media)
    if crop is not None:
        page.cropbox = RectangleObject(crop)
    if rotate:
        page.rotate(rotate)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize("rotate", [0, 90])
def test_changed_regions_and_additions_use_the_rendered_media_box(rotate: int) -> None:
    """pdftoppm renders the media box (not the crop box): the page image's size in
    pixels, and so the percent of a changed region (pixels of that rendering) and of a
    clerk's addition (PDF points, y up), come from the media box, turned by /Rotate."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed")
    data = _blank((0, 0, 612, 792), (100, 100, 500, 700), rotate)
    page = _pdf_pages(data)[1]
    img = _rendering(data)
    assert page.rendering == pytest.approx(img.size, abs=1.0)
    view = EvidenceView(Finding(campaign_id=1, fingerprint="x", scope="x", code="X",
                                severity="warning", message=""), None, None, None, pages=1)
    view.signatures = [{"signer": {"common_name": "A"},
                        "changed_regions": [{"page": 1, "bbox": [170, 250, 340, 300]}],
                        "additions": [{"page": 1, "text": "Số: 01", "bbox": [144, 648, 216, 720]}]}]
    _place(view, {1: page})
    changed = next(b for b in view.boxes if b.kind == "changed")
    added = next(b for b in view.boxes if b.kind == "addition")
    assert changed.left == pytest.approx(100 * 170 / img.width, abs=0.2)
    assert changed.top == pytest.approx(100 * 250 / img.height, abs=0.2)
    # the addition: 144–216 pt across, 72–144 pt below the media box's top (2–3 in, 1–2 in)
    ax0, ay0 = added.left * img.width / 100, added.top * img.height / 100
    ax1, ay1 = ax0 + added.width * img.width / 100, ay0 + added.height * img.height / 100
    if rotate == 0:
        expect = (200.0, 100.0, 300.0, 200.0)
    else:  # turned clockwise: the page's top edge is now its right edge
        expect = (img.width - 200.0, 200.0, img.width - 100.0, 300.0)
    assert _near((ax0, ay0, ax1, ay1), expect, 1.5), ((ax0, ay0, ax1, ay1), expect)


def test_the_table_a_cell_was_read_from_is_outlined_once_under_its_cells(
        printed: tuple[bytes, dict[str, str]]) -> None:
    data, _ = printed
    from verifiers.pipeline import verify_bytes

    report = verify_bytes(data, "printed.pdf")
    tables = _table_boxes(data)
    facts = []
    for f in report.facts:
        src: dict[str, Any] = dict(f.source or {})
        if src.get("kind") == "cell" and src.get("table") in tables:
            src["table_box"] = list(tables[src["table"]])
        facts.append(replace(f, source=src))
    cells = [f for f in facts if f.source.get("table_box")]
    assert len(cells) >= 3
    view = EvidenceView(Finding(campaign_id=1, fingerprint="x", scope="x", code="X",
                                severity="warning", message=""), None, None, None, pages=1)
    view.fact_rows = _fact_rows(tuple(facts), [])
    _place(view, _pdf_pages(data))
    outlines = [b for b in view.boxes if b.kind == "table"]
    assert len(outlines) == len({f.source["table"] for f in cells})
    first_cell = min(i for i, b in enumerate(view.boxes) if b.kind in ("cell", "doubt"))
    assert all(view.boxes.index(t) < first_cell for t in outlines)  # drawn under the cells
    img = _rendering(data)
    drawn = [_pixels((t.left, t.top, t.width, t.height), img) for t in outlines]
    assert all(any(_near(d, tables[n], 0.5) for d in drawn) for n in
               {f.source["table"] for f in cells})
    for b in view.boxes:
        if b.kind == "cell":  # each highlighted cell inside the outline of its table
            c = _pixels((b.left, b.top, b.width, b.height), img)
            assert any(t[0] - 1 <= c[0] and c[2] <= t[2] + 1 and t[1] - 1 <= c[1] and
                       c[3] <= t[3] + 1 for t in drawn), (b.title, c, drawn)
