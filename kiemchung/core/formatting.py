"""How kiemchung writes numbers, dates, times and its vocabulary for people.

One place for the web app, the CLI, the exports, the notices and the campaign report:
numbers as Vietnamese write them («1.811», «95,5»), amounts in đồng («245.000.000 đ»),
percentages («93,3 %»), dates dd/mm/yyyy, times in Vietnam time with the offset said
(«14:05 01/12/2026 (UTC+7)»: stored times are UTC, a reader must not have to guess),
ages («3 ngày») and the Vietnamese words for every vocabulary the code keys in English.

Every function takes ``None`` (and a value it cannot read) without raising: a page that
shows a missing value shows «—», never a traceback. The vocabularies are keyed by the
enums' string values so this module imports nothing of the application above
``kiemchung.core``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

VN_ZONE = "Asia/Ho_Chi_Minh"
MISSING = "—"
"""What a missing value shows as."""
MINUS = "−"
"""U+2212, the minus sign typography uses (a hyphen reads as a dash in Vietnamese text)."""

# --- numbers -----------------------------------------------------------------------------

def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest decimal that reads back as the float: 1811.0 -> 1811.0,
        # 9.93 -> 9.93; six decimals more cut the binary noise of sums (0.1 + 0.2)
        d = Decimal(repr(value))
        return d.quantize(Decimal("0.000001"), ROUND_HALF_UP) if d.is_finite() else None
    if isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            return None
        return d if d.is_finite() else None
    return None


def number(value: object, decimals: int | None = None) -> str:
    """1811 → «1.811»; 1811.0 → «1.811»; Decimal("95.50") → «95,5»; −3 → «−3».

    ``decimals`` rounds (half up) to at most that many decimals; trailing zeros are
    never shown. A value that is not a number is shown as it is (or «—» for ``None``)."""
    d = _decimal(value)
    if d is None:
        return MISSING if value is None else str(value)
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if d == 0:
        d = Decimal(0)  # no «−0»
    sign = MINUS if d < 0 else ""
    text = f"{abs(d):f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


def points(value: object) -> str:
    """Points of a score: at most two decimals («12,5», «9,93», «20»)."""
    return number(value, 2)


def amount(value: object) -> str:
    """Money in whole đồng: 245000000 → «245.000.000 đ»."""
    d = _decimal(value)
    if d is None:
        return MISSING if value is None else str(value)
    return f"{number(d, 0)} đ"


def percent(ratio: object, decimals: int = 1) -> str:
    """A ratio as a percentage: 0.933 → «93,3 %»; 1 → «100 %»; 0.5 → «50 %»."""
    d = _decimal(ratio)
    if d is None:
        return MISSING if ratio is None else str(ratio)
    return f"{number(d * 100, decimals)} %"


def percent_of(part: object, whole: object, decimals: int = 1) -> str:
    """«93,3 %» for 28 of 30; «—» when the whole is zero or missing."""
    p, w = _decimal(part), _decimal(whole)
    if p is None or w is None or w == 0:
        return MISSING
    return percent(p / w, decimals)


def signed_number(value: object, decimals: int | None = 2) -> str:
    """A change: «+3», «−1,5», «=» for none."""
    d = _decimal(value)
    if d is None:
        return MISSING
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if d == 0:
        return "="
    return ("+" if d > 0 else "") + number(d)


# --- dates and times ---------------------------------------------------------------------

def _aware(t: datetime) -> datetime:
    """Stored times are UTC; SQLite gives them back naive."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _parse(value: object) -> date | datetime | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text) if "T" in text or " " in text or \
                len(text) > 10 else date.fromisoformat(text)
        except ValueError:
            return None
    return None


def day(value: object, tz: str = VN_ZONE) -> str:
    """A date as dd/mm/yyyy («01/10/2018»). A datetime is first put in ``tz`` (Vietnam
    time by default): 20:00 UTC on 30/09 is already 01/10 in Hà Nội. ISO text is read."""
    v = _parse(value)
    if v is None:
        return MISSING if value in (None, "") else str(value)
    if isinstance(v, datetime):
        v = _aware(v).astimezone(ZoneInfo(tz)).date()
    return v.strftime("%d/%m/%Y")


def day_range(start: object, end: object) -> str:
    """«01/10/2018–30/09/2019»."""
    return f"{day(start)}–{day(end)}"


