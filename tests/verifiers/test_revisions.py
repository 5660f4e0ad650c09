"""The Decree 30 flow: what the văn thư adds between the leader's and the
organization's signature is accepted when it is only the number and the date, in their
places; anything else is not. Real files: the sample's Decree 30 documents (built by
the generator the way document-management software does it) and pyHanko's corpus."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest

from sample_evidence.generator.build import clerk_texts, word_boxes
from sample_evidence.generator.signing import clerk_content, clerk_freetext
from tests.conftest import CORPUS, SAMPLE
from tests.verifiers.revision_helpers import (
    DECREE30,
    assessments,
    codes,
    verify,
)
from verifiers.signatures import visual
from verifiers.signatures.revisions import assess_later_revisions

GOOD_D30 = sorted(rel for rel, e in DECREE30.items() if e["verdict"] == "valid")
BODY_D30 = next(rel for rel, e in DECREE30.items() if e["fault"] == "decree30_body")
PLAIN = "ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf"
VN = timezone(timedelta(hours=7))


def _data(rel: str) -> bytes:
    return (SAMPLE / "uploads" / rel).read_bytes()


def test_the_sample_has_each_way_of_writing_number_and_date() -> None:
    assert {DECREE30[rel]["facts"]["clerk_additions"][0]["how"] for rel in GOOD_D30} == {
        "freetext", "stamp", "field", "content"}


@pytest.mark.parametrize("rel", GOOD_D30)
def test_decree30_additions_are_accepted_and_shown(rel: str) -> None:
    results = dict(assessments(_data(rel)))
    assert set(results) == {"ChuKyCaNhan"}  # the organization's signature is the last
    a = results["ChuKyCaNhan"]
    assert a.analysed and a.decree30_only and a.reasons == ()
    expected = DECREE30[rel]["facts"]["clerk_additions"]
    assert sorted((x.page, x.text, x.how) for x in a.additions) == sorted(
        (e["page"], e["text"], e["how"]) for e in expected)
    for x in a.additions:  # in the header of page 1, where Decree 30 puts them
        assert x.bbox is not None and x.bbox[1] > 842 * 0.6


def test_clerk_writing_in_the_body_is_not_accepted() -> None:
    (_field, a), = assessments(_data(BODY_D30))
    assert not a.decree30_only and a.additions == ()
    assert "SIG_VISUAL_DIFFERENCE" in codes(a)
    assert a.changed_regions and all(r["page"] == 1 for r in a.changed_regions)


def _personal_only(rel: str) -> bytes:
    """The Decree 30 document as the leader signed it (number and date blank)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from verifiers.signatures.increments import revision_end

    data = _data(rel)
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    emb = next(e for e in reader.embedded_signatures if e.field_name == "ChuKyCaNhan")
    return data[:revision_end(data, reader, emb.signed_revision)]


def test_freetext_outside_the_number_and_date_lines_is_not_accepted() -> None:
    signed = _personal_only(GOOD_D30[0])
    words = word_boxes(signed)
    _w, x0, base, _x1, size = next(w for w in words if w[0] == "Thực")
    when = datetime(2018, 11, 26, 10, 0, tzinfo=VN)
    both = clerk_texts(signed, 87, datetime(2018, 11, 26).date())
    data = clerk_freetext(signed, [*both, (0, x0, base - 30, size, "500.000.000")], when)
    (_f, a), = assessments(data)
    assert not a.decree30_only and a.additions == ()


def test_number_alone_in_its_place_is_accepted() -> None:
    signed = _personal_only(GOOD_D30[0])
    number = clerk_texts(signed, 87, datetime(2018, 11, 26).date())[:1]
    data = clerk_content(signed, number, datetime(2018, 11, 26, 10, 0, tzinfo=VN))
    (_f, a), = assessments(data)
    assert a.decree30_only and [(x.text, x.how) for x in a.additions] == [("87", "content")]


def test_a_stamp_that_draws_more_than_text_is_not_accepted() -> None:
    """A clerk's stamp in the right place whose appearance paints a box (it could hide
    what is under it) is not a text-only addition."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = _personal_only(GOOD_D30[0])
    data = clerk_freetext(signed, clerk_texts(signed, 87, datetime(2018, 11, 26).date()),
                          datetime(2018, 11, 26, 10, 0, tzinfo=VN), subtype="/Stamp")
    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    annots = w.root["/Pages"]["/Kids"][0].get_object()["/Annots"]
    last = annots[len(annots) - 1]
    ap_ref = last["/AP"].raw_get("/N")
    old = ap_ref.get_object()
    w.objects[(ap_ref.generation, ap_ref.idnum)] = generic.StreamObject(
        {k: v for k, v in old.items() if k not in ("/Length", "/Filter")},
        stream_data=b"1 g 0 0 20 12 re f " + old.data)
    out = io.BytesIO()
    w.write(out)
    (_f, a), = assessments(out.getvalue())
    assert not a.decree30_only and a.additions == ()


def test_a_later_signature_alone_is_judged_without_rendering(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The usual case (leader, then organization, nothing else) costs no rendering:
    the organization's widget lies over blank paper and its appearance is clipped to
    its rectangle."""
    def no_render(*_a: object, **_k: object) -> None:
        raise AssertionError("rendered")

    monkeypatch.setattr(visual, "render", no_render)
    (_f, a), = assessments(_data(PLAIN))
    assert a.analysed and a.reasons == () and not a.decree30_only and a.additions == ()


