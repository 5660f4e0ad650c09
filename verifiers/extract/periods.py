"""Reporting periods and a document's own dates, from the rows of the layout model.

A period is read where a page states it: a filter bar («Từ ngày [..] Đến ngày [..]»,
«Ngày bắt đầu [..] Ngày kết thúc [..]», «Kỳ báo cáo: [Quý III/2021]»), a line «Thời
gian: A - B», «Kỳ thống kê», «Năm 2019», «Quý III/2019», «tháng 10/2019 – tháng
9/2020». A lone date (the clock in the header, «Đăng nhập lúc …», «Hôm nay: …») is never
a period. Two different periods on one page are both kept and flagged: which one the
figures belong to is for a reviewer. A PDF's own text states a roman quarter exactly; an
OCR-read one is checked on the image (its strokes counted), and a period's date words OCR
doubted are read again alone (``reread_period_dates``): a second read that states another
period keeps both for a reviewer.

A document's own date comes only from its «<place>, ngày … tháng … năm …» line (or
«Ngày … tháng … năm …» heading an invoice); when that line is there but its day or
month cannot be read, what could be read is reported, flagged — never another date
from the body.
"""

from __future__ import annotations

import calendar
import itertools
import re
import unicodedata
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

from kiemchung.core.text import fold as fold_text
from verifiers.extract.candidates import Candidate, combine
from verifiers.extract.dates import (
    ARTICLE,
    PLAUSIBLE_YEARS,
    is_place,
    make_date,
    parse_date,
    parse_month,
    parse_place_date,
)
from verifiers.ocr.layout import Row
from verifiers.results import REVIEW_CERTAINTY, FactReport

if TYPE_CHECKING:
    from verifiers.extract.facts import TextLine, Token
    from verifiers.ocr.engine import Word as EngineWord
    from verifiers.ocr.images import Prepared

D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
QUALIFIER = r"(?:bao\s*cao|thong\s*ke|so\s*lieu|danh\s*gia|tong\s*hop|bc)\b"
"""What a period is of: a report («báo cáo», «BC»), statistics, the figures, a summary
(«tổng hợp»)."""
LABEL = (r"(?:k(?!e\b)\w{0,2}\s*" + QUALIFIER + r"|(?<![a-z]\s)\bky\s*(?=:)|"
         r"(?:chon\s*)?(?:khoang\s*)?thoi\s*gian(?:\s*(?:" + QUALIFIER + r"|loc))?|"
         r"khoang\s*ngay|tu\s*ngay\s*[-–/]?\s*den\s*ngay|"
         r"giai\s*doan|so\s*lieu|thoi\s*ky)")
"""A period's label: «Kỳ báo cáo», «Kỳ BC», «Kỳ tổng hợp», «Kỳ:» (the word alone only
before its colon and first in its phrase: «chữ ký:», «Đăng ký:», «cùng kỳ:», «ngày ký:»
are a signature, a registration, the year before and a signing date), «Thời gian thống
kê», «Khoảng ngày», «Từ ngày - Đến ngày» heading one range input, «Giai đoạn», «Số liệu».
«Thống kê | Báo cáo» (two items of a menu bar) is none: «kê» is no «kỳ»."""
SIGN = re.compile(r"\b[kK][ýíÝÍ](?=\s*:)")
"""«Ký:», «Kí:»: signing, not «Kỳ:» (a period); both fold to «ky», so a text that
keeps its marks tells them apart before folding (``period_text``)."""
DASH = r"(?:[-–—][>»›¬]?|~|→|=>)"
"""A range's dash: hyphen, en and em dashes, a tilde, an arrow, also as OCR reads an
arrow's head apart from its shaft («-¬», «->», «-»»)."""
NGAY = r"(?:ng[a-z]{1,3}y\s*)?"
"""«ngày», also as OCR garbles its accent into letters («ngäãy» folds to «ngaay»)."""
FROM_TO = re.compile(r"tu\s*" + NGAY + r":?\s*" + D + r"\s*[-–]?\s*(?:den|toi)\s*" + NGAY +
                     r":?\s*" + D)
START_END = re.compile(r"ngay\s*bat\s*dau\s*:?\s*" + D + r"\s*ngay\s*ket\s*thuc\s*:?\s*" + D)
LABELLED_RANGE = re.compile(LABEL + r"\s*:?\s*(?:tu\s*)?(?:ngay\s*)?" + D +
                            r"\s*(?:" + DASH + r"|>|den|toi)?\s*(?:ngay\s*)?" + D)
BARE_RANGE = re.compile(D + r"\s*" + DASH + r"\s*" + D)
QUARTER = re.compile(r"quy\s*(hi|h|[il1]{1,3}v?|v|[1-4])\s*(?:/|-|n\w{1,3}m|⁄)\s*(\d{4})")
"""«Quý III/2019», «Quý 3/2019», «Quý 3 năm 2019», and roman numerals as OCR reads their
strokes: I as l or 1, II as Il or 11 or, in a serif face whose serifs touch, H, III as lII
or HI, IV as lV."""
QUARTER_BARS = re.compile(r"(quy\s*)([|!il1]*[|!][|!il1]*)(?=v?\s*(?:/|-|n\w{1,3}m|⁄))")
"""A roman numeral's stroke read as a bar («Quý |I/2020»): a stroke, not a box border."""
MONTHS = re.compile(r"thang\s*(\d{1,2})\s*/\s*(\d{4})\s*(?:-|–|den|toi)?\s*(?:thang\s*)?(\d{1,2})"
                    r"\s*/\s*(\d{4})")
MONTHS_FROM_TO = re.compile(r"tu\s*(?:thang\s*)?(\d{1,2})\s*/\s*(\d{4})\s*[-–]?\s*(?:den|toi)\s*"
                            r"(?:thang\s*)?(\d{1,2})\s*/\s*(\d{4})")
"""«Từ tháng 10/2018 đến tháng 9/2019», or with «tháng» lost: «Từ 10/2018 đến 9/2019»."""
MONTHS_LABELLED = re.compile(LABEL + r"\s*:?\s*(?:tu\s*)?(\d{1,2})\s*/\s*(\d{4})\s*"
                             r"(?:-|–|den|toi)?\s*(\d{1,2})\s*/\s*(\d{4})")
MONTH_ONE = re.compile(r"(?:" + LABEL + r"|thong\s*ke)\s*:?\s*thang\s*(\d{1,2})\s*(?:/|-|nam)\s*"
                       r"(\d{4})\b"
                       r"(?!\s*(?:[-–~→]|den\b|toi\b|thang\b))")
