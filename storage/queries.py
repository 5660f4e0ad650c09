"""The findings filter: one query for the reviewers' queue, the units' portal and the
CLI's ``findings`` command, so that the three list the same findings for the same filter.

Structured filters (unit, criterion, code, severity, status, assignee) and the sort run in
SQL on SQLite and PostgreSQL alike. The text search runs over folded text (lower case,
no diacritics: «quang phong» finds «Quảng Phong») of the file name, the message and the
unit's replies; neither database folds Vietnamese without an extension, so the search
folds in Python over the rows the SQL filters leave (thousands at most in a campaign).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from kiemchung.core.text import fold
from kiemchung.core.vocabulary import FindingStatus
from storage.models import Criterion, Evidence, Finding, Reply, Unit

PAGE_SIZE = 25
SORTS = ("unit", "criterion", "code", "severity", "newest", "oldest")
ANYONE = ""
"""``assignee`` filter: whoever has it, or nobody."""
NOBODY = "-"
"""``assignee`` filter: findings nobody has yet."""
ALL_STATUSES = "all"


@dataclass(frozen=True)
class FindingFilter:
    """What to list. Empty strings mean «any»."""

    unit: str = ""
    """A unit's code."""
    criterion: str = ""
    """A criterion's code."""
    code: str = ""
    """A finding code (``CLAIM_MISMATCH``)."""
    severity: str = ""
    status: str = FindingStatus.OPEN
    """A ``FindingStatus`` value, or ``all``."""
    assignee: str = ANYONE
    """A reviewer's username, ``NOBODY`` or ``ANYONE``."""
    search: str = ""
    """Words to find in the file name, the message and the replies (folded)."""
    sort: str = "unit"
    """One of ``SORTS``."""
    page: int = 1
    page_size: int = PAGE_SIZE
    unit_id: int | None = None
    """Only this unit's findings (a unit's own account): a fence, not a choice."""

    def changed(self, **change: Any) -> FindingFilter:
        return replace(self, **change)


@dataclass(frozen=True)
class FindingRow:
    """One finding with what a list shows beside it."""

    finding: Finding
    unit_code: str
    unit_name: str
    criterion_code: str
    criterion_title: str
    file: str
    """The evidence file's path under the uploads folder ('' for a criterion-wide one)."""
    replies: int
    """How many replies (giải trình) the unit has sent about it."""

    @property
    def id(self) -> int:
        return self.finding.id or 0

    @property
    def replied(self) -> bool:
        return self.replies > 0


@dataclass(frozen=True)
class FindingPage:
    rows: list[FindingRow] = field(default_factory=list)
    total: int = 0
    """Rows matching the filter over all pages."""
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _order(sort: str) -> list[Any]:
    unit, crit, code, fid = col(Unit.code), col(Criterion.code), col(Finding.code), \
        col(Finding.id)
    if sort == "criterion":
        return [crit, unit, code, fid]
    if sort == "code":
        return [code, unit, fid]
    if sort == "severity":
        return [case((col(Finding.severity) == "blocking", 0), else_=1), unit, fid]
    if sort == "newest":
        return [col(Finding.created_at).desc(), fid.desc()]
    if sort == "oldest":
        return [col(Finding.created_at), fid]
    return [unit, crit, code, fid]


def find_findings(session: Session, campaign_id: int, f: FindingFilter) -> FindingPage:
    """The findings of a campaign that match ``f``, sorted, one page of them, with the
    number matching over all pages."""
    replies = (select(Reply.finding_id, func.count().label("n"))
               .group_by(col(Reply.finding_id)).subquery())
    stmt = (sql_select(Finding, col(Unit.code), col(Unit.name), col(Criterion.code),
                       col(Criterion.title), col(Evidence.source_path), replies.c.n)
            .outerjoin(Unit, col(Unit.id) == col(Finding.unit_id))
            .outerjoin(Criterion, col(Criterion.id) == col(Finding.criterion_id))
            .outerjoin(Evidence, col(Evidence.id) == col(Finding.evidence_id))
            .outerjoin(replies, replies.c.finding_id == col(Finding.id))
            .where(col(Finding.campaign_id) == campaign_id))
    if f.unit_id is not None:
        stmt = stmt.where(col(Finding.unit_id) == f.unit_id)
    if f.unit:
        stmt = stmt.where(col(Unit.code) == f.unit)
    if f.criterion:
        stmt = stmt.where(col(Criterion.code) == f.criterion)
    if f.code:
        stmt = stmt.where(col(Finding.code) == f.code)
    if f.severity:
        stmt = stmt.where(col(Finding.severity) == f.severity)
    if f.status and f.status != ALL_STATUSES:
        stmt = stmt.where(col(Finding.status) == f.status)
    if f.assignee == NOBODY:
        stmt = stmt.where(col(Finding.assignee).is_(None))
    elif f.assignee:
        stmt = stmt.where(col(Finding.assignee) == f.assignee)
    stmt = stmt.order_by(*_order(f.sort))
    size = max(1, f.page_size)
    start = (max(1, f.page) - 1) * size
    needle = fold(f.search).split()
    if not needle:
        total = session.execute(sql_select(func.count()).select_from(
            stmt.order_by(None).subquery())).scalar_one()
        found = list(session.execute(stmt.offset(start).limit(size)).all())
    else:
        found = _search(session, list(session.execute(stmt).all()), needle)
        total = len(found)
        found = found[start:start + size]
    rows = [FindingRow(x, ucode or "", uname or "", ccode or "", ctitle or "", path or "",
                       int(n or 0)) for x, ucode, uname, ccode, ctitle, path, n in found]
    return FindingPage(rows, int(total), size)


def _search(session: Session, found: list[Any], words: list[str]) -> list[Any]:
    """The rows whose file name, message or replies hold every word (folded)."""
    with_replies = [r[0].id for r in found if r[6]]
    texts: dict[int, list[str]] = {}
    for chunk in (with_replies[i:i + 500] for i in range(0, len(with_replies), 500)):
        for fid, text in session.exec(select(Reply.finding_id, Reply.text).where(
                col(Reply.finding_id).in_(chunk))):
            texts.setdefault(fid, []).append(text)
    out = []
    for r in found:
        x = r[0]
        hay = fold(" ".join([r[5] or "", x.message, r[2] or "", *texts.get(x.id, [])]))
        if all(w in hay for w in words):
            out.append(r)
    return out

