"""Page images for the review app and the nightly run, bounded whatever the file.

A page is rendered once per (sha256, page, resolution) into the blob store's derived
area and served from there afterwards; a page that cannot be shown is remembered too,
so a hostile file costs one attempt, not one per request. Before rendering, the
page's size in pixels and the inflated size of its content are checked from the PDF's
own dictionaries (bounded reads); pdftoppm then runs under the verification sandbox's
memory limit and the per-page time limit, and at most ``render_concurrency`` renderings
run at once. Images are decoded with Pillow's decompression-bomb limits.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import logging
import subprocess
import threading
import weakref
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import anyio
from anyio.lowlevel import RunVar
from sqlmodel import Session, col, select

from kiemchung.core.errors import BlobStoreError
from kiemchung.core.vocabulary import FindingStatus
from storage.blobs import BlobStore
from storage.models import Evidence, Finding
from storage.settings import Settings, get_settings
from verifiers.ocr.images import ImageRejected, open_image
from verifiers.sandbox import limit_memory

log = logging.getLogger(__name__)

PRERENDER_PAGES = 20
"""Pages of one flagged file the nightly run renders ahead (the evidence view shows the
first pages first; later ones are rendered on demand)."""
MAX_CONTENT_BYTES = 64 * 1024 * 1024
"""A page whose content streams inflate to more than this is not rendered (a 300 MB
content bomb cost 26 s of pdftoppm per request)."""
STDERR_KEEP = 4096

RENDER_DPI = 100
"""The resolution of PDF page renderings: the evidence view's page images, the
coordinates of text-layer fact boxes (``verifiers.ocr.textlayer.TEXT_LAYER_DPI``) and
of the signature module's changed regions."""


class Outcome(StrEnum):
    RENDERED = "rendered"
    NO_PAGE = "no-page"
    """No such page (or not a file with pages): 404."""
    TOO_LARGE = "too-large"
    """Refused before rendering: too many pixels, or content inflating too far."""
    LIMIT = "limit"
    """pdftoppm ran out of memory or time."""
    BROKEN = "broken"
    """The file could not be rendered."""
    BUSY = "busy"
    """Every rendering slot was taken for ``render_wait_seconds``: try again (503)."""


HTTP_STATUS = {Outcome.RENDERED: 200, Outcome.NO_PAGE: 404, Outcome.TOO_LARGE: 422,
               Outcome.LIMIT: 422, Outcome.BROKEN: 422, Outcome.BUSY: 503}


@dataclass(frozen=True)
class RenderLimits:
    max_pixels: int = 25_000_000
    max_content_bytes: int = MAX_CONTENT_BYTES
    memory_mib: int = 2048
    """Address space of pdftoppm: the verification worker's (``file_memory_mib``)."""
    seconds: float = 60.0
    """Wall-clock limit of one pdftoppm run: one page, as Tesseract's per-page limit
    (``ocr_page_seconds``)."""
    concurrency: int = 2
    wait_seconds: float = 10.0

    @classmethod
    def from_settings(cls, s: Settings) -> RenderLimits:
        return cls(max_pixels=s.render_max_pixels, memory_mib=s.file_memory_mib,
                   seconds=s.ocr_page_seconds, concurrency=s.render_concurrency,
                   wait_seconds=s.render_wait_seconds)


@dataclass(frozen=True)
class Rendered:
    outcome: Outcome
    png: bytes | None = None
    message: str = ""
    """Why the page is not shown (Vietnamese), for the placeholder."""
    detail: str = ""
    """The same for logs (English)."""
    cached: bool = False
    """Served from the derived area (rendered or refused earlier)."""
    retry: bool = False
    """A refusal that may not happen again (the time limit): the nightly run tries again."""

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.outcome]

    def placeholder_svg(self, n: int) -> bytes:
        """What an ``<img>`` shows instead of the page: the message, in Vietnamese."""
        lines = _wrap(self.message or "Không hiển thị được trang này.", 46)
        text = "".join(f'<tspan x="24" dy="{28 if i else 0}">{html.escape(line)}</tspan>'
                       for i, line in enumerate(lines))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="'
                f'{120 + 28 * len(lines)}" role="img" aria-label="Trang {n}">'
                '<rect width="100%" height="100%" fill="#fff4e5" stroke="#c77700"/>'
                f'<text x="24" y="48" font-family="sans-serif" font-size="18" '
                f'fill="#5c3700">{text}</text></svg>').encode()


