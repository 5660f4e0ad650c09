"""The review web app: reviewers work through findings with the evidence in front of
them; units see their own findings, scores and notices, reply and upload replacements.

Server-rendered (Jinja2), Vietnamese interface. Every decision goes through
``flows.confirm_stage.decide`` and then confirmation and scoring run again, the same
path the nightly flow takes, so scores follow at once.
"""

# No "from __future__ import annotations": FastAPI reads the dependencies' annotations,
# and the Annotated aliases below are local to create_app.
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, col, select
from starlette.middleware.sessions import SessionMiddleware

from flows.confirm_stage import confirm_claims, decide, reassign
from flows.context import RunContext, open_context
from flows.ingest import ingest_uploads
from flows.report import points_vi
from flows.resubmission import ReplyTo
from flows.score_stage import score_campaign
from kiemchung.core.codes import Severity
from kiemchung.core.vocabulary import FindingStatus, Role
from review import auth
from review.complaints import add_complaint_routes
from review.data import PAGE_SIZE, Filters, evidence_view, queue, unit_files
from scoring import export
from storage.models import Claim, Criterion, Evidence, Finding, Notice, Reply, Unit, User
from verifiers.classify import sniff_media_type
from verifiers.extract.facts import fact_label
from verifiers.pipeline import pipeline_version