"""«Tháng 9/2021», «Tháng 9 năm 2021» in a labelled select (also «[Kỳ] thống kê» with
«Kỳ» misread): that month; not the first
month of a range whose end OCR garbled («tháng 10/2022 – tháng 9/2oz3»)."""
FILTER_PERIOD = re.compile(LABEL + r"\s*:?\s*(?:quy|thang)\b")
"""A period label right before «Quý» or «Tháng»: a filter's quarter or month."""
ISO_DATE = re.compile(r"\b(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})\b")
HALF = re.compile(r"(6|sau)\s*thang\s*(dau|cuoi)\s*nam\s*(\d{4})")
YEAR = re.compile(r"(?<!thang )(?<!\d )nam(?:\s*bao\s*cao)?\s*:?\s*(\d{4})\b")
LOOSE_FROM_TO = re.compile(r"tu\s*" + NGAY + r"\d[\d/.\s-]{5,12}\d\s*(?:den|toi)\s*" + NGAY +
                           r"\d[\d/.\s-]{5,12}\d")
UNREADABLE = (date.min, date.min)
"""A period stated on the page whose dates OCR could not read: it makes any other
period found doubtful (which of the two do the figures belong to?)."""
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_CERTAINTY = 0.79
ROMAN_LOOKALIKE_CERTAINTY = 0.7
"""How OCR reads roman quarters in a select box («Quý HI/2021», «Quý Il/2020»,
«Quý 11/2020»): taken, flagged."""
ROMAN_QUARTER = "quarter in roman numerals"
"""«Quý II/2023»: OCR drops or adds a stroke of a roman numeral (III read as II) without
doubting it, and reads it the same way twice: below review (IV, whose V cannot be lost
or gained without leaving the quarters, is read surely)."""
TWO_PERIODS_CERTAINTY = 0.5
BARE_CERTAINTY = 0.7
"""A date range without a period label: probably the period, for a reviewer."""
UNREADABLE_DATE_CERTAINTY = 0.3
DIGIT_LOOKS = str.maketrans("ozli", "0211")
DATE_LOOKS = re.compile(r"(?<![\w/])(?<!quy )(?:[0-9ozli]{1,2}/){1,2}[0-9ozli]{4}(?![\w/])|"
                        r"(?<=nam )[0-9ozli]{4}(?![\w/])")
"""A date or month/year whose digits may include look-alike letters: o→0, z→2, l/i→1
(never after «Quý», where I and l are a roman numeral)."""
DATE_SEP_LOOKS = re.compile(r"(?<![\w/])(\d{1,2}/\d{1,2})[il1!](\d{4})(?![\w/])")
"""«31/12I2021», «01/11!2018»: the second slash read as I (l, 1 once folded) or «!»."""
MONTH_SEP_LOOKS = re.compile(r"(?<=thang )(\d{1,2})[il](\d{4})(?![\w/])")
"""«tháng 8I2023»: a month's slash read as I or l (a digit 1 there could be the month's
own digit, «tháng 112023», so only letters count)."""
REPAIRED_CERTAINTY = 0.6
REPAIRED = "digits read as letters"


def _clean(folded: str) -> str:
    """Input-box borders OCR reads as brackets and bars ("(01/10/2018 |")."""
    folded = QUARTER_BARS.sub(lambda m: m.group(1) + re.sub(r"[|!]", "l", m.group(2)), folded)
    f = re.sub(r"[\[\]\(\)\|{}_]", " ", folded)
    return ISO_DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", f)  # a date picker


def _range(g: tuple[str, ...]) -> tuple[date, date] | None:
    a, b = make_date(*g[:3]), make_date(*g[3:6])
    return (a, b) if a and b and a <= b else None


def _roman(q: str) -> tuple[int, float]:
    """The quarter a «Quý» numeral stands for, and how sure the reading is: arabic 1–4
    sure; roman I–IV doubtful (OCR drops or adds a stroke without doubting it); strokes
    read as look-alikes (l, 1, |, H) more doubtful still."""
    if q in ("1", "2", "3", "4"):
        return int(q), 1.0
    if q == "iv":
        return 4, 1.0  # no stroke to drop or add: V and VI are no quarters
    if q in ROMAN:
        return ROMAN[q], ROMAN_CERTAINTY
    if q == "hi":
        return 3, ROMAN_LOOKALIKE_CERTAINTY
    if q == "h":
        return 2, ROMAN_LOOKALIKE_CERTAINTY  # II in a serif face: the serifs joined
    strokes, five = q.rstrip("v"), q.endswith("v")
    if not strokes or q.count("v") > 1:
        return 0, 0.0  # V alone is no quarter
    n = len(strokes)
    n = 4 if five and n == 1 else 0 if five else n
    return n, ROMAN_LOOKALIKE_CERTAINTY


def _quarter(q: str, y: str) -> tuple[date, date] | None:
    n = _roman(q)[0]
    yy = int(y)
    if not 1 <= n <= 4 or yy not in PLAUSIBLE_YEARS:
        return None
    end_month = 3 * n
    return date(yy, end_month - 2, 1), date(yy, end_month,
                                            calendar.monthrange(yy, end_month)[1])


def _months(g: tuple[str, ...]) -> tuple[date, date] | None:
    m1, y1, m2, y2 = (int(x) for x in g)
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or y1 not in PLAUSIBLE_YEARS or \
            y2 not in PLAUSIBLE_YEARS:
        return None
    a, b = date(y1, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])
    return (a, b) if a <= b else None


def _repair(f: str) -> str:
    """Dates with a digit OCR read as a look-alike letter («9/2oz3», «năm 2o19»), the
    letters turned back to digits where the result is a date of this era."""
    def fix(m: re.Match[str]) -> str:
        t = m.group(0)
        letters = sum(c.isalpha() for c in t)
        u = t.translate(DIGIT_LOOKS)
        year = u.rsplit("/", 1)[-1]
        if not letters or letters > 2 or not (year.isdigit() and int(year) in PLAUSIBLE_YEARS):
            return t
        return u
    f = DATE_SEP_LOOKS.sub(r"\1/\2", f)
    f = MONTH_SEP_LOOKS.sub(r"\1/\2", f)
    return DATE_LOOKS.sub(fix, f)


