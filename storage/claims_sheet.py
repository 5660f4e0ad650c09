"""Reading a unit's self-assessment sheet (CSV; Vietnamese or English headers).

Pure: rows in, typed claims and row errors out. Bad rows never stop good ones.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from kiemchung.core.text import NumberFormatError, category_slug, fold, parse_number

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "ma don vi", "don vi", "ma dv"),
    "criterion": ("criterion", "ma tieu chi", "tieu chi", "ma tc"),
    "value": ("value", "gia tri", "so lieu", "ket qua"),
    "numerator": ("numerator", "tu so"),
    "denominator": ("denominator", "mau so"),
    "note": ("note", "ghi chu", "giai trinh"),
    "reason": ("reason", "ly do", "ly do khong dat", "ly do khong dat diem toi da"),
}


@dataclass(frozen=True)
class ClaimRow:
    row: int
    unit: str
    criterion: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    note: str
    category: str | None = None
    """A value without digits ("Thường xuyên") names a level, as a slug
    (``thuong-xuyen``), for criteria scored by categories."""
    reason: str = ""
    """Why the unit claims less than the maximum («Lý do» column), if it says."""


@dataclass(frozen=True)
class RowError:
    row: int
    detail: str
    """Vietnamese, for people."""
    unit: str = ""
    """The unit code the row names, if any (to tell that unit)."""


@dataclass(frozen=True)
class SheetResult:
    claims: tuple[ClaimRow, ...]
    errors: tuple[RowError, ...]


def _map_headers(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        key = fold(h)
        for name, aliases in HEADER_ALIASES.items():
            if key in aliases and name not in found:
                found[name] = i
    return found


def read_claims_csv(text: str) -> SheetResult:
    return read_claims_rows(list(csv.reader(io.StringIO(text.lstrip("\ufeff")))))


def read_claims_xlsx(data: bytes) -> SheetResult:
    """The first worksheet of an Excel sheet. Numeric cells arrive as numbers and are
    written out plainly (1245, 0.955), which the number parser reads unambiguously."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a broken or foreign file
        return SheetResult((), (RowError(0, f"không đọc được tệp Excel ({exc})"),))
    ws = wb.worksheets[0]
    rows = [["" if v is None else _cell_text(v) for v in row]
            for row in ws.iter_rows(values_only=True)]
    wb.close()
    return read_claims_rows(rows)


def _cell_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def read_claims_rows(rows: list[list[str]]) -> SheetResult:
    if not rows:
        return SheetResult((), (RowError(1, "bảng trống, không có dòng tiêu đề"),))
    cols = _map_headers(rows[0])
    missing = [n for n in ("unit", "criterion") if n not in cols]
    if missing:
        return SheetResult((), (RowError(1, "thiếu cột " + ", ".join(missing)),))
    claims: list[ClaimRow] = []
    errors: list[RowError] = []
    for n, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        try:
            claims.append(_parse_row(n, raw, cols))
        except ValueError as exc:
            errors.append(RowError(n, str(exc), _cell(raw, cols, "unit")))
    return SheetResult(tuple(claims), tuple(errors))


def _cell(raw: list[str], cols: dict[str, int], name: str) -> str:
    i = cols.get(name)
    return raw[i].strip() if i is not None and i < len(raw) else ""


def _number(raw: list[str], cols: dict[str, int], name: str, label: str) -> Decimal | None:
    text = _cell(raw, cols, name)
    if not text:
        return None
    try:
        value = parse_number(text)
    except NumberFormatError:
        raise ValueError(f"{label} «{text}» không phải là số") from None
    if value < 0:
        raise ValueError(f"{label} «{text}» không được âm")
    return value


def _parse_row(n: int, raw: list[str], cols: dict[str, int]) -> ClaimRow:
    unit, criterion = _cell(raw, cols, "unit"), _cell(raw, cols, "criterion")
    if not unit:
        raise ValueError("thiếu mã đơn vị")
    if not criterion:
        raise ValueError("thiếu mã tiêu chí")
    value_text = _cell(raw, cols, "value")
    category = None
    if value_text and not any(ch.isdigit() for ch in value_text):
        category = category_slug(value_text)
        value = None
    else:
        value = _number(raw, cols, "value", "giá trị")
    num = _number(raw, cols, "numerator", "tử số")
    den = _number(raw, cols, "denominator", "mẫu số")
    if (num is None) != (den is None):
        raise ValueError("cần có cả tử số và mẫu số")
    if num is not None and den is not None and num > den:
        raise ValueError(f"tử số {num} lớn hơn mẫu số {den}")
    if value is None and num is None and category is None:
        raise ValueError("không có giá trị hoặc tử số/mẫu số")
    return ClaimRow(n, unit, criterion, value, num, den, _cell(raw, cols, "note"), category,
                    _cell(raw, cols, "reason"))

