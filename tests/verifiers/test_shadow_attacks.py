"""Shadow attacks (hide, replace, replace by overwriting, malformed increment) built
with pyHanko on the sample's signed công văn are caught by the revision assessment:
visible differences between the signed revision and the final document, rendered by
pdftoppm, and increments that a strict reader refuses."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from sample_evidence.generator import attacks
from tests.verifiers.revision_helpers import assessments, codes, verify

ATTACKS: dict[str, Callable[[], bytes]] = {
    "hide_square": attacks.hide_square, "hide_freetext": attacks.hide_freetext,
    "replace_field": attacks.replace_field, "replace_overwrite": attacks.replace_overwrite,
    "malformed_increment": attacks.malformed_increment,
}


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return {name: fn() for name, fn in ATTACKS.items()}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_every_signature_before_the_attack_sees_the_change(built: dict[str, bytes],
                                                           name: str) -> None:
    results = assessments(built[name])
    assert results
    for _field, a in results:
        assert a.analysed and not a.decree30_only
        assert "SIG_VISUAL_DIFFERENCE" in codes(a), a.reasons
        region = a.changed_regions[0]
        assert region["page"] == 1
        # the changed region is where the body line was (at 100 dpi, top-left origin)
        line = attacks.body_line(attacks.SIGNED.read_bytes() if name != "replace_field"
                                 else attacks.UNSIGNED.read_bytes())
        top_px = (842 - line[3]) * 100 / 72
        x0, y0, x1, y1 = region["bbox"]
        assert y0 - 20 <= top_px <= y1 + 20 and x1 - x0 > 200


def test_hiding_is_told_apart_from_drawing(built: dict[str, bytes]) -> None:
    (_f, a), *_ = assessments(built["hide_square"])
    assert a.changed_regions[0]["ink_lost"] > 0.5


def test_the_field_appearance_attack_passes_pyhanko_as_form_filling(
        built: dict[str, bytes]) -> None:
    """Why the visual comparison is needed: pyHanko's difference analysis calls this
    change form filling."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(built["replace_field"]), strict=False)
    status = validate_pdf_signature(reader.embedded_signatures[0],
                                    signer_validation_context=ValidationContext(trust_roots=[]))
    assert status.modification_level is not None
    assert status.modification_level.name == "FORM_FILLING"


def test_a_malformed_increment_is_reported_as_such(built: dict[str, bytes]) -> None:
    for _field, a in assessments(built["malformed_increment"]):
        assert "SIG_INCREMENT_MALFORMED" in codes(a)
        detail = next(r.detail for r in a.reasons if r.code == "SIG_INCREMENT_MALFORMED")
        assert "does not read strictly" in detail
        assert next(r.message for r in a.reasons if r.code == "SIG_INCREMENT_MALFORMED") == \
            "phần thêm vào sau khi ký có cấu trúc bất thường"


def test_a_frame_round_the_text_needs_a_person_not_a_rejection() -> None:
    """An annotation over signed text that leaves the text visible (a reviewer's mark)
    is indeterminate, not proof of forgery."""
    for _field, a in assessments(attacks.frame_square()):
        assert codes(a) == {"SIG_ANNOTATION_OVER_TEXT"}


def test_without_pdftoppm_the_check_says_so(monkeypatch: pytest.MonkeyPatch,
                                           built: dict[str, bytes]) -> None:
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda n: None if n == "pdftoppm" else real(n))
    (_f, a), *_ = assessments(built["hide_square"])
    assert "SIG_VISUAL_CHECK_UNAVAILABLE" in codes(a) and not a.decree30_only


# ------------------------------------------------------------ end to end (needs merge)

@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attacked_files_are_invalid_end_to_end(built: dict[str, bytes], name: str) -> None:
    doc = verify(built[name])
    assert doc.verdict.value == "invalid", [(s.field, s.reasons) for s in doc.signatures]
    first = doc.signatures[0]
    assert first.verdict.value == "invalid"
    assert first.changed_regions or name == "malformed_increment"


def test_a_frame_is_reported_over_text_end_to_end() -> None:
    """The frame is not a Decree 30 addition, so pyHanko's verdict on the change stands
    (its difference analysis finds this annotation suspicious); the report says the
    annotation lies over signed text."""
    doc = verify(attacks.frame_square())
    assert doc.verdict.value != "valid"
    assert "SIG_ANNOTATION_OVER_TEXT" in {r.code for r in doc.signatures[0].reasons}
