"""Check a campaign file and report every problem at once, each where it is.

A campaign is written by hand (or imported from a spreadsheet) and a silent typo
changes scores, so: the strict schema (``kiemchung/core/campaign_schema.py``) plus every
reference resolved (parents, deadlines per level, fact names, the scoring set and its
criteria) and every file named in the campaign present. Each problem names its place
(``campaign.toml:17:1``, or a sheet, row and column for a spreadsheet), the English
key, a Vietnamese message and, for a misspelt key or value, the closest valid one.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kiemchung.core import formatting
from kiemchung.core.campaign_schema import FILE_KINDS, LEVELS, CampaignConfig

Loc = tuple[str | int, ...]
Where = Callable[[Loc, bool], str]
"""Where a location is, for people: (path of keys, point at the value?) → place."""

FACTS_FILE = Path(__file__).resolve().parent.parent / "verifiers" / "data" / "facts.toml"


@dataclass(frozen=True)
class Problem:
    where: str
    """``file:line:column``, or ``sheet «units», row 7, column C``."""
    key: str
    """The English key, e.g. ``criteria[0].evidence.signatues``."""
    message: str
    """Vietnamese, for the person who fixes the file."""
    suggestion: str | None = None
    warning: bool = False
    """A warning is shown but does not stop the commands."""

    def __str__(self) -> str:
        hint = f" — có phải ý bạn là «{self.suggestion}»?" if self.suggestion else ""
        tag = "cảnh báo" if self.warning else "lỗi"
        return f"{self.where}: {tag}: {self.message}{hint} [{self.key}]"


@dataclass
class CampaignCheck:
    path: Path
    config: CampaignConfig | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.config is not None and not self.problems

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.problems)} lỗi trong tệp đợt đánh giá {self.path} "
                     f"({len(self.problems)} error(s)).")
        return "\n".join(lines)

    def summary(self) -> str:
        """One line: what the campaign holds."""
        cfg = self.config
        if cfg is None:
            return ""
        levels = Counter(u.level for u in cfg.units)
        by_level = ", ".join(f"{n} {formatting.label('level', lv).lower()}"
                             for lv, n in levels.items())
        leaders = sum(len(u.leaders) for u in cfg.units)
        return (f"Đợt «{cfg.code}» ({cfg.year}): {len(cfg.units)} đơn vị ({by_level}), "
                f"{leaders} lãnh đạo, {len(cfg.criteria)} tiêu chí, "
                f"{len(cfg.deadlines)} hạn nộp, cửa sổ "
                f"{formatting.day_range(cfg.window.start, cfg.window.end)}, chấm điểm: "
                f"{cfg.scoring.set if cfg.scoring else 'không'}.")


def _toml_where(path: Path, text: str) -> Where:
    from storage.toml_positions import Positions

    positions = Positions(text)

    def where(loc: Loc, value: bool) -> str:
        p = positions.find(loc, value)
        return f"{path}:{p.line}:{p.column}"

    return where


def check_campaign(path: Path, files: bool = True) -> CampaignCheck:
    """Every problem of the campaign file at ``path`` (none: ``config`` is set)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return CampaignCheck(path, None, [Problem(
            str(path), "-", "không tìm thấy tệp đợt đánh giá (file not found)")])
    except (OSError, UnicodeDecodeError) as exc:
        return CampaignCheck(path, None, [Problem(
            str(path), "-", f"không đọc được tệp (cannot read: {exc})")])
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"{path}:{m.group(1)}:{m.group(2)}" if m else str(path)
        return CampaignCheck(path, None, [Problem(
            where, "-", f"không phải TOML hợp lệ (not valid TOML: {exc})")])
    cfg, problems = validate_campaign(raw, path.resolve().parent, _toml_where(path, text),
                                      files)
    problems.sort(key=_place)
    errors = [p for p in problems if not p.warning]
    return CampaignCheck(path, cfg if not errors else None, errors,
                         [p for p in problems if p.warning])


def validate_campaign(raw: dict[str, Any], base_dir: Path, where: Where, files: bool = True
                      ) -> tuple[CampaignConfig | None, list[Problem]]:
    """The schema, then the references and files; problems sorted by place."""
    problems: list[Problem] = []
    data = dict(raw)
    if "base_dir" in data:
        data.pop("base_dir")
        problems.append(Problem(where(("base_dir",), False), "base_dir",
                                "khoá không được dùng trong tệp (base_dir is set by kiemchung)"))
    cfg: CampaignConfig | None = None
    try:
        cfg = CampaignConfig.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        problems += [_from_pydantic(e, where) for e in exc.errors()]
    problems += _references(data, base_dir, where, files)
    return cfg, problems


