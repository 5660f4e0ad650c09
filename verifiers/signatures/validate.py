"""Validate every signature in a PDF with pyHanko and sum it up as Decree 30/2020
needs it.

Rules (the "why" behind the code):

* Every filled signature field is reported, including those whose SubFilter pyHanko
  does not support (pyHanko's ``embedded_signatures`` drops them silently).
* Document timestamps are validated as timestamps, not as signatures.
* Difference analysis always runs. NONE, LTA_UPDATES and FORM_FILLING after signing
  are acceptable; ANNOTATIONS needs a person; OTHER (or a suspicious change, or a
  signature that does not cover its revision) makes the signature invalid.
  ``bottom_line`` is never used alone.
* Certificates are validated at the best signature time: the trusted timestamp if
  there is one, else the time the signer reported, else now. That time is what the
  campaign checks compare with the reporting window.
* Trust comes only from the campaign's roots, never from the operating system.
* Nothing raises out of here: a broken file gets the verdict ``error``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509

from verifiers.codes import SigReason
from verifiers.results import Reason, SignatureReport, Verdict
from verifiers.signatures.identity import SignerKind, identify
from verifiers.signatures.trust import TrustStore

log = logging.getLogger(__name__)

SIGNATURES_VERSION = "1"

INVALIDATING = {
    SigReason.DIGEST_MISMATCH, SigReason.CRYPTO_INVALID, SigReason.COVERAGE_PARTIAL,
    SigReason.MODIFIED_AFTER_SIGNING, SigReason.DOCMDP_VIOLATION, SigReason.CERT_REVOKED,
    SigReason.CERT_EXPIRED, SigReason.CERT_NOT_YET_VALID, SigReason.KEY_USAGE,
    SigReason.WEAK_ALGORITHM,
}
"""Reasons that prove a signature bad; every other reason leaves it indeterminate."""

MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class SignaturePolicy:
    kind_overrides: Mapping[str, str] = field(default_factory=dict)
    """Certificate fingerprint or UID → ``organization`` / ``personal``."""


@dataclass(frozen=True)
class DocumentSignatures:
    """The signatures of one file and what they add up to."""

    verdict: Verdict
    signatures: tuple[SignatureReport, ...]
    reasons: tuple[Reason, ...] = ()
    personal_valid: bool = False
    """At least one valid personal (leader's) signature."""
    organization_valid: bool = False
    """At least one valid organization signature."""
    organization_after_personal: bool | None = None
    """Decree 30: the organization signs after the leader. None when not both present."""
    anchors: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        return {"personal_valid": self.personal_valid,
                "organization_valid": self.organization_valid,
                "organization_after_personal": self.organization_after_personal,
                "anchors": list(self.anchors)}


def _reason(code: SigReason, detail: str = "") -> Reason:
    return Reason(code.value, code.message_vi, detail)


def _verdict_of(reasons: list[Reason]) -> Verdict:
    codes = {SigReason(r.code) for r in reasons}
    if codes & INVALIDATING:
        return Verdict.INVALID
    return Verdict.INDETERMINATE if codes else Verdict.VALID


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


def _error(code: SigReason, detail: str) -> DocumentSignatures:
    return DocumentSignatures(Verdict.ERROR, (), (_reason(code, detail),))


def verify_pdf_signatures(data: bytes, trust: TrustStore,
                          policy: SignaturePolicy | None = None) -> DocumentSignatures:
    policy = policy or SignaturePolicy()
    try:
        return _verify(data, trust, policy)
    except Exception as exc:  # a verifier returns a result, even for a broken file
        log.warning("signature verification failed unexpectedly: %r", exc)
        return _error(SigReason.PDF_MALFORMED, f"{type(exc).__name__}: {exc}")


def _verify(data: bytes, trust: TrustStore, policy: SignaturePolicy) -> DocumentSignatures:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        return _error(SigReason.PDF_MALFORMED, f"{type(exc).__name__}: {exc}")
    if reader.encrypted:
        return _error(SigReason.PDF_ENCRYPTED, "encrypted PDF; signatures cannot be validated")
    supported = {str(s.value) for s in SigSeedSubFilter}
    embedded: list[Any] = []
    unsupported: list[tuple[str, str]] = []
    try:
        # One pass over the form tree: what pyHanko's embedded_signatures does, but
        # keeping the fields whose SubFilter it does not support instead of dropping them.
        for name, value, field_ref in enumerate_sig_fields(reader, filled_status=True):
            subfilter = value.get_object().get("/SubFilter")
            if subfilter is not None and str(subfilter) in supported:
                embedded.append(EmbeddedPdfSignature(reader, field_ref, name))
            else:
                unsupported.append((str(name), str(subfilter)))
        embedded.sort(key=lambda e: e.signed_revision)
    except Exception as exc:
        return _error(SigReason.PDF_MALFORMED, f"{type(exc).__name__}: {exc}")
    if not embedded and not unsupported:
        return DocumentSignatures(Verdict.UNSIGNED, ())
    dss = _read_dss(reader)
    reports: list[SignatureReport] = []
    kinds: list[SignerKind] = []
    for emb in embedded:
        report, kind = _one(emb, trust, policy, dss)
        reports.append(report)
        kinds.append(kind)
    for name, subfilter in unsupported:
        reports.append(SignatureReport(
            field=str(name), type="signature", signer={}, intact=None, valid=None, trusted=None,
            coverage=None, modification_level=None, signing_time=None, timestamp_time=None,
            verdict=Verdict.INDETERMINATE,
            reasons=(_reason(SigReason.UNSUPPORTED_SUBFILTER, f"SubFilter {subfilter}"),)))
        kinds.append(SignerKind.UNKNOWN)
    return _summarise(reports, kinds)


def _summarise(reports: list[SignatureReport], kinds: list[SignerKind]) -> DocumentSignatures:
    verdicts = {r.verdict for r in reports}
    if Verdict.INVALID in verdicts:
        verdict = Verdict.INVALID
    elif Verdict.INDETERMINATE in verdicts or not reports:
        verdict = Verdict.INDETERMINATE
    else:
        verdict = Verdict.VALID
    valid_ix = [(i, k) for i, (r, k) in enumerate(zip(reports, kinds, strict=True))
                if r.verdict == Verdict.VALID and r.type == "signature"]
    personal = [i for i, k in valid_ix if k == SignerKind.PERSONAL]
    org = [i for i, k in valid_ix if k == SignerKind.ORGANIZATION]
    order = (max(org) > min(personal)) if personal and org else None
    anchors = tuple(sorted({str(r.signer.get("anchor")) for r in reports
                            if r.signer.get("anchor")}))
    return DocumentSignatures(verdict, tuple(reports), (), bool(personal), bool(org), order,
                              anchors)


@dataclass
class _Dss:
    certs: list[asn1_x509.Certificate] = field(default_factory=list)
    crls: list[Any] = field(default_factory=list)
    ocsps: list[Any] = field(default_factory=list)


def _read_dss(reader: Any) -> _Dss:
    """Revocation data embedded in the document (the DSS), used alongside the campaign's."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return _Dss()
    except Exception as exc:  # a broken DSS must not stop validation
        log.info("unreadable DSS: %r", exc)
        return _Dss()
    out = _Dss(certs=list(dss.load_certs()))
    for ref in dss.crls:
        try:
            out.crls.append(asn1_crl.CertificateList.load(ref.get_object().data))
        except Exception as exc:
            log.info("unreadable CRL in DSS: %r", exc)
    for ref in dss.ocsps:
        try:
            out.ocsps.append(asn1_ocsp.OCSPResponse.load(ref.get_object().data))
        except Exception as exc:
            log.info("unreadable OCSP response in DSS: %r", exc)
    return out


def _signature_timestamp_time(emb: Any) -> datetime | None:
    """genTime of the signature's timestamp token, read without validating it."""
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    try:
        for sd in extract_tst_data_iter(emb.signer_info, signed=False):
            info = sd["encap_content_info"]["content"].parsed
            gen_time: datetime = info["gen_time"].native
            return gen_time
    except Exception as exc:
        log.info("unreadable signature timestamp: %r", exc)
    return None


def _one(emb: Any, trust: TrustStore, policy: SignaturePolicy,
         dss: _Dss) -> tuple[SignatureReport, SignerKind]:
    is_timestamp = str(emb.sig_object_type) == "/DocTimeStamp"
    try:
        identity = identify(emb.signer_cert, policy.kind_overrides)
    except Exception as exc:
        return SignatureReport(
            field=str(emb.field_name), type="timestamp" if is_timestamp else "signature", signer={},
            intact=None, valid=None, trusted=None, coverage=None, modification_level=None,
            signing_time=None, timestamp_time=None, verdict=Verdict.INVALID,
            reasons=(_reason(SigReason.PROCESSING_ERROR, f"no signer certificate: {exc}"),)
        ), SignerKind.UNKNOWN
    if is_timestamp:
        return _timestamp(emb, trust, dss, identity.as_dict()), SignerKind.UNKNOWN
    return _signature(emb, trust, dss, identity.as_dict()), identity.kind


def _signature(emb: Any, trust: TrustStore, dss: _Dss, signer: dict[str, Any]
               ) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    try:
        reported = emb.self_reported_timestamp
    except Exception:
        reported = None
    ts_time = _signature_timestamp_time(emb)
    best = ts_time or reported
    signer["best_time"] = _iso(best)
    signer["time_source"] = "timestamp" if ts_time else ("signer" if reported else "none")
    vc = trust.validation_context(best, other_certs=dss.certs, crls=dss.crls, ocsps=dss.ocsps)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                match_all_key_usages=False)
    reasons: list[Reason] = []
    try:
        status = validate_pdf_signature(emb, signer_validation_context=vc,
                                        ts_validation_context=vc, key_usage_settings=usage)
    except Exception as exc:
        code = SigReason.WEAK_ALGORITHM if "algorithm" in type(exc).__name__.lower() \
            or "weak" in str(exc).lower() else SigReason.PROCESSING_ERROR
        reasons.append(_reason(code, f"{type(exc).__name__}: {exc}"))
        return SignatureReport(
            field=str(emb.field_name), type="signature", signer=signer, intact=None, valid=None,
            trusted=None, coverage=None, modification_level=None, signing_time=_iso(reported),
            timestamp_time=_iso(ts_time), verdict=_verdict_of(reasons), reasons=tuple(reasons))
    reasons += _integrity_reasons(status)
    reasons += _trust_reasons(status)
    if not any(r.code == SigReason.CERT_REVOKED for r in reasons):
        reasons += _listed_in_supplied_crl(emb.signer_cert, [*trust.crls, *dss.crls], best)
    if signer.get("key_bits") and signer["key_bits"] < MIN_RSA_BITS:
        reasons.append(_reason(SigReason.WEAK_KEY, f"RSA {signer['key_bits']} bits"))
    tsv = status.timestamp_validity
    if tsv is not None and not (tsv.intact and tsv.valid and tsv.trusted):
        reasons.append(_reason(SigReason.TIMESTAMP_INVALID, "signature timestamp not trusted"))
    if status.validation_path is not None:
        try:
            signer["anchor"] = status.validation_path.trust_anchor.authority.name.human_friendly
        except Exception:
            signer["anchor"] = None
    return SignatureReport(
        field=str(emb.field_name), type="signature", signer=signer, intact=status.intact,
        valid=status.valid, trusted=status.trusted, coverage=status.coverage.name
        if status.coverage is not None else None,
        modification_level=status.modification_level.name
        if status.modification_level is not None else None,
        signing_time=_iso(status.signer_reported_dt or reported),
        timestamp_time=_iso(tsv.timestamp if tsv is not None else None),
        verdict=_verdict_of(reasons), reasons=tuple(reasons))


