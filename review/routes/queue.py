"""The reviewers' queue: filtered findings (filters in the URL, «của tôi» by default),
one finding with its evidence, decisions and assignment one at a time and in bulk, and
the admins' assignment rules."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from kiemchung.core.vocabulary import Role
from review import services
from review.data import (
    EVERYONE,
    MINE,
    SORTS,
    STATUSES,
    evidence_view,
    queue,
    queue_filter,
    queue_url,
)
from review.deps import Ctx, Db, Staff, Who, check_csrf, own
from review.filters import finding_title
from review.pages import flash, page
from storage import assignment
from storage.models import AssignmentRule, Criterion, Evidence, Finding, Unit, User

router = APIRouter()
PAGE_WINDOW = 2
"""Pages linked on each side of the current one; the first and last are always linked."""


def page_links(current: int, pages: int) -> list[int | None]:
    """The pager's page numbers, ``None`` for a gap: 1 … 7 8 [9] 10 11 … 250."""
    keep = {1, pages, *range(current - PAGE_WINDOW, current + PAGE_WINDOW + 1)}
    out: list[int | None] = []
    for p in sorted(k for k in keep if 1 <= k <= pages):
        if out and p - (out[-1] or 0) > 1:
            out.append(None)
        out.append(p)
    return out
DONE = {"accept": "đã ghi nhận: chấp nhận", "reject": "đã ghi nhận: bác"}


def _units(db: Session, campaign_id: int) -> list[Unit]:
    return list(db.exec(select(Unit).where(Unit.campaign_id == campaign_id)
                        .order_by(col(Unit.code))))


def _crits(db: Session, campaign_id: int) -> list[Criterion]:
    return list(db.exec(select(Criterion).where(Criterion.campaign_id == campaign_id)
                        .order_by(col(Criterion.code))))


