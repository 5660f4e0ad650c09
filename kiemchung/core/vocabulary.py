"""The project's vocabulary as enums: one spelling for each set of values, used by the
verifiers, the database columns, the CLI's choices and the web app."""

from __future__ import annotations

from enum import StrEnum


class FileKind(StrEnum):
    EMPTY = "empty"
    PDF_SIGNED = "pdf_signed"
    """A PDF with at least one filled signature field."""
    PDF_TEXT = "pdf_text"
    """An unsigned PDF whose pages carry a text layer."""
    PDF_SCAN = "pdf_scan"
    """An unsigned PDF whose pages are images only."""
    IMAGE = "image"
    UNKNOWN = "unknown"
    UNREADABLE = "unreadable"
