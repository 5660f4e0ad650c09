"""The second development wording pool: for a label slot of the development families
(``Ctx.word`` slots), other wordings a unit's system writes. Drawn instead of the
family's own options on ``dev2-words`` pages. Written without opening the held-out
pool."""

from __future__ import annotations

WORDS_DEV2: dict[str, tuple[str, ...]] = {}