def test_the_last_revision_has_nothing_after_it() -> None:
    a = assess_later_revisions(_data(PLAIN), 2, 3, "NONE")
    assert a.analysed and a.reasons == ()


def _intact_corpus() -> list[str]:
    path = CORPUS / "pyhanko" / "expected.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as f:
        return [r["file"] for r in csv.DictReader(f, delimiter="\t")
                if r["expected"] == "intact" and int(r["signature_fields"]) > 1]


@pytest.mark.skipif(not _intact_corpus(), reason="../shared/corpus/pyhanko not present")
@pytest.mark.parametrize("name", _intact_corpus())
def test_honest_corpus_files_are_not_flagged(name: str) -> None:
    """Form filling, later signatures, DSS and timestamps after a signature (pyHanko's
    own test corpus, labelled intact) give no visual difference and no malformed
    increment."""
    data = (CORPUS / "pyhanko" / name).read_bytes()
    for _field, a in assessments(data):
        assert codes(a) == set(), (name, a.reasons)




def test_every_sample_pdf_signed_twice_is_clean_unless_it_is_a_fault() -> None:
    from tests.verifiers.revision_helpers import MANIFEST

    for rel, e in MANIFEST["files"].items():
        if not rel.endswith(".pdf") or e["kind"] != "pdf_signed" or len(e["signatures"]) < 2:
            continue
        flagged = {c for _f, a in assessments(_data(rel)) for c in codes(a)}
        if e["verdict"] == "invalid" and e["fault"] in ("modified", "decree30_body"):
            assert "SIG_VISUAL_DIFFERENCE" in flagged, rel
        else:
            assert flagged == set(), rel


def test_garbage_never_raises() -> None:
    data = _data(PLAIN)
    for bad in (b"", b"%PDF-1.7\n", data[: len(data) // 2], data[:-30] + b"garbage",
                data.replace(b"startxref", b"startxrex")):
        a = assess_later_revisions(bad, 0, 3, None)
        assert isinstance(a.reasons, tuple)


# ------------------------------------------------------------ end to end (needs merge)

@pytest.mark.parametrize("rel", GOOD_D30)
def test_decree30_documents_are_valid_end_to_end(rel: str) -> None:
    doc = verify(_data(rel))
    assert doc.verdict.value == "valid", [(s.field, s.reasons) for s in doc.signatures]
    assert doc.personal_valid and doc.organization_valid
    assert doc.organization_after_personal is True
    personal = next(s for s in doc.signatures if s.field == "ChuKyCaNhan")
    assert {a["text"] if isinstance(a, dict) else a.text for a in personal.additions} == {
        x["text"] for x in DECREE30[rel]["facts"]["clerk_additions"]}


def test_clerk_writing_in_the_body_is_invalid_end_to_end() -> None:
    doc = verify(_data(BODY_D30))
    assert doc.verdict.value == "invalid"
    personal = next(s for s in doc.signatures if s.field == "ChuKyCaNhan")
    assert personal.verdict.value == "invalid" and not personal.additions


@pytest.mark.parametrize("how", ["freetext", "stamp", "field"])
def test_clerk_text_annotations_are_proven_without_rendering(
        how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dark text-only appearances clipped to a rectangle inside the Số/date line can
    only add ink there: no rendering is needed to accept them."""
    rel = next(r for r in GOOD_D30 if r.endswith(f"nd30-{how}.pdf"))

    def no_render(*_a: object, **_k: object) -> None:
        raise AssertionError("rendered")

    monkeypatch.setattr(visual, "Rendering", no_render)
    (_f, a), = assessments(_data(rel))
    assert a.decree30_only and a.reasons == ()


def test_light_clerk_text_is_checked_by_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """White text could paint over the signed line: the page is rendered then."""
    from sample_evidence.generator import signing

    calls: list[object] = []
    real = visual.Rendering

    def spy(*args: object, **kw: object) -> object:
        calls.append(args)
        return real(*args, **kw)  # type: ignore[arg-type]

    signed = _personal_only(GOOD_D30[0])
    monkeypatch.setattr(signing, "_text_ops", lambda x, y, size, text: (
        f"BT /KcClerk {size:g} Tf 1 1 1 rg {x:.2f} {y:.2f} Td ({text}) Tj ET".encode()))
    data = clerk_freetext(signed, clerk_texts(signed, 87, datetime(2018, 11, 26).date()),
                          datetime(2018, 11, 26, 10, 0, tzinfo=VN))
    monkeypatch.setattr(visual, "Rendering", spy)
    assessments(data)
    assert calls


def test_the_final_document_is_rendered_once_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both signatures of the file modified after signing are compared with the final
    document: its page is rendered for the first and reused for the second."""
    calls: list[int] = []
    real = visual.Rendering

    def spy(pdfs: list[bytes], pages: list[int]) -> object:
        calls.append(len(pdfs))
        return real(pdfs, pages)

    monkeypatch.setattr(visual, "Rendering", spy)
    doc = verify(_data("ubnd-huyen/ky-so-to-chuc/cv-2019-07-09-bi-sua-sau-khi-ky.pdf"))
    assert [s.verdict.value for s in doc.signatures] == ["invalid", "invalid"]
    assert all("SIG_VISUAL_DIFFERENCE" in {r.code for r in s.reasons} for s in doc.signatures)
    assert calls == [2, 1]  # signed revision + final document, then the next signed one
