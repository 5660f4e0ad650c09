"""What kind of file is this? Decided from the bytes, never from the name."""

from __future__ import annotations

import io
import logging
import re
import zlib
from dataclasses import dataclass

from kiemchung.core.vocabulary import FileKind

log = logging.getLogger(__name__)

PDF_LEADING_SPACE = 4
"""Bytes of white space (a stray newline, a BOM-less editor's blank) allowed before
``%PDF-``, as readers allow; anything else before the header is not a PDF. (A file with
``%PDF-`` further in is a polyglot: some readers take it as a PDF, we do not.)"""
WHITESPACE = b" \t\r\n\f\0"
ACTIVE_NAME = re.compile(rb"/(JavaScript|JS|Launch)(?=[\s/<>\[\]()%{}]|$)")
"""Name tokens of active content: a JavaScript action or name tree, a Launch action."""
ACTIVE_VI = {"JavaScript": "mã JavaScript", "Launch": "lệnh mở chương trình (Launch)"}
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Classification:
    kind: FileKind
    media_type: str
    pages: int = 0
    detail: str = ""
    """Why it is unknown or unreadable (English)."""


def sniff_media_type(data: bytes) -> str:
    """From a header at offset 0 (a PDF's after at most ``PDF_LEADING_SPACE`` bytes of
    white space): the first few bytes suffice."""
    lead = data[:PDF_LEADING_SPACE]
    start = len(lead) - len(lead.lstrip(WHITESPACE))
    if data.startswith(b"%PDF-", start):
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


def active_content(data: bytes) -> tuple[str, ...]:
    """The kinds of active content a PDF carries, sorted: ``JavaScript`` (a ``/JS`` or
    ``/JavaScript`` name: actions, the document's name tree) and ``Launch`` (an action
    starting a program). Names are looked for in the file's bytes and in its compressed
    object streams, with ``#xx`` escapes in names undone (``/J#53`` is ``/JS``).
    A name inside a string or a content stream counts too: a false alarm for a
    reviewer to dismiss is better than a script let through."""
    found = _active_names(data)
    if b"/ObjStm" in data:  # names compressed in object streams (their own escapes undone too)
        found |= _active_names(b"".join(_object_streams(data)))
    return tuple(sorted(found))


def _active_names(data: bytes) -> set[str]:
    if b"#" in data:
        data = NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
    return {"Launch" if m.group(1) == b"Launch" else "JavaScript"
            for m in ACTIVE_NAME.finditer(data)}


OBJSTM = re.compile(rb"<<(?:(?!>>\s*stream).){0,400}?/Type\s*/ObjStm(?:(?!>>\s*stream).){0,400}"
                    rb"?>>\s*stream\r?\n", re.S)
"""An object stream's dictionary up to the start of its data."""
OBJSTM_INFLATED_CAP = 64 << 20
"""Bytes of object streams inflated per file at most (a bomb stops there)."""


def _object_streams(data: bytes) -> list[bytes]:
    """The decoded object streams (PDF 1.5). Plain Flate streams, by far the common case,
    are inflated directly (capped): no second parse of the file; any other filter, or a
    stream that does not inflate, goes through pypdf."""
    out: list[bytes] = []
    budget = OBJSTM_INFLATED_CAP
    found = list(OBJSTM.finditer(data))
    if len(found) < len(re.findall(rb"/Type\s*/ObjStm", data)):
        return _object_streams_pypdf(data)  # a dictionary this reading does not follow
    for m in found:
        head = m.group(0)
        filters = re.findall(rb"/(\w+Decode)", head)
        if filters != [b"FlateDecode"] or b"/DecodeParms" in head:
            return _object_streams_pypdf(data)
        inflater = zlib.decompressobj()
        try:
            chunk = inflater.decompress(data[m.end():m.end() + budget + 1], budget)
        except zlib.error:
            return _object_streams_pypdf(data)
        budget -= len(chunk)
        out.append(chunk)
        if budget <= 0:
            break
    return out


def _object_streams_pypdf(data: bytes) -> list[bytes]:
    """The decoded object streams through pypdf and its decompression limits."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        numbers = {int(stream) for stream, _i in reader.xref_objStm.values()}
        return [reader.get_object(IndirectObject(n, 0, reader)).get_data()  # type: ignore[union-attr]
                for n in sorted(numbers)]
    except Exception:  # a PDF pypdf cannot walk: its raw bytes were looked at already
        return []


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
