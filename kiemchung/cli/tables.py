"""What the commands print for people: the run's summary, the findings and notices
tables, a verification in words. Vietnamese; machine output (``--format json``) is
written by the commands themselves."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from flows.report import UnitSummary, print_ranking, print_summary
from kiemchung.core.formatting import day, label, moment, number
from verifiers.results import FileReport


def print_nightly(result: dict[str, Any], title: str, console: Console) -> None:
    """The summary ``kiemchung run`` ends with."""
    k = number  # counts as people read them: «1.811»
    rows = [UnitSummary(*r.values()) for r in result["units"]]
    print_summary(rows, title, console)
    i, v = result["ingest"], result["verify"]
    if i["new"] == 0 and i["replaced"] == 0 and i["withdrawn"] == 0 and v["pending"] == 0:
        console.print("[green]Không có gì mới: mọi tệp đã được kiểm tra ở lần chạy trước.[/]")
    else:
        console.print(
            f"Tiếp nhận: {k(i['seen'])} tệp, {k(i['new'])} mới, {k(i['unchanged'])} không "
            f"đổi, {k(i['replaced'])} thay thế, {k(i['withdrawn'])} rút lại; "
            f"bảng tự đánh giá: {k(i['claims_loaded'])} dòng hợp lệ, "
            f"{k(i['claim_rows_rejected'])} dòng lỗi.")
        line = (f"Kiểm tra: {k(v['verified'])} tệp kiểm tra mới, {k(v['reused'])} dùng lại "
                f"kết quả đã có.")
        console.print(line)
    c = result["confirm"]
    console.print(f"Xác nhận số liệu tự đánh giá: {k(c['confirmed'])} được xác nhận, "
                  f"{k(c['contradicted'])} mâu thuẫn với minh chứng, {k(c['needs_review'])} "
                  f"cần người thẩm định xem, {k(c['unconfirmed'])} chưa có minh chứng.")
    n = result["notify"]
    if any(n.values()):
        console.print(f"Thông báo trả lại minh chứng: {k(n['created'])} mới, {k(n['sent'])} "
                      f"đã gửi, {k(n['retrying'])} gửi lỗi sẽ thử lại, {k(n['failed'])} gửi "
                      f"thất bại, {k(n['waiting'])} chờ trong hộp thư đi "
                      "([bold]kiemchung notices[/]).")
    if result.get("scores"):
        print_ranking(result["scores"], console)
        console.print("Chi tiết điểm bị trừ: [bold]kiemchung score[/]")


def findings_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"Vấn đề ({len(rows)})")
    for col_name in ("Mã", "Mức", "Đơn vị", "Tiêu chí", "Nội dung"):
        table.add_column(col_name, overflow="fold")
    for r in rows:
        table.add_row(str(r["code"]), label("severity", r["severity"]), r["unit"] or "",
                      r["criterion"] or "", str(r["message"]))
    return table


def notices_table(data: list[dict[str, Any]]) -> Table:
    table = Table(title=f"Thông báo trả lại minh chứng ({len(data)})")
    for name in ("Số", "Đơn vị", "Gửi tới", "Ngày", "Hạn gửi lại", "Số vấn đề", "Trạng thái",
                 "Lỗi gần nhất"):
        table.add_column(name, overflow="fold")
    for d in data:
        table.add_row(str(d["number"]), str(d["unit"]), str(d["recipient"]), day(d["day"]),
                      day(d["deadline"]), number(d["findings"]),
                      f"{label('notice_status', d['status'])} ({number(d['attempts'])} lần)",
                      str(d["last_error"]))
    return table


def print_verification(r: FileReport, console: Console) -> None:
    """One file's verification in words (``kiemchung verify`` without ``--json``)."""
    console.print(f"[bold]{escape(r.file)}[/]: {label('kind', r.kind)} → "
                  f"[bold]{label('verdict', r.verdict)}[/]")
    for reason in r.reasons:
        console.print(f"  - {reason.code}: {escape(reason.message)}")
    for s in r.signatures:
        who = s.signer.common_name or "?"
        when = moment(s.signer.best_time, seconds=True) if s.signer.best_time else \
            "không rõ thời điểm"
        etsi = "/".join(x for x in (s.indication, s.subindication) if x)
        console.print(f"  • {escape(s.field)} ({label('signer_kind', s.signer.kind)}: "
                      f"{escape(who)}, {when}) → {label('verdict', s.verdict)}"
                      + (f" {escape(f'[{etsi}]')}" if etsi else ""))
        for reason in s.reasons:
            console.print(f"      - {reason.code}: {escape(reason.message)}")
