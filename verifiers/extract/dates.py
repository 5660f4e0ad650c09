"""Vietnamese dates and reporting periods.

Matching runs on folded text (no diacritics, lower case), so "Ngày", "ngay" and
OCR's "ngảy" all read the same.
"""

from __future__ import annotations

import re
from datetime import date

D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
NUMERIC = re.compile(D)
WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
MONTH = re.compile(r"thang\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
PERIOD_FROM_TO = re.compile(r"tu\s*ngay\s*" + D + r"\s*den\s*ngay\s*" + D)
PERIOD_DASH = re.compile(r"(?:k\w{0,2}\s*bao\s*cao|k\w{0,2}\s*so\s*lieu)\s*[:;.]?\s*(?:tu\s*)?"
                         + D + r"\s*(?:-|–|~|den)?\s*" + D)
"""«Kỳ báo cáo: 01/10/2018 - 30/09/2019», also as OCR reads it: «KYy báo cáo;», the
dash lost between two dates."""
ARTICLE = re.compile(r"^\s*dieu\s*\d")
"""A contract's article ("Điều 3. Thời gian thực hiện: từ ngày … đến ngày …") states
how long the work runs, not the reporting period."""
PLACE_DATE = re.compile(r"^\s*([^,:;]{2,40}),\s*ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*"
                        r"(\d{4})")
MAX_PLACE_WORDS = 6
"""«Thành phố Hồ Chí Minh», «TP. Buôn Ma Thuột», «Hải Hà»."""
NOT_A_PLACE = re.compile(r"\b(?:thu\s*(?:hai|ba|tu|nam|sau|bay|2|3|4|5|6|7)|chu\s*nhat|hom\s*nay|"
                         r"xin\s*chao|trang\s*chu|bao\s*cao|van\s*ban|cap\s*nhat|dang\s*nhap)\b")


PLAUSIBLE_YEARS = range(1990, 2101)
"""Years a date on an e-government screen or document can have: another is a misread
(«30/09/2922» for 2022), no date."""


def make_date(d: str, m: str, y: str) -> date | None:
    """The date, or None when it is none (31/02) or its year is implausible."""
    if int(y) not in PLAUSIBLE_YEARS:
        return None
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(folded: str) -> date | None:
    """The first date in a folded text: dd/mm/yyyy, dd-mm-yyyy or "ngày d tháng m năm y"."""
    for rx in (WORDS, NUMERIC):
        m = rx.search(folded)
        if m:
            return make_date(*m.groups())
    return None


def parse_period(folded: str) -> tuple[date, date] | None:
    if ARTICLE.match(folded):
        return None
    for rx in (PERIOD_FROM_TO, PERIOD_DASH):
        m = rx.search(folded)
        if m:
            g = m.groups()
            start, end = make_date(*g[:3]), make_date(*g[3:])
            if start and end:
                return start, end
    return None


def parse_month(folded: str) -> str | None:
    """"tháng 10/2019" → ``2019-10``."""
    m = MONTH.search(folded)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{int(m.group(2)):04d}-{int(m.group(1)):02d}"
    return None


def is_place(folded: str) -> bool:
    """Whether the words before «, ngày …» can name a place: a few words, no digits, no
    weekday («Thứ Sáu, ngày 1 tháng 2 năm 2019» is a page header's today), no menu or
    greeting run together with it («Trang chủ Văn bản … Thứ Sáu»)."""
    words = folded.split()
    return 1 <= len(words) <= MAX_PLACE_WORDS and not any(c.isdigit() for c in folded) and \
        not NOT_A_PLACE.search(folded)


def parse_place_date(folded: str) -> date | None:
    """A document's own date line: "<place>, ngày … tháng … năm …"."""
    m = PLACE_DATE.search(folded)
    return make_date(*m.groups()[1:]) if m and is_place(m.group(1)) else None
