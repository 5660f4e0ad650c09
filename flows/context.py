"""What every stage needs: settings, database engine, campaign and blob store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.blobs import BlobStore
from storage.campaign_file import CampaignConfig, load_campaign, sync_campaign
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

    def verify_options(self) -> VerifyOptions:
        return VerifyOptions(trust_roots=tuple(self.cfg.resolve(p) for p in self.cfg.trust_roots),
                             crls=tuple(self.cfg.resolve(p) for p in self.cfg.crls),
                             revocation_mode=self.cfg.revocation_mode,
                             allow_fetching=self.cfg.allow_fetching,
                             kind_overrides=dict(self.cfg.signer_kinds))


def open_context(campaign_file: str | Path | None = None,
                 database_url: str | None = None,
                 settings: Settings | None = None) -> RunContext:
    """Load the campaign, migrate the database and record the campaign in it."""
    settings = settings or get_settings()
    url = normalise_database_url(database_url) if database_url else \
        settings.resolved_database_url()
    engine = get_engine(url)
    migrate(engine)
    cfg = load_campaign(Path(campaign_file) if campaign_file else settings.campaign_file)
    with Session(engine) as session:
        camp = sync_campaign(session, cfg)
        session.commit()
        assert camp.id is not None
        campaign_id = camp.id
    return RunContext(settings, engine, cfg, campaign_id, BlobStore(settings.resolved_blob_dir()))
