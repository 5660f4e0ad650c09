"""Complaints (khiếu nại): a unit files one about its published score until the window
closes; a reviewer accepts or rejects it (audited), and an accepted complaint's revised
score is shown beside the published one."""

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, col, select

from flows.context import RunContext
from kiemchung.core.errors import StateRefusal
from kiemchung.core.text import NumberFormatError, parse_number
from kiemchung.core.vocabulary import Role
from review.deps import Ctx, Db, Who, check_csrf
from review.pages import page
from storage.models import Unit, User
from storage.publication import (
    Complaint,
    decide_complaint,
    file_complaint,
    latest_publication,
    published_scores,
)

router = APIRouter()


def _today(ctx: RunContext) -> date:
    return datetime.now(ZoneInfo(ctx.cfg.timezone)).date()


def _show(request: Request, ctx: RunContext, user: User, session: Session, error: str = "",
          status: int = 200) -> Response:
    pub = latest_publication(session, ctx.campaign_id)
    units = {u.id: u for u in session.exec(select(Unit).where(
        Unit.campaign_id == ctx.campaign_id))}
    query = select(Complaint).where(Complaint.campaign_id == ctx.campaign_id)
    if user.role == Role.UNIT:
        query = query.where(Complaint.unit_id == user.unit_id)
    rows = session.exec(query.order_by(col(Complaint.id))).all()
    published = {s.get("unit"): s for s in published_scores(pub)} if pub else {}
    is_open = pub is not None and pub.complaints_until is not None and \
        _today(ctx) <= pub.complaints_until
    return page(request, "complaints.html", user, status=status, error=error, pub=pub,
                rows=rows, units=units, published=published, is_open=is_open,
                criteria=ctx.cfg.criteria)


@router.get("/complaints", response_model=None)
def complaints_page(request: Request, ctx: Ctx, user: Who, db: Db) -> Response:
    return _show(request, ctx, user, db)


@router.post("/complaints", response_model=None)
def complaints_file(request: Request, ctx: Ctx, user: Who, db: Db,
                    text: Annotated[str, Form()] = "", criterion: Annotated[str, Form()] = "",
                    csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    if user.role != Role.UNIT or user.unit_id is None:
        raise HTTPException(404)
    pub = latest_publication(db, ctx.campaign_id)
    try:
        if pub is None:
            raise StateRefusal("Kết quả chưa được công bố: chưa nhận khiếu nại.")
        file_complaint(db, pub, user.unit_id, text, user.username, _today(ctx),
                       criterion or None)
    except StateRefusal as exc:
        return _show(request, ctx, user, db, exc.message, 400)
    db.commit()
    return RedirectResponse("/complaints", 303)


@router.post("/complaints/{cid}/decide", response_model=None)
def complaints_decide(cid: int, request: Request, ctx: Ctx, user: Who, db: Db,
                      decision: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
                      points: Annotated[str, Form()] = "",
                      csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    if user.role not in (Role.ADMIN, Role.REVIEWER):
        raise HTTPException(404)
    c = db.get(Complaint, cid)
    if c is None or c.campaign_id != ctx.campaign_id:
        raise HTTPException(404)
    try:
        revised = float(parse_number(points)) if points.strip() else None
    except NumberFormatError:
        return _show(request, ctx, user, db, "Điểm sau khiếu nại phải là một số.", 400)
    if not note.strip():
        return _show(request, ctx, user, db, "Cần ghi lý do quyết định.", 400)
    try:
        decide_complaint(db, c, decision == "accept", user.username, note.strip(), revised)
    except StateRefusal as exc:
        return _show(request, ctx, user, db, exc.message, 400)
    db.commit()
    return RedirectResponse("/complaints", 303)
