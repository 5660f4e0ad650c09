"""One entry point from bytes to a FileReport: classify the file, then hand it to
each verifier that applies. Verifiers that are not built yet say so in the report
(reason ``NOT_YET_VERIFIED``) instead of pretending."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from verifiers.classify import classify
from verifiers.codes import FindingCode
from verifiers.results import FileKind, FileReport, Reason, Verdict

CLASSIFY_VERSION = "1"
SIGNATURES_VERSION = "0-not-built"
OCR_VERSION = "0-not-built"


@dataclass(frozen=True)
class VerifyOptions:
    trust_roots: tuple[Path, ...] = ()
    crls: tuple[Path, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


def pipeline_version(options: VerifyOptions) -> str:
    """Changes whenever a verifier that affects results changes (the cache key)."""
    return f"classify={CLASSIFY_VERSION};sig={SIGNATURES_VERSION};ocr={OCR_VERSION}"


def _not_built(name: str, what: str) -> Reason:
    return Reason(
        FindingCode.NOT_YET_VERIFIED,
        FindingCode.NOT_YET_VERIFIED.message_vi(file=name, detail=what),
        f"{what}: verifier not built yet",
    )


def verify_bytes(data: bytes, name: str, options: VerifyOptions | None = None) -> FileReport:
    options = options or VerifyOptions()
    c = classify(data)
    versions = {"classify": CLASSIFY_VERSION}
    if c.kind == FileKind.EMPTY:
        code = FindingCode.FILE_EMPTY
        return FileReport(name, c.kind, Verdict.ERROR,
                          (Reason(code, code.message_vi(file=name), "empty file"),),
                          media_type=c.media_type, versions=versions)
    if c.kind == FileKind.UNKNOWN:
        code = FindingCode.FILE_TYPE_UNKNOWN
        return FileReport(name, c.kind, Verdict.ERROR,
                          (Reason(code, code.message_vi(file=name, detail=c.detail), c.detail),),
                          media_type=c.media_type, versions=versions)
    if c.kind == FileKind.UNREADABLE:
        code = FindingCode.FILE_UNREADABLE
        detail = c.detail or "cannot be parsed"
        return FileReport(name, c.kind, Verdict.ERROR,
                          (Reason(code, code.message_vi(file=name, detail="tệp bị hỏng hoặc "
                                  "bị mã hoá"), detail),),
                          media_type=c.media_type, versions=versions)
    reasons: list[Reason] = []
    verdict = Verdict.UNSIGNED
    if c.kind == FileKind.PDF_SIGNED:
        versions["signatures"] = SIGNATURES_VERSION
        verdict = Verdict.INDETERMINATE
        reasons.append(_not_built(name, "kiểm tra chữ ký số"))
    if c.kind in (FileKind.IMAGE, FileKind.PDF_SCAN, FileKind.PDF_SIGNED, FileKind.PDF_TEXT):
        versions["ocr"] = OCR_VERSION
        reasons.append(_not_built(name, "nhận dạng chữ và trích xuất số liệu"))
    return FileReport(name, c.kind, verdict, tuple(reasons), media_type=c.media_type,
                      versions=versions)
