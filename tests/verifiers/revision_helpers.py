"""Shared by the revision tests: call the assessment for every signature of a file the
way validate.py does (each signature whose revision is not the last), and the
end-to-end check that the integration with validate.py exists."""

from __future__ import annotations

import io
import json
from typing import Any

from tests.conftest import SAMPLE
from verifiers.signatures.revisions import RevisionAssessment, assess_later_revisions

MANIFEST = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
DECREE30 = {rel: e for rel, e in MANIFEST["files"].items() if "nd30" in rel}


def assessments(data: bytes) -> list[tuple[str, RevisionAssessment]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    total = reader.xrefs.total_revisions
    out = []
    for emb in reader.embedded_signatures:
        if emb.signed_revision < total - 1:
            out.append((str(emb.field_name),
                        assess_later_revisions(data, emb.signed_revision, total, None)))
    return out


def codes(a: RevisionAssessment) -> set[str]:
    return {r.code for r in a.reasons}


def verify(data: bytes) -> Any:
    from verifiers.signatures import load_trust_store, verify_pdf_signatures

    trust = load_trust_store([SAMPLE / "pki" / "roots"], [SAMPLE / "pki" / "crl"])
    return verify_pdf_signatures(data, trust)
