"""Validate every signature in a PDF with pyHanko and sum it up as Decree 30/2020
needs it.

Rules (the "why" behind the code):

* Every filled signature field is reported, including those whose SubFilter pyHanko
  does not support (pyHanko's ``embedded_signatures`` drops them silently).
* Document timestamps are validated as timestamps, not as signatures.
* Difference analysis always runs. NONE, LTA_UPDATES and FORM_FILLING after signing
  are acceptable; ANNOTATIONS needs a person; OTHER (or a suspicious change, or a
  signature that does not cover its revision) makes the signature invalid, unless the
  revision analysis (``revisions.py``) finds that only the Decree 30 clerk's number and
  date were added. ``bottom_line`` is never used alone.
* Certificates are validated at the best signature time: the trusted timestamp if
  there is one, else the time the signer reported, else now. Signing tools write times
  without a zone: those are Vietnam time (UTC+7). That time is what the campaign checks
  compare with the reporting window.
* ``invalid`` is proof: digest mismatch, bad signature value, revoked, expired or not
  yet valid at the best signature time, modified after signing. An algorithm past its
  acceptance date, an unknown root, a failure of ours: ``indeterminate``.
* Trust comes only from the campaign's roots and the shipped Vietnamese list (preset
  ``vietnam``), never from the operating system.
* Nothing raises out of here. A file the PDF parser cannot read, or a CMS blob that
  cannot be decoded, is ``error`` (the unit's file); an unexpected exception is ours:
  ``indeterminate`` with SIG_PROCESSING_ERROR and ``retry``.
* pyHanko's and the certificate validator's log output is captured (the report says
  why), never printed.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfReadError

from kiemchung.core.codes import SIG_REASON_ETSI, FindingCode, SigReason
from kiemchung.core.vocabulary import Verdict
from verifiers.results import Reason, SignatureReport
from verifiers.signatures import revisions
from verifiers.signatures.algorithms import AlgorithmPolicy, algorithm_policy
from verifiers.signatures.identity import SignerKind, identify
from verifiers.signatures.trust import TrustStore

log = logging.getLogger(__name__)

SIGNATURES_VERSION = "3"

INVALIDATING = frozenset(r for r in SigReason if r.finding == FindingCode.SIG_INVALID)
"""Reasons that prove a signature bad (those that raise SIG_INVALID: digest mismatch,
bad signature value, coverage, modified after signing, DocMDP, revoked, expired, not yet
valid, and any later code mapped the same way); every other reason leaves it
indeterminate."""

ERRORS = {SigReason.CMS_MALFORMED, SigReason.SIGNED_REVISION_UNREADABLE}
"""Reasons that make a signature (and its file) ``error``: the unit's file is broken."""

NOTES = {SigReason.SIGNING_TIME_OFFSET}
"""Reasons reported for the reviewer that do not change a verdict."""

LIFTABLE = {SigReason.MODIFIED_AFTER_SIGNING, SigReason.ANNOTATED_AFTER_SIGNING}
"""Difference-analysis reasons the Decree 30 revision analysis may lift."""

VN = timezone(timedelta(hours=7))
"""Vietnam time: how a time written without a zone is read."""

ENGINE_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "pypdf")

PARSE_ERRORS: tuple[type[Exception], ...] = (PdfReadError, struct.error, zlib.error)
"""What pyHanko's PDF parser raises on a file it cannot read."""
READ_ERRORS: tuple[type[Exception], ...] = (*PARSE_ERRORS, ValueError, KeyError, TypeError,
                                            IndexError, AttributeError)
"""What reading a file's structure (the xref table, trailer, a DSS) may raise on a
broken file."""
DATA_ERRORS: tuple[type[Exception], ...] = (*PARSE_ERRORS, ValueError, KeyError, TypeError)
"""Decoding one embedded value (a date, a CRL, a timestamp token) that is not well formed."""


@dataclass(frozen=True)
class SignaturePolicy:
    kind_overrides: Mapping[str, str] = field(default_factory=dict)
    """Certificate fingerprint or UID → ``organization`` / ``personal``."""
    algorithms: AlgorithmPolicy = field(default_factory=algorithm_policy)
    """Acceptance dates of algorithms and key sizes (with the campaign's overrides)."""


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
    retry: bool = False
    """A failure of ours (SIG_PROCESSING_ERROR) left the result incomplete: verify again."""

    def summary(self) -> dict[str, Any]:
        return {"personal_valid": self.personal_valid,
                "organization_valid": self.organization_valid,
                "organization_after_personal": self.organization_after_personal,
                "anchors": list(self.anchors)}


