"""The second development set's page families (written after the first held-out
measurement, from ``../shared/DOMAIN.md`` and the seeds, without opening the held-out
families): page shapes the first development families lack. Same contract as
``families_dev.py``: each family draws one page into a ``Ctx`` and returns its HTML."""

from __future__ import annotations

from collections.abc import Callable

from bench.screens.chrome import Ctx

FAMILIES: dict[str, Callable[[Ctx], str]] = {}