FILE_NAME = re.compile(r"(?:(?:\S+_|\b[A-Z][a-z]+[A-Z][A-Za-z0-9]*)\s?)*"
                       r"\S*\.(?i:x[il1|]sx?|docx?|pdf|csv|zip|png|jpe?g)\b")
"""A file's name in a window's title bar («TongHop_SoLieu_2023.xlsx», which OCR may
split after its underscores or read without them, its words then in unaccented camel
case «TongHop SoLieu 2023.xlsx»): neither a period's label («Số liệu») nor its year. A
camel-case word not before a file's extension («TuNgay:», «QuyIl/2020») is kept."""


def period_text(raw: str) -> str:
    """A row's text folded for reading its periods: as ``fold``, but «ký:» (signing)
    written apart from «kỳ:» (a period), which it folds alike, and file names left
    out. A text OCR read without its marks keeps «ky:» (the position rule of ``LABEL``
    alone then applies)."""
    text = FILE_NAME.sub(" ", unicodedata.normalize("NFC", raw))
    return fold_text(SIGN.sub("kysign", text))


def row_periods(text: str) -> list[tuple[tuple[date, date], float, str]]:
    """(period, certainty of it being the page's period, how) found in one row."""
    f = _clean(text)
    if ARTICLE.match(f):
        return []  # a contract's article: how long the work runs
    m = ICON_LEAD.match(text)  # on the text as read: «[j» still has its bracket
    lead = m.end() if m else 0
    out = _row_periods(f, lead)
    g = _repair(f)
    if g == f:
        return out
    # the repaired reading replaces the raw one (whose dates did not parse), below review
    got = {p for p, _c, _h in out}
    return [(p, c if p in got else c * REPAIRED_CERTAINTY,
             h if p in got else f"{h}, {REPAIRED}") for p, c, h in _row_periods(g, lead)]


ICON_LEAD = re.compile(r"^\s*(?:(?![-+–—•*·]\s)[^\w\s]+\w?|[b-df-hj-np-tv-xz])\s+")
"""A row's first token when it is an icon read as marks or one consonant (a calendar
icon before «Năm 2018» read as «[j», «@», «©»), not a list's bullet («+», «-», «•»,
«a)», «I.») nor a one-letter word («Ở năm 2019» folds to «o nam»)."""


def _row_periods(f: str, lead: int = 0) -> list[tuple[tuple[date, date], float, str]]:
    """The periods of a cleaned row text ``f``; ``lead``: the length of an icon read as
    text that opens it (ICON_LEAD), after which a year opens the row."""
    out: list[tuple[tuple[date, date], float, str]] = []
    for rx, how in ((FROM_TO, "from-to"), (START_END, "start-end"),
                    (LABELLED_RANGE, "labelled range")):
        for m in rx.finditer(f):
            r = _range(m.groups())
            if r:
                out.append((r, 1.0, how))
    for m in LOOSE_FROM_TO.finditer(f):
        if not any(_range(x.groups()) for x in FROM_TO.finditer(m.group(0))) and \
                not any(_months(x.groups()) for x in MONTHS_FROM_TO.finditer(m.group(0))):
            out.append((UNREADABLE, 0.0, "period with an unreadable date"))
    if not out:
        for m in BARE_RANGE.finditer(f):
            r = _range(m.groups())
            if r:
                out.append((r, BARE_CERTAINTY, "date range without a label"))
    for rx in (MONTHS, MONTHS_FROM_TO, MONTHS_LABELLED):
        for m in rx.finditer(f):
            r = _months(m.groups())
            if r and not any(p == r for p, _c, _h in out):
                out.append((r, 1.0, "months"))
    labelled = bool(re.search(LABEL, f)) or f.startswith("nam", lead) or "bao cao" in f or \
        bool(re.search(r"chon\s*nam|nam\s*bao\s*cao|loc\s*theo\s*nam", f))
    for m in QUARTER.finditer(f):
        r = _quarter(m.group(1), m.group(2))
        if r:
            sure = _roman(m.group(1))[1]
            out.append((r, (1.0 if labelled else 0.9) * sure,
                        "quarter" if sure == 1.0 else ROMAN_QUARTER))
    for m in HALF.finditer(f):
        y = int(m.group(3))
        r = (date(y, 1, 1), date(y, 6, 30)) if m.group(2) == "dau" else \
            (date(y, 7, 1), date(y, 12, 31))
        out.append((r, 1.0, "half year"))
    # «Kỳ báo cáo: Quý [?] năm 2018»: the quarter or month is unreadable, and the
    # year alone would be a wrong period
    if not out and FILTER_PERIOD.search(f) and not MONTH_ONE.search(f):
        return [(UNREADABLE, 0.0, "quarter or month not readable")]
    if not out and not MONTHS.search(f):
        for m in MONTH_ONE.finditer(f):
            mo, y = int(m.group(1)), int(m.group(2))
            if 1 <= mo <= 12 and y in PLAUSIBLE_YEARS:
                out.append(((date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])), 1.0,
                            "month"))
    if not out and labelled and "ngay" not in f:
        for m in YEAR.finditer(f):
            y = int(m.group(1))
            if y in PLAUSIBLE_YEARS:
                # «Năm 2020», «Năm báo cáo: 2020» heading its row is a filter's year
                sure = 1.0 if m.start() == lead else 0.9
                out.append(((date(y, 1, 1), date(y, 12, 31)), sure, "year"))
    return out


def _bands(rows: list[Row]) -> list[Row]:
    """The rows, and each pair of neighbouring rows that touch vertically joined left
    to right: a filter bar's label and its select box are often read a few pixels
    apart («Kỳ | Quý» above «báo cáo: | III/2021»)."""
    out = list(rows)
    for a, b in itertools.pairwise(rows):
        if a.box and b.box and min(a.box[3], b.box[3]) - max(a.box[1], b.box[1]) > 0:
            lines = tuple(sorted((*a.lines, *b.lines),
                                 key=lambda ln: ln.box[0] if ln.box else 0))
            box = (min(a.box[0], b.box[0]), min(a.box[1], b.box[1]), max(a.box[2], b.box[2]),
                   max(a.box[3], b.box[3]))
            out.append(Row(lines, box))
    return out


def _same_band(a: Row, b: Row) -> bool:
    if a.box is None or b.box is None:
        return a is b
    return min(a.box[3], b.box[3]) - max(a.box[1], b.box[1]) > 0


