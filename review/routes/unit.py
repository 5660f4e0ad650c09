"""The units' portal: a unit's open findings, files per criterion, score and notices;
uploads (new evidence or the replacement of a rejected file) and replies to findings."""

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import col, select

from flows.resubmission import ReplyTo
from flows.score_stage import score_campaign
from kiemchung.core.vocabulary import Role
from review import services
from review.data import Filters, queue, unit_files
from review.deps import Ctx, Db, Who, check_csrf
from review.pages import page
from storage.models import Criterion, Finding, Notice, Reply, Unit

router = APIRouter()


@router.get("/unit", response_class=HTMLResponse)
def unit_home(request: Request, ctx: Ctx, db: Db, user: Who) -> HTMLResponse:
    if user.role != Role.UNIT or user.unit_id is None:
        raise HTTPException(404)
    unit = db.get(Unit, user.unit_id)
    rows, _total = queue(db, ctx.campaign_id, Filters(status="open"), user.unit_id)
    mine = [u for u in score_campaign(ctx) if unit and u.unit == unit.code]
    notes = db.exec(select(Notice).where(Notice.unit_id == user.unit_id)
                    .order_by(col(Notice.seq))).all()
    crits = [c for c in ctx.cfg.criteria
             if unit and (not c.levels or unit.level in c.levels)]
    files = unit_files(db, ctx.campaign_id, user.unit_id, request.app.state.version,
                       [c.code for c in crits], ctx.cfg.timezone)
    return page(request, "unit.html", user, unit=unit, rows=rows,
                score=mine[0] if mine else None, notices=notes, crits=crits, files=files,
                uploaded=request.query_params.get("uploaded", ""),
                max_mb=ctx.settings.max_upload_bytes // (1024 * 1024))


@router.post("/unit/upload", response_model=None)
def unit_upload(request: Request, ctx: Ctx, db: Db, user: Who,
                criterion: Annotated[str, Form()], file: Annotated[UploadFile, File()],
                replaces: Annotated[str, Form()] = "",
                csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    if user.role != Role.UNIT or user.unit_id is None:
        raise HTTPException(404)
    unit = db.get(Unit, user.unit_id)
    assert unit is not None
    reply = None
    if replaces.strip():
        reply = services.replacement_of(db, ctx, unit, criterion, replaces.strip())
    path = services.store_upload(ctx, unit, criterion, file.file, file.filename, reply)
    return RedirectResponse(f"/unit?uploaded={path}", 303)


@router.post("/unit/findings/{fid}/reply", response_model=None)
def unit_reply(request: Request, ctx: Ctx, db: Db, user: Who, fid: int,
               text: Annotated[str, Form()] = "",
               file: Annotated[UploadFile | None, File()] = None,
               csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(request, csrf_token)
    x = db.get(Finding, fid)
    if user.role != Role.UNIT or x is None or x.unit_id != user.unit_id:
        raise HTTPException(404)
    if not text.strip():
        raise HTTPException(400, "Nhập nội dung giải trình.")
    path = None
    if file is not None and file.filename:
        crit = db.get(Criterion, x.criterion_id) if x.criterion_id else None
        unit = db.get(Unit, user.unit_id)
        if crit is None or unit is None:
            raise HTTPException(400, "Vấn đề này không gắn với tiêu chí nào: không "
                                     "gửi kèm tệp được.")
        path = services.store_upload(ctx, unit, crit.code, file.file, file.filename,
                                     ReplyTo(finding_id=fid))
    assert x.unit_id is not None
    db.add(Reply(finding_id=fid, unit_id=x.unit_id, author=user.username,
                 text=text.strip()[:5000], file_path=path))
    db.commit()
    return RedirectResponse(f"/findings/{fid}", 303)
