"""Shadow attacks on the sample's signed công văn, for the tests and the hostile set.
TEST ONLY.

A shadow attack changes what a reader sees after signing through an incremental
update that a validator accepts, or a lenient parser accepts and a strict one does not
(Mainka, Mladenov, Rohlmann, Schwenk: "Shadow attacks", NDSS 2021). Each function
returns the bytes of one attacked file, built with pyHanko (and plain bytes for the
malformed increment):

* ``hide_square`` / ``hide_freetext``: an overlay annotation, white-filled, over a line
  of the body (the FreeText one also writes replacement text on it).
* ``replace_field``: the document is signed with an empty text field lying over a line
  of the body; after signing the field is "filled" with an opaque appearance that
  replaces the line. pyHanko sees only form filling.
* ``replace_overwrite``: the page's content stream object is rewritten in an
  increment under the same object number.
* ``malformed_increment``: an increment whose xref entry points a few bytes off its
  object (lenient readers repair it; strict ones refuse).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from sample_evidence.generator.signing import frozen_clock, sign

SAMPLE = Path(__file__).resolve().parent.parent
SIGNED = SAMPLE / "uploads" / "ubnd-huyen" / "ky-so-to-chuc" / "cv-2018-10-13-nguyen-van-an.pdf"
UNSIGNED = SAMPLE / "uploads" / "phong-tckh" / "ky-so-to-chuc" / "cv-2019-02-20-chua-ky.pdf"
VN = timezone(timedelta(hours=7))
WHEN = datetime(2019, 3, 1, 16, 0, tzinfo=VN)


def body_line(pdf: bytes) -> tuple[float, float, float, float]:
    """The box of the first body line («Thực hiện …») on page 1, from pdftotext."""
    from sample_evidence.generator.build import word_boxes

    words = word_boxes(pdf)
    _w, x0, base, _x1, size = next(w for w in words if w[0] == "Thực")
    right = max(w[3] for w in words if abs(w[2] - base) < 2)
    return (x0 - 2, base - 0.3 * size, right + 2, base + 0.95 * size)


def _form(w: IncrementalPdfFileWriter, box: tuple[float, float, float, float],
          ops: bytes) -> generic.IndirectObject:
    font = w.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Times-Roman")}))
    return w.add_object(generic.StreamObject({
        generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
        generic.pdf_name("/BBox"): generic.ArrayObject(
            generic.FloatObject(v) for v in (0, 0, box[2] - box[0], box[3] - box[1])),
        generic.pdf_name("/Resources"): generic.DictionaryObject({
            generic.pdf_name("/Font"): generic.DictionaryObject(
                {generic.pdf_name("/F1"): font})}),
    }, stream_data=ops))


def _rect(box: tuple[float, float, float, float]) -> generic.ArrayObject:
    return generic.ArrayObject(generic.FloatObject(round(v, 2)) for v in box)


def _white(box: tuple[float, float, float, float], text: str = "") -> bytes:
    w, h = box[2] - box[0], box[3] - box[1]
    ops = f"q 1 g 0 0 {w:.2f} {h:.2f} re f Q".encode()
    if text:
        ops += f" BT /F1 12 Tf 0 g 2 {h * 0.28:.2f} Td ({text}) Tj ET".encode("latin-1")
    return ops


def _annotate(pdf: bytes, seed: str, subtype: str, box: tuple[float, float, float, float],
              ops: bytes, extra: dict[str, generic.PdfObject] | None = None) -> bytes:
    """Add one annotation with appearance ``ops`` over ``box`` in an increment."""
    out = io.BytesIO()
    with frozen_clock(WHEN, seed):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        entries: dict[str, generic.PdfObject] = {
            "/Type": generic.pdf_name("/Annot"), "/Subtype": generic.pdf_name(subtype),
            "/Rect": _rect(box), "/F": generic.NumberObject(4), **(extra or {})}
        annot = generic.DictionaryObject({generic.pdf_name(k): v for k, v in entries.items()})
        annot[generic.pdf_name("/AP")] = generic.DictionaryObject(
            {generic.pdf_name("/N"): _form(w, box, ops)})
        w.register_annotation(w.find_page_for_modification(0)[0], w.add_object(annot))
        w.write(out)
    return out.getvalue()


def hide_square(signed: bytes | None = None) -> bytes:
    pdf = signed or SIGNED.read_bytes()
    box = body_line(pdf)
    white = generic.ArrayObject([generic.FloatObject(1)] * 3)
    return _annotate(pdf, "attack-square", "/Square", box, _white(box),
                     {"/C": white, "/IC": white})


def frame_square(signed: bytes | None = None) -> bytes:
    """Not an attack: a red frame drawn round a body line after signing (a reviewer's
    mark). The text stays visible; an annotation over signed text needs a person."""
    pdf = signed or SIGNED.read_bytes()
    box = body_line(pdf)
    w_, h_ = box[2] - box[0], box[3] - box[1]
    return _annotate(pdf, "frame-square", "/Square", box,
                     f"q 0.8 0 0 RG 1.5 w 1 1 {w_ - 2:.2f} {h_ - 2:.2f} re S Q".encode())


def hide_freetext(signed: bytes | None = None) -> bytes:
    pdf = signed or SIGNED.read_bytes()
    box = body_line(pdf)
    text = "Huy bo cong van nay."
    return _annotate(pdf, "attack-freetext", "/FreeText", box, _white(box, text),
                     {"/Contents": generic.TextStringObject(text),
                      "/DA": generic.TextStringObject("/Helv 12 Tf 0 g")})


def _sign_org(pdf: bytes, when: datetime) -> bytes:
    pki = SAMPLE / "pki"
    return sign(pdf, key=pki / "keys" / "to-chuc-phong-tckh.TEST-ONLY.key.pem",
                cert=pki / "certs" / "to-chuc-phong-tckh.pem",
                chain=[pki / "certs" / "ca-co-quan-nha-nuoc.pem"], when=when,
                field="ChuKyCoQuan", box=(330, 80, 560, 150), kind="organization",
                label="Phòng Tài chính - Kế hoạch")


def replace_field() -> bytes:
    """Empty field over a body line, signed, then filled with a replacing appearance."""
    from sample_evidence.generator.signing import add_text_fields

    base = UNSIGNED.read_bytes()
    box = body_line(base)
    pdf = add_text_fields(base, [("GhiChu", 0, box)], WHEN - timedelta(days=2))
    pdf = _sign_org(pdf, WHEN - timedelta(days=1))
    out = io.BytesIO()
    with frozen_clock(WHEN, "attack-field"):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        for ref in w.root["/AcroForm"]["/Fields"]:
            field = ref.get_object()
            if str(field.get("/T", "")) != "GhiChu":
                continue
            text = "Kinh phi duoc duyet: 900.000.000 dong."
            field[generic.pdf_name("/V")] = generic.TextStringObject(text)
            field[generic.pdf_name("/AP")] = generic.DictionaryObject(
                {generic.pdf_name("/N"): _form(w, box, b"/Tx BMC " + _white(box, text) +
                                               b" EMC")})
            w.mark_update(ref)
        w.write(out)
    return out.getvalue()


def replace_overwrite(signed: bytes | None = None) -> bytes:
    """The page's own content stream, rewritten under its object number: a white box
    over the body."""
    pdf = signed or SIGNED.read_bytes()
    box = body_line(pdf)
    out = io.BytesIO()
    with frozen_clock(WHEN, "attack-overwrite"):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        page = w.root["/Pages"]["/Kids"][0].get_object()
        contents = page.raw_get("/Contents")
        ref = contents
        arr = contents.get_object()
        if isinstance(arr, generic.ArrayObject):
            ref = arr.raw_get(0)
        x0, y0, x1, y1 = box
        new = generic.StreamObject(stream_data=ref.get_object().data + (
            f"\nq 1 g {x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re f Q").encode())
        w.objects[(ref.generation, ref.idnum)] = new  # same object number, new body
        w.write(out)
    return out.getvalue()


def malformed_increment(signed: bytes | None = None) -> bytes:
    """``replace_overwrite`` with the last increment's xref entry for the rewritten
    object shifted by three bytes."""
    data = replace_overwrite(signed)
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    section = data[start:]
    m = re.search(rb"(\d{10}) (\d{5}) n", section)
    assert m is not None
    shifted = f"{int(m[1]) + 3:010d}".encode()
    return data[:start] + section[:m.start(1)] + shifted + section[m.end(1):]


ATTACKS = {
    "shadow-hide-square.pdf": (hide_square, "white Square annotation over a body line after "
                                            "signing"),
    "shadow-hide-freetext.pdf": (hide_freetext, "white FreeText with new text over a body line "
                                                "after signing"),
    "shadow-replace-field.pdf": (replace_field, "empty field over the body filled after signing "
                                                "with an opaque appearance (form filling to "
                                                "pyHanko)"),
    "shadow-replace-overwrite.pdf": (replace_overwrite, "page content stream object rewritten "
                                                        "in an increment"),
    "shadow-malformed-increment.pdf": (malformed_increment, "increment whose xref points off "
                                                            "its object"),
}
"""File name → (builder, what it does)."""


def build_attacks(out: Path) -> list[tuple[Path, str]]:
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, (fn, what) in ATTACKS.items():
        (out / name).write_bytes(fn())
        files.append((out / name, what))
    return files
