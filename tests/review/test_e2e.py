"""End to end in a real browser: Debian's Chromium driven by Playwright (no downloaded
browser). A reviewer opens a flagged mismatch from the queue with the keyboard, accepts
it and sees the unit's score change; a unit cannot open another unit's evidence. The
workbench at 1366 px and 390 px: search, assignment in bulk, clearing one's own queue
from the keyboard, a bulk decision, the dashboard. Screenshots are kept under
var/test-artifacts/ (``KIEMCHUNG_TEST_ARTIFACTS``)."""

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session, select

from flows.context import RunContext
from review.app import create_app
from storage.models import Evidence, Finding, Unit
from tests.browser import launch, need_browser
from tests.review.conftest import PASSWORD

ARTIFACTS = Path(os.environ.get("KIEMCHUNG_TEST_ARTIFACTS", "var/test-artifacts"))

pytestmark = pytest.mark.slow


@contextmanager
def live_server(ctx: RunContext) -> Iterator[str]:
    """The web app served on a free loopback port in a thread, for the browser."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(ctx=ctx), host="127.0.0.1", port=port,
                                        log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(10)


@pytest.fixture
def server(ready: RunContext) -> Iterator[str]:
    need_browser()
    with live_server(ready) as url:
        yield url


def _sign_in(page, username: str, lands_on: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lands_on)


def _verified(page, unit: str) -> str:  # type: ignore[no-untyped-def]
    page.goto("/scores")
    return str(page.locator(f'tr[data-unit="{unit}"] td.verified').inner_text())


def test_reviewer_accepts_a_mismatch_and_the_score_follows_unit_is_fenced(
        server: str, ready: RunContext) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with Session(ready.engine) as s:
        other = s.exec(select(Unit).where(Unit.code == "xa-quang-phong")).one()
        foreign = s.exec(select(Evidence).where(Evidence.unit_id == other.id)).first()
        assert foreign is not None
    with sync_playwright() as p:
        browser = launch(p)
        try:
            reviewer = browser.new_context(base_url=server, viewport={"width": 1366,
                                                                      "height": 768})
            page = reviewer.new_page()
            _sign_in(page, "thamdinh", "**/review")
            page.screenshot(path=str(ARTIFACTS / "e2e-1-queue.png"), full_page=True)
            before = _verified(page, "xa-quang-phong")
            page.goto("/review?code=CLAIM_MISMATCH&assignee=*")
            page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_url("**/findings/*")
            assert "không khớp minh chứng" in page.inner_text("h1")
            assert page.locator("table.compare td.mismatch").count() >= 1  # 1.811 vs 1.741
            assert page.locator(".box").count() >= 1  # the fact's box on the screenshot
            page.screenshot(path=str(ARTIFACTS / "e2e-2-mismatch.png"), full_page=True)
            page.keyboard.press("a")
            page.wait_for_selector("text=Đã ghi nhận quyết định")
            after = _verified(page, "xa-quang-phong")
            page.screenshot(path=str(ARTIFACTS / "e2e-3-scores.png"), full_page=True)
            assert (before, after) == ("10", "14")

            unit = browser.new_context(base_url=server).new_page()
            _sign_in(unit, "vanphong", "**/unit")
            unit.screenshot(path=str(ARTIFACTS / "e2e-4-unit.png"), full_page=True)
            r = unit.goto(f"/evidence/{foreign.id}/file")
            assert r is not None and r.status == 404
            r = unit.goto(f"/evidence/{foreign.id}/page/1.png")
            assert r is not None and r.status == 404
            unit.goto("/review")
            assert "Không tìm thấy" in unit.inner_text("main")
            unit.screenshot(path=str(ARTIFACTS / "e2e-5-unit-refused.png"), full_page=True)
        finally:
            browser.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_workbench_search_assign_clear_from_the_keyboard_bulk_and_dashboard(
        server: str, ready: RunContext, width: int) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = lambda page, name: page.screenshot(  # type: ignore[no-untyped-def]  # noqa: E731
        path=str(ARTIFACTS / f"workbench-{width}-{name}.png"), full_page=True)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_context(base_url=server, viewport={
                "width": width, "height": 800}).new_page()
            _sign_in(page, "thamdinh", "**/review")
            assert page.locator("tr[data-href]").count() == 0  # «của tôi»: nothing yet
            # search, without diacritics, from the keyboard
            page.goto("/review?assignee=*")
            page.keyboard.press("/")
            page.keyboard.type("thong ke mot cua")
            page.keyboard.press("Enter")
            page.wait_for_url("**q=thong+ke+mot+cua**")
            codes = page.eval_on_selector_all("tr[data-code]", "rs => rs.map(r => r.dataset.code)")
            assert "CLAIM_MISMATCH" in codes and len(codes) < 10
            shot(page, "1-search")
            # assignment in bulk: tick three rows with x, give them to oneself
            page.goto("/review?assignee=-&code=SIG_INVALID")
            for _ in range(3):
                page.keyboard.press("j")
                page.keyboard.press("x")
            assert page.locator("input[name=ids]:checked").count() == 3
            with page.expect_navigation():
                page.click("#bulk-assign")
            assert page.locator("tr.ok").count() == 3
            assert page.locator("text=đã giao cho thamdinh").count() == 3
            shot(page, "2-assigned")
            # clear one's own queue from the keyboard: j, Enter, then a, a, a
            page.click("#back")
            page.goto("/review")
            assert page.locator("tr[data-href]").count() == 3
            page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_url("**/findings/*")
            assert page.locator(".pages-view .page img").count() >= 1
            page.wait_for_function("Array.from(document.querySelectorAll('.pages-view img'))"
                                   ".slice(0, 1).every(i => i.complete && i.naturalWidth > 0)")
            page.click("[data-zoom=in]")  # zoomable: the page grows inside its frame
            assert page.inner_text("#zoom-level") == "150 %"
            shot(page, "3-finding")
            for _ in range(3):
                with page.expect_navigation():
                    page.keyboard.press("a")
                page.wait_for_selector("text=Đã ghi nhận quyết định")
            page.keyboard.press("u")
            page.wait_for_url("**/review")
            assert page.locator("tr[data-href]").count() == 0
            assert "Không còn vấn đề nào" in page.inner_text("main")
            shot(page, "4-cleared")
            with Session(ready.engine) as s:
                mine = s.exec(select(Finding).where(Finding.assignee == "thamdinh")).all()
                assert len(mine) == 3 and {x.status for x in mine} == {"accepted"}
            # a bulk decision with the accept reasons (on any two open findings: the
            # sample's Decree 30 letters, read from positioned text layers, no longer
            # raise OCR_LOW_CONFIDENCE)
            page.goto("/review?assignee=*")
            page.keyboard.press("j")
            page.keyboard.press("x")
            page.keyboard.press("j")
            page.keyboard.press("x")
            page.select_option("select[name=accept_reason]", index=1)
            with page.expect_navigation():
                page.click("#bulk-accept")
            assert page.locator("tr.ok").count() == 2
            assert page.locator("text=đã ghi nhận: chấp nhận").count() == 2
            shot(page, "5-bulk")
            # the dashboard
            page.goto("/")
            assert page.locator("svg.chart").count() == 2
            assert page.locator("svg.claimed-verified rect").count() > 4
            assert page.locator('tr[data-key="xa-quang-phong"]').count() == 1
            shot(page, "6-dashboard")
            with page.expect_download() as got:
                page.click("#report-pdf")
            report = got.value
            assert report.suggested_filename == "bao-cao-tham-dinh.pdf"
            assert Path(report.path()).read_bytes()[:5] == b"%PDF-"
        finally:
            browser.close()
