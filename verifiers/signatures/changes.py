"""What the increments after a signature changed, object by object, in the terms the
Decree 30 and visual checks need: per page, which annotations were added or changed
(and of what kind), which content streams were appended, and whether anything else was
touched (an overwritten content stream, a changed page entry, a removed object).

The comparison is between the signed revision and the final document (pyHanko's
history gives both), not increment by increment: what a reader sees is the final
document, and pyHanko's own difference analysis already judges each increment.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]

CATALOG_KEYS_ALLOWED = {"/AcroForm", "/DSS", "/Extensions", "/Metadata", "/Perms", "/Version"}
"""Catalog entries a later signature, a timestamp or form filling may change."""
FORM_KEYS_ALLOWED = {"/Fields", "/SigFlags", "/DA", "/DR", "/NeedAppearances"}
FIELD_KEYS_ALLOWED = {"/V", "/AP", "/AS", "/MK", "/DA", "/Lock", "/SV", "/Ff"}
"""Field and widget entries that filling a field or signing a signature field changes."""


@dataclass
class AnnotChange:
    ref: tuple[int, int] | None
    subtype: str
    field_type: str | None
    """``/Sig``, ``/Tx``, ``/Btn``, ``/Ch`` for widgets (inherited from parents), else None."""
    rect: Box
    new: bool
    """Added after the signature (else an existing annotation/field that changed)."""
    value: str | None = None
    """A text field's value, a FreeText/Stamp's /Contents."""
    appearance: Any = None
    """The normal appearance stream (resolved), if any."""
    da: str | None = None
    """Default appearance string (what a viewer draws a FreeText without /AP with)."""
    keys_changed: tuple[str, ...] = ()


@dataclass
class PageChanges:
    index: int
    annots: list[AnnotChange] = field(default_factory=list)
    appended_streams: list[Any] = field(default_factory=list)
    """Content streams appended after the page's signed contents (resolved objects)."""
    other: list[str] = field(default_factory=list)
    """Anything else on this page: never a Decree 30 addition, always rendered."""

    @property
    def touched(self) -> bool:
        return bool(self.annots or self.appended_streams or self.other)


@dataclass
class Changes:
    pages: dict[int, PageChanges] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)
    """Document-level changes outside pages (page tree, unexpected objects)."""
    page_count: tuple[int, int] = (0, 0)
    signed_pages: dict[int, Any] = field(default_factory=dict)
    """The signed revision's page objects of the touched pages."""

    def page(self, index: int) -> PageChanges:
        return self.pages.setdefault(index, PageChanges(index))


def _ref(obj: Any) -> tuple[int, int] | None:
    from pyhanko.pdf_utils import generic

    if isinstance(obj, generic.IndirectObject):
        return (obj.idnum, obj.generation)
    return None


def _raw(d: Any, key: str) -> Any:
    try:
        return d.raw_get(key)
    except KeyError:
        return None


def _same(a: Any, b: Any) -> bool:
    """Shallow equality that compares references by number, not by target."""
    ra, rb = _ref(a), _ref(b)
    if ra is not None or rb is not None:
        return ra == rb
    return bool(a == b)


def _pages(root: Any) -> list[tuple[tuple[int, int] | None, Any]]:
    out: list[tuple[tuple[int, int] | None, Any]] = []
    seen: set[tuple[int, int]] = set()

    def walk(node_raw: Any, depth: int) -> None:
        if depth > 32 or len(out) > 5000:
            return
        ref = _ref(node_raw)
        if ref is not None:
            if ref in seen:
                return
            seen.add(ref)
        node = node_raw.get_object()
        kids = node.get("/Kids")
        if str(node.get("/Type", "")) == "/Pages" or kids is not None:
            for kid in _raw(node, "/Kids") or []:
                walk(kid, depth + 1)
        else:
            out.append((ref, node))

    walk(_raw(root, "/Pages"), 0)
    return out


def _contents(page: Any) -> list[Any]:
    from pyhanko.pdf_utils import generic

    raw = _raw(page, "/Contents")
    if raw is None:
        return []
    resolved = raw.get_object()
    if isinstance(resolved, generic.ArrayObject):
        return [_raw_item(resolved, i) for i in range(len(resolved))]
    return [raw]


