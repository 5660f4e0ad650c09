"""Signing sample PDFs with pyHanko at a chosen past time, with Decree 30-style
appearances: the leader's signature (blue) and the organization's seal (red)
laid over about a third of it. TEST ONLY."""

from __future__ import annotations

import contextlib
import io
import math
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

from PIL import Image, ImageDraw, ImageFont
from pyhanko import stamp
from pyhanko.pdf_utils import images
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from notices.fonts import font_path


@contextmanager
def frozen_clock(when: datetime, seed: str) -> Iterator[None]:
    """pyHanko takes the signing time from the clock and names and IDs from the
    system's randomness; sample documents need past times and identical rebuilds."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return when if tz is None else when.astimezone(tz)

    import pyhanko.pdf_utils.metadata.info as info_mod
    import pyhanko.pdf_utils.metadata.xmp_xml as xmp_mod
    import pyhanko.sign.signers.pdf_cms as cms_mod
    import pyhanko.sign.signers.pdf_signer as signer_mod
    import pyhanko.stamp.text as stamp_text_mod

    rng = random.Random(f"{seed}|{when.isoformat()}")

    def urandom(n: int) -> bytes:
        return rng.randbytes(n)

    def uuid4() -> uuid.UUID:
        return uuid.UUID(bytes=rng.randbytes(16), version=4)

    with contextlib.ExitStack() as stack:
        for mod in (signer_mod, cms_mod, info_mod, xmp_mod, stamp_text_mod):
            stack.enter_context(mock.patch.object(mod, "datetime", Frozen))
        stack.enter_context(mock.patch("os.urandom", urandom))
        stack.enter_context(mock.patch("uuid.uuid4", uuid4))
        stack.enter_context(mock.patch("random.randint", rng.randint))
        yield


def signature_image(name: str) -> Image.Image:
    """A blue hand-signature-like stroke with the name under it."""
    img = Image.new("RGBA", (360, 150), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    seed = sum(ord(c) for c in name)
    pts = []
    for i in range(60):
        t = i / 59
        x = 30 + 300 * t
        y = 70 + 28 * math.sin(t * 9 + seed % 7) * (1 - t * 0.5) + 10 * math.cos(t * 23 + seed)
        pts.append((x, y))
    d.line(pts, fill=(20, 40, 170, 255), width=5, joint="curve")
    return img


def seal_image(org: str, when: datetime) -> Image.Image:
    """A red round seal with the organization's name, and beside it the organization
    name and the signing time (ISO 8601, Vietnam time), as Decree 30 shows them."""
    size = 300
    img = Image.new("RGBA", (size + 560, size), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    red = (200, 20, 20, 220)
    d.ellipse((6, 6, size - 6, size - 6), outline=red, width=8)
    d.ellipse((40, 40, size - 40, size - 40), outline=red, width=4)
    font = ImageFont.truetype(str(font_path("DejaVuSans-Bold.ttf")), 22)
    words = org.upper().split()
    lines, cur = [], ""
    for w in words:
        if len(cur) + len(w) > 12 and cur:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    y = size / 2 - 14 * len(lines)
    for line in lines:
        tw = d.textlength(line, font=font)
        d.text(((size - tw) / 2, y), line, font=font, fill=red)
        y += 28
    d.regular_polygon((size / 2, 62, 14), 5, fill=red)
    info = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), 30)
    d.text((size + 20, 90), f"Ký bởi: {org}", font=info, fill=(30, 30, 30, 255))
    d.text((size + 20, 140), f"Thời gian: {when.isoformat()}", font=info, fill=(30, 30, 30, 255))
    return img


def _style(kind: str, label: str, when: datetime) -> stamp.StaticStampStyle:
    img = signature_image(label) if kind == "personal" else seal_image(label, when)
    return stamp.StaticStampStyle(background=images.PdfImage(img), border_width=0)


def sign(pdf: bytes, *, key: Path, cert: Path, chain: list[Path], when: datetime, field: str,
         box: tuple[float, float, float, float], kind: str, label: str, title: str = "",
         page: int = 0) -> bytes:
    """Add one visible signature in a new field over ``box`` (points on ``page``)."""
    signer = signers.SimpleSigner.load(str(key), str(cert), ca_chain_files=[str(c) for c in chain])
    assert signer is not None
    out = io.BytesIO()
    with frozen_clock(when, field):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        ibox = (int(box[0]), int(box[1]), int(box[2]), int(box[3]))
        fields.append_signature_field(
            w, sig_field_spec=fields.SigFieldSpec(field, box=ibox, on_page=page))
        _sign(w, out, signer, field, kind, label, when)
    return out.getvalue()


def _sign(w: IncrementalPdfFileWriter, out: io.BytesIO, signer: signers.SimpleSigner,
          field: str, kind: str, label: str, when: datetime) -> None:
    meta = signers.PdfSignatureMetadata(
        field_name=field, reason="Ký số văn bản điện tử theo Nghị định 30/2020/NĐ-CP",
        location="Việt Nam", md_algorithm="sha256")
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=_style(kind, label, when))
    pdf_signer.sign_pdf(w, output=out)


# ---------------------------------------------------------------- the văn thư (Decree 30)

ClerkText = tuple[int, float, float, float, str]
"""(page, x, baseline y, font size, text): what the clerk writes and where (points)."""


def _font_dict() -> Any:
    from pyhanko.pdf_utils import generic

    return generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Times-Roman"),
        generic.pdf_name("/Encoding"): generic.pdf_name("/WinAnsiEncoding")})


def _text_ops(x: float, y: float, size: float, text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return (f"BT /KcClerk {size:g} Tf 0 0 0.55 rg {x:.2f} {y:.2f} Td ({escaped}) Tj ET"
            .encode("latin-1"))


def _text_form(w: IncrementalPdfFileWriter, width: float, height: float, ops: bytes) -> Any:
    """An appearance stream (form XObject) of ``width`` × ``height`` drawing ``ops``
    with the clerk's font."""
    from pyhanko.pdf_utils import generic

    return generic.StreamObject({
        generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
        generic.pdf_name("/BBox"): generic.ArrayObject(
            generic.FloatObject(v) for v in (0, 0, width, height)),
        generic.pdf_name("/Resources"): generic.DictionaryObject({
            generic.pdf_name("/Font"): generic.DictionaryObject({
                generic.pdf_name("/KcClerk"): w.add_object(_font_dict())})}),
    }, stream_data=ops)