def _place(p: Problem) -> tuple[int, int]:
    m = re.search(r":(\d+):(\d+)$", p.where)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


# -- schema errors -----------------------------------------------------------------

def key_name(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _clean(loc: Sequence[str | int]) -> tuple[Loc, bool]:
    """Drop pydantic's union tags; say whether the error is about a dict key."""
    out: list[str | int] = []
    is_key = False
    for i, part in enumerate(loc):
        if part == "[key]":
            is_key = True
            continue
        if i == 2 and loc[0] == "deadlines" and part in ("date", "working"):
            continue
        if isinstance(part, str) and part.startswith(("function-", "tagged-union")):
            continue
        out.append(part)
    return tuple(out), is_key


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            models = [a for a in args if _is_model(_unwrap(a))]
            tp = models[0] if models else args[0]
        else:
            return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def fields_at(loc: Loc) -> list[str]:
    """The keys allowed in the table at ``loc`` (for «did you mean»)."""
    tp: Any = CampaignConfig
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int):
            args = get_args(tp)
            tp = args[0] if args else Any
        elif _is_model(tp):
            f = tp.model_fields.get(part)
            if f is None:
                return []
            tp = f.annotation
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    return [k for k in tp.model_fields if k != "base_dir"] if _is_model(tp) else []


def _closest(word: object, choices: Iterable[str]) -> str | None:
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _expected(ctx: dict[str, Any] | None) -> list[str]:
    return re.findall(r"'([^']*)'", str((ctx or {}).get("expected", "")))


_TYPES_VI = {
    "missing": "thiếu khoá bắt buộc",
    "string_type": "cần một chuỗi trong ngoặc kép",
    "int_type": "cần một số nguyên", "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên",
    "float_type": "cần một số", "float_parsing": "cần một số",
    "bool_type": "cần true hoặc false", "bool_parsing": "cần true hoặc false",
    "list_type": "cần một danh sách [ ... ]",
    "dict_type": "cần một bảng", "model_type": "cần một bảng", "model_attributes_type":
    "cần một bảng",
    "date_type": "cần một ngày dạng YYYY-MM-DD", "date_parsing": "cần một ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "cần một ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "cần một ngày (không có giờ)",
    "greater_than_equal": "giá trị quá nhỏ", "greater_than": "giá trị quá nhỏ",
    "less_than_equal": "giá trị quá lớn", "less_than": "giá trị quá lớn",
    "string_pattern_mismatch": "tên không hợp lệ",
}


def _from_pydantic(err: ErrorDetails, where: Where) -> Problem:
    loc, is_key = _clean(err["loc"])
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    given = err.get("input")
    key = key_name(loc)
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        return Problem(where(loc, False), key,
                       f"khoá «{name}» không có trong lược đồ đợt đánh giá (unknown key)",
                       _closest(name, fields_at(loc[:-1])))
    kind_list = len(loc) >= 2 and loc[-2] == "kinds" and isinstance(loc[-1], int)
    if kind in ("literal_error", "enum") or (kind == "value_error" and kind_list):
        choices = list(FILE_KINDS) if kind_list else _expected(ctx)
        what = "khoá" if is_key else "giá trị"
        return Problem(where(loc, not is_key), key,
                       f"{what} «{loc[-1] if is_key else given}» không hợp lệ; chấp nhận: "
                       f"{', '.join(choices)} (unknown {'key' if is_key else 'value'})",
                       _closest(loc[-1] if is_key else given, choices))
    if kind == "string_pattern_mismatch" and is_key and loc[:2] == ("signatures", "algorithms"):
        return Problem(where(loc, False), key,
                       f"thuật toán «{loc[-1]}» không biết; dùng sha1, sha256, md5, rsa-1024, "
                       "… (unknown algorithm)", _closest(loc[-1], _ALGORITHMS))
    if kind == "missing":
        return Problem(where(loc, False), key,
                       f"thiếu khoá bắt buộc «{loc[-1] if loc else ''}» (missing)")
    if kind == "union_tag_invalid":
        return Problem(where(loc, True), key, "cần một ngày (YYYY-MM-DD) hoặc { working_days = "
                       "N, after = \"survey_received\" } (a date or working days)")
    if kind == "value_error":
        return Problem(where(loc, True), key, str(ctx.get("error", err["msg"])))
    vi = _TYPES_VI.get(kind, "giá trị không hợp lệ")
    limit = next((str(ctx[k]) for k in ("ge", "gt", "le", "lt") if k in ctx), "")
    detail = f" (giới hạn {limit})" if limit else ""
    return Problem(where(loc, True), key,
                   f"{vi}{detail}: «{given}» ({err['msg']})" if not isinstance(given, dict)
                   else f"{vi} ({err['msg']})")