def _reason(code: SigReason, detail: str = "", message: str | None = None) -> Reason:
    return Reason(code.value, message or code.message_vi, detail)


def _code(r: Reason) -> SigReason | None:
    try:
        return SigReason(r.code)
    except ValueError:
        return None


def _verdict_of(reasons: list[Reason]) -> Verdict:
    codes = {_code(r) for r in reasons} - NOTES
    if codes & INVALIDATING:
        return Verdict.INVALID
    if codes & ERRORS:
        return Verdict.ERROR
    return Verdict.INDETERMINATE if codes else Verdict.VALID


def indication_of(reasons: list[Reason] | tuple[Reason, ...]) -> tuple[str, str | None]:
    """ETSI EN 319 102-1 indication and sub-indication from the deciding reason (the
    first invalidating one, else the first that is not a note), by SIG_REASON_ETSI."""
    deciding = [r for r in reasons if _code(r) not in NOTES]
    if not deciding:
        return "TOTAL_PASSED", None
    failing = [r for r in deciding if _code(r) in INVALIDATING]
    pick = _code((failing or deciding)[0])
    main = "TOTAL_FAILED" if failing else "INDETERMINATE"
    sub = SIG_REASON_ETSI.get(pick)[1] if pick in SIG_REASON_ETSI else None  # type: ignore[index]
    return main, sub


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


def _error(code: SigReason, detail: str) -> DocumentSignatures:
    return DocumentSignatures(Verdict.ERROR, (), (_reason(code, detail),))


def _report(field_name: str, kind: str, signer: dict[str, Any], reasons: list[Reason], *,
            status: Any = None, signing_time: datetime | None = None,
            timestamp_time: datetime | None = None, time_source: str | None = None,
            additions: tuple[dict[str, Any], ...] = (),
            changed_regions: tuple[dict[str, Any], ...] = ()) -> SignatureReport:
    """The one place a SignatureReport is made: verdict and ETSI indication follow from
    the reasons."""
    main, sub = indication_of(reasons)
    return SignatureReport(
        field=field_name, type=kind, signer=signer,
        intact=getattr(status, "intact", None), valid=getattr(status, "valid", None),
        trusted=getattr(status, "trusted", None),
        coverage=status.coverage.name if getattr(status, "coverage", None) is not None
        else None,
        modification_level=status.modification_level.name
        if getattr(status, "modification_level", None) is not None else None,
        signing_time=_iso(signing_time), timestamp_time=_iso(timestamp_time),
        verdict=_verdict_of(reasons), reasons=tuple(reasons), indication=main,
        subindication=sub,
        time_source=time_source or signer.get("time_source") or "none",
        additions=additions, changed_regions=changed_regions)


