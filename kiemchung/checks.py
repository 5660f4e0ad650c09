"""Campaign checks: reporting windows, quarterly coverage, claims against evidence,
deadlines. Pure functions over plain values; the check stage feeds them from the
database and records what they return as findings."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kiemchung.core import formatting
from kiemchung.core.codes import FindingCode

if TYPE_CHECKING:
    from verifiers.results import FileReport

Window = tuple[date, date]


@dataclass(frozen=True)
class Problem:
    code: FindingCode
    params: dict[str, object]


def fmt(d: date) -> str:
    """A date in a finding message (dd/mm/yyyy): ``kiemchung.core.formatting.day``."""
    return formatting.day(d)


def window_text(w: Window) -> str:
    return formatting.day_range(w[0], w[1])


def quarter_slices(window: Window) -> list[Window]:
    """"3 tháng 01 văn bản": consecutive 3-month slices from the window's start, the
    last one cut at the window's (inclusive) end."""
    out: list[Window] = []
    start = window[0]
    while start <= window[1]:
        m = start.month + 3
        year, month = start.year + (m - 1) // 12, (m - 1) % 12 + 1
        nxt = date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
        out.append((start, min(date.fromordinal(nxt.toordinal() - 1), window[1])))
        start = nxt
    return out


def in_window(d: date, w: Window) -> bool:
    return w[0] <= d <= w[1]


def period_problem(facts: dict[str, str], w: Window, file: str) -> Problem | None:
    """A screenshot's "Từ ngày … đến ngày …" must be the window itself."""
    if "period_start" not in facts or "period_end" not in facts:
        return None
    start, end = date.fromisoformat(facts["period_start"]), date.fromisoformat(facts["period_end"])
    if (start, end) == w:
        return None
    return Problem(FindingCode.PERIOD_MISMATCH, {"file": file, "window": window_text(w),
                                                 "period": window_text((start, end))})


def date_problems(facts: dict[str, str], w: Window, file: str,
                  skip_document_date: bool) -> list[Problem]:
    """Dated facts outside the window. A signed document's own date is left to the
    signature-time check (SIG_OUTSIDE_WINDOW), so it is not reported twice."""
    out = []
    for name in ("contract_date", "document_date"):
        if name == "document_date" and skip_document_date:
            continue
        if name in facts and not in_window(date.fromisoformat(facts[name]), w):
            out.append(Problem(FindingCode.DATE_OUTSIDE_WINDOW, {
                "file": file, "date": fmt(date.fromisoformat(facts[name])),
                "window": window_text(w), "fact": name}))
    if "invoice_period" in facts:
        year, month = (int(x) for x in facts["invoice_period"].split("-"))
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1)
        last = date.fromordinal(last.toordinal() - 1)
        if last < w[0] or first > w[1]:
            out.append(Problem(FindingCode.DATE_OUTSIDE_WINDOW, {
                "file": file, "date": f"tháng {month:02d}/{year}", "window": window_text(w),
                "fact": "invoice_period"}))
    # one finding per file and code: keep the first (the fingerprint would merge them)
    return out[:1]


def late_problem(received: datetime, deadline: date | None, tz: str, file: str,
                 not_ranked: bool = False) -> Problem | None:
    """Received after the deadline day (the deadline day itself is accepted). Where the
    campaign says so (Gia Lai), a late unit is not ranked: the message tells it."""
    if deadline is None:
        return None
    aware = received if received.tzinfo else received.replace(tzinfo=UTC)  # stored in UTC
    day = aware.astimezone(ZoneInfo(tz)).date()
    if day <= deadline:
        return None
    consequence = "; đơn vị nộp muộn không được xếp hạng" if not_ranked else ""
    return Problem(FindingCode.LATE_UPLOAD, {"file": file, "received": fmt(day),
                                             "deadline": fmt(deadline),
                                             "consequence": consequence})


KIND_NAMES = {"pdf_signed": "PDF có chữ ký số", "pdf_text": "PDF văn bản (không ký số)",
              "pdf_scan": "PDF bản scan", "image": "ảnh chụp"}
