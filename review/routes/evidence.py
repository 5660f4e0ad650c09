"""An evidence file: the original download, its pages as images, and a reviewer moving a
misplaced file to another unit or criterion (audited)."""

from typing import Annotated

import anyio
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from flows.confirm_stage import reassign
from flows.context import RunContext
from rendering.pages import Outcome, Renderer, RenderLimits
from review import services
from review.deps import Ctx, Db, Staff, Who, check_csrf, own
from review.pages import flash
from storage.models import Evidence, User

router = APIRouter()


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
async def evidence_page(request: Request, ctx: Ctx, db: Db, user: Who, eid: int,
                        n: int) -> Response:
    """The page as PNG, rendered once (rendering/pages.py); a page that cannot be shown
    gets a placeholder image saying why, in Vietnamese (422, or 503 while busy)."""
    ev = await anyio.to_thread.run_sync(_evidence, ctx, db, user, eid)
    key, media_type = ev.blob_key, ev.media_type
    db.close()  # the database connection goes back to the pool before any waiting
    state = request.app.state
    if getattr(state, "renderer", None) is None:  # one per app, made on first use
        state.renderer = Renderer(ctx.blobs, RenderLimits.from_settings(ctx.settings))
    r = await state.renderer.page_async(key, media_type, n)
    if r.outcome == Outcome.RENDERED:
        return Response(r.png, media_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})
    if r.outcome == Outcome.NO_PAGE:
        raise HTTPException(404)
    return Response(r.placeholder_svg(n), status_code=r.status, media_type="image/svg+xml",
                    headers={"Cache-Control": "no-store",
                             **({"Retry-After": "30"} if r.outcome == Outcome.BUSY else {})})


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
    flash(request, "Đã chuyển tệp; tệp được kiểm tra lại theo tiêu chí mới trong lần chạy "
                   "tiếp theo.")
    back = f"/findings/{finding}" if finding.isdigit() else "/review"
    return RedirectResponse(back, 303)
