"""Rejection notices: the list (a unit sees its own) and each notice's PDF."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import col, select

from kiemchung.core.vocabulary import Role
from review.deps import Ctx, Db, Who, own
from review.pages import page
from storage.models import Notice, Unit

router = APIRouter()


@router.get("/notices", response_class=HTMLResponse)
def notices(request: Request, ctx: Ctx, db: Db, user: Who) -> HTMLResponse:
    stmt = select(Notice).where(Notice.campaign_id == ctx.campaign_id)
    if user.role == Role.UNIT:
        stmt = stmt.where(Notice.unit_id == user.unit_id)
    rows = db.exec(stmt.order_by(col(Notice.seq))).all()
    units = {u.id: u for u in db.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id))}
    return page(request, "notices.html", user, notices=rows, units=units)


@router.get("/notices/{nid}.pdf")
def notice_pdf(ctx: Ctx, db: Db, user: Who, nid: int) -> Response:
    n = db.get(Notice, nid)
    if n is None or n.campaign_id != ctx.campaign_id or not n.pdf_blob_key:
        raise HTTPException(404)
    own(user, n.unit_id)
    return Response(ctx.blobs.get(n.pdf_blob_key), media_type="application/pdf")