class _Captured(logging.Handler):
    """Collects pyHanko's log records (they carry tracebacks) instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING and len(self.lines) < 50:
            self.lines.append(f"{record.name}: {record.getMessage()}"[:300])


@contextmanager
def _engine_log() -> Iterator[_Captured]:
    handler = _Captured()
    saved = []
    for name in ENGINE_LOGGERS:
        lg = logging.getLogger(name)
        saved.append((lg, lg.propagate, lg.handlers[:], lg.level))
        lg.handlers = [handler]
        lg.propagate = False
        lg.setLevel(logging.WARNING)  # their warnings say why; into the report, not stderr
    try:
        yield handler
    finally:
        for lg, propagate, handlers, level in saved:
            lg.handlers, lg.propagate = handlers, propagate
            lg.setLevel(level)
        for line in handler.lines:
            log.debug("engine: %s", line)


def verify_pdf_signatures(data: bytes, trust: TrustStore,
                          policy: SignaturePolicy | None = None) -> DocumentSignatures:
    policy = policy or SignaturePolicy()
    with _engine_log() as engine:
        try:
            return _verify(data, trust, policy, engine)
        except PARSE_ERRORS as exc:  # the parser cannot read the file (lazily: encryption…)
            return _error(SigReason.PDF_MALFORMED, f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # a bug of ours, never the unit's fault
            log.warning("signature verification crashed (will retry): %s: %s",
                        type(exc).__name__, exc)
            return DocumentSignatures(Verdict.INDETERMINATE, (), (_reason(
                SigReason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}"),), retry=True)


def _verify(data: bytes, trust: TrustStore, policy: SignaturePolicy,
            engine: _Captured) -> DocumentSignatures:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except READ_ERRORS as exc:  # reading the file's structure: the parser's failure
        return _error(SigReason.PDF_MALFORMED, f"{type(exc).__name__}: {exc}")
    if reader.encrypted:
        return _error(SigReason.PDF_ENCRYPTED, "encrypted PDF; signatures cannot be validated")
    supported = {str(s.value) for s in SigSeedSubFilter}
    embedded: list[Any] = []
    unsupported: list[tuple[str, str]] = []
    broken: list[SignatureReport] = []
    try:
        # One pass over the form tree: what pyHanko's embedded_signatures does, but
        # keeping the fields whose SubFilter it does not support instead of dropping them.
        for name, value, field_ref in enumerate_sig_fields(reader, filled_status=True):
            subfilter = value.get_object().get("/SubFilter")
            if subfilter is not None and str(subfilter) in supported:
                emb = _embedded(reader, field_ref, str(name))
                if isinstance(emb, SignatureReport):
                    broken.append(emb)
                else:
                    embedded.append(emb)
            else:
                unsupported.append((str(name), str(subfilter)))
        embedded.sort(key=lambda e: e.signed_revision)
    except PARSE_ERRORS as exc:
        return _error(SigReason.PDF_MALFORMED, f"{type(exc).__name__}: {exc}")
    if not embedded and not unsupported and not broken:
        return DocumentSignatures(Verdict.UNSIGNED, ())
    dss = _read_dss(reader)
    total = _total_revisions(reader)
    reports: list[SignatureReport] = []
    kinds: list[SignerKind] = []
    for emb in embedded:
        report, kind = _one(emb, trust, policy, dss, data, total, engine)
        reports.append(report)
        kinds.append(kind)
    for name, subfilter in unsupported:
        reports.append(_report(name, "signature", {}, [
            _reason(SigReason.UNSUPPORTED_SUBFILTER, f"SubFilter {subfilter}")]))
        kinds.append(SignerKind.UNKNOWN)
    reports += broken
    kinds += [SignerKind.UNKNOWN] * len(broken)
    return _summarise(reports, kinds)


def _total_revisions(reader: Any) -> int | None:
    try:
        return int(reader.xrefs.total_revisions)
    except (AttributeError, TypeError, ValueError):
        return None


def _embedded(reader: Any, field_ref: Any, name: str) -> Any:
    """pyHanko's view of one signature field, or a report when its CMS blob cannot be
    decoded (``error``: the file is broken there)."""
    from pyhanko.sign.general import CMSExtractionError, CMSStructuralError
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    try:
        return EmbeddedPdfSignature(reader, field_ref, name)
    except (CMSStructuralError, CMSExtractionError, ValueError) as exc:
        # asn1crypto raises ValueError on a blob that is not DER
        return _report(name, "signature", {}, [
            _reason(SigReason.CMS_MALFORMED, f"{type(exc).__name__}: {exc}")])


def _summarise(reports: list[SignatureReport], kinds: list[SignerKind]) -> DocumentSignatures:
    verdicts = {r.verdict for r in reports}
    if Verdict.INVALID in verdicts:
        verdict = Verdict.INVALID
    elif Verdict.ERROR in verdicts:
        verdict = Verdict.ERROR
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
    doc_reasons = [_field_reason(r) for r in reports
                   if r.verdict in (Verdict.INVALID, Verdict.ERROR)]
    retry = any(r.code == SigReason.PROCESSING_ERROR.value for s in reports for r in s.reasons)
    return DocumentSignatures(verdict, tuple(reports), tuple(doc_reasons), bool(personal),
                              bool(org), order, anchors, retry)


def _field_reason(r: SignatureReport) -> Reason:
    """Which signature failed, for the document's reasons (several signatures). No
    finding of its own: the signature's reasons raise the finding."""
    bad = [x for x in r.reasons if _code(x) in INVALIDATING | ERRORS] or list(r.reasons)
    who = r.signer.get("common_name") or "?"
    state = "không hợp lệ" if r.verdict == Verdict.INVALID else "không đọc được"
    message = f"chữ ký «{r.field}» ({who}) {state}"
    if bad:
        message += f": {bad[0].message}"
    return _reason(SigReason.FIELD_FAILED,
                   f"field {r.field} {r.verdict}: {', '.join(x.code for x in bad)}", message)


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
    except DATA_ERRORS as exc:  # a broken DSS
        log.info("unreadable DSS: %r", exc)  # must not stop validation
        return _Dss()
    out = _Dss(certs=list(dss.load_certs()))
    for ref in dss.crls:
        try:
            out.crls.append(asn1_crl.CertificateList.load(ref.get_object().data))
        except DATA_ERRORS as exc:
            log.info("unreadable CRL in DSS: %r", exc)
    for ref in dss.ocsps:
        try:
            out.ocsps.append(asn1_ocsp.OCSPResponse.load(ref.get_object().data))
        except DATA_ERRORS as exc:
            log.info("unreadable OCSP response in DSS: %r", exc)
    return out