def _dates_conf(r: Row) -> float:
    """OCR's confidence in a row's dates: its words that are mostly digits («30/09/2018»,
    «31/12I2021»), not a misread label («I8 thống kê») or icon debris («1...|»); any digit
    when none is («QuýInăm2020», a period glued to its label)."""
    words = [(w.conf, w.text) for x in r.lines for w in x.words if w.conf is not None]

    def digits(t: str) -> int:
        return sum(ch.isdigit() for ch in t)
    dated = [c for c, t in words
             if digits(t) >= 2 and digits(t) > sum(ch.isalpha() for ch in t)] or \
        [c for c, t in words if digits(t)]
    return min(dated) / 100 if dated else 1.0


def _born_digital(r: Row) -> bool:
    """A row from a PDF's positioned text layer (a page without images): the producer's
    own characters, not OCR's reading of pixels."""
    return bool(r.lines) and all(ln.method == "text_layer" and ln.box is not None and
                                 all(w.conf is None for w in ln.words) for ln in r.lines)


def _roman_sureness(folded: str, period: tuple[date, date]) -> float:
    """How sure row_periods was of the roman numeral behind ``period`` (1 if none)."""
    for m in QUARTER.finditer(_clean(folded)):
        if _quarter(m.group(1), m.group(2)) == period:
            return _roman(m.group(1))[1] or 1.0
    return 1.0


def period_candidates(rows: list[Row], page: int, chrome: frozenset[int] = frozenset()
                      ) -> tuple[list[Candidate], list[tuple[str, str]]]:
    found: dict[tuple[date, date], tuple[float, Row, str]] = {}
    bands = _bands(rows)
    for r in rows:
        # a period label whose period neither its row nor a neighbour's gives: the
        # page states a period we could not read (a figure of the page's chrome beside
        # a title, a sheet's row number, is none of its dates)
        f = period_text(" ".join(ln.text for ln in r.lines if ln.id not in chrome))
        if re.search(LABEL, _clean(f)) and re.search(r"\d", f) and \
                not row_periods(f) and not any(
                    row_periods(period_text(b.text)) for b in bands[len(rows):]
                    if b.box and r.box and b.box[1] <= r.box[1] and b.box[3] >= r.box[3]):
            found.setdefault(UNREADABLE, (0.0, r, "labelled period not readable"))
    for r in bands:
        for period, cert, how in row_periods(period_text(r.text)):
            if how == ROMAN_QUARTER and _born_digital(r):
                # a PDF's own characters: no stroke of the numeral dropped or added
                cert, how = cert / _roman_sureness(r.folded, period), "quarter"
            old = found.get(period)
            if old is None or cert > old[0]:
                found[period] = (cert, r, how)
    unreadable = found.pop(UNREADABLE, None)
    if not found:
        return [], []
    # «Quý 4 năm 2023», «Tháng 9 năm 2021»: the year of a narrower period in the same
    # filter is no period of its own
    found = {p: v for p, v in found.items() if v[2] != "year" or not any(
        q != p and p[0] <= q[0] <= q[1] <= p[1] and _same_band(v[1], w[1])
        for q, w in found.items())}
    # a year or quarter that only restates an explicit range adds nothing
    explicit = {p for p, (_c, _r, how) in found.items()
                if how not in ("year", "quarter", ROMAN_QUARTER, "month")}
    if explicit:
        found = {p: v for p, v in found.items() if p in explicit or
                 not any(e[0] <= p[0] <= p[1] <= e[1] or p[0] <= e[0] <= e[1] <= p[1]
                         for e in explicit)}
    notes: list[tuple[str, str]] = []
    two = len(found) > 1 or unreadable is not None
    if len(found) > 1:
        notes.append(("FACT_AMBIGUOUS", "two reporting periods on the page: " + ", ".join(
            f"{a.isoformat()}..{b.isoformat()}" for a, b in sorted(found))))
    elif unreadable is not None:
        notes.append(("FACT_AMBIGUOUS", "a second reporting period on the page could not be "
                                        f"read: {unreadable[1].text}"))
    out: list[Candidate] = []
    for (a, b), (cert, r, how) in found.items():
        ln = r.lines[0]
        # the dates' own confidence: the row's buttons and icons say nothing about them
        conf = _dates_conf(r)
        src: dict[str, object] = {"kind": "line", "text": r.text, "layout": how}
        if two:
            src["alternatives"] = [f"{x.isoformat()}..{y.isoformat()}" for x, y in sorted(found)]
        for name, value in (("period_start", a.isoformat()), ("period_end", b.isoformat())):
            c = Candidate(name, value, r.text, page, r.box, ln.method, conf, cert, 1.0,
                          dict(src))
            if two:
                c.lower(TWO_PERIODS_CERTAINTY, "two reporting periods on the page")
            out.append(c)
    return out, notes


PLACE_DATE_LOOSE = re.compile(r"^\s*([^,:;]{2,40}),\s*ngay\b(.*?)thang\b(.*?)nam\b\s*(\d{4})?")
WEEKDAY = re.compile(r"^\s*(thu\s*(hai|ba|tu|nam|sau|bay)|chu\s*nhat|hom\s*nay)\b")
"""«Thứ Tư, ngày 30 tháng 10 năm 2019» in a page header is today's date, not a document's."""
CONTRACT_NO = re.compile(r"^so\s*:?\s*(\S+)")


