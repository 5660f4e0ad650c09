"""Rebuild the sample campaign: ``uv run python -m sample_evidence.generate``.

Keeps the TEST-ONLY keys in pki/keys (so rebuilds are byte-identical) and rewrites
everything else from campaign.toml."""

from __future__ import annotations

import sys
from pathlib import Path

from sample_evidence.generator.build import build


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).parent
    s = build(root)
    print(f"sample campaign {s.cfg.code}: {len(s.files)} files, "
          f"{sum(1 for e in s.files.values() if e.fault)} deliberate faults in files, "
          f"{len(s.unit_findings)} unit-level faults -> {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
