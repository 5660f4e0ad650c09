"""What the commands print for people: the run's summary, the findings and notices
tables, a verification in words. Vietnamese; machine output (``--format json``) is
written by the commands themselves."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from flows.report import UnitSummary, print_ranking, print_summary
from kiemchung.core.codes import Severity
from kiemchung.core.vocabulary import NoticeStatus


def print_nightly(result: dict[str, Any], title: str, console: Console) -> None:
    """The summary ``kiemchung run`` ends with."""
    rows = [UnitSummary(*r.values()) for r in result["units"]]
    print_summary(rows, title, console)
    i, v = result["ingest"], result["verify"]
    if i["new"] == 0 and i["replaced"] == 0 and i["withdrawn"] == 0 and v["pending"] == 0:
        console.print("[green]Không có gì mới: mọi tệp đã được kiểm tra ở lần chạy trước.[/]")
    else:
        console.print(
            f"Tiếp nhận: {i['seen']} tệp, {i['new']} mới, {i['unchanged']} không đổi, "
            f"{i['replaced']} thay thế, {i['withdrawn']} rút lại; "
            f"bảng tự đánh giá: {i['claims_loaded']} dòng hợp lệ, "
            f"{i['claim_rows_rejected']} dòng lỗi.")
        line = (f"Kiểm tra: {v['verified']} tệp kiểm tra mới, {v['reused']} dùng lại kết "
                f"quả đã có.")
        console.print(line)
    c = result["confirm"]
    console.print(f"Xác nhận số liệu tự đánh giá: {c['confirmed']} được xác nhận, "
                  f"{c['contradicted']} mâu thuẫn với minh chứng, {c['needs_review']} cần "
                  f"người thẩm định xem, {c['unconfirmed']} chưa có minh chứng.")
    n = result["notify"]
    if any(n.values()):
        console.print(f"Thông báo trả lại minh chứng: {n['created']} mới, {n['sent']} đã gửi, "
                      f"{n['retrying']} gửi lỗi sẽ thử lại, {n['failed']} gửi thất bại, "
                      f"{n['waiting']} chờ trong hộp thư đi ([bold]kiemchung notices[/]).")
    if result.get("scores"):
        print_ranking(result["scores"], console)
        console.print("Chi tiết điểm bị trừ: [bold]kiemchung score[/]")


def findings_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"Vấn đề ({len(rows)})")
    for col_name in ("Mã", "Mức", "Đơn vị", "Tiêu chí", "Nội dung"):
        table.add_column(col_name, overflow="fold")
    for r in rows:
        table.add_row(str(r["code"]), "chặn" if r["severity"] == Severity.BLOCKING else "cảnh báo",
                      r["unit"] or "", r["criterion"] or "", str(r["message"]))
    return table


NOTICE_STATUS_VI = {NoticeStatus.PENDING: "chờ gửi", NoticeStatus.RETRY: "lỗi, sẽ thử lại",
                    NoticeStatus.SENT: "đã gửi", NoticeStatus.FAILED: "gửi thất bại"}


def notices_table(data: list[dict[str, Any]]) -> Table:
    table = Table(title=f"Thông báo trả lại minh chứng ({len(data)})")
    for name in ("Số", "Đơn vị", "Gửi tới", "Ngày", "Hạn gửi lại", "Số vấn đề", "Trạng thái",
                 "Lỗi gần nhất"):
        table.add_column(name, overflow="fold")
    for d in data:
        status = NOTICE_STATUS_VI.get(d["status"], d["status"])
        table.add_row(str(d["number"]), str(d["unit"]), str(d["recipient"]),
                      vn_date(d["day"]), vn_date(d["deadline"]), str(d["findings"]),
                      f"{status} ({d['attempts']} lần)", str(d["last_error"]))
    return table


def print_verification(r: dict[str, Any], console: Console) -> None:
    """One file's verification in words (``kiemchung verify`` without ``--json``)."""
    console.print(f"[bold]{r['file']}[/]: {r['kind']} → [bold]{r['verdict']}[/]")
    for reason in r["reasons"]:
        console.print(f"  - {reason['code']}: {reason['message']}")
    for s in r["signatures"]:
        who = s["signer"].get("common_name") or "?"
        when = vn_time(s["signer"].get("best_time"))
        etsi = "/".join(x for x in (s.get("indication"), s.get("subindication")) if x)
        console.print(f"  • {s['field']} ({s['signer'].get('kind', '?')}: {who}, {when}) "
                      f"→ {s['verdict']}" + (f" [{etsi}]" if etsi else ""))
        for reason in s["reasons"]:
            console.print(f"      - {reason['code']}: {reason['message']}")


def vn_date(iso: object) -> str:
    return "" if not iso else "/".join(reversed(str(iso).split("-")))


def vn_time(iso: str | None) -> str:
    """Signing times for people: Vietnam time, as Decree 30 shows them."""
    if not iso:
        return "không rõ thời điểm"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).isoformat()