def _signature_timestamp_time(emb: Any) -> datetime | None:
    """genTime of the signature's timestamp token, read without validating it."""
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    try:
        for sd in extract_tst_data_iter(emb.signer_info, signed=False):
            info = sd["encap_content_info"]["content"].parsed
            gen_time: datetime = _aware(info["gen_time"].native)[0]
            return gen_time
    except (ValueError, KeyError, TypeError) as exc:
        log.info("unreadable signature timestamp: %r", exc)
    return None


def _aware(dt: datetime) -> tuple[datetime, bool]:
    """A time written without a zone is Vietnam time; (time, it was naive)."""
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        return dt.replace(tzinfo=VN), True
    return dt, False


@dataclass(frozen=True)
class _SignerTime:
    when: datetime | None
    source: str
    """``signer``, ``signer-naive-vn`` or ``none``."""
    note: Reason | None = None


def _signer_time(emb: Any) -> _SignerTime:
    """The time the signer reported: the CMS signing-time attribute, else ``/M``. Both
    are read with their zone, or as Vietnam time when they have none. When they differ
    by exactly the UTC offset, one of them was written in Vietnam time labelled UTC:
    the one whose zone was written explicitly is believed, and a note says so."""
    from pyhanko.pdf_utils.generic import parse_pdf_date
    from pyhanko.sign.validation.generic_cms import extract_self_reported_ts

    cms: tuple[datetime, bool] | None = None
    m: tuple[datetime, bool] | None = None
    try:
        raw = extract_self_reported_ts(emb.signer_info)
        cms = _aware(raw) if raw is not None else None
    except (ValueError, KeyError, TypeError) as exc:
        log.info("unreadable CMS signing time: %r", exc)
    try:
        raw_m = emb.sig_object.get("/M")
        m = _aware(parse_pdf_date(str(raw_m), strict=False)) if raw_m is not None else None
    except DATA_ERRORS as exc:
        log.info("unreadable /M: %r", exc)
    if cms is None and m is None:
        return _SignerTime(None, "none")
    if cms is None or m is None:
        when, naive = cms or m  # type: ignore[misc]
        return _SignerTime(when, "signer-naive-vn" if naive else "signer")
    offset = abs(cms[0] - m[0])
    if offset == timedelta(hours=7):
        use, which = (m, "/M") if not m[1] else (cms, "CMS signing-time")
        other = "thời gian trong tệp (/M)" if which == "/M" else "thời gian ký trong chữ ký"
        note = _reason(SigReason.SIGNING_TIME_OFFSET,
                       f"CMS signing-time {cms[0].isoformat()} vs /M {m[0].isoformat()}: "
                       f"7 h apart; used {which}",
                       "thời gian ký ghi trong chữ ký lệch đúng 7 giờ so với thời gian ghi "
                       f"trong tệp (giờ Việt Nam bị ghi như giờ UTC); đã dùng {other}")
        return _SignerTime(use[0], "signer-naive-vn" if use[1] else "signer", note)
    return _SignerTime(cms[0], "signer-naive-vn" if cms[1] else "signer")