def _offset(t: datetime) -> str:
    off = t.utcoffset() or timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else MINUS
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def moment(value: object, tz: str = VN_ZONE, seconds: bool = False) -> str:
    """A point in time in Vietnam time with its offset: «14:05 01/12/2026 (UTC+7)».

    Naive datetimes are taken as UTC (how the database stores them); ISO text is read;
    a bare date is shown as a date. ``seconds`` for signing times."""
    v = _parse(value)
    if v is None:
        return MISSING if value in (None, "") else str(value)
    if not isinstance(v, datetime):
        return day(v)
    local = _aware(v).astimezone(ZoneInfo(tz))
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{clock} {local.strftime('%d/%m/%Y')} ({_offset(local)})"


def duration(value: timedelta | float | int | None) -> str:
    """A length of time in its largest whole unit: «3 ngày», «5 giờ», «20 phút»,
    «dưới 1 phút». Seconds may be given as a number."""
    if value is None:
        return MISSING
    secs = value.total_seconds() if isinstance(value, timedelta) else float(value)
    secs = abs(secs)
    for size, unit in ((86400, "ngày"), (3600, "giờ"), (60, "phút")):
        if secs >= size:
            return f"{int(secs // size)} {unit}"
    return "dưới 1 phút"


def age(since: object, now: datetime | None = None) -> str:
    """How long ago: the age of a finding since it was found («3 ngày»)."""
    v = _parse(since)
    if not isinstance(v, datetime):
        return MISSING
    return duration((now or datetime.now(UTC)) - _aware(v))


# --- vocabularies ------------------------------------------------------------------------

VERDICTS: dict[str, str] = {
    "valid": "hợp lệ", "invalid": "không hợp lệ", "indeterminate": "chưa xác định",
    "unsigned": "không ký số", "error": "lỗi", "pending": "chưa kiểm tra",
}
UNIT_LEVELS: dict[str, str] = {
    "department": "Sở, ban, ngành", "district": "Cấp huyện", "office": "Phòng, ban",
    "commune": "Cấp xã", "other": "Khác",
}
FILE_KINDS: dict[str, str] = {
    "pdf_signed": "PDF có chữ ký số", "pdf_text": "PDF văn bản (không ký số)",
    "pdf_scan": "PDF bản scan", "image": "ảnh chụp", "empty": "tệp rỗng",
    "unknown": "loại không xác định", "unreadable": "tệp không đọc được",
}
FINDING_STATUSES: dict[str, str] = {
    "open": "đang mở", "closed": "đã đóng", "accepted": "đã chấp nhận", "rejected": "đã bác",
}
CLAIM_STATUSES: dict[str, str] = {
    "claimed": "chưa có minh chứng", "confirmed": "đã xác nhận", "contradicted": "mâu thuẫn",
    "needs_review": "chờ thẩm định",
}
NOTICE_STATUSES: dict[str, str] = {
    "pending": "chờ gửi", "retry": "lỗi, sẽ thử lại", "sent": "đã gửi",
    "failed": "gửi thất bại",
}
COMPLAINT_STATUSES: dict[str, str] = {
    "open": "chờ giải quyết", "accepted": "chấp nhận", "rejected": "không chấp nhận",
}
SEVERITIES: dict[str, str] = {"blocking": "chặn", "warning": "cảnh báo"}
SIGNER_KINDS: dict[str, str] = {
    "organization": "tổ chức", "personal": "cá nhân", "unknown": "chưa xác định",
}
ROLES: dict[str, str] = {"admin": "quản trị", "reviewer": "thẩm định viên", "unit": "đơn vị"}
DECISION_ACTIONS: dict[str, str] = {
    "accept": "chấp nhận", "reject": "bác", "override": "sửa giá trị",
    "reassign": "chuyển đơn vị, tiêu chí", "assign": "giao việc",
    "complaint:accepted": "chấp nhận khiếu nại", "complaint:rejected": "bác khiếu nại",
}
CERTIFICATE_FIELDS: dict[str, str] = {
    # keys of a signer (verifiers/signatures/identity.py) and asn1crypto's attribute names
    "common_name": "Tên chung", "organization": "Tổ chức", "organization_name": "Tổ chức",
    "organizational_unit_name": "Đơn vị", "country_name": "Quốc gia", "country": "Quốc gia",
    "state_or_province_name": "Tỉnh, thành phố", "locality_name": "Địa phương",
    "title": "Chức danh", "uid": "Mã định danh", "user_id": "Mã định danh",
    "email_address": "Thư điện tử", "serial_number": "Số hiệu", "serial": "Số hiệu chứng thư",
    "issuer": "Tổ chức cấp chứng thư", "fingerprint": "Dấu vân tay (SHA-256)",
    "kind": "Loại chữ ký", "key_bits": "Độ dài khóa (bit)",
    "not_before": "Hiệu lực từ", "not_after": "Hiệu lực đến",
    "revocation_date": "Ngày thu hồi",
}
INDICATIONS: dict[str, str] = {
    # ETSI EN 319 102-1 main and sub indications, as pyHanko reports them
    "TOTAL_PASSED": "Hợp lệ", "TOTAL_FAILED": "Không hợp lệ",
    "INDETERMINATE": "Chưa xác định"}
