"""The revision analysis's shortcuts (issue 15) give what the slow way gives: the
ASCII85 decoder of the text scan is pyHanko's, byte for byte and failure for failure;
the content streams it decodes are pyHanko's ``stream.data``; a file's text layers and
text scans are made once for all its signatures."""

from __future__ import annotations

import base64
import io
import random

import pytest
from pyhanko.pdf_utils import filters, generic
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.conftest import SAMPLE
from verifiers.signatures import revisions
from verifiers.signatures.history import FileHistory
from verifiers.signatures.textlayer import _a85decode, _decoded, quick_text_boxes

PLAIN = "ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf"


def _pyhanko(data: bytes) -> tuple[str, bytes]:
    try:
        return "ok", filters.ASCII85Decode().decode(data)
    except Exception:
        return "error", b""


def _ours(data: bytes) -> tuple[str, bytes]:
    try:
        return "ok", _a85decode(data)
    except Exception:
        return "error", b""


def _encodings(seed: int, count: int) -> list[bytes]:
    """ASCII85 as writers produce it (line breaks, ``z`` groups, partial last group) and
    damaged: a character replaced by one outside the alphabet, a ``z`` inside a group,
    whitespace, a misplaced or missing ``~>``."""
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        raw = bytes(rnd.choice([0, 0, 0, 0, 1, 65, 255]) if rnd.random() < 0.3
                    else rnd.randrange(256) for _ in range(rnd.randrange(0, 60)))
        enc = base64.a85encode(raw, wrapcol=rnd.choice([0, 7, 75]), adobe=False,
                               foldspaces=rnd.random() < 0.1)
        enc += rnd.choice([b"~>", b"~>", b"~>\n", b"~> junk", b"", b"~"])
        if rnd.random() < 0.5:
            damaged = bytearray(enc)
            for _ in range(rnd.randrange(1, 4)):
                if len(damaged) > 2:
                    damaged[rnd.randrange(len(damaged) - 2)] = rnd.choice(b"!uz \n\x00\x0cvy~>")
            enc = bytes(damaged)
        out.append(enc)
    return out


@pytest.mark.parametrize("seed", [2026, 7, 11])
def test_ascii85_decoder_is_pyhankos(seed: int) -> None:
    cases = _encodings(seed, 4000)
    results = [(_pyhanko(c), _ours(c)) for c in cases]
    assert all(theirs == ours for theirs, ours in results), next(
        (c, t, o) for c, (t, o) in zip(cases, results, strict=True) if t != o)
    # both kinds are exercised: streams that decode and streams that fail
    kinds = {theirs[0] for theirs, _ in results}
    assert kinds == {"ok", "error"}


def test_ascii85_long_stream_with_zero_groups() -> None:
    raw = bytes(range(256)) * 40 + b"\0" * 64 + b"tail!"
    enc = base64.a85encode(raw, wrapcol=80, adobe=False) + b"~>"
    assert b"z" in enc
    assert _a85decode(enc) == raw == filters.ASCII85Decode().decode(enc)


def _content_streams(data: bytes) -> list[generic.StreamObject]:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    page = reader.root["/Pages"]["/Kids"][0].get_object()
    contents = page["/Contents"]
    items = list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
    return [s.get_object() for s in items]


def test_decoded_content_is_pyhankos_data() -> None:
    data = (SAMPLE / "uploads" / PLAIN).read_bytes()
    ours, theirs = _content_streams(data), _content_streams(data)
    filters_seen = [s.get("/Filter") for s in ours]
    assert any("/ASCII85Decode" in str(f) for f in filters_seen)  # the fast path is taken
    for a, b in zip(ours, theirs, strict=True):
        assert _decoded(a) == b.data
        assert a.data == b.data  # cached on the stream as pyHanko caches it


def test_decoded_leaves_other_streams_to_pyhanko() -> None:
    flate = generic.StreamObject(stream_data=b"BT /F1 12 Tf (x) Tj ET")
    flate.compress()
    assert _decoded(flate) == b"BT /F1 12 Tf (x) Tj ET"


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