def _one(emb: Any, trust: TrustStore, policy: SignaturePolicy, dss: _Dss, data: bytes,
         total: int | None, engine: _Captured) -> tuple[SignatureReport, SignerKind]:
    is_timestamp = str(emb.sig_object_type) == "/DocTimeStamp"
    kind = "timestamp" if is_timestamp else "signature"
    name = str(emb.field_name)
    try:
        cert = emb.signer_cert
    except (ValueError, KeyError, TypeError) as exc:  # pyHanko: no or no unique signer cert
        return _report(name, kind, {}, [_reason(SigReason.NO_SIGNER_CERT,
                                                f"{type(exc).__name__}: {exc}")]
                       ), SignerKind.UNKNOWN
    if cert is None:
        return _report(name, kind, {}, [_reason(SigReason.NO_SIGNER_CERT,
                                                "no signer certificate in the CMS")]
                       ), SignerKind.UNKNOWN
    mark = len(engine.lines)
    signer: dict[str, Any] = {}
    signer_kind = SignerKind.UNKNOWN
    try:
        identity = identify(cert, policy.kind_overrides)
        signer = identity.as_dict()
        if is_timestamp:
            return _timestamp(emb, trust, dss, signer), SignerKind.UNKNOWN
        signer_kind = identity.kind
        return _signature(emb, trust, dss, signer, policy, data, total), signer_kind
    except Exception as exc:  # a bug of ours (or pyHanko's): never the unit's fault
        log.warning("signature %s: validation crashed (will retry): %s: %s", name,
                    type(exc).__name__, exc)
        engine_says = "; ".join(engine.lines[mark:mark + 3])
        detail = f"{type(exc).__name__}: {exc}" + (f" | engine: {engine_says}"
                                                   if engine_says else "")
        return _report(name, kind, signer, [_reason(SigReason.PROCESSING_ERROR, detail)]
                       ), signer_kind


def _validation_error_reason(exc: Exception) -> Reason | None:
    """pyHanko's own refusals, mapped through the AdES table; None: not one of them."""
    from pyhanko.sign.general import CMSExtractionError, CMSStructuralError
    from pyhanko.sign.validation.errors import SignatureValidationError

    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, CMSStructuralError | CMSExtractionError):
        return _reason(SigReason.CMS_MALFORMED, detail)
    if isinstance(exc, SignatureValidationError):
        sub = getattr(exc, "ades_subindication", None)
        name = getattr(sub, "name", None)
        return _reason(ADES_REASON.get(name, SigReason.UNSUPPORTED_SUBFILTER)
                       if name else SigReason.UNSUPPORTED_SUBFILTER, detail)
    if isinstance(exc, PdfReadError):
        return _reason(SigReason.PDF_MALFORMED, detail)
    return None


def _signature(emb: Any, trust: TrustStore, dss: _Dss, signer: dict[str, Any],
               policy: SignaturePolicy, data: bytes, total: int | None) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    st = _signer_time(emb)
    ts_time = _signature_timestamp_time(emb)
    best = ts_time or st.when
    signer["best_time"] = _iso(best)
    signer["time_source"] = "timestamp" if ts_time else st.source
    name = str(emb.field_name)
    vc = trust.validation_context(best, other_certs=dss.certs, crls=dss.crls, ocsps=dss.ocsps)
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                                match_all_key_usages=False)
    reasons: list[Reason] = [st.note] if st.note else []
    # the context accepts every algorithm, and pyHanko's CMS check falls back to the
    # context's policy: algorithms.py decides, with dates
    try:
        status = validate_pdf_signature(emb, signer_validation_context=vc,
                                        ts_validation_context=vc, key_usage_settings=usage)
    except Exception as exc:
        mapped = _validation_error_reason(exc)
        if mapped is None:
            raise  # ours: _one makes it SIG_PROCESSING_ERROR
        # pyHanko may refuse a file whose later increment is malformed (a shadow
        # attack): the revision analysis says so where it can
        later = _later_revisions(data, emb, total, None, name)
        return _report(name, "signature", signer, [*reasons, mapped, *later.reasons],
                       signing_time=st.when, timestamp_time=ts_time,
                       additions=later.additions, changed_regions=later.regions)
    integrity = _integrity_reasons(status)
    reasons += integrity
    reasons += _trust_reasons(status, emb, trust, dss)
    if not any(r.code == SigReason.CERT_REVOKED for r in reasons):
        reasons += _listed_in_supplied_crl(emb.signer_cert, [*trust.crls, *dss.crls], best)
    tsv = status.timestamp_validity
    ts_trusted = tsv is not None and bool(tsv.intact and tsv.valid and tsv.trusted)
    if tsv is not None and not ts_trusted:
        reasons.append(_reason(SigReason.TIMESTAMP_INVALID, "signature timestamp not trusted"))
    # proof of existence for the algorithm check: a trusted timestamp, else the signer's time
    poe = tsv.timestamp if ts_trusted and tsv is not None else st.when
    for v in policy.algorithms.check(emb.signer_info, emb.signer_cert, poe):
        reasons.append(_reason(SigReason.WEAK_KEY if v.weak_key else SigReason.WEAK_ALGORITHM,
                               f"{v.detail}; signature time {_iso(poe) or 'unknown (now)'}"))
    if status.validation_path is not None:
        try:
            signer["anchor"] = status.validation_path.trust_anchor.authority.name.human_friendly
        except (AttributeError, ValueError, KeyError):
            signer["anchor"] = None
    level = status.modification_level.name if status.modification_level is not None else None
    later = _later_revisions(data, emb, total, level, name)
    if later.decree30_only:
        lifted = [r for r in integrity if _code(r) in LIFTABLE]
        reasons = [r for r in reasons if not any(r is x for x in lifted)]
    reasons += later.reasons
    return _report(name, "signature", signer, reasons, status=status,
                   signing_time=st.when,
                   timestamp_time=tsv.timestamp if tsv is not None else None,
                   additions=later.additions, changed_regions=later.regions)


