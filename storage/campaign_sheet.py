"""Set a campaign up from a spreadsheet a province can fill, instead of hand-written TOML.

``write_template`` makes the workbook: sheets ``campaign`` (one setting a row),
``units``, ``leaders`` (with their certificate identities) and ``criteria`` (with their
evidence rules), a Vietnamese note on every header, drop-downs for levels, kinds,
signature rules, coverage and fact names, and one example row per sheet (its first
cell starts with ``#``: rows like that are ignored). ``import_workbook`` reads it back
into the campaign's TOML with the same checks as ``kiemchung campaign check``, each
problem named by sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiemchung.core.campaign_schema import FILE_KINDS, LEVELS
from storage.campaign_check import Loc, Problem, _closest, fact_names, validate_campaign

SIGNATURE_RULES = ("none", "organization", "personal", "both")
COVERAGE = ("none", "quarterly")
EVENTS = ("survey_received", "notice", "publication")
TICK = "x"
EVIDENCE_KINDS = tuple(k for k in FILE_KINDS if k not in ("empty", "unknown", "unreadable"))
MAX_ROWS = 2000
"""Rows the drop-downs cover."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    note: str
    example: object = None
    choices: str | None = None
    """A named list (see ``_lists``) offered as a drop-down."""


# -- the campaign sheet: one setting a row (key, value, after-event, note) -----------

CAMPAIGN_ROWS: list[tuple[str, str, object]] = [
    ("code", "Mã đợt đánh giá (chữ thường, không dấu, gạch nối)", "haiha-cqdt-2019"),
    ("name", "Tên đợt đánh giá", "Đánh giá, xếp hạng Chính quyền điện tử huyện Hải Hà 2019"),
    ("issuer", "Cơ quan tổ chức đánh giá", "UBND huyện Hải Hà"),
    ("place", "Địa danh ghi trên văn bản", "Hải Hà"),
    ("year", "Năm đánh giá", 2019),
    ("window.start", "Ngày đầu kỳ lấy số liệu", dt.date(2018, 10, 1)),
    ("window.end", "Ngày cuối kỳ lấy số liệu (tính cả ngày này)", dt.date(2019, 9, 30)),
    ("deadlines.default", "Hạn nộp chung: một ngày, hoặc số ngày làm việc (cột C: kể từ sự "
     "kiện)", dt.date(2019, 10, 18)),
    ("deadlines.department", "Hạn nộp cấp sở (để trống: dùng hạn chung)", None),
    ("deadlines.district", "Hạn nộp cấp huyện", None),
    ("deadlines.office", "Hạn nộp phòng, ban", None),
    ("deadlines.commune", "Hạn nộp cấp xã, ví dụ 10 (ngày làm việc) với cột C "
     "«survey_received»", None),
    ("events.survey_received", "Ngày các đơn vị nhận công văn khảo sát", None),
    ("late_means_not_ranked", "Nộp muộn thì không xếp hạng (TRUE/FALSE)", True),
    ("uploads", "Thư mục minh chứng tải lên (so với tệp đợt đánh giá)", "uploads"),
    ("claims", "Bảng tự đánh giá, CSV hoặc XLSX (nhiều tệp: cách nhau bởi dấu phẩy); tệp "
     "phải có sẵn khi nhập", None),
    ("received_log", "Nhật ký tiếp nhận tệp (CSV, tuỳ chọn)", None),
    ("trust", "Tin các chứng thư gốc Việt Nam có sẵn: vietnam hoặc none", "vietnam"),
    ("trust_roots", "Chứng thư gốc riêng của đợt (tệp hoặc thư mục, cách nhau bởi dấu phẩy)",
     None),
    ("crls", "Danh sách thu hồi (CRL), cách nhau bởi dấu phẩy", None),
    ("portal_url", "Địa chỉ cổng tiếp nhận minh chứng, ghi trong thông báo", None),
    ("reason_required_below_max", "Tự chấm dưới điểm tối đa phải nêu lý do (TRUE/FALSE)",
     False),
    ("scoring.set", "Bộ tiêu chí chấm điểm (mã, hoặc tệp .toml)", None),
    ("scoring.tiers", "Bảng mức (thay cho xếp hạng của bộ tiêu chí), tuỳ chọn", None),
    ("notices.issuer_parent", "Thông báo: cơ quan chủ quản", "UBND HUYỆN HẢI HÀ"),
    ("notices.issuer", "Thông báo: cơ quan ban hành (để trống: không lập thông báo)",
     "PHÒNG VĂN HÓA VÀ THÔNG TIN"),
    ("notices.symbol", "Thông báo: ký hiệu sau số", "VHTT-KC"),
    ("notices.signer_capacity", "Thông báo: quyền hạn ký (KT. TRƯỞNG PHÒNG…)", None),
    ("notices.signer_title", "Thông báo: chức vụ người ký", None),
    ("notices.signer_name", "Thông báo: họ tên người ký", None),
    ("notices.resubmit_days", "Thông báo: số ngày để gửi lại minh chứng", 10),
    ("notices.reply_to", "Thông báo: nơi gửi lại minh chứng", None),
    ("complaints.within", "Khiếu nại: số ngày làm việc sau khi công bố (cột C: publication)",
     None),
]
"""(key, Vietnamese note, example value). Dotted keys become TOML tables. The examples
go into the note column; only the keys of ``DEFAULTS`` start with a value."""
DEFAULTS = {"late_means_not_ranked", "uploads", "trust", "reason_required_below_max"}

