"""The revision analysis's shortcuts (issue 15) give what the slow way gives: a file's
text layers and text scans are made once for all its signatures, and a cached result is
the one computed without the cache."""

from __future__ import annotations

import contextlib
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.conftest import SAMPLE
from verifiers.signatures import revisions
from verifiers.signatures.history import FileHistory
from verifiers.signatures.textlayer import quick_text_boxes

PLAIN = "ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf"


def test_text_scan_and_text_layer_made_once_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (SAMPLE / "uploads" / PLAIN).read_bytes()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    history = FileHistory(data, reader)
    page = reader.root["/Pages"]["/Kids"][0].get_object()
    first = quick_text_boxes(page, cache=history.text_boxes)
    assert first and first == quick_text_boxes(page)  # same boxes as without the cache
    assert len(history.text_boxes) == 1
    assert quick_text_boxes(page, cache=history.text_boxes) == first

    calls: list[tuple[int, int]] = []
    real = revisions.page_text

    def counting(pdf: bytes, ix: int):  # type: ignore[no-untyped-def]
        calls.append((len(pdf), ix))
        return real(pdf, ix)

    monkeypatch.setattr(revisions, "page_text", counting)
    text = revisions._text(history, data, 0)
    assert text is not None and text.runs
    assert revisions._text(history, data, 0) is text
    assert calls == [(len(data), 0)]
    revisions._text(history, data[:len(data) // 2], 0)  # another revision: read again
    assert len(calls) == 2


def _strict_or_none(data: bytes) -> PdfFileReader | None:
    try:
        return PdfFileReader(io.BytesIO(data), strict=True)
    except Exception:
        return None


def test_a_strict_reader_given_is_the_strict_reader() -> None:
    data = (SAMPLE / "uploads" / PLAIN).read_bytes()
    strict = _strict_or_none(data)
    assert strict is not None
    history = FileHistory(data, strict)
    assert history.strict() == (strict, None)
    lenient = FileHistory(data, PdfFileReader(io.BytesIO(data), strict=False))
    other, why = lenient.strict()
    assert other is not None and other is not lenient.reader and why is None


def test_shared_strict_reader_still_finds_a_malformed_increment() -> None:
    """The increments' strict check on a strict reader shared with the validation (its
    objects already parsed) reports what it reports on a reader of its own."""
    from sample_evidence.generator import attacks
    from verifiers.signatures.increments import check_increments

    data = attacks.malformed_increment()
    own = check_increments(FileHistory(data, PdfFileReader(io.BytesIO(data), strict=False)), 0)
    assert own.malformed and any("does not read strictly" in m for m in own.malformed)
    strict = _strict_or_none(data)
    if strict is None:  # the whole file does not read strictly: nothing to share
        return
    for rev in range(strict.xrefs.total_revisions):  # as pyHanko's validation reads them
        for ref in strict.xrefs.explicit_refs_in_revision(rev):
            with contextlib.suppress(Exception):  # a broken object is not cached
                strict.get_historical_resolver(rev).get_object(ref)
    shared = check_increments(FileHistory(data, strict), 0)
    assert shared.malformed == own.malformed
