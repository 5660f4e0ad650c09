"""The second development set's fonts (``dev2-fonts`` pages, and the ``dev2-families``
pages beside the first development fonts). Chosen to be disjoint from the held-out
fonts (checked by membership only)."""

from __future__ import annotations

FONTS_DEV2: tuple[str, ...] = ("DejaVu Serif", "DejaVu Sans Condensed", "Liberation Sans Narrow",
                               "DejaVu Sans Light", "DejaVu Serif Condensed")
