"""Campaign settings the units' loop reads, with the defaults a campaign without a
``[notices]`` table gets (the keys themselves are declared in
``kiemchung/core/campaign_schema.py``)."""

from __future__ import annotations

from kiemchung.core.campaign_schema import CampaignConfig

DEFAULT_RESUBMIT_DAYS = 10


def portal_url(cfg: CampaignConfig) -> str:
    return cfg.portal_url or ""


def reason_required_below_max(cfg: CampaignConfig) -> bool:
    return cfg.reason_required_below_max


def resubmit_days(cfg: CampaignConfig) -> int:
    """Calendar days a unit has to answer a finding (the notices' ``resubmit_days``)."""
    return cfg.notices.resubmit_days if cfg.notices is not None else DEFAULT_RESUBMIT_DAYS