MESSAGES_VI = {
    "pixels": "Trang {n} quá lớn để hiển thị ({w} × {h} điểm ảnh, tối đa {limit} triệu điểm "
              "ảnh). Hãy tải tệp gốc về để xem.",
    "content": "Trang {n} có nội dung quá lớn để hiển thị (hơn {limit} MB sau khi giải nén). "
               "Hãy tải tệp gốc về để xem.",
    "image": "Ảnh quá lớn hoặc hỏng, không hiển thị được ({detail}). Hãy tải tệp gốc về để "
             "xem.",
    "memory": "Không hiển thị được trang {n}: dựng trang cần quá nhiều bộ nhớ. Hãy tải tệp "
              "gốc về để xem.",
    "time": "Không hiển thị được trang {n}: dựng trang quá {limit} giây. Hãy tải tệp gốc về "
            "để xem.",
    "broken": "Không hiển thị được trang {n}: tệp bị hỏng hoặc không đọc được.",
    "busy": "Máy chủ đang bận dựng các trang khác; hãy tải lại trang sau ít phút.",
    "no-page": "Không có trang {n} trong tệp này.",
}


class Renderer:
    """Renders and remembers page images of blobs in ``blobs``'s derived area."""

    def __init__(self, blobs: BlobStore, limits: RenderLimits | None = None) -> None:
        self.blobs = blobs
        self.limits = limits or RenderLimits()
        self._slots = threading.BoundedSemaphore(self.limits.concurrency)
        self._guard = threading.Lock()
        self._locks: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()
        self._waiting: RunVar[anyio.CapacityLimiter] = RunVar(f"kiemchung-render-{id(self)}")
        """Requests waiting for a slot, per event loop (``page_async``)."""

    def page(self, key: str, media_type: str, n: int, dpi: int = RENDER_DPI, *,
             retry_limits: bool = False) -> Rendered:
        """Page ``n`` (from 1) of blob ``key`` as PNG, or why not. Blocks while every
        slot is busy, up to ``wait_seconds`` (then BUSY). ``retry_limits``: try again a
        page that ran out of time before (the nightly run)."""
        if n < 1 or not (media_type == "application/pdf" or media_type.startswith("image/")):
            return _refused(Outcome.NO_PAGE, "no-page", "not a page", n=n)
        name = f"page-{n}-{dpi}"
        hit = self._cached(key, name, retry_limits)
        if hit is not None:
            return hit
        with self._guard:
            lock = self._locks.get(name + key)
            if lock is None:
                lock = threading.Lock()
                self._locks[name + key] = lock
        with lock:  # one rendering of a page at a time; the others then find it cached
            hit = self._cached(key, name, retry_limits)
            if hit is not None:
                return hit
            if not self._slots.acquire(timeout=self.limits.wait_seconds):
                return _refused(Outcome.BUSY, "busy", "all render slots busy", n=n)
            try:
                result = self._render(key, media_type, n, dpi)
            finally:
                self._slots.release()
            try:
                if result.outcome == Outcome.RENDERED and result.png is not None:
                    self.blobs.put_derived(key, name + ".png", result.png)
                else:
                    self.blobs.put_derived(key, name + ".refused", json.dumps({
                        "outcome": result.outcome.value, "message": result.message,
                        "detail": result.detail, "retry": result.retry},
                        ensure_ascii=False).encode())
            except BlobStoreError as exc:  # a full disk: served now, rendered again later
                log.warning("page %s of %s not kept: %s", n, key[:12], exc)
            log.info("page %s of %s: %s %s", n, key[:12], result.outcome, result.detail)
            return result

    async def page_async(self, key: str, media_type: str, n: int,
                         dpi: int = RENDER_DPI) -> Rendered:
        """``page`` from an async route. A page rendered or refused before is read at
        once; otherwise the request waits for a rendering slot in the event loop, not
        in one of the server's worker threads (up to ``wait_seconds``, then BUSY), so
        renderings queued behind a slow file never starve the other pages."""
        if n >= 1:
            hit = await anyio.to_thread.run_sync(self._cached, key, f"page-{n}-{dpi}", False)
            if hit is not None:
                return hit
        try:
            limiter = self._waiting.get()
        except LookupError:
            limiter = anyio.CapacityLimiter(self.limits.concurrency)
            self._waiting.set(limiter)
        acquired = False
        with anyio.move_on_after(self.limits.wait_seconds):
            await limiter.acquire()
            acquired = True
        if not acquired:
            return _refused(Outcome.BUSY, "busy", "all render slots busy", n=n)
        try:
            return await anyio.to_thread.run_sync(self.page, key, media_type, n, dpi)
        finally:
            limiter.release()

    def _cached(self, key: str, name: str, retry_limits: bool) -> Rendered | None:
        png = self.blobs.get_derived(key, name + ".png")
        if png is not None:
            return Rendered(Outcome.RENDERED, png, cached=True)
        raw = self.blobs.get_derived(key, name + ".refused")
        if raw is None:
            return None
        try:
            r = json.loads(raw)
            refused = Rendered(Outcome(r["outcome"]), None, str(r["message"]),
                               str(r["detail"]), cached=True, retry=bool(r["retry"]))
        except (ValueError, KeyError, TypeError):
            return None  # a record we cannot read: render again
        return None if retry_limits and refused.retry else refused

    def _render(self, key: str, media_type: str, n: int, dpi: int) -> Rendered:
        blob = self.blobs.get(key)
        if media_type.startswith("image/"):
            return self._image(blob, n)
        refusal = check_pdf_page(blob, n, dpi, self.limits)
        if refusal is not None:
            return refusal
        return self._pdftoppm(blob, n, dpi)

    def _image(self, blob: bytes, n: int) -> Rendered:
        if n != 1:
            return _refused(Outcome.NO_PAGE, "no-page", "an image has one page", n=n)
        from PIL import Image

        try:
            with Image.open(io.BytesIO(blob)) as probe:  # the header only
                w, h = probe.size
        except Exception as exc:  # Pillow raises many types on broken files
            return _refused(Outcome.BROKEN, "image", f"not a readable image: {exc}",
                            detail="ảnh hỏng")
        if w * h > self.limits.max_pixels:
            return _refused(Outcome.TOO_LARGE, "pixels", f"image is {w}×{h} pixels", n=n,
                            w=w, h=h, limit=_mpx(self.limits.max_pixels))
        try:
            im = open_image(blob)  # Pillow's decompression-bomb limits
        except ImageRejected as exc:
            return _refused(Outcome.BROKEN, "image", str(exc), detail="ảnh hỏng hoặc quá lớn")
        buf = io.BytesIO()
        im.convert("RGB").save(buf, "PNG")
        return Rendered(Outcome.RENDERED, buf.getvalue())

    def _pdftoppm(self, blob: bytes, n: int, dpi: int) -> Rendered:
        lim = self.limits
        try:
            proc = subprocess.Popen(
                ["pdftoppm", "-f", str(n), "-l", str(n), "-r", str(dpi), "-png", "-"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:  # pdftoppm missing: ours to fix, not the file's fault
            log.error("cannot start pdftoppm: %s", exc)
            raise
        try:
            # pdftoppm is waiting for its input on stdin: the limit is in place before
            # it reads a byte of the file
            with contextlib.suppress(ProcessLookupError):  # (gone already: its answer follows)
                limit_memory(lim.memory_mib, proc.pid)
            out, err = proc.communicate(blob, timeout=lim.seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return _refused(Outcome.LIMIT, "time", f"time: more than {lim.seconds:g} s",
                            retry=True, n=n, limit=f"{lim.seconds:g}")
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        said = err[-STDERR_KEEP:].decode("utf-8", "replace").strip()
        if proc.returncode < 0 or "out of memory" in said.lower() or "alloc" in said.lower():
            # (out of memory, pdftoppm says so and writes a 1 × 1 image, exit code 0)
            return _refused(Outcome.LIMIT, "memory", f"memory: pdftoppm exit "
                            f"{proc.returncode} within {lim.memory_mib} MiB: {said[-300:]}",
                            n=n)
        if proc.returncode == 0 and out.startswith(b"\x89PNG"):
            return self._checked_png(out, n)
        if proc.returncode == 0 and not out:
            return _refused(Outcome.NO_PAGE, "no-page", f"pdftoppm rendered nothing: {said}",
                            n=n)
        return _refused(Outcome.BROKEN, "broken",
                        f"pdftoppm exit {proc.returncode}: {said[-300:]}", n=n)

    def _checked_png(self, png: bytes, n: int) -> Rendered:
        """pdftoppm's output, its size read from the header (``Image.open`` applies
        Pillow's bomb limit): a page pypdf could not measure is measured here."""
        from PIL import Image

        try:
            with Image.open(io.BytesIO(png)) as im:
                w, h = im.size
        except Exception as exc:  # not a PNG after all, or a bomb
            return _refused(Outcome.BROKEN, "broken", f"pdftoppm output refused: {exc}", n=n)
        if w * h > self.limits.max_pixels:
            return _refused(Outcome.TOO_LARGE, "pixels", f"rendered {w}×{h} px", n=n, w=w,
                            h=h, limit=_mpx(self.limits.max_pixels))
        return Rendered(Outcome.RENDERED, png)


def check_pdf_page(blob: bytes, n: int, dpi: int, limits: RenderLimits) -> Rendered | None:
    """A refusal when page ``n`` is missing, has more pixels than ``limits.max_pixels`` at
    ``dpi``, or content inflating past ``limits.max_content_bytes``; None when it may
    be rendered. Read from the page's dictionaries with pypdf; every stream is inflated
    at most to the limit. A PDF pypdf cannot walk is left to pdftoppm and its limits."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(blob), strict=False)
        if n > len(reader.pages):
            return _refused(Outcome.NO_PAGE, "no-page", f"{len(reader.pages)} pages", n=n)
        page = reader.pages[n - 1]
        box = page.mediabox  # what pdftoppm renders
        unit = float(page.get("/UserUnit", 1) or 1)
        w = round(abs(float(box.width)) * unit * dpi / 72)
        h = round(abs(float(box.height)) * unit * dpi / 72)
        if w * h > limits.max_pixels:
            return _refused(Outcome.TOO_LARGE, "pixels", f"page is {w}×{h} px at {dpi} dpi",
                            n=n, w=w, h=h, limit=_mpx(limits.max_pixels))
        budget = limits.max_content_bytes
        for stream in _page_streams(page):
            budget -= _inflated_size(stream, budget)
            if budget < 0:
                mib = limits.max_content_bytes // 2**20
                return _refused(Outcome.TOO_LARGE, "content",
                                f"content inflates past {mib} MiB", n=n, limit=mib)
    except Exception as exc:  # pypdf raises many types on broken files
        log.info("page check skipped (%s): pdftoppm decides, within its limits", exc)
    return None


def _page_streams(page: Any) -> list[Any]:
    """The page's content streams and the streams of the XObjects it names (images,
    forms), one level deep."""
    out = []
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if contents is not None:
        out += [c.get_object() for c in contents] if isinstance(contents, list) else [contents]
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is not None:
        out += [x.get_object() for x in xobjects.get_object().values()]
    return [s for s in out if hasattr(s, "get") and getattr(s, "_data", None) is not None]


def _inflated_size(stream: Any, cap: int) -> int:
    """Bytes the stream decodes to, counted up to just past ``cap``: a Flate stream is
    inflated a MiB at a time and dropped; other filters count as their raw length
    (pdftoppm's limits are there for them)."""
    raw: bytes = stream._data
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    if names != ["/FlateDecode"]:
        return len(raw)
    d = zlib.decompressobj()
    total, buf = 0, raw
    try:
        while buf and total <= cap:
            total += len(d.decompress(buf, 1 << 20))
            buf = d.unconsumed_tail
    except zlib.error:
        pass  # a broken stream: what inflated so far counts
    return total


def prerender_flagged(session: Session, campaign_id: int,
                      renderer: Renderer | None = None) -> dict[str, int]:
    """For the nightly run: the pages of every current file with an open finding,
    rendered ahead (and refusals recorded), so reviewers' first views are served from
    the store. Pages that ran out of time before are tried again. Returns counts per
    outcome, ``cached`` for those found done."""
    if renderer is None:
        settings = get_settings()
        renderer = Renderer(BlobStore(settings.resolved_blob_dir()),
                            RenderLimits.from_settings(settings))
    ids = set(session.exec(select(Finding.evidence_id).where(
        Finding.campaign_id == campaign_id, Finding.status == FindingStatus.OPEN,
        col(Finding.evidence_id).is_not(None))))
    counts: dict[str, int] = {}
    evidence = session.exec(select(Evidence).where(col(Evidence.id).in_(ids))
                            .order_by(col(Evidence.id))).all() if ids else []
    for ev in evidence:
        if ev.replaced_at is not None or not renderer.blobs.has(ev.blob_key) or not (
                ev.media_type == "application/pdf" or ev.media_type.startswith("image/")):
            continue
        pages = 1 if ev.media_type.startswith("image/") else _page_count(
            renderer.blobs.get(ev.blob_key))
        for n in range(1, min(pages, PRERENDER_PAGES) + 1):
            r = renderer.page(ev.blob_key, ev.media_type, n, retry_limits=True)
            what = "cached" if r.cached else r.outcome.value
            counts[what] = counts.get(what, 0) + 1
    return counts


def _page_count(blob: bytes) -> int:
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(blob), strict=False).pages)
    except Exception:  # unreadable: page 1 is tried, and its refusal recorded
        return 1


def _refused(outcome: Outcome, what: str, en: str, *, retry: bool = False,
             **params: object) -> Rendered:
    """``what``: the message in MESSAGES_VI, filled from ``params``; ``en``: for logs."""
    return Rendered(outcome, None, MESSAGES_VI[what].format(**params), en, retry=retry)


def _mpx(pixels: int) -> str:
    return f"{pixels / 1e6:g}".replace(".", ",")


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
