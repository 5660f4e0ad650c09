"""End to end in a real browser: Debian's Chromium driven by Playwright (no downloaded
browser). A reviewer opens a flagged mismatch from the queue with the keyboard, accepts
it and sees the unit's score change; a unit cannot open another unit's evidence.
Screenshots are kept under var/test-artifacts/."""

import os
import shutil
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
from storage.models import Evidence, Unit
from tests.review.conftest import PASSWORD

CHROMIUM = os.environ.get("KIEMCHUNG_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("KIEMCHUNG_TEST_ARTIFACTS", "var/test-artifacts"))

pytestmark = pytest.mark.slow


def _need_browser() -> None:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("KIEMCHUNG_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing (scripts/setup.sh installs Debian's chromium)")
        pytest.skip(f"{CHROMIUM} is missing")


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
    _need_browser()
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
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            reviewer = browser.new_context(base_url=server, viewport={"width": 1366,
                                                                      "height": 768})
            page = reviewer.new_page()
            _sign_in(page, "thamdinh", "**/review")
            page.screenshot(path=str(ARTIFACTS / "e2e-1-queue.png"), full_page=True)
            before = _verified(page, "xa-quang-phong")
            page.goto("/review?code=CLAIM_MISMATCH")
            page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_url("**/findings/*")
            assert "CLAIM_MISMATCH" in page.inner_text("h1")
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