def _width(text: str, size: float) -> float:
    return 0.5 * size * len(text)


def clerk_freetext(pdf: bytes, texts: list[ClerkText], when: datetime, *,
                   subtype: str = "/FreeText") -> bytes:
    """The văn thư writes the number and the date as FreeText (or Stamp) annotations
    with a text-only appearance, in one incremental update."""
    from pyhanko.pdf_utils import generic

    out = io.BytesIO()
    with frozen_clock(when, "clerk-annot"):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        for page, x, y, size, text in texts:
            x0, y0 = x - 1, y - 0.3 * size
            x1, y1 = x + _width(text, size) + 1, y + size
            ap = _text_form(w, x1 - x0, y1 - y0, _text_ops(x - x0, y - y0, size, text))
            annot = generic.DictionaryObject({
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name(subtype),
                generic.pdf_name("/Rect"): generic.ArrayObject(
                    generic.FloatObject(round(v, 2)) for v in (x0, y0, x1, y1)),
                generic.pdf_name("/Contents"): generic.TextStringObject(text),
                generic.pdf_name("/F"): generic.NumberObject(4),
                generic.pdf_name("/AP"): generic.DictionaryObject(
                    {generic.pdf_name("/N"): w.add_object(ap)}),
            })
            if subtype == "/FreeText":
                annot[generic.pdf_name("/DA")] = generic.TextStringObject(
                    f"/Helv {size:g} Tf 0 0 0.55 rg")
            w.register_annotation(w.find_page_for_modification(page)[0], w.add_object(annot))
        w.write(out)
    return out.getvalue()


def clerk_content(pdf: bytes, texts: list[ClerkText], when: datetime) -> bytes:
    """The văn thư's software appends a content stream that only draws the text."""
    from pyhanko.pdf_utils import generic

    out = io.BytesIO()
    with frozen_clock(when, "clerk-content"):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        pages = sorted({t[0] for t in texts})
        for page in pages:
            ops = b"\n".join(_text_ops(x, y, size, text) for p, x, y, size, text in texts
                             if p == page)
            stream = w.add_object(generic.StreamObject(stream_data=b"q " + ops + b" Q"))
            res = generic.DictionaryObject({generic.pdf_name("/Font"): generic.DictionaryObject(
                {generic.pdf_name("/KcClerk"): w.add_object(_font_dict())})})
            w.add_stream_to_page(page, stream, resources=res)
        w.write(out)
    return out.getvalue()


def add_text_fields(pdf: bytes, boxes: list[tuple[str, int, tuple[float, float, float, float]]],
                    when: datetime) -> bytes:
    """Empty text fields (name, page, rect) for the number and the date, put in the
    document before the leader signs (what document-management software does)."""
    from pyhanko.pdf_utils import generic

    out = io.BytesIO()
    with frozen_clock(when, "blank-fields"):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        root = w.root
        form = root.get("/AcroForm")
        if form is None:
            form = generic.DictionaryObject({generic.pdf_name("/Fields"): generic.ArrayObject()})
            root[generic.pdf_name("/AcroForm")] = w.add_object(form)
            w.update_root()
        form = root["/AcroForm"]
        form[generic.pdf_name("/DA")] = generic.TextStringObject("/Helv 0 Tf 0 g")
        for name, page, rect in boxes:
            page_ref = w.find_page_for_modification(page)[0]
            field = generic.DictionaryObject({
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Widget"),
                generic.pdf_name("/FT"): generic.pdf_name("/Tx"),
                generic.pdf_name("/T"): generic.TextStringObject(name),
                generic.pdf_name("/Rect"): generic.ArrayObject(
                    generic.FloatObject(round(v, 2)) for v in rect),
                generic.pdf_name("/F"): generic.NumberObject(4),
                generic.pdf_name("/DA"): generic.TextStringObject("/KcClerk 12 Tf 0 0 0.55 rg"),
                generic.pdf_name("/P"): page_ref,
            })
            ref = w.add_object(field)
            form["/Fields"].append(ref)
            w.register_annotation(page_ref, ref)
        w.write(out)
    return out.getvalue()


def clerk_fill_fields(pdf: bytes, values: dict[str, str], size: float, when: datetime) -> bytes:
    """The văn thư fills the number and date fields (value and appearance)."""
    from pyhanko.pdf_utils import generic

    out = io.BytesIO()
    with frozen_clock(when, "clerk-fields"):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        for ref in w.root["/AcroForm"]["/Fields"]:
            field = ref.get_object()
            name = str(field.get("/T", ""))
            if name not in values:
                continue
            x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
            ap = _text_form(w, x1 - x0, y1 - y0, b"/Tx BMC q " + _text_ops(
                1, 0.3 * size, size, values[name]) + b" Q EMC")
            field[generic.pdf_name("/V")] = generic.TextStringObject(values[name])
            field[generic.pdf_name("/AP")] = generic.DictionaryObject(
                {generic.pdf_name("/N"): w.add_object(ap)})
            w.mark_update(ref)
        w.write(out)
    return out.getvalue()

