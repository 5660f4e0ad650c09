"""Fonts with every Vietnamese glyph, registered once for reportlab.

DejaVu (Debian package fonts-dejavu-core, installed by the set-up) covers the
whole Vietnamese alphabet; reportlab embeds the subset it uses. Rejection notices use
Liberation Serif (Debian package fonts-liberation2): metric-compatible with Times New
Roman, the font Decree 30 asks for, with every Vietnamese glyph.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kiemchung.core.errors import ConfigError

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/local/share/fonts"))
LETTER_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),
               Path("/usr/local/share/fonts/liberation2"), Path("/usr/local/share/fonts"))
SERIF = "KCSerif"
SANS = "KCSans"
LETTER = "KCLetter"
"""Liberation Serif, for the letters the verification team sends (Decree 30)."""
_LETTER_FILES = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                 "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf")
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


def _register_family(family: str, paths: list[Path]) -> None:
    """Regular, bold, italic and bold italic under ``family`` (and its -Bold… names)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = [family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"]
    for name, path in zip(names, paths, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for (bold, italic), name in zip(((0, 0), (1, 0), (0, 1), (1, 1)), names, strict=True):
        addMapping(family, bold, italic, name)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    for family, files in _FILES.items():
        _register_family(family, [font_path(f) for f in files])


def letter_font_path(filename: str) -> Path:
    for d in LETTER_DIRS:
        if (d / filename).is_file():
            return d / filename
    raise ConfigError(f"Font {filename} (Liberation Serif) not found; install the Debian "
                      "package fonts-liberation2 (scripts/setup.sh does).")


@lru_cache(maxsize=1)
def register_letter_font() -> None:
    """Liberation Serif as family ``LETTER``; a clear error naming the package if absent."""
    _register_family(LETTER, [letter_font_path(f) for f in _LETTER_FILES])
