"""Typed results of verification: what ``kiemchung verify --json`` prints and what
the nightly flow stores. Frozen dataclasses; a verifier always returns one, even
for a broken file."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from kiemchung.core.codes import FindingCode, SigReason
from kiemchung.core.vocabulary import FileKind, Verdict

REVIEW_CERTAINTY = 0.80
"""Facts whose certainty is below this go to a reviewer; never confirmed silently."""


ReasonCode = SigReason | FindingCode
"""A reason's code: a signature reason, or a finding code whose message it carries."""


def reason_code(code: str) -> ReasonCode | str:
    """The catalogue entry ``code`` names (a finding code first, as the verify stage has
    always read them); a code from neither catalogue stays the text it is."""
    if code in FindingCode.__members__:
        return FindingCode(code)
    try:
        return SigReason(code)
    except ValueError:
        return code


@dataclass(frozen=True)
class Reason:
    code: ReasonCode | str
    """Stable UPPER_SNAKE code; given as text it is read into its catalogue enum."""
    message: str
    """Vietnamese, for people."""
    detail: str = ""
    """English technical detail, for logs."""

    def __post_init__(self) -> None:
        if not isinstance(self.code, SigReason | FindingCode):
            object.__setattr__(self, "code", reason_code(self.code))

    @property
    def finding(self) -> FindingCode | None:
        """The finding this reason raises, if any."""
        if isinstance(self.code, FindingCode):
            return self.code
        return self.code.finding if isinstance(self.code, SigReason) else None

    @property
    def has_finding_message(self) -> bool:
        """A finding code's reason carries that finding's whole Vietnamese message; a
        signature reason's message is the reason alone (it fills a finding's template)."""
        return isinstance(self.code, FindingCode)

    def to_json(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": self.message, "detail": self.detail}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Reason:
        return cls(d["code"], d.get("message", ""), d.get("detail", ""))


class SignatureType(StrEnum):
    SIGNATURE = "signature"
    TIMESTAMP = "timestamp"
    """A document timestamp (RFC 3161 over the file), not a person's signature."""


@dataclass(frozen=True)
class SignerInfo(Mapping[str, Any]):
    """Who signed, from the certificate, and when (``verify --json``'s ``signer``).

    Fields are None where the signature names no certificate. Read as attributes; the
    mapping view (``signer["kind"]``) gives the keys the JSON object has, so a report
    read back prints the same object it was made from."""

    common_name: str | None = None
    organization: str | None = None
    title: str | None = None
    uid: str | None = None
    """e.g. ``CCCD:022070000101`` or ``MST:5700100256``."""
    issuer: str | None = None
    serial: str | None = None
    fingerprint: str | None = None
    """SHA-256 of the certificate, hex."""
    kind: str | None = None
    """``organization``, ``personal`` or ``unknown`` (verifiers.signatures.identity)."""
    key_bits: int | None = None
    best_time: str | None = None
    """ISO time the signature is dated by: a trusted timestamp's, else the signer's."""
    time_source: str | None = None
    anchor: str | None = None
    """The trust anchor the chain ends at, as its name reads."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Keys this class does not name, kept as they came."""
    present: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The named keys the JSON object has (None values included); by default those
    whose value is not None."""

    def __post_init__(self) -> None:
        if not self.present:
            object.__setattr__(self, "present", tuple(
                n for n in _SIGNER_FIELDS if getattr(self, n) is not None))

    def __getitem__(self, key: str) -> Any:
        if key in self.present:
            return getattr(self, key)
        return self.extra[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.present
        yield from (k for k in self.extra if k not in self.present)

    def __len__(self) -> int:
        return len(self.present) + sum(1 for k in self.extra if k not in self.present)

    def to_json(self) -> dict[str, Any]:
        return {k: copy.deepcopy(self[k]) for k in self}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> SignerInfo:
        named = {k: v for k, v in d.items() if k in _SIGNER_FIELDS}
        return cls(**named, extra={k: copy.deepcopy(v) for k, v in d.items()
                                   if k not in _SIGNER_FIELDS},
                   present=tuple(k for k in d if k in _SIGNER_FIELDS))


_SIGNER_FIELDS = ("common_name", "organization", "title", "uid", "issuer", "serial",
                  "fingerprint", "kind", "key_bits", "best_time", "time_source", "anchor")


@dataclass(frozen=True)
class SignatureReport:
    field: str
    type: SignatureType
    signer: SignerInfo
    intact: bool | None
    valid: bool | None
    trusted: bool | None
    coverage: str | None
    modification_level: str | None
    signing_time: str | None
    timestamp_time: str | None
    verdict: Verdict
    reasons: tuple[Reason, ...] = ()
    indication: str | None = None
    """ETSI EN 319 102-1 main indication: TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE."""
    subindication: str | None = None
    """ETSI EN 319 102-1 sub-indication (HASH_FAILURE, NO_CERTIFICATE_CHAIN_FOUND,
    CRYPTO_CONSTRAINTS_FAILURE_NO_POE, …); None when the indication is TOTAL_PASSED."""
    time_source: str | None = None
    """Where the best signature time came from: ``timestamp``, ``signer`` (with its zone),
    ``signer-naive-vn`` (no zone written: read as Vietnam time, UTC+7) or ``none``."""
    additions: tuple[dict[str, Any], ...] = ()
    """What the văn thư added after this signature under Decree 30 (page, text, how,
    bbox): shown to the reviewer."""
    changed_regions: tuple[dict[str, Any], ...] = ()
    """Visible differences between the signed revision and the final document."""

    def __post_init__(self) -> None:
        if not isinstance(self.type, SignatureType):
            object.__setattr__(self, "type", SignatureType(self.type))

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "type": str(self.type), "signer": self.signer.to_json(),
                "intact": self.intact, "valid": self.valid, "trusted": self.trusted,
                "coverage": self.coverage, "modification_level": self.modification_level,
                "signing_time": self.signing_time, "timestamp_time": self.timestamp_time,
                "verdict": str(self.verdict),
                "reasons": [r.to_json() for r in self.reasons],
                "indication": self.indication, "subindication": self.subindication,
                "time_source": self.time_source,
                "additions": copy.deepcopy(list(self.additions)),
                "changed_regions": copy.deepcopy(list(self.changed_regions))}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> SignatureReport:
        return cls(
            field=d["field"], type=SignatureType(d["type"]),
            signer=SignerInfo.from_json(d.get("signer") or {}),
            intact=d.get("intact"), valid=d.get("valid"), trusted=d.get("trusted"),
            coverage=d.get("coverage"), modification_level=d.get("modification_level"),
            signing_time=d.get("signing_time"), timestamp_time=d.get("timestamp_time"),
            verdict=Verdict(d["verdict"]),
            reasons=tuple(Reason.from_json(r) for r in d.get("reasons") or ()),
            indication=d.get("indication"), subindication=d.get("subindication"),
            time_source=d.get("time_source"),
            additions=tuple(copy.deepcopy(d.get("additions") or ())),
            changed_regions=tuple(copy.deepcopy(d.get("changed_regions") or ())))


@dataclass(frozen=True)
class FactReport:
    name: str
    value: Any
    raw: str
    page: int | None
    bbox: tuple[float, float, float, float] | None
    confidence: float | None
    method: str = ""
    source: dict[str, Any] | None = None
    """Where on the page the value stands: ``{"kind": "line", "text": …}`` or
    ``{"kind": "cell", "row": <row label>, "header": [<group header>, <header>], …}``."""
    certainty: float | None = None
    """0–1: OCR confidence, layout certainty and label-mapping certainty combined, lowered
    by a failed cross-check. Below ``REVIEW_CERTAINTY`` the fact goes to a reviewer."""

    @property
    def needs_review(self) -> bool:
        """A person must look before this fact confirms or contradicts anything."""
        level = self.certainty if self.certainty is not None else self.confidence
        return level is not None and level < REVIEW_CERTAINTY

    def to_json(self) -> dict[str, Any]:
        d = {f.name: copy.deepcopy(getattr(self, f.name)) for f in fields(self)}
        d["bbox"] = list(self.bbox) if self.bbox is not None else None
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> FactReport:
        bbox = d.get("bbox")
        return cls(name=d["name"], value=d.get("value"), raw=d.get("raw", ""),
                   page=d.get("page"), bbox=tuple(bbox) if bbox is not None else None,
                   confidence=d.get("confidence"), method=d.get("method", ""),
                   source=copy.deepcopy(d.get("source")), certainty=d.get("certainty"))


@dataclass(frozen=True)
class OcrReport:
    pages: int
    mean_confidence: float | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "mean_confidence": self.mean_confidence,
                "text": self.text}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> OcrReport:
        return cls(d["pages"], d.get("mean_confidence"), d.get("text", ""))


@dataclass(frozen=True)
class FileReport:
    """The verification of one file. ``verdict`` sums the signatures up."""

    file: str
    kind: FileKind
    verdict: Verdict
    reasons: tuple[Reason, ...] = ()
    signatures: tuple[SignatureReport, ...] = ()
    facts: tuple[FactReport, ...] = ()
    ocr: OcrReport | None = None
    media_type: str = "application/octet-stream"
    versions: dict[str, str] = field(default_factory=dict)
    """Verifier name → version that produced this report."""
    document: dict[str, Any] = field(default_factory=dict)
    """What the signatures add up to under Decree 30/2020 (see DocumentSignatures)."""
    unmapped: tuple[FactReport, ...] = ()
    """Labelled values that map to no known fact (name ``""``, the label in ``raw``):
    shown to reviewers, never dropped."""
    retry: bool = False
    """The result is incomplete for a reason outside the file (Tesseract missing,
    crashing or hanging, the verifier killed or out of time): recorded, not cached,
    and the file is verified again on the next run."""

    def to_json(self) -> dict[str, Any]:
        """The stable ``kiemchung verify --json`` object (DESIGN.md contract): plain JSON
        values; what only this process needs (``media_type``, ``versions``) is left out."""
        return {"file": self.file, "kind": str(self.kind), "verdict": str(self.verdict),
                "reasons": [r.to_json() for r in self.reasons],
                "signatures": [s.to_json() for s in self.signatures],
                "facts": [f.to_json() for f in self.facts],
                "ocr": self.ocr.to_json() if self.ocr is not None else None,
                "document": copy.deepcopy(self.document),
                "unmapped": [f.to_json() for f in self.unmapped], "retry": self.retry}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> FileReport:
        """The report ``to_json`` made (as the sandbox sends it and the database keeps
        it); keys a report of an older version lacks take their defaults."""
        return cls(
            file=d.get("file", ""), kind=FileKind(d["kind"]), verdict=Verdict(d["verdict"]),
            reasons=tuple(Reason.from_json(r) for r in d.get("reasons") or ()),
            signatures=tuple(SignatureReport.from_json(s) for s in d.get("signatures") or ()),
            facts=tuple(FactReport.from_json(f) for f in d.get("facts") or ()),
            ocr=OcrReport.from_json(d["ocr"]) if d.get("ocr") else None,
            document=copy.deepcopy(dict(d.get("document") or {})),
            unmapped=tuple(FactReport.from_json(f) for f in d.get("unmapped") or ()),
            retry=bool(d.get("retry", False)))
