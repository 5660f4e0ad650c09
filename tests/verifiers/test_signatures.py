"""Signature verification against the sample PKI and pyHanko's own test corpus."""

import csv
import io
import json
from pathlib import Path

import pytest

from kiemchung.core.codes import SigReason
from kiemchung.core.vocabulary import Verdict
from tests.conftest import CORPUS, SAMPLE
from verifiers.signatures import load_trust_store, verify_pdf_signatures
from verifiers.signatures.identity import SignerKind, kind_of

MANIFEST = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))
UP = SAMPLE / "uploads"
TRUST = load_trust_store([SAMPLE / "pki" / "roots"], [SAMPLE / "pki" / "crl"])
GOOD = "ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf"


def verify(rel: str, trust=TRUST):  # type: ignore[no-untyped-def]
    return verify_pdf_signatures((UP / rel).read_bytes(), trust)


def codes(doc) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.code for s in doc.signatures for r in s.reasons} | {r.code for r in doc.reasons}


PDFS = sorted(rel for rel in MANIFEST["files"] if rel.endswith(".pdf"))


@pytest.mark.parametrize("rel", PDFS)
def test_sample_pdf_gets_its_expected_verdict(rel: str) -> None:
    assert verify(rel).verdict == MANIFEST["files"][rel]["verdict"]


def test_good_document_meets_decree_30() -> None:
    doc = verify(GOOD)
    assert doc.verdict == Verdict.VALID and doc.personal_valid and doc.organization_valid
    assert doc.organization_after_personal is True
    personal, org = doc.signatures
    assert personal.signer["kind"] == "personal" and personal.signer["uid"].startswith("CCCD:")
    assert personal.signer["title"] == "Chủ tịch"
    assert org.signer["kind"] == "organization" and org.signer["uid"].startswith("MST:")
    assert personal.signer["anchor"] == org.signer["anchor"]
    assert "Chính phủ" in personal.signer["anchor"]
    assert personal.coverage == "ENTIRE_REVISION" and org.coverage == "ENTIRE_FILE"
    assert personal.modification_level == "FORM_FILLING"  # the org signature came after
    assert personal.signer["time_source"] == "signer"
    assert personal.signer["best_time"] < org.signer["best_time"]


def test_public_ca_signer_is_anchored_to_the_national_root() -> None:
    doc = verify("tt-quang-ha/ky-so-ca-nhan/cv-2018-12-23-ly-thi-mai.pdf")
    anchors = {s.signer["kind"]: s.signer["anchor"] for s in doc.signatures}
    assert "National Root" in anchors["personal"] and "Chính phủ" in anchors["organization"]
    assert doc.verdict == Verdict.VALID


@pytest.mark.parametrize(("rel", "verdict", "reason"), [
    ("xa-quang-phong/ky-so-ca-nhan/cv-2019-05-10-chung-thu-het-han.pdf", "invalid",
     SigReason.CERT_EXPIRED),
    ("tt-quang-ha/ky-so-ca-nhan/cv-2019-02-20-chung-thu-bi-thu-hoi.pdf", "invalid",
     SigReason.CERT_REVOKED),
    ("phong-tckh/ky-so-ca-nhan/cv-2019-05-14-chung-thu-khong-tin-cay.pdf", "indeterminate",
     SigReason.CHAIN_UNTRUSTED),
    ("ubnd-huyen/ky-so-to-chuc/cv-2019-07-09-bi-sua-sau-khi-ky.pdf", "invalid",
     SigReason.MODIFIED_AFTER_SIGNING),
])
def test_faults_give_their_reason(rel: str, verdict: str, reason: SigReason) -> None:
    doc = verify(rel)
    assert doc.verdict == verdict and reason.value in codes(doc)


