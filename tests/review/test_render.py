"""Page rendering bounded: hostile PDFs and images refused before or within the limits
(real pdftoppm, real Pillow), every answer remembered in the blob store's derived
area, a cap on concurrent renderings, and the nightly run's prerendering."""

import threading
from pathlib import Path

import anyio
import pytest
from sqlmodel import Session, col, select

from flows.context import RunContext
from rendering.pages import Outcome, Renderer, RenderLimits, prerender_flagged
from sample_evidence.generator.hostile import _content_bomb, _png_bomb, _raw_pdf
from storage.blobs import BlobStore
from storage.models import Evidence, Finding, FindingStatus
from tests.conftest import SAMPLE

PDF = "application/pdf"


def huge_page_pdf() -> bytes:
    """A few hundred bytes: one empty 7200 × 7200 pt page (100 Mpx at 100 dpi; pdftoppm
    took 400 MiB and 6 s for it)."""
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 7200 7200] >>"])


@pytest.fixture(scope="module")
def content_bomb() -> bytes:
    """Under 1 MB, its content stream inflating to 300 MiB."""
    return _content_bomb(300)


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


def sample_pdf() -> bytes:
    return next(p for p in sorted((SAMPLE / "uploads").rglob("*.pdf"))).read_bytes()


def test_huge_page_refused_before_rendering_then_from_the_store(blobs: BlobStore) -> None:
    data = huge_page_pdf()
    assert len(data) < 400
    key = blobs.put_bytes(data)
    r = Renderer(blobs).page(key, PDF, 1)
    assert (r.outcome, r.status, r.cached) == (Outcome.TOO_LARGE, 422, False)
    assert r.detail == "page is 10000×10000 px at 100 dpi"  # measured, not rendered
    assert "10000 × 10000 điểm ảnh" in r.message and "tải tệp gốc" in r.message
    svg = r.placeholder_svg(1)
    assert b"<svg" in svg and "quá lớn".encode() in svg
    again = Renderer(blobs).page(key, PDF, 1)  # a new renderer: the record is on disk
    assert (again.outcome, again.cached, again.message) == (Outcome.TOO_LARGE, True, r.message)
    assert blobs.derived_path(key, "page-1-100.refused").is_file()


def test_huge_page_past_the_check_stopped_by_the_memory_limit(blobs: BlobStore) -> None:
    """With the pixel check out of the way, pdftoppm itself hits the sandbox's limit
    (it says «Out of memory» and writes a 1 × 1 image: that is not shown as the page)."""
    key = blobs.put_bytes(huge_page_pdf())
    r = Renderer(blobs, RenderLimits(max_pixels=10**9, memory_mib=256)).page(key, PDF, 1)
    assert r.outcome == Outcome.LIMIT and r.status == 422
    assert r.detail.startswith("memory:") and "bộ nhớ" in r.message


def test_content_bomb_refused_before_rendering(blobs: BlobStore, content_bomb: bytes) -> None:
    assert len(content_bomb) < 1_000_000
    key = blobs.put_bytes(content_bomb)
    r = Renderer(blobs).page(key, PDF, 1)
    assert r.outcome == Outcome.TOO_LARGE and r.detail == "content inflates past 64 MiB"
    assert Renderer(blobs).page(key, PDF, 1).cached


def test_content_bomb_past_the_check_stopped_by_the_time_limit(
        blobs: BlobStore, content_bomb: bytes) -> None:
    key = blobs.put_bytes(content_bomb)
    slow = Renderer(blobs, RenderLimits(max_content_bytes=2**40, seconds=1))
    r = slow.page(key, PDF, 1)
    assert (r.outcome, r.retry) == (Outcome.LIMIT, True) and r.detail.startswith("time:")
    assert slow.page(key, PDF, 1).cached  # requests are answered from the record
    # the nightly run tries a timed-out page again (here with the same result)
    retried = slow.page(key, PDF, 1, retry_limits=True)
    assert (retried.outcome, retried.cached) == (Outcome.LIMIT, False)


