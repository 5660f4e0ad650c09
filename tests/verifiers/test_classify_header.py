"""File types from a header at offset 0, and PDFs carrying JavaScript or a Launch
action flagged (PDF_ACTIVE_CONTENT) through the real pipeline."""

import io
import zlib

import pytest
from PIL import Image
from pypdf import PdfWriter

from sample_evidence.generator.hostile import _pdf_with, _raw_pdf
from verifiers.classify import active_content, classify, sniff_media_type
from verifiers.pipeline import VerifyOptions, verify_bytes
from verifiers.results import FileKind


def _blank_pdf() -> bytes:
    w = PdfWriter()
    w.add_blank_page(200, 200)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(("prefix", "media"), [
    (b"", "application/pdf"),
    (b"\n", "application/pdf"),
    (b"\r\n  ", "application/pdf"),
    (b"     ", "application/octet-stream"),  # more white space than readers allow
    (b"GIF89a", "application/octet-stream"),
    (b"<html><body>" + b" " * 200, "application/octet-stream"),  # a polyglot
    (b"\x89PNG\r\n\x1a\n", "image/png"),  # a PNG signature first: an image, not a PDF
])
def test_pdf_header_only_at_the_start(prefix: bytes, media: str) -> None:
    assert sniff_media_type(prefix + _blank_pdf()) == media


def test_polyglot_with_pdf_header_inside_is_not_a_pdf() -> None:
    c = classify(b"MZ" + b"\0" * 100 + _blank_pdf())
    assert (c.kind, c.media_type) == (FileKind.UNKNOWN, "application/octet-stream")


def test_image_headers_must_be_at_offset_zero() -> None:
    assert sniff_media_type(_png()) == "image/png"
    assert sniff_media_type(b"\n" + _png()) == "application/octet-stream"
    assert classify(b" " + _png()).kind == FileKind.UNKNOWN


def test_plain_pdf_has_no_active_content() -> None:
    assert active_content(_blank_pdf()) == ()
    assert active_content(_pdf_with("attachment")) == ()


def test_javascript_and_launch_found() -> None:
    assert active_content(_pdf_with("javascript")) == ("JavaScript",)
    assert active_content(_pdf_with("launch")) == ("Launch",)


def test_escaped_names_found() -> None:
    """``/J#53`` is the name ``/JS``; ``/JSON`` is another name."""
    pdf = _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /JSON 1 >>",
        b"<< /S /Java#53cript /J#53 (app.alert(1)) >>"])
    assert active_content(pdf) == ("JavaScript",)
    assert active_content(pdf.replace(b"/Java#53cript /J#53", b"/Named /N   ")) == ()


def _objstm_pdf(action: bytes, hex_filter: bool = False) -> bytes:
    """A PDF 1.5 whose action dictionary sits in a compressed object stream, found only
    through the cross-reference stream (no name of it in the file's raw bytes)."""
    inner = b"4 0 " + action
    objstm = inner.hex().encode() + b">" if hex_filter else zlib.compress(inner)
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
        None,  # 4: in the object stream 5
        b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /%s >>\nstream\n"
        % (len(objstm), b"ASCIIHexDecode" if hex_filter else b"FlateDecode") + objstm +
        b"\nendstream",
    ]
    for i, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        if body is not None:
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref_at = len(out)
    rows = b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"
    for i, off in enumerate(offsets, start=1):
        rows += (b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00" if i == 4 else
                 b"\x01" + off.to_bytes(4, "big") + b"\x00\x00")
    rows += b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00"  # 6: the xref stream
    out += (b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % len(rows) + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


def test_active_content_inside_object_streams() -> None:
    hidden = _objstm_pdf(b"<< /S /Launch /F (cmd.exe) >>")
    assert b"/Launch" not in hidden
    assert classify(hidden).kind in (FileKind.PDF_SCAN, FileKind.PDF_TEXT)  # pypdf reads it
    assert active_content(hidden) == ("Launch",)
    assert active_content(_objstm_pdf(b"<< /S /GoTo /D [3 0 R /Fit] >>")) == ()


def test_object_streams_of_another_filter_are_read_through_pypdf() -> None:
    """Flate object streams are inflated directly (no second parse of the file); any
    other filter falls back to pypdf, so the name is found either way."""
    hidden = _objstm_pdf(b"<< /S /Launch /F (cmd.exe) >>", hex_filter=True)
    assert b"/Launch" not in hidden and b"/ASCIIHexDecode" in hidden
    assert active_content(hidden) == ("Launch",)


def test_pipeline_flags_active_content() -> None:
    options = VerifyOptions(ocr=False)
    report = verify_bytes(_pdf_with("javascript"), "js.pdf", options).to_json()
    reasons = {r["code"]: r for r in report["reasons"]}
    assert "PDF_ACTIVE_CONTENT" in reasons
    assert "JavaScript" in reasons["PDF_ACTIVE_CONTENT"]["message"]
    assert "«js.pdf»" in reasons["PDF_ACTIVE_CONTENT"]["message"]
    plain = verify_bytes(_blank_pdf(), "plain.pdf", options).to_json()
    assert "PDF_ACTIVE_CONTENT" not in {r["code"] for r in plain["reasons"]}
