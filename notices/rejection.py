"""The rejection notice: which files were rejected, why, what to send instead and by
when, as a công văn (PDF, Decree 30 layout) and as an HTML e-mail body.

Pure: typed inputs in, letter out. ``flows/notify_stage.py`` decides who gets one.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from notices.congvan import CongVan, render_pdf
from verifiers.codes import FindingCode

TRIGGERS: frozenset[str] = frozenset({
    FindingCode.SIG_MISSING, FindingCode.SIG_INVALID, FindingCode.SIG_UNTRUSTED,
    FindingCode.SIG_ORG_MISSING, FindingCode.SIG_PERSONAL_MISSING,
    FindingCode.COVERAGE_QUARTER_MISSING, FindingCode.SIG_OUTSIDE_WINDOW,
})
"""Blocking signature findings that make a unit receive a notice (issue 9)."""

RESUBMIT: dict[str, str] = {
    FindingCode.SIG_MISSING: "Bản điện tử (PDF) của văn bản đã được ký số theo yêu cầu của "
                             "tiêu chí",
    FindingCode.SIG_INVALID: "Bản gốc đã ký số, không bị sửa sau khi ký, ký bằng chứng thư "
                             "số còn hiệu lực và chưa bị thu hồi",
    FindingCode.SIG_UNTRUSTED: "Văn bản ký bằng chứng thư số do tổ chức cung cấp dịch vụ "
                               "chứng thực chữ ký số chuyên dùng Chính phủ hoặc công cộng "
                               "được cấp phép cấp",
    FindingCode.SIG_ORG_MISSING: "Văn bản có chữ ký số của cơ quan, tổ chức",
    FindingCode.SIG_PERSONAL_MISSING: "Văn bản có chữ ký số cá nhân của người có thẩm quyền "
                                      "(ký trước chữ ký số của cơ quan)",
    FindingCode.COVERAGE_QUARTER_MISSING: "Ít nhất 01 văn bản ký số trong khoảng thời gian "
                                          "còn thiếu",
    FindingCode.SIG_OUTSIDE_WINDOW: "Văn bản được ký số trong thời gian đánh giá",
}


@dataclass(frozen=True)
class RejectedItem:
    criterion: str
    """The criterion's code."""
    file: str
    """The file's name as the unit sent it, or empty for a criterion-wide finding."""
    code: str
    reason: str
    """The finding's Vietnamese message."""

    @property
    def resubmit(self) -> str:
        return RESUBMIT.get(self.code, "Minh chứng thay thế hợp lệ")


@dataclass(frozen=True)
class NoticeLetter:
    number: str
    day: date
    deadline: date
    subject: str
    unit_name: str
    campaign_name: str
    items: tuple[RejectedItem, ...]
    issuer_parent: str
    issuer: str
    place: str
    signer_capacity: str = ""
    signer_title: str = ""
    signer_name: str = ""
    reply_to: str = ""


SUBJECT = "trả lại minh chứng thiếu chữ ký số hoặc chữ ký số không hợp lệ"


def _d(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _paragraphs(n: NoticeLetter) -> tuple[tuple[str, ...], tuple[str, ...]]:
    intro = (
        f"Thực hiện kế hoạch {n.campaign_name}, tổ thẩm định đã kiểm tra chữ ký số trên "
        f"các tài liệu kiểm chứng do {n.unit_name} gửi. "
        f"Các tài liệu dưới đây chưa đáp ứng yêu cầu về chữ ký số nên không được chấp nhận "
        f"({len(n.items)} trường hợp):",
    )
    where = f" qua địa chỉ {n.reply_to}" if n.reply_to else ""
    after = (
        f"Đề nghị {n.unit_name} gửi lại tài liệu kiểm chứng thay thế{where} "
        f"trước ngày {_d(n.deadline)}. Quá thời hạn trên, các tiêu chí có liên quan "
        "chỉ được tính điểm theo số liệu đã được xác minh.",
        "Trong quá trình thực hiện, nếu có vướng mắc đề nghị liên hệ tổ thẩm định để được "
        "hướng dẫn./.",
    )
    return intro, after


def _x(text: str) -> str:
    """Text for reportlab's mini-markup (file names may hold & or <)."""
    return html.escape(text, quote=False)


def congvan(n: NoticeLetter) -> CongVan:
    intro, after = _paragraphs(n)
    rows = [("STT", "Tiêu chí", "Tệp", "Lý do", "Đề nghị gửi lại")]
    rows += [(str(i), _x(it.criterion), _x(it.file or "(cả tiêu chí)"), _x(it.reason),
              _x(it.resubmit)) for i, it in enumerate(n.items, start=1)]
    return CongVan(
        issuer_parent=n.issuer_parent, issuer=n.issuer, number=n.number, place=n.place,
        day=n.day, subject=n.subject, recipients=(n.unit_name,),
        body=tuple(_x(p) for p in intro), table=tuple(rows),
        after_table=tuple(_x(p) for p in after), table_widths_mm=(14, 26, 38, 47, 40),
        signer_capacity=n.signer_capacity,
        signer_title=n.signer_title, signer_name=n.signer_name,
        distribution=("Như trên;", "Tổ thẩm định;", "Lưu: VT."))


def pdf(n: NoticeLetter) -> bytes:
    return render_pdf(congvan(n)).pdf


def email_html(n: NoticeLetter) -> str:
    intro, after = _paragraphs(n)
    e = html.escape
    rows = "".join(
        f"<tr><td>{i}</td><td>{e(it.criterion)}</td><td>{e(it.file or '(cả tiêu chí)')}</td>"
        f"<td>{e(it.reason)}</td><td>{e(it.resubmit)}</td></tr>"
        for i, it in enumerate(n.items, start=1))

    def paras(ps: tuple[str, ...]) -> str:
        return "".join(f"<p>{e(p)}</p>" for p in ps)

    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{e(n.number)}</title></head><body>"
        f"<p><b>{e(n.issuer)}</b><br>Số: {e(n.number)}<br>V/v {e(n.subject)}</p>"
        f"<p><i>{e(n.place)}, ngày {n.day.day:02d} tháng {n.day.month:02d} năm "
        f"{n.day.year}</i></p><p>Kính gửi: {e(n.unit_name)}</p>{paras(intro)}"
        '<table border="1" cellpadding="4" cellspacing="0"><thead><tr><th>STT</th>'
        "<th>Tiêu chí</th><th>Tệp</th><th>Lý do</th><th>Đề nghị gửi lại</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{paras(after)}"
        f"<p>Công văn kèm theo (PDF): {e(n.number)}.</p></body></html>")


def email_text(n: NoticeLetter) -> str:
    intro, after = _paragraphs(n)
    lines = [f"{n.issuer} - Số: {n.number}", f"V/v {n.subject}", "",
             f"Kính gửi: {n.unit_name}", "", *intro, ""]
    for i, it in enumerate(n.items, start=1):
        lines += [f"{i}. {it.criterion} - {it.file or '(cả tiêu chí)'}",
                  f"   Lý do: {it.reason}", f"   Đề nghị gửi lại: {it.resubmit}"]
    return "\n".join([*lines, "", *after, ""])