SUBINDICATIONS: dict[str, str] = {
    "HASH_FAILURE": "nội dung đã bị sửa sau khi ký",
    "SIG_CRYPTO_FAILURE": "chữ ký không khớp với khóa của chứng thư",
    "REVOKED": "chứng thư đã bị thu hồi",
    "NO_CERTIFICATE_CHAIN_FOUND": "không dựng được chuỗi chứng thư tới gốc tin cậy",
    "OUT_OF_BOUNDS_NO_POE": "ký ngoài thời hạn hiệu lực của chứng thư",
    "OUT_OF_BOUNDS_NOT_REVOKED": "ký ngoài thời hạn hiệu lực của chứng thư",
    "REVOKED_NO_POE": "chứng thư đã bị thu hồi, không có bằng chứng ký trước đó",
    "TRY_LATER": "chưa kiểm tra được tình trạng thu hồi, thử lại sau",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "thuật toán yếu, không có bằng chứng thời điểm",
    "CRYPTO_CONSTRAINTS_FAILURE": "thuật toán không còn được chấp nhận",
    "FORMAT_FAILURE": "định dạng chữ ký không đúng",
    "SIG_CONSTRAINTS_FAILURE": "chữ ký không đáp ứng yêu cầu",
    "CHAIN_CONSTRAINTS_FAILURE": "chuỗi chứng thư không đáp ứng yêu cầu",
    "SIGNED_DATA_NOT_FOUND": "không tìm thấy dữ liệu được ký",
    "POLICY_PROCESSING_ERROR": "lỗi khi áp dụng chính sách kiểm tra",
    "NO_SIGNING_CERTIFICATE_FOUND": "không tìm thấy chứng thư của người ký",
    "NOT_YET_VALID": "chứng thư chưa đến thời hạn hiệu lực",
    "EXPIRED": "chứng thư đã hết hạn",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "chuỗi chứng thư không hợp lệ",
    "SIGNATURE_POLICY_NOT_AVAILABLE": "không có chính sách chữ ký được yêu cầu",
    "TIMESTAMP_ORDER_FAILURE": "thứ tự các dấu thời gian không hợp lệ",
    "REVOKED_CA_NO_POE": "chứng thư của tổ chức cấp đã bị thu hồi, không có bằng chứng ký "
                         "trước đó",
    "REVOCATION_OUT_OF_BOUNDS_NO_POE": "thông tin thu hồi nằm ngoài thời hạn, không có bằng "
                                       "chứng thời điểm",
    "NO_POE": "không có bằng chứng thời điểm ký",
    "GENERIC": "lỗi chung khi kiểm tra chữ ký",
}
TIME_SOURCES: dict[str, str] = {
    # where a signature's time came from (verifiers/signatures)
    "timestamp": "theo dấu thời gian",
    "signer": "theo giờ người ký ghi (có múi giờ)",
    "signer-naive-vn": "theo giờ người ký ghi, không có múi giờ: hiểu là giờ Việt Nam (UTC+7)",
    "none": "không có thời điểm ký đáng tin",
}
ANNOTATION_HOWS: dict[str, str] = {
    # how a clerk added to a signed page
    "freetext": "chú thích chữ", "stamp": "dấu (stamp)", "field": "ô biểu mẫu",
    "content": "nội dung trang"}
FILE_STATES: dict[str, str] = {
    # a unit's file as its portal shows it
    "pending": "chờ kiểm tra", "rejected": "bị trả lại", "replaced": "đã thay thế",
    "verified": "đã kiểm tra", "withdrawn": "đã rút"}
_HUMAN_CERT_FIELDS = {
    # asn1crypto's Name.human_friendly words, as pyHanko shows an issuer
    "Common Name": "Tên chung", "Organization": "Tổ chức", "Organizational Unit": "Đơn vị",
    "Country": "Quốc gia", "State/Province": "Tỉnh, thành phố", "Locality": "Địa phương",
    "Title": "Chức danh", "User ID": "Mã định danh", "Email Address": "Thư điện tử",
    "Serial Number": "Số hiệu",
}
_HUMAN_CERT_RE = re.compile(r"(?<![\w/])(" + "|".join(
    re.escape(k) for k in sorted(_HUMAN_CERT_FIELDS, key=len, reverse=True)) + r")(?=\s*:)")

