"""All settings in one place, read from the environment (and ``.env``).

Defaults are the embedded ones a newcomer gets: SQLite and blobs under ``var/``,
the bundled sample campaign.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KIEMCHUNG_", env_file=".env", extra="ignore")

    var_dir: Path = Path("var")
    """Where the default SQLite file and blob store live."""

    database_url: str = Field(
        default="",
        validation_alias=AliasChoices("DATABASE_URL", "KIEMCHUNG_DATABASE_URL"),
    )
    """SQLAlchemy URL; empty means SQLite at ``var_dir/kiemchung.db``."""

    blob_dir: Path | None = None
    """Content-addressed store of originals; default ``var_dir/blobs``."""

    campaign_file: Path = Path("sample_evidence/campaign.toml")

    max_upload_bytes: int = 200 * 1024 * 1024

    max_form_bytes: int = Field(default=256 * 1024, ge=1024)
    """Largest body of a web form without a file (decisions, replies, sign-in)."""

    session_idle_minutes: int = Field(default=60, ge=1)
    """A web session unused this long ends (the user signs in again)."""

    session_max_hours: int = Field(default=12, ge=1)
    """A web session ends this long after sign-in, however busy."""

    https: bool = False
    """KIEMCHUNG_HTTPS=1: the web app is reached over HTTPS; session cookies get Secure."""

    trusted_proxies: list[str] = Field(default_factory=list)
    """Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed
    (JSON list, e.g. ``["127.0.0.1"]``); from anyone else these headers are ignored."""

    workers: int = Field(default=0, ge=0)
    """Verification worker processes; 0 = one per core. Each Tesseract runs with one
    thread, so this bounds the CPU the nightly run takes."""

    file_seconds: float = Field(default=300.0, gt=0)
    """Wall-clock limit for verifying one file (all its pages); past it the worker
    is killed and the file recorded as FILE_LIMIT_EXCEEDED, tried again next run."""

    file_memory_mib: int = Field(default=2048, ge=256)
    """Address-space limit of a verification worker and its Tesseract processes."""

    tesseract_cmd: str = "tesseract"
    """The Tesseract program (a name on PATH or a full path)."""

    ocr_page_seconds: float = Field(default=60.0, gt=0)
    """Timeout of one Tesseract run (one page); past it Tesseract is killed, the file
    gets OCR_FAILED and is read again on the next run."""

    render_concurrency: int = Field(default=2, ge=1)
    """Page renderings (pdftoppm, image decoding) the review app runs at once; more
    requests wait up to ``render_wait_seconds``, then get «máy chủ đang bận»."""

    render_wait_seconds: float = Field(default=10.0, gt=0)

    render_max_pixels: int = Field(default=25_000_000, ge=1_000_000)
    """Largest page image the app renders (at 100 dpi an A0 page is 15.5 Mpx); a larger
    page is refused before rendering, with a Vietnamese placeholder."""

    def resolved_workers(self) -> int:
        import os

        return self.workers or os.cpu_count() or 1

    def resolved_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.var_dir / 'kiemchung.db').as_posix()}"

    def resolved_blob_dir(self) -> Path:
        return self.blob_dir if self.blob_dir is not None else self.var_dir / "blobs"


def normalise_database_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
