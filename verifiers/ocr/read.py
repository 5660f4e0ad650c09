"""Text lines from an image or a PDF, with where each word came from.

PDFs: the text layer is read with pypdf; only pages without one, and images pasted
into pages (screenshots in a signed PDF), go to Tesseract.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field, replace

from PIL import Image, ImageOps

from verifiers.extract.facts import TextLine, Token
from verifiers.ocr.engine import PSM, OcrFailed, read_digits, read_lines
from verifiers.ocr.images import Mode, Prepared, open_image, prepare
from verifiers.results import FactReport, OcrReport

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 50
MAX_IMAGES_PER_PAGE = 4
DIGIT_HEIGHT = 30
SECOND_PASS_BELOW = 0.85
"""Values read with less confidence get the digits-only second pass. On the labelled
set every misread value was below 0.82, and 85 % of the right ones above 0.85, so the
threshold buys the accuracy for a fraction of the time."""
MIN_IMAGE_SIDE = 200
"""Smaller images (logos, signature and seal appearances) carry no figures."""


@dataclass
class Reading:
    lines: list[TextLine] = field(default_factory=list)
    pages: int = 0
    ocr_confidences: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """English, for logs and report details: pages or images that could not be read."""
    prepared: dict[int, Prepared] = field(default_factory=dict)
    """Page → the prepared image OCR read (single-image pages), for second passes."""

    def report(self) -> OcrReport:
        confs = self.ocr_confidences
        mean = round(sum(confs) / len(confs), 1) if confs else None
        return OcrReport(self.pages, mean, "\n".join(ln.text for ln in self.lines))


def ocr_image_lines(data: bytes, mode: Mode, page: int, reading: Reading) -> None:
    prepared = prepare(open_image(data), mode)
    reading.prepared[page] = prepared
    for line in read_lines(prepared.image, PSM[mode]):
        tokens = [Token(w.text, w.conf, prepared.to_original(w.box)) for w in line.words]
        reading.ocr_confidences.extend(w.conf for w in line.words)
        reading.lines.append(TextLine(tokens, page, "ocr"))


def _read_whole_number(prep: Prepared, box: tuple[int, int, int, int], text_height: float
                       ) -> tuple[int, str, float] | None:
    """Re-read a box of the prepared image as digits only: (value, text, confidence 0–1).
    Digits read best about 30 px high, whatever size the screen drew them."""
    from verifiers.numbers import NumberFormatError, parse_number

    crop = prep.image.crop(box)
    factor = DIGIT_HEIGHT / max(1.0, text_height)
    crop = ImageOps.expand(crop.resize((max(1, int(crop.width * factor)),
                                        max(1, int(crop.height * factor))),
                                       Image.Resampling.LANCZOS), border=10, fill=255)
    try:
        again = read_digits(crop)
        value = parse_number(again[0], integer_expected=True) if again else None
    except (OcrFailed, NumberFormatError):
        return None
    if again is None or value is None or value != int(value):
        return None
    return int(value), again[0], again[1] / 100


def refine_numbers(facts: list[FactReport], reading: Reading) -> list[FactReport]:
    """Second pass over doubtful OCR'd counts and amounts: the box re-read as digits only.
    The digits-only reading wins when it parses and Tesseract is at least as sure."""
    out = []
    for f in facts:
        prep = reading.prepared.get(f.page or 0)
        if f.method != "ocr" or prep is None or f.bbox is None or \
                not isinstance(f.value, int) or (f.confidence or 0) >= SECOND_PASS_BELOW:
            out.append(f)
            continue
        x0, y0, x1, y1 = f.bbox
        s, o = prep.scale, prep.offset
        pad = 4 * s
        box = (int(x0 * s + o - pad), int(y0 * s + o - pad), int(x1 * s + o + pad),
               int(y1 * s + o + pad))
        again = _read_whole_number(prep, box, (y1 - y0) * s)
        if again is not None and again[2] >= (f.confidence or 0) - 0.05:
            f = replace(f, value=again[0], raw=f"{f.raw} | {again[1]}",
                        confidence=round(max(again[2], f.confidence or 0), 3))
        out.append(f)
    return out


def look_right_of_labels(facts: list[FactReport], reading: Reading) -> list[FactReport]:
    """For a label whose value the page read missed, read the rest of its row (the
    value cell to its right) as digits only."""
    from verifiers.extract.facts import labels_without_value

    out = list(facts)
    for label, line, (_x0, y0, x1, y1) in labels_without_value(reading.lines, facts):
        prep = reading.prepared.get(line.page)
        if prep is None or _words_right_of(reading, line.page, x1, y0, y1):
            continue  # the page read saw other text there (a menu, a sentence): no cell
        s, o = prep.scale, prep.offset
        h = (y1 - y0) * s
        row = (int(x1 * s + o + h), int(y0 * s + o - h * 0.15), prep.image.width,
               int(y1 * s + o + h * 0.15))
        box = _ink_box(prep, row) if row[2] - row[0] >= h else None
        if box is None:
            continue
        again = _read_whole_number(prep, box, h)
        if again is not None:
            out.append(FactReport(label.fact, again[0], f"{line.text} | {again[1]}", line.page,
                                  prep.to_original(box), round(again[2], 3), "ocr"))
    return out


def _ink_box(prep: Prepared, row: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """Where the ink is in a table row, table rules left out: columns inked over most of
    the row's height are cell borders, not digits."""
    band = prep.image.crop(row).point(lambda v: 255 if v < 128 else 0)  # ink = white
    profile = band.resize((band.width, 1), Image.Resampling.BOX)
    for x in range(band.width):
        if float(profile.getpixel((x, 0)) or 0) > 0.8 * 255:  # type: ignore[arg-type]
            band.paste(0, (x, 0, x + 1, band.height))
    found = band.getbbox()
    if found is None:
        return None
    pad = max(4, (row[3] - row[1]) // 4)
    return (max(row[0], row[0] + found[0] - pad), row[1], min(row[2], row[0] + found[2] + pad),
            row[3])


def _words_right_of(reading: Reading, page: int, x: float, y0: float, y1: float) -> bool:
    for ln in reading.lines:
        if ln.page != page:
            continue
        for t in ln.tokens:
            if t.box is not None and t.box[0] > x and y0 <= (t.box[1] + t.box[3]) / 2 <= y1:
                return True
    return False


def read_image(data: bytes) -> Reading:
    reading = Reading(pages=1)
    ocr_image_lines(data, "screen", 1, reading)
    return reading


def read_pdf(data: bytes) -> Reading:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    reading = Reading(pages=len(reader.pages))
    if len(reader.pages) > MAX_PDF_PAGES:
        reading.problems.append(f"only the first {MAX_PDF_PAGES} of {len(reader.pages)} pages "
                                "were read")
    for n, page in enumerate(reader.pages[:MAX_PDF_PAGES], start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            reading.problems.append(f"page {n}: text layer unreadable ({exc})")
            text = ""
        for raw in text.splitlines():
            if raw.strip():
                reading.lines.append(TextLine([Token(t, None, None) for t in raw.split()], n,
                                              "text_layer"))
        mode: Mode = "screen" if text.strip() else "scan"
        try:
            images = list(page.images)[:MAX_IMAGES_PER_PAGE]
        except Exception as exc:
            reading.problems.append(f"page {n}: images unreadable ({exc})")
            continue
        for img in images:
            try:
                w, h = img.image.size if img.image is not None else (0, 0)
                if min(w, h) < MIN_IMAGE_SIDE:
                    continue
                ocr_image_lines(img.data, mode, n, reading)
            except Exception as exc:
                reading.problems.append(f"page {n}: image {img.name} not read ({exc})")
    return reading
