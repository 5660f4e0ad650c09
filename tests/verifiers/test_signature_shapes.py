"""Real-world shapes of Vietnamese signed documents (issue 15), with real signatures
from a test PKI made here and real pyHanko validation: times written without a zone,
intermediates not embedded, a timestamp under another root, SHA-1 in 2021, RSA-1024,
several signatures with one tampered, and failures of ours that must not blame the
unit."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiemchung.core.codes import SigReason
from kiemchung.core.vocabulary import Verdict
from sample_evidence.generator.pki import Issued, Pki, utc
from tests.conftest import SAMPLE
from verifiers.pipeline import VerifyOptions, verify_bytes
from verifiers.signatures import SignaturePolicy, load_trust_store, verify_pdf_signatures
from verifiers.signatures import revisions as revisions_mod
from verifiers.signatures.algorithms import algorithm_policy
from verifiers.signatures.validate import VN, DocumentSignatures

UNSIGNED = SAMPLE / "uploads" / "phong-tckh/ky-so-to-chuc/cv-2019-02-20-chua-ky.pdf"


def codes(doc: DocumentSignatures) -> set[str]:
    return {r.code for s in doc.signatures for r in s.reasons} | {r.code for r in doc.reasons}


@dataclass
class World:
    pki: Pki
    root: Issued
    root_pem: Path
    leaf: Issued
    leaf_pem: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    tmp = tmp_path_factory.mktemp("pki")
    pki = Pki(tmp)
    root = pki.root("root", "Root CA thử nghiệm", "Ban thử nghiệm", utc(2009, 1, 1),
                    utc(2045, 1, 1))
    leaf = pki.leaf("leaf", root, "Trần Văn Ký", "CCCD:001", utc(2010, 1, 1), utc(2040, 1, 1),
                    title="Chủ tịch")
    return World(pki, root, pki.write_cert(root, "roots"), leaf, pki.write_cert(leaf, "certs"))


@contextmanager
def clock(when: datetime) -> Iterator[None]:
    """pyHanko's signing clock at ``when``; a naive ``when`` is written without a zone,
    as some Vietnamese signing tools do."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            if when.tzinfo is None or tz is None:
                return when
            return when.astimezone(tz)

    import pyhanko.sign.signers.pdf_cms as cms_mod
    import pyhanko.sign.signers.pdf_signer as signer_mod

    with mock.patch.object(signer_mod, "datetime", Frozen), \
            mock.patch.object(cms_mod, "datetime", Frozen):
        yield


def sign(pdf: bytes, key: Path, cert: Path, when: datetime, *, field: str = "S",
         md: str = "sha256", pades: bool = False, chain: tuple[Path, ...] = (),
         timestamper: Any = None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load(str(key), str(cert),
                                       ca_chain_files=[str(c) for c in chain])
    assert signer is not None
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm=md,
        subfilter=fields.SigSeedSubFilter.PADES if pades else None)
    out = io.BytesIO()
    with clock(when):
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(w, output=out)
    return out.getvalue()


def only(doc: DocumentSignatures) -> Any:
    assert len(doc.signatures) == 1, doc
    return doc.signatures[0]


# --- times as signing tools write them -------------------------------------------------

def test_naive_m_without_cms_time_is_vietnam_time(world: World) -> None:
    """PAdES writes no CMS signing-time; the tool wrote /M without a zone. pyHanko used to
    crash on that naive time (reported as a broken file); now it is read as UTC+7."""
    data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                datetime(2021, 8, 28, 14, 56, 29), pades=True)
    doc = verify_pdf_signatures(data, load_trust_store([world.root_pem]))
    s = only(doc)
    assert doc.verdict == Verdict.VALID, s.reasons
    assert s.time_source == "signer-naive-vn" and s.signer["time_source"] == "signer-naive-vn"
    assert s.signer["best_time"] == "2021-08-28T14:56:29+07:00"
    assert s.indication == "TOTAL_PASSED" and s.subindication is None


def _naive_cms_time(value: bytes) -> Any:
    """A CMS signing-time written as GeneralizedTime without a zone."""
    from asn1crypto import cms

    async def build(self: Any, dry_run: bool = False) -> Any:
        return cms.Time.load(b"\x18" + bytes([len(value)]) + value)

    import pyhanko.sign.attributes as attrs

    return mock.patch.object(attrs.SigningTimeProvider, "build_attr_value", build)


