"""Campaign keys the units' loop reads, each with its default.

The campaign schema (``storage/campaign_file.py``) is being made strict in parallel;
until it declares these keys, they are read here through ``getattr`` so that this code
works with either model, and tests can set them on a settings object.

=========================== ====== ======= =============================================
key                         type   default meaning
=========================== ====== ======= =============================================
``portal_url``              str    ""      the units' portal, named in notices
``reason_required_below_max`` bool False  a claim below the maximum needs a reason
``notices.resubmit_days``   int    10      days from a notice to resend (existing key)
=========================== ====== ======= =============================================
"""

from __future__ import annotations

from typing import Any

DEFAULT_RESUBMIT_DAYS = 10


def portal_url(cfg: Any) -> str:
    return str(getattr(cfg, "portal_url", "") or "")


def reason_required_below_max(cfg: Any) -> bool:
    return bool(getattr(cfg, "reason_required_below_max", False))


def resubmit_days(cfg: Any) -> int:
    """Calendar days a unit has to answer a finding (the notices' ``resubmit_days``)."""
    spec = getattr(cfg, "notices", None)
    return int(spec.resubmit_days) if spec is not None else DEFAULT_RESUBMIT_DAYS
