"""Decree 30/2020: what the văn thư may add between the leader's signature and the
organization's, and where.

The leader signs the công văn with the number and the date blank; the văn thư writes
them and the organization signs. The additions accepted are text only (a FreeText or
Stamp annotation whose appearance only draws text, a text field's value, or an appended
content stream that only draws text), inside the band of the «Số:» line under the
issuing body or of the «…, ngày … tháng … năm …» line under the Tiêu ngữ on page 1.
Those lines are found in the signed revision's own text layer, so the regions follow
the document's layout instead of fixed coordinates. Anything else (text elsewhere, an
image, a changed or replaced stream, a removed object) is not a Decree 30 addition and
pyHanko's verdict stands.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from verifiers.signatures.changes import AnnotChange, Changes
from verifiers.signatures.textlayer import Anchor, Box, PageText, covers, decree30_anchors

log = logging.getLogger(__name__)

TEXT_ONLY_OPERATORS = {
    b"BT", b"ET", b"Tf", b"Td", b"TD", b"Tm", b"T*", b"Tj", b"TJ", b"'", b'"', b"Tc", b"Tw",
    b"Tz", b"TL", b"Ts", b"Tr", b"q", b"Q", b"cm", b"g", b"G", b"rg", b"RG", b"k", b"K",
    b"cs", b"CS", b"sc", b"scn", b"SC", b"SCN", b"BMC", b"BDC", b"EMC", b"MP", b"DP",
}
"""What a stream that "only draws text" may contain: text objects, state and colour.
No paths, fills, images, XObjects, shadings or graphics-state dictionaries (those can
paint over or blend away what was signed)."""


@dataclass
class Addition:
    page: int
    """0-based."""
    text: str
    how: str
    bbox: Box
    confined: bool = False
    """Proven harmless without rendering: an appearance that only draws text in dark
    colours, clipped to a rectangle that lies wholly inside the Số/date line (it can
    add ink there, never remove any)."""


@dataclass
class Judgement:
    additions: list[Addition] = field(default_factory=list)
    why_not: list[str] = field(default_factory=list)
    """Why the changes are not only Decree 30 additions (empty: they are)."""
    allowed: dict[int, list[Box]] = field(default_factory=dict)
    """Per page, where visible differences are explained: later signatures' and filled
    fields' widgets that cover no signed text, and the văn thư's additions."""
    signature_over_text: dict[int, list[Box]] = field(default_factory=dict)
    annotations: dict[int, list[tuple[Box, str, bool]]] = field(default_factory=dict)
    """Per page, other annotations added or changed: (rect, subtype, covers signed text)."""
    fields_over_text: dict[int, list[Box]] = field(default_factory=dict)
    decree30_regions: dict[int, list[Box]] = field(default_factory=dict)
    """The Số/date line regions that an addition used (ink may be added there, not
    removed)."""

    @property
    def decree30_only(self) -> bool:
        return bool(self.additions) and not self.why_not


def stream_operators(data: bytes) -> list[tuple[list[Any], bytes]] | None:
    """The operators of a content stream, or None when it does not tokenize."""
    from pypdf.generic import ContentStream, DecodedStreamObject

    try:
        obj = DecodedStreamObject()
        obj.set_data(data)
        return [(list(ops), bytes(op)) for ops, op in ContentStream(obj, None).operations]
    except Exception as exc:
        log.info("content stream does not tokenize: %r", exc)
        return None


def text_only(stream: Any, resources: Any = None) -> str | None:
    """None when ``stream`` (a pyHanko stream object) only draws text; else why not."""
    try:
        data = stream.data
    except Exception as exc:
        return f"stream unreadable: {exc}"
    ops = stream_operators(data)
    if ops is None:
        return "stream does not parse"
    bad = sorted({op.decode("latin-1") for _a, op in ops if op not in TEXT_ONLY_OPERATORS})
    if bad:
        return f"draws more than text ({', '.join(bad[:6])})"
    res = resources
    if res is None:
        try:
            res = stream.get("/Resources")
        except Exception:
            res = None
    fonts = None
    try:
        fonts = res.get_object().get("/Font") if res is not None else None
        fonts = fonts.get_object() if fonts is not None else None
    except Exception:
        fonts = None
    for operands, op in ops:
        if op == b"Tf" and operands:
            name = str(operands[0])
            font = fonts.get(name) if fonts is not None else None
            if font is not None and str(font.get_object().get("/Subtype")) == "/Type3":
                return "Type 3 font (glyphs can draw anything)"
    return None


DARK = 0.6
"""Lightest colour (gray level, 0 = black) the văn thư's text may have without a
rendering: lighter text could be used to paint over what was signed."""


COLOUR_OPERATORS = {b"g", b"G", b"rg", b"RG", b"k", b"K", b"cs", b"CS", b"sc", b"scn",
                    b"SC", b"SCN"}


def dark_only(ops: list[tuple[list[Any], bytes]]) -> bool:
    """Every colour the operators set is dark (DeviceGray/RGB/CMYK only)."""
    for operands, op in ops:
        if op not in COLOUR_OPERATORS:
            continue
        try:
            vals = [float(v) for v in operands]
        except (TypeError, ValueError):
            return False
        if op in (b"g", b"G"):
            level = vals[0]
        elif op in (b"rg", b"RG"):
            level = 0.299 * vals[0] + 0.587 * vals[1] + 0.114 * vals[2]
        elif op in (b"k", b"K"):
            c, m, y, k = vals
            level = (0.299 * (1 - c) + 0.587 * (1 - m) + 0.114 * (1 - y)) * (1 - k)
        elif op in (b"cs", b"CS", b"sc", b"scn", b"SC", b"SCN"):
            return False
        else:
            continue
        if level > DARK:
            return False
    return True


def confined(annot_appearance: Any, da: str | None, rect: Box, region: Box) -> bool:
    """The annotation can only add dark text inside ``region`` (give or take 3 pt: dark
    ink just past the band's edge hides nothing)."""
    grown = (region[0] - 3, region[1] - 3, region[2] + 3, region[3] + 3)
    if not _inside(rect, grown, share=0.999):
        return False
    if annot_appearance is not None:
        try:
            ops = stream_operators(annot_appearance.data)
        except Exception:
            return False
    else:
        ops = stream_operators(da.encode("latin-1", "replace")) if da else None
    return ops is not None and dark_only(ops)


def _inside(box: Box, region: Box, share: float = 0.85) -> bool:
    w = max(0.0, min(box[2], region[2]) - max(box[0], region[0]))
    h = max(0.0, min(box[3], region[3]) - max(box[1], region[1]))
    area = max(1e-6, (box[2] - box[0]) * (box[3] - box[1]))
    return w * h / area >= share


def _region_for(box: Box, anchors: list[Anchor]) -> Anchor | None:
    for a in anchors:
        if _inside(box, a.region):
            return a
    return None


def needs_text_layer(changes: Changes) -> bool:
    """Page 1 has a change that could be the văn thư's (then its text layer is read for
    the «Số:» and date anchors)."""
    pc = changes.pages.get(0)
    return pc is not None and (bool(pc.appended_streams) or any(
        a.subtype in ("/FreeText", "/Stamp") or (a.subtype == "/Widget" and a.field_type == "/Tx")
        for a in pc.annots))


def judge(changes: Changes, boxes: dict[int, list[Box]], signed_text: dict[int, PageText | None],
          final_text: dict[int, PageText | None], final_pages: dict[int, Any]) -> Judgement:
    """Classify every change: later signature, filled field, Decree 30 addition, or
    something else (``why_not``). ``boxes``: the signed revision's text boxes per touched
    page (for "covers signed text")."""
    j = Judgement()
    j.why_not += changes.other
    page1 = signed_text.get(0)
    anchors = decree30_anchors(page1) if page1 is not None else []
    for ix, pc in sorted(changes.pages.items()):
        j.why_not += [f"page {ix + 1}: {o}" for o in pc.other]
        for a in pc.annots:
            _annot(j, ix, a, boxes.get(ix, []), anchors if ix == 0 else [])
        if pc.appended_streams:
            _content(j, ix, pc.appended_streams, signed_text.get(ix), final_text.get(ix),
                     anchors if ix == 0 else [], final_pages.get(ix))
    return j


def _annot(j: Judgement, ix: int, a: AnnotChange, text_boxes: list[Box],
           anchors: list[Anchor]) -> None:
    over = covers(text_boxes, a.rect)
    if a.subtype == "/Widget" and a.field_type == "/Sig":
        (j.signature_over_text if over else j.allowed).setdefault(ix, []).append(a.rect)
        return
    if a.subtype == "/Widget":
        bad_keys = [k for k in a.keys_changed if k.removeprefix("parent")
                    not in {"/V", "/AP", "/AS", "/MK", "/DA", "/Lock", "/SV", "/Ff"}]
        if bad_keys:
            j.why_not.append(f"page {ix + 1}: field entries changed: {', '.join(bad_keys)}")
        region = _region_for(a.rect, anchors)
        if a.field_type == "/Tx" and region is not None and a.value:
            why = text_only(a.appearance) if a.appearance is not None else None
            if why is None:
                j.additions.append(Addition(ix, a.value, "field", a.rect, a.appearance is not None
                                            and confined(a.appearance, None, a.rect,
                                                         region.region)))
                j.allowed.setdefault(ix, []).append(region.region)
                j.decree30_regions.setdefault(ix, []).append(region.region)
                return
            j.why_not.append(f"page {ix + 1}: field appearance {why}")
        if over:
            j.fields_over_text.setdefault(ix, []).append(a.rect)
        else:
            j.allowed.setdefault(ix, []).append(a.rect)
        if a.field_type == "/Tx" and a.value and region is None:
            j.why_not.append(f"page {ix + 1}: field value «{a.value[:40]}» outside the Số/ngày "
                             f"lines")
        return
    if a.subtype in ("/FreeText", "/Stamp") and a.new:
        region = _region_for(a.rect, anchors)
        kind = a.subtype.strip("/").lower()
        if region is not None:
            why = text_only(a.appearance) if a.appearance is not None else (
                None if a.subtype == "/FreeText" else "stamp without appearance")
            if why is None:
                j.additions.append(Addition(ix, a.value or "", kind, a.rect, confined(
                    a.appearance, a.da, a.rect, region.region)))
                j.allowed.setdefault(ix, []).append(region.region)
                j.decree30_regions.setdefault(ix, []).append(region.region)
                return
            j.why_not.append(f"page {ix + 1}: {kind} {why}")
        else:
            j.why_not.append(f"page {ix + 1}: {kind} annotation outside the Số/ngày lines")
    else:
        j.why_not.append(f"page {ix + 1}: {a.subtype or 'annotation'} "
                         f"{'added' if a.new else 'changed'}")
    j.annotations.setdefault(ix, []).append((a.rect, a.subtype, over))


def _content(j: Judgement, ix: int, streams: list[Any], signed: PageText | None,
             final: PageText | None, anchors: list[Anchor], page: Any) -> None:
    resources = None
    try:
        resources = page.get("/Resources") if page is not None else None
    except Exception:
        resources = None
    for stream in streams:
        why = text_only(stream, resources)
        if why is not None:
            j.why_not.append(f"page {ix + 1}: appended content {why}")
            return
    if signed is None or final is None:
        j.why_not.append(f"page {ix + 1}: no text layer to compare the appended content with")
        return
    before = {(r.text, round(r.x), round(r.y)) for r in signed.runs}
    added = [r for r in final.runs if (r.text, round(r.x), round(r.y)) not in before]
    if not added:
        j.why_not.append(f"page {ix + 1}: appended content draws no readable text")
        return
    for run in added:
        region = _region_for(run.box, anchors)
        if region is None:
            j.why_not.append(f"page {ix + 1}: text «{run.text[:40]}» added outside the "
                             f"Số/ngày lines")
            j.annotations.setdefault(ix, [])
            continue
        j.additions.append(Addition(ix, run.text.strip(), "content", run.box))
        j.allowed.setdefault(ix, []).append(region.region)
        j.decree30_regions.setdefault(ix, []).append(region.region)
