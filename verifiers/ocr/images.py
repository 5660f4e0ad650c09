"""Pre-processing with Pillow before Tesseract.

Screen text is 6–7 px high where Tesseract wants 20–30, dark themes confuse it,
phone photos carry an EXIF rotation, scans are skewed a degree or two, and a
hostile upload can be a decompression bomb. Each step is here, once.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageChops, ImageFilter, ImageMath, ImageOps, ImageStat

MAX_PIXELS = 50_000_000
"""Refuse images larger than this (about 7000 × 7000) before decoding them."""
BORDER = 20
FAINT_CORE = 128
"""A page's thin strokes are faint when the median of their darkest pixels is lighter
than mid-grey (on the development screens: DejaVu Sans Light at 11–12 px, 137–146;
every other face and size at most 116)."""
LIGHT_BACKGROUND = 170
"""A pixel whose local background is lighter than this stands on a light background."""
DARKENED = [round(255 * (v / 255) ** 2) for v in range(256)]
"""Gamma 2 on the background-divided grey: white stays white, a faint stroke's 180
becomes 127, anti-aliased black stays black."""
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


def _normalized(grey: Image.Image) -> tuple[Image.Image, Image.Image]:
    """The grey divided by its local background (the brightest pixel within about 15
    px, measured on a third-size copy), and that background."""
    small = grey.reduce(3).filter(ImageFilter.MaxFilter(5))
    bg = small.resize(grey.size, Image.Resampling.BILINEAR)
    norm = ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["float"](a["a"]) * 255 / a["b"], 255), "L"),
        a=grey, b=bg)
    return norm, bg


def stroke_core(norm: Image.Image, light: Image.Image) -> int:
    """The median darkness (0 black) of thin strokes at their core: the pixels of ink
    (below 200 of 255, on a light background) no darker than their left and right
    neighbours and two pixels from a background pixel, so each horizontal crossing of a
    stroke counts by its darkest pixel and solid marks (bars, icons) count not."""
    def where(img: Image.Image, test: Callable[[int], bool]) -> Image.Image:
        return img.point(lambda v: 255 if test(v) else 0)

    core = ImageChops.multiply(light, where(norm, lambda v: v < 200))
    for dx in (1, -1):
        higher = ImageChops.subtract(norm, ImageChops.offset(norm, dx, 0))
        core = ImageChops.multiply(core, where(higher, lambda v: v == 0))
    near = ImageChops.lighter(ImageChops.offset(norm, 2, 0), ImageChops.offset(norm, -2, 0))
    core = ImageChops.multiply(core, where(near, lambda v: v >= 200))
    hist = norm.histogram(core)
    total, seen = sum(hist), 0
    for v, h in enumerate(hist):
        seen += h
        if seen * 2 >= total:
            return v
    return 255


def darken_faint(grey: Image.Image) -> Image.Image:
    """A page whose thin strokes are faint (``FAINT_CORE``), its ink darkened against its
    own background (``DARKENED``); any other page as it is. Tesseract binarizes a page
    at one threshold: strokes thinner than a pixel (a light font at 11–12 px, grey text
    on a grey panel) never get darker than mid-grey once anti-aliased, fall above it,
    and whole lines come out as fragments or not at all. Only a light background is
    touched: text on a coloured bar or tile stays as drawn."""
    norm, bg = _normalized(grey)
    light = bg.point(lambda v: 255 if v > LIGHT_BACKGROUND else 0)
    if stroke_core(norm, light) < FAINT_CORE:
        return grey
    return Image.composite(norm.point(DARKENED), grey, light)


def prepare(img: Image.Image, mode: Mode) -> Prepared:
    grey = img.convert("L")
    inverted = False
    if ImageStat.Stat(grey).mean[0] < 110:  # dark theme: Tesseract wants dark on light
        grey = ImageOps.invert(grey)
        inverted = True
    skew = 0.0
    if mode == "screen":
        grey = darken_faint(grey)
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

