"""The catalogue of failure modes that stop a command (as opposed to findings,
which are recorded about evidence and let the run go on).

Each exception carries a message that tells the user what to do. Nothing else
in kiemchung raises a bare built-in exception across a module boundary.
"""

from __future__ import annotations

from collections.abc import Sequence


class KiemchungError(Exception):
    """Base class: a failure the user can act on. ``exit_code`` is for the CLI."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(KiemchungError):
    """A campaign file, trust store or setting is missing or malformed."""

    exit_code = 2


class CampaignFileError(ConfigError):
    """The campaign file is missing, not TOML, or breaks the schema. ``problems`` holds
    every problem found (storage.campaign_check.Problem, with line and column), so a
    command can print them all at once; ``message`` already lists them."""

    def __init__(self, path: object, detail: str, problems: Sequence[object] = ()) -> None:
        if problems:
            super().__init__(f"{detail}\nSửa tệp đợt đánh giá {path} rồi chạy lại "
                             "(fix the campaign file and run again).")
        else:
            super().__init__(f"Campaign file {path}: {detail}. Fix the file and run again.")
        self.problems = tuple(problems)


class UploadsFolderMissing(ConfigError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"Uploads folder {path} does not exist. Check 'uploads' in the campaign file."
        )


class DatabaseError(KiemchungError):
    """The database cannot be reached or migrated."""

    exit_code = 3


class BlobStoreError(KiemchungError):
    """A blob could not be written; nothing partial was registered."""

    exit_code = 4


class InputFileError(KiemchungError):
    """A file named on the command line does not exist or cannot be read."""

    exit_code = 2


class DeliveryError(KiemchungError):
    """A notice could not be handed to the mail server; it stays in the outbox and is
    retried with backoff. Check the campaign's [notices.smtp] settings and the server."""

    exit_code = 3