VOCABULARIES: dict[str, Mapping[str, str]] = {
    "verdict": VERDICTS, "level": UNIT_LEVELS, "kind": FILE_KINDS,
    "finding_status": FINDING_STATUSES, "claim_status": CLAIM_STATUSES,
    "notice_status": NOTICE_STATUSES, "complaint_status": COMPLAINT_STATUSES,
    "severity": SEVERITIES, "signer_kind": SIGNER_KINDS, "role": ROLES,
    "decision": DECISION_ACTIONS, "certificate_field": CERTIFICATE_FIELDS,
    "indication": INDICATIONS, "subindication": SUBINDICATIONS, "time_source": TIME_SOURCES,
    "annotation_how": ANNOTATION_HOWS, "file_state": FILE_STATES,
}


def label(vocabulary: str, value: object) -> str:
    """The Vietnamese word for ``value`` in one of ``VOCABULARIES`` (the value itself when
    it has none: an unknown value shows as it is, never as nothing)."""
    if value is None or value == "":
        return MISSING
    key = str(getattr(value, "value", value))
    return VOCABULARIES[vocabulary].get(key, key)


def certificate_name(text: str) -> str:
    """«Common Name: CA phục vụ…, Organization: Ban Cơ yếu…, Country: VN» with the field
    names in Vietnamese («Tên chung: …, Tổ chức: …, Quốc gia: VN»)."""
    return _HUMAN_CERT_RE.sub(lambda m: _HUMAN_CERT_FIELDS[m.group(1)], text or "")


# Facts that come from dates and numbers on a document rather than from labelled figures:
# not in facts.toml's [facts] (which maps labels to counts), named here.
DOCUMENT_FACTS: dict[str, str] = {
    "period_start": "Kỳ số liệu từ ngày", "period_end": "Kỳ số liệu đến ngày",
    "document_date": "Ngày văn bản", "contract_date": "Ngày hợp đồng",
    "contract_number": "Số hợp đồng", "invoice_period": "Kỳ cước",
}
_FACTS_FILES = (Path(__file__).resolve().parent / "data" / "facts.toml",
                Path(__file__).resolve().parents[2] / "verifiers" / "data" / "facts.toml")


@lru_cache(maxsize=1)
def _fact_labels() -> dict[str, str]:
    out = dict(DOCUMENT_FACTS)
    for path in _FACTS_FILES:
        if path.is_file():
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            out.update({name: str(spec["label"]) for name, spec in data.get("facts", {}).items()
                        if isinstance(spec, dict) and spec.get("label")})
            break
    return out


def fact_label(name: str) -> str:
    """The Vietnamese name people know a fact by (``period_start`` → «Kỳ số liệu từ
    ngày», ``outgoing_total`` → «Tổng số văn bản đi»)."""
    return _fact_labels().get(name, name)


def fact_value(name: str, value: object) -> str:
    """A fact's value as people read it: dates as dd/mm/yyyy, amounts in đồng, ratios as
    percentages (a value above 1 is taken as already in per cent), counts grouped."""
    if name in ("period_start", "period_end", "document_date", "contract_date") or \
            (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return day(value)
    if name == "amount":
        return amount(value)
    d = _decimal(value)
    if d is None:
        return MISSING if value is None else str(value)
    if name.endswith("_ratio") or name == "ratio":
        return percent(d) if d <= 1 else f"{number(d, 1)} %"
    return number(d)


# --- the web app's filters ---------------------------------------------------------------

def _vocab_filter(vocabulary: str) -> Callable[[object], str]:
    def f(value: object) -> str:
        return label(vocabulary, value)

    f.__name__ = f"label_{vocabulary}"
    return f


def jinja_filters() -> dict[str, Callable[..., str]]:
    """The filters the review web app installs (``templates.env.filters.update(...)``):
    ``{{ x | so }}``, ``{{ x | diem }}``, ``{{ x | tien }}``, ``{{ r | phan_tram }}``,
    ``{{ d | ngay }}``, ``{{ t | thoi_diem }}``, ``{{ t | tuoi }}``, ``{{ s | nhan("verdict") }}``,
    and one per vocabulary (``{{ v | nhan_verdict }}``, …)."""
    out: dict[str, Callable[..., str]] = {
        "so": number, "diem": points, "tien": amount, "phan_tram": percent, "ngay": day,
        "thoi_diem": moment, "thoi_luong": duration, "tuoi": age,
        "nhan": lambda value, vocabulary: label(vocabulary, value),
        "ten_so_lieu": fact_label, "gia_tri_so_lieu": lambda value, name: fact_value(name, value),
        "chung_thu": certificate_name,
    }
    out.update({f"nhan_{v}": _vocab_filter(v) for v in VOCABULARIES})
    return out
