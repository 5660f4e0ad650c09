"""Typed results of verification: what ``kiemchung verify --json`` prints and what
the nightly flow stores. Frozen dataclasses; a verifier always returns one, even
for a broken file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kiemchung.core.vocabulary import FileKind, Verdict

REVIEW_CERTAINTY = 0.80
"""Facts whose certainty is below this go to a reviewer; never confirmed silently."""


@dataclass(frozen=True)
class Reason:
    code: str
    """Stable UPPER_SNAKE code."""
    message: str
    """Vietnamese, for people."""
    detail: str = ""
    """English technical detail, for logs."""


@dataclass(frozen=True)
class SignatureReport:
    field: str
    type: str
    """``signature`` or ``timestamp``."""
    signer: dict[str, Any]
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


@dataclass(frozen=True)
class OcrReport:
    pages: int
    mean_confidence: float | None
    text: str


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
        """The stable ``kiemchung verify --json`` object (DESIGN.md contract)."""
        d = asdict(self)
        d.pop("media_type")
        d.pop("versions")
        d["kind"] = self.kind.value
        d["verdict"] = self.verdict.value
        for s in d["signatures"]:
            s["verdict"] = str(s["verdict"])
        for f in d["facts"]:
            if f["bbox"] is not None:
                f["bbox"] = list(f["bbox"])
        return d
