"""The stages' progress, reported through a small port so that the stages know nothing
of the terminal (and the terminal nothing of Prefect).

A stage calls ``current().update("verify", done, total)``; the CLI installs a port
that draws rich bars (``kiemchung/cli/terminal.py``); everywhere else (tests, the web app, a
Prefect deployment) the null port ignores it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

STAGES: dict[str, str] = {
    "ingest": "Tiếp nhận tệp",
    "verify": "Kiểm tra tệp",
    "check": "Đối chiếu đơn vị–tiêu chí",
    "confirm": "Xác nhận số liệu",
    "score": "Chấm điểm",
    "notify": "Lập thông báo",
    "render": "Dựng trang cho thẩm định",
}
"""Stage name → its Vietnamese label, in run order."""


class ProgressPort(Protocol):
    def start(self, stage: str, total: int | None = None) -> None:
        """The stage begins (``total`` items, if known)."""

    def update(self, stage: str, done: int, total: int | None = None) -> None:
        """``done`` of ``total`` items finished."""

    def finish(self, stage: str, note: str = "") -> None:
        """The stage is over; ``note`` says what it did, for people."""


class NullProgress:
    def start(self, stage: str, total: int | None = None) -> None:
        pass

    def update(self, stage: str, done: int, total: int | None = None) -> None:
        pass

    def finish(self, stage: str, note: str = "") -> None:
        pass


_port: ProgressPort = NullProgress()


def current() -> ProgressPort:
    return _port


@contextmanager
def using(port: ProgressPort) -> Iterator[ProgressPort]:
    """Install ``port`` for the stages while the block runs."""
    global _port
    before, _port = _port, port
    try:
        yield port
    finally:
        _port = before