def test_naive_cms_signing_time_is_vietnam_time(world: World) -> None:
    with _naive_cms_time(b"20210828145629"):
        data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                    datetime(2021, 8, 28, 14, 56, 29))
    doc = verify_pdf_signatures(data, load_trust_store([world.root_pem]))
    s = only(doc)
    assert doc.verdict == Verdict.VALID, s.reasons
    assert s.time_source == "signer-naive-vn"
    assert datetime.fromisoformat(s.signer["best_time"]) == datetime(2021, 8, 28, 14, 56, 29,
                                                                     tzinfo=VN)


def test_cms_time_seven_hours_off_m_is_noted_not_fatal(world: World) -> None:
    """The tool wrote Vietnam time into the CMS signing-time labelled UTC, /M with +07:00."""
    when = datetime(2021, 8, 28, 14, 56, 29, tzinfo=VN)  # /M: 14:56:29+07:00
    with _naive_cms_time(b"20210828145629Z"):  # CMS: 14:56:29 "UTC", 7 h later
        data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                    when)
    doc = verify_pdf_signatures(data, load_trust_store([world.root_pem]))
    s = only(doc)
    assert doc.verdict == Verdict.VALID, s.reasons
    assert [r.code for r in s.reasons] == [SigReason.SIGNING_TIME_OFFSET.value]
    assert datetime.fromisoformat(s.signer["best_time"]) == when  # /M's zone was explicit
    assert s.indication == "TOTAL_PASSED"


# --- algorithm policy with dates -------------------------------------------------------

