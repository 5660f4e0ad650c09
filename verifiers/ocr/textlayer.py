"""Words with boxes from a PDF's text layer, for the layout model.

Engine: poppler's ``pdftotext -tsv`` (measured against pypdf's ``visitor_text`` and
pdfminer.six on browser-printed pages: pypdf gives text runs without word widths and
is 8× slower; pdfminer.six boxes are as good but it is 12× slower and a new
dependency). Poppler is also what the review app renders page images with
(``pdftoppm``), so a box read here lands on the rendering where the word is drawn.

Geometry: pixels of the review app's page rendering (``TEXT_LAYER_DPI``, the media
box, the page's ``/Rotate`` applied, y down), the pixel space in which the evidence
view draws boxes over a PDF page. Words outside the crop box (a viewer does not show
them) are left out; a page whose text runs sideways (a portrait page turned with
``/Rotate`` over landscape content) cannot be positioned for the layout model and is
left to the box-less reading.

Ruling lines and a side menu's edge are seen in pixels, as on a screenshot: a page
positioned from its layer answers ``rules`` from its own rendering (``pdftoppm`` at the
same resolution, made only when the layout model first asks).

Hostile files: one pdftotext run per document, under a memory limit, a time limit and
a limit on the size of its output; pages with more words than ``MAX_WORDS_PER_PAGE``
are not positioned. Nothing here raises: a failure is a ``problem`` for the reading.
"""

from __future__ import annotations

import contextlib
import logging
import resource
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field

from verifiers.ocr.images import Prepared
from verifiers.ocr.read import Reading, rules_in

log = logging.getLogger(__name__)

TEXT_LAYER_DPI = 100
"""Must equal ``rendering.pages.RENDER_DPI`` (the evidence view's page renderings): a test
holds them together."""
SECONDS = 60.0
"""Wall-clock limit of the one pdftotext run of a document (Tesseract's per-page limit)."""
MEMORY_MIB = 1024
MAX_OUTPUT_BYTES = 32 * 1024 * 1024
"""pdftotext's TSV for all pages read; past this the run is stopped (a text bomb)."""
MAX_RENDERED_PAGES = 10
"""Pages rendered to look for ruling lines; later pages are laid out without them."""
MAX_RENDER_PIXELS = 25_000_000
MAX_WORDS_PER_PAGE = 6000
"""A page with more words is no screen or report the layout model can read in time."""
SIDEWAYS_SHARE = 0.5
"""Above this share of sideways words a page is sideways."""
LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class LayerWord:
    text: str
    box: Box
    """(x0, y0, x1, y1) in rendering pixels."""


@dataclass
class LayerPage:
    number: int
    width: float
    height: float
    """The rendering's size in pixels."""
    lines: list[list[LayerWord]] = field(default_factory=list)
    """pdftotext's lines, in its reading order (the layout model regroups the words)."""
    positioned: bool = True
    """False: the page's words cannot be given to the layout model (sideways text, too
    many words); ``why`` says why."""
    why: str = ""
    hidden: int = 0
    """Words left out because they lie outside the crop box."""

    @property
    def words(self) -> int:
        return sum(len(ln) for ln in self.lines)


@dataclass
class TextLayer:
    pages: dict[int, LayerPage] = field(default_factory=dict)
    problem: tuple[str, str] | None = None
    """(English, Vietnamese) when pdftotext failed: no page is positioned."""


@dataclass
class LayerReading(Reading):
    """A PDF's reading: pages positioned from their text layer (``layer_pages``) answer
    ``rules`` from a rendering of the page (never handed to the OCR second pass: the
    text layer's words are exact)."""

    data: bytes = b""
    layer_pages: dict[int, LayerPage] = field(default_factory=dict)
    renderings: dict[int, Prepared | None] = field(default_factory=dict)
    """Page → its prepared rendering, or None when it could not be made."""

    def rules(self, page: int, box: Box) -> bool:
        if page in self.prepared or page not in self.layer_pages:
            return super().rules(page, box)
        prep = self._rendering(page)
        return prep is not None and rules_in(prep, box)

    def _rendering(self, page: int) -> Prepared | None:
        if page not in self.renderings:
            self.renderings[page] = None
            p = self.layer_pages[page]
            if len(self.renderings) <= MAX_RENDERED_PAGES and \
                    p.width * p.height <= MAX_RENDER_PIXELS:
                self.renderings[page] = _render(self.data, page)
        return self.renderings[page]


