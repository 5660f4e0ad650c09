"""Rejection notices: the sample campaign's letters (rendered, turned into PNG and
read back), mail received by a real SMTP server on loopback, sent once across nights,
a new notice for new findings, and failures retried then reported."""

import email
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader
from sqlmodel import Session, col, select

from flows.context import RunContext
from flows.notify_stage import make_notices, send_notices
from kiemchung.core.campaign_schema import SmtpSpec
from kiemchung.core.vocabulary import NoticeStatus
from notices import rejection
from storage.models import Notice, Unit, utcnow
from tests.flows.conftest import run_all

ARTIFACTS = Path(os.environ.get("KIEMCHUNG_TEST_ARTIFACTS", "var/test-artifacts"))
DAY = date(2019, 10, 25)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = closed_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def with_smtp(ctx: RunContext, port: int, **kw: object) -> None:
    assert ctx.cfg.notices is not None
    ctx.cfg.notices = ctx.cfg.notices.model_copy(update={
        "smtp": SmtpSpec(host="127.0.0.1", port=port, sender="thamdinh@haiha.example.test",
                         timeout=5), "backoff_seconds": 0.01, **kw})


def notices(ctx: RunContext) -> list[Notice]:
    with Session(ctx.engine) as s:
        return list(s.exec(select(Notice).order_by(col(Notice.seq))))


def unit_code(ctx: RunContext, unit_id: int) -> str:
    with Session(ctx.engine) as s:
        u = s.get(Unit, unit_id)
        assert u is not None
        return u.code


def test_the_sample_campaigns_notices_read_right(sqlite_ctx: RunContext) -> None:
    run_all(sqlite_ctx)
    assert make_notices(sqlite_ctx, DAY) == 7
    rows = notices(sqlite_ctx)
    # every unit with a blocking finding it can fix by sending something (issue 16);
    # SIG_ORDER_WRONG (a warning) and a late upload are not triggers
    assert [unit_code(sqlite_ctx, n.unit_id) for n in rows] == [
        "ubnd-huyen", "phong-vhtt", "phong-tckh", "van-phong", "xa-quang-phong",
        "xa-quang-thinh", "tt-quang-ha"]
    assert [n.number for n in rows] == [f"{i:02d}/VHTT-KC" for i in range(1, 8)]
    first = rows[0]
    assert (first.day, first.deadline) == (DAY, DAY + timedelta(days=10))
    assert first.pdf_blob_key
    pdf = sqlite_ctx.blobs.get(first.pdf_blob_key)
    reader = PdfReader(__import__("io").BytesIO(pdf))
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "UBND HUYỆN HẢI HÀ", "PHÒNG VĂN HÓA VÀ", "Số: 01/VHTT-KC",
                     "Hải Hà, ngày 25 tháng 10 năm 2019", "Kính gửi: UBND huyện Hải Hà",
                     "cv-2019-07-09-bi-sua-sau-khi-ky.pdf", "cv-2019-06-03-chi-ky-co-quan.pdf",
                     "04/11/2019", "Nơi nhận", "KT. TRƯỞNG PHÒNG", "Trịnh Văn Nam"):
        assert expected.replace(" ", "") in "".join(text.split()), expected
    # criteria by their titles, not codes; file names and codes never broken across lines
    assert "Văn bản được ký số tổ chức của cơ quan" in text and "ky-so-to-chuc" not in text
    assert "cv-2019-07-09-bi-sua-sau-khi-ky.pdf" in text.split()
    # every fixable blocking finding, not only signatures: the date outside the window
    assert "hoa-don-thang-08-2018.pdf" in text.split()
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    fonts = {str(f["/BaseFont"]) for p in reader.pages
             for f in p["/Resources"]["/Font"].get_object().values()
             if "/FontFile2" in f.get_object().get("/FontDescriptor", {})
             or "/DescendantFonts" in f.get_object()}
    assert any("LiberationSerif" in f for f in fonts), fonts
    # the PNG a person looks at (kept as a test artifact)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for n in rows:
        assert n.pdf_blob_key
        (ARTIFACTS / f"notice-{n.seq}.pdf").write_bytes(sqlite_ctx.blobs.get(n.pdf_blob_key))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(ARTIFACTS / "notice-1.pdf"),
                        str(ARTIFACTS / "notice-1")], check=True)
        assert (ARTIFACTS / "notice-1-1.png").stat().st_size > 10_000


