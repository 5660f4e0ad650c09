"""What changed in the revisions after a signature, judged beyond pyHanko's difference
analysis: the Decree 30/2020 clerk's additions (number and date written between the
leader's and the organization's signature), increments that do not parse strictly
(shadow attacks), and visible differences between the signed revision and the final
document.

Interface between ``validate.py`` (which calls :func:`assess_later_revisions` once per
signature whose revision is not the last, after pyHanko's validation) and this module.
The work is split: ``increments`` (strict reading of each increment), ``changes`` (what
changed between the signed revision and the final document), ``textlayer`` and
``decree30`` (where the văn thư may write, and whether the changes are only that),
``visual`` (pdftoppm renderings compared page by page).

Cheap when nothing needs it: pages are rendered only when an increment touched them
with something other than a later signature's or a filled field's widget over blank
paper (a widget's appearance is clipped to its /Rect, so those cannot change anything
else); the text layer is read only for pages an increment touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from kiemchung.core.codes import SigReason
from verifiers.results import Reason
from verifiers.signatures import visual
from verifiers.signatures.changes import AnnotChange, Changes, collect
from verifiers.signatures.decree30 import Judgement, judge, needs_text_layer
from verifiers.signatures.history import FileHistory, open_history
from verifiers.signatures.increments import check_increments, revision_end
from verifiers.signatures.textlayer import Box, PageText, covers, page_text, quick_text_boxes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClerkAddition:
    """One thing the văn thư added after the leader signed, as a reviewer is shown it."""

    page: int
    """1-based page number."""
    text: str
    """The text drawn (``Số: 01/UBND-VHTT``, ``Hải Hà, ngày 07 tháng 10 năm 2019``)."""
    how: str
    """``freetext`` | ``stamp`` | ``field`` | ``content``: how it was added."""
    bbox: tuple[float, float, float, float] | None = None
    """PDF user-space box (x0, y0, x1, y1) on that page."""

    def as_dict(self) -> dict[str, Any]:
        """The form ``SignatureReport.additions`` holds."""
        return {"page": self.page, "text": self.text, "how": self.how,
                "bbox": list(self.bbox) if self.bbox is not None else None}


@dataclass(frozen=True)
class RevisionAssessment:
    analysed: bool
    """False: nothing was judged here (pyHanko's verdict stands as it is)."""
    decree30_only: bool = False
    """Every change after the signature is an allowed Decree 30 addition (or a later
    signature, a filled field, a timestamp): a MODIFIED/ANNOTATED reason from pyHanko's
    difference analysis is lifted for this signature."""
    additions: tuple[ClerkAddition, ...] = ()
    reasons: tuple[Reason, ...] = ()
    """Reasons to add to the signature: increment malformed, visible difference
    (invalidating), annotation over body text (indeterminate)."""
    changed_regions: tuple[dict[str, Any], ...] = ()
    """Visible differences found: ``{"page": n, "bbox": [x0, y0, x1, y1]}`` in pixels
    of a 100 dpi rendering, for the evidence view."""


def assess_later_revisions(data: bytes, signed_revision: int, total_revisions: int,
                           modification_level: str | None,
                           history: FileHistory | None = None) -> RevisionAssessment:
    """Judge the increments after ``signed_revision`` (0-based, as pyHanko counts) of
    the PDF ``data``. ``modification_level`` is pyHanko's name for the level its
    difference analysis found (``NONE``, ``LTA_UPDATES``, ``FORM_FILLING``,
    ``ANNOTATIONS``, ``OTHER``) or None. ``history``: the file as read for its other
    signatures (``history.open_history`` with pyHanko's reader), so that nothing is
    parsed twice; without it the file is read here. Never raises: a failure of ours
    comes back as ``analysed=False`` with SIG_VISUAL_CHECK_UNAVAILABLE (indeterminate,
    not the unit's fault)."""
    if signed_revision >= total_revisions - 1:
        return RevisionAssessment(analysed=True)
    try:
        return _assess(history or open_history(data), signed_revision, modification_level)
    except Exception as exc:  # a bug of ours, or a file no reader copes with
        log.warning("revision assessment failed: %r", exc)
        return RevisionAssessment(analysed=False, reasons=(_reason(
            SigReason.VISUAL_CHECK_UNAVAILABLE, f"{type(exc).__name__}: {exc}"[:300]),))


def _reason(code: SigReason, detail: str = "") -> Reason:
    return Reason(code.value, code.message_vi, detail)


def _assess(history: FileHistory, signed_revision: int, level: str | None
            ) -> RevisionAssessment:
    data, reader = history.data, history.reader
    inc = check_increments(history, signed_revision)
    if inc.signed_unreadable is not None:
        return RevisionAssessment(analysed=True, reasons=(_reason(
            SigReason.SIGNED_REVISION_UNREADABLE, inc.signed_unreadable),))
    reasons: list[Reason] = []
    if inc.malformed:
        reasons.append(_reason(SigReason.INCREMENT_MALFORMED, "; ".join(inc.malformed)[:600]))
    signed_bytes = data[:revision_end(data, reader, signed_revision)]
    changes = collect(reader, signed_revision)
    # the signed text under each touched page's annotations; not scanned where every
    # annotation is invisible (no area: it covers nothing)
    boxes = {ix: quick_text_boxes(page, cache=history.text_boxes)
             if any(_area(a.rect) > 0 for a in changes.pages[ix].annots) else []
             for ix, page in changes.signed_pages.items()}
    pages, deferred = _pages_to_render(changes, boxes)
    rendering: visual.Rendering | None = None
    regions: list[dict[str, Any]] = []
    visual_ok = True
    if pages:  # started now, read while the text layer is extracted below
        try:
            rendering = _render(history, signed_bytes, pages)
        except visual.RenderError as exc:
            reasons.append(_reason(SigReason.VISUAL_CHECK_UNAVAILABLE, str(exc)))
            visual_ok = False
    try:
        signed_text: dict[int, PageText | None] = {}
        final_text: dict[int, PageText | None] = {}
        if needs_text_layer(changes):
            signed_text[0] = _text(history, signed_bytes, 0)
        for ix, pc in changes.pages.items():
            if pc.appended_streams:
                final_text[ix] = _text(history, data, ix)
                if ix not in signed_text:
                    signed_text[ix] = _text(history, signed_bytes, ix)
        final_pages = {ix: _page(reader, ix) for ix, pc in changes.pages.items()
                       if pc.appended_streams}
        j = judge(changes, boxes, signed_text, final_text, final_pages)
        extra = [ix for ix in deferred if not _confined(ix, changes, j)]
        if extra and visual_ok:
            if rendering is not None:
                rendering.close()
            pages = sorted({*pages, *extra})[:visual.MAX_PAGES]
            try:
                rendering = _render(history, signed_bytes, pages)
            except visual.RenderError as exc:
                reasons.append(_reason(SigReason.VISUAL_CHECK_UNAVAILABLE, str(exc)))
                visual_ok = False
        if rendering is not None:
            try:
                before, after = _images(history, rendering)
            except visual.RenderError as exc:
                reasons.append(_reason(SigReason.VISUAL_CHECK_UNAVAILABLE, str(exc)))
                visual_ok = False
            else:
                for code, detail, region in _compare(before, after, pages, j):
                    reasons.append(_reason(code, detail))
                    regions.append(region)
    finally:
        if rendering is not None:
            rendering.close()
    additions = tuple(ClerkAddition(a.page + 1, a.text, a.how, (
        round(a.bbox[0], 1), round(a.bbox[1], 1), round(a.bbox[2], 1), round(a.bbox[3], 1)))
        for a in j.additions)
    accepted = j.decree30_only and visual_ok and not reasons
    if j.additions and not accepted:
        log.info("changes after signature are not only Decree 30 additions: %s",
                 "; ".join(j.why_not)[:300] or "visual differences")
    return RevisionAssessment(analysed=True, decree30_only=accepted,
                              additions=additions if accepted else (),
                              reasons=tuple(reasons), changed_regions=tuple(regions))


def _text(history: FileHistory, pdf: bytes, ix: int) -> PageText | None:
    """Page ``ix``'s text layer in ``pdf`` (a revision of the file: a prefix of its
    bytes), read once per file."""
    key = (len(pdf), ix)
    if key not in history.page_texts:
        history.page_texts[key] = page_text(pdf, ix)
    got = history.page_texts[key]
    return got if isinstance(got, PageText) else None


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _render(history: FileHistory, signed_bytes: bytes, pages: list[int]) -> visual.Rendering:
    """Starts pdftoppm on the signed revision, and on the final document unless an
    earlier signature of the file had those pages rendered already."""
    if all(ix in history.final_images for ix in pages):
        return visual.Rendering([signed_bytes], pages)
    return visual.Rendering([signed_bytes, history.data], pages)


def _images(history: FileHistory, rendering: visual.Rendering
            ) -> tuple[dict[int, Any], dict[int, Any]]:
    """(signed revision's pages, final document's pages), the latter kept for the
    file's next signature."""
    got = rendering.wait()
    if len(got) > 1:
        history.final_images.update(got[1])
        return got[0], got[1]
    return got[0], {ix: history.final_images[ix] for ix in rendering.pages}


def _page(reader: Any, ix: int) -> Any:
    try:
        return _pages_of(reader)[ix]
    except Exception:
        return None


def _pages_of(reader: Any) -> list[Any]:
    from verifiers.signatures.changes import _pages

    return [p for _r, p in _pages(reader.root)]


def _is_candidate(ix: int, a: AnnotChange) -> bool:
    """Could be the văn thư's number or date (page 1, text annotation or text field)."""
    return ix == 0 and ((a.subtype in ("/FreeText", "/Stamp") and a.new)
                        or (a.subtype == "/Widget" and a.field_type == "/Tx"))


def _pages_to_render(changes: Changes, boxes: dict[int, list[Box]]
                     ) -> tuple[list[int], list[int]]:
    """(pages to render now, pages to render only if the văn thư's additions on them
    are not proven harmless). Not rendered: pages whose only changes are widgets over
    blank paper (a later signature's or a filled field's), which cannot change anything
    outside their /Rect, an allowed area."""
    if changes.other:
        return list(range(min(visual.MAX_PAGES, max(changes.page_count)))), []
    now, later = [], []
    for ix, pc in changes.pages.items():
        if pc.other or pc.appended_streams:
            now.append(ix)
            continue
        plain = [a for a in pc.annots if not _is_candidate(ix, a)]
        if not all(a.subtype == "/Widget" and not covers(boxes.get(ix, []), a.rect)
                   for a in plain):
            now.append(ix)
        elif len(plain) < len(pc.annots):
            later.append(ix)
    return sorted(now)[:visual.MAX_PAGES], sorted(later)


def _confined(ix: int, changes: Changes, j: Judgement) -> bool:
    """Every candidate change on page ``ix`` became a proven-harmless addition."""
    candidates = [a for a in changes.pages[ix].annots if _is_candidate(ix, a)]
    proven = [a for a in j.additions if a.page == ix and a.confined]
    return (not j.why_not and len(proven) == len(candidates)
            and ix not in j.annotations and ix not in j.fields_over_text
            and ix not in j.signature_over_text)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _compare(before: dict[int, Any], after: dict[int, Any], pages: list[int],
             j: Judgement) -> list[tuple[SigReason, str, dict[str, Any]]]:
    out: list[tuple[SigReason, str, dict[str, Any]]] = []
    for ix in pages:
        if ix not in before or ix not in after:
            img = after.get(ix) or before.get(ix)
            w, h = img.size if img is not None else (0, 0)
            out.append((SigReason.VISUAL_DIFFERENCE, f"page {ix + 1} added or removed",
                        {"page": ix + 1, "bbox": [0, 0, w * 2, h * 2]}))
            continue
        height = after[ix].size[1] * 72 / visual.DPI
        for box in j.decree30_regions.get(ix, []):
            # the văn thư may add ink on the Số and date lines, not take any away
            lost = visual.ink_lost_in(before[ix], after[ix], box, height)
            if lost > 0.3:
                out.append((SigReason.VISUAL_DIFFERENCE,
                            f"signed text hidden on the number/date line (page {ix + 1})",
                            {"page": ix + 1, "bbox_pt": [round(v, 1) for v in box],
                             "ink_lost": round(lost, 2)}))
        for region in visual.differences(before[ix], after[ix], ix, height,
                                         j.allowed.get(ix, [])):
            box = region.box_pt(height)
            report = region.report(height)
            where = f"page {ix + 1}, box {report['bbox_pt']}"
            if any(_overlaps(box, s) for s in j.signature_over_text.get(ix, [])):
                out.append((SigReason.ANNOTATION_OVER_TEXT,
                            f"a later signature's appearance covers signed text ({where})",
                            report))
                continue
            annots = [a for a in j.annotations.get(ix, []) if _overlaps(box, a[0])]
            if annots and region.ink_lost <= 0.3:
                if any(over for _r, _s, over in annots):
                    out.append((SigReason.ANNOTATION_OVER_TEXT,
                                f"{annots[0][1]} annotation over signed text ({where})", report))
                continue  # an annotation beside the text: pyHanko's ANNOTATIONS stands
            what = "signed text hidden" if region.ink_lost > 0.3 else "content differs"
            out.append((SigReason.VISUAL_DIFFERENCE,
                        f"{what} ({where}, {region.changed} px at {visual.DPI} dpi)", report))
    return out
