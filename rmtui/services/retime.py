"""Retiming a day: planned times for the day's visits in the order they are in.

Every hand edit that changes a day's order (a move or reorder on the week
board or on Today, a visit added or moved in) ends here, and so does the
week board's measure of each day's load, so what the board says about a
day is what the manager will drive. The rules:

- a visit starts inside its customer's opening hours, as early as it can:
  arriving at a shop that opens at 10:00 starts the visit at 10:00 (the wait
  is part of the day);
- an appointment keeps its time (the manager arrives ``arrive_early_minutes``
  before it);
- lunch is taken on the leg that gets the day back earliest;
- the route may use the whole working day, the reserved minutes included:
  using them is a warning on the board, not a failure.

When the order cannot be kept that way, nothing is timed before a shop
opens: each visit starts as soon as it can after that, and the visits that
fall outside their hours (or miss their appointment) and a day that ends
too late are named in the result, never passed over in silence.

``time_day`` works on plain values (and is what the tests drive);
``retime_day`` and ``resequence_day`` read and write a day's stored visits.
The routing engine is imported only when a day is timed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time

from sqlalchemy.orm import Session

from rmtui.config import Settings
from rmtui.domain.opening_hours import OpeningHoursError, parse_opening_hours
from rmtui.domain.planning.days import PlanDay, minutes_of
from rmtui.domain.planning.periods import IsoWeek
from rmtui.store import plans as repo
from rmtui.store.models import PlannedVisit
from rmtui.workspace import Workspace

_LATE = 10 * 86_400  # seconds: "any time after" when an order that does not fit is timed anyway

Windows = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Stop:
    """A visit to time (minutes since midnight).

    ``windows`` are the customer's opening windows that day as (open, close);
    None means no restriction, ``()`` closed all day. ``appointment`` is the
    agreed start of an appointment: the visit starts then, whatever the hours.
    """

    id: int
    lat: float
    lon: float
    minutes: int
    windows: Windows | None = None
    appointment: int | None = None
    earliest: int | None = None  # not before this: a stored plan measured as it stands


@dataclass(frozen=True, slots=True)
class StopTime:
    """When a visit happens (minutes since midnight) and whether that keeps its rules."""

    id: int
    arrive: int  # when it can begin: after travel and any lunch on the way
    start: int  # an appointment: the appointment's time
    travel: int  # seconds from the previous point
    start_s: int  # the start to the second (travel runs in seconds)
    inside: bool  # inside the opening hours (an appointment: at its time)


@dataclass(frozen=True, slots=True)
class DayTiming:
    """A day's visits timed in their order, and what that order costs."""

    stops: tuple[StopTime, ...]
    fits: bool
    """Every visit inside its hours, appointments kept, lunch taken, back by the working day's end."""
    end: int  # the working day's end (reserved minutes included)
    plan_end: int  # the end a plan keeps to (reserved minutes free)
    leave_s: int | None  # seconds: leaving the start place
    back_s: int | None  # seconds: back at the end place
    lunch: int | None  # when lunch starts (None: no lunch on this route)
    lunch_missed: bool  # the day has a lunch break but this order leaves no time for it
    travel_s: int
    wait_s: int  # waiting at visits after the first (for a shop to open, before an appointment)

    @property
    def back(self) -> int | None:
        return None if self.back_s is None else self.back_s // 60

    @property
    def leave(self) -> int | None:
        return None if self.leave_s is None else self.leave_s // 60

    @property
    def travel_minutes(self) -> int:
        return round(self.travel_s / 60)

    @property
    def wait_minutes(self) -> int:
        return round(self.wait_s / 60)

    @property
    def outside(self) -> tuple[int, ...]:
        """Visits timed outside their opening hours, or not at their appointment."""
        return tuple(s.id for s in self.stops if not s.inside)

    @property
    def late_back(self) -> bool:
        """Back after the working day's end."""
        return self.back_s is not None and self.back_s > self.end * 60

    @property
    def reserve_used(self) -> int:
        """Minutes of the reserved time the route runs into."""
        return max(0, -(-(self.back_s - self.plan_end * 60) // 60)) if self.back_s is not None else 0


def opening_windows(text: str | None, day: date, holiday: bool) -> Windows | None:
    """The customer's opening windows on ``day``; None when the hours set no limit (or cannot be read:
    the build flags unreadable hours, a retiming does not guess them)."""
    try:
        hours = parse_opening_hours(text or "")
    except OpeningHoursError:
        return None
    if hours.unrestricted:
        return None
    return tuple(hours.windows_on(day, is_holiday=holiday))


def time_day(settings: Settings, day: PlanDay, stops: Sequence[Stop], begin: int | None = None,
             origin: tuple[float, float] | None = None) -> DayTiming:
    """Time ``stops`` in their order on ``day``, from ``begin`` (default: the day's start) at
    ``origin`` (default: the day's start place)."""
    from rmtui.routing.model import Location
    from rmtui.routing.week import WeekDay, WeekProblem, WeekVisit, build_net, time_order
    from rmtui.services.plan_common import travel_of, week_days_of

    begin = day.start if begin is None else max(begin, day.start)
    end = day.end + settings.workday.reserved_minutes
    early = settings.workday.arrive_early_minutes
    wday = week_days_of(settings, (day,))[0]
    if origin is not None:
        wday = replace(wday, origin=Location(*origin))
    travel, overhead = travel_of(settings)
    lunch = wday.lunch if day.lunch and begin + day.lunch.minutes <= day.lunch.latest else None
    if not stops:
        return DayTiming((), True, end, day.end, None, None, None, False, 0, 0)

    def problem(strict: bool, with_lunch: bool) -> WeekProblem:
        visits = []
        for s in stops:
            service = s.minutes + (early if s.appointment is not None else 0)
            spans = _spans(s, begin, end, service, early, strict)
            visits.append(WeekVisit(str(s.id), Location(s.lat, s.lon), service * 60,
                                    {0: tuple((a, b) for a, b in spans if a <= b)}))
        return WeekProblem((WeekDay(begin * 60, (end if strict else _LATE // 60) * 60, wday.origin,
                                    wday.destination, lunch if with_lunch else None),),
                           tuple(visits), travel, overhead)

    order = list(range(len(stops)))
    for strict, with_lunch in ((True, True), (False, True), (False, False)):
        p = problem(strict, with_lunch)
        route = time_order(p, build_net(p), 0, order)
        if route is not None:
            break
    assert route is not None, "an order timed with no limits always holds"
    out, wait = [], 0
    for k, (s, placed) in enumerate(zip(stops, route.stops)):
        start_s = placed.start + (early * 60 if s.appointment is not None else 0)
        out.append(StopTime(s.id, placed.arrive // 60, start_s // 60, placed.travel, start_s,
                            _inside(s, placed.start, early)))
        if k:  # arriving early for an appointment is waiting too, as the Today screen counts it
            wait += start_s - placed.arrive
    first = route.stops[0]
    lunch_first = route.lunch_start is not None and route.lunch_start < first.start and lunch is not None
    leave = max(begin * 60, first.start - first.travel - (lunch.duration if lunch_first else 0))
    back = route.end_arrive
    straight = route.stops[-1].depart + route.end_travel
    if route.lunch_start is not None and route.lunch_start >= straight:
        back = straight  # lunch after the route is back: not part of it (as the Today screen counts it)
    return DayTiming(tuple(out), strict, end, day.end, leave, back, _minute(route.lunch_start),
                     lunch is not None and not with_lunch, route.travel, wait)


def _spans(s: Stop, begin: int, end: int, service: int, early: int, strict: bool) -> list[tuple[int, int]]:
    """Start windows in seconds. Strict: inside the hours and the day. Otherwise the same windows
    and then any time after the last one (never before a shop opens)."""
    if s.appointment is not None:
        at = (s.appointment - early) * 60
        return [(at, at)] if strict else [(at, _LATE)]
    first = max(begin, s.earliest or 0)
    if s.windows is None:
        return [(first * 60, (end - service) * 60)] if strict else [(first * 60, _LATE)]
    last = end if strict else _LATE // 60
    spans = [(max(a, first) * 60, (min(b, last) - service) * 60) for a, b in s.windows]
    spans = [(a, b) for a, b in spans if a <= b]
    if not strict:
        opens = s.windows[0][0] if s.windows else first  # no window long enough: not before it opens
        after = spans[-1][1] + 1 if spans else max(first, opens) * 60
        spans.append((max(after, first * 60), _LATE))
    return spans


def _inside(s: Stop, start_s: int, early: int) -> bool:
    if s.appointment is not None:
        return start_s == (s.appointment - early) * 60
    if s.windows is None:
        return True
    return any(a * 60 <= start_s and start_s + s.minutes * 60 <= b * 60 for a, b in s.windows)


def _minute(seconds: int | None) -> int | None:
    return None if seconds is None else seconds // 60


def stop_of(row: PlannedVisit, day: PlanDay) -> Stop:
    """A stored visit (located) as a stop: its customer's hours, its appointment."""
    c = row.customer
    appointment = minutes_of(row.planned_start) if row.appointment_id and row.planned_start else None
    return Stop(row.id, c.lat, c.lon, row.planned_minutes, opening_windows(c.opening_hours, day.day, day.holiday),
                appointment)


def day_begin(ws: Workspace, day: PlanDay) -> int:
    """Where the day's route starts: the day's start, or today the next five minutes from now."""
    now = ws.now()
    if day.day == now.date() and minutes_of(now.time()) > day.start:
        return -(-minutes_of(now.time()) // 5) * 5
    return day.start


def where_now(session: Session, ws: Workspace, day: date) -> tuple[float, float] | None:
    """Where the manager is once the day's last visit done is over (None: none done yet)."""
    rows = repo.rows_between(session, ws.manager_id, day, day, ("planned", "done"))
    linked = repo.done_planned_ids(session, [r.id for r in rows])
    done = [r for r in rows if (r.status == "done" or r.id in linked)
            and r.customer.lat is not None and r.customer.lon is not None]
    if not done:
        return None
    last = max(done, key=lambda r: (minutes_of(r.planned_start) + r.planned_minutes if r.planned_start else -1,
                                    r.sequence))
    return last.customer.lat, last.customer.lon


def retime_day(session: Session, ws: Workspace, day: date) -> DayTiming:
    """Give the day's open visits planned times in their stored order (visits without a location
    keep theirs) and note where lunch goes; the timing says whether the order holds. A day already
    begun goes on from now, at the last visit done."""
    from rmtui.services.plan_common import plan_day_of

    pd = plan_day_of(ws, day)
    rows = sorted(repo.rows_between(session, ws.manager_id, day, day, ("planned",)), key=lambda r: (r.sequence, r.id))
    located = [r for r in rows if r.customer.lat is not None and r.customer.lon is not None]
    begin = day_begin(ws, pd)
    here = where_now(session, ws, day) if begin > pd.start else None
    timing = time_day(ws.settings, pd, [stop_of(r, pd) for r in located], begin, here)
    for row, st in zip(located, timing.stops):
        if not (row.appointment_id and row.planned_start):  # an appointment keeps its time, kept or missed
            row.planned_start = _clock(st.start)
    week = IsoWeek.of(day)
    plan = repo.get_week_plan(session, ws.manager_id, week.year, week.week)
    if plan is not None:
        notes = repo.notes_of(plan)
        lunch = _clock(timing.lunch).strftime("%H:%M") if timing.lunch is not None else None
        notes.setdefault("day_lunch", {})[day.isoformat()] = lunch
        repo.save_notes(plan, notes)
    session.flush()
    return timing


def resequence_day(session: Session, ws: Workspace, plan_id: int | None, day: date,
                   first: PlannedVisit | None = None, position: int | None = None) -> DayTiming:
    """Number the day's visits of plan ``plan_id`` (planned and done) 1…n in their order, ``first``
    put at ``position`` (1-based; default last), and retime the day."""
    rows = sorted((r for r in repo.rows_between(session, ws.manager_id, day, day, ("planned", "done"))
                   if r.weekly_plan_id == plan_id and r is not first), key=lambda r: (r.sequence, r.id))
    if first is not None:
        at = len(rows) if position is None else max(0, min(position - 1, len(rows)))
        rows.insert(at, first)
    for k, r in enumerate(rows, start=1):
        r.sequence = k
    session.flush()
    return retime_day(session, ws, day)


def _clock(minutes: int) -> time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return time(minutes // 60, minutes % 60)
