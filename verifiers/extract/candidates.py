"""A value found on the page with everything that makes it more or less certain.

certainty = OCR confidence × layout certainty × mapping certainty × cross-check
penalties. Extraction keeps every candidate it finds, then chooses one per fact
(``facts.py``); what was not chosen stays in the source as the alternatives a
reviewer sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifiers.ocr.layout import Box, Line
from verifiers.results import FactReport

CHECKED_OCR = 0.97
"""The OCR factor of a value an arithmetic cross-check confirmed (a total row equal
to the sum of its rows, a ratio equal to a/b): its digits are right."""


@dataclass
class Candidate:
    fact: str
    """Canonical name, or "" for an unmapped label."""
    value: Any
    raw: str
    page: int
    box: Box | None
    method: str
    ocr: float
    layout: float
    mapping: float
    source: dict[str, Any]
    penalty: float = 1.0
    checked: bool = False
    why: list[str] = field(default_factory=list)
    """English notes on what lowered the certainty."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Findings (code, English detail) this value raises if it is the one chosen: a sum
    of rows without a total row says nothing when the page states the figure elsewhere."""

    @property
    def certainty(self) -> float:
        ocr = max(self.ocr, CHECKED_OCR) if self.checked else self.ocr
        return round(ocr * self.layout * self.mapping * self.penalty, 3)

    def lower(self, factor: float, why: str) -> None:
        self.penalty *= factor
        self.why.append(why)

    def report(self, name: str | None = None) -> FactReport:
        src = dict(self.source)
        if self.why:
            src["doubts"] = list(self.why)
        return FactReport(self.fact if name is None else name, self.value, self.raw,
                          self.page, self.box, round(self.ocr, 3), self.method, src,
                          self.certainty)


def line_source(label: Line | None, value: Line, how: str) -> dict[str, Any]:
    return {"kind": "line", "text": f"{label.text} {value.text}" if label else value.text,
            "layout": how}