@router.get("/review", response_class=HTMLResponse)
def review(request: Request, ctx: Ctx, db: Db, user: Staff) -> HTMLResponse:
    f, who = queue_filter(request.query_params, user)
    rows, total = queue(db, ctx.campaign_id, f)
    codes = sorted({c for c in db.exec(select(Finding.code).where(
        Finding.campaign_id == ctx.campaign_id))})
    return page(request, "review.html", user, rows=rows, total=total, f=f, who=who,
                pages=(n := max(1, -(-total // f.page_size))),
                page_links=page_links(f.page, n), units=_units(db, ctx.campaign_id),
                crits=_crits(db, ctx.campaign_id),
                codes=[(c, finding_title(c)) for c in codes], sorts=SORTS, statuses=STATUSES,
                reviewers=assignment.reviewers(db, ctx.campaign_id), mine=MINE,
                everyone=EVERYONE, url=lambda **k: queue_url(f, who, **k),
                reject_reasons=services.REJECT_REASONS, accept_reasons=services.ACCEPT_REASONS)


@router.get("/findings/{fid}", response_class=HTMLResponse)
def finding(request: Request, ctx: Ctx, db: Db, user: Who, fid: int) -> HTMLResponse:
    x = db.get(Finding, fid)
    if x is None or x.campaign_id != ctx.campaign_id:
        raise HTTPException(404)
    own(user, x.unit_id)
    view = evidence_view(db, x, ctx.blobs, ctx.cfg)
    nxt = services.next_for(db, ctx.campaign_id, fid, user) if user.role != Role.UNIT \
        else None
    units: tuple[Unit, ...] = ()
    crits: tuple[Criterion, ...] = ()
    if user.role != Role.UNIT and view.evidence is not None:
        units = tuple(_units(db, ctx.campaign_id))
        crits = tuple(_crits(db, ctx.campaign_id))
    return page(request, "finding.html", user, v=view, next_id=nxt,
                reject_reasons=services.REJECT_REASONS, accept_reasons=services.ACCEPT_REASONS,
                all_units=units, all_crits=crits, suggestion=services.suggestion_of(x),
                reviewers=assignment.reviewers(db, ctx.campaign_id)
                if user.role != Role.UNIT else [])


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
    unit_id = db.get(Finding, fid).unit_id  # type: ignore[union-attr]
    db.commit()
    services.rescore(ctx, unit_id)
    nxt = services.next_for(db, ctx.campaign_id, fid, user) if go_next else None
    flash(request, f"Đã ghi nhận quyết định cho vấn đề #{fid}; điểm đã được tính lại.")
    return RedirectResponse(f"/findings/{nxt or fid}", 303)


def _assignee(db: Session, campaign_id: int, name: str) -> str | None:
    """A reviewer's username from a form ('' gives to nobody); 400 for anyone else."""
    if not name:
        return None
    if name not in assignment.reviewers(db, campaign_id):
        raise HTTPException(400, "Chọn người thẩm định trong danh sách.")
    return name


@router.post("/findings/{fid}/assign", response_model=None)
def assign_one(request: Request, ctx: Ctx, db: Db, user: Staff, fid: int,
               assignee: Annotated[str, Form()] = "",
               csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    x = db.get(Finding, fid)
    if x is None or x.campaign_id != ctx.campaign_id:
        raise HTTPException(404)
    assignment.assign(db, x, _assignee(db, ctx.campaign_id, assignee), user.username)
    db.commit()
    return RedirectResponse(f"/findings/{fid}", 303)


@router.post("/review/bulk", response_class=HTMLResponse)
def bulk(request: Request, ctx: Ctx, db: Db, user: Staff, action: Annotated[str, Form()],
         ids: Annotated[list[int] | None, Form()] = None,
         reason: Annotated[str, Form()] = "", accept_reason: Annotated[str, Form()] = "",
         reject_reason: Annotated[str, Form()] = "", reason_text: Annotated[str, Form()] = "",
         assignee: Annotated[str, Form()] = "", back: Annotated[str, Form()] = "",
         csrf_token: Annotated[str | None, Form()] = None) -> HTMLResponse:
    """Accept, reject or assign the chosen findings; the result page lists each one with
    what happened to it (one that could not be decided is rolled back alone)."""
    check_csrf(request, csrf_token)
    if action not in ("accept", "reject", "assign"):
        raise HTTPException(400, "Chọn một thao tác: chấp nhận, bác hoặc giao việc.")
    why = (accept_reason if action == "accept" else reject_reason) or reason
    to = _assignee(db, ctx.campaign_id, assignee) if action == "assign" else None
    results = []
    touched: set[int | None] = set()
    for fid in dict.fromkeys(ids or []):
        x = db.get(Finding, fid)
        if x is None or x.campaign_id != ctx.campaign_id:
            results.append((fid, "", "", "", f"không có vấn đề số {fid}", False))
            continue
        unit = db.get(Unit, x.unit_id) if x.unit_id else None
        ev = db.get(Evidence, x.evidence_id) if x.evidence_id else None
        title, uname, fname = finding_title(x.code, x.message), unit.name if unit else "", \
            ev.source_path if ev else ""
        if action == "assign":
            changed = assignment.assign(db, x, to, user.username)
            db.commit()
            results.append((fid, title, uname, fname, (f"đã giao cho {to}" if to else
                            "đã bỏ giao việc") if changed else "không đổi (đã như vậy)", True))
            continue
        problem = services.decide_finding(db, ctx, user, fid, action, why, reason_text, "")
        if problem is None:
            touched.add(db.get(Finding, fid).unit_id)  # type: ignore[union-attr]
            db.commit()
        else:
            db.rollback()
        results.append((fid, title, uname, fname, problem or DONE[action], problem is None))
    if action != "assign":
        services.rescore_units(ctx, touched)
    return page(request, "bulk.html", user, results=results, action=action,
                back=back if back.startswith("/review") else "/review")


def _admin(user: User) -> None:
    if user.role != Role.ADMIN:
        raise HTTPException(404)


@router.get("/review/rules", response_class=HTMLResponse)
def rules(request: Request, ctx: Ctx, db: Db, user: Staff) -> HTMLResponse:
    _admin(user)
    return page(request, "rules.html", user, rules=assignment.rules(db, ctx.campaign_id),
                units=_units(db, ctx.campaign_id), crits=_crits(db, ctx.campaign_id),
                reviewers=assignment.reviewers(db, ctx.campaign_id))


@router.post("/review/rules", response_model=None)
def add_rule(request: Request, ctx: Ctx, db: Db, user: Staff,
             assignee: Annotated[str, Form()], unit: Annotated[str, Form()] = "",
             criterion: Annotated[str, Form()] = "",
             csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    _admin(user)
    to = _assignee(db, ctx.campaign_id, assignee)
    u = next((x for x in _units(db, ctx.campaign_id) if x.code == unit), None)
    c = next((x for x in _crits(db, ctx.campaign_id) if x.code == criterion), None)
    if to is None or (unit and u is None) or (criterion and c is None) or (not u and not c):
        raise HTTPException(400, "Một quy tắc cần người thẩm định và ít nhất một đơn vị "
                                 "hoặc một tiêu chí trong danh sách.")
    assignment.add_rule(db, ctx.campaign_id, u.id if u else None, c.id if c else None, to,
                        user.username)
    n = assignment.apply_rules(db, ctx.campaign_id)
    db.commit()
    flash(request, f"Đã lưu quy tắc; {n} vấn đề vừa được giao.")
    return RedirectResponse("/review/rules", 303)


@router.post("/review/rules/{rid}/delete", response_model=None)
def delete_rule(request: Request, ctx: Ctx, db: Db, user: Staff, rid: int,
                csrf_token: Annotated[str | None, Form()] = None) -> Response:
    """Remove a rule; findings it gave keep their reviewer."""
    check_csrf(request, csrf_token)
    _admin(user)
    rule = db.get(AssignmentRule, rid)
    if rule is None or rule.campaign_id != ctx.campaign_id:
        raise HTTPException(404)
    db.delete(rule)
    db.commit()
    return RedirectResponse("/review/rules", 303)