def test_one_kind_only_and_wrong_order() -> None:
    org_only = verify("ubnd-huyen/ky-so-ca-nhan/cv-2019-06-03-chi-ky-co-quan.pdf")
    assert (org_only.organization_valid, org_only.personal_valid) == (True, False)
    personal_only = verify("van-phong/ky-so-to-chuc/cv-2019-04-22-thieu-ky-co-quan.pdf")
    assert (personal_only.organization_valid, personal_only.personal_valid) == (False, True)
    wrong = verify("xa-quang-phong/ky-so-to-chuc/cv-2019-08-19-sai-thu-tu-ky.pdf")
    assert wrong.verdict == Verdict.VALID and wrong.organization_after_personal is False


def test_outside_window_is_reported_with_its_time() -> None:
    doc = verify("phong-vhtt/ky-so-to-chuc/cv-2019-11-05-ngoai-thoi-gian.pdf")
    assert doc.verdict == Verdict.VALID
    assert all(s.signer["best_time"].startswith("2019-11-05") for s in doc.signatures)


def test_without_trust_roots_nothing_is_trusted() -> None:
    """Never fall back to the operating system's trust list."""
    doc = verify(GOOD, load_trust_store())
    assert doc.verdict == Verdict.INDETERMINATE
    assert codes(doc) == {SigReason.CHAIN_UNTRUSTED.value}


def test_revocation_comes_from_the_supplied_crl() -> None:
    rel = "tt-quang-ha/ky-so-ca-nhan/cv-2019-02-20-chung-thu-bi-thu-hoi.pdf"
    no_crl = load_trust_store([SAMPLE / "pki" / "roots"])
    assert verify(rel, no_crl).verdict == Verdict.VALID  # soft-fail: nothing says revoked
    hard = load_trust_store([SAMPLE / "pki" / "roots"], revocation_mode="hard-fail")
    doc = verify(rel, hard)
    assert doc.verdict != Verdict.VALID


def test_a_flipped_byte_is_never_valid() -> None:
    data = bytearray((UP / GOOD).read_bytes())
    i = data.index(b"stream", 2000) + 40  # inside page content, covered by both signatures
    data[i] ^= 0x01
    doc = verify_pdf_signatures(bytes(data), TRUST)
    assert doc.verdict in (Verdict.INVALID, Verdict.ERROR)
    assert doc.verdict == Verdict.ERROR or SigReason.DIGEST_MISMATCH.value in codes(doc)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_signed_pdf_is_never_valid(keep: float) -> None:
    data = (UP / GOOD).read_bytes()
    doc = verify_pdf_signatures(data[: int(len(data) * keep)], TRUST)
    assert doc.verdict != Verdict.VALID


def test_unsupported_subfilter_is_reported_not_dropped() -> None:
    data = (UP / "ubnd-huyen/ky-so-ca-nhan/cv-2019-06-03-chi-ky-co-quan.pdf").read_bytes()
    old = b"/SubFilter /adbe.pkcs7.detached"
    assert data.count(old) == 1
    doc = verify_pdf_signatures(data.replace(old, b"/SubFilter /x.unknown.filter0"), TRUST)
    assert len(doc.signatures) == 1 and doc.verdict == Verdict.INDETERMINATE
    assert SigReason.UNSUPPORTED_SUBFILTER.value in codes(doc)


