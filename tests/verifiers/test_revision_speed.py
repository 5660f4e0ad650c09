"""The revision analysis's shortcuts (issue 15) give what the slow way gives: a file's
text layers and text scans are made once for all its signatures, and a cached result is
the one computed without the cache."""

from __future__ import annotations

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
