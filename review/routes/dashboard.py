"""The landing page ``/``: signed-in users go to their home (the reviewers' queue or the
unit's portal), others to the sign-in page."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from review.deps import Db, current_user, home_of

router = APIRouter()


@router.get("/", response_model=None)
def home(request: Request, db: Db) -> Response:
    user = current_user(request, db)
    if user is None:
        return RedirectResponse("/login", 303)
    return RedirectResponse(home_of(user), 303)
