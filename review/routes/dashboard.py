"""The landing page ``/``: for staff the campaign dashboard (where the campaign stands,
charts of the scores); units go to their portal, others to the sign-in page."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from flows.score_stage import score_campaign
from kiemchung.core.vocabulary import Role
from review.deps import Ctx, Db, current_user, home_of
from review.overview import overview
from review.pages import page

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
