"""Loading the campaign file and writing it to the database.

``load_campaign`` checks the file against its schema (``kiemchung/core/campaign_schema.py``)
and raises every problem at once in one ``CampaignFileError``; ``sync_campaign`` writes
units and criteria to the database.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from kiemchung.core.campaign_schema import CampaignConfig, CriterionSpec
from storage.models import Campaign, Criterion, Unit


def load_campaign(path: Path, files: bool = True) -> CampaignConfig:
    """The campaign, checked: every problem of the file in one CampaignFileError.
    ``files=False``: the schema and references only, not the files it names (for the
    sample generator, which makes them)."""
    from kiemchung.core.errors import CampaignFileError
    from storage.campaign_check import check_campaign

    result = check_campaign(path, files=files)
    if result.config is None or result.problems:
        raise CampaignFileError(path, result.report(), result.problems)
    return result.config


def sync_campaign(session: Session, cfg: CampaignConfig,
                  scored: list[CriterionSpec] | None = None) -> Campaign:
    """Create or update the campaign, its units and criteria. Never deletes rows:
    a unit or criterion dropped from the file keeps its history. ``scored``: the
    criteria of the campaign's scoring set (titles, groups and maxima win there)."""
    camp = session.exec(select(Campaign).where(Campaign.code == cfg.code)).first()
    settings_json = cfg.model_dump_json(exclude={"units", "criteria", "base_dir"})
    if camp is None:
        camp = Campaign(code=cfg.code, name=cfg.name, year=cfg.year,
                        window_start=cfg.window.start, window_end=cfg.window.end)
    camp.name, camp.issuer, camp.year = cfg.name, cfg.issuer, cfg.year
    camp.window_start, camp.window_end = cfg.window.start, cfg.window.end
    camp.settings_json = settings_json
    session.add(camp)
    session.flush()
    assert camp.id is not None
    units = {u.code: u for u in session.exec(select(Unit).where(Unit.campaign_id == camp.id))}
    for spec in cfg.units:
        row = units.get(spec.code) or Unit(campaign_id=camp.id, code=spec.code, name=spec.name,
                                           level=spec.level)
        row.name, row.level, row.parent_code, row.email = (
            spec.name, spec.level, spec.parent, spec.email)
        session.add(row)
    crits = {c.code: c for c in
             session.exec(select(Criterion).where(Criterion.campaign_id == camp.id))}
    by_code = {c.code: c for c in cfg.criteria}
    for extra in scored or []:
        own = by_code.get(extra.code)
        by_code[extra.code] = extra if own is None else own.model_copy(update={
            "max_points": extra.max_points, "group": extra.group})
    for cspec in by_code.values():
        crow = crits.get(cspec.code) or Criterion(campaign_id=camp.id, code=cspec.code,
                                                  title=cspec.title)
        crow.title, crow.group, crow.max_points = cspec.title, cspec.group, cspec.max_points
        session.add(crow)
    session.flush()
    return camp
