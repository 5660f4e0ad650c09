"""A value found on the page with everything that makes it more or less certain.

Three questions decide how sure a value is, each answered by a factor 0–1:

* are the digits right? — the OCR confidence, raised to ``CHECKED_OCR`` when
  something independent vouches for the digits (a cross-check that adds up, the same
  value read a second time elsewhere on the page). It stays a plain factor: the
  second, digits-only read (``verifiers/ocr/read.py``) rescales the certainty by the
  confidence it reads again with;
* is it the unit's figure? — the layout certainty (a total row's cell 1.0, a tile's
  caption 0.95, a sole row 0.9, one named row 0.7, a sum of rows 0.45);
* does the label mean this fact? — the mapping certainty (a complete label 1.0, a
  label completed by the page's subject 0.9, an unknown word 0.75).

A *mild* doubt (``MILD``, ≥ 0.85) is one that alone leaves the fact confident. Mild
layout and mapping doubts do not compound: a tile captioned «Nộp trực tuyến» on a
one-stop dashboard is a sure figure although its caption lacks the head noun and it
stands in a card, not a table. Their product (0.9 × 0.9 = 0.81, × 0.96 OCR < 0.80)
sent such values to review for no reason; on the development screens every value
whose only doubts were mild was right. Strong doubts (below ``MILD``) and the
penalties of failed checks, conflicts and two periods multiply as before, so a
value any of them touches stays below review. Every factor below 1 is explained by a
``why`` note a reviewer reads.

Extraction keeps every candidate it finds, then chooses one per fact (``facts.py``);
what was not chosen stays in the source as the alternatives a reviewer sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifiers.extract.values import parse_value
from verifiers.ocr.layout import Box, Line
from verifiers.results import REVIEW_CERTAINTY, FactReport

CHECKED_OCR = 0.97
"""The OCR confidence recorded for a value an arithmetic cross-check confirmed (a
total row equal to the sum of its rows, a ratio equal to a/b): its digits are right."""
MILD = 0.85
"""A layout or mapping doubt at or above this leaves the fact confident on its own;
two of them count as the larger one, not as their product."""


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
    """An arithmetic cross-check confirmed the digits."""
    corroborated: str = ""
    """English: how an independent reading confirmed the value (the same value read
    elsewhere on the page, parts that add up to it); its digits are right."""
    why: list[str] = field(default_factory=list)
    """English notes on what lowered the certainty."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Findings (code, English detail) this value raises if it is the one chosen: a sum
    of rows without a total row says nothing when the page states the figure elsewhere."""

    @property
    def ocr_factor(self) -> float:
        return max(self.ocr, CHECKED_OCR) if self.checked or self.corroborated else self.ocr

    @property
    def certainty(self) -> float:
        return round(combine(self.ocr_factor, self.layout, self.mapping) * self.penalty, 3)

    def doubts(self) -> list[str]:
        """English notes for every factor below 1 (the explicit ``why`` notes first)."""
        out = list(self.why)
        if self.ocr_factor < REVIEW_CERTAINTY:
            out.append(f"OCR confidence {self.ocr:.2f}")
        if self.layout < 1.0:
            how = self.source.get("layout") or self.source.get("kind") or "value"
            out.append(f"layout ({how}) certainty {self.layout:.2f}")
        if self.fact and self.mapping < 1.0:
            if self.source.get("context"):
                out.append(f"label completed by the {self.source['context']} "
                           f"(mapping {self.mapping:.2f})")
            else:
                out.append(f"label matches the fact partly (mapping {self.mapping:.2f})")
        return out

    def lower(self, factor: float, why: str) -> None:
        self.penalty *= factor
        self.why.append(why)

    def report(self, name: str | None = None) -> FactReport:
        src = dict(self.source)
        doubts = self.doubts()
        if doubts:
            src["doubts"] = doubts
        if self.corroborated:
            src.setdefault("check", self.corroborated)
        if self.fact:
            # what the certainty is made of, for the checks after the second read
            src["factors"] = {"ocr": round(self.ocr, 3), "layout": round(self.layout, 3),
                              "mapping": round(self.mapping, 3),
                              "penalty": round(self.penalty, 4)}
        return FactReport(self.fact if name is None else name, self.value, self.raw,
                          self.page, self.box, round(self.ocr, 3), self.method, src,
                          self.certainty)


def combine(ocr: float, layout: float, mapping: float) -> float:
    """OCR × layout × mapping, with mild layout and mapping doubts not compounding."""
    mild = [d for d in (layout, mapping) if d >= MILD]
    strong = [d for d in (layout, mapping) if d < MILD]
    out = ocr * min(mild, default=1.0)
    for d in strong:
        out *= d
    return out


def line_source(label: Line | None, value: Line, how: str) -> dict[str, Any]:
    return {"kind": "line", "text": f"{label.text} {value.text}" if label else value.text,
            "layout": how}


def typed_value(text: str, kind: str) -> int | float | None:
    """``parse_value``, but a figure with a per cent sign («76 %») is never a count or an
    amount: it is a share."""
    if kind in ("count", "amount") and "%" in text:
        return None
    return parse_value(text, kind)
