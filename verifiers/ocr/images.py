"""Pre-processing with Pillow before Tesseract.

Screen text is 6–7 px high where Tesseract wants 20–30, dark themes confuse it,
phone photos carry an EXIF rotation, scans are skewed a degree or two, and a
hostile upload can be a decompression bomb. Each step is here, once.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageFilter, ImageOps, ImageStat

MAX_PIXELS = 50_000_000
"""Refuse images larger than this (about 7000 × 7000) before decoding them."""
BORDER = 20
Mode = Literal["screen", "scan"]


class ImageRejected(ValueError):
    """The image cannot be used: too large, not an image, or broken."""


@dataclass(frozen=True)
class Prepared:
    image: Image.Image
    scale: float
    """Prepared pixels per original pixel."""
    offset: int
    """Border added on each side, in prepared pixels."""
    inverted: bool
    skew: float

    def to_original(self, box: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        f, o = self.scale, self.offset
        return (round((x0 - o) / f, 1), round((y0 - o) / f, 1), round((x1 - o) / f, 1),
                round((y1 - o) / f, 1))


def open_image(data: bytes) -> Image.Image:
    """Decode safely: size checked before pixels are decoded; EXIF rotation applied."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.width * img.height > MAX_PIXELS:
                raise ImageRejected(f"image is {img.width}×{img.height} pixels "
                                    f"(limit {MAX_PIXELS})")
            img.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(f"decompression bomb refused: {exc}") from None
    except Exception as exc:  # Pillow raises many types on broken files
        raise ImageRejected(f"not a readable image: {exc}") from None
    return ImageOps.exif_transpose(img)


def _estimate_skew(grey: Image.Image) -> float:
    """The angle (degrees, ±3) that makes text rows sharpest: projection profiles."""
    small = grey.copy()
    small.thumbnail((800, 800))
    ink = ImageOps.invert(small).point(lambda v: 255 if v > 80 else 0)
    best, best_score = 0.0, -1.0
    for tenth in range(-30, 31, 2):
        angle = tenth / 10
        rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        # each row's mean ink in one resize: sharp text rows give a spiky profile
        profile = rotated.resize((1, rotated.height), Image.Resampling.BOX)
        rows: list[float] = [float(profile.getpixel((0, y)) or 0)  # type: ignore[arg-type]
                             for y in range(profile.height)]
        score = sum((rows[i + 1] - rows[i]) ** 2 for i in range(len(rows) - 1))
        if score > best_score:
            best, best_score = angle, score
    return best


def prepare(img: Image.Image, mode: Mode) -> Prepared:
    grey = img.convert("L")
    inverted = False
    if ImageStat.Stat(grey).mean[0] < 110:  # dark theme: Tesseract wants dark on light
        grey = ImageOps.invert(grey)
        inverted = True
    skew = 0.0
    if mode == "screen":
        # UI text of 11–16 px: three times larger puts its x-height near 20 px.
        scale = 3.0 if grey.width <= 2000 else 1.5
        grey = grey.resize((int(grey.width * scale), int(grey.height * scale)),
                           Image.Resampling.LANCZOS)
    else:
        scale = 1.0
        skew = _estimate_skew(grey)
        if abs(skew) >= 0.2:
            grey = grey.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255,
                               expand=False)
        grey = grey.filter(ImageFilter.MedianFilter(3))
    grey = ImageOps.expand(grey, border=BORDER, fill=255)
    return Prepared(grey, scale, BORDER, inverted, skew)


def binarize(grey: Image.Image) -> Image.Image:
    """Black on white at Otsu's threshold (the one that best separates the histogram's
    two classes): a crop's own shading, JPEG ringing and anti-aliasing gone, so a read
    of it errs differently from a read of the grey pixels."""
    grey = grey.convert("L")
    hist = grey.histogram()
    total = sum(hist)
    weighted = sum(i * h for i, h in enumerate(hist))
    below = below_sum = 0
    best, threshold = -1.0, 127
    for t, h in enumerate(hist):
        below += h
        below_sum += t * h
        above = total - below
        if below == 0 or above == 0:
            continue
        spread = below * above * (below_sum / below - (weighted - below_sum) / above) ** 2
        if spread > best:
            best, threshold = spread, t
    return grey.point(lambda v: 255 if v > threshold else 0)