_ALGORITHMS = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "rsa-1024", "rsa-2048",
               "ecdsa", "dsa", "ed25519"]


# -- references and files -----------------------------------------------------------

def fact_names() -> list[str]:
    """Read now, not at import: other work adds names to the vocabulary."""
    try:
        return sorted(tomllib.loads(FACTS_FILE.read_text(encoding="utf-8")).get("facts", {}))
    except (OSError, tomllib.TOMLDecodeError):
        return []


def _list(v: object) -> list[Any]:
    return v if isinstance(v, list) else []


def _dict(v: object) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}


def _references(raw: dict[str, Any], base_dir: Path, where: Where, files: bool
                ) -> list[Problem]:
    out: list[Problem] = []

    def add(loc: Loc, message: str, suggestion: str | None = None, *, value: bool = True,
            warning: bool = False) -> None:
        out.append(Problem(where(loc, value), key_name(loc), message, suggestion, warning))

    units = [_dict(u) for u in _list(raw.get("units"))]
    criteria = [_dict(c) for c in _list(raw.get("criteria"))]
    if isinstance(raw.get("units"), list) and not units:
        add(("units",), "chưa có đơn vị nào (no units)", value=False)
    if isinstance(raw.get("criteria"), list) and not criteria and not raw.get("criteria_from") \
            and not _dict(raw.get("scoring")):
        add(("criteria",), "chưa có tiêu chí nào (no criteria)", value=False)
    codes = [u.get("code") for u in units]
    unit_codes = [c for c in codes if isinstance(c, str)]
    for what, items in (("đơn vị", units), ("tiêu chí", criteria)):
        seen: set[object] = set()
        table = "units" if items is units else "criteria"
        for i, item in enumerate(items):
            code = item.get("code")
            if code in seen:
                add((table, i, "code"), f"mã {what} «{code}» bị trùng (duplicate code)")
            seen.add(code)
    for i, u in enumerate(units):
        parent = u.get("parent")
        if isinstance(parent, str):
            if parent == u.get("code"):
                add(("units", i, "parent"), "đơn vị không thể là cấp trên của chính nó "
                    "(parent is the unit itself)")
            elif parent not in unit_codes:
                add(("units", i, "parent"), f"đơn vị cấp trên «{parent}» không có trong "
                    "danh sách đơn vị (unknown parent)",
                    _closest(parent, [c for c in unit_codes if c != u.get("code")]))
    # deadlines per level: every level with units has one, once any deadline is given
    deadlines = _dict(raw.get("deadlines"))
    if deadlines and "default" not in deadlines and set(deadlines) <= {*LEVELS, "default"}:
        for level in sorted({str(u.get("level")) for u in units if u.get("level") in LEVELS}):
            if level not in deadlines:
                add(("deadlines",), f"không có hạn nộp cho cấp «{level}» (và không có "
                    "«default»): đơn vị cấp này không bao giờ bị tính nộp muộn (no deadline "
                    "for this level)", value=False)
    facts = fact_names()
    for i, c in enumerate(criteria):
        ev = _dict(c.get("evidence"))
        for name in ("numerator", "denominator", "value"):
            fact = ev.get(name)
            if isinstance(fact, str) and facts and fact not in facts:
                add(("criteria", i, "evidence", name),
                    f"số liệu «{fact}» không có trong verifiers/data/facts.toml (unknown fact)",
                    _closest(fact, facts))
        sig = ev.get("signatures")
        if sig in ("personal", "both"):
            levels = set(_list(c.get("levels"))) or set(LEVELS)
            for j, u in enumerate(units):
                if u.get("level") in levels and not any(
                        _dict(ld).get("id") for ld in _list(u.get("leaders"))):
                    add(("units", j, "leaders"), f"tiêu chí «{c.get('code')}» đòi ký số cá "
                        f"nhân của lãnh đạo nhưng đơn vị «{u.get('code')}» không có lãnh đạo "
                        "nào có định danh chứng thư (no leader with a certificate id)",
                        value=False, warning=True)
    if files:
        _files(raw, base_dir, add)
        _scoring(raw, base_dir, criteria, add)
    tz = raw.get("timezone")
    if isinstance(tz, str):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            add(("timezone",), f"múi giờ «{tz}» không có (unknown time zone)",
                "Asia/Ho_Chi_Minh")
    comp = _dict(raw.get("complaints"))
    if comp and ("within" in comp) == ("days" in comp):
        add(("complaints",), "ghi đúng một trong «within» (ngày làm việc) hoặc «days» (ngày) "
            "(exactly one of within, days)", value=False)
    return out


