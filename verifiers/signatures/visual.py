"""Visual comparison of a signed revision with the final document (shadow attacks,
part b): render both with poppler's ``pdftoppm`` and compare page by page.

Only pages that an increment touched are rendered, at a low resolution in grayscale,
under a timeout and a page cap: the question is "does the reader see something the
signer did not sign", which a 50 dpi rendering answers for text-sized changes.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from verifiers.signatures.textlayer import Box

log = logging.getLogger(__name__)

DPI = 50
REPORT_DPI = 100
"""``changed_regions`` are in pixels of a 100 dpi rendering (the evidence view's)."""
TIMEOUT_S = 20.0
MAX_PAGES = 8
PIXEL_THRESHOLD = 64
"""Gray levels two renderings may differ by before a pixel counts as changed
(anti-aliasing of identical content differs by a few levels, text by ~200)."""
MIN_CHANGED_PIXELS = 3
INK = 110
"""Darker than this is ink (text) in the signed rendering."""
PAPER = 200
"""Lighter than this in the final rendering: the ink is gone."""


class RenderError(Exception):
    """pdftoppm failed, timed out or is missing."""


@dataclass
class PageImages:
    size_pt: tuple[float, float]
    images: dict[int, object] = field(default_factory=dict)


def render(pdf: bytes, pages: list[int]) -> dict[int, object]:
    """Grayscale renderings (Pillow images) of the 0-based ``pages`` of ``pdf``."""
    return Rendering([pdf], pages).wait()[0]


class Rendering:
    """pdftoppm runs for several PDFs (the signed revision and the final document),
    started at once and side by side, so that the caller can do other work (reading
    the text layer) while they run. ``wait`` returns the images, one dict per PDF."""

    def __init__(self, pdfs: list[bytes], pages: list[int]) -> None:
        exe = shutil.which("pdftoppm")
        if exe is None:
            raise RenderError("pdftoppm not installed (poppler-utils)")
        self.pages = pages
        self._tmp = tempfile.TemporaryDirectory(prefix="kc-visual-")
        self.dir = Path(self._tmp.name)
        first, last = min(pages) + 1, max(pages) + 1
        self.procs: list[subprocess.Popen[bytes]] = []
        try:
            for i, pdf in enumerate(pdfs):
                src = self.dir / f"in{i}.pdf"
                src.write_bytes(pdf)
                cmd = [exe, "-r", str(DPI), "-gray", "-f", str(first), "-l", str(last),
                       str(src), str(self.dir / f"r{i}")]
                self.procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.PIPE))
        except Exception:
            self.close()
            raise

    def wait(self) -> list[dict[int, object]]:
        from PIL import Image

        results: list[dict[int, object]] = []
        try:
            for i, proc in enumerate(self.procs):
                try:
                    _out, err = proc.communicate(timeout=TIMEOUT_S)
                except subprocess.TimeoutExpired as exc:
                    raise RenderError(f"pdftoppm timed out after {TIMEOUT_S:g} s") from exc
                files = sorted(self.dir.glob(f"r{i}-*.pgm"))
                if proc.returncode != 0 and not files:
                    raise RenderError(f"pdftoppm exit {proc.returncode}: "
                                      f"{err.decode('utf-8', 'replace')[:200]}")
                images: dict[int, object] = {}
                for f in files:
                    n = int(f.stem.rsplit("-", 1)[1]) - 1
                    if n in self.pages:
                        with Image.open(f) as im:
                            images[n] = im.convert("L").copy()
                results.append(images)
        finally:
            self.close()
        return results

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self._tmp.cleanup()


@dataclass(frozen=True)
class Region:
    page: int
    """0-based."""
    box_px: tuple[int, int, int, int]
    """(left, top, right, bottom) at ``DPI``."""
    changed: int
    """Changed pixels."""
    ink_lost: float
    """Share of the signed rendering's ink in the region that is gone in the final one."""

    def box_pt(self, page_height: float) -> Box:
        k = 72 / DPI
        left, top, right, bottom = self.box_px
        return (left * k, page_height - bottom * k, right * k, page_height - top * k)

    def report(self, page_height: float) -> dict[str, object]:
        k = REPORT_DPI / DPI
        return {"page": self.page + 1,
                "bbox": [round(v * k) for v in self.box_px],
                "bbox_pt": [round(v, 1) for v in self.box_pt(page_height)],
                "ink_lost": round(self.ink_lost, 2)}


