"""One PDF's revisions, read once for all its signatures.

pyHanko has already parsed the file (leniently, as viewers do) and, through its
difference analysis, the objects of every revision it compared: the revision analysis
reads the document from that same reader instead of parsing the file again per
signature. What only the revision analysis needs is made once per file and kept here
for the next signature: the strict reader (shadow attacks, part a), the strict check of
each increment, and the final document's renderings (part b).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

STRICT_ERRORS = (Exception,)
"""A strict reader failing in any way is a finding about the file, not a bug of ours:
pyHanko's strict mode raises PdfStrictReadError, PdfReadError, and on some hostile
inputs plain ValueError/KeyError/IndexError."""


@dataclass(frozen=True)
class IncrementFacts:
    """What the strict reader says of one increment, whatever signature asks."""

    problems: tuple[str, ...]
    """Problems that do not depend on the signature (the xref section's place, /Prev,
    an object that is not where the xref says or does not parse)."""
    size: int | None
    """The increment's trailer /Size (None when it could not be read)."""


@dataclass
class FileHistory:
    data: bytes
    reader: Any
    """The lenient reader (pyHanko's own when validate.py passes it): what a viewer
    shows, and what the object comparison reads."""
    _strict: Any | None = None
    _strict_error: str | None = None
    _strict_opened: bool = False
    increments: dict[int, IncrementFacts] = field(default_factory=dict)
    """Revision (0-based) → its strict check, filled by ``increments.check_increments``."""
    final_images: dict[int, object] = field(default_factory=dict)
    """Page (0-based) → the final document's rendering, filled by ``revisions``."""
    page_texts: dict[tuple[int, int], object] = field(default_factory=dict)
    """(length of the revision's bytes, page) → its text layer (``textlayer.PageText`` or
    None), filled by ``revisions``: a revision is a prefix of ``data``, so its length names
    it. The final document's pages are read once whatever signature asks."""
    text_boxes: dict[bytes, tuple[tuple[float, float, float, float], ...]] = field(
        default_factory=dict)
    """A page's decoded content streams → the text boxes ``textlayer.quick_text_boxes``
    found in them: an unchanged page is scanned once for all the file's signatures."""

    def strict(self) -> tuple[Any | None, str | None]:
        """(strict reader of the whole file or None, why it could not be opened)."""
        if not self._strict_opened:
            from pyhanko.pdf_utils.reader import PdfFileReader

            self._strict_opened = True
            if getattr(self.reader, "strict", False) is True:
                # the reader given already reads strictly (opened without error): it is
                # the strict reader, and its objects parsed for pyHanko are not parsed twice
                self._strict = self.reader
                return self._strict, None
            try:
                self._strict = PdfFileReader(io.BytesIO(self.data), strict=True)
            except STRICT_ERRORS as exc:
                self._strict_error = ("the file does not read strictly: "
                                      f"{type(exc).__name__}: {exc}")[:300]
        return self._strict, self._strict_error


def open_history(data: bytes, reader: Any | None = None) -> FileHistory:
    """The history of ``data``, read by ``reader`` when given (pyHanko's lenient reader
    of the same bytes), else by one reader opened here: the strict one when the file
    reads strictly (then it serves both), else a lenient one."""
    if reader is not None:
        return FileHistory(data, reader)
    from pyhanko.pdf_utils.reader import PdfFileReader

    probe = FileHistory(data, None)
    strict, _why = probe.strict()
    if strict is not None:
        probe.reader = strict
        return probe
    probe.reader = PdfFileReader(io.BytesIO(data), strict=False)
    return probe