Add = Callable[..., None]


def _files(raw: dict[str, Any], base_dir: Path, add: Add) -> None:
    def resolve(p: str) -> Path:
        return Path(p) if Path(p).is_absolute() else base_dir / p

    for key, what in (("claims", "bảng tự đánh giá"), ("trust_roots", "chứng thư gốc"),
                      ("crls", "danh sách thu hồi (CRL)")):
        for i, p in enumerate(_list(raw.get(key))):
            if isinstance(p, str) and not resolve(p).exists():
                add((key, i), f"không tìm thấy {what} «{p}» ({resolve(p)}: file not found)")
    log = raw.get("received_log")
    if isinstance(log, str) and not resolve(log).is_file():
        add(("received_log",), f"không tìm thấy nhật ký tiếp nhận «{log}» (file not found)")
    uploads = raw.get("uploads", "uploads")
    if isinstance(uploads, str) and not resolve(uploads).is_dir():
        add(("uploads",), f"chưa có thư mục tải lên «{uploads}» (uploads folder missing: "
            "kiemchung run needs it)", warning=True)


def _scoring(raw: dict[str, Any], base_dir: Path, criteria: list[dict[str, Any]],
             add: Add) -> None:
    from kiemchung.core.errors import ConfigError
    from scoring.criteria_set import find_criteria_set, load_criteria_set
    from scoring.tiers import find_tiers, load_tiers

    source = raw.get("criteria_from")
    if isinstance(source, str):
        try:
            load_criteria_set(find_criteria_set(source, base_dir))
        except ConfigError as exc:
            add(("criteria_from",), f"không dùng được bộ tiêu chí «{source}» ({exc.message})")
    scoring = _dict(raw.get("scoring"))
    name = scoring.get("set")
    if not isinstance(name, str):
        return
    try:
        cset = load_criteria_set(find_criteria_set(name, base_dir))
    except ConfigError as exc:
        add(("scoring", "set"), f"không dùng được bộ tiêu chí chấm điểm «{name}» "
            f"({exc.message})")
        return
    if cset.no_points:
        add(("scoring", "set"), f"bộ tiêu chí {cset.code} không cho điểm (Criteria set "
            f"{cset.code} gives no points: it can supply criteria, criteria_from, not scores)")
        return
    scored = [c.code for c in cset.criteria]
    for i, c in enumerate(criteria):
        code = c.get("code")
        if isinstance(code, str) and code not in scored:
            add(("criteria", i, "code"), f"tiêu chí «{code}» không có trong bộ tiêu chí chấm "
                f"điểm {cset.code}: nó sẽ không được chấm điểm (not in the scoring set)",
                _closest(code, scored))
    tiers = scoring.get("tiers")
    if isinstance(tiers, str):
        try:
            tables = load_tiers(find_tiers(tiers, base_dir))
        except ConfigError as exc:
            add(("scoring", "tiers"), f"không dùng được bảng mức «{tiers}» ({exc.message})")
            return
        for level, table in tables.items():
            unknown = set(table.results_groups + table.readiness_groups) - set(cset.groups)
            if unknown:
                add(("scoring", "tiers"), f"bảng mức {tiers} ({level}) nêu nhóm "
                    f"{sorted(unknown)} mà bộ {cset.code} không có (unknown groups)")


__all__ = ["CampaignCheck", "Problem", "check_campaign", "fields_at", "validate_campaign"]
