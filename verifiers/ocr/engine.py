"""Tesseract in-process through tesserocr (the model loaded once per worker process,
not once per page: starting the ``tesseract`` command and loading ``vie`` costs more
than reading a screenshot), with the command through pytesseract as the fallback when
tesserocr is not installed or another Tesseract command is configured. The ``vie``
model only (``vie+eng`` measured worse), one thread per process (unset, Tesseract
oversubscribes the cores and runs several times slower), a timeout per page."""

from __future__ import annotations

import itertools
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANG = "vie"
PAGE_TIMEOUT = 60
DIGITS_TIMEOUT = 20


@dataclass
class _Engine:
    cmd: str = "tesseract"
    page_seconds: float = PAGE_TIMEOUT


_engine = _Engine()
"""The Tesseract command and the per-page timeout in force (see ``configure``)."""


def configure(cmd: str = "tesseract", page_seconds: float = PAGE_TIMEOUT) -> None:
    """Which Tesseract to run and how long one page may take (set per file from the
    verification options, so a worker process follows the campaign's settings)."""
    _engine.cmd, _engine.page_seconds = cmd, float(page_seconds)
PSM = {"screen": 11, "scan": 4}
"""Sparse text for screens (tiles, menus, tables); a single column for scans."""


class OcrFailed(RuntimeError):
    """Tesseract is missing, crashed or timed out."""


@dataclass(frozen=True)
class Word:
    text: str
    conf: float
    """0–100, Tesseract's confidence."""
    box: tuple[int, int, int, int]


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (min(w.box[0] for w in self.words), min(w.box[1] for w in self.words),
                max(w.box[2] for w in self.words), max(w.box[3] for w in self.words))


def tesseract_version(cmd: str | None = None) -> str:
    """The version of ``cmd`` (default: the configured Tesseract)."""
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = cmd or _engine.cmd
    try:
        return str(pytesseract.get_tesseract_version())
    except Exception as exc:
        raise OcrFailed(f"Tesseract is not installed or does not run: {exc}") from None


TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")


@dataclass
class _InProcess:
    api: Any = None
    pid: int = 0
    unavailable: str = ""


_inproc = _InProcess()


def _api() -> Any:
    """The worker's tesserocr API (created after a fork, never shared across one), or
    None: tesserocr missing, no ``vie`` model where we look, or another Tesseract
    command configured (the campaign asked for that one)."""
    if _engine.cmd != "tesseract" or _inproc.unavailable:
        return None
    if _inproc.api is not None and _inproc.pid == os.getpid():
        return _inproc.api
    try:
        import tesserocr  # type: ignore[import-untyped]
    except ImportError as exc:
        _inproc.unavailable = f"tesserocr not importable: {exc}"
        return None
    dirs = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else []
    for d in (*dirs, *TESSDATA_DIRS):
        if os.path.exists(os.path.join(d, f"{LANG}.traineddata")):
            try:
                _inproc.api = tesserocr.PyTessBaseAPI(path=d, lang=LANG)
            except RuntimeError as exc:
                _inproc.unavailable = f"tesserocr could not load {LANG} from {d}: {exc}"
                return None
            _inproc.pid = os.getpid()
            return _inproc.api
    _inproc.unavailable = f"no {LANG}.traineddata in {dirs + list(TESSDATA_DIRS)}"
    return None


def engine_name() -> str:
    """Which engine reads: ``tesserocr <version>`` or the command (for reports)."""
    api = _api()
    if api is not None:
        import tesserocr

        return f"tesserocr {tesserocr.__version__} (libtesseract {api.Version()})"
    return f"{_engine.cmd} (command)"


def _run_inproc(api: Any, img: Image.Image, psm: int, timeout: float | None,
                whitelist: str = "") -> dict[str, list[Any]]:
    page = _engine.page_seconds
    timeout = min(timeout, page) if timeout is not None else page
    api.SetPageSegMode(psm)
    api.SetVariable("tessedit_char_whitelist", whitelist)
    try:
        api.SetImage(img)
        if not api.Recognize(timeout=int(timeout * 1000)):
            raise OcrFailed(f"Tesseract timed out after {timeout:g} s (or failed)")
        tsv = api.GetTSVText(0) or ""
    except OcrFailed:
        raise
    except Exception as exc:  # tesserocr raises RuntimeError and others on bad input
        raise OcrFailed(f"Tesseract failed: {exc}") from None
    finally:
        if whitelist:
            api.SetVariable("tessedit_char_whitelist", "")
    return _parse_tsv(tsv)


TSV_INT = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top",
           "width", "height")


def _parse_tsv(tsv: str) -> dict[str, list[Any]]:
    """tesserocr's TSV (no header row) as pytesseract's ``image_to_data`` dict."""
    data: dict[str, list[Any]] = {k: [] for k in (*TSV_INT, "conf", "text")}
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        for k, v in zip(TSV_INT, cells[:10], strict=True):
            data[k].append(int(v))
        data["conf"].append(float(cells[10]))
        data["text"].append(cells[11])
    return data


def read_lines(img: Image.Image, psm: int, timeout: float | None = None) -> list[Line]:
    """Words with boxes and confidences, grouped into Tesseract's lines."""
    api = _api()
    if api is not None:
        return _lines(_run_inproc(api, img, psm, timeout))
    import pytesseract

    # Hand Tesseract an uncompressed file: pytesseract would PNG-encode the (upscaled)
    # image first, which costs more than a tenth of the OCR itself.
    with tempfile.TemporaryDirectory(prefix="kc-ocr-") as tmp:
        path = f"{tmp}/page.pnm"
        img.save(path)
        data = _run(pytesseract, path, psm, timeout)
    return _lines(data)