def _raw_item(arr: Any, i: int) -> Any:
    try:
        return arr.raw_get(i)
    except Exception:
        return arr[i]


def _annots(page: Any) -> list[Any]:
    raw = _raw(page, "/Annots")
    if raw is None:
        return []
    arr = raw.get_object()
    return [_raw_item(arr, i) for i in range(len(arr))]


def _inherited(annot: Any, key: str) -> Any:
    node, depth = annot, 0
    while node is not None and depth < 32:
        if key in node:
            return node.get(key)
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
        depth += 1
    return None


def _rect(annot: Any) -> Box:
    try:
        r = [float(v) for v in annot.get("/Rect")]
        return (min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3]))
    except Exception:
        return (0.0, 0.0, 0.0, 0.0)


def _appearance(annot: Any) -> Any:
    from pyhanko.pdf_utils import generic

    try:
        ap = annot.get("/AP")
        if ap is None:
            return None
        normal = ap.get_object().get("/N")
        if normal is None:
            return None
        normal = normal.get_object()
        if isinstance(normal, generic.StreamObject):
            return normal
        state = annot.get("/AS")
        return normal.get(state).get_object() if state is not None else None
    except Exception:
        return None


def _annot_change(raw: Any, new: bool, keys: tuple[str, ...] = ()) -> AnnotChange:
    annot = raw.get_object()
    subtype = str(annot.get("/Subtype", ""))
    ft = _inherited(annot, "/FT") if subtype == "/Widget" else None
    value: str | None = None
    if subtype == "/Widget":
        v = _inherited(annot, "/V")
        value = str(v) if v is not None and str(ft) == "/Tx" else None
    elif annot.get("/Contents") is not None:
        value = str(annot.get("/Contents"))
    da = annot.get("/DA")
    return AnnotChange(_ref(raw), subtype, str(ft) if ft is not None else None, _rect(annot),
                       new, value, _appearance(annot), str(da) if da is not None else None,
                       keys)


def _dict_diff(old: Any, new: Any) -> set[str]:
    keys = set(old.keys()) | set(new.keys())
    return {k for k in keys if not _same(_raw(old, k), _raw(new, k))}


