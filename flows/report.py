"""The nightly summary (per unit: files, verdicts, open findings) and the score tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from kiemchung.core.codes import Severity
from kiemchung.core.vocabulary import FindingStatus
from scoring.unit_scores import UnitScore
from storage.models import Evidence, Finding, Unit

NO_UNIT = "(không xác định)"


@dataclass(frozen=True)
class UnitSummary:
    unit: str
    name: str
    files: int
    valid: int
    invalid: int
    indeterminate: int
    unsigned: int
    error: int
    pending: int
    blocking: int
    warnings: int

    def as_row(self) -> dict[str, object]:
        return {
            "Đơn vị": self.unit, "Tên": self.name, "Tệp": self.files, "Hợp lệ": self.valid,
            "Không hợp lệ": self.invalid, "Chưa xác định": self.indeterminate,
            "Không ký": self.unsigned, "Lỗi": self.error, "Chưa kiểm tra": self.pending,
            "Vấn đề chặn": self.blocking, "Cảnh báo": self.warnings,
        }


def summarise(session: Session, campaign_id: int) -> list[UnitSummary]:
    units = {u.id: u for u in session.exec(select(Unit).where(Unit.campaign_id == campaign_id))}
    verdicts: dict[int | None, Counter[str]] = {}
    for ev in session.exec(select(Evidence).where(Evidence.campaign_id == campaign_id,
                                                   col(Evidence.replaced_at).is_(None))):
        verdicts.setdefault(ev.unit_id, Counter())[ev.verdict or "pending"] += 1
    findings: dict[int | None, Counter[str]] = {}
    for f in session.exec(select(Finding).where(Finding.campaign_id == campaign_id,
                                                Finding.status == FindingStatus.OPEN)):
        findings.setdefault(f.unit_id, Counter())[f.severity] += 1
    keys = sorted(set(verdicts) | set(findings) | set(units),
                  key=lambda k: (k is None, units[k].code if k in units else ""))
    out = []
    for k in keys:
        v, fc = verdicts.get(k, Counter()), findings.get(k, Counter())
        u = units.get(k)
        out.append(UnitSummary(
            u.code if u else NO_UNIT, u.name if u else "", sum(v.values()), v["valid"],
            v["invalid"], v["indeterminate"], v["unsigned"], v["error"], v["pending"],
            fc[Severity.BLOCKING], fc[Severity.WARNING]))
    return out


def render_table(rows: list[UnitSummary], title: str) -> Table:
    table = Table(title=title)
    if not rows:
        return table
    names = [c for c in rows[0].as_row() if c != "Tên"]
    for col_name in names:
        table.add_column(col_name, justify="left" if col_name == "Đơn vị" else "right")
    for r in rows:
        d = r.as_row()
        table.add_row(*(str(d[c]) for c in names))
    total = {c: sum(int(r.as_row()[c]) for r in rows) for c in names[1:]}  # type: ignore[call-overload]
    table.add_section()
    table.add_row("Tổng", *(str(total[c]) for c in names[1:]), style="bold")
    return table


def print_summary(rows: list[UnitSummary], title: str, console: Console | None = None) -> None:
    (console or Console()).print(render_table(rows, title))


LEVELS = {"department": "Sở, ban, ngành", "district": "Cấp huyện", "office": "Phòng, ban",
          "commune": "Cấp xã", "other": "Khác"}


def points_vi(d: Decimal | float | None) -> str:
    """Points for people: 12,5 not 12.50."""
    if d is None:
        return "—"
    text = f"{Decimal(str(d)):f}"
    return text.rstrip("0").rstrip(".").replace(".", ",") if "." in text else text


_p = points_vi


def print_ranking(scores: list[dict[str, Any]], console: Console) -> None:
    """The nightly run's short form: per unit, claimed and verified totals and rank."""
    table = Table(title="Điểm và xếp hạng (chỉ tính số liệu đã xác nhận)")
    for name in ("Cấp", "Thứ tự", "Đơn vị", "Tự đánh giá", "Xác minh", "Thay đổi", "Hạng"):
        table.add_column(name, justify="left" if name in ("Cấp", "Đơn vị") else "right")
    for u in scores:
        table.add_row(LEVELS.get(u["level"], u["level"]), str(u["position"] or "—"), u["unit"],
                      _p(u["claimed"]), f"{_p(u['verified'])}/{_p(u['max_points'])}",
                      score_change(u["verified"], u.get("previous")),
                      u["rank"] or "không xếp hạng")
    console.print(table)


def score_change(now: float, before: float | None) -> str:
    """+3 / −1,5 / = since the run before; «mới» the first time."""
    if before is None:
        return "mới"
    d = Decimal(str(now)) - Decimal(str(before))
    return "=" if d == 0 else ("+" if d > 0 else "−") + _p(abs(d))


def print_scores(scores: list[UnitScore], title: str, console: Console) -> None:
    """The ranking per level, then every point lost with its reason and findings."""
    for level in dict.fromkeys(u.level for u in scores):
        table = Table(title=f"{title}: {LEVELS.get(level, level)}")
        for name, justify in (("Thứ tự", "right"), ("Đơn vị", "left"), ("Tự đánh giá", "right"),
                              ("Xác minh", "right"), ("Tối đa", "right"),
                              ("Hạng tự đánh giá", "center"), ("Hạng xác minh", "center"),
                              ("Ghi chú", "left")):
            table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
        for u in (x for x in scores if x.level == level):
            table.add_row(str(u.position or "—"), f"{u.name} ({u.unit})", _p(u.claimed),
                          _p(u.verified), _p(u.max_points), u.claimed_rank or "—",
                          u.rank or "không xếp hạng", u.not_ranked)
        console.print(table)
    for u in scores:
        lost = [c for c in u.criteria if c.verified < c.max_points]
        if not lost:
            continue
        console.print(f"[bold]{u.name}[/] ({u.unit}): mất {_p(u.max_points - u.verified)} điểm")
        for c in lost:
            claimed = _p(c.claimed) if c.claimed is not None else "không khai"
            console.print(f"  • {c.code} {c.title}: {_p(c.verified)}/{_p(c.max_points)} "
                          f"(tự đánh giá {claimed}) — {c.reason}")
            for f in c.findings:
                console.print(f"      ↳ {f}", style="dim")
