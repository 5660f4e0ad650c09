"""What the CLI prints for people: counts grouped as Vietnamese write them."""

from __future__ import annotations

from rich.console import Console

from kiemchung.cli.tables import notices_table, print_nightly


def test_run_summary_groups_counts() -> None:
    console = Console(record=True, width=200)
    result = {
        "units": [],
        "ingest": {"seen": 1811, "new": 1245, "unchanged": 566, "replaced": 0, "withdrawn": 0,
                   "claims_loaded": 3000, "claim_rows_rejected": 2},
        "verify": {"verified": 1245, "reused": 566, "pending": 0},
        "confirm": {"confirmed": 1200, "contradicted": 3, "needs_review": 40, "unconfirmed": 7},
        "notify": {"created": 12, "sent": 0, "retrying": 0, "failed": 0, "waiting": 12},
    }
    print_nightly(result, "Đợt thử", console)
    text = console.export_text()
    assert "Tiếp nhận: 1.811 tệp, 1.245 mới, 566 không đổi" in text
    assert "bảng tự đánh giá: 3.000 dòng hợp lệ, 2 dòng lỗi" in text
    assert "Xác nhận số liệu tự đánh giá: 1.200 được xác nhận" in text


def test_notices_table_in_vietnamese() -> None:
    console = Console(record=True, width=200)
    console.print(notices_table([{"number": "01/TB", "unit": "van-phong", "recipient": "a@b.vn",
                                  "day": "2019-10-21", "deadline": "2019-10-28",
                                  "findings": 1204, "status": "retry", "attempts": 2,
                                  "last_error": ""}]))
    text = console.export_text()
    assert "21/10/2019" in text and "28/10/2019" in text and "1.204" in text
    assert "lỗi, sẽ thử lại (2 lần)" in text
