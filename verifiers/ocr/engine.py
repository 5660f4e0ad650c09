"""Tesseract through pytesseract: the ``vie`` model only (``vie+eng`` measured
worse), one thread per process (unset, Tesseract oversubscribes the cores and runs
several times slower), a timeout per page."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANG = "vie"
PAGE_TIMEOUT = 60
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


def tesseract_version() -> str:
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except Exception as exc:
        raise OcrFailed(f"Tesseract is not installed or does not run: {exc}") from None


def read_lines(img: Image.Image, psm: int, timeout: int = PAGE_TIMEOUT) -> list[Line]:
    """Words with boxes and confidences, grouped into Tesseract's lines."""
    import pytesseract

    # Hand Tesseract an uncompressed file: pytesseract would PNG-encode the (upscaled)
    # image first, which costs more than a tenth of the OCR itself.
    with tempfile.TemporaryDirectory(prefix="kc-ocr-") as tmp:
        path = f"{tmp}/page.pnm"
        img.save(path)
        data = _run(pytesseract, path, psm, timeout)
    return _lines(data)


def read_digits(img: Image.Image, timeout: int = 10) -> tuple[str, float] | None:
    """Re-read a number's box as one line of digits only (the classic second pass for
    figures: it removes the letter/digit confusions of a full-text read)."""
    import pytesseract

    with tempfile.TemporaryDirectory(prefix="kc-ocr-") as tmp:
        path = f"{tmp}/digits.pnm"
        img.save(path)
        data = _run(pytesseract, path, 7, timeout,
                    extra="-c tessedit_char_whitelist=0123456789.,%")
    words = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"], strict=True)
             if t.strip() and float(c) >= 0]
    if not words:
        return None
    return "".join(w for w, _ in words), min(c for _, c in words)


def _run(pytesseract: Any, path: str, psm: int, timeout: int,
         extra: str = "") -> dict[str, list[Any]]:
    try:
        data: dict[str, list[Any]] = pytesseract.image_to_data(
            path, lang=LANG, config=f"--psm {psm} {extra}".strip(),
            output_type=pytesseract.Output.DICT, timeout=timeout)
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OcrFailed(f"Tesseract timed out after {timeout}s: {exc}") from None
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrFailed(f"Tesseract failed: {exc}") from None
    return data


def _lines(data: dict[str, list[Any]]) -> list[Line]:
    lines: dict[tuple[int, int, int], Line] = {}
    for i, text in enumerate(data["text"]):
        text = text.strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        box = (data["left"][i], data["top"][i], data["left"][i] + data["width"][i],
               data["top"][i] + data["height"][i])
        lines.setdefault(key, Line()).words.append(Word(text, conf, box))
    return sorted(lines.values(), key=lambda ln: (ln.box[1], ln.box[0]))
