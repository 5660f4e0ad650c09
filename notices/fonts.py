"""Fonts with every Vietnamese glyph, registered once for reportlab.

DejaVu (Debian package fonts-dejavu-core, installed by the set-up) covers the
whole Vietnamese alphabet; reportlab embeds the subset it uses.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from verifiers.errors import ConfigError

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/local/share/fonts"))
SERIF = "KCSerif"
SANS = "KCSans"
_FILES = {
    SERIF: ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
            "DejaVuSerif-BoldItalic.ttf"),
    SANS: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
           "DejaVuSans-BoldOblique.ttf"),
}


def font_path(filename: str) -> Path:
    for d in FONT_DIRS:
        if (d / filename).is_file():
            return d / filename
    raise ConfigError(f"Font {filename} not found; install the Debian package fonts-dejavu-core.")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for family, files in _FILES.items():
        names = [family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"]
        for name, filename in zip(names, files, strict=True):
            pdfmetrics.registerFont(TTFont(name, str(font_path(filename))))
        addMapping(family, 0, 0, names[0])
        addMapping(family, 1, 0, names[1])
        addMapping(family, 0, 1, names[2])
        addMapping(family, 1, 1, names[3])
