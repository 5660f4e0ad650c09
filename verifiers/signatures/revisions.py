"""What changed in the revisions after a signature, judged beyond pyHanko's difference
analysis: the Decree 30/2020 clerk's additions (number and date written between the
leader's and the organization's signature), increments that do not parse strictly
(shadow attacks), and visible differences between the signed revision and the final
document.

Interface between ``validate.py`` (which calls :func:`assess_later_revisions` once per
signature, after pyHanko's validation) and this module. Until the analysis is built the
function says honestly that it judged nothing (``analysed=False``): the caller then keeps
pyHanko's verdict unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verifiers.results import Reason


@dataclass(frozen=True)
class ClerkAddition:
    """One thing the văn thư added after the leader signed, as a reviewer is shown it."""

    page: int
    """1-based page number."""
    text: str
    """The text drawn (``Số: 01/UBND-VHTT``, ``Hải Hà, ngày 07 tháng 10 năm 2019``)."""
    how: str
    """``freetext`` | ``stamp`` | ``field`` | ``content``: how it was added."""
    bbox: tuple[float, float, float, float] | None = None
    """PDF user-space box (x0, y0, x1, y1) on that page."""


@dataclass(frozen=True)
class RevisionAssessment:
    analysed: bool
    """False: nothing was judged here (pyHanko's verdict stands as it is)."""
    decree30_only: bool = False
    """Every change after the signature is an allowed Decree 30 addition (or a later
    signature, a filled field, a timestamp): a MODIFIED/ANNOTATED reason from pyHanko's
    difference analysis is lifted for this signature."""
    additions: tuple[ClerkAddition, ...] = ()
    reasons: tuple[Reason, ...] = ()
    """Reasons to add to the signature: increment malformed, visible difference
    (invalidating), annotation over body text (indeterminate)."""
    changed_regions: tuple[dict[str, Any], ...] = ()
    """Visible differences found: ``{"page": n, "bbox": [x0, y0, x1, y1]}`` in pixels
    of a 100 dpi rendering, for the evidence view."""


def assess_later_revisions(data: bytes, signed_revision: int, total_revisions: int,
                           modification_level: str | None) -> RevisionAssessment:
    """Judge the increments after ``signed_revision`` (0-based, as pyHanko counts) of
    the PDF ``data``. ``modification_level`` is pyHanko's name for the level its
    difference analysis found (``NONE``, ``LTA_UPDATES``, ``FORM_FILLING``,
    ``ANNOTATIONS``, ``OTHER``) or None."""
    return RevisionAssessment(analysed=False)