UNIT_COLUMNS = [
    Column("code", "Mã đơn vị", "Chữ thường, không dấu, gạch nối; là tên thư mục tải lên và "
           "tên đăng nhập của đơn vị", "xa-quang-phong"),
    Column("name", "Tên đơn vị", "Tên đầy đủ", "UBND xã Quảng Phong"),
    Column("level", "Cấp", "department (sở), district (huyện), office (phòng, ban), commune "
           "(xã), other", "commune", "levels"),
    Column("parent", "Đơn vị cấp trên", "Mã một đơn vị trong sheet này (tuỳ chọn)",
           "ubnd-huyen", "units"),
    Column("email", "Thư điện tử", "Nơi nhận thông báo", "quangphong@example.test"),
    Column("org_id", "Định danh chứng thư tổ chức", "Ví dụ MST:5700100256-001 hoặc "
           "MNS:1040501", "MNS:1040501"),
    Column("doc_symbol", "Ký hiệu văn bản", "Phần sau số văn bản, ví dụ UBND trong 45/UBND",
           "UBND"),
    Column("survey_received", "Ngày nhận công văn khảo sát", "Tuỳ chọn: nếu khác ngày chung",
           None),
]
LEADER_COLUMNS = [
    Column("unit", "Mã đơn vị", "Mã trong sheet units", "xa-quang-phong", "units"),
    Column("name", "Họ tên lãnh đạo", "Như trong chứng thư số cá nhân", "Vũ Văn Giang"),
    Column("title", "Chức vụ", "Ví dụ Chủ tịch, Phó Chủ tịch", "Chủ tịch"),
    Column("id", "Định danh chứng thư cá nhân", "Ví dụ CCCD:022075000501", "CCCD:022075000501"),
]
CRITERION_COLUMNS = [
    Column("code", "Mã tiêu chí", "Tên thư mục tải lên; trùng mã trong bộ tiêu chí chấm "
           "điểm", "ky-so-to-chuc"),
    Column("title", "Tên tiêu chí", "Như trong bộ tiêu chí", "Văn bản được ký số tổ chức"),
    Column("group", "Nhóm", "Mã nhóm trong bộ tiêu chí (tuỳ chọn)", "ket-qua"),
    Column("max_points", "Điểm tối đa", "Số (tuỳ chọn: lấy theo bộ tiêu chí)", None),
    *[Column(f"level_{lv}", f"Áp dụng: {lv}", f"Đánh «x» nếu tiêu chí áp dụng cho cấp {lv}; "
             "không đánh cột nào: mọi cấp", None, "tick") for lv in LEVELS],
    *[Column(f"kind_{k}", f"Loại tệp: {k}", f"Đánh «x» nếu nhận tệp loại {k}; không đánh cột "
             "nào: mọi loại", TICK if k != "image" else None, "tick") for k in EVIDENCE_KINDS],
    Column("signatures", "Chữ ký số bắt buộc", "none, organization (tổ chức), personal (cá "
           "nhân lãnh đạo), both", "organization", "signatures"),
    Column("coverage", "Phủ theo quý", "quarterly: mỗi quý một văn bản; none", "quarterly",
           "coverage"),
    Column("numerator", "Số liệu tử số", "Tên số liệu (verifiers/data/facts.toml)", None,
           "facts"),
    Column("denominator", "Số liệu mẫu số", "Tên số liệu", None, "facts"),
    Column("value", "Số liệu giá trị", "Tên số liệu (một con số, ví dụ số tiền)", None, "facts"),
    Column("tolerance", "Sai số cho phép", "Ví dụ 0,01 (tuỳ chọn)", None),
    Column("required", "Bắt buộc nộp", "TRUE: mọi đơn vị phải nộp; FALSE: không bắt buộc", True,
           "bool"),
]
SHEETS = {"units": UNIT_COLUMNS, "leaders": LEADER_COLUMNS, "criteria": CRITERION_COLUMNS}
TITLES = {"campaign": "Thông tin đợt đánh giá", "units": "Đơn vị được đánh giá",
          "leaders": "Lãnh đạo và chứng thư số cá nhân",
          "criteria": "Tiêu chí và yêu cầu minh chứng"}
