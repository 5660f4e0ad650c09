"""Where a campaign stands, for the dashboard: per criterion and per unit, files
received and verified, findings open and closed, claims confirmed / contradicted /
waiting, notices made and sent; and the scores for the charts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, col, select

from kiemchung.core.vocabulary import ClaimStatus, FindingStatus, NoticeStatus
from review.charts import Bar, claimed_vs_verified, rank_distribution
from scoring.unit_scores import UnitScore
from storage.models import Claim, Criterion, Evidence, Finding, Notice, Unit

NOT_RANKED = "chưa xếp hạng"


@dataclass
class Tally:
    """The counts of one row of the dashboard (a criterion, a unit, or the campaign)."""

    key: str
    name: str
    files: int = 0
    verified: int = 0
    open: int = 0
    closed: int = 0
    confirmed: int = 0
    contradicted: int = 0
    waiting: int = 0
    notices: int = 0
    sent: int = 0


@dataclass
class Overview:
    total: Tally
    criteria: list[Tally] = field(default_factory=list)
    units: list[Tally] = field(default_factory=list)
    score_chart: str = ""
    """SVG: claimed against verified score per unit."""
    rank_chart: str = ""
    """SVG: how many units got each rank."""


def overview(session: Session, campaign_id: int, version: str,
             scores: Sequence[UnitScore]) -> Overview:
    units = list(session.exec(select(Unit).where(Unit.campaign_id == campaign_id)
                              .order_by(col(Unit.code))))
    crits = list(session.exec(select(Criterion).where(Criterion.campaign_id == campaign_id)
                              .order_by(col(Criterion.code))))
    total = Tally("", "Cả đợt")
    by_unit = {u.id: Tally(u.code, u.name) for u in units}
    by_crit = {c.id: Tally(c.code, c.title) for c in crits}

    def rows(unit_id: int | None, crit_id: int | None) -> list[Tally]:
        return [t for t in (total, by_unit.get(unit_id), by_crit.get(crit_id)) if t]

    for ev in session.exec(select(Evidence).where(Evidence.campaign_id == campaign_id,
                                                  col(Evidence.replaced_at).is_(None))):
        for t in rows(ev.unit_id, ev.criterion_id):
            t.files += 1
            t.verified += ev.verified_version == version
    for x in session.exec(select(Finding).where(Finding.campaign_id == campaign_id)):
        for t in rows(x.unit_id, x.criterion_id):
            if x.status == FindingStatus.OPEN:
                t.open += 1
            else:
                t.closed += 1
    for c in session.exec(select(Claim).where(Claim.campaign_id == campaign_id)):
        for t in rows(c.unit_id, c.criterion_id):
            if c.status == ClaimStatus.CONFIRMED:
                t.confirmed += 1
            elif c.status == ClaimStatus.CONTRADICTED:
                t.contradicted += 1
            else:
                t.waiting += 1
    for n in session.exec(select(Notice).where(Notice.campaign_id == campaign_id)):
        for t in rows(n.unit_id, None):
            t.notices += 1
            t.sent += n.status == NoticeStatus.SENT
    bars = [Bar(s.name, s.claimed, s.verified) for s in scores]
    maximum = max([s.max_points for s in scores], default=Decimal(0))
    ranks = Counter(s.rank or NOT_RANKED for s in scores)
    order = sorted(r for r in ranks if r != NOT_RANKED) + \
        ([NOT_RANKED] if NOT_RANKED in ranks else [])
    return Overview(
        total, list(by_crit.values()), list(by_unit.values()),
        claimed_vs_verified(bars, maximum, "Điểm tự đánh giá và sau thẩm định"),
        rank_distribution([(r, ranks[r]) for r in order], "Số đơn vị theo xếp hạng"))
