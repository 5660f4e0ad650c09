"""The rejection notice: every blocking problem a unit can fix by sending something,
grouped by criterion (by its title), why, what to send instead, by when and where, as a
công văn (PDF, Decree 30 layout, Liberation Serif) and as an HTML and text e-mail body.

Pure: typed inputs in, letter out. ``flows/notify_stage.py`` decides who gets one.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from kiemchung.core.codes import FindingCode
from notices.congvan import CongVan, render_pdf
from notices.fonts import LETTER

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
    FindingCode.FILE_EMPTY: "Tệp minh chứng có nội dung (tệp đã gửi rỗng)",
    FindingCode.FILE_UNREADABLE: "Bản tệp không bị lỗi, mở được bình thường",
    FindingCode.FILE_TYPE_UNKNOWN: "Tệp PDF hoặc ảnh (PNG, JPEG, WebP) thay cho tệp đã gửi",
    FindingCode.FILE_TOO_LARGE: "Tệp có dung lượng nhỏ hơn giới hạn (nén hoặc tách tệp)",
    FindingCode.EVIDENCE_KIND_WRONG: "Minh chứng đúng loại tiêu chí yêu cầu ({accepted})",
    FindingCode.DATE_OUTSIDE_WINDOW: "Minh chứng có ngày trong thời gian đánh giá ({window})",
    FindingCode.PERIOD_MISMATCH: "Ảnh chụp hoặc báo cáo có kỳ số liệu đúng thời gian đánh "
                                 "giá ({window})",
    FindingCode.EVIDENCE_MISSING: "Minh chứng cho tiêu chí này",
    FindingCode.CRITERION_UNKNOWN: "Gửi lại tệp vào đúng thư mục mã tiêu chí{suggestion}",
    FindingCode.REASON_MISSING: "Lý do không đạt điểm tối đa (cột «Lý do» của bảng tự "
                                "đánh giá)",
}
"""What to send instead, per finding code (a template over the finding's params)."""

TRIGGERS: frozenset[str] = frozenset(RESUBMIT)
"""Blocking findings a unit can fix by sending something (issue 16): these make a unit
receive a notice, and the notice lists them all. A wrong signing order (a warning), a
late upload or a claim a reviewer must weigh are not in it."""

NO_CRITERION = "Tệp chưa đặt đúng thư mục tiêu chí"
"""The group heading of files under an unknown criterion folder."""


@dataclass(frozen=True)
class RejectedItem:
    criterion: str
    """The criterion's code (sorting and e-mail), or empty for a misplaced file."""
    file: str
    """The file's name as the unit sent it, or empty for a criterion-wide finding."""
    code: str
    reason: str
    """The finding's Vietnamese message."""
    criterion_title: str = ""
    """What the letter shows: criteria are named by their titles, not codes."""
    params: tuple[tuple[str, str], ...] = ()
    """The finding's params, for the «what to send» template."""

    @property
    def resubmit(self) -> str:
        template = RESUBMIT.get(self.code, "Minh chứng thay thế hợp lệ")
        values = dict(self.params)
        if self.code == FindingCode.CRITERION_UNKNOWN:
            s = values.get("suggestion", "")
            values["suggestion"] = f" (có phải ý bạn là «{s}»?)" if s else ""
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template.split(" ({")[0].replace("{suggestion}", "")

    @property
    def heading(self) -> str:
        return self.criterion_title or self.criterion or NO_CRITERION


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
    portal_url: str = ""
    """Where the unit sends replacements online (the portal), named in the letter."""


SUBJECT = "trả lại minh chứng chưa đạt yêu cầu"


def notice_number(seq: int, symbol: str) -> str:
    """«Số: 01/VHTT-KC»: Decree 30 writes numbers below 10 with two digits."""
    return f"{seq:02d}/{symbol}"


def _d(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _groups(n: NoticeLetter) -> list[tuple[str, list[RejectedItem]]]:
    return [(h, list(g)) for h, g in groupby(n.items, key=lambda it: it.heading)]


def _paragraphs(n: NoticeLetter) -> tuple[tuple[str, ...], tuple[str, ...]]:
    groups = _groups(n)
    intro = (
        f"Thực hiện kế hoạch {n.campaign_name}, tổ thẩm định đã kiểm tra các tài liệu kiểm "
        f"chứng do {n.unit_name} gửi. Các tài liệu dưới đây chưa đáp ứng yêu cầu nên chưa "
        f"được chấp nhận ({len(n.items)} trường hợp, thuộc {len(groups)} tiêu chí):",
    )
    ways = []
    if n.portal_url:
        ways.append(f"qua Cổng tiếp nhận minh chứng {n.portal_url} (mục «Gửi minh chứng», "
                    "chọn tệp bị trả lại cần thay thế)")
    if n.reply_to:
        ways.append(f"qua địa chỉ {n.reply_to}")
    where = (" " + " hoặc ".join(ways)) if ways else ""
    after = (
        f"Đề nghị {n.unit_name} gửi lại tài liệu kiểm chứng thay thế{where} "
        f"chậm nhất ngày {_d(n.deadline)}. Tài liệu gửi thay thế trong thời hạn này được "
        "kiểm tra lại và tính điểm như tài liệu nộp đúng hạn; quá thời hạn trên, các tiêu "
        "chí có liên quan chỉ được tính điểm theo số liệu đã được xác minh.",
        "Trong quá trình thực hiện, nếu có vướng mắc đề nghị liên hệ tổ thẩm định để được "
        "hướng dẫn./.",
    )
    return intro, after


def _x(text: str) -> str:
    """Text for reportlab's mini-markup (file names may hold & or <)."""
    return html.escape(text, quote=False)


def congvan(n: NoticeLetter) -> CongVan:
    intro, after = _paragraphs(n)
    rows: list[tuple[str, ...]] = [("STT", "Tệp", "Lý do", "Đề nghị gửi lại")]
    group_rows = []
    i = 0
    for g, (heading, items) in enumerate(_groups(n), start=1):
        group_rows.append(len(rows))
        rows.append((_x(f"{g}. {heading}"), "", "", ""))
        for it in items:
            i += 1
            rows.append((str(i), _x(it.file or "(cả tiêu chí)"), _x(it.reason),
                         _x(it.resubmit)))
    return CongVan(
        issuer_parent=n.issuer_parent, issuer=n.issuer, number=n.number, place=n.place,
        day=n.day, subject=n.subject, recipients=(n.unit_name,),
        body=tuple(_x(p) for p in intro), table=tuple(rows),
        after_table=tuple(_x(p) for p in after), table_widths_mm=(12, 57, 54, 47),
        table_group_rows=tuple(group_rows), font=LETTER,
        signer_capacity=n.signer_capacity,
        signer_title=n.signer_title, signer_name=n.signer_name,
        distribution=("Như trên;", "Tổ thẩm định;", "Lưu: VT."))


def pdf(n: NoticeLetter) -> bytes:
    return render_pdf(congvan(n)).pdf


def email_html(n: NoticeLetter) -> str:
    intro, after = _paragraphs(n)
    e = html.escape
    rows = []
    i = 0
    for g, (heading, items) in enumerate(_groups(n), start=1):
        rows.append(f'<tr><th colspan="4" style="text-align:left">{g}. {e(heading)}</th></tr>')
        for it in items:
            i += 1
            rows.append(f"<tr><td>{i}</td><td>{e(it.file or '(cả tiêu chí)')}</td>"
                        f"<td>{e(it.reason)}</td><td>{e(it.resubmit)}</td></tr>")

    def paras(ps: tuple[str, ...]) -> str:
        return "".join(f"<p>{e(p)}</p>" for p in ps)

    link = (f'<p>Cổng tiếp nhận minh chứng: <a href="{e(n.portal_url)}">{e(n.portal_url)}</a>'
            "</p>") if n.portal_url else ""
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{e(n.number)}</title></head><body>"
        f"<p><b>{e(n.issuer)}</b><br>Số: {e(n.number)}<br>V/v {e(n.subject)}</p>"
        f"<p><i>{e(n.place)}, ngày {n.day.day:02d} tháng {n.day.month:02d} năm "
        f"{n.day.year}</i></p><p>Kính gửi: {e(n.unit_name)}</p>{paras(intro)}"
        '<table border="1" cellpadding="4" cellspacing="0"><thead><tr><th>STT</th>'
        "<th>Tệp</th><th>Lý do</th><th>Đề nghị gửi lại</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{paras(after)}{link}"
        f"<p>Công văn kèm theo (PDF): {e(n.number)}.</p></body></html>")


def email_text(n: NoticeLetter) -> str:
    intro, after = _paragraphs(n)
    lines = [f"{n.issuer} - Số: {n.number}", f"V/v {n.subject}", "",
             f"Kính gửi: {n.unit_name}", "", *intro, ""]
    i = 0
    for g, (heading, items) in enumerate(_groups(n), start=1):
        lines.append(f"{g}. {heading}")
        for it in items:
            i += 1
            lines += [f"   {i}) {it.file or '(cả tiêu chí)'}", f"      Lý do: {it.reason}",
                      f"      Đề nghị gửi lại: {it.resubmit}"]
    return "\n".join([*lines, "", *after, ""])
