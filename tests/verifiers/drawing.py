"""Small pages drawn with PIL for tests that read them with the real Tesseract."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
LIGHT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-ExtraLight.ttf"
"""The face fontconfig names «DejaVu Sans Light»."""
Colour = tuple[int, int, int]


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def placed(items: list[tuple[int, int, str]], size: tuple[int, int], font_px: int = 20,
           face: str = FONT, ink: Colour = (20, 20, 20),
           paper: Colour = (255, 255, 255)) -> bytes:
    """Texts at their (x, y) on a page of ``size`` (white, dark ink unless told), as a PNG."""
    font = ImageFont.truetype(face, font_px)
    img = Image.new("RGB", size, paper)
    d = ImageDraw.Draw(img)
    for x, y, text in items:
        d.text((x, y), text, font=font, fill=ink)
    return png(img)


def text_page(lines: list[str], width: int = 1000, font_px: int = 22, pitch: int = 50,
              left: int = 30) -> bytes:
    """Lines of text one under the other on a white page, as a PNG."""
    return placed([(left, 30 + pitch * i, t) for i, t in enumerate(lines)],
                  (width, 60 + pitch * len(lines)), font_px)