def _integrity_reasons(status: Any) -> list[Reason]:
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    out: list[Reason] = []
    if not status.intact:
        out.append(_reason(SigReason.DIGEST_MISMATCH, "document digest does not match"))
    if not status.valid:
        out.append(_reason(SigReason.CRYPTO_INVALID, "signature value does not verify"))
    coverage = status.coverage
    if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        out.append(_reason(SigReason.COVERAGE_PARTIAL,
                           f"coverage {coverage.name if coverage else 'unknown'}"))
        return out
    if isinstance(status.diff_result, SuspiciousModification):
        out.append(_reason(SigReason.MODIFIED_AFTER_SIGNING, str(status.diff_result)))
        return out
    level = status.modification_level
    if level is None:
        out.append(_reason(SigReason.DIFF_UNAVAILABLE, "difference analysis gave no result"))
    elif level == ModificationLevel.OTHER:
        out.append(_reason(SigReason.MODIFIED_AFTER_SIGNING, "modification level OTHER"))
    elif level == ModificationLevel.ANNOTATIONS:
        out.append(_reason(SigReason.ANNOTATED_AFTER_SIGNING, "annotations added after signing"))
    if status.docmdp_ok is False:
        out.append(_reason(SigReason.DOCMDP_VIOLATION, "changes exceed the DocMDP permissions"))
    return out