def _tsa(world: World, name: str) -> tuple[Any, Path]:
    """A time-stamping authority under its own root (as «Máy chủ cấp dấu thời gian 01»
    chains to G1 while the signer chains to G2); returns (timestamper factory, its root)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    folder = world.pki.folder / name
    folder.mkdir(exist_ok=True)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} root"),
                           x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    start, end = utc(2009, 1, 1), utc(2045, 1, 1)
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(1).not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    tsa = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                                       f"Máy chủ cấp dấu thời gian {name}")]))
           .issuer_name(root_name).public_key(tsa_key.public_key()).serial_number(2)
           .not_valid_before(start).not_valid_after(end)
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                        False), critical=True)
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                          critical=True)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
               root_key.public_key()), critical=False)
           .sign(root_key, hashes.SHA256()))
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    tsa_cert = asn1_x509.Certificate.load(tsa.public_bytes(serialization.Encoding.DER))
    key_info = asn1_keys.PrivateKeyInfo.load(tsa_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))

    def stamper(at: datetime) -> Any:
        return DummyTimeStamper(tsa_cert, key_info, fixed_dt=at)

    return stamper, root_pem


def test_sha1_in_2021_is_indeterminate_by_default(world: World) -> None:
    data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                datetime(2021, 6, 15, 9, 0, tzinfo=VN), md="sha1")
    trust = load_trust_store([world.root_pem])
    doc = verify_pdf_signatures(data, trust)
    s = only(doc)
    assert doc.verdict == Verdict.INDETERMINATE
    assert SigReason.WEAK_ALGORITHM.value in codes(doc)
    assert SigReason.DIGEST_MISMATCH.value not in codes(doc) and s.intact and s.valid
    assert (s.indication, s.subindication) == ("INDETERMINATE",
                                               "CRYPTO_CONSTRAINTS_FAILURE_NO_POE")
    # the campaign accepts SHA-1 until 31/12/2021 (ministry CAs still issued it then)
    lenient = SignaturePolicy(algorithms=algorithm_policy((("sha1", "2021-12-31"),)))
    assert verify_pdf_signatures(data, trust, lenient).verdict == Verdict.VALID
    # …but not until 2021-06-01: the signature is after that
    early = SignaturePolicy(algorithms=algorithm_policy((("sha1", "2021-06-01"),)))
    assert verify_pdf_signatures(data, trust, early).verdict == Verdict.INDETERMINATE


def test_sha1_with_a_timestamp_before_the_end_date_is_valid(world: World) -> None:
    """The trusted timestamp (2011, under another root) proves the SHA-1 signature
    existed while SHA-1 was still accepted."""
    stamper, tsa_root = _tsa(world, "ts-sha1")
    at = datetime(2011, 5, 4, 3, 0, tzinfo=UTC)
    data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                at, md="sha1", timestamper=stamper(at))
    doc = verify_pdf_signatures(data, load_trust_store([world.root_pem, tsa_root]))
    s = only(doc)
    assert doc.verdict == Verdict.VALID, s.reasons
    assert s.signer["time_source"] == "timestamp" and s.timestamp_time is not None
    # without the TSA's root the timestamp proves nothing
    doc = verify_pdf_signatures(data, load_trust_store([world.root_pem]))
    assert doc.verdict == Verdict.INDETERMINATE
    assert SigReason.TIMESTAMP_INVALID.value in codes(doc)


def test_timestamp_under_a_different_root_than_the_signer(world: World) -> None:
    stamper, tsa_root = _tsa(world, "g1-like")
    at = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
    data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                at, timestamper=stamper(at), pades=True)
    doc = verify_pdf_signatures(data, load_trust_store([world.root_pem, tsa_root]))
    s = only(doc)
    assert doc.verdict == Verdict.VALID, s.reasons
    assert s.signer["time_source"] == "timestamp"
    assert datetime.fromisoformat(s.signer["best_time"]) == at


def test_rsa_1024_is_indeterminate_unless_accepted(world: World) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    (world.pki.folder / "keys" / "small.TEST-ONLY.key.pem").write_bytes(small.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    leaf = world.pki.leaf("small", world.root, "Khóa Ngắn", "CCCD:1024", utc(2010, 1, 1),
                          utc(2040, 1, 1))
    data = sign(UNSIGNED.read_bytes(), world.pki.key_path(leaf),
                world.pki.write_cert(leaf, "certs"), datetime(2019, 3, 1, tzinfo=VN))
    trust = load_trust_store([world.root_pem])
    doc = verify_pdf_signatures(data, trust)
    s = only(doc)
    assert doc.verdict == Verdict.INDETERMINATE and SigReason.WEAK_KEY.value in codes(doc)
    assert s.subindication == "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
    ok = SignaturePolicy(algorithms=algorithm_policy((("rsa-1024", "2020-12-31"),)))
    assert verify_pdf_signatures(data, trust, ok).verdict == Verdict.VALID


def test_campaign_policy_names_are_checked() -> None:
    from kiemchung.core.errors import ConfigError

    with pytest.raises(ConfigError):
        algorithm_policy((("sha0", "2020-01-01"),))
    with pytest.raises(ConfigError):
        algorithm_policy((("sha1", "31/12/2021"),))
    assert algorithm_policy((("SHA-1", "2021-12-31"),)).digests["sha1"].year == 2021
    with pytest.raises(ConfigError):  # surfaced when the campaign's options are made
        VerifyOptions(algorithm_acceptance=(("sha0", "2020-01-01"),))
    with pytest.raises(ConfigError):
        VerifyOptions(trust_preset="everything")


# --- several signatures ----------------------------------------------------------------

def test_several_signatures_one_tampered(world: World) -> None:
    pki = world.pki
    org = pki.leaf("org", world.root, "UBND xã Thử", "MST:0100000001", utc(2010, 1, 1),
                   utc(2040, 1, 1))
    first = sign(UNSIGNED.read_bytes(), pki.key_path(world.leaf), world.leaf_pem,
                 datetime(2021, 3, 1, 9, 0, tzinfo=VN), field="CaNhan")
    both = sign(first, pki.key_path(org), pki.write_cert(org, "certs"),
                datetime(2021, 3, 1, 9, 30, tzinfo=VN), field="ToChuc")
    trust = load_trust_store([world.root_pem])
    good = verify_pdf_signatures(both, trust)
    assert good.verdict == Verdict.VALID and good.organization_after_personal is True
    # flip one byte of the organization's revision (outside the personal signature's range)
    data = bytearray(both)
    i = data.index(b"/Type /Sig", len(first)) if b"/Type /Sig" in data[len(first):] else -1
    assert i > 0
    data[i + 2] ^= 0x20  # "/Type /sig": covered by the organization's signature only
    doc = verify_pdf_signatures(bytes(data), trust)
    verdicts = {s.field: s.verdict for s in doc.signatures}
    assert verdicts["ToChuc"] == Verdict.INVALID, doc
    assert doc.verdict == Verdict.INVALID
    assert any(r.code == SigReason.FIELD_FAILED.value and "ToChuc" in r.message
               for r in doc.reasons)
    assert not any("CaNhan" in r.message for r in doc.reasons)
    bad = next(s for s in doc.signatures if s.field == "ToChuc")
    assert bad.indication == "TOTAL_FAILED" and bad.subindication == "HASH_FAILURE"


# --- failures of ours are not the unit's fault -----------------------------------------

def test_exception_inside_validation_is_ours(world: World, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                datetime(2021, 3, 1, 9, 0, tzinfo=VN))

    def crash(*_a: Any, **_k: Any) -> Any:
        try:
            raise TypeError("can't compare offset-naive and offset-aware datetimes")
        except TypeError:
            logging.getLogger("pyhanko.sign.validation").warning("engine noise", exc_info=True)
            raise

    import pyhanko.sign.validation as validation

    monkeypatch.setattr(validation, "validate_pdf_signature", crash)
    doc = verify_pdf_signatures(data, load_trust_store([world.root_pem]))
    s = only(doc)
    assert doc.verdict == Verdict.INDETERMINATE and doc.retry
    assert [r.code for r in s.reasons] == [SigReason.PROCESSING_ERROR.value]
    assert "engine noise" in s.reasons[0].detail  # pyHanko's log went into the report
    assert s.indication == "INDETERMINATE"
    err = capsys.readouterr().err
    assert "Traceback" not in err and "engine noise" not in err
    report = verify_bytes(data, "x.pdf", VerifyOptions(trust_roots=(world.root_pem,),
                                                      ocr=False))
    assert report.retry and report.verdict == Verdict.INDETERMINATE
    assert {r.code for r in report.reasons} & {"PDF_MALFORMED", "FILE_UNREADABLE"} == set()


def test_undecodable_cms_is_error(world: World) -> None:
    data = bytearray(sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf),
                          world.leaf_pem, datetime(2021, 3, 1, 9, 0, tzinfo=VN)))
    i = data.index(b"/Contents <") + len(b"/Contents <")
    data[i:i + 8] = b"DEADBEEF"  # the DER header of the CMS blob
    doc = verify_pdf_signatures(bytes(data), load_trust_store([world.root_pem]))
    assert doc.verdict == Verdict.ERROR
    assert SigReason.CMS_MALFORMED.value in codes(doc)
    assert not doc.retry


# --- the revision analysis (sig-rev) plugged in ----------------------------------------

def _annotated_after_signing(world: World) -> bytes:
    """Signed, then a FreeText annotation added in an increment (the clerk's number)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                  datetime(2021, 3, 1, 9, 0, tzinfo=VN))
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = w.root["/Pages"]["/Kids"][0].get_object()
    annot = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject(
            [generic.FloatObject(v) for v in (60, 700, 260, 720)]),
        generic.NameObject("/Contents"): generic.TextStringObject("Số: 12/UBND-VP"),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
    })
    ref = w.add_object(annot)
    annots = page.get("/Annots")
    if annots is None:
        page[generic.NameObject("/Annots")] = generic.ArrayObject([ref])
    else:
        annots.get_object().append(ref)
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_decree30_assessment_lifts_the_diff_level_only(world: World,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data = _annotated_after_signing(world)
    trust = load_trust_store([world.root_pem])
    before = verify_pdf_signatures(data, trust)
    assert before.verdict != Verdict.VALID
    assert codes(before) & {SigReason.ANNOTATED_AFTER_SIGNING.value,
                            SigReason.MODIFIED_AFTER_SIGNING.value}, before
    seen: list[tuple[int, int, str | None]] = []

    def fake(data: bytes, signed: int, total: int, level: str | None
             ) -> revisions_mod.RevisionAssessment:
        seen.append((signed, total, level))
        return revisions_mod.RevisionAssessment(
            analysed=True, decree30_only=True,
            additions=(revisions_mod.ClerkAddition(1, "Số: 12/UBND-VP", "freetext",
                                                   (60, 700, 260, 720)),),
            changed_regions=({"page": 1, "bbox": [83, 170, 361, 195]},))

    monkeypatch.setattr(revisions_mod, "assess_later_revisions", fake)
    doc = verify_pdf_signatures(data, trust)
    s = only(doc)
    assert seen and seen[0][2] in ("ANNOTATIONS", "OTHER") and seen[0][0] < seen[0][1] - 1
    assert doc.verdict == Verdict.VALID, s.reasons
    assert s.additions[0]["text"] == "Số: 12/UBND-VP" and s.additions[0]["how"] == "freetext"
    assert s.changed_regions[0]["page"] == 1
    # a digest problem is never lifted
    broken = bytearray(data)
    i = broken.index(b"/Type /Sig")
    broken[i + 2] ^= 0x20
    doc = verify_pdf_signatures(bytes(broken), trust)
    assert doc.verdict == Verdict.INVALID


def test_revision_assessment_reasons_and_crash(world: World,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Leader then organization: pyHanko sees form filling for the first signature."""
    from verifiers.results import Reason

    first = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                 datetime(2021, 3, 1, 9, 0, tzinfo=VN), field="A")
    data = sign(first, world.pki.key_path(world.leaf), world.leaf_pem,
                datetime(2021, 3, 1, 9, 30, tzinfo=VN), field="B")
    trust = load_trust_store([world.root_pem])
    assert verify_pdf_signatures(data, trust).verdict == Verdict.VALID
    visible = Reason(SigReason.MODIFIED_AFTER_SIGNING.value, "khác biệt hiển thị", "visual")
    monkeypatch.setattr(revisions_mod, "assess_later_revisions",
                        lambda *a: revisions_mod.RevisionAssessment(
                            analysed=True, decree30_only=False, reasons=(visible,)))
    doc = verify_pdf_signatures(data, trust)
    assert {s.field: s.verdict for s in doc.signatures} == {"A": Verdict.INVALID,
                                                            "B": Verdict.VALID}
    assert doc.verdict == Verdict.INVALID

    def crash(*_a: Any) -> Any:
        raise RuntimeError("renderer fell over")

    monkeypatch.setattr(revisions_mod, "assess_later_revisions", crash)
    doc = verify_pdf_signatures(data, trust)
    assert doc.verdict == Verdict.INDETERMINATE and doc.retry
    a = next(s for s in doc.signatures if s.field == "A")
    assert [r.code for r in a.reasons] == [SigReason.PROCESSING_ERROR.value]
    assert a.subindication == "TRY_LATER"


def test_not_called_for_the_last_revision(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(revisions_mod, "assess_later_revisions",
                        lambda *a: calls.append(1))  # would crash if called
    data = sign(UNSIGNED.read_bytes(), world.pki.key_path(world.leaf), world.leaf_pem,
                datetime(2021, 3, 1, 9, 0, tzinfo=VN) - timedelta(days=1))
    assert verify_pdf_signatures(data, load_trust_store([world.root_pem])).verdict == \
        Verdict.VALID
    assert calls == []


def test_sha1_signed_certificate_is_judged_by_date_not_refused(world: World) -> None:
    """A ministry CA that still issued SHA-1 certificates in 2021: pyHanko's default
    policy would refuse the chain outright; here the date decides."""
    from sample_evidence.generator.pki import UID_OID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_path = world.pki.folder / "keys" / "sha1cert.TEST-ONLY.key.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tổng cục Thử"),
                                     x509.NameAttribute(UID_OID, "MST:0100000003")]))
            .issuer_name(world.root.cert.subject).public_key(key.public_key())
            .serial_number(0x5A1).not_valid_before(utc(2015, 1, 1))
            .not_valid_after(utc(2030, 1, 1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                world.root.key.public_key()), critical=False)
            .sign(world.root.key, hashes.SHA256()))
    cert_path = world.pki.folder / "certs" / "sha1cert.pem"
    cert_path.write_bytes(_resign_sha1(cert.public_bytes(serialization.Encoding.DER),
                                       world.root.key))
    data = sign(UNSIGNED.read_bytes(), key_path, cert_path,
                datetime(2021, 9, 1, 10, 0, tzinfo=VN), md="sha1")
    trust = load_trust_store([world.root_pem])
    doc = verify_pdf_signatures(data, trust)
    s = only(doc)
    assert doc.verdict == Verdict.INDETERMINATE
    details = " ".join(r.detail for r in s.reasons if r.code == SigReason.WEAK_ALGORITHM.value)
    assert "certificate sha1" in details and "digest sha1" in details
    assert s.trusted  # the chain was built: the algorithm is judged, not refused
    lenient = SignaturePolicy(algorithms=algorithm_policy((("sha1", "2021-12-31"),)))
    assert verify_pdf_signatures(data, trust, lenient).verdict == Verdict.VALID


def _resign_sha1(der: bytes, ca_key: rsa.RSAPrivateKey) -> bytes:
    """The certificate signed again with sha1WithRSAEncryption (cryptography no longer
    makes SHA-1 certificates; asn1crypto re-encodes the TBS part)."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding

    cert = asn1_x509.Certificate.load(der)
    tbs = cert["tbs_certificate"].copy()
    algo = {"algorithm": "sha1_rsa", "parameters": None}
    tbs["signature"] = algo
    value = ca_key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA1())
    out = asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": algo,
                                 "signature_value": value})
    return pem.armor("CERTIFICATE", out.dump())
