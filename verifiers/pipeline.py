"""One entry point from bytes to a FileReport: find out what the file is, then hand
it to each verifier that applies: signatures for PDFs, OCR and fact extraction for
images and PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiemchung.core.codes import FindingCode
from kiemchung.core.errors import ConfigError
from kiemchung.core.vocabulary import FileKind, Verdict
from verifiers.classify import (
    ACTIVE_VI,
    Classification,
    active_content,
    classify,
    sniff_media_type,
)
from verifiers.results import REVIEW_CERTAINTY, FactReport, FileReport, OcrReport, Reason
from verifiers.signatures import (
    SIGNATURES_VERSION,
    SignaturePolicy,
    TrustStore,
    load_trust_store,
    verify_pdf_signatures,
)
from verifiers.signatures.algorithms import algorithm_policy

if TYPE_CHECKING:
    from verifiers.ocr.read import Reading

# OCR and fact extraction (and PIL under them) are imported when a file is read, not
# with this module: ``kiemchung verify --no-ocr`` and the signature-only callers never
# load them (about 50 ms of imports and a larger heap in every worker).

CLASSIFY_VERSION = "3"
OCR_VERSION = "4"
"""Bumped when reading changes what a stored report would say (4: positioned PDF text
layers, calibrated certainty, period and quarter reading), so a new run reads again."""
LOW_CONFIDENCE = REVIEW_CERTAINTY
"""Facts read with less confidence go to a reviewer; they are never confirmed silently."""


@dataclass(frozen=True)
class VerifyOptions:
    trust_roots: tuple[Path, ...] = ()
    """Extra trust anchors (the campaign's own roots, ``--trust-root``)."""
    trust_preset: str = "vietnam"
    """``vietnam``: the Vietnamese roots and intermediates shipped in verifiers/data/trust
    are trusted as well as ``trust_roots``; ``none``: only ``trust_roots``."""
    crls: tuple[Path, ...] = ()
    algorithm_acceptance: tuple[tuple[str, str], ...] = ()
    """Campaign overrides of the algorithm policy: (algorithm or ``rsa-<bits>``, ISO date
    until which it is accepted), e.g. ``("sha1", "2021-12-31")``."""
    revocation_mode: str = "soft-fail"
    allow_fetching: bool = False
    kind_overrides: dict[str, str] = field(default_factory=dict)
    ocr: bool = True
    tesseract_cmd: str = "tesseract"
    ocr_page_seconds: float = 60.0
    """Seconds one page's OCR may take: ``verifiers.ocr.engine.PAGE_TIMEOUT`` (written out
    here so that the options do not import the OCR engine; a test keeps them equal)."""

    def __post_init__(self) -> None:
        """A wrong preset or algorithm name is a ConfigError when the options are made
        (loading the campaign), not an exception out of a verifier later."""
        algorithm_policy(self.algorithm_acceptance)
        if self.trust_preset not in ("vietnam", "none"):
            raise ConfigError(f"Unknown trust preset {self.trust_preset!r} (vietnam or none).")

    def trust_store(self) -> TrustStore:
        """Loaded once per set of files (cached by path and modification time)."""
        return load_trust_store(self.trust_roots, self.crls,
                                revocation_mode=self.revocation_mode,
                                allow_fetching=self.allow_fetching, preset=self.trust_preset)

    def signature_policy(self) -> SignaturePolicy:
        """Signer-kind overrides and the algorithm policy with the campaign's dates."""
        return SignaturePolicy(self.kind_overrides, algorithm_policy(self.algorithm_acceptance))


@lru_cache(maxsize=4)
def _ocr_engine_version(cmd: str) -> str:
    from verifiers.ocr.engine import OcrFailed, tesseract_version

    try:
        return tesseract_version(cmd)
    except OcrFailed:
        return "missing"


def pipeline_version(options: VerifyOptions) -> str:
    """Changes whenever anything that affects results changes (the cache key): a
    verifier's version, the Tesseract version or the trust store."""
    ocr = (f"{OCR_VERSION}@tesseract-{_ocr_engine_version(options.tesseract_cmd)}"
           if options.ocr else "off")
    return (f"classify={CLASSIFY_VERSION};sig={SIGNATURES_VERSION}@"
            f"{options.trust_store().fingerprint};ocr={ocr}")


def _active_reasons(name: str, data: bytes) -> list[Reason]:
    """PDF_ACTIVE_CONTENT when the PDF carries JavaScript or a Launch action."""
    active = active_content(data)
    if not active:
        return []
    code = FindingCode.PDF_ACTIVE_CONTENT
    vi = " và ".join(ACTIVE_VI[a] for a in active)
    return [Reason(code, code.message_vi(file=name, detail=vi), ", ".join(active))]


def _file_error(name: str, c: Classification) -> FileReport:
    if c.kind == FileKind.EMPTY:
        code, detail = FindingCode.FILE_EMPTY, "empty file"
        msg = code.message_vi(file=name)
    elif c.kind == FileKind.UNKNOWN:
        code, detail = FindingCode.FILE_TYPE_UNKNOWN, c.detail
        msg = code.message_vi(file=name, detail=c.detail)
    else:
        code, detail = FindingCode.FILE_UNREADABLE, c.detail or "cannot be parsed"
        msg = code.message_vi(file=name, detail="tệp bị hỏng, bị mã hoá hoặc quá lớn")
    return FileReport(name, c.kind, Verdict.ERROR, (Reason(code, msg, detail),),
                      media_type=c.media_type, versions={"classify": CLASSIFY_VERSION})


@dataclass(frozen=True)
class _Read:
    facts: tuple[FactReport, ...] = ()
    unmapped: tuple[FactReport, ...] = ()
    ocr: OcrReport | None = None
    reasons: tuple[Reason, ...] = ()
    retry: bool = False
    """Tesseract failed: verify the file again next run."""


def _read(data: bytes, name: str, pdf: bool, options: VerifyOptions) -> _Read:
    """OCR and extraction; problems become reasons, never exceptions."""
    from verifiers.extract.facts import after_second_read, extract, fact_label
    from verifiers.ocr.engine import OcrFailed, configure
    from verifiers.ocr.images import ImageRejected
    from verifiers.ocr.read import read_image, read_pdf, second_pass

    configure(options.tesseract_cmd, options.ocr_page_seconds)
    reasons: list[Reason] = []
    code = FindingCode.OCR_FAILED
    try:
        reading = read_pdf(data) if pdf else read_image(data)
    except OcrFailed as exc:
        vi = "Tesseract bị lỗi hoặc chạy quá thời gian, sẽ đọc lại ở lần chạy sau"
        return _Read(reasons=(Reason(code, code.message_vi(file=name, detail=vi), str(exc)),),
                     retry=True)
    except ImageRejected:
        raise
    except MemoryError:
        raise  # the sandbox records it as a limit exceeded
    except Exception as exc:  # pypdf can fail in many ways on odd files
        detail = f"{type(exc).__name__}: {exc}"
        vi = "cấu trúc tệp không đọc được"
        return _Read(reasons=(Reason(code, code.message_vi(file=name, detail=vi), detail),))
    reasons += _problems(name, reading)
    found = extract(reading.lines, reading.rules)
    facts, notes = after_second_read(found, second_pass(list(found.facts), reading))
    for note in notes:
        code = FindingCode(note.code)
        reasons.append(Reason(code, code.message_vi(file=name, detail=_vi(note.detail)),
                              note.detail))
    low = [f for f in facts if f.needs_review]
    if low:
        # a person looks before any of these confirms or contradicts a claim
        code = FindingCode.OCR_LOW_CONFIDENCE
        detail = ", ".join(f"{f.name}={f.value} ({_level(f):.0%})" for f in low)
        vi = ", ".join(f"{fact_label(f.name)} = {f.value} (độ chắc chắn {_level(f):.0%})"
                       for f in low)
        reasons.append(Reason(code, code.message_vi(file=name, detail=vi), detail))
    return _Read(facts, found.unmapped, reading.report(), tuple(reasons),
                 reading.engine_failed)


def _level(f: FactReport) -> float:
    return f.certainty if f.certainty is not None else (f.confidence or 0.0)


NOTE_VI = (
    ("a second reporting period on the page could not be read",
     "trên trang còn một kỳ số liệu thứ hai không đọc được"),
    ("two reporting periods on the page", "trên trang có hai kỳ số liệu khác nhau"),
    ("table without a total row", "bảng không có dòng tổng"),
    ("rows summed to", "dòng được cộng lại thành"),
    ("rows add up to", "các dòng cộng lại bằng"),
    ("total row", "dòng tổng"),
    ("matches no pair of the row", "không khớp với các số trong dòng"),
    ("ratio", "tỷ lệ"),
    ("table", "bảng"),
    ("exceeds", "lớn hơn"),
    ("on the same file", "trong cùng tệp"),
    (" and ", " và "),
)
"""The notes' fixed English phrases in Vietnamese (longest first)."""


def _vi(detail: str) -> str:
    """A note for people: its phrases in Vietnamese, fact names as people know them."""
    from verifiers.extract.facts import fact_label

    out = detail
    for en, vi in NOTE_VI:
        out = out.replace(en, vi)
    for token in sorted(set(detail.replace(",", " ").replace(":", " ").split()), key=len,
                        reverse=True):
        if "_" in token and fact_label(token) != token:
            out = out.replace(token, f"«{fact_label(token)}»")
    return out


def _problems(name: str, reading: Reading) -> list[Reason]:
    if not reading.problems:
        return []
    code = FindingCode.OCR_FAILED
    detail = "; ".join(reading.problems)
    vi = "; ".join(reading.problems_vi)
    return [Reason(code, code.message_vi(file=name, detail=vi), detail)]


def verify_bytes(data: bytes, name: str, options: VerifyOptions | None = None) -> FileReport:
    options = options or VerifyOptions()
    media_type = sniff_media_type(data) if data else "application/octet-stream"
    versions = {"classify": CLASSIFY_VERSION}
    if media_type == "application/pdf":
        versions["signatures"] = SIGNATURES_VERSION
        doc = verify_pdf_signatures(data, options.trust_store(), options.signature_policy())
        if doc.verdict == Verdict.ERROR:
            return FileReport(name, FileKind.UNREADABLE, Verdict.ERROR, doc.reasons,
                              signatures=doc.signatures, media_type=media_type,
                              versions=versions, retry=doc.retry)
        if doc.verdict == Verdict.UNSIGNED:
            c = classify(data)
            if c.kind in (FileKind.UNREADABLE, FileKind.UNKNOWN, FileKind.EMPTY):
                return _file_error(name, c)
            kind = c.kind
        else:
            kind = FileKind.PDF_SIGNED
        read = _read(data, name, True, options) if options.ocr else _Read()
        versions["ocr"] = OCR_VERSION
        return FileReport(name, kind, doc.verdict,
                          (*doc.reasons, *_active_reasons(name, data), *read.reasons),
                          signatures=doc.signatures, facts=read.facts, ocr=read.ocr,
                          unmapped=read.unmapped,
                          media_type=media_type, versions=versions, document=doc.summary(),
                          retry=read.retry or doc.retry)
    c = classify(data)
    if c.kind != FileKind.IMAGE:
        return _file_error(name, c)
    if not options.ocr:
        return FileReport(name, c.kind, Verdict.UNSIGNED, media_type=c.media_type,
                          versions=versions)
    from verifiers.ocr.images import ImageRejected

    try:
        read = _read(data, name, False, options)
    except ImageRejected as exc:
        return _file_error(name, Classification(FileKind.UNREADABLE, c.media_type,
                                                detail=str(exc)))
    versions["ocr"] = OCR_VERSION
    return FileReport(name, c.kind, Verdict.UNSIGNED, read.reasons, facts=read.facts,
                      ocr=read.ocr, unmapped=read.unmapped, media_type=c.media_type,
                      versions=versions,
                      retry=read.retry)