def _trust_reasons(status: Any) -> list[Reason]:
    from pyhanko.sign.validation.status import RevocationDetails

    indic = status.trust_problem_indic
    if status.trusted and indic is None:
        return []
    name = getattr(indic, "name", str(indic))
    detail = f"AdES {name}"
    rev: RevocationDetails | None = status.revocation_details
    if rev is not None:
        detail += f"; revoked {rev.revocation_date.isoformat()}"
    mapping = {
        "REVOKED": SigReason.CERT_REVOKED, "REVOKED_NO_POE": SigReason.CERT_REVOKED,
        "REVOKED_CA_NO_POE": SigReason.CERT_REVOKED, "EXPIRED": SigReason.CERT_EXPIRED,
        "OUT_OF_BOUNDS_NO_POE": SigReason.CERT_EXPIRED,
        "OUT_OF_BOUNDS_NOT_REVOKED": SigReason.CERT_EXPIRED,
        "NOT_YET_VALID": SigReason.CERT_NOT_YET_VALID,
        "NO_CERTIFICATE_CHAIN_FOUND": SigReason.CHAIN_UNTRUSTED,
        "CERTIFICATE_CHAIN_GENERAL_FAILURE": SigReason.CHAIN_UNTRUSTED,
        "CRYPTO_CONSTRAINTS_FAILURE": SigReason.WEAK_ALGORITHM,
        "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": SigReason.WEAK_ALGORITHM,
        "SIG_CONSTRAINTS_FAILURE": SigReason.KEY_USAGE,
        "CHAIN_CONSTRAINTS_FAILURE": SigReason.TRUST_OTHER,
        "TRY_LATER": SigReason.REVOCATION_UNKNOWN,
        "REVOCATION_OUT_OF_BOUNDS_NO_POE": SigReason.REVOCATION_UNKNOWN,
    }
    if rev is not None:
        return [_reason(SigReason.CERT_REVOKED, detail)]
    return [_reason(mapping.get(name, SigReason.TRUST_OTHER), detail)]