def document_candidates(rows: list[Row], page: int) -> list[Candidate]:
    """A document's own date, a contract's number and date, an invoice's month."""
    out: list[Candidate] = []
    have: set[str] = set()

    def add(name: str, value: object, r: Row, cert: float = 1.0, how: str = "line") -> None:
        if name in have:
            return
        have.add(name)
        conf = min(x.conf for x in r.lines)
        out.append(Candidate(name, value, r.text, page, r.box, r.lines[0].method, conf, cert,
                             1.0, {"kind": "line", "text": r.text, "layout": how}))

    # the «<place>, ngày … tháng … năm …» line, read or not, before any «Ngày …» heading:
    # a date from the body never stands in for it
    for r in rows:
        for f in [ln.folded for ln in r.lines] + [r.folded]:
            if "document_date" in have or WEEKDAY.match(f):
                continue
            d = parse_place_date(f)
            if d is not None:
                add("document_date", d.isoformat(), r, how="place and date line")
                continue
            m = PLACE_DATE_LOOSE.match(f)
            if m and is_place(m.group(1)) and not parse_date(f):
                mm = re.search(r"\d{1,2}", m.group(3) or "")
                year = m.group(4)
                partial = (f"{year}-{int(mm.group()):02d}" if year and mm else year or "")
                add("document_date", partial or None, r, UNREADABLE_DATE_CERTAINTY,
                    "place and date line, day or month unreadable")
                out[-1].why.append("the document's date line is there but not fully readable")
    for r in rows:
        for f in [ln.folded for ln in r.lines] + [r.folded]:
            # «Ngày 05 tháng 11 năm 2019» heading an invoice
            if "document_date" in have or not f.startswith("ngay") or \
                    f.startswith("ngay bat dau") or len(f) > 40:
                continue  # a sentence that starts with a date is not a heading
            d = parse_date(f)
            if d is not None:
                add("document_date", d.isoformat(), r, how="date heading")
    for r in rows:
        f = r.folded
        if "contract_date" not in have and f.startswith("hom nay"):
            d = parse_date(f)
            if d is not None:
                add("contract_date", d.isoformat(), r)
        if "invoice_period" not in have and f.startswith("ky cuoc"):
            month = parse_month(f)
            if month:
                add("invoice_period", month, r)
        m = CONTRACT_NO.match(f)
        if m and "contract_number" not in have and "/hd" in m.group(1):
            raw = r.text.split(":", 1)[-1].strip() if ":" in r.text else r.text.split()[-1]
            add("contract_number", raw, r)
    return out


DISAGREE_CERTAINTY = round(REVIEW_CERTAINTY * 0.75, 3)
"""A period the image or a second read contradicts: below review, whatever else holds."""
STEM = 0.75
"""A column of a roman numeral's stroke: ink over this share of the numeral's height."""
STEM_WIDTH = 0.25
"""The widest a stroke may be for its height (regular fonts ~0.12, bold ~0.2): a wider
bar is strokes run together (III blurred into one), counting nothing."""
NUMERAL_TOKEN = re.compile(r"^([il1|!]{1,3}|hi|h)(?:[/\-⁄].*)?$")
"""A word that starts with the numeral, alone or with its year («II», «Il/2020»)."""


def _ink_pixels(img: Image.Image, min_width: int) -> tuple[bytes, int, int, float] | None:
    """A crop's grey pixels, its width and height, and the threshold between ink and
    paper (half-way between its darkest and lightest); None when it is too small or
    shows no contrast."""
    g = img.convert("L")
    w, h = g.size
    if w < min_width or h < 6:
        return None
    data = g.tobytes()
    lo, hi = float(min(data)), float(max(data))
    if hi - lo < 60:
        return None
    return data, w, h, (lo + hi) / 2


def _last_runs_start(img: Image.Image, n: int) -> int | None:
    """The x where the last ``n`` ink runs of a word's crop start (runs: columns with
    ink between blank columns), when at least ``n + 1`` runs are there (a year's four
    digits after its «/» and numeral); None when they run together."""
    px = _ink_pixels(img, 4)
    if px is None:
        return None
    data, w, h, t = px
    dark = sum(1 for v in data if v < t) > len(data) / 2  # light text on a dark field
    ink = [any((data[y * w + x] < t) != dark for y in range(h)) for x in range(w)]
    starts = [x for x in range(w) if ink[x] and (x == 0 or not ink[x - 1])]
    return starts[-n] if len(starts) > n else None


def count_strokes(img: Image.Image) -> int | None:
    """The vertical strokes at the left of a crop (a roman numeral, then its «/» or the
    word's end), counted on the pixels, not read: OCR drops or adds a stroke of III or II
    without doubting it. None when the crop does not show clear strokes — blurred ones
    run together, a dark background, a stroke wider than the others."""
    px = _ink_pixels(img, 2)
    if px is None:
        return None
    data, w, h, t = px
    ink = [[data[y * w + x] < t for y in range(h)] for x in range(w)]
    if sum(ink[0]) > 0.5 * h:
        return None  # a dark background: the margin left of the numeral is not blank
    rows = [any(ink[x][y] for x in range(w)) for y in range(h)]
    top, bot = rows.index(True), h - rows[::-1].index(True)
    height = bot - top
    if height < 6:
        return None
    kinds = []
    for col in ink:
        c = col[top:bot]
        mid = any(c[int(height * 0.35):int(height * 0.65)])
        kinds.append("S" if sum(c) >= STEM * height else "m" if mid else
                     "s" if any(c) else ".")
    return _stems("".join(kinds), height)


STEM_PART = re.compile(r"m?(S+)m?|m|s")
"""One part of an ink run's columns: a stem (stem columns, with one column of
mid-height-only ink at either edge: a serif face's stem widening, JPEG noise), a column
of mid-height ink away from a stem (a slash, a V, a crossbar, a digit's bowl: the
numeral ends there), or a column of light ink (a serif, which may join two strokes or a
stroke and the «/»)."""


def _stems(kinds: str, height: int) -> int | None:
    """The strokes counted from the columns' kinds (``count_strokes``): stems up to the
    first mid-height ink that is no stem's edge, run by run; None when the stems are
    not alike enough to be a numeral's."""
    widths: list[int] = []
    for run in (r for r in re.split(r"\.+", kinds) if r):
        stems = 0
        for part in STEM_PART.finditer(run):
            if part.group(1):
                widths.append(len(part.group(1)))
                stems += 1
            elif part.group(0) == "m":
                break
        else:
            if stems:
                continue
        break  # the numeral ended: a slash, a V or a digit, or a run with no stem
    if not widths or len(widths) > 3 or max(widths) > 2 * min(widths) + 1 or \
            max(widths) > STEM_WIDTH * height:
        return None
    return len(widths)


def confirm_roman_quarters(facts: list[FactReport], lines: list[TextLine],
                           prepared: dict[int, Prepared]) -> list[FactReport]:
    """The checks on the image of an OCR-read period (``read.py`` calls this after the
    page read): a roman quarter's strokes counted (``_count_quarter_strokes``), then
    the period's doubtful date words read again on their own (``reread_period_dates``)."""
    return reread_period_dates(_count_quarter_strokes(facts, lines, prepared), lines,
                               prepared)