@dataclass(frozen=True)
class _Later:
    """What the revision analysis says of the increments after one signature."""

    decree30_only: bool = False
    reasons: tuple[Reason, ...] = ()
    additions: tuple[dict[str, Any], ...] = ()
    regions: tuple[dict[str, Any], ...] = ()


def _later_revisions(data: bytes, emb: Any, total: int | None, level: str | None,
                     name: str) -> _Later:
    """Decree 30 additions, malformed increments and visible differences after the
    signature (verifiers/signatures/revisions.py); nothing to say for the last revision."""
    if total is None or emb.signed_revision >= total - 1:
        return _Later()
    try:
        a = revisions.assess_later_revisions(data, emb.signed_revision, total, level)
    except Exception as exc:  # the revision analysis is ours: retry, not the unit's
        log.warning("signature %s: revision analysis crashed (will retry): %s: %s",
                    name, type(exc).__name__, exc)
        return _Later(reasons=(_reason(SigReason.PROCESSING_ERROR,
                                       f"revision analysis: {type(exc).__name__}: {exc}"),))
    if not a.analysed:
        return _Later(reasons=a.reasons)
    return _Later(a.decree30_only, a.reasons, tuple(x.as_dict() for x in a.additions),
                  tuple(a.changed_regions))


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


ADES_REASON: dict[str, SigReason] = {
    # pyHanko's AdES sub-indications (trust problems and its own validation errors)
    "FORMAT_FAILURE": SigReason.UNSUPPORTED_SUBFILTER,
    "HASH_FAILURE": SigReason.DIGEST_MISMATCH,
    "SIG_CRYPTO_FAILURE": SigReason.CRYPTO_INVALID,
    "REVOKED": SigReason.CERT_REVOKED, "REVOKED_NO_POE": SigReason.CERT_REVOKED,
    "REVOKED_CA_NO_POE": SigReason.CERT_REVOKED, "EXPIRED": SigReason.CERT_EXPIRED,
    "OUT_OF_BOUNDS_NO_POE": SigReason.CERT_EXPIRED,
    "OUT_OF_BOUNDS_NOT_REVOKED": SigReason.CERT_EXPIRED,
    "NOT_YET_VALID": SigReason.CERT_NOT_YET_VALID,
    "NO_CERTIFICATE_CHAIN_FOUND": SigReason.CHAIN_UNTRUSTED,
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": SigReason.CHAIN_UNTRUSTED,
    "NO_SIGNING_CERTIFICATE_FOUND": SigReason.NO_SIGNER_CERT,
    "CRYPTO_CONSTRAINTS_FAILURE": SigReason.WEAK_ALGORITHM,
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": SigReason.WEAK_ALGORITHM,
    "SIG_CONSTRAINTS_FAILURE": SigReason.KEY_USAGE,
    "CHAIN_CONSTRAINTS_FAILURE": SigReason.TRUST_OTHER,
    "POLICY_PROCESSING_ERROR": SigReason.TRUST_OTHER,
    "SIGNATURE_POLICY_NOT_AVAILABLE": SigReason.TRUST_OTHER,
    "TIMESTAMP_ORDER_FAILURE": SigReason.TIMESTAMP_INVALID,
    "NO_POE": SigReason.TIMESTAMP_INVALID,
    "TRY_LATER": SigReason.REVOCATION_UNKNOWN,
    "REVOCATION_OUT_OF_BOUNDS_NO_POE": SigReason.REVOCATION_UNKNOWN,
    "SIGNED_DATA_NOT_FOUND": SigReason.TRUST_OTHER,
}
"""pyHanko's AdES sub-indication → our reason (the ETSI names we report come back
from SIG_REASON_ETSI in verifiers/codes.py)."""


