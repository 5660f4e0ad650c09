"""Image-only "scans" of contracts and invoices: text drawn on a page, then slight
skew, blur and noise, saved as a PDF without a text layer. Deterministic per seed."""

from __future__ import annotations

import io
import random
import time

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from notices.fonts import font_path

DPI = 150
PAGE = (int(8.27 * DPI), int(11.69 * DPI))


def render_page(lines: list[tuple[str, str]], *, seed: str, skew_deg: float = 1.2,
                noise: float = 0.04) -> Image.Image:
    """``lines``: (style, text) with style one of ``center-bold``, ``center``, ``text``,
    ``bold``, ``gap``."""
    img = Image.new("L", PAGE, 255)
    d = ImageDraw.Draw(img)
    size = 23
    f = ImageFont.truetype(str(font_path("DejaVuSerif.ttf")), size)
    fb = ImageFont.truetype(str(font_path("DejaVuSerif-Bold.ttf")), size)
    y = 150
    for style, text in lines:
        if style == "gap":
            y += size
            continue
        font = fb if "bold" in style else f
        if style.startswith("center"):
            w = d.textlength(text, font=font)
            d.text(((PAGE[0] - w) / 2, y), text, font=font, fill=20)
        else:
            d.text((150, y), text, font=font, fill=20)
        y += int(size * 1.7)
    rng = random.Random(seed)
    img = img.rotate(skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    px = img.load()
    assert px is not None
    w, h = img.size
    for _ in range(int(w * h * noise / 20)):
        x, yy = rng.randrange(w), rng.randrange(h)
        px[x, yy] = rng.choice((0, 60, 120, 200))
    return img


def to_pdf(pages: list[Image.Image], title: str) -> bytes:
    buf = io.BytesIO()
    fixed = time.gmtime(1546300800)  # 2019-01-01, for identical rebuilds
    pages[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                  title=title, creationDate=fixed, modDate=fixed, producer="kiemchung sample")
    return buf.getvalue()