HERE = Path(__file__).resolve().parent
ACCEPT_REASONS = {
    "da-xac-minh": "Đã kiểm tra, minh chứng đạt yêu cầu",
    "giai-trinh-hop-ly": "Giải trình của đơn vị hợp lý",
    "loi-doc-so-lieu": "Lỗi đọc số liệu tự động, số liệu thực tế khớp",
    "khac": "Lý do khác",
}
REJECT_REASONS = {
    "khong-khop": "Số liệu tự đánh giá không khớp với minh chứng",
    "thieu-chu-ky": "Thiếu chữ ký số hợp lệ",
    "ngoai-thoi-gian": "Minh chứng ngoài thời gian đánh giá",
    "khong-doc-duoc": "Minh chứng không đọc được",
    "khac": "Lý do khác",
}
UPLOAD_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
                "image/webp": ".webp"}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def create_app(campaign_file: str | Path | None = None, database_url: str | None = None,
               ctx: RunContext | None = None) -> FastAPI:
    ctx = ctx or open_context(campaign_file, database_url)
    app = FastAPI(title="kiemchung", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key=auth.secret_key(ctx.settings.var_dir),
                       session_cookie="kiemchung", same_site="lax", https_only=False,
                       max_age=12 * 3600)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["fromjson"] = json.loads
    templates.env.filters["fact_vi"] = fact_label
    templates.env.filters["diem"] = points_vi
    app.state.ctx = ctx
    version = pipeline_version(ctx.verify_options())

    def session() -> Any:
        with Session(ctx.engine) as s:
            yield s

    Db = Annotated[Session, Depends(session)]

    def current_user(request: Request, db: Db) -> User | None:
        uid = request.session.get("uid")
        return db.get(User, uid) if uid else None

    def user_or_login(request: Request, db: Db) -> User:
        user = current_user(request, db)
        if user is None:
            raise HTTPException(303, headers={"Location": "/login"})
        if auth.must_change_password(user) and request.url.path != "/password":
            raise HTTPException(303, headers={"Location": "/password"})  # first login
        return user

    Who = Annotated[User, Depends(user_or_login)]

    def staff(user: Who) -> User:
        if user.role not in (Role.ADMIN, Role.REVIEWER):
            raise HTTPException(404)
        return user

    Staff = Annotated[User, Depends(staff)]

    def csrf(request: Request, token: str | None) -> None:
        if not auth.csrf_ok(request.session.get("csrf"), token):
            raise HTTPException(403, "Phiên làm việc hết hạn hoặc biểu mẫu không hợp lệ. "
                                     "Tải lại trang và thử lại.")

    def page(request: Request, name: str, user: User | None, status: int = 200,
             **data: Any) -> HTMLResponse:
        if "csrf" not in request.session:
            request.session["csrf"] = auth.new_csrf_token()
        return templates.TemplateResponse(request, name, {
            "user": user, "csrf": request.session["csrf"], "campaign": ctx.cfg,
            **data}, status_code=status)

    def own(user: User, unit_id: int | None) -> None:
        if user.role == Role.UNIT and unit_id != user.unit_id:
            raise HTTPException(404)

    def rescore() -> None:
        confirm_claims(ctx)
        score_campaign(ctx)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code in (301, 302, 303):
            return RedirectResponse(exc.headers["Location"] if exc.headers else "/", 303)
        messages = {404: "Không tìm thấy trang hoặc bạn không có quyền xem.",
                    403: str(exc.detail), 413: str(exc.detail), 415: str(exc.detail),
                    400: str(exc.detail)}
        return templates.TemplateResponse(request, "error.html", {
            "user": None, "csrf": "", "campaign": ctx.cfg,
            "message": messages.get(exc.status_code, "Có lỗi xảy ra.")},
            status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return templates.TemplateResponse(request, "error.html", {
            "user": None, "csrf": "", "campaign": ctx.cfg,
            "message": "Yêu cầu không hợp lệ: thiếu thông tin hoặc sai định dạng."},
            status_code=400)

    # ----------------------------------------------------------------- sign-in
    @app.get("/", response_model=None)
    def home(request: Request, db: Db) -> Response:
        user = current_user(request, db)
        if user is None:
            return RedirectResponse("/login", 303)
        return RedirectResponse("/unit" if user.role == Role.UNIT else "/review", 303)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> HTMLResponse:
        return page(request, "login.html", None, error="")

    @app.post("/login", response_model=None)
    def login(request: Request, db: Db, username: Annotated[str, Form()] = "",
              password: Annotated[str, Form()] = "",
              csrf_token: Annotated[str | None, Form()] = None) -> Response:
        csrf(request, csrf_token)
        user = auth.authenticate(db, username.strip(), password)
        if user is None:
            return page(request, "login.html", None, status=401,
                        error="Tên đăng nhập hoặc mật khẩu không đúng.")
        request.session.clear()
        request.session.update(uid=user.id, csrf=auth.new_csrf_token())
        if auth.must_change_password(user):
            return RedirectResponse("/password", 303)
        return RedirectResponse("/unit" if user.role == Role.UNIT else "/review", 303)

    auth.add_password_routes(app, page, csrf, user_or_login, session)  # first login
    add_complaint_routes(app, ctx, page, csrf, user_or_login, session)  # khiếu nại

    @app.post("/logout")
    def logout(request: Request, csrf_token: Annotated[str | None, Form()] = None
               ) -> RedirectResponse:
        csrf(request, csrf_token)
        request.session.clear()
        return RedirectResponse("/login", 303)

    # ----------------------------------------------------------------- review queue
    @app.get("/review", response_class=HTMLResponse)
    def review(request: Request, db: Db, user: Staff, unit: str = "", criterion: str = "",
               code: str = "", severity: str = "", status: str = "open", sort: str = "unit",
               ) -> HTMLResponse:
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
                    codes=codes, reject_reasons=REJECT_REASONS, accept_reasons=ACCEPT_REASONS)

    @app.get("/findings/{fid}", response_class=HTMLResponse)
    def finding(request: Request, db: Db, user: Who, fid: int) -> HTMLResponse:
        x = db.get(Finding, fid)
        if x is None or x.campaign_id != ctx.campaign_id:
            raise HTTPException(404)
        own(user, x.unit_id)
        view = evidence_view(db, x, ctx.blobs)
        nxt = _next_open(db, ctx.campaign_id, fid) if user.role != Role.UNIT else None
        units: tuple[Unit, ...] = ()
        crits: tuple[Criterion, ...] = ()
        if user.role != Role.UNIT and view.evidence is not None:
            units = tuple(db.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id)
                                  .order_by(col(Unit.code))))
            crits = tuple(db.exec(select(Criterion).where(
                Criterion.campaign_id == ctx.campaign_id).order_by(col(Criterion.code))))
        suggestion = str(json.loads(x.params_json or "{}").get("suggestion", ""))
        return page(request, "finding.html", user, v=view, next_id=nxt,
                    reject_reasons=REJECT_REASONS, accept_reasons=ACCEPT_REASONS,
                    decided=request.query_params.get("decided", ""), all_units=units,
                    all_crits=crits, suggestion=suggestion,
                    reassigned=request.query_params.get("reassigned", ""))

    @app.post("/evidence/{eid}/reassign", response_model=None)
    def reassign_one(request: Request, db: Db, user: Staff, eid: int,
                     unit: Annotated[str, Form()], criterion: Annotated[str, Form()],
                     reason_text: Annotated[str, Form()] = "", finding: Annotated[str, Form()] = "",
                     csrf_token: Annotated[str | None, Form()] = None) -> Response:
        """A reviewer places a misplaced file under a unit and criterion (audited)."""
        csrf(request, csrf_token)
        try:
            reassign(db, campaign_id=ctx.campaign_id, evidence_id=eid, unit_code=unit,
                     criterion_code=criterion, actor=user.username,
                     reason=reason_text.strip()[:1000])
        except ValueError:
            raise HTTPException(400, "Không chuyển được tệp: chọn đơn vị và tiêu chí trong "
                                     "danh sách.") from None
        db.commit()
        rescore()
        back = f"/findings/{finding}?reassigned={eid}" if finding.isdigit() else "/review"
        return RedirectResponse(back, 303)

    @app.post("/findings/{fid}/decide", response_model=None)
    def decide_one(request: Request, db: Db, user: Staff, fid: int,
                   action: Annotated[str, Form()], reason: Annotated[str, Form()] = "",
                   reason_text: Annotated[str, Form()] = "",
                   value: Annotated[str, Form()] = "",
                   csrf_token: Annotated[str | None, Form()] = None,
                   go_next: Annotated[str, Form()] = "") -> Response:
        csrf(request, csrf_token)
        result = _decide(db, user, fid, action, reason, reason_text, value)
        if result is not None:
            raise HTTPException(400, result)
        db.commit()
        rescore()
        nxt = _next_open(db, ctx.campaign_id, fid) if go_next else None
        return RedirectResponse(f"/findings/{nxt}?decided={fid}" if nxt else
                                f"/findings/{fid}?decided={fid}", 303)

    @app.post("/review/bulk", response_class=HTMLResponse)
    def bulk(request: Request, db: Db, user: Staff, action: Annotated[str, Form()],
             ids: Annotated[list[int] | None, Form()] = None,
             reason: Annotated[str, Form()] = "", reason_text: Annotated[str, Form()] = "",
             csrf_token: Annotated[str | None, Form()] = None) -> HTMLResponse:
        csrf(request, csrf_token)
        results = []
        for fid in ids or []:
            problem = _decide(db, user, fid, action, reason, reason_text, "")
            if problem is None:
                db.commit()
            else:
                db.rollback()
            results.append((fid, problem or "đã ghi nhận"))
        rescore()
        return page(request, "bulk.html", user, results=results, action=action)

    def _decide(db: Session, user: User, fid: int, action: str, reason: str,
                reason_text: str, value: str) -> str | None:
        """None when recorded, else why not (Vietnamese)."""
        x = db.get(Finding, fid)
        if x is None or x.campaign_id != ctx.campaign_id:
            return f"không có vấn đề số {fid}"
        if action not in ("accept", "reject", "override"):
            return f"thao tác «{action}» không hợp lệ"
        reasons = ACCEPT_REASONS if action != "reject" else REJECT_REASONS
        if action != "override" and reason not in reasons:
            return "chọn lý do trong danh sách"
        text = (reason_text.strip() or reasons.get(reason, ""))[:1000]
        if action == "override":
            claim = db.exec(select(Claim).where(Claim.unit_id == x.unit_id,
                                                Claim.criterion_id == x.criterion_id)).first()
            if claim is None:
                return "vấn đề này không gắn với số liệu tự đánh giá nào"
            try:
                number = float(value.replace(",", ".").rstrip("%")) / (
                    100 if value.strip().endswith("%") else 1)
            except ValueError:
                return f"giá trị «{value}» không phải là số"
            if number < 0:
                return "giá trị không được âm"
            decide(db, actor=user.username, action="accept", reason=text, finding_id=fid)
            decide(db, actor=user.username, action="override", reason=text,
                   claim_id=claim.id, value=number)
            return None
        if x.status not in (FindingStatus.OPEN, FindingStatus.ACCEPTED, FindingStatus.REJECTED):
            return "vấn đề đã tự đóng (minh chứng đã được thay thế)"
        decide(db, actor=user.username, action=action, reason=text, finding_id=fid)
        return None

    # ----------------------------------------------------------------- evidence
    def _evidence(db: Session, user: User, eid: int) -> Evidence:
        ev = db.get(Evidence, eid)
        if ev is None or ev.campaign_id != ctx.campaign_id or not ctx.blobs.has(ev.blob_key):
            raise HTTPException(404)
        own(user, ev.unit_id)
        return ev

    @app.get("/evidence/{eid}/file")
    def evidence_file(db: Db, user: Who, eid: int) -> Response:
        ev = _evidence(db, user, eid)
        name = SAFE_NAME.sub("_", ev.original_name) or "file"
        return Response(ctx.blobs.get(ev.blob_key), media_type=ev.media_type, headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff"})

    @app.get("/evidence/{eid}/page/{n}.png")
    def evidence_page(db: Db, user: Who, eid: int, n: int) -> Response:
        ev = _evidence(db, user, eid)
        png = _render_page(ctx.blobs.get(ev.blob_key), ev.media_type, n)
        if png is None:
            raise HTTPException(404)
        return Response(png, media_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})

    # ----------------------------------------------------------------- scores, notices
    @app.get("/scores", response_model=None)
    def scores(request: Request, user: Who, format: str = "") -> Response:
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

    @app.get("/notices", response_class=HTMLResponse)
    def notices(request: Request, db: Db, user: Who) -> HTMLResponse:
        stmt = select(Notice).where(Notice.campaign_id == ctx.campaign_id)
        if user.role == Role.UNIT:
            stmt = stmt.where(Notice.unit_id == user.unit_id)
        rows = db.exec(stmt.order_by(col(Notice.seq))).all()
        units = {u.id: u for u in db.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id))}
        return page(request, "notices.html", user, notices=rows, units=units)

    @app.get("/notices/{nid}.pdf")
    def notice_pdf(db: Db, user: Who, nid: int) -> Response:
        n = db.get(Notice, nid)
        if n is None or n.campaign_id != ctx.campaign_id or not n.pdf_blob_key:
            raise HTTPException(404)
        own(user, n.unit_id)
        return Response(ctx.blobs.get(n.pdf_blob_key), media_type="application/pdf")

    # ----------------------------------------------------------------- units' portal
    @app.get("/unit", response_class=HTMLResponse)
    def unit_home(request: Request, db: Db, user: Who) -> HTMLResponse:
        if user.role != Role.UNIT or user.unit_id is None:
            raise HTTPException(404)
        unit = db.get(Unit, user.unit_id)
        rows, _total = queue(db, ctx.campaign_id, Filters(status="open"), user.unit_id)
        mine = [u for u in score_campaign(ctx) if unit and u.unit == unit.code]
        notes = db.exec(select(Notice).where(Notice.unit_id == user.unit_id)
                        .order_by(col(Notice.seq))).all()
        crits = [c for c in ctx.cfg.criteria
                 if unit and (not c.levels or unit.level in c.levels)]
        files = unit_files(db, ctx.campaign_id, user.unit_id, version,
                           [c.code for c in crits], ctx.cfg.timezone)
        return page(request, "unit.html", user, unit=unit, rows=rows,
                    score=mine[0] if mine else None, notices=notes, crits=crits, files=files,
                    uploaded=request.query_params.get("uploaded", ""),
                    max_mb=ctx.settings.max_upload_bytes // (1024 * 1024))

    def _store_upload(unit: Unit, criterion: str, upload: UploadFile,
                      reply: ReplyTo | None = None) -> str:
        """Into the uploads folder, then the same ingest as the nightly run (``reply``:
        what the file answers; it then replaces the rejected file and is judged against
        the resubmission deadline). Verification follows on the next run."""
        if ctx.cfg.criterion(criterion) is None:
            raise HTTPException(400, f"Tiêu chí «{criterion}» không có trong đợt đánh giá.")
        limit = ctx.settings.max_upload_bytes
        data = upload.file.read(limit + 1)
        if len(data) > limit:
            raise HTTPException(413, f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
        if not data:
            raise HTTPException(400, "Tệp rỗng.")
        media = sniff_media_type(data)
        if media not in UPLOAD_TYPES:
            raise HTTPException(415, "Chỉ nhận tệp PDF, PNG, JPEG hoặc WebP (theo nội dung "
                                     "tệp, không theo tên).")
        stem = SAFE_NAME.sub("-", Path(upload.filename or "tep").stem).strip(".-")[:80]
        folder = ctx.cfg.resolve(ctx.cfg.uploads) / unit.code / criterion
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem or 'tep'}{UPLOAD_TYPES[media]}"
        k = 1
        while target.exists():
            k += 1
            target = folder / f"{stem or 'tep'}-{k}{UPLOAD_TYPES[media]}"
        assert target.resolve().is_relative_to(folder.resolve())
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.rename(target)
        rel = f"{unit.code}/{criterion}/{target.name}"
        ingest_uploads(ctx, {rel: reply} if reply is not None else None)
        return rel

    @app.post("/unit/upload", response_model=None)
    def unit_upload(request: Request, db: Db, user: Who, criterion: Annotated[str, Form()],
                    file: Annotated[UploadFile, File()],
                    replaces: Annotated[str, Form()] = "",
                    csrf_token: Annotated[str | None, Form()] = None) -> Response:
        csrf(request, csrf_token)
        if user.role != Role.UNIT or user.unit_id is None:
            raise HTTPException(404)
        unit = db.get(Unit, user.unit_id)
        assert unit is not None
        reply = None
        if replaces.strip():
            reply = _replacement_of(db, unit, criterion, replaces.strip())
        path = _store_upload(unit, criterion, file, reply)
        return RedirectResponse(f"/unit?uploaded={path}", 303)

    def _replacement_of(db: Session, unit: Unit, criterion: str, replaces: str) -> ReplyTo:
        """A portal upload marked as the replacement of one of the unit's files with an
        open finding, in the criterion it is sent for."""
        ev = db.get(Evidence, int(replaces)) if replaces.isdigit() else None
        crit = db.exec(select(Criterion).where(Criterion.campaign_id == ctx.campaign_id,
                                               Criterion.code == criterion)).first()
        if ev is None or ev.unit_id != unit.id or crit is None or ev.criterion_id != crit.id \
                or ev.replaced_at is not None:
            raise HTTPException(400, "Tệp được thay thế không thuộc tiêu chí này hoặc đã được "
                                     "thay thế.")
        open_f = db.exec(select(Finding).where(
            Finding.evidence_id == ev.id, Finding.status == FindingStatus.OPEN,
            Finding.severity == Severity.BLOCKING).order_by(col(Finding.id))).first()
        if open_f is None:
            raise HTTPException(400, "Tệp này không bị trả lại: hãy gửi tệp mới như một minh "
                                     "chứng bổ sung.")
        return ReplyTo(finding_id=open_f.id, replaces_id=ev.id)

    @app.post("/unit/findings/{fid}/reply", response_model=None)
    def unit_reply(request: Request, db: Db, user: Who, fid: int,
                   text: Annotated[str, Form()] = "",
                   file: Annotated[UploadFile | None, File()] = None,
                   csrf_token: Annotated[str | None, Form()] = None) -> Response:
        csrf(request, csrf_token)
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
            path = _store_upload(unit, crit.code, file, ReplyTo(finding_id=fid))
        assert x.unit_id is not None
        db.add(Reply(finding_id=fid, unit_id=x.unit_id, author=user.username,
                     text=text.strip()[:5000], file_path=path))
        db.commit()
        return RedirectResponse(f"/findings/{fid}", 303)

    return app


def _next_open(db: Session, campaign_id: int, after: int) -> int | None:
    ids = [i for i in db.exec(select(Finding.id).where(
        Finding.campaign_id == campaign_id, Finding.status == FindingStatus.OPEN)
        .order_by(col(Finding.id))) if i is not None]
    later = [i for i in ids if i > after]
    rest = later or [i for i in ids if i != after]
    return rest[0] if rest else None


RENDER_DPI = 100


def _render_page(blob: bytes, media_type: str, n: int) -> bytes | None:
    """A page as PNG: images as they are (scaled down), PDF pages through pdftoppm."""
    if media_type.startswith("image/"):
        if n != 1:
            return None
        from verifiers.ocr.images import open_image

        try:
            im = open_image(blob)
        except Exception:  # a broken or oversized image: no page to show
            return None
        buf = io.BytesIO()
        im.convert("RGB").save(buf, "PNG")
        return buf.getvalue()
    if media_type != "application/pdf" or n < 1:
        return None
    try:
        out = subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", str(RENDER_DPI),
                              "-png", "-"], input=blob,
                             capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 and out.stdout else None