def _render(data: bytes, page: int) -> Prepared | None:
    """The page as the review app renders it, in grey, dark themes turned light (as a
    screenshot is prepared, without the upscaling OCR needs), or None."""
    import io

    from PIL import Image, ImageOps, ImageStat

    cmd = ["pdftoppm", "-q", "-f", str(page), "-l", str(page), "-r", str(TEXT_LAYER_DPI),
           "-gray", "-png", "-"]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
    except OSError as exc:
        log.warning("cannot start pdftoppm: %s", exc)
        return None
    try:
        with contextlib.suppress(ProcessLookupError, OSError):
            resource.prlimit(proc.pid, resource.RLIMIT_AS, (MEMORY_MIB * 1024 * 1024,) * 2)
        out, _e = proc.communicate(data, timeout=SECONDS / 2)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        log.info("page %d not rendered in time: laid out without ruling lines", page)
        return None
    if proc.returncode != 0 or not out.startswith(b"\x89PNG"):
        return None
    try:
        with Image.open(io.BytesIO(out)) as im:
            if im.width * im.height > MAX_RENDER_PIXELS:
                return None
            grey = im.convert("L")
            dark = ImageStat.Stat(grey).mean[0] < 110
            return Prepared(ImageOps.invert(grey) if dark else grey, 1.0, 0, dark, 0.0)
    except Exception as exc:  # Pillow raises many types on a broken image
        log.info("page %d rendering unusable: %s", page, exc)
        return None


def clean(text: str) -> str:
    """NFC (poppler gives a base letter and combining marks where the font drew them
    apart: «ổ» as o + ̂ + ̉) with typographic ligatures spelt out (ﬁ → fi)."""
    text = unicodedata.normalize("NFC", text)
    if any(c in LIGATURES for c in text):
        text = "".join(LIGATURES.get(c, c) for c in text)
    return text


def pictograph(text: str) -> bool:
    """Whether a word is only pictographs (a card's icon drawn from an emoji or symbol
    font: 🖥, 📄, ✉, ⚠, with their variation selectors): no text, as an OCR read of the
    same page does not give it as text; kept, it stands between a figure and its label."""
    marks = [c for c in text if unicodedata.category(c) not in ("Mn", "Cf")]
    return bool(marks) and all(unicodedata.category(c) == "So" for c in marks)


def to_display(x: float, y: float, media: Box, rotate: int) -> tuple[float, float]:
    """A point in PDF user space (y up) → the rendering's pixels at 72 dpi (y down),
    the media box's corner at the origin, ``/Rotate`` (clockwise) applied as poppler
    does."""
    left, bottom, right, top = media
    if rotate == 90:
        return y - bottom, x - left
    if rotate == 180:
        return right - x, y - bottom
    if rotate == 270:
        return top - y, right - x
    return x - left, top - y


def visible_area(media: Box, crop: Box, rotate: int, scale: float) -> Box:
    """The crop box in rendering pixels."""
    a = to_display(crop[0], crop[1], media, rotate)
    b = to_display(crop[2], crop[3], media, rotate)
    return (min(a[0], b[0]) * scale, min(a[1], b[1]) * scale,
            max(a[0], b[0]) * scale, max(a[1], b[1]) * scale)


def _sideways(w: LayerWord) -> bool | None:
    """Whether a word of three or more characters stands taller than wide (text run
    top to bottom); None for shorter words (a digit is taller than wide anyway)."""
    if len(w.text) < 3:
        return None
    x0, y0, x1, y1 = w.box
    return (y1 - y0) > 1.3 * (x1 - x0)