def _listed_in_supplied_crl(cert: asn1_x509.Certificate, crls: list[Any],
                            moment: datetime | None) -> list[Reason]:
    """pyHanko only consults CRLs for certificates that declare a distribution point;
    a CRL the campaign (or the document) supplies for the issuer counts regardless."""
    issuer = cert.issuer.dump()
    for crl in crls:
        tbs = crl["tbs_cert_list"]
        if tbs["issuer"].dump() != issuer:  # byte comparison: Name equality is costly
            continue
        for entry in tbs["revoked_certificates"]:
            if entry["user_certificate"].native != cert.serial_number:
                continue
            when: datetime = entry["revocation_date"].native
            if moment is None or when <= moment:
                return [_reason(SigReason.CERT_REVOKED,
                                f"listed in a supplied CRL, revoked {when.isoformat()}")]
    return []


def _timestamp(emb: Any, trust: TrustStore, dss: _Dss, signer: dict[str, Any]
               ) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_timestamp

    gen_time = None
    try:
        info = emb.signed_data["encap_content_info"]["content"].parsed
        gen_time = info["gen_time"].native
    except Exception as exc:
        log.info("unreadable document timestamp: %r", exc)
    signer["best_time"], signer["time_source"] = _iso(gen_time), "timestamp"
    vc = trust.validation_context(gen_time, other_certs=dss.certs, crls=dss.crls,
                                  ocsps=dss.ocsps)
    reasons: list[Reason] = []
    try:
        status = validate_pdf_timestamp(emb, validation_context=vc)
    except Exception as exc:
        reasons.append(_reason(SigReason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}"))
        return SignatureReport(
            field=str(emb.field_name), type="timestamp", signer=signer, intact=None, valid=None,
            trusted=None, coverage=None, modification_level=None, signing_time=None,
            timestamp_time=_iso(gen_time), verdict=_verdict_of(reasons), reasons=tuple(reasons))
    reasons += _integrity_reasons(status)
    reasons += _trust_reasons(status)
    return SignatureReport(
        field=str(emb.field_name), type="timestamp", signer=signer, intact=status.intact,
        valid=status.valid, trusted=status.trusted,
        coverage=status.coverage.name if status.coverage is not None else None,
        modification_level=status.modification_level.name
        if status.modification_level is not None else None,
        signing_time=None, timestamp_time=_iso(status.timestamp),
        verdict=_verdict_of(reasons), reasons=tuple(reasons))
