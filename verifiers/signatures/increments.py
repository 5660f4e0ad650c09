"""Strict reading of the increments after a signature (shadow attacks, part a).

Shadow attacks hide or replace content in an incremental update that a lenient
parser (every viewer) accepts and a strict one would refuse, so that a validator and
a viewer disagree about what the document shows. The rule: if the signed revision
reads strictly, every later increment must too; an increment that does not, or that
is not a proper append (its xref section inside the signed bytes, a /Prev that does
not point back to the revision before it, or a /Size that shrinks) makes the
signature invalid. If the signed revision itself cannot be read even leniently,
nothing can be said about the signature: the file is ``error``.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

_STRICT_ERRORS = (Exception,)
"""A strict reader failing in any way is a finding about the file, not a bug of ours:
pyHanko's strict mode raises PdfStrictReadError, PdfReadError, and on some hostile
inputs plain ValueError/KeyError/IndexError."""


@dataclass(frozen=True)
class IncrementCheck:
    signed_unreadable: str | None = None
    """Why the signed revision cannot be read at all (the file is ``error``)."""
    signed_strict: bool = True
    """The signed revision reads in strict mode (only then are increments held to it)."""
    malformed: tuple[str, ...] = ()
    """One line per problem found in the increments after the signature."""


def revision_end(data: bytes, reader: Any, revision: int) -> int:
    """Offset just past the ``%%EOF`` that closes ``revision`` (0-based): the bytes a
    signature of that revision covers (the end of its ByteRange)."""
    startxref = reader.xrefs.get_startxref_for_revision(revision)
    eof = data.find(b"%%EOF", startxref)
    if eof < 0:
        return len(data)
    end = eof + 5
    while end < len(data) and data[end:end + 1] in (b"\r", b"\n"):
        end += 1
    return end


def _read_all(reader: Any, revision: int) -> None:
    """Resolve every object the revision's own xref section defines (readers parse
    objects lazily: a broken object only shows when it is read)."""
    for ref in reader.xrefs.explicit_refs_in_revision(revision):
        reader.get_object(ref)


def check_increments(data: bytes, reader: Any, signed_revision: int) -> IncrementCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader

    total = reader.xrefs.total_revisions
    signed_end = revision_end(data, reader, signed_revision)
    try:
        strict_signed = PdfFileReader(io.BytesIO(data[:signed_end]), strict=True)
        _read_all(strict_signed, signed_revision)
    except _STRICT_ERRORS as exc:
        try:
            lenient = PdfFileReader(io.BytesIO(data[:signed_end]), strict=False)
            lenient.root.get("/Pages")
        except Exception as exc2:
            return IncrementCheck(signed_unreadable=f"{type(exc2).__name__}: {exc2}")
        log.info("signed revision does not read strictly (%r): increments not held to it", exc)
        return IncrementCheck(signed_strict=False)
    problems: list[str] = []
    prev_end = signed_end
    for rev in range(signed_revision + 1, total):
        start = reader.xrefs.get_startxref_for_revision(rev)
        end = revision_end(data, reader, rev)
        if start < prev_end:
            problems.append(f"revision {rev}: xref section at {start}, inside the bytes of the "
                            f"revision before it (ends at {prev_end})")
        try:
            strict = PdfFileReader(io.BytesIO(data[:end]), strict=True)
            _read_all(strict, rev)
            trailer = strict.trailer_view
            prev = trailer.get("/Prev")
            expected_prev = reader.xrefs.get_startxref_for_revision(rev - 1)
            if prev is not None and int(prev) != expected_prev:
                problems.append(f"revision {rev}: /Prev {prev} is not the previous xref "
                                f"({expected_prev})")
            old_size = int(strict_signed.trailer_view.get("/Size", 0))
            if int(trailer.get("/Size", 0)) < old_size:
                problems.append(f"revision {rev}: /Size {trailer.get('/Size')} smaller than "
                                f"the signed revision's {old_size}")
        except _STRICT_ERRORS as exc:
            problems.append(f"revision {rev} does not read strictly: {type(exc).__name__}: "
                            f"{exc}"[:300])
        prev_end = end
    return IncrementCheck(malformed=tuple(problems))
