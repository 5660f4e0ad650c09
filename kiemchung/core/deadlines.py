"""Working days and deadlines, as the công văn count them.

«Trong thời hạn 10 ngày làm việc kể từ ngày nhận được Công văn khảo sát» (Nam Đông,
seed 003): working days are Monday to Friday less Vietnamese public holidays (Tết and
the others, from the ``holidays`` package, which also knows the government's make-up
Saturdays), less a campaign's extra days off, plus its own make-up working days
([calendar] in the campaign file). The event's own day is not counted: the first
working day after it is day 1, and the deadline is the last day included.
Pure functions; nothing here reads the clock or the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiemchung.core.campaign_schema import CampaignConfig, Deadline, UnitSpec


class WorkCalendar:
    """Vietnamese working days with a campaign's overrides."""

    def __init__(self, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
                 ) -> None:
        self.days_off = frozenset(days_off)
        self.working_days = frozenset(working_days)

    def is_working_day(self, d: date) -> bool:
        if d in self.working_days:
            return True
        if d in self.days_off:
            return False
        holidays, make_up = _vietnam(d.year)
        if d in make_up:
            return True
        return d.weekday() < 5 and d not in holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself not counted)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        d = start
        while n:
            d += timedelta(days=1)
            if self.is_working_day(d):
                n -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        return sum(1 for i in range(1, (end - start).days + 1)
                   if self.is_working_day(start + timedelta(days=i)))


@lru_cache(maxsize=32)
def _vietnam(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Public holidays (days off, including substituted ones) and make-up Saturdays."""
    import holidays

    vn = holidays.country_holidays("VN", years=year)
    return frozenset(vn), frozenset(getattr(vn, "weekend_workdays", ()) or ())


def calendar_for(cfg: CampaignConfig) -> WorkCalendar:
    return WorkCalendar(cfg.calendar.days_off, cfg.calendar.working_days)


def resolve_deadline(spec: Deadline | None, cfg: CampaignConfig,
                     event_dates: Mapping[str, date], unit: UnitSpec | None = None
                     ) -> date | None:
    """A deadline as a date: a fixed date as it is; working days counted from the
    event's date (``event_dates`` first, then the unit's ``survey_received``, then the
    campaign's [events]); None while the event has no date."""
    from kiemchung.core.campaign_schema import WorkingDays

    if spec is None or isinstance(spec, date):
        return spec
    assert isinstance(spec, WorkingDays)
    start = event_dates.get(spec.after)
    if start is None and spec.after == "survey_received" and unit is not None:
        start = unit.survey_received
    if start is None:
        start = getattr(cfg.events, spec.after, None)
    if start is None:
        return None
    return calendar_for(cfg).add_working_days(start, spec.working_days)


def deadline_for(unit: UnitSpec, campaign: CampaignConfig,
                 event_dates: Mapping[str, date] | None = None) -> date | None:
    """The last day (inclusive) a unit's first submission is on time: its level's
    deadline, else ``default``. ``event_dates``: dates of the events this run knows
    (``{"notice": …, "publication": …}``); the unit's receipt of the survey comes from
    the unit or the campaign's [events]."""
    spec = campaign.deadlines.get(unit.level, campaign.deadlines.get("default"))
    return resolve_deadline(spec, campaign, event_dates or {}, unit)


def complaint_deadline(campaign: CampaignConfig, published: date) -> date | None:
    """The last day a unit may file a complaint about the published ranking."""
    spec = campaign.complaints
    if spec is None:
        return None
    if spec.days is not None:
        return published + timedelta(days=spec.days)
    return resolve_deadline(spec.within, campaign, {"publication": published})


def unit_deadline(campaign: CampaignConfig, code: str, level: str) -> date | None:
    """The deadline of the unit stored under ``code``: its own (its receipt of the
    survey counts where working days run from it), else its level's."""
    spec = campaign.unit(code)
    return deadline_for(spec, campaign) if spec is not None else campaign.deadline_for(level)
