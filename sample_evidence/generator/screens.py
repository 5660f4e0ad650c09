"""Screenshots of Vietnamese government software (document management, one-stop
statistics, mail accounts), drawn with Pillow. Used for the sample campaign and
for the OCR labelled set: every drawn value's box is returned as ground truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from notices.fonts import font_path

Layout = Literal["lines", "table", "tiles"]
Theme = Literal["light", "dark"]

FONTS = {
    "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
}


@dataclass(frozen=True)
class ScreenSpec:
    app: str
    """Application banner, e.g. ``HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH``."""
    title: str
    period: str
    """The period line exactly as shown, e.g. ``Từ ngày 01/10/2018 đến ngày 30/09/2019``."""
    items: tuple[tuple[str, str], ...]
    """(label, value as displayed)."""
    unit: str = ""
    layout: Layout = "table"
    theme: Theme = "light"
    font: str = "sans"
    font_px: int = 14
    width: int = 1100


@dataclass
class Drawn:
    image: Image.Image
    boxes: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    """label → box of its value; ``period`` → box of the period line."""


def _palette(theme: Theme) -> dict[str, tuple[int, int, int]]:
    if theme == "dark":
        return {"bg": (30, 33, 40), "panel": (42, 46, 56), "fg": (225, 228, 235),
                "muted": (160, 166, 180), "banner": (18, 60, 110), "bannerfg": (255, 255, 255),
                "line": (80, 86, 100), "tile": (52, 58, 72), "accent": (120, 190, 255)}
    return {"bg": (236, 240, 245), "panel": (255, 255, 255), "fg": (33, 37, 41),
            "muted": (90, 98, 110), "banner": (0, 84, 166), "bannerfg": (255, 255, 255),
            "line": (200, 205, 212), "tile": (232, 243, 255), "accent": (0, 84, 166)}


def render_screen(spec: ScreenSpec) -> Drawn:
    regular, bold = FONTS[spec.font]
    f = ImageFont.truetype(str(font_path(regular)), spec.font_px)
    fb = ImageFont.truetype(str(font_path(bold)), spec.font_px)
    fbig = ImageFont.truetype(str(font_path(bold)), spec.font_px * 2)
    fbanner = ImageFont.truetype(str(font_path(bold)), spec.font_px + 3)
    pal = _palette(spec.theme)
    row_h = int(spec.font_px * 2.2)
    n = len(spec.items)
    body_h = {"lines": n * row_h, "table": (n + 1) * row_h,
              "tiles": ((n + 2) // 3) * spec.font_px * 6}[spec.layout]
    height = 150 + spec.font_px * 6 + body_h + 60
    img = Image.new("RGB", (spec.width, height), pal["bg"])
    d = ImageDraw.Draw(img)
    drawn = Drawn(img)
    # banner and menu bar
    d.rectangle((0, 0, spec.width, 52), fill=pal["banner"])
    d.text((20, 26), spec.app, font=fbanner, fill=pal["bannerfg"], anchor="lm")
    if spec.unit:
        w = d.textlength(spec.unit, font=f)
        d.text((spec.width - 20 - w, 26), spec.unit, font=f, fill=pal["bannerfg"], anchor="lm")
    menu = ["Trang chủ", "Văn bản đến", "Văn bản đi", "Hồ sơ công việc", "Báo cáo thống kê"]
    x = 20
    for m in menu:
        d.text((x, 70), m, font=f, fill=pal["muted"], anchor="lm")
        x += int(d.textlength(m, font=f)) + 28
    panel_top = 92
    d.rectangle((12, panel_top, spec.width - 12, height - 12), fill=pal["panel"],
                outline=pal["line"])
    y = panel_top + 18
    d.text((32, y), spec.title, font=fb, fill=pal["fg"])
    y += int(spec.font_px * 2)
    drawn.boxes["period"] = _box(d.textbbox((32, y), spec.period, font=f))
    d.text((32, y), spec.period, font=f, fill=pal["muted"])
    y += int(spec.font_px * 2.6)
    if spec.layout == "lines":
        for label, value in spec.items:
            text = f"{label}: "
            d.text((32, y), text, font=f, fill=pal["fg"])
            vx = 32 + d.textlength(text, font=f)
            drawn.boxes[label] = _box(d.textbbox((vx, y), value, font=fb))
            d.text((vx, y), value, font=fb, fill=pal["accent"])
            y += row_h
    elif spec.layout == "table":
        x0, x1, x2 = 32, 32 + 70, spec.width - 260
        x3 = spec.width - 32
        d.rectangle((x0, y, x3, y + row_h), fill=pal["tile"], outline=pal["line"])
        for x_, h in ((x0 + 10, "STT"), (x1 + 10, "Chỉ tiêu"), (x2 + 10, "Số lượng")):
            d.text((x_, y + row_h // 2), h, font=fb, fill=pal["fg"], anchor="lm")
        y += row_h
        for i, (label, value) in enumerate(spec.items, start=1):
            d.rectangle((x0, y, x3, y + row_h), outline=pal["line"])
            for xv in (x1, x2):
                d.line((xv, y, xv, y + row_h), fill=pal["line"])
            d.text((x0 + 10, y + row_h // 2), str(i), font=f, fill=pal["fg"], anchor="lm")
            d.text((x1 + 10, y + row_h // 2), label, font=f, fill=pal["fg"], anchor="lm")
            w = d.textlength(value, font=fb)
            pos = (x3 - 14 - w, y + row_h // 2)
            drawn.boxes[label] = _box(d.textbbox(pos, value, font=fb, anchor="lm"))
            d.text(pos, value, font=fb, fill=pal["fg"], anchor="lm")
            y += row_h
    else:
        tile_w = (spec.width - 64 - 40) // 3
        tile_h = spec.font_px * 5
        for i, (label, value) in enumerate(spec.items):
            tx = 32 + (i % 3) * (tile_w + 20)
            ty = y + (i // 3) * (tile_h + spec.font_px)
            d.rounded_rectangle((tx, ty, tx + tile_w, ty + tile_h), radius=8, fill=pal["tile"],
                                outline=pal["line"])
            tile_pos = (tx + tile_w / 2, ty + tile_h * 0.38)
            drawn.boxes[label] = _box(d.textbbox(tile_pos, value, font=fbig, anchor="mm"))
            d.text(tile_pos, value, font=fbig, fill=pal["accent"], anchor="mm")
            d.text((tx + tile_w / 2, ty + tile_h * 0.78), label, font=f, fill=pal["muted"],
                   anchor="mm")
    return drawn


def _box(b: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    return (int(b[0]), int(b[1]), int(b[2]), int(b[3]))


def vn_int(n: int) -> str:
    """1245 → ``1.245``, as Vietnamese software displays counts."""
    return f"{n:,}".replace(",", ".")
