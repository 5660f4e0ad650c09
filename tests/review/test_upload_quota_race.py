"""Two uploads of one unit at the same moment cannot both pass the quota: the check and
the ``Upload`` row are taken with the unit locked (a process lock, and the unit's row
``FOR UPDATE`` on PostgreSQL), on SQLite and PostgreSQL."""

import io
import threading
from pathlib import Path

from sqlmodel import Session, select

from review.services import Refused, store_upload
from storage.models import Unit, Upload, User
from tests.flows.conftest import ctx_for

SENDERS = 6
QUOTA = 3


def test_concurrent_uploads_cannot_pass_the_quota_together(
        db_url: str, sample_copy: Path, tmp_path: Path, memo_verify: None) -> None:
    ctx = ctx_for(sample_copy, db_url, tmp_path)
    try:
        ctx.cfg.portal.max_files_per_unit = QUOTA
        pdf = (ctx.cfg.resolve(ctx.cfg.uploads) / "phong-tckh" / "ky-so-to-chuc" /
               "cv-2019-02-20-chua-ky.pdf").read_bytes()
        with Session(ctx.engine) as s:
            unit = s.exec(select(Unit).where(Unit.code == "van-phong")).one()
            s.expunge(unit)
        user = User(username="vanphong", role="unit", campaign_id=ctx.campaign_id)
        start = threading.Barrier(SENDERS)
        results: list[object] = []

        def send(i: int) -> None:
            with Session(ctx.engine) as db:
                start.wait()
                try:
                    store_upload(db, ctx, user, unit, "ky-so-to-chuc",
                                 io.BytesIO(pdf + b"\n%" + bytes([65 + i]) * 200_000),
                                 f"tep-{i}.pdf")
                    results.append("ok")
                except Refused as exc:
                    results.append(exc.status)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(SENDERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(map(str, results)) == ["413"] * (SENDERS - QUOTA) + ["ok"] * QUOTA
        with Session(ctx.engine) as s:
            assert len(s.exec(select(Upload).where(Upload.unit_id == unit.id)).all()) == QUOTA
        folder = ctx.cfg.resolve(ctx.cfg.uploads) / "van-phong" / "ky-so-to-chuc"
        sent = [p.name for p in folder.iterdir() if p.name.startswith(("tep-", "."))]
        assert len(sent) == QUOTA  # the refused ones left nothing behind
    finally:
        ctx.engine.dispose()