def _px(box: Box, page_height: float, pad: int = 2) -> tuple[int, int, int, int]:
    k = DPI / 72
    return (int(box[0] * k) - pad, int((page_height - box[3]) * k) - pad,
            int(box[2] * k) + 1 + pad, int((page_height - box[1]) * k) + 1 + pad)


def differences(before: object, after: object, page: int, page_height: float,
                allowed: list[Box]) -> list[Region]:
    """Changed regions of one page outside the ``allowed`` boxes (PDF points)."""
    from PIL import Image, ImageChops, ImageDraw

    assert isinstance(before, Image.Image) and isinstance(after, Image.Image)
    if before.size != after.size:
        w, h = after.size
        return [Region(page, (0, 0, w, h), w * h, 1.0)]
    if before.tobytes() == after.tobytes():  # the usual case, and cheap: nothing changed
        return []
    diff = ImageChops.difference(before, after).point(
        lambda v: 255 if v > PIXEL_THRESHOLD else 0)
    draw = ImageDraw.Draw(diff)
    for box in allowed:
        draw.rectangle(_px(box, page_height), fill=0)
    if diff.getbbox() is None:
        return []
    return _components(diff, before, after, page)


def ink_lost_in(before: object, after: object, box: Box, page_height: float) -> float:
    """Share of the signed rendering's ink inside ``box`` (PDF points) that is gone."""
    from PIL import Image

    assert isinstance(before, Image.Image) and isinstance(after, Image.Image)
    if before.size != after.size:
        return 1.0
    px = _px(box, page_height, pad=0)
    return _ink_lost(before.crop(px), after.crop(px))


def _components(mask: object, before: object, after: object, page: int) -> list[Region]:
    """Group changed pixels into regions on a coarse grid (8 px cells)."""
    from PIL import Image

    assert isinstance(mask, Image.Image)
    assert isinstance(before, Image.Image) and isinstance(after, Image.Image)
    cell = 8
    w, h = mask.size
    small = mask.resize(((w + cell - 1) // cell, (h + cell - 1) // cell), Image.Resampling.BOX)
    sw, sh = small.size
    grid = small.load()
    assert grid is not None
    seen: set[tuple[int, int]] = set()
    regions: list[Region] = []
    for y in range(sh):
        for x in range(sw):
            if (x, y) in seen or not grid[x, y]:
                continue
            stack, cells = [(x, y)], []
            seen.add((x, y))
            while stack:
                cx, cy = stack.pop()
                cells.append((cx, cy))
                for nx in range(cx - 1, cx + 2):
                    for ny in range(cy - 1, cy + 2):
                        if 0 <= nx < sw and 0 <= ny < sh and (nx, ny) not in seen \
                                and grid[nx, ny]:
                            seen.add((nx, ny))
                            stack.append((nx, ny))
            box = (min(c[0] for c in cells) * cell, min(c[1] for c in cells) * cell,
                   min(w, (max(c[0] for c in cells) + 1) * cell),
                   min(h, (max(c[1] for c in cells) + 1) * cell))
            changed = sum(mask.crop(box).histogram()[1:])
            if changed < MIN_CHANGED_PIXELS:
                continue
            regions.append(Region(page, box, changed, _ink_lost(before.crop(box),
                                                                after.crop(box))))
    return regions


def _ink_lost(before: object, after: object) -> float:
    from PIL import Image, ImageChops

    assert isinstance(before, Image.Image) and isinstance(after, Image.Image)
    ink_mask = before.point(lambda v: 255 if v < INK else 0)
    paper_mask = after.point(lambda v: 255 if v > PAPER else 0)
    ink = ink_mask.histogram()[255]
    lost = ImageChops.multiply(ink_mask, paper_mask).histogram()[255]
    return lost / ink if ink else 0.0
