"""The evidence view after a real nightly pass over the sample campaign: each fact with
its source (line or table cell) and certainty, the unmapped labelled values, and for a
signed PDF the ETSI indication, time source, clerk's additions and changed regions.

The sample corpus has no file whose report carries a table cell, an unmapped value and
a Decree 30 addition all at once, so the stored report of the signed PDF is extended
with such entries (in the shapes ``verifiers/extract/tables.py`` and
``verifiers/signatures/revisions.py`` write) before the page is fetched."""

import html
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from flows.context import RunContext
from review.app import create_app
from storage.models import Evidence, Finding, Verification
from tests.browser import launch, need_browser
from tests.review.conftest import login

ARTIFACTS = Path("test-artifacts")

CELL_FACT = {"name": "dossiers_on_time", "value": 1741, "raw": "1741", "page": 1,
             "bbox": None, "confidence": 0.93, "method": "ocr", "certainty": 0.62,
             "source": {"kind": "cell", "table": 1, "row": "Tổng cộng",
                        "header": ["Số hồ sơ đã giải quyết", "Đúng hạn"], "col": 3}}
LINE_FACT = {"name": "dossiers_received", "value": 1800, "raw": "1800", "page": 1,
             "bbox": [100, 200, 400, 260], "confidence": None, "method": "text_layer",
             "certainty": 0.97,
             "source": {"kind": "line", "text": "Tổng số hồ sơ tiếp nhận: 1800"}}
UNMAPPED = {"name": "", "value": "37", "raw": "Số hồ sơ chuyển cấp huyện", "page": 1,
            "bbox": None, "confidence": 0.9, "method": "ocr"}
ADDITION = {"page": 1, "text": "Số: 01/UBND-VHTT", "how": "freetext",
            "bbox": [72.0, 700.0, 220.0, 716.0]}
REGION = {"page": 1, "bbox": [100, 200, 400, 260]}


def _signed_pdf_finding(ctx: RunContext) -> tuple[int, int]:
    """A signature finding on a PDF, its report extended as the module docstring says."""
    with Session(ctx.engine) as s:
        f = s.exec(select(Finding).where(col(Finding.code).startswith("SIG_"),
                                         col(Finding.evidence_id).is_not(None))
                   .order_by(col(Finding.id))).first()
        assert f is not None and f.id is not None and f.evidence_id is not None
        ev = s.get(Evidence, f.evidence_id)
        assert ev is not None and ev.media_type == "application/pdf"
        ver = s.exec(select(Verification).where(Verification.sha256 == ev.sha256)
                     .order_by(col(Verification.id).desc())).first()
        assert ver is not None
        report = json.loads(ver.result_json)
        assert report["signatures"], "the signed PDF's report has no signature"
        report["facts"] = [CELL_FACT, LINE_FACT]
        report["unmapped"] = [UNMAPPED]
        sig = report["signatures"][0]
        sig.update(indication="INDETERMINATE", subindication="NO_CERTIFICATE_CHAIN_FOUND",
                   time_source="signer-naive-vn", additions=[ADDITION],
                   changed_regions=[REGION])
        ver.result_json = json.dumps(report, ensure_ascii=False)
        s.add(ver)
        s.commit()
        return f.id, f.evidence_id


def _boxes(page: str, kind: str) -> list[tuple[float, float, float, float]]:
    return [tuple(float(x) for x in m.groups()) for m in re.finditer(  # type: ignore[misc]
        rf'class="box {kind}" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
        rf'height="([\d.]+)"', page)]