def _count_quarter_strokes(facts: list[FactReport], lines: list[TextLine],
                           prepared: dict[int, Prepared]) -> list[FactReport]:
    """A roman quarter whose strokes, counted on the image, are as many as OCR read: no
    longer doubtful for its numeral (its digits' own confidence still counts). When
    they cannot be counted (the numeral glued to «Quý»: «QuýlI/2023») or differ from
    what OCR read, the quarter's words are read again on their own
    (``_quarter_again``): a numeral that read and a count agree on is the quarter, read
    again (``_settled_quarter``); else a count that differs is said in the doubts, and
    the fact stays for review."""
    by = {f.name: f for f in facts}
    start = by.get("period_start")
    if start is None or (start.source or {}).get("layout") != ROMAN_QUARTER or \
            (start.source or {}).get("alternatives") or start.bbox is None:
        return facts
    m = QUARTER.search(_clean(fold_text(start.raw)))
    prep = prepared.get(start.page or 1)
    if m is None or prep is None or m.group(1) == "hi":
        return facts
    sure = _roman(m.group(1))
    words = _numeral_words(lines, start.bbox)
    if words is None:
        return facts
    quy, numeral, after, year_end = words
    counted = None if numeral is None else count_strokes(_numeral_crop(prep, numeral, after))
    if counted != sure[0]:
        again = _quarter_again(prep, quy, year_end, counted)
        if again is not None:
            return _settled_quarter(facts, again, sure, int(m.group(2)))
    if counted is None:
        return facts
    out: list[FactReport] = []
    for f in facts:
        if f.name in ("period_start", "period_end") and \
                (f.source or {}).get("layout") == ROMAN_QUARTER:
            f = _counted_alike(f, counted, sure) if counted == sure[0] else \
                _counted_otherwise(f, counted, sure)
        out.append(f)
    return out


def _numeral_words(lines: list[TextLine], bbox: tuple[float, float, float, float]
                   ) -> tuple[Token, Token | None, Token | None, Token] | None:
    """The words of a quarter within a period's box: «Quý», the numeral's word (None
    when glued to «Quý»: «QuýlI/2023»), the word after the numeral, the word its year
    ends (the numeral's own «III/2020», or a next one: «II» «năm» «2020»)."""
    x0, y0, x1, y1 = bbox

    def inside(t: Token) -> bool:
        return t.box is not None and x0 - 1 <= t.box[0] <= x1 + 1 and y0 - 1 <= t.box[1] <= y1 + 1

    for ln in lines:
        toks = ln.tokens
        for i, t in enumerate(toks):
            f = fold_text(t.text)
            if not inside(t) or not f.startswith("quy"):
                continue
            glued = f != "quy"
            if glued and not GLUED_NUMERAL.match(f):
                continue
            numeral = None if glued else toks[i + 1] if i + 1 < len(toks) else None
            if numeral is not None and (not inside(numeral) or
                                        not NUMERAL_TOKEN.match(fold_text(numeral.text))):
                continue
            ends = [u for u in toks[i:i + YEAR_WORDS] if inside(u) and YEAR_IN.search(u.text)]
            if ends:
                after = toks[i + 2] if numeral is not None and i + 2 < len(toks) else None
                return t, numeral, after, ends[0]
    return None


GLUED_NUMERAL = re.compile(r"^quy([il1|!]{1,3}|hi|h)[/\-⁄]\d{4}$")
"""A numeral and its year glued to «Quý» («QuýlI/2023»): a narrow face's word spaces
lost."""
YEAR_WORDS = 4
"""«Quý», the numeral, «năm», the year: the words a quarter spans at most."""
YEAR_IN = re.compile(r"(?:19|20)\d\d")


def _numeral_crop(prep: Prepared, numeral: Token, after: Token | None) -> Image.Image:
    """The numeral's word on the page's image (``_stroke_crop``), ``after`` it the next
    word."""
    assert numeral.box is not None
    s, o = prep.scale, prep.offset
    box = tuple(v * s + o for v in numeral.box)
    nxt = after.box[0] * s + o if after is not None and after.box is not None else None
    return _stroke_crop(prep.image, (box[0], box[1], box[2], box[3]), numeral.text, nxt)


def _stroke_crop(img: Image.Image, box: tuple[float, float, float, float], text: str,
                 next_x: float | None) -> Image.Image:
    """A numeral's word (``box`` in ``img``'s pixels) cropped for counting its strokes:
    a blank margin left; to the right, the gap up to the next word (``next_x``) too, a
    stroke OCR left out of the word is still counted there."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    right = x1 + (h if text.isalpha() else 1)
    if next_x is not None:
        right = min(right, next_x - 1)
    return img.crop((int(x0 - max(2, h * 0.1)), int(y0) - 1, int(right), int(y1) + 1))


QUARTER_REREAD_HEIGHT = 40
"""Height in px a quarter's words are scaled to for their own read."""


def _read_scaled(crop: Image.Image, factor: float) -> tuple[Image.Image, list[EngineWord]]:
    """A crop of the page scaled by ``factor`` (Lanczos), a white border round it,
    read as one line: the scaled image (the words' boxes are on it) and its words.
    Raises OcrFailed."""
    from verifiers.ocr.engine import read_lines

    big = ImageOps.expand(crop.resize((max(1, int(crop.width * factor)),
                                       max(1, int(crop.height * factor))),
                                      Image.Resampling.LANCZOS), border=12, fill=255)
    return big, [w for ln in read_lines(big, 7) for w in ln.words]


def _quarter_again(prep: Prepared, quy: Token, year_end: Token, counted: int | None
                   ) -> tuple[int, int, float, str] | None:
    """«Quý …/yyyy» cropped from the image and read again on its own, scaled to
    ``QUARTER_REREAD_HEIGHT`` (light text on a dark select box turned dark on light):
    (numeral, year, the read's confidence 0–1, what it read) when its numeral is a
    roman one as many strokes as the image shows (``counted`` on the page, else counted
    on the crop at the numeral's word the read gives); None otherwise."""
    from verifiers.ocr.engine import OcrFailed

    assert quy.box is not None and year_end.box is not None
    s, o = prep.scale, prep.offset
    h = (quy.box[3] - quy.box[1]) * s
    pad = max(2.0, h * DATE_REREAD_PAD)
    crop = prep.image.crop((int(quy.box[0] * s + o - pad), int(quy.box[1] * s + o - pad),
                            int(year_end.box[2] * s + o + pad),
                            int(year_end.box[3] * s + o + pad))).convert("L")
    if sum(crop.tobytes()) < 128 * crop.width * crop.height:
        crop = ImageOps.invert(crop)
    crop = ImageOps.autocontrast(crop, cutoff=1)
    try:
        crop, read = _read_scaled(crop, QUARTER_REREAD_HEIGHT / max(1.0, h))
    except OcrFailed:
        return None
    said = " ".join(w.text for w in read)
    m = QUARTER.search(_clean(fold_text(said)))
    if m is None or not STROKES.match(m.group(1)):
        return None
    n = len(m.group(1))
    if counted is None:
        at = next((k for k, w in enumerate(read) if w.box is not None and
                   NUMERAL_TOKEN.match(fold_text(w.text))), None)
        if at is None:
            return None
        word = read[at]
        nxt = read[at + 1].box if at + 1 < len(read) else None
        assert word.box is not None
        counted = count_strokes(_stroke_crop(crop, word.box, word.text,
                                             nxt[0] if nxt is not None else None))
    if counted != n:
        return None
    conf = min(w.conf for w in read if w.conf is not None) / 100 if read else 0.0
    return n, int(m.group(2)), conf, said


