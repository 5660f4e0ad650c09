"""What kind of file is this? Decided from the bytes, never from the name."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from kiemchung.core.vocabulary import FileKind

log = logging.getLogger(__name__)

PDF_HEADER_SEARCH = 1024
"""The PDF header may be preceded by junk; readers look this far."""


@dataclass(frozen=True)
class Classification:
    kind: FileKind
    media_type: str
    pages: int = 0
    detail: str = ""
    """Why it is unknown or unreadable (English)."""


def sniff_media_type(data: bytes) -> str:
    """From the first bytes only (a few kB suffice)."""
    head = data[:PDF_HEADER_SEARCH]
    if b"%PDF-" in head:
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"PK\x03\x04"):
        return "application/zip"
    return "application/octet-stream"


def classify(data: bytes) -> Classification:
    if not data:
        return Classification(FileKind.EMPTY, "application/octet-stream", detail="zero bytes")
    media_type = sniff_media_type(data)
    if media_type.startswith("image/"):
        return Classification(FileKind.IMAGE, media_type, pages=1)
    if media_type != "application/pdf":
        return Classification(FileKind.UNKNOWN, media_type, detail=f"content is {media_type}")
    return _classify_pdf(data)


def _classify_pdf(data: bytes) -> Classification:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _try_empty_password(reader):
            signed = b"/ByteRange" in data
            kind = FileKind.PDF_SIGNED if signed else FileKind.UNREADABLE
            return Classification(kind, "application/pdf", detail="encrypted PDF")
        pages = len(reader.pages)
        if _has_filled_signature(reader):
            return Classification(FileKind.PDF_SIGNED, "application/pdf", pages=pages)
        has_text = any(_page_has_text(page) for page in reader.pages[:20])
    except Exception as exc:  # pypdf raises many types on broken files
        if b"/ByteRange" in data:
            # Let the signature verifier give its own verdict on a broken signed PDF.
            return Classification(FileKind.PDF_SIGNED, "application/pdf", detail=str(exc))
        log.info("unreadable PDF: %s", exc)
        return Classification(FileKind.UNREADABLE, "application/pdf", detail=f"{exc}")
    kind = FileKind.PDF_TEXT if has_text else FileKind.PDF_SCAN
    return Classification(kind, "application/pdf", pages=pages)


def _try_empty_password(reader: object) -> bool:
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:
        return False


def _has_filled_signature(reader: object) -> bool:
    fields = reader.get_fields() or {}  # type: ignore[attr-defined]
    return any(f.get("/FT") == "/Sig" and f.get("/V") is not None for f in fields.values())


def _page_has_text(page: object) -> bool:
    """A page that declares fonts draws text; a scanned page has only images.
    (Reading the fonts is far cheaper than extracting the text.)"""
    try:
        resources = page.get("/Resources")  # type: ignore[attr-defined]
        return resources is not None and bool(resources.get_object().get("/Font"))
    except Exception:
        return False
