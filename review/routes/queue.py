"""The reviewers' queue: filtered findings, one finding with its evidence, decisions one
at a time and in bulk."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import col, select

from kiemchung.core.vocabulary import Role
from review import services
from review.data import PAGE_SIZE, Filters, evidence_view, queue
from review.deps import Ctx, Db, Staff, Who, check_csrf, own
from review.pages import page
from storage.models import Criterion, Finding, Unit

router = APIRouter()


@router.get("/review", response_class=HTMLResponse)
def review(request: Request, ctx: Ctx, db: Db, user: Staff, unit: str = "",
           criterion: str = "", code: str = "", severity: str = "", status: str = "open",
           sort: str = "unit") -> HTMLResponse:
    raw = request.query_params.get("page", "1")
    page_no = max(1, int(raw)) if raw.isdigit() else 1
    f = Filters(unit, criterion, code, severity, status, sort, page_no)
    rows, total = queue(db, ctx.campaign_id, f)
    units = db.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id)
                    .order_by(col(Unit.code))).all()
    crits = db.exec(select(Criterion).where(Criterion.campaign_id == ctx.campaign_id)
                    .order_by(col(Criterion.code))).all()
    codes = sorted({c for c in db.exec(select(Finding.code).where(
        Finding.campaign_id == ctx.campaign_id))})
    return page(request, "review.html", user, rows=rows, total=total, f=f,
                pages=max(1, -(-total // PAGE_SIZE)), units=units, crits=crits,
                codes=codes, reject_reasons=services.REJECT_REASONS,
                accept_reasons=services.ACCEPT_REASONS)


@router.get("/findings/{fid}", response_class=HTMLResponse)
def finding(request: Request, ctx: Ctx, db: Db, user: Who, fid: int) -> HTMLResponse:
    x = db.get(Finding, fid)
    if x is None or x.campaign_id != ctx.campaign_id:
        raise HTTPException(404)
    own(user, x.unit_id)
    view = evidence_view(db, x, ctx.blobs)
    nxt = services.next_open(db, ctx.campaign_id, fid) if user.role != Role.UNIT else None
    units: tuple[Unit, ...] = ()
    crits: tuple[Criterion, ...] = ()
    if user.role != Role.UNIT and view.evidence is not None:
        units = tuple(db.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id)
                              .order_by(col(Unit.code))))
        crits = tuple(db.exec(select(Criterion).where(
            Criterion.campaign_id == ctx.campaign_id).order_by(col(Criterion.code))))
    return page(request, "finding.html", user, v=view, next_id=nxt,
                reject_reasons=services.REJECT_REASONS, accept_reasons=services.ACCEPT_REASONS,
                decided=request.query_params.get("decided", ""), all_units=units,
                all_crits=crits, suggestion=services.suggestion_of(x),
                reassigned=request.query_params.get("reassigned", ""))


@router.post("/findings/{fid}/decide", response_model=None)
def decide_one(request: Request, ctx: Ctx, db: Db, user: Staff, fid: int,
               action: Annotated[str, Form()], reason: Annotated[str, Form()] = "",
               reason_text: Annotated[str, Form()] = "",
               value: Annotated[str, Form()] = "",
               csrf_token: Annotated[str | None, Form()] = None,
               go_next: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    problem = services.decide_finding(db, ctx, user, fid, action, reason, reason_text, value)
    if problem is not None:
        raise HTTPException(400, problem)
    db.commit()
    services.rescore(ctx)
    nxt = services.next_open(db, ctx.campaign_id, fid) if go_next else None
    return RedirectResponse(f"/findings/{nxt}?decided={fid}" if nxt else
                            f"/findings/{fid}?decided={fid}", 303)


@router.post("/review/bulk", response_class=HTMLResponse)
def bulk(request: Request, ctx: Ctx, db: Db, user: Staff, action: Annotated[str, Form()],
         ids: Annotated[list[int] | None, Form()] = None,
         reason: Annotated[str, Form()] = "", reason_text: Annotated[str, Form()] = "",
         csrf_token: Annotated[str | None, Form()] = None) -> HTMLResponse:
    check_csrf(request, csrf_token)
    results = []
    for fid in ids or []:
        problem = services.decide_finding(db, ctx, user, fid, action, reason, reason_text, "")
        if problem is None:
            db.commit()
        else:
            db.rollback()
        results.append((fid, problem or "đã ghi nhận"))
    services.rescore(ctx)
    return page(request, "bulk.html", user, results=results, action=action)
