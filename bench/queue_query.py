"""Time the findings query (``storage.queries.find_findings``) over N synthetic findings
on a fresh SQLite file (or the database URL given), with and without the folded search:
``uv run python bench/queue_query.py 5000``."""

from __future__ import annotations

import sys
import tempfile
import time

from sqlmodel import Session, select

from storage.campaign_file import load_campaign, sync_campaign
from storage.db import make_engine, migrate
from storage.models import Criterion, Finding, Reply, Unit
from storage.queries import FindingFilter, find_findings
from tests.conftest import SAMPLE


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tempfile.mkdtemp()}/b.db"
    eng = make_engine(url)
    migrate(eng)
    with Session(eng) as s:
        cid = sync_campaign(s, load_campaign(SAMPLE / "campaign.toml")).id
        assert cid is not None
        units, crits = list(s.exec(select(Unit))), list(s.exec(select(Criterion)))
        for i in range(n):
            u, c = units[i % len(units)], crits[i % len(crits)]
            s.add(Finding(campaign_id=cid, fingerprint=f"b{i}", scope="b",
                          code="CLAIM_MISMATCH", severity="blocking", unit_id=u.id,
                          criterion_id=c.id,
                          message=f"Số liệu «Hồ sơ trả đúng hạn» = {i} không khớp ({u.name})"))
        s.commit()
        for x in s.exec(select(Finding).limit(n // 10)):
            s.add(Reply(finding_id=x.id or 0, unit_id=x.unit_id or 0, author="u",
                        text="Giải trình: số liệu theo phần mềm một cửa"))
        s.commit()
    cases = [("no search, page 1", FindingFilter()),
             ("search 'quang phong'", FindingFilter(search="quang phong")),
             ("search in replies 'phan mem'", FindingFilter(search="phan mem")),
             ("unit filter", FindingFilter(unit="van-phong"))]
    for label, f in cases:
        best = float("inf")
        with Session(eng) as s:
            for _ in range(5):
                t = time.perf_counter()
                page = find_findings(s, cid, f)
                best = min(best, time.perf_counter() - t)
        print(f"{n} findings, {label}: {page.total} match, best of 5 {best * 1000:.0f} ms")


if __name__ == "__main__":
    main()
