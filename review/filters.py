"""The templates' formatting filters: ``kiemchung.core.formatting.jinja_filters`` (numbers
«1.811», dates dd/mm/yyyy, Vietnam time, Vietnamese labels), installed once here.

Until that module is on this branch a plain stand-in with the same filter names keeps the
pages rendering; delete ``_stand_in`` once ``kiemchung/core/formatting.py`` is merged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment

from kiemchung.core.codes import FindingCode


def finding_title(code: str, message: str = "") -> str:
    """The finding code's Vietnamese title from the catalogue, else its message."""
    try:
        title = str(getattr(FindingCode(code), "title_vi", "") or "")
    except ValueError:
        title = ""
    return title or message or code


def _stand_in() -> dict[str, Callable[..., str]]:
    from verifiers.extract.facts import fact_label

    def so(v: Any, decimals: int | None = None) -> str:
        if v is None:
            return "—"
        try:
            x = float(v)
        except (TypeError, ValueError):
            return str(v)
        if decimals is not None:
            x = round(x, decimals)
        whole, _, frac = f"{abs(x):.6f}".rstrip("0").rstrip(".").partition(".")
        return ("−" if x < 0 else "") + f"{int(whole):,}".replace(",", ".") + \
            ("," + frac if frac else "")

    def ngay(v: Any) -> str:
        if isinstance(v, datetime):
            v = (v if v.tzinfo else v.replace(tzinfo=UTC)).astimezone(
                ZoneInfo("Asia/Ho_Chi_Minh")).date()
        if isinstance(v, str):
            try:
                v = date.fromisoformat(v[:10])
            except ValueError:
                return v
        return v.strftime("%d/%m/%Y") if isinstance(v, date) else "—"

    def thoi_diem(v: Any, seconds: bool = False) -> str:
        if isinstance(v, str):
            try:
                v = datetime.fromisoformat(v.replace("Z", "+00:00"))
            except ValueError:
                return v
        if not isinstance(v, datetime):
            return "—"
        t = (v if v.tzinfo else v.replace(tzinfo=UTC)).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        return t.strftime(("%H:%M:%S" if seconds else "%H:%M") + " %d/%m/%Y") + " (UTC+7)"

    def tuoi(v: Any) -> str:
        if not isinstance(v, datetime):
            return "—"
        secs = (datetime.now(UTC) - (v if v.tzinfo else v.replace(tzinfo=UTC))).total_seconds()
        for size, unit in ((86400, "ngày"), (3600, "giờ"), (60, "phút")):
            if secs >= size:
                return f"{int(secs // size)} {unit}"
        return "dưới 1 phút"

    words = {"open": "đang mở", "closed": "đã đóng", "accepted": "đã chấp nhận",
             "rejected": "đã bác", "blocking": "chặn", "warning": "cảnh báo",
             "valid": "hợp lệ", "invalid": "không hợp lệ", "indeterminate": "chưa xác định",
             "organization": "tổ chức", "personal": "cá nhân", "claimed": "chưa có minh chứng",
             "confirmed": "đã xác nhận", "contradicted": "mâu thuẫn",
             "needs_review": "chờ thẩm định", "pending": "chờ gửi", "sent": "đã gửi"}

    def nhan(v: Any, _vocabulary: str = "") -> str:
        return words.get(str(v), str(v)) if v not in (None, "") else "—"

    out: dict[str, Callable[..., str]] = {
        "so": so, "diem": lambda v: so(v, 2), "phan_tram": lambda v: f"{so(float(v) * 100, 1)} %"
        if isinstance(v, int | float) else "—", "ngay": ngay, "thoi_diem": thoi_diem,
        "tuoi": tuoi, "nhan": nhan, "ten_so_lieu": fact_label,
        "gia_tri_so_lieu": lambda v, name: ngay(v) if "-" in str(v) else so(v),
        "chung_thu": lambda s: str(s or ""),
        "tien": lambda v: f"{so(v, 0)} đ"}
    for vocab in ("verdict", "level", "kind", "finding_status", "claim_status",
                  "notice_status", "complaint_status", "severity", "signer_kind", "role",
                  "decision", "certificate_field"):
        out[f"nhan_{vocab}"] = nhan
    return out


def install(env: Environment) -> None:
    try:
        from kiemchung.core.formatting import jinja_filters  # type: ignore[import-not-found]

        filters: dict[str, Callable[..., str]] = jinja_filters()
    except ImportError:
        filters = _stand_in()
    env.filters.update(filters)
    env.filters["tieu_de"] = finding_title