STROKES = re.compile(r"^[il1]{1,3}$")
"""A roman numeral of strokes alone, as OCR reads them (I as l or 1): one a stroke (IV
has its V, and H is two strokes joined: ``_roman``)."""


QUARTER_READ_AGAIN = "quarter read again on its own"


def _settled_quarter(facts: list[FactReport], again: tuple[int, int, float, str],
                     sure: tuple[int, float], year: int) -> list[FactReport]:
    """The period facts as the quarter read again gives them, when its year is the
    page read's: the numeral a read of the quarter's words alone and the strokes
    counted on the image agree on (the page read's dropped or added stroke corrected),
    as sure as that read; its year read twice alike. Another year: as they were."""
    n, again_year, conf, said = again
    if again_year != year:
        return facts
    quarter = _quarter(str(n), str(year))
    assert quarter is not None
    values = {"period_start": quarter[0].isoformat(), "period_end": quarter[1].isoformat()}
    ocr = round(min(DATE_REREAD_CAP, conf), 3)
    out: list[FactReport] = []
    for f in facts:
        if f.name in values and (f.source or {}).get("layout") == ROMAN_QUARTER:
            src = dict(f.source or {})
            factors = dict(src.get("factors") or {})
            layout = round(min(1.0, float(factors.get("layout", sure[1])) / (sure[1] or 1.0)), 3)
            factors.update(ocr=ocr, layout=layout)
            src.update(layout="quarter", factors=factors,
                       check=f"{QUARTER_READ_AGAIN}: «{said}», the roman numeral's {n} strokes "
                             "counted on the image")
            if n != sure[0]:
                src["page_read"] = f.raw
            src["doubts"] = [d for d in src.get("doubts", [])
                             if not d.startswith(("OCR confidence", f"layout ({ROMAN_QUARTER})"))]
            if not src["doubts"]:
                del src["doubts"]
            cert = combine(ocr, layout, float(factors.get("mapping", 1.0))) * \
                float(factors.get("penalty", 1.0))
            f = replace(f, value=values[f.name], confidence=ocr, certainty=round(cert, 3),
                        source=src)
        out.append(f)
    return out


def _counted_alike(f: FactReport, counted: int, sure: tuple[int, float]) -> FactReport:
    """A period fact whose roman numeral's strokes the image shows as many as OCR read:
    the numeral's doubt answered, only the others stay."""
    src = dict(f.source or {})
    src["layout"] = "quarter"
    src["check"] = f"roman numeral's {counted} strokes counted on the image"
    cert = f.certainty
    if cert is not None and sure[1] > 0:
        cert = round(min(1.0, cert / sure[1]), 3)
        factors = dict(src.get("factors") or {})
        if "layout" in factors:
            factors["layout"] = round(min(1.0, factors["layout"] / sure[1]), 3)
            src["factors"] = factors
        src["doubts"] = [d for d in src.get("doubts", [])
                         if not d.startswith(f"layout ({ROMAN_QUARTER})")]
        if not src["doubts"]:
            del src["doubts"]
    return replace(f, certainty=cert, source=src)


def _counted_otherwise(f: FactReport, counted: int, sure: tuple[int, float]) -> FactReport:
    """A period fact whose roman numeral the image shows with another count of strokes
    than OCR read: said in the doubts, below review."""
    src = dict(f.source or {})
    src["doubts"] = [*src.get("doubts", []),
                     f"the image shows {counted} strokes in the roman numeral, OCR read {sure[0]}"]
    return replace(f, certainty=min(f.certainty or 0.0, DISAGREE_CERTAINTY), source=src)


QUARTER_WORD = re.compile(r"^[il|1]{1,3}v?/(19|20)\d\d$|^iv/(19|20)\d\d$")
"""A roman quarter and its year as one word («III/2020», «Il/2020»)."""
DATE_REREAD_BELOW = 90.0
"""A period's date word the page read gave less confidence (0–100) is read again alone."""
REJECTED_CONF = 1.0
"""A word confidence at most this is Tesseract rejecting part of what it took for the
word (a select box's chevron beside «Tháng 11/2021»), not a doubt about the characters
it kept (``engine.read_digits`` treats a strip's zeros alike): the word's own read,
alone in its crop, says how sure they are. Any other page confidence combines with the
second read as ``read.agreed_confidence`` does: a glyph misread on the page is misread
alike when read alone (a JPEG's 08/04/2019 read 08/03/2019 at 79, then at 95)."""
DATE_REREAD_HEIGHT = 40
"""Height in px a date word is scaled to for its own read."""
DATE_REREAD_CAP = 0.97
"""Two reads that agree are worth at most what an arithmetic check is (CHECKED_OCR)."""
DATE_REREAD_PAD = 0.2
"""Margin around the word's box, in text heights: enough for its ink, too little for
what stands beside it. A select box's chevron beside «Tháng 11/2021» made the page read
give the date confidence 0 (the glyph read and dropped); read alone, 97."""