HEADER_ROW = 2
FIRST_ROW = 3
"""Row 1: the sheet's title; row 2: headers; from row 3: data (the example first)."""


def _lists() -> dict[str, list[str]]:
    return {"levels": list(LEVELS), "signatures": list(SIGNATURE_RULES),
            "coverage": list(COVERAGE), "facts": fact_names(), "tick": [TICK],
            "bool": ["TRUE", "FALSE"], "events": list(EVENTS),
            "trust": ["vietnam", "none"]}


def write_template(out: Path) -> None:
    """The workbook to fill, with drop-downs and notes; its example rows start with #."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold, grey = Font(bold=True), Font(italic=True, color="808080")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    lists = wb.create_sheet("lists")
    ranges: dict[str, str] = {}
    for col, (name, values) in enumerate(_lists().items(), start=1):
        letter = get_column_letter(col)
        lists.cell(1, col, name)
        for row, v in enumerate(values, start=2):
            lists.cell(row, col, v)
        ranges[name] = f"lists!${letter}$2:${letter}${len(values) + 1}"
    lists.sheet_state = "hidden"
    ranges["units"] = f"units!$A${FIRST_ROW}:$A${MAX_ROWS}"

    ws = wb.active
    assert ws is not None
    ws.title = "campaign"
    ws.cell(1, 1, TITLES["campaign"]).font = Font(bold=True, size=14)
    for col, (label, note) in enumerate((
            ("Khoá (key)", "Không sửa cột này"), ("Giá trị (value)", "Điền giá trị"),
            ("Sau sự kiện (after)", "Chỉ cho hạn tính bằng ngày làm việc: survey_received, "
                                    "notice hoặc publication"),
            ("Ghi chú", "")), start=1):
        c = ws.cell(HEADER_ROW, col, label)
        c.font, c.fill = bold, head_fill
        if note:
            c.comment = Comment(note, "kiemchung")
    after = DataValidation(type="list", formula1=f"={ranges['events']}", allow_blank=True)
    ws.add_data_validation(after)
    for i, (key, note, example) in enumerate(CAMPAIGN_ROWS):
        r = FIRST_ROW + i
        ws.cell(r, 1, key).font = bold
        if example is not None and key in DEFAULTS:
            ws.cell(r, 2, example)
        elif example is not None:
            shown = example.strftime("%d/%m/%Y") if isinstance(example, dt.date) else example
            note = f"{note}. Ví dụ: {shown}"
        ws.cell(r, 4, note).font = grey
        if key.startswith(("deadlines.", "complaints.")):
            after.add(f"C{r}")
    for key, widths in (("A", 26), ("B", 44), ("C", 18), ("D", 80)):
        ws.column_dimensions[key].width = widths

    for name, columns in SHEETS.items():
        sh = wb.create_sheet(name, index=list(SHEETS).index(name) + 1)
        sh.cell(1, 1, f"{TITLES[name]} — hàng bắt đầu bằng # là ví dụ, không được nhập").font \
            = Font(bold=True, size=14)
        for col, c in enumerate(columns, start=1):
            cell = sh.cell(HEADER_ROW, col, f"{c.label} ({c.key})")
            cell.font, cell.fill = bold, head_fill
            cell.comment = Comment(c.note, "kiemchung")
            example = c.example
            if col == 1 and isinstance(example, str):
                example = f"#{example}"
            if example is not None:
                sh.cell(FIRST_ROW, col, example).font = grey
            letter = get_column_letter(col)
            sh.column_dimensions[letter].width = max(12, min(40, len(c.label) + 8))
            if c.choices:
                dv = DataValidation(type="list", formula1=f"={ranges[c.choices]}",
                                    allow_blank=True, showErrorMessage=c.choices != "units")
                dv.error = "Chọn một giá trị trong danh sách."
                dv.errorTitle = "Giá trị không hợp lệ"
                sh.add_data_validation(dv)
                dv.add(f"{letter}{FIRST_ROW}:{letter}{MAX_ROWS}")
        sh.freeze_panes = sh.cell(FIRST_ROW, 2)
    wb.move_sheet("lists", offset=len(wb.sheetnames))
    wb.save(out)


# -- import ------------------------------------------------------------------------

@dataclass
class SheetImport:
    raw: dict[str, Any]
    cells: dict[Loc, str] = field(default_factory=dict)
    """Where each location came from: ``units!C7``."""
    problems: list[Problem] = field(default_factory=list)

    def where(self, loc: Loc, value: bool = True) -> str:
        p = tuple(loc)
        while p:
            if p in self.cells:
                return _people(self.cells[p])
            p = p[:-1]
        return "sheet campaign"

    def add(self, cell: str, key: str, message: str, suggestion: str | None = None) -> None:
        self.problems.append(Problem(_people(cell), key, message, suggestion))


def _people(cell: str) -> str:
    sheet, _, ref = cell.partition("!")
    col = "".join(ch for ch in ref if ch.isalpha())
    row = ref[len(col):]
    return f"sheet «{sheet}», hàng {row}, cột {col} ({cell})" if row else f"sheet «{sheet}»"


def _value(v: object) -> object:
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time() else v
    if isinstance(v, str):
        v = v.strip()
        low = v.lower()
        if low in ("true", "có", "x"):
            return True
        if low in ("false", "không"):
            return False
        return v or None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


TEXT_KEYS = {"code", "name", "title", "group", "parent", "unit", "id", "org_id", "doc_symbol",
             "email", "numerator", "denominator", "value"}
"""Always text, even when the spreadsheet holds a number (a criterion coded 2.1)."""


def _text(key: str, v: object) -> object:
    return str(v) if key in TEXT_KEYS and isinstance(v, int | float) and \
        not isinstance(v, bool) else v


def _split(v: object) -> list[str]:
    return [p.strip() for p in str(v).split(",") if p.strip()] if v not in (None, "") else []


LIST_KEYS = {"claims", "trust_roots", "crls", "calendar.days_off", "calendar.working_days"}


def read_workbook(path: Path) -> SheetImport:
    """The workbook as the campaign's raw table, with every value's cell."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    wb = load_workbook(path, data_only=True)
    out = SheetImport({})
    missing = [s for s in ("campaign", *SHEETS) if s not in wb.sheetnames]
    for s in missing:
        out.add(s, s, f"thiếu sheet «{s}» (missing sheet): dùng mẫu của "
                "kiemchung campaign template")
    if missing:
        return out
    raw = out.raw
    ws = wb["campaign"]
    known = {k for k, _n, _e in CAMPAIGN_ROWS} | LIST_KEYS | {"timezone", "revocation_mode",
                                                              "allow_fetching",
                                                              "events.publication",
                                                              "criteria_from"}
    for r in range(FIRST_ROW, ws.max_row + 1):
        key = ws.cell(r, 1).value
        if not isinstance(key, str) or not key.strip() or key.startswith("#"):
            continue
        key = key.strip()
        value = _value(ws.cell(r, 2).value)
        if key not in known:
            out.add(f"campaign!A{r}", key, f"khoá «{key}» không có trong mẫu (unknown key)",
                    _closest(key, sorted(known)))
            continue
        parts = key.split(".")
        out.cells.setdefault(tuple(parts), f"campaign!B{r}")  # (a missing value: this row)
        out.cells.setdefault(tuple(parts[:1]), f"campaign!B{r}")
        if value is None:
            continue
        after = _value(ws.cell(r, 3).value)
        if key.startswith(("deadlines.", "complaints.")) and isinstance(value, int) \
                and not isinstance(value, bool):
            value = {"working_days": value, "after": after or
                     ("publication" if key.startswith("complaints") else "survey_received")}
        elif key in LIST_KEYS:
            value = _split(value)
        table = raw
        for p in parts[:-1]:
            table = table.setdefault(p, {})
        table[parts[-1]] = value
        loc = tuple(parts)
        if isinstance(value, dict):
            out.cells[(*loc, "after")] = f"campaign!C{r}"
            out.cells[(*loc, "working_days")] = f"campaign!B{r}"

    def rows(name: str) -> Iterable[tuple[int, dict[str, object], dict[str, str]]]:
        sh = wb[name]
        headers: dict[int, str] = {}
        for col in range(1, sh.max_column + 1):
            text = str(sh.cell(HEADER_ROW, col).value or "")
            if text.endswith(")") and "(" in text:
                headers[col] = text[text.rindex("(") + 1:-1]
        keys = {c.key for c in SHEETS[name]}
        for col, k in headers.items():
            if k not in keys:
                out.add(f"{name}!{get_column_letter(col)}{HEADER_ROW}", k,
                        f"cột «{k}» không có trong mẫu (unknown column)",
                        _closest(k, sorted(keys)))
        for r in range(FIRST_ROW, sh.max_row + 1):
            first = sh.cell(r, 1).value
            values = {k: _text(k, _value(sh.cell(r, col).value)) for col, k in headers.items()
                      if k in keys}
            if isinstance(first, str) and first.startswith("#"):
                continue
            if all(v is None for v in values.values()):
                continue
            cells = {k: f"{name}!{get_column_letter(col)}{r}" for col, k in headers.items()}
            cells[""] = f"{name}!A{r}"
            yield r, {k: v for k, v in values.items() if v is not None}, cells

    units: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for _r, values, cells in rows("units"):
        i = len(units)
        units.append(values)
        index.setdefault(str(values.get("code")), i)
        out.cells[("units", i)] = cells[""]
        for k, c in cells.items():
            if k:
                out.cells[("units", i, k)] = c
    for _r, values, cells in rows("leaders"):
        code = str(values.pop("unit", ""))
        if code not in index:
            out.add(cells.get("unit", cells[""]), "leaders.unit",
                    f"mã đơn vị «{code}» không có trong sheet units (unknown unit)",
                    _closest(code, list(index)))
            continue
        i = index[code]
        leaders = units[i].setdefault("leaders", [])
        j = len(leaders)
        leaders.append(values)
        out.cells[("units", i, "leaders", j)] = cells[""]
        for k, c in cells.items():
            if k and k != "unit":
                out.cells[("units", i, "leaders", j, k)] = c
    criteria: list[dict[str, Any]] = []
    for _r, values, cells in rows("criteria"):
        i = len(criteria)
        crit: dict[str, Any] = {}
        evidence: dict[str, Any] = {}
        levels = [lv for lv in LEVELS if values.pop(f"level_{lv}", None) is not None]
        kinds = [k for k in EVIDENCE_KINDS if values.pop(f"kind_{k}", None) is not None]
        for k, v in values.items():
            if k in ("code", "title", "group", "max_points"):
                crit[k] = v
            else:
                evidence[k] = v
        if levels:
            crit["levels"] = levels
        if kinds:
            evidence["kinds"] = kinds
        if evidence:
            crit["evidence"] = evidence
        criteria.append(crit)
        out.cells[("criteria", i)] = cells[""]
        for k, c in cells.items():
            if not k:
                continue
            if k.startswith("level_"):
                out.cells.setdefault(("criteria", i, "levels"), c)
            elif k.startswith("kind_"):
                out.cells.setdefault(("criteria", i, "evidence", "kinds"), c)
            elif k in ("code", "title", "group", "max_points"):
                out.cells[("criteria", i, k)] = c
            else:
                out.cells[("criteria", i, "evidence", k)] = c
    raw["units"], raw["criteria"] = units, criteria
    out.cells.setdefault(("units",), "units")
    out.cells.setdefault(("criteria",), "criteria")
    return out


