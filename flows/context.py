"""What every stage needs: settings, database engine, campaign and blob store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from kiemchung.core.campaign_schema import CampaignConfig, CriterionSpec, EvidenceRule
from kiemchung.core.errors import ConfigError
from scoring.criteria_set import CriteriaSet, find_criteria_set, load_criteria_set
from scoring.tiers import TierTable, find_tiers, load_tiers
from storage.blobs import BlobStore
from storage.campaign_file import load_campaign, sync_campaign
from storage.db import get_engine, migrate
from storage.settings import Settings, get_settings, normalise_database_url
from verifiers.pipeline import VerifyOptions


@dataclass
class RunContext:
    settings: Settings
    engine: Engine
    cfg: CampaignConfig
    campaign_id: int
    blobs: BlobStore
    criteria_set: CriteriaSet | None = None
    """The campaign's scoring set, if it has one."""
    tiers: dict[str, TierTable] | None = None
    """Tier tables by unit level, if the campaign ranks by tiers."""

    def verify_options(self) -> VerifyOptions:
        return VerifyOptions(trust_roots=tuple(self.cfg.resolve(p) for p in self.cfg.trust_roots),
                             trust_preset=self.cfg.trust,
                             crls=tuple(self.cfg.resolve(p) for p in self.cfg.crls),
                             algorithm_acceptance=tuple(
                                 (name, day.isoformat()) for name, day in
                                 sorted(self.cfg.signatures.algorithms.items())),
                             revocation_mode=self.cfg.revocation_mode,
                             allow_fetching=self.cfg.allow_fetching,
                             kind_overrides=dict(self.cfg.signer_kinds),
                             tesseract_cmd=self.settings.tesseract_cmd,
                             ocr_page_seconds=self.settings.ocr_page_seconds)


def with_imported_criteria(cfg: CampaignConfig, name: str) -> CampaignConfig:
    """The campaign's criteria plus those of a criteria set it names (its own win)."""
    src = load_criteria_set(find_criteria_set(name, cfg.base_dir))
    own = {c.code for c in cfg.criteria}
    imported = []
    for c in src.criteria:
        if c.code in own:
            continue
        try:
            rule = EvidenceRule.model_validate({"required": False, **(c.evidence or {})})
        except ValidationError as exc:
            raise ConfigError(f"Criteria set {src.code}, {c.code}: evidence rule: "
                              f"{exc.errors()[0]['msg']}") from None
        imported.append(CriterionSpec(code=c.code, title=c.title, group=c.group,
                                      levels=list(c.levels), evidence=rule))
    return cfg.model_copy(update={"criteria": [*imported, *cfg.criteria]})


def open_context(campaign_file: str | Path | None = None,
                 database_url: str | None = None,
                 settings: Settings | None = None) -> RunContext:
    """Load the campaign, migrate the database and record the campaign in it."""
    settings = settings or get_settings()
    # the campaign first: a campaign error is reported before the database is touched
    cfg = load_campaign(Path(campaign_file) if campaign_file else settings.campaign_file)
    url = normalise_database_url(database_url) if database_url else \
        settings.resolved_database_url()
    engine = get_engine(url)
    migrate(engine)
    if cfg.criteria_from:
        cfg = with_imported_criteria(cfg, cfg.criteria_from)
    cset, tiers = None, None
    scored: list[CriterionSpec] = []
    if cfg.scoring is not None:
        cset = load_criteria_set(find_criteria_set(cfg.scoring.set, cfg.base_dir))
        if cset.no_points:
            raise ConfigError(f"Criteria set {cset.code} gives no points (the seed has none): "
                              "it can supply criteria (criteria_from), not scores")
        scored = [CriterionSpec(code=c.code, title=c.title, group=c.group,
                                max_points=float(c.rule.max_points)) for c in cset.criteria]
        if cfg.scoring.tiers:
            tiers = load_tiers(find_tiers(cfg.scoring.tiers, cfg.base_dir))
            for level, table in tiers.items():
                unknown = set(table.results_groups + table.readiness_groups) - set(cset.groups)
                if unknown:
                    raise ConfigError(f"Tier table {cfg.scoring.tiers} ({level}) names groups "
                                      f"{sorted(unknown)} that set {cset.code} does not have")
    with Session(engine) as session:
        camp = sync_campaign(session, cfg, scored)
        session.commit()
        assert camp.id is not None
        campaign_id = camp.id
    return RunContext(settings, engine, cfg, campaign_id, BlobStore(settings.resolved_blob_dir()),
                      cset, tiers)
