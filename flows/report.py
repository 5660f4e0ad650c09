"""The nightly summary: per unit, files, verdicts and open findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from storage.models import Evidence, Finding, FindingStatus, Unit
from verifiers.codes import Severity

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