def import_workbook(path: Path, out: Path) -> list[Problem]:
    """Write the campaign file ``out`` from the workbook at ``path`` if it has no
    error (paths in it are relative to ``out``'s folder); the problems otherwise."""
    sheet = read_workbook(path)
    if not sheet.raw:  # (sheets missing)
        return sheet.problems
    _cfg, problems = validate_campaign(sheet.raw, out.resolve().parent, sheet.where)
    errors = [p for p in problems if not p.warning]
    if errors or sheet.problems:
        return sheet.problems + errors
    out.write_text(to_toml(sheet.raw, source=path.name), encoding="utf-8")
    return [p for p in problems if p.warning]


# -- TOML ---------------------------------------------------------------------------

def _toml(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(x)}" for k, x in v.items()) + " }"
    text = str(v)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _key(k: str) -> str:
    return k if k and all(ch.isalnum() or ch in "-_" for ch in k) and k.isascii() else _toml(k)


def to_toml(raw: dict[str, Any], source: str = "") -> str:
    """The campaign as TOML: settings, tables, then units (leaders inline) and criteria."""
    head = [f"# Made by kiemchung campaign import from {source}." if source else
            "# Made by kiemchung campaign import.",
            "# Edit the workbook and import again, or edit this file and run "
            "kiemchung campaign check.", ""]
    tables = {k: v for k, v in raw.items() if isinstance(v, dict)}
    lines = head + [f"{_key(k)} = {_toml(v)}" for k, v in raw.items()
                    if k not in tables and k not in ("units", "criteria")]
    for name, table in tables.items():
        lines += ["", f"[{name}]"] + [f"{_key(k)} = {_toml(v)}" for k, v in table.items()]
    for u in raw.get("units", []):
        lines += ["", "[[units]]"]
        for k, v in u.items():
            if k == "leaders":
                lines.append("leaders = [")
                lines += [f"  {_toml(ld)}," for ld in v]
                lines.append("]")
            else:
                lines.append(f"{_key(k)} = {_toml(v)}")
    for c in raw.get("criteria", []):
        lines += ["", "[[criteria]]"]
        lines += [f"{_key(k)} = {_toml(v)}" for k, v in c.items() if k != "evidence"]
        if c.get("evidence"):
            lines.append("[criteria.evidence]")
            lines += [f"{_key(k)} = {_toml(v)}" for k, v in c["evidence"].items()]
    return "\n".join(lines) + "\n"
