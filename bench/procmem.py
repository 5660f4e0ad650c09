"""Peak resident memory of this process's descendants (verification workers and
their Tesseract processes), sampled: a forkserver's children are not ours to wait
for, so ``RUSAGE_CHILDREN`` does not see them."""

from __future__ import annotations

import threading
from types import TracebackType

import psutil


class DescendantPeak:
    """``with DescendantPeak() as peak: ...`` then ``peak.mib``: the largest resident
    set any single descendant had at a sample (every ``interval`` seconds)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            for p in me.children(recursive=True):
                try:
                    self.mib = max(self.mib, p.memory_info().rss / 2**20)
                except psutil.Error:
                    continue

    def __enter__(self) -> DescendantPeak:
        self._thread.start()
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()