def test_sources_certainty_unmapped_and_signature_details(ready: RunContext) -> None:
    fid, _ = _signed_pdf_finding(ready)
    with TestClient(create_app(ctx=ready)) as client:
        login(client, "thamdinh")
        page = html.unescape(client.get(f"/findings/{fid}").text)
    # the cell fact: its row and column path, its certainty, marked for review
    assert 'ô: hàng "Tổng cộng" · cột "Số hồ sơ đã giải quyết › Đúng hạn"' in page
    row = re.search(r'<tr data-fact="\w+" class="fact needs-review cell">.*?</tr>', page,
                    re.S)
    assert row is not None and "62 %" in row.group(0) and "cần thẩm định" in row.group(0)
    # the line fact: its line, 97 %, not marked
    assert "dòng: «Tổng số hồ sơ tiếp nhận: 1800»" in page
    line = re.search(r'<tr data-fact="\w+" class="fact">.*?</tr>', page, re.S)
    assert line is not None and "97 %" in line.group(0) and "cần thẩm định" not in line.group(0)
    # unmapped values, label and value
    assert "Giá trị không ánh xạ" in page
    assert re.search(r"<td>Số hồ sơ chuyển cấp huyện</td><td>37</td>", page)
    # signature: indication and time source in words, the clerk's additions listed
    assert "Chưa xác định" in page and "không dựng được chuỗi chứng thư" in page
    assert "hiểu là giờ Việt Nam (UTC+7)" in page
    assert "Văn thư bổ sung sau khi ký" in page
    assert "«Số: 01/UBND-VHTT» · trang 1 · chú thích chữ" in page
    # the changed region (100 dpi pixels) and the addition (PDF points, y up) on page 1
    changed, added = _boxes(page, "changed"), _boxes(page, "addition")
    assert len(changed) == 1 and len(added) == 1
    left, top, width, height = changed[0]
    # an A4/Letter page at 100 dpi is 827–850 px wide: 100 px is 11.8–12.1 %
    assert 11.5 < left < 12.5 and 0 < top < 30 and 30 < width < 40 and height > 0
    # the text-layer fact's box is in the same pixels (the 100 dpi rendering of the
    # media box) as the changed region given the same rectangle: drawn at the same place
    facts = _boxes(page, "fact")
    assert len(facts) == 1 and facts[0] == pytest.approx(changed[0], abs=0.01)
    assert "Chưa vẽ được vị trí" not in page
    aleft, atop, _, _ = added[0]
    # x 72 pt of a ~595–612 pt page; y 716 pt from the bottom is near the top
    assert 11.5 < aleft < 12.5 and atop < 15
    assert "<script>" not in page.split("</header>", 1)[-1]  # no inline script


def test_a_fact_box_on_an_image_keeps_its_place(ready: RunContext,
                                                app_client: TestClient) -> None:
    login(app_client, "thamdinh")
    with Session(ready.engine) as s:
        shot = s.exec(select(Finding).where(Finding.code == "CLAIM_MISMATCH")).one()
    page = html.unescape(app_client.get(f"/findings/{shot.id}").text)
    boxes = [b for k in ("fact", "cell", "doubt") for b in _boxes(page, k)]
    assert boxes and all(0 <= b[0] <= 100 and 0 <= b[1] <= 100 and b[2] > 0 for b in boxes)
    assert "trang 1: " in page and "%" in page


@pytest.mark.slow
def test_screenshot_of_the_evidence_view(ready: RunContext) -> None:
    from playwright.sync_api import sync_playwright

    from tests.review.test_e2e import _sign_in, live_server

    need_browser()
    fid, _ = _signed_pdf_finding(ready)
    ARTIFACTS.mkdir(exist_ok=True)
    with live_server(ready) as url, sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_context(base_url=url,
                                       viewport={"width": 1366, "height": 900}).new_page()
            refused: list[str] = []
            page.on("console", lambda m: refused.append(m.text)
                    if "Content Security Policy" in m.text else None)
            _sign_in(page, "thamdinh", "**/review")
            page.goto(f"/findings/{fid}")
            page.wait_for_load_state("networkidle")
            assert page.locator(".box.changed").count() == 1
            changed = page.locator(".box.changed").first.bounding_box()
            shot = page.locator('.page[data-page="1"] img').bounding_box()
            assert changed is not None and shot is not None
            # placed inside the page image, not at its corner with no size
            assert changed["width"] > 2 and changed["height"] > 2
            assert shot["x"] <= changed["x"] and changed["x"] + changed["width"] <= \
                shot["x"] + shot["width"] + 1
            assert refused == []  # nothing on the page needs what the CSP forbids
            assert 'style="' not in page.content() and "<style" not in page.content()
            page.screenshot(path=str(ARTIFACTS / "evidence-view-1366.png"), full_page=True)
        finally:
            browser.close()


