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
import re
from dataclasses import dataclass
from typing import Any

from verifiers.signatures.history import STRICT_ERRORS, FileHistory, IncrementFacts

log = logging.getLogger(__name__)


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


HEADER_RE = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
FULL_READ_MAX = 4096
"""Objects up to this size are parsed strictly; bigger ones (the signature value's
16 kB hex /Contents, images) only have their header and ``endobj`` checked, which is
what separates a strict from a lenient reading of them, at a fraction of the cost."""


def _read_all(reader: Any, revision: int, data: bytes) -> None:
    """Check every object the revision's own xref section defines (readers parse
    objects lazily: a broken object only shows when it is read). Raises on the first
    object that is not where the xref says or does not parse."""
    resolver = reader.get_historical_resolver(revision) \
        if revision < reader.xrefs.total_revisions - 1 else reader
    for ref in reader.xrefs.explicit_refs_in_revision(revision):
        where = reader.xrefs.get_historical_ref(ref, revision)
        if isinstance(where, int):
            m = HEADER_RE.match(data, where)
            if m is None or (int(m[1]), int(m[2])) != (ref.idnum, ref.generation):
                raise ValueError(f"xref entry of object {ref.idnum} {ref.generation} points "
                                 f"to offset {where}, where that object does not start")
            end = data.find(b"endobj", m.end())
            if end < 0:
                raise ValueError(f"object {ref.idnum} {ref.generation} has no endobj")
            if end - where > FULL_READ_MAX:
                continue
        resolver.get_object(ref)


def _signed_state(data: bytes, signed_end: int, signed_revision: int) -> IncrementCheck | None:
    """None when the signed revision reads strictly; else what to conclude."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        strict_signed = PdfFileReader(io.BytesIO(data[:signed_end]), strict=True)
        _read_all(strict_signed, signed_revision, data)
        return None
    except STRICT_ERRORS as exc:
        try:
            lenient = PdfFileReader(io.BytesIO(data[:signed_end]), strict=False)
            lenient.root.get("/Pages")
        except Exception as exc2:
            return IncrementCheck(signed_unreadable=f"{type(exc2).__name__}: {exc2}")
        log.info("signed revision does not read strictly (%r): increments not held to it", exc)
        return IncrementCheck(signed_strict=False)


def check_increments(history: FileHistory, signed_revision: int) -> IncrementCheck:
    """The increments are checked first (one strict reader for the whole file, each
    increment once per file whatever signature asks); the signed revision is read
    strictly only when one of them fails, to tell an increment that breaks the rules
    from a document that never kept them."""
    data, reader = history.data, history.reader
    total = reader.xrefs.total_revisions
    signed_end = revision_end(data, reader, signed_revision)
    strict, strict_error = history.strict()
    problems: list[str] = [strict_error] if strict_error else []
    if strict is not None:
        signed_size = int(strict.get_historical_resolver(signed_revision).trailer_view
                          .get("/Size", 0))
        for rev in range(signed_revision + 1, total):
            facts = history.increments.get(rev)
            if facts is None:
                facts = history.increments[rev] = _increment_facts(data, strict, rev)
            problems += facts.problems
            if facts.size is not None and facts.size < signed_size:
                problems.append(f"revision {rev}: /Size {facts.size} smaller than the signed "
                                f"revision's {signed_size}")
    if not problems:
        return IncrementCheck()
    state = _signed_state(data, signed_end, signed_revision)
    return state if state is not None else IncrementCheck(malformed=tuple(problems))


def _increment_facts(data: bytes, strict: Any, rev: int) -> IncrementFacts:
    """Revision ``rev`` (≥ 1) read strictly: is it a proper append, does every object
    it defines parse where its xref says."""
    total = strict.xrefs.total_revisions
    problems: list[str] = []
    start = strict.xrefs.get_startxref_for_revision(rev)
    prev_end = revision_end(data, strict, rev - 1)
    if start < prev_end:
        problems.append(f"revision {rev}: xref section at {start}, inside the bytes of "
                        f"the revision before it (ends at {prev_end})")
    size: int | None = None
    try:
        _read_all(strict, rev, data)
        trailer = (strict.get_historical_resolver(rev) if rev < total - 1
                   else strict).trailer_view
        prev = trailer.get("/Prev")
        expected_prev = strict.xrefs.get_startxref_for_revision(rev - 1)
        if prev is not None and int(prev) != expected_prev:
            problems.append(f"revision {rev}: /Prev {prev} is not the previous xref "
                            f"({expected_prev})")
        size = int(trailer.get("/Size", 0))
    except STRICT_ERRORS as exc:
        problems.append(f"revision {rev} does not read strictly: {type(exc).__name__}: "
                        f"{exc}"[:300])
    return IncrementFacts(tuple(problems), size)
