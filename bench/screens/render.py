"""Screenshots of HTML pages with Debian's chromium, through Playwright: one browser
launch for a whole batch, one context per page (its own width and zoom), a
full-page screenshot, then an optional JPEG re-save with Pillow, as units do when
they paste a screenshot into a document or send it through a chat app.

With ``pdf=True`` the page is printed to PDF instead (screen styles, backgrounds, one
page as wide as the viewport and as tall as the content): a report exported or
printed from the system, with a text layer."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

CHROMIUM = os.environ.get("KIEMCHUNG_CHROMIUM", "/usr/bin/chromium")
MAX_HEIGHT = 2400
"""CSS pixels; taller pages are cut (a screenshot shows one screen or a little more)."""


class RenderUnavailable(RuntimeError):
    """Chromium or Playwright is missing: the browser-rendered set cannot be made."""


@dataclass(frozen=True)
class Job:
    html: str
    out: Path
    width: int
    """Viewport width in CSS pixels."""
    zoom: float
    """Device scale factor: the image is ``width * zoom`` pixels wide."""
    jpeg_quality: int | None = None
    pdf: bool = False
    """Print the page to PDF (a text layer) instead of a screenshot; ``zoom`` and
    ``jpeg_quality`` do not apply."""


def render(jobs: list[Job]) -> None:
    """Write every job's screenshot (PNG, or JPEG when a quality is given)."""
    if not jobs:
        return
    if not Path(CHROMIUM).exists():
        raise RenderUnavailable(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a dev dependency
        raise RenderUnavailable("playwright is not installed (uv sync --dev)") from exc
    args = ["--hide-scrollbars", "--font-render-hinting=none", "--disable-gpu"]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            for job in jobs:
                context = browser.new_context(
                    viewport={"width": job.width, "height": 720},
                    device_scale_factor=job.zoom)
                try:
                    pg = context.new_page()
                    if job.pdf:
                        pg.emulate_media(media="screen")
                    pg.set_content(job.html, wait_until="load")
                    pg.evaluate("document.fonts.ready")
                    height = min(int(pg.evaluate("document.documentElement.scrollHeight")),
                                 MAX_HEIGHT)
                    if job.pdf:
                        data = pg.pdf(width=f"{job.width}px", height=f"{height}px",
                                      print_background=True, page_ranges="1")
                        job.out.parent.mkdir(parents=True, exist_ok=True)
                        job.out.write_bytes(data)
                        continue
                    png = pg.screenshot(clip={"x": 0, "y": 0, "width": job.width,
                                              "height": height}, full_page=True)
                finally:
                    context.close()
                _save(png, job)
        finally:
            browser.close()


def _save(png: bytes, job: Job) -> None:
    job.out.parent.mkdir(parents=True, exist_ok=True)
    if job.jpeg_quality is None:
        job.out.write_bytes(png)
        return
    with Image.open(io.BytesIO(png)) as im:
        im.convert("RGB").save(job.out, "JPEG", quality=job.jpeg_quality)
