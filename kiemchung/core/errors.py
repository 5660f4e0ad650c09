"""The catalogue of failure modes that stop a command (as opposed to findings,
which are recorded about evidence and let the run go on).

Each exception carries a message that tells the user what to do. Nothing else
in kiemchung raises a bare built-in exception across a module boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum, unique


@unique
class ExitCode(IntEnum):
    """The CLI's exit status, one value per kind of failure (README «Commands»)."""

    OK = 0
    FAILED = 1
    """Stopped for a reason not listed below (the message says it; a bug of ours too)."""
    BAD_INPUT = 2
    """Something the user gave is wrong or missing: the campaign file, a setting, a file
    or a value on the command line (as Click's own usage errors)."""
    DATABASE = 3
    BLOB_STORE = 4
    DELIVERY = 5
    """A mail server refused or could not be reached."""


class KiemchungError(Exception):
    """Base class: a failure the user can act on. ``exit_code`` is for the CLI."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(KiemchungError):
    """A campaign file, trust store or setting is missing or malformed."""

    exit_code = ExitCode.BAD_INPUT


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

    exit_code = ExitCode.DATABASE


class BlobStoreError(KiemchungError):
    """A blob could not be written; nothing partial was registered."""

    exit_code = ExitCode.BLOB_STORE


class InputFileError(KiemchungError):
    """A file named on the command line does not exist, cannot be read, or is not of the
    kind the command needs."""

    exit_code = ExitCode.BAD_INPUT


class StateRefusal(KiemchungError):
    """What is asked is refused by the campaign's state, not by what was typed: nothing
    to publish yet, the complaint window closed, a complaint already decided."""

    exit_code = ExitCode.BAD_INPUT


class InvalidOption(KiemchungError):
    """A value given to a command (an option, a form field) is not one it accepts."""

    exit_code = ExitCode.BAD_INPUT


class NotSetUp(ConfigError):
    """The command needs something the campaign or the machine does not have set up
    (a [notices] or [scoring] table, a mail server, a Prefect server)."""


class DeliveryError(KiemchungError):
    """A notice could not be handed to the mail server; it stays in the outbox and is
    retried with backoff. Check the campaign's [notices.smtp] settings and the server."""

    exit_code = ExitCode.DELIVERY
