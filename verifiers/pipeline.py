"""One entry point from bytes to a FileReport: find out what the file is, then hand
it to each verifier that applies. Verifiers that are not built yet say so in the
report (reason ``NOT_YET_VERIFIED``) instead of pretending."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from verifiers.classify import Classification, classify, sniff_media_type
from verifiers.codes import FindingCode
from verifiers.results import FileKind, FileReport, Reason, Verdict
from verifiers.signatures import (
    SIGNATURES_VERSION,
    SignaturePolicy,
    TrustStore,
    load_trust_store,
    verify_pdf_signatures,
)

CLASSIFY_VERSION = "1"
OCR_VERSION = "0-not-built"


@dataclass(frozen=True)
class VerifyOptions:
    trust_roots: tuple[Path, ...] = ()
    crls: tuple[Path, ...] = ()
    revocation_mode: str = "soft-fail"
    allow_fetching: bool = False
    kind_overrides: dict[str, str] = field(default_factory=dict)

    def trust_store(self) -> TrustStore:
        """Loaded once per set of files (cached by path and modification time)."""
        return load_trust_store(self.trust_roots, self.crls,
                                revocation_mode=self.revocation_mode,
                                allow_fetching=self.allow_fetching)


def pipeline_version(options: VerifyOptions) -> str:
    """Changes whenever anything that affects results changes (the cache key):
    a verifier's version or the trust store."""
    return (f"classify={CLASSIFY_VERSION};sig={SIGNATURES_VERSION}@"
            f"{options.trust_store().fingerprint};ocr={OCR_VERSION}")


def _not_built(name: str, what: str) -> Reason:
    return Reason(
        FindingCode.NOT_YET_VERIFIED,
        FindingCode.NOT_YET_VERIFIED.message_vi(file=name, detail=what),
        f"{what}: verifier not built yet",
    )


def _file_error(name: str, c: Classification) -> FileReport:
    if c.kind == FileKind.EMPTY:
        code, detail = FindingCode.FILE_EMPTY, "empty file"
        msg = code.message_vi(file=name)
    elif c.kind == FileKind.UNKNOWN:
        code, detail = FindingCode.FILE_TYPE_UNKNOWN, c.detail
        msg = code.message_vi(file=name, detail=c.detail)
    else:
        code, detail = FindingCode.FILE_UNREADABLE, c.detail or "cannot be parsed"
        msg = code.message_vi(file=name, detail="tệp bị hỏng hoặc bị mã hoá")
    return FileReport(name, c.kind, Verdict.ERROR, (Reason(code, msg, detail),),
                      media_type=c.media_type, versions={"classify": CLASSIFY_VERSION})


def verify_bytes(data: bytes, name: str, options: VerifyOptions | None = None) -> FileReport:
    options = options or VerifyOptions()
    media_type = sniff_media_type(data) if data else "application/octet-stream"
    versions = {"classify": CLASSIFY_VERSION}
    if media_type == "application/pdf":
        versions["signatures"] = SIGNATURES_VERSION
        doc = verify_pdf_signatures(data, options.trust_store(),
                                    SignaturePolicy(options.kind_overrides))
        if doc.verdict == Verdict.ERROR:
            return FileReport(name, FileKind.UNREADABLE, Verdict.ERROR, doc.reasons,
                              media_type=media_type, versions=versions)
        if doc.verdict == Verdict.UNSIGNED:
            c = classify(data)
            if c.kind in (FileKind.UNREADABLE, FileKind.UNKNOWN, FileKind.EMPTY):
                return _file_error(name, c)
            kind = c.kind
        else:
            kind = FileKind.PDF_SIGNED
        versions["ocr"] = OCR_VERSION
        return FileReport(name, kind, doc.verdict,
                          (*doc.reasons, _not_built(name, "nhận dạng chữ và trích xuất số liệu")),
                          signatures=doc.signatures, media_type=media_type, versions=versions,
                          document=doc.summary())
    c = classify(data)
    if c.kind != FileKind.IMAGE:
        return _file_error(name, c)
    versions["ocr"] = OCR_VERSION
    return FileReport(name, c.kind, Verdict.UNSIGNED,
                      (_not_built(name, "nhận dạng chữ và trích xuất số liệu"),),
                      media_type=c.media_type, versions=versions)