def _trust_reasons(status: Any, emb: Any, trust: TrustStore, dss: _Dss) -> list[Reason]:
    from pyhanko.sign.validation.status import RevocationDetails

    indic = status.trust_problem_indic
    if status.trusted and indic is None:
        return []
    name = getattr(indic, "name", str(indic))
    detail = f"AdES {name}"
    rev: RevocationDetails | None = status.revocation_details
    if rev is not None:
        detail += f"; revoked {rev.revocation_date.isoformat()}"
        return [_reason(SigReason.CERT_REVOKED, detail)]
    code = ADES_REASON.get(name, SigReason.TRUST_OTHER)
    if code == SigReason.CHAIN_UNTRUSTED:
        issuer = _unknown_issuer(emb, trust, dss)
        return [_reason(code, f"{detail}; chain ends at {issuer!r}, not a trust anchor",
                        f'{code.message_vi}: chứng thư do "{issuer}" cấp, không thuộc danh '
                        "sách tin cậy")]
    return [_reason(code, detail)]


def _cn(name: asn1_x509.Name) -> str:
    cn = name.native.get("common_name", "")
    if isinstance(cn, list):
        cn = ", ".join(str(c) for c in cn)
    return str(cn) or name.human_friendly


def _unknown_issuer(emb: Any, trust: TrustStore, dss: _Dss) -> str:
    """The name of the CA where the chain stops: up from the signer through the
    certificates the file embeds and the known intermediates, the last issuer found."""
    pool: list[asn1_x509.Certificate] = [*trust.known_certs(), *dss.certs]
    try:
        for choice in emb.signed_data["certificates"] or ():
            if choice.name == "certificate":
                pool.append(choice.chosen)
    except (KeyError, TypeError, ValueError):
        pass
    by_subject: dict[bytes, asn1_x509.Certificate] = {}
    for c in pool:
        if isinstance(c, asn1_x509.Certificate):
            by_subject.setdefault(c.subject.dump(), c)
    cur: asn1_x509.Certificate = emb.signer_cert
    for _ in range(10):
        if cur.subject.dump() == cur.issuer.dump():
            return _cn(cur.subject)  # a self-signed root that is not trusted
        nxt = by_subject.get(cur.issuer.dump())
        if nxt is None or nxt is cur:
            break
        cur = nxt
    return _cn(cur.issuer)


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
        gen_time = _aware(info["gen_time"].native)[0]
    except (ValueError, KeyError, TypeError) as exc:
        log.info("unreadable document timestamp: %r", exc)
    signer["best_time"], signer["time_source"] = _iso(gen_time), "timestamp"
    vc = trust.validation_context(gen_time, other_certs=dss.certs, crls=dss.crls,
                                  ocsps=dss.ocsps)
    name = str(emb.field_name)
    try:
        status = validate_pdf_timestamp(emb, validation_context=vc)
    except Exception as exc:
        mapped = _validation_error_reason(exc)
        if mapped is None:
            raise
        return _report(name, "timestamp", signer, [mapped], timestamp_time=gen_time)
    reasons = _integrity_reasons(status) + _trust_reasons(status, emb, trust, dss)
    return _report(name, "timestamp", signer, reasons, status=status,
                   timestamp_time=status.timestamp)
