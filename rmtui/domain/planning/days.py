"""The working days of a plan and when, on each, a customer can be visited.

A plan day runs from the configured start to the configured end minus the
minutes reserved for unplanned work (临时性工作): the route must be back by
then, so the reserved time is really free. Times are minutes since midnight.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from rmtui.domain.opening_hours import OpeningHours

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class LunchSpec:
    """Lunch: ``minutes`` long, lying wholly between ``earliest`` and ``latest``."""

    earliest: int
    latest: int
    minutes: int


@dataclass(frozen=True, slots=True)
class PlanDay:
    """One working day the plan may use; ``end`` already has the reserved minutes taken off."""

    day: date
    start: int
    end: int
    lunch: LunchSpec | None
    holiday: bool = False  # a public holiday worked anyway (opening hours ``PH`` apply)

    @property
    def usable_minutes(self) -> int:
        """Minutes of visits and travel the day holds at most (lunch taken off)."""
        return self.end - self.start - (self.lunch.minutes if self.lunch else 0)


@dataclass(frozen=True, slots=True)
class DayRules:
    """The settings a plan day is made from (minutes since midnight)."""

    start: int
    end: int
    reserved: int
    lunch: LunchSpec | None

    @classmethod
    def from_clock(cls, start: time, end: time, reserved: int, lunch_earliest: time, lunch_latest: time,
                   lunch_minutes: int) -> DayRules:
        lunch = LunchSpec(minutes_of(lunch_earliest), minutes_of(lunch_latest), lunch_minutes) \
            if lunch_minutes > 0 else None
        return cls(minutes_of(start), minutes_of(end), reserved, lunch)


class Calendar:
    """What plan days need from a work calendar (``rmtui.domain.workdays.WorkCalendar``)."""

    def is_working_day(self, day: date) -> bool: ...  # pragma: no cover - protocol

    def is_holiday(self, day: date) -> bool: ...  # pragma: no cover - protocol


def minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


def plan_days(days: Iterable[date], rules: DayRules, calendar: Calendar, now: datetime) -> tuple[PlanDay, ...]:
    """The working days among ``days`` still ahead: today only if the day has not begun."""
    out = []
    for d in days:
        if not calendar.is_working_day(d):
            continue
        if d < now.date() or (d == now.date() and minutes_of(now.time()) > rules.start):
            continue
        out.append(PlanDay(d, rules.start, rules.end - rules.reserved, rules.lunch, calendar.is_holiday(d)))
    return tuple(out)


def start_windows(hours: OpeningHours, day: PlanDay, minutes: int) -> tuple[Span, ...]:
    """When on ``day`` a ``minutes``-long visit may start so that it ends inside opening hours
    and inside the day (sorted, disjoint)."""
    spans = []
    for open_, close in hours.windows_on(day.day, is_holiday=day.holiday):
        first, last = max(open_, day.start), min(close, day.end) - minutes
        if first <= last:
            spans.append((first, last))
    return tuple(spans)


def clip_before(spans: tuple[Span, ...], latest_start: int) -> tuple[Span, ...]:
    """``spans`` with starts after ``latest_start`` cut off (a deadline on the day)."""
    return tuple((a, min(b, latest_start)) for a, b in spans if a <= latest_start)


def clip_around(spans: tuple[Span, ...], lo: int, hi: int) -> tuple[Span, ...]:
    """``spans`` restricted to ``lo … hi``."""
    return tuple((max(a, lo), min(b, hi)) for a, b in spans if max(a, lo) <= min(b, hi))


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