def _date_word(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 2 and digits > sum(ch.isalpha() for ch in text)


def reread_period_dates(facts: list[FactReport], lines: list[TextLine],
                        prepared: dict[int, Prepared]) -> list[FactReport]:
    """A period whose date words OCR read with little confidence: each such word cropped
    tight from the image and read again on its own. A second read that states another
    period is said in the doubts and puts the period below review (a JPEG's 05/04/2019
    read again 03/04/2019: one of them is wrong). When the row, with the words as read
    again, states the same period, the reads' confidences combine (``REJECTED_CONF``).
    Two periods on the page are never settled here: which one the figures belong to is
    for a reviewer."""
    from verifiers.ocr.engine import OcrFailed

    by = {f.name: f for f in facts}
    start, end = by.get("period_start"), by.get("period_end")
    if start is None or end is None or start.method != "ocr" or start.bbox is None or \
            (start.source or {}).get("alternatives") or start.confidence is None or \
            start.confidence * 100 >= DATE_REREAD_BELOW or \
            (start.page, start.bbox, start.raw) != (end.page, end.bbox, end.raw) or \
            str((start.source or {}).get("check", "")).startswith(QUARTER_READ_AGAIN):
        return facts  # (a quarter's words read again on their own have been already)
    prep = prepared.get(start.page or 1)
    if prep is None:
        return facts
    x0, y0, x1, y1 = start.bbox
    words = [t for ln in lines if ln.page == (start.page or 1) for t in ln.tokens
             if t.box is not None and _date_word(t.text) and
             x0 - 1 <= (t.box[0] + t.box[2]) / 2 <= x1 + 1 and
             y0 - 1 <= (t.box[1] + t.box[3]) / 2 <= y1 + 1]
    weak = [t for t in words if t.conf is not None and t.conf < DATE_REREAD_BELOW]
    if not weak:
        return facts
    s, o = prep.scale, prep.offset
    # a roman numeral whose strokes were counted on the image is settled: of «III/2020»
    # only the year is read again, and its read alone answers for it (the page read's
    # doubt was the numeral's)
    numeral_ok = str((start.source or {}).get("check", "")).startswith("roman numeral's")
    again: list[tuple[str, float]] = []
    year_only: set[int] = set()
    for k, t in enumerate(weak):
        assert t.box is not None
        h = (t.box[3] - t.box[1]) * s
        pad = max(2.0, h * DATE_REREAD_PAD)
        left, head = t.box[0], ""
        if numeral_ok and QUARTER_WORD.match(fold_text(t.text)):
            # the year: the word's last four ink runs (its digits), cut off on the pixels
            word = prep.image.crop((int(t.box[0] * s + o), int(t.box[1] * s + o),
                                    int(t.box[2] * s + o), int(t.box[3] * s + o)))
            cut = _last_runs_start(word, 4)
            if cut is not None:  # else the digits run together: the whole word again
                left = t.box[0] + (cut - max(1.0, h * 0.08)) / s
                head = t.text[:t.text.index("/") + 1]
                year_only.add(k)
        crop = prep.image.crop((int(left * s + o - (pad if not head else 0)),
                                int(t.box[1] * s + o - pad),
                                int(t.box[2] * s + o + pad), int(t.box[3] * s + o + pad)))
        crop = ImageOps.autocontrast(crop.convert("L"), cutoff=1)
        try:
            crop, read = _read_scaled(crop, DATE_REREAD_HEIGHT / max(1.0, h))
        except OcrFailed:
            return facts
        if not read:
            return facts
        said = "".join(w.text for w in read)
        if head:  # the year read alone: its digits (a slash caught at the edge is no news)
            said = head + "".join(ch for ch in said if ch.isdigit())
        again.append((said, min(w.conf for w in read)))
    text = period_text(start.raw)
    for t, (new, _c) in zip(weak, again, strict=True):
        text = text.replace(fold_text(t.text), fold_text(new), 1)
    period = (date.fromisoformat(str(start.value)), date.fromisoformat(str(end.value)))
    stated = {p: (c, h) for p, c, h in row_periods(text)}
    said = ", ".join(new for new, _c in again)
    if period not in stated:
        out = []
        others = [p for p in stated if p != UNREADABLE]
        # a first read that needed its digits repaired («01/112021»: the slash lost, or
        # read as 1?) yields to a second read that states one period as written: the
        # value is the second read's, still for a reviewer (the reads disagree)
        clean = [p for p in others if REPAIRED not in stated[p][1]]
        yields = REPAIRED in str((start.source or {}).get("layout", "")) and \
            len(others) == 1 and len(clean) == 1
        for f in facts:
            if f.name in ("period_start", "period_end"):
                src = dict(f.source or {})
                src["doubts"] = [*src.get("doubts", []),
                                 f"its dates read again on their own: «{said}»"]
                if others:  # two readings, two periods: the line read again settles nothing
                    src["alternatives"] = [f"{a.isoformat()}..{b.isoformat()}"
                                           for a, b in sorted({period, *others})]
                value = f.value
                if yields:
                    value = clean[0][0 if f.name == "period_start" else 1].isoformat()
                    src["check"] = "repaired read replaced by the dates read again"
                f = replace(f, value=value, source=src,
                            certainty=min(f.certainty or 0.0, DISAGREE_CERTAINTY))
            out.append(f)
        return out
    from verifiers.ocr.read import agreed_confidence, calibrated

    confs = [calibrated(c) if (t.conf or 0.0) <= REJECTED_CONF or k in year_only else
             agreed_confidence(t.conf or 0.0, c)
             for k, (t, (_n, c)) in enumerate(zip(weak, again, strict=True))]
    confs += [t.conf for t in words if t not in weak and t.conf is not None]
    ocr = round(min(DATE_REREAD_CAP, min(confs) / 100), 3)
    if ocr <= (start.confidence or 0.0):
        return facts  # the second reads agree, and vouch for no more than the first
    cert, how = stated[period]
    out = []
    for f in facts:
        if f.name in ("period_start", "period_end"):
            src = dict(f.source or {})
            factors = dict(src.get("factors") or {})
            layout = float(factors.get("layout", 1.0))
            if REPAIRED in str(src.get("layout", "")) and REPAIRED not in how and \
                    "quarter" not in how:
                # read again, no letter stands for a digit (a quarter's numeral is
                # another matter: I read as 1 says nothing of a stroke dropped)
                layout = max(layout, cert)
            mapping = float(factors.get("mapping", 1.0))
            penalty = float(factors.get("penalty", 1.0))
            factors.update(ocr=ocr, layout=round(layout, 3))
            src["factors"] = factors
            src["doubts"] = [d for d in src.get("doubts", [])
                             if not d.startswith(("OCR confidence", "layout ("))]
            if layout < 1.0:
                src["doubts"].append(f"layout ({src.get('layout', how)}) certainty "
                                     f"{layout:.2f}")
            if not src["doubts"]:
                del src["doubts"]
            src["check"] = "; ".join(x for x in (str(src.get("check") or ""),
                                                 f"dates read again on their own: «{said}»")
                                     if x)
            f = replace(f, confidence=ocr,
                        certainty=round(combine(ocr, layout, mapping) * penalty, 3),
                        source=src)
        out.append(f)
    return out