ERROR_KINDS = {"empty", "unknown", "unreadable"}
"""Already reported as file errors: not reported again as the wrong kind."""


def kind_problem(kind: str, accepted: list[str], file: str) -> Problem | None:
    if not accepted or kind in accepted or kind in ERROR_KINDS:
        return None
    return Problem(FindingCode.EVIDENCE_KIND_WRONG, {
        "file": file, "kind": KIND_NAMES.get(kind, kind),
        "accepted": ", ".join(KIND_NAMES.get(k, k) for k in accepted)})


@dataclass(frozen=True)
class SignedDoc:
    """A valid signature on a current evidence file, as coverage needs it."""

    kind: str
    uid: str
    day: date


def signed_docs(report: FileReport | None, tz: str) -> list[SignedDoc]:
    """The valid signatures (not timestamps) of one stored report, each with its day in
    the campaign's time zone: what the quarterly-coverage check and its grid read."""
    from kiemchung.core.vocabulary import Verdict
    from verifiers.results import SignatureType

    zone = ZoneInfo(tz)
    out = []
    for s in report.signatures if report is not None else ():
        if s.verdict == Verdict.VALID and s.type == SignatureType.SIGNATURE and \
                s.signer.best_time:
            day = datetime.fromisoformat(s.signer.best_time).astimezone(zone).date()
            out.append(SignedDoc(s.signer.kind or "", s.signer.uid or "", day))
    return out


def coverage_problems(docs: Iterable[SignedDoc], w: Window, required: str,
                      leaders: list[tuple[str, str]], unit: str) -> list[Problem]:
    """Each 3-month slice needs a signed document: by the organization, and by each
    leader personally (``leaders``: (name, certificate UID)), as ``required`` says."""
    slices = quarter_slices(w)
    docs = list(docs)
    who: list[tuple[str, list[SignedDoc]]] = []
    if required in ("organization", "both"):
        who.append(("chữ ký cơ quan", [d for d in docs if d.kind == "organization"]))
    if required in ("personal", "both"):
        for name, uid in leaders:
            who.append((f"chữ ký cá nhân của {name}",
                        [d for d in docs if d.kind == "personal" and d.uid == uid]))
    out = []
    for label, mine in who:
        for q, (a, b) in enumerate(slices, start=1):
            if not any(a <= d.day <= b for d in mine):
                out.append(Problem(FindingCode.COVERAGE_QUARTER_MISSING, {
                    "unit": unit, "who": label, "quarter": q,
                    "slice": formatting.day_range(a, b)}))
    return out


def reason_problem(claimed: Decimal | None, maximum: Decimal, reason: str, criterion: str,
                   source: str) -> Problem | None:
    """Gia Lai (seed 001): «đối với các tiêu chí không đạt điểm tối đa đề nghị nêu rõ lý do
    không đạt». A claim below the criterion's maximum needs a reason. ``source``: the
    sheet and row, ``claims.csv:7``."""
    if claimed is None or maximum <= 0 or claimed >= maximum or reason.strip():
        return None
    sheet, _, row = source.rpartition(":")
    return Problem(FindingCode.REASON_MISSING, {
        "criterion": criterion, "claimed": formatting.number(claimed),
        "max": formatting.number(maximum),
        "file": sheet or source, "row": row})


def claim_problem(claimed: Decimal, found: list[tuple[Decimal, str]], fact: str,
                  tolerance: Decimal) -> Problem | None:
    """A claim is contradicted when the evidence shows the fact and no reading of it
    is within the tolerance (a share of the claimed value)."""
    if not found:
        return None
    if any(abs(v - claimed) <= tolerance * max(abs(claimed), Decimal(1)) for v, _ in found):
        return None
    value, source = found[0]
    from verifiers.extract.facts import fact_label

    return Problem(FindingCode.CLAIM_MISMATCH, {"fact": fact_label(fact),
                                                "claimed": formatting.number(claimed),
                                                "found": formatting.number(value),
                                                "source": source})