def read_text_layer(data: bytes, pages: int, boxes: dict[int, tuple[Box, Box, int]],
                    seconds: float = SECONDS) -> TextLayer:
    """Words with boxes of pages 1..``pages``; ``boxes``: page → (media box, crop box,
    rotation) from the PDF's dictionaries, to leave out words a viewer does not show."""
    layer = TextLayer()
    if pages <= 0:
        return layer
    try:
        tsv = _pdftotext(data, pages, seconds)
    except _Failed as exc:
        layer.problem = (f"text layer positions not read: {exc.en}",
                         f"không xác định được vị trí chữ trong lớp chữ của tệp ({exc.vi})")
        return layer
    scale = TEXT_LAYER_DPI / 72
    for n, page in _parse(tsv).items():
        if n not in boxes:
            continue
        media, crop, rotate = boxes[n]
        # (pdftotext's page row keeps the unrotated size; its words are turned)
        w, h = (media[2] - media[0]) * scale, (media[3] - media[1]) * scale
        page.width, page.height = (h, w) if rotate in (90, 270) else (w, h)
        vx0, vy0, vx1, vy1 = visible_area(media, crop, rotate, scale)
        kept: list[list[LayerWord]] = []
        for line in page.lines:
            inside = [w for w in line
                      if vx0 <= (w.box[0] + w.box[2]) / 2 <= vx1 and
                      vy0 <= (w.box[1] + w.box[3]) / 2 <= vy1]
            page.hidden += len(line) - len(inside)
            if inside:
                kept.append(inside)
        page.lines = kept
        judged = [s for ln in kept for w in ln if (s := _sideways(w)) is not None]
        if page.words > MAX_WORDS_PER_PAGE:
            page.positioned, page.why = False, f"{page.words} words"
        elif judged and sum(judged) > SIDEWAYS_SHARE * len(judged):
            page.positioned, page.why = False, "text runs sideways"
        else:
            # a few sideways words on an upright page (a stamp, a turned column
            # header) would join rows they cross: left out of the layout
            page.lines = [ws for ln in kept if (ws := [w for w in ln if not _sideways(w)])]
        layer.pages[n] = page
    return layer


class _Failed(Exception):
    def __init__(self, en: str, vi: str) -> None:
        super().__init__(en)
        self.en, self.vi = en, vi


def _pdftotext(data: bytes, pages: int, seconds: float) -> str:
    cmd = ["pdftotext", "-q", "-f", "1", "-l", str(pages), "-r", str(TEXT_LAYER_DPI), "-tsv",
           "-", "-"]
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out,
                                    stderr=subprocess.PIPE)
        except OSError as exc:
            log.error("cannot start pdftotext: %s", exc)
            raise _Failed(f"pdftotext not started ({exc})", "thiếu công cụ pdftotext") from exc
        try:
            # pdftotext waits for the file on stdin: the limits hold before it reads it
            with contextlib.suppress(ProcessLookupError, OSError):
                resource.prlimit(proc.pid, resource.RLIMIT_AS,
                                 (MEMORY_MIB * 1024 * 1024,) * 2)
                resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES,) * 2)
            _o, err = proc.communicate(data, timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise _Failed(f"pdftotext took more than {seconds:g} s",
                          f"đọc lớp chữ quá {seconds:g} giây") from None
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        said = err[-2000:].decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            if proc.returncode < 0:
                what, vi = f"pdftotext killed by signal {-proc.returncode}", \
                    "lớp chữ quá lớn hoặc cần quá nhiều bộ nhớ"
            else:
                what, vi = f"pdftotext exit {proc.returncode}", "lớp chữ bị hỏng"
            raise _Failed(f"{what}: {said[-300:]}", vi)
        out.seek(0)
        return out.read(MAX_OUTPUT_BYTES + 1).decode("utf-8", "replace")


def _parse(tsv: str) -> dict[int, LayerPage]:
    """pdftotext's TSV: a level-1 row per page (its size in points), a level-4 row per line, a
    level-5 row per word (left, top, width, height in rendering pixels)."""
    pages: dict[int, LayerPage] = {}
    line: list[LayerWord] | None = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t", 11)
        if len(cols) < 12:
            continue
        try:
            level, n = int(cols[0]), int(cols[1])
            x, y, w, h = (float(c) for c in cols[6:10])
        except ValueError:
            continue
        if level == 1:  # the page's size in points, whatever the resolution
            pages[n] = LayerPage(n, w * TEXT_LAYER_DPI / 72, h * TEXT_LAYER_DPI / 72)
            line = None
        elif level == 4 and n in pages:
            line = []
            pages[n].lines.append(line)
        elif level == 5 and line is not None and w > 0 and h > 0:
            text = clean(cols[11]).strip()
            if text and not pictograph(text):
                line.append(LayerWord(text, (x, y, x + w, y + h)))
    for p in pages.values():
        p.lines = [ln for ln in p.lines if ln]
    return pages
