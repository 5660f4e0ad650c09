"""The project's vocabulary as enums: one spelling for each set of values, used by the
verifiers, the database columns, the CLI's choices and the web app."""

from __future__ import annotations

from enum import StrEnum


class FileKind(StrEnum):
    EMPTY = "empty"
    PDF_SIGNED = "pdf_signed"
    """A PDF with at least one filled signature field."""
    PDF_TEXT = "pdf_text"
    """An unsigned PDF whose pages carry a text layer."""
    PDF_SCAN = "pdf_scan"
    """An unsigned PDF whose pages are images only."""
    IMAGE = "image"
    UNKNOWN = "unknown"
    UNREADABLE = "unreadable"


class Verdict(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    INDETERMINATE = "indeterminate"
    UNSIGNED = "unsigned"
    ERROR = "error"


class UnitLevel(StrEnum):
    PROVINCE_DEPARTMENT = "department"
    DISTRICT = "district"
    OFFICE = "office"
    COMMUNE = "commune"
    OTHER = "other"


class FindingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    """Resolved by itself: the evidence behind it was replaced or fixed."""
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ClaimStatus(StrEnum):
    CLAIMED = "claimed"
    CONFIRMED = "confirmed"
    CONTRADICTED = "contradicted"
    NEEDS_REVIEW = "needs_review"


class NoticeStatus(StrEnum):
    PENDING = "pending"
    """In the outbox, not sent yet (or no mail server configured)."""
    RETRY = "retry"
    """Sending failed; tried again with backoff, next run at the latest."""
    SENT = "sent"
    FAILED = "failed"
    """Given up after the campaign's ``max_attempts``; a person must act."""


class Role(StrEnum):
    ADMIN = "admin"
    REVIEWER = "reviewer"
    UNIT = "unit"


class TrustPreset(StrEnum):
    """The trust anchors a verification adds to the campaign's own."""

    VIETNAM = "vietnam"
    """Vietnam's two national roots, shipped with kiemchung."""
    NONE = "none"


class RevocationMode(StrEnum):
    """pyHanko's revocation policies, by their names there."""

    SOFT_FAIL = "soft-fail"
    HARD_FAIL = "hard-fail"
    REQUIRE = "require"


class RunStatus(StrEnum):
    """A nightly run (table ``run``)."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    """A stage raised: the run stopped there (the log says why)."""


class DecisionAction(StrEnum):
    """What a reviewer's decision does to a finding (table ``decision``)."""

    ACCEPT = "accept"
    REJECT = "reject"
    OVERRIDE = "override"
    REASSIGN = "reassign"
    ASSIGN = "assign"
    """A finding given to a reviewer (by hand, in bulk or by a rule)."""
    COMPLAINT_ACCEPTED = "complaint:accepted"
    COMPLAINT_REJECTED = "complaint:rejected"