def collect(reader: Any, signed_revision: int) -> Changes:
    """Compare the signed revision with the final document."""
    from pyhanko.pdf_utils import generic

    hist = reader.get_historical_resolver(signed_revision)
    total = reader.xrefs.total_revisions
    overwritten: set[tuple[int, int]] = set()
    for rev in range(signed_revision + 1, total):
        for ref in reader.xrefs.explicit_refs_in_revision(rev):
            try:
                if reader.xrefs.get_introducing_revision(ref) <= signed_revision:
                    overwritten.add((ref.idnum, ref.generation))
            except Exception:
                continue
        try:
            for ref in reader.xrefs.refs_freed_in_revision(rev):
                overwritten.add((ref.idnum, ref.generation))
        except Exception:
            pass
    ch = Changes()
    old_pages, new_pages = _pages(hist.root), _pages(reader.root)
    ch.page_count = (len(old_pages), len(new_pages))
    if len(old_pages) != len(new_pages) or any(
            o[0] != n[0] for o, n in zip(old_pages, new_pages, strict=False)):
        ch.other.append(f"page tree changed ({len(old_pages)} → {len(new_pages)} pages)")
    explained: set[tuple[int, int]] = set()
    root_ref = reader.root_ref
    explained.add((root_ref.idnum, root_ref.generation))
    diff = _dict_diff(hist.root, reader.root) - CATALOG_KEYS_ALLOWED
    if diff:
        ch.other.append(f"catalog entries changed: {', '.join(sorted(diff))}")
    for key, allowed in (("/AcroForm", FORM_KEYS_ALLOWED),):
        old_form, new_form = _raw(hist.root, key), _raw(reader.root, key)
        if _ref(new_form) is not None:
            explained.add(_ref(new_form))  # type: ignore[arg-type]
        if old_form is not None and new_form is not None:
            d = _dict_diff(old_form.get_object(), new_form.get_object()) - allowed
            if d:
                ch.other.append(f"form entries changed: {', '.join(sorted(d))}")
            old_fields = {_ref(f) for f in old_form.get_object().get("/Fields", [])} - {None}
            new_f = _raw(new_form.get_object(), "/Fields")
            if _ref(new_f) is not None:
                explained.add(_ref(new_f))  # type: ignore[arg-type]
            new_fields = {_ref(f) for f in new_form.get_object().get("/Fields", [])} - {None}
            if old_fields - new_fields:
                ch.other.append("form fields removed")
    for key in ("/DSS", "/Extensions", "/Perms"):
        _explain_tree(_raw(reader.root, key), explained, 3)
    for extra in ("/Info",):
        info = _raw(reader.trailer_view, extra)
        if _ref(info) is not None:
            explained.add(_ref(info))  # type: ignore[arg-type]
    meta = _raw(reader.root, "/Metadata")
    if _ref(meta) is not None:
        explained.add(_ref(meta))  # type: ignore[arg-type]
    for ix, ((_old_ref, old_page), (new_ref, new_page)) in enumerate(
            zip(old_pages, new_pages, strict=False)):
        pc = ch.page(ix)
        if new_ref is not None:
            explained.add(new_ref)
        for key in _dict_diff(old_page, new_page) - {"/Annots", "/Contents", "/Resources"}:
            pc.other.append(f"page entry {key} changed")
        _compare_contents(old_page, new_page, overwritten, explained, pc)
        _compare_resources(old_page, new_page, overwritten, explained, pc, hist)
        _compare_annots(old_page, new_page, overwritten, explained, pc, hist)
        if not pc.touched:
            del ch.pages[ix]
        else:
            ch.signed_pages[ix] = old_page
    for ref in sorted(overwritten - explained):
        try:
            obj = reader.get_object(generic.Reference(*ref))
        except Exception:
            ch.other.append(f"object {ref[0]} {ref[1]} removed")
            continue
        kind = obj.get("/Type") if isinstance(obj, generic.DictionaryObject) else None
        if str(kind) in ("/DSS", "/Sig", "/DocTimeStamp", "/Catalog"):
            continue
        old = hist.get_object(generic.Reference(*ref))
        if isinstance(old, generic.DictionaryObject) and isinstance(obj, generic.DictionaryObject) \
                and not _dict_diff(old, obj):
            continue  # rewritten unchanged
        ch.other.append(f"object {ref[0]} {ref[1]} ({type(obj).__name__}"
                        f"{' ' + str(kind) if kind else ''}) rewritten")
    return ch


def _explain_tree(raw: Any, explained: set[tuple[int, int]], depth: int) -> None:
    """Objects under a catalog entry that later signatures and timestamps maintain (the
    DSS with its arrays and VRI, the extensions dictionary)."""
    from pyhanko.pdf_utils import generic

    if raw is None or depth < 0:
        return
    r = _ref(raw)
    if r is not None:
        explained.add(r)
    try:
        obj = raw.get_object()
    except Exception:
        return
    if isinstance(obj, generic.DictionaryObject):
        for k in obj:
            _explain_tree(_raw(obj, k), explained, depth - 1)
    elif isinstance(obj, generic.ArrayObject):
        for i in range(min(len(obj), 200)):
            _explain_tree(_raw_item(obj, i), explained, depth - 1)


def _compare_contents(old_page: Any, new_page: Any, overwritten: set[tuple[int, int]],
                      explained: set[tuple[int, int]], pc: PageChanges) -> None:
    old_c, new_c = _contents(old_page), _contents(new_page)
    raw = _raw(new_page, "/Contents")
    if _ref(raw) is not None and _ref(raw) not in {_ref(c) for c in new_c}:
        explained.add(_ref(raw))  # type: ignore[arg-type]  # the array object
    old_refs = [_ref(c) for c in old_c]
    new_refs = [_ref(c) for c in new_c]
    if None in old_refs or None in new_refs:
        if [str(c) for c in old_c] != [str(c) for c in new_c]:
            pc.other.append("direct content streams changed")
        return
    for r in old_refs:
        if r in overwritten:
            pc.other.append(f"content stream {r[0]} {r[1]} rewritten")
            explained.add(r)
    if new_refs == old_refs:
        return
    # allowed shape: [wrappers…] + old + [appended…], wrappers only save/restore state
    n = len(old_refs)
    for start in range(len(new_refs) - n + 1):
        if new_refs[start:start + n] == old_refs:
            break
    else:
        pc.other.append("content streams replaced or reordered")
        return
    for c in new_c[:start]:
        data = c.get_object().data.strip()
        if data.replace(b"q", b"").strip():
            pc.other.append("content stream prepended")
    for c in new_c[start + n:]:
        pc.appended_streams.append(c.get_object())


