"""Scores: the table, and its CSV and XLSX exports (a unit sees only its own row)."""

import io

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session

from flows.score_stage import score_campaign
from kiemchung.core.vocabulary import Role
from review.deps import Ctx, Who
from review.pages import page
from scoring import export
from storage.models import Unit

router = APIRouter()


@router.get("/scores", response_model=None)
def scores(request: Request, ctx: Ctx, user: Who, format: str = "") -> Response:
    data = score_campaign(ctx)
    if user.role == Role.UNIT:
        with Session(ctx.engine) as s:
            mine = s.get(Unit, user.unit_id)
        data = [u for u in data if mine is not None and u.unit == mine.code]
    if format == "csv":
        return Response(export.to_csv(data), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="diem.csv"'})
    if format == "xlsx":
        buf = io.BytesIO()
        export.write_xlsx(data, buf)
        return Response(buf.getvalue(), media_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            headers={"Content-Disposition": 'attachment; filename="diem.xlsx"'})
    return page(request, "scores.html", user, scores=data,
                set_title=ctx.criteria_set.title if ctx.criteria_set else "")