def test_weak_hash_and_short_key(tmp_path: Path) -> None:
    """Sign with SHA-1 and with an RSA-1024 key from the sample CA: both reported, and
    (issue 15) indeterminate, not invalid: a weak algorithm is no proof of forgery."""
    from datetime import UTC, datetime

    from sample_evidence.generator.pki import Pki, utc
    from sample_evidence.generator.signing import sign

    pki = Pki(tmp_path)
    root = pki.root("r", "Weak Test Root", "T", utc(2010, 1, 1), utc(2040, 1, 1))
    leaf = pki.leaf("l", root, "Người Ký", "CCCD:1", utc(2018, 1, 1), utc(2030, 1, 1))
    cert, rootp = pki.write_cert(leaf, "certs"), pki.write_cert(root, "roots")
    pdf = (SAMPLE / "uploads" / "phong-tckh/ky-so-to-chuc/cv-2019-02-20-chua-ky.pdf").read_bytes()
    trust = load_trust_store([rootp])
    when = datetime(2019, 3, 1, tzinfo=UTC)
    ok = sign(pdf, key=pki.key_path(leaf), cert=cert, chain=[], when=when, field="S",
              box=(300, 400, 500, 460), kind="personal", label="Người Ký")
    assert verify_pdf_signatures(ok, trust).verdict == Verdict.VALID
    from pyhanko.sign import signers

    weak = _sign_sha1(pdf, pki.key_path(leaf), cert, signers)
    doc = verify_pdf_signatures(weak, trust)
    assert doc.verdict == Verdict.INDETERMINATE and SigReason.WEAK_ALGORITHM.value in codes(doc)
    assert doc.signatures[0].subindication == "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    (tmp_path / "keys" / "s.TEST-ONLY.key.pem").write_bytes(small.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    short = pki.leaf("s", root, "Khóa Ngắn", "CCCD:2", utc(2018, 1, 1), utc(2030, 1, 1))
    signed = sign(pdf, key=pki.key_path(short), cert=pki.write_cert(short, "certs"), chain=[],
                  when=when, field="S", box=(300, 400, 500, 460), kind="personal", label="K")
    doc = verify_pdf_signatures(signed, trust)
    assert doc.verdict != Verdict.VALID and SigReason.WEAK_KEY.value in codes(doc)


def _sign_sha1(pdf: bytes, key: Path, cert: Path, signers) -> bytes:  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signer = signers.SimpleSigner.load(str(key), str(cert))
    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name="S", md_algorithm="sha1"),
                      signer=signer).sign_pdf(w, output=out)
    return out.getvalue()


def test_signer_kind_rules_and_overrides() -> None:
    assert kind_of("CCCD:022070000101") == SignerKind.PERSONAL
    assert kind_of("CMND:1") == kind_of("HC:B123") == SignerKind.PERSONAL
    assert kind_of("MST:5700100256") == kind_of("MNS:1040501") == SignerKind.ORGANIZATION
    assert kind_of("") == kind_of("XYZ:1") == SignerKind.UNKNOWN
    assert kind_of("MST:1", overrides={"MST:1": "personal"}) == SignerKind.PERSONAL
    assert kind_of("CCCD:1", "abc", {"abc": "organization"}) == SignerKind.ORGANIZATION


def _corpus_rows() -> list[dict[str, str]]:
    tsv = CORPUS / "pyhanko" / "expected.tsv"
    if not tsv.is_file():
        return []
    with tsv.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


ALLOWED = {"tampered": {"invalid"}, "intact": {"valid", "indeterminate"},
           "broken": {"error", "invalid"}, "unsigned": {"unsigned"}}


@pytest.mark.skipif(not _corpus_rows(), reason="../shared/corpus not present")
@pytest.mark.parametrize("row", _corpus_rows(), ids=lambda r: r["file"])
def test_public_corpus_verdicts(row: dict[str, str]) -> None:
    doc = verify_pdf_signatures((CORPUS / "pyhanko" / row["file"]).read_bytes(),
                                load_trust_store())
    assert doc.verdict in ALLOWED[row["expected"]], [r.detail for r in doc.reasons]
    if row["expected"] in ("intact", "tampered"):
        assert len(doc.signatures) == int(row["signature_fields"])


def test_document_timestamps_are_validated_as_timestamps() -> None:
    rows = [r for r in _corpus_rows() if r["file"] == "pades-lta-dss-indirect-arrs-test.pdf"]
    if not rows:
        pytest.skip("corpus not present")
    doc = verify_pdf_signatures(
        (CORPUS / "pyhanko" / rows[0]["file"]).read_bytes(), load_trust_store())
    types = [s.type for s in doc.signatures]
    assert "timestamp" in types and "signature" in types
    ts = next(s for s in doc.signatures if s.type == "timestamp")
    assert ts.timestamp_time is not None and ts.signer.get("time_source") == "timestamp"
