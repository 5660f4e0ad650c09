"""An evidence file: the original download, its pages as images, and a reviewer moving a
misplaced file to another unit or criterion (audited)."""

import io
import subprocess
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from flows.confirm_stage import reassign
from flows.context import RunContext
from review import services
from review.deps import Ctx, Db, Staff, Who, check_csrf, own
from storage.models import Evidence, User

router = APIRouter()
RENDER_DPI = 100


def _evidence(ctx: RunContext, db: Session, user: User, eid: int) -> Evidence:
    ev = db.get(Evidence, eid)
    if ev is None or ev.campaign_id != ctx.campaign_id or not ctx.blobs.has(ev.blob_key):
        raise HTTPException(404)
    own(user, ev.unit_id)
    return ev


@router.get("/evidence/{eid}/file")
def evidence_file(ctx: Ctx, db: Db, user: Who, eid: int) -> Response:
    ev = _evidence(ctx, db, user, eid)
    name = services.SAFE_NAME.sub("_", ev.original_name) or "file"
    return Response(ctx.blobs.get(ev.blob_key), media_type=ev.media_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Content-Type-Options": "nosniff"})


@router.get("/evidence/{eid}/page/{n}.png")
def evidence_page(ctx: Ctx, db: Db, user: Who, eid: int, n: int) -> Response:
    ev = _evidence(ctx, db, user, eid)
    png = render_page(ctx.blobs.get(ev.blob_key), ev.media_type, n)
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600"})


@router.post("/evidence/{eid}/reassign", response_model=None)
def reassign_one(request: Request, ctx: Ctx, db: Db, user: Staff, eid: int,
                 unit: Annotated[str, Form()], criterion: Annotated[str, Form()],
                 reason_text: Annotated[str, Form()] = "", finding: Annotated[str, Form()] = "",
                 csrf_token: Annotated[str | None, Form()] = None) -> Response:
    """A reviewer places a misplaced file under a unit and criterion (audited)."""
    check_csrf(request, csrf_token)
    try:
        reassign(db, campaign_id=ctx.campaign_id, evidence_id=eid, unit_code=unit,
                 criterion_code=criterion, actor=user.username,
                 reason=reason_text.strip()[:1000])
    except ValueError:
        raise HTTPException(400, "Không chuyển được tệp: chọn đơn vị và tiêu chí trong "
                                 "danh sách.") from None
    db.commit()
    services.rescore(ctx)
    back = f"/findings/{finding}?reassigned={eid}" if finding.isdigit() else "/review"
    return RedirectResponse(back, 303)


def render_page(blob: bytes, media_type: str, n: int) -> bytes | None:
    """A page as PNG: images as they are (scaled down), PDF pages through pdftoppm."""
    if media_type.startswith("image/"):
        if n != 1:
            return None
        from verifiers.ocr.images import open_image

        try:
            im = open_image(blob)
        except Exception:  # a broken or oversized image: no page to show
            return None
        buf = io.BytesIO()
        im.convert("RGB").save(buf, "PNG")
        return buf.getvalue()
    if media_type != "application/pdf" or n < 1:
        return None
    try:
        out = subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", str(RENDER_DPI),
                              "-png", "-"], input=blob,
                             capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 and out.stdout else None