def test_mail_is_received_once_with_the_pdf_and_new_findings_make_a_new_notice(
        sqlite_ctx: RunContext, smtp_server: tuple[Inbox, int], sample_copy: Path) -> None:
    inbox, port = smtp_server
    with_smtp(sqlite_ctx, port)
    for _night in range(2):
        run_all(sqlite_ctx)
        make_notices(sqlite_ctx, DAY)
        send_notices(sqlite_ctx)
    assert len(inbox.messages) == 7
    msg = inbox.messages[0]
    assert msg["To"] == "ubnd-haiha@example.test" and "01/VHTT-KC" in msg["Subject"]
    parts = {p.get_content_type(): p for p in msg.walk()}
    assert "text/html" in parts and "text/plain" in parts
    pdf = parts["application/pdf"]
    assert pdf.get_filename() == "thong-bao-01-VHTT-KC.pdf"
    payload = pdf.get_payload(decode=True)
    assert isinstance(payload, bytes) and payload.startswith(b"%PDF")
    html = parts["text/html"].get_payload(decode=True)
    assert isinstance(html, bytes) and "cv-2019-07-09-bi-sua-sau-khi-ky.pdf" in html.decode()
    assert all(n.status == NoticeStatus.SENT and n.attempts == 1 for n in notices(sqlite_ctx))
    # the Văn phòng uploads an unsigned letter on a later night: a new notice for it only
    src = sample_copy / "uploads" / "phong-tckh" / "ky-so-to-chuc" / "cv-2019-02-20-chua-ky.pdf"
    shutil.copy(src, sample_copy / "uploads" / "van-phong" / "ky-so-to-chuc" / "cv-moi.pdf")
    run_all(sqlite_ctx)
    assert make_notices(sqlite_ctx, DAY + timedelta(days=1)) == 1
    send_notices(sqlite_ctx)
    assert len(inbox.messages) == 8 and inbox.messages[-1]["To"] == "vp-haiha@example.test"
    last = notices(sqlite_ctx)[-1]
    # the new letter's SIG_MISSING, the earlier SIG_ORG_MISSING and the empty screenshot
    assert last.number == "08/VHTT-KC" and len(__import__("json").loads(last.findings_json)) == 3


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_failing_server_is_retried_then_reported(
        sqlite_ctx: RunContext, smtp_server: tuple[Inbox, int]) -> None:
    run_all(sqlite_ctx)
    make_notices(sqlite_ctx, DAY)
    waits: list[float] = []
    # a long backoff (the sleeps are recorded, not slept) so the next try is
    # certainly not due when the test asks again, however slow the machine
    with_smtp(sqlite_ctx, closed_port(), retries_per_run=3, max_attempts=5,
              backoff_seconds=30.0)
    stats = send_notices(sqlite_ctx, sleep=waits.append)
    assert (stats.sent, stats.retrying) == (0, 7)
    assert waits[:2] == [30.0, 60.0]  # exponential backoff within the run
    first = notices(sqlite_ctx)[0]
    assert first.status == NoticeStatus.RETRY and first.attempts == 3
    assert "Connection refused" in first.last_error or "refused" in first.last_error.lower()
    # not due yet: nothing is tried
    assert send_notices(sqlite_ctx, sleep=waits.append).waiting == 7
    later = utcnow() + timedelta(hours=1)  # past the 30 × 2³ s wait between runs
    stats = send_notices(sqlite_ctx, now=later, sleep=waits.append)
    assert stats.failed == 7  # 3 + 2 attempts: max_attempts reached, given up
    assert {n.status for n in notices(sqlite_ctx)} == {NoticeStatus.FAILED}
    assert notices(sqlite_ctx)[0].attempts == 5
    # a healthy server afterwards sends nothing given up (a person must act)
    inbox, port = smtp_server
    with_smtp(sqlite_ctx, port)
    send_notices(sqlite_ctx, now=later)
    assert inbox.messages == []


def test_a_retry_succeeds_when_the_server_comes_back(
        sqlite_ctx: RunContext, smtp_server: tuple[Inbox, int]) -> None:
    run_all(sqlite_ctx)
    make_notices(sqlite_ctx, DAY)
    with_smtp(sqlite_ctx, closed_port(), retries_per_run=1)
    send_notices(sqlite_ctx, sleep=lambda _s: None)
    inbox, port = smtp_server
    with_smtp(sqlite_ctx, port)
    stats = send_notices(sqlite_ctx, now=utcnow() + timedelta(hours=1))
    assert stats.sent == 7 and len(inbox.messages) == 7
    assert all(n.attempts == 2 and n.last_error == "" for n in notices(sqlite_ctx))


def test_letter_text_escapes_file_names() -> None:
    item = rejection.RejectedItem("ky-so", "a&b<c>.pdf", "SIG_MISSING", "Tệp «a&b<c>.pdf»")
    letter = rejection.NoticeLetter(
        number="1/X", day=DAY, deadline=DAY, subject=rejection.SUBJECT, unit_name="U",
        campaign_name="C", items=(item,), issuer_parent="", issuer="I", place="P")
    assert "a&amp;b&lt;c&gt;.pdf" in rejection.email_html(letter)
    text = PdfReader(__import__("io").BytesIO(rejection.pdf(letter))).pages[0].extract_text()
    assert "a&b<c>.pdf" in "".join(text.split())