def test_pages_rendered_once_then_served_from_the_store(blobs: BlobStore) -> None:
    key = blobs.put_bytes(sample_pdf())
    first = Renderer(blobs).page(key, PDF, 1)
    assert first.outcome == Outcome.RENDERED and first.png and first.png[:4] == b"\x89PNG"
    assert not first.cached
    stored = blobs.derived_path(key, "page-1-100.png")
    assert stored.read_bytes() == first.png
    second = Renderer(blobs).page(key, PDF, 1)
    assert (second.cached, second.png) == (True, first.png)
    assert Renderer(blobs).page(key, PDF, 99).outcome == Outcome.NO_PAGE
    assert Renderer(blobs).page(key, PDF, 0).status == 404


def test_image_bombs_and_broken_images(blobs: BlobStore) -> None:
    bomb = blobs.put_bytes(_png_bomb(8_000))  # 64 Mpx in a few kB
    r = Renderer(blobs).page(bomb, "image/png", 1)
    assert r.outcome == Outcome.TOO_LARGE and "8000 × 8000" in r.message
    broken = blobs.put_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert Renderer(blobs).page(broken, "image/png", 1).outcome == Outcome.BROKEN
    shot = next(p for p in sorted((SAMPLE / "uploads").rglob("*.png"))).read_bytes()
    good = blobs.put_bytes(shot)
    page = Renderer(blobs).page(good, "image/png", 1)
    assert page.outcome == Outcome.RENDERED and page.png
    assert Renderer(blobs).page(good, "image/png", 2).outcome == Outcome.NO_PAGE


def test_concurrent_renderings_capped(blobs: BlobStore) -> None:
    """With the only slot taken, a request waits ``wait_seconds`` and is told the server
    is busy; that answer is not remembered, and the page renders once a slot frees."""
    key = blobs.put_bytes(sample_pdf())
    renderer = Renderer(blobs, RenderLimits(concurrency=1, wait_seconds=0.2))
    assert renderer._slots.acquire(timeout=1)
    try:
        busy = renderer.page(key, PDF, 1)
        assert (busy.outcome, busy.status) == (Outcome.BUSY, 503)
        assert "bận" in busy.message
        assert anyio.run(renderer.page_async, key, PDF, 1).outcome == Outcome.BUSY
    finally:
        renderer._slots.release()
    assert not blobs.derived_path(key, "page-1-100.refused").exists()
    assert renderer.page(key, PDF, 1).outcome == Outcome.RENDERED


def test_parallel_requests_for_one_page_render_it_once(blobs: BlobStore) -> None:
    key = blobs.put_bytes(sample_pdf())
    renderer = Renderer(blobs, RenderLimits(concurrency=4))
    results = []

    def ask() -> None:
        results.append(renderer.page(key, PDF, 1))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.outcome for r in results] == [Outcome.RENDERED] * 6
    assert sum(not r.cached for r in results) == 1
    assert len({r.png for r in results}) == 1


async def _both(renderer: Renderer, key: str) -> list[Outcome]:
    out = []
    for _ in range(2):
        out.append((await renderer.page_async(key, PDF, 1)).outcome)
    return out


def test_page_async(blobs: BlobStore) -> None:
    key = blobs.put_bytes(huge_page_pdf())
    assert anyio.run(_both, Renderer(blobs), key) == [Outcome.TOO_LARGE] * 2


def test_prerender_flagged(ready: RunContext) -> None:
    renderer = Renderer(ready.blobs)
    with Session(ready.engine) as s:
        counts = prerender_flagged(s, ready.campaign_id, renderer)
        flagged = s.exec(select(Evidence).where(col(Evidence.id).in_(
            select(Finding.evidence_id).where(Finding.status == FindingStatus.OPEN)))).all()
    assert counts.get("rendered", 0) >= 1 and "cached" not in counts
    assert flagged
    for ev in flagged:
        if ev.replaced_at is None and ev.media_type in (PDF, "image/png", "image/jpeg"):
            assert renderer.page(ev.blob_key, ev.media_type, 1).cached
    with Session(ready.engine) as s:
        again = prerender_flagged(s, ready.campaign_id, renderer)
    assert set(again) == {"cached"} and again["cached"] == sum(counts.values())