DIGITS = "-c tessedit_char_whitelist=0123456789.,%"
STRIP_GAP = 24
"""White rows between the crops of a batch, so each crop stays a line of its own."""


def read_digits(crops: list[Image.Image], timeout: float | None = None
                ) -> list[tuple[str, float] | None]:
    """Re-read numbers' boxes as digits only (the classic second pass for figures: it
    removes the letter/digit confusions of a full-text read). All crops go to one
    Tesseract call, stacked into a strip, since starting Tesseract and loading its
    model costs more than reading a line; each word is given back to the crop whose
    band holds its centre."""
    if not crops:
        return []
    reads = _read_strip(crops, timeout)
    if len(crops) > 1 and any(r is not None and r[1] <= 1 for r in reads):
        # Tesseract rejected something in the strip, and then gives every word of it
        # confidence 0: read each crop alone instead (rare, so cheap overall)
        return [_read_strip([c], timeout)[0] for c in crops]
    return reads


def _read_strip(crops: list[Image.Image], timeout: float | None
                ) -> list[tuple[str, float] | None]:

    width = max(c.width for c in crops)
    height = sum(c.height for c in crops) + STRIP_GAP * (len(crops) + 1)
    strip = Image.new("L", (width + 2 * STRIP_GAP, height), 255)
    bands = []
    y = STRIP_GAP
    for c in crops:
        strip.paste(c.convert("L"), (STRIP_GAP, y))
        bands.append((y, y + c.height))
        y += c.height + STRIP_GAP
    psm = 6 if len(crops) > 1 else 7
    limit = timeout if timeout is not None else DIGITS_TIMEOUT
    api = _api()
    if api is not None:
        data = _run_inproc(api, strip, psm, limit, whitelist="0123456789.,%")
    else:
        import pytesseract

        with tempfile.TemporaryDirectory(prefix="kc-ocr-") as tmp:
            path = f"{tmp}/digits.pnm"
            strip.save(path)
            data = _run(pytesseract, path, psm, limit, extra=DIGITS)
    words: list[list[tuple[int, int, int, str, float]]] = [[] for _ in crops]
    for i, text in enumerate(data["text"]):
        text, conf = text.strip(), float(data["conf"][i])
        if not text or conf < 0:
            continue
        mid = data["top"][i] + data["height"][i] / 2
        for k, (top, bottom) in enumerate(bands):
            if top - STRIP_GAP / 2 <= mid < bottom + STRIP_GAP / 2:
                left = int(data["left"][i])
                words[k].append((left, left + int(data["width"][i]), int(data["height"][i]),
                                 text, conf))
                break
    return [_one_figure(sorted(ws)) if ws else None for ws in words]


FIGURES_APART = 1.5
"""Digit heights between two words of a digits-only read beyond which they are two
figures (the cells of a row), not one figure OCR cut at its separator."""


def _one_figure(ws: list[tuple[int, int, int, str, float]]) -> tuple[str, float] | None:
    """The words of one crop's digits-only read as one figure (its pieces joined, the
    least sure piece's confidence); None when they stand apart as several figures: a
    crop reaching over a row's cells («320   383   271») holds no single value."""
    for (_l, right, h, _t, _c), (left, _r, h2, _t2, _c2) in itertools.pairwise(ws):
        if left - right > FIGURES_APART * max(h, h2):
            return None
    return "".join(t for _l, _r, _h, t, _c in ws), min(c for *_x, c in ws)


def _run(pytesseract: Any, path: str, psm: int, timeout: float | None,
         extra: str = "") -> dict[str, list[Any]]:
    """One Tesseract process (killed past ``timeout``: the page timeout by default, at
    most DIGITS_TIMEOUT for a digits strip)."""
    page = _engine.page_seconds
    timeout = min(timeout, page) if timeout is not None else page
    pytesseract.pytesseract.tesseract_cmd = _engine.cmd
    try:
        data: dict[str, list[Any]] = pytesseract.image_to_data(
            path, lang=LANG, config=f"--psm {psm} {extra}".strip(),
            output_type=pytesseract.Output.DICT, timeout=timeout)
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrFailed(f"Tesseract timed out after {timeout:g} s: {exc}") from None
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrFailed(f"Tesseract failed: {exc}") from None
    return data


SLASH_LOOKS = str.maketrans({"\u2044": "/", "\u2215": "/", "\uff0f": "/"})
"""Slashes Tesseract reads for the one a screen shows («II⁄2022» with the fraction
slash): no Vietnamese screen writes them, and a figure or date holding one would look
like debris, not a date."""


def _lines(data: dict[str, list[Any]]) -> list[Line]:
    lines: dict[tuple[int, int, int], Line] = {}
    for i, text in enumerate(data["text"]):
        text = text.strip().translate(SLASH_LOOKS)
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = (data["left"][i], data["top"][i], data["left"][i] + data["width"][i],
               data["top"][i] + data["height"][i])
        lines.setdefault(key, Line()).words.append(Word(text, conf, box))
    return sorted(lines.values(), key=lambda ln: (ln.box[1], ln.box[0]))
