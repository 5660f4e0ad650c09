"""The landing page ``/``: for staff the campaign dashboard (where the campaign stands,
charts of the scores) and the campaign report to download; units go to their portal,
others to the sign-in page."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from flows.score_stage import score_campaign
from kiemchung.core.vocabulary import Role
from review.deps import Ctx, Db, Staff, current_user, home_of
from review.overview import overview
from review.pages import page
from scoring.campaign_report import build_report, rank_names
from storage.models import Campaign

router = APIRouter()


@router.get("/", response_model=None)
def home(request: Request, ctx: Ctx, db: Db) -> Response:
    user = current_user(request, db)
    if user is None:
        return RedirectResponse("/login", 303)
    if user.role not in (Role.ADMIN, Role.REVIEWER):
        return RedirectResponse(home_of(user), 303)
    scores = score_campaign(ctx)
    return page(request, "dashboard.html", user, o=overview(
        db, ctx.campaign_id, request.app.state.version, scores), scores=scores)


REPORT_TYPES = {"pdf": "application/pdf",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@router.get("/report.{ext}", response_model=None)
def report(ctx: Ctx, db: Db, user: Staff, ext: str) -> Response:
    """«Báo cáo kết quả thẩm định» for the issuing authority, as PDF or XLSX."""
    if ext not in REPORT_TYPES:
        raise HTTPException(404)
    campaign = db.get(Campaign, ctx.campaign_id)
    if campaign is None:
        raise HTTPException(404)
    pdf, xlsx = build_report(db, campaign, score_campaign(ctx),
                             rank_names(ctx.criteria_set, ctx.tiers),
                             ctx.criteria_set.title if ctx.criteria_set else "")
    return Response(pdf if ext == "pdf" else xlsx, media_type=REPORT_TYPES[ext], headers={
        "Content-Disposition": f'attachment; filename="bao-cao-tham-dinh.{ext}"'})