def _compare_resources(old_page: Any, new_page: Any, overwritten: set[tuple[int, int]],
                       explained: set[tuple[int, int]], pc: PageChanges, hist: Any) -> None:
    """Resources may gain entries (a font for added text); existing ones must stay."""
    from pyhanko.pdf_utils import generic

    raw_old, raw_new = _raw(old_page, "/Resources"), _raw(new_page, "/Resources")
    if raw_old is None or raw_new is None:
        if raw_old is not raw_new:
            pc.other.append("page resources replaced")
        return
    if _ref(raw_new) is not None:
        explained.add(_ref(raw_new))  # type: ignore[arg-type]
    old, new = raw_old.get_object(), raw_new.get_object()
    if _ref(raw_old) == _ref(raw_new) and _ref(raw_old) in overwritten:
        old = hist.get_object(generic.Reference(*_ref(raw_old)))  # type: ignore[misc]
    for key in set(old.keys()) | set(new.keys()):
        a, b = _raw(old, key), _raw(new, key)
        if _same(a, b) and not (_ref(b) is not None and _ref(b) in overwritten):
            continue
        if a is None or b is None:
            pc.other.append(f"resource {key} added or removed")
            continue
        ad, bd = a.get_object(), b.get_object()
        if _ref(a) is not None and _ref(a) == _ref(b):
            ad = hist.get_object(generic.Reference(*_ref(a)))  # type: ignore[misc]
        if _ref(b) is not None:
            explained.add(_ref(b))  # type: ignore[arg-type]
        try:
            for name in ad:
                if not _same(_raw(ad, name), _raw(bd, name)):
                    pc.other.append(f"resource {key} {name} changed")
        except AttributeError:
            pc.other.append(f"resource {key} changed")


def _compare_annots(old_page: Any, new_page: Any, overwritten: set[tuple[int, int]],
                    explained: set[tuple[int, int]], pc: PageChanges, hist: Any) -> None:
    raw = _raw(new_page, "/Annots")
    if _ref(raw) is not None:
        explained.add(_ref(raw))  # type: ignore[arg-type]
    old_a, new_a = _annots(old_page), _annots(new_page)
    old_refs = {_ref(a) for a in old_a}
    new_refs = {_ref(a) for a in new_a}
    if None in old_refs or None in new_refs:
        if len(new_a) != len(old_a) or any(str(a) != str(b) for a, b in zip(old_a, new_a,
                                                                           strict=False)):
            pc.other.append("direct annotations changed")
        return
    if old_refs - new_refs:
        pc.other.append("annotations removed")
    for a in new_a:
        r = _ref(a)
        if r not in old_refs:
            pc.annots.append(_annot_change(a, new=True))
            continue
        if r in overwritten:
            explained.add(r)
            from pyhanko.pdf_utils import generic

            old_obj = hist.get_object(generic.Reference(*r))
            keys = _dict_diff(old_obj, a.get_object())
            change = _annot_change(a, new=False, keys=tuple(sorted(keys)))
            parent = _raw(a.get_object(), "/Parent")
            if _ref(parent) in overwritten:
                explained.add(_ref(parent))  # type: ignore[arg-type]
                keys |= {f"parent{k}" for k in _dict_diff(
                    hist.get_object(generic.Reference(*_ref(parent))),  # type: ignore[misc]
                    parent.get_object())}
                change.keys_changed = tuple(sorted(keys))
            pc.annots.append(change)
        # appearance streams of existing widgets rewritten in place (form updates)
        ap = _raw(a.get_object(), "/AP")
        if ap is not None:
            normal = _raw(ap.get_object(), "/N")
            for item in (ap, normal):
                rr = _ref(item)
                if rr is not None and rr in overwritten:
                    explained.add(rr)
                    if r in old_refs and not any(c.ref == r for c in pc.annots):
                        pc.annots.append(_annot_change(a, new=False, keys=("/AP",)))
