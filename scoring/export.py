"""Scores out: flat rows for CSV and XLSX (one row per unit and criterion, then the
group and total rows), and JSON (one object per unit, nested)."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from scoring.unit_scores import UnitScore

HEADERS = ("Mã đơn vị", "Đơn vị", "Cấp", "Mã tiêu chí", "Tiêu chí", "Điểm tối đa",
           "Điểm tự đánh giá", "Điểm xác minh", "Lý do mất điểm", "Vấn đề liên quan")


def _num(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def rows(scores: list[UnitScore]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for u in scores:
        head = [u.unit, u.name, u.level]
        for c in u.criteria:
            out.append([*head, c.code, c.title, _num(c.max_points), _num(c.claimed),
                        _num(c.verified), c.reason if c.applicable else "không áp dụng",
                        "; ".join(c.findings)])
        for g in u.groups:
            out.append([*head, f"nhóm {g.code}", g.title, _num(g.max_points),
                        _num(g.claimed), _num(g.verified), "", ""])
        standing = (f"xếp hạng {u.rank}" + (f", thứ {u.position}" if u.position else "")
                    if u.rank else f"không xếp hạng: {u.not_ranked}")
        out.append([*head, "tổng", standing, _num(u.max_points), _num(u.claimed),
                    _num(u.verified), "; ".join(u.tier_reasons), ""])
    return out


def to_csv(scores: list[UnitScore]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADERS)
    w.writerows(rows(scores))
    return buf.getvalue()


def write_xlsx(scores: list[UnitScore], path: Path | IO[bytes]) -> None:
    """Two sheets: the ranking (one row per unit) and the details (every criterion)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    summary = wb.active
    summary.title = "Xếp hạng"
    summary.append(["Mã đơn vị", "Đơn vị", "Cấp", "Điểm tối đa", "Điểm tự đánh giá",
                    "Điểm xác minh", "Xếp hạng tự đánh giá", "Xếp hạng xác minh", "Thứ tự",
                    "Không xếp hạng vì"])
    for u in scores:
        summary.append([u.unit, u.name, u.level, _num(u.max_points), _num(u.claimed),
                        _num(u.verified), u.claimed_rank or "", u.rank or "", u.position,
                        u.not_ranked])
    detail = wb.create_sheet("Chi tiết")
    detail.append(list(HEADERS))
    for r in rows(scores):
        detail.append(r)
    for ws in (summary, detail):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    wb.save(path)


def to_json(scores: list[UnitScore]) -> list[dict[str, Any]]:
    def plain(v: Any) -> Any:
        if isinstance(v, Decimal):
            return float(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [plain(x) for x in v]
        return v

    return [plain(asdict(u)) for u in scores]