def test_an_ocr_box_of_a_scanned_pdf_is_placed_on_the_page() -> None:
    """A scan (one image filling the page): a box in the image's pixels lands at the same
    place in percent of the page; a text PDF page gets no box and says so."""
    import io

    from PIL import Image
    from pypdf import PdfWriter

    from review.data import EvidenceView, FactRow, _pdf_pages, _place

    buf = io.BytesIO()
    Image.new("RGB", (1240, 1754), "white").save(buf, "PDF", resolution=150.0)
    pages = _pdf_pages(buf.getvalue())
    assert pages[1].image == (1240, 1754)
    view = EvidenceView(Finding(campaign_id=1, fingerprint="x", scope="x", code="X",
                                severity="warning", message=""), None, None, None, pages=1)
    view.fact_rows = [FactRow("dossiers_on_time", "12", "12", 1, "dòng: «12»", False, 0.95,
                              False, (124.0, 175.4, 248.0, 350.8))]
    _place(view, pages)
    assert [(round(b.left, 1), round(b.top, 1), round(b.width, 1), round(b.height, 1), b.kind)
            for b in view.boxes] == [(10.0, 10.0, 10.0, 10.0, "fact")]

    blank = io.BytesIO()
    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.write(blank)
    view.boxes, view.pdf_boxes_missing = [], 0
    _place(view, _pdf_pages(blank.getvalue()))
    assert view.boxes == [] and view.pdf_boxes_missing == 1


def _main(page: str) -> str:
    """The text a person reads in <main> (tags, attributes and scripts left out)."""
    body = page.split("<main>")[1].split("</main>")[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_at_a_glance_comparison_coverage_grid_and_certificates(ready: RunContext,
                                                               app_client: TestClient) -> None:
    login(app_client, "thamdinh")
    with Session(ready.engine) as s:
        ids = {c: s.exec(select(Finding.id).where(Finding.code == c)).first()
               for c in ("CLAIM_MISMATCH", "COVERAGE_QUARTER_MISSING", "SIG_INVALID")}
    mismatch = app_client.get(f"/findings/{ids['CLAIM_MISMATCH']}").text
    row = mismatch.split('<tr class="differs">')[1].split("</tr>")[0]
    assert "Hồ sơ trả đúng hạn" in row and "1.811" in row and \
        '<td class="num mismatch">1.741</td>' in row
    coverage = app_client.get(f"/findings/{ids['COVERAGE_QUARTER_MISSING']}").text
    grid = coverage.split('<table class="coverage">')[1].split("</table>")[0]
    lan = grid.split("Ngô Thị Lan")[1].split("</tr>")[0]
    assert lan.count('class="filled"') == 3 and lan.count('class="gap"') == 1
    assert "01/04/2019–30/06/2019" in grid and "cv-2018-12-14-ngo-thi-lan.pdf" in lan
    sig = _main(app_client.get(f"/findings/{ids['SIG_INVALID']}").text)
    assert "Hiệu lực chứng thư" in sig and "01/01/2018–31/12/2028" in sig
    assert "(UTC+7)" in sig and "Tổ chức cấp chứng thư" in sig
    for text in (_main(mismatch), _main(coverage), sig):
        # no ISO dates (file names such as cv-2018-11-27-….pdf aside)
        assert not re.search(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])", text)
        assert not re.search(r"\b\d+\.0\b", text)  # no «1811.0»
        assert not re.search(r"\b(CLAIM|SIG|COVERAGE)_[A-Z_]+\b", text)  # no codes
        assert "Common Name" not in text
