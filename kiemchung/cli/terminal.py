"""The operator's terminal during ``kiemchung run``: one rich progress bar per stage
(files ingested, files verified with the time left, units checked, notices made),
nothing else. Details go to the run's log file (``kiemchung/cli/logs.py``)."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from flows.progress import STAGES


class RichProgress:
    """A ``ProgressPort`` drawing bars on ``console`` (the terminal's stderr)."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[dim]còn[/]"), TimeRemainingColumn(compact=True),
            TextColumn("[dim]đã chạy[/]"), TimeElapsedColumn(),
            TextColumn("{task.fields[note]}"),
            console=console, transient=False, refresh_per_second=4)
        self.tasks: dict[str, TaskID] = {}
        self._last: dict[str, float] = {}

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def _task(self, stage: str) -> TaskID:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(STAGES.get(stage, stage), total=None,
                                                       note="")
        return self.tasks[stage]

    def start(self, stage: str, total: int | None = None) -> None:
        self.progress.update(self._task(stage), total=total, completed=0)

    def update(self, stage: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if done != total and now - self._last.get(stage, 0.0) < 0.1:
            return  # thousands of files: draw at most ten times a second
        self._last[stage] = now
        task = self._task(stage)
        if total is not None:
            self.progress.update(task, total=total)
        self.progress.update(task, completed=done)

    def finish(self, stage: str, note: str = "") -> None:
        task = self._task(stage)
        t = self.progress.tasks[self.tasks[stage]]
        total = t.total if t.total is not None else t.completed
        self.progress.update(task, total=total, completed=total, note=f"[dim]{note}[/]")
        self.progress.stop_task(task)
