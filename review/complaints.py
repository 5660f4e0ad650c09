"""Complaints (khiếu nại) in the web app: a unit files one about its published score
until the window closes; a reviewer accepts or rejects it (audited), and an accepted
complaint's revised score is shown beside the published one. Routes installed on the
review app by ``add_complaint_routes`` (one line in ``review/app.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session, col, select

from kiemchung.core.errors import InputFileError
from kiemchung.core.vocabulary import Role
from storage.models import Unit, User
from storage.publication import (
    Complaint,
    decide_complaint,
    file_complaint,
    latest_publication,
    published_scores,
)


def add_complaint_routes(app: Any, ctx: Any, page: Callable[..., Any],
                         csrf: Callable[[Any, str | None], None],
                         user_dep: Callable[..., User], db_dep: Callable[..., Any]) -> None:
    """GET /complaints (a unit's own, or all for reviewers), POST /complaints (file),
    POST /complaints/{id}/decide (reviewers)."""

    def today() -> Any:
        return datetime.now(ZoneInfo(ctx.cfg.timezone)).date()

    def show(request: Request, user: User, session: Session, error: str = "",
             status: int = 200) -> Any:
        pub = latest_publication(session, ctx.campaign_id)
        units = {u.id: u for u in session.exec(select(Unit).where(
            Unit.campaign_id == ctx.campaign_id))}
        query = select(Complaint).where(Complaint.campaign_id == ctx.campaign_id)
        if user.role == Role.UNIT:
            query = query.where(Complaint.unit_id == user.unit_id)
        rows = session.exec(query.order_by(col(Complaint.id))).all()
        published = {s.get("unit"): s for s in published_scores(pub)} if pub else {}
        is_open = pub is not None and pub.complaints_until is not None and \
            today() <= pub.complaints_until
        return page(request, "complaints.html", user, status=status, error=error, pub=pub,
                    rows=rows, units=units, published=published, is_open=is_open,
                    criteria=ctx.cfg.criteria)

    def complaints_page(request: Request, user: User = Depends(user_dep),  # noqa: B008
                        session: Session = Depends(db_dep)) -> Any:  # noqa: B008
        return show(request, user, session)

    def complaints_file(request: Request, user: User = Depends(user_dep),  # noqa: B008
                        session: Session = Depends(db_dep),  # noqa: B008
                        text: str = Form(""), criterion: str = Form(""),
                        csrf_token: str | None = Form(None)) -> Any:
        csrf(request, csrf_token)
        if user.role != Role.UNIT or user.unit_id is None:
            raise HTTPException(404)
        pub = latest_publication(session, ctx.campaign_id)
        try:
            if pub is None:
                raise InputFileError("Kết quả chưa được công bố: chưa nhận khiếu nại.")
            file_complaint(session, pub, user.unit_id, text, user.username, today(),
                           criterion or None)
        except InputFileError as exc:
            return show(request, user, session, exc.message, 400)
        session.commit()
        return RedirectResponse("/complaints", 303)

    def complaints_decide(cid: int, request: Request,
                          user: User = Depends(user_dep),  # noqa: B008
                          session: Session = Depends(db_dep),  # noqa: B008
                          decision: str = Form(""), note: str = Form(""),
                          points: str = Form(""),
                          csrf_token: str | None = Form(None)) -> Any:
        csrf(request, csrf_token)
        if user.role not in (Role.ADMIN, Role.REVIEWER):
            raise HTTPException(404)
        c = session.get(Complaint, cid)
        if c is None or c.campaign_id != ctx.campaign_id:
            raise HTTPException(404)
        try:
            revised = float(points.replace(",", ".")) if points.strip() else None
        except ValueError:
            return show(request, user, session, "Điểm sau khiếu nại phải là một số.", 400)
        if not note.strip():
            return show(request, user, session, "Cần ghi lý do quyết định.", 400)
        try:
            decide_complaint(session, c, decision == "accept", user.username, note.strip(),
                             revised)
        except InputFileError as exc:
            return show(request, user, session, exc.message, 400)
        session.commit()
        return RedirectResponse("/complaints", 303)

    app.add_api_route("/complaints", complaints_page, methods=["GET"], response_model=None)
    app.add_api_route("/complaints", complaints_file, methods=["POST"], response_model=None)
    app.add_api_route("/complaints/{cid}/decide", complaints_decide, methods=["POST"],
                      response_model=None)
