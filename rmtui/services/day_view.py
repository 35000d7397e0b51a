"""The day as the Today screen shows it: planned visits in route order, with
their customers, opening windows, arrival and wait, status, and the day's
totals; and the small in-day changes made while out (reorder, skip, done,
an ad hoc visit). Re-planning the day is the daily plan's job
(``rmtui.services.plan_day``); a reorder or an added visit is renumbered
and retimed by ``rmtui.services.retime``, the same rule as the week board's
edits (inside opening hours, appointments kept).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from rmtui.domain.customer import CustomerInfo
from rmtui.domain.opening_hours import parse_opening_hours
from rmtui.domain.planning.periods import IsoWeek
from rmtui.domain.workdays import WorkCalendar
from rmtui.errors import InputError, UserError
from rmtui.store import plans as repo
from rmtui.store.customers import customers_by_ids
from rmtui.services.retime import resequence_day, retime_day
from rmtui.store.models import Appointment, ChecklistRun, PlannedVisit, VisitRecord
from rmtui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class DayVisit:
    """One planned visit of the day with what the screen needs about it."""

    id: int
    sequence: int
    customer: CustomerInfo
    planned_start: time | None
    minutes: int
    purpose: str
    reason: str
    source: str
    pinned: bool
    status: str  # planned | done | skipped
    windows: tuple[tuple[int, int], ...]  # opening windows today, minutes since midnight
    appointment: datetime | None
    checklist_ready: bool
    recorded: bool
    arrive: time | None = None  # when the route gets there (None: not on the route)
    wait: int = 0  # minutes from arriving (and lunch) to the planned start; negative: late


@dataclass(frozen=True, slots=True)
class DayView:
    """The day's visits in route order and the day's totals."""

    day: date
    visits: tuple[DayVisit, ...]
    working_day: bool
    holiday: str | None
    start: tuple[float, float]
    end: tuple[float, float]
    day_minutes: int = 0  # the working day's length
    travel_minutes: int = 0  # along the route in its order, start place to end place
    wait_minutes: int = 0
    leave_at: time | None = None  # leaving the start place
    back_at: time | None = None  # back at the end place
    lunch: time | None = None
    lunch_minutes: int = 0

    @property
    def free_minutes(self) -> int:
        """The working day left once visits, travel, waits and lunch are counted."""
        busy = sum(v.minutes for v in self.visits if v.status != "skipped")
        return self.day_minutes - busy - self.travel_minutes - self.wait_minutes - self.lunch_minutes


@dataclass(frozen=True, slots=True)
class Leg:
    """A stop of the route as the timeline needs it (one unit throughout: minutes or seconds)."""

    start: int | None
    minutes: int
    travel_in: int  # from the previous point


@dataclass(frozen=True, slots=True)
class Timed:
    arrive: int | None
    wait: int


def timeline(legs: list[Leg], travel_back: int, lunch: tuple[int, int] | None,
             grace: int = 0) -> tuple[list[Timed], int | None, int | None]:
    """Arrival and wait at each stop of a timed route, when to leave the start place and when the
    route is back. The first stop is reached just in time (the manager leaves when needed); a lunch
    between two stops is taken on the way, so it is not waiting. Arriving late starts the visit late,
    and the lateness carries on along the route; lateness under ``grace`` does not (rounding)."""
    out: list[Timed] = []
    depart = leave = None
    for leg in legs:
        if leg.start is None:
            out.append(Timed(None, 0))
            continue
        begin = leg.start
        if depart is None:
            leave = leg.start - leg.travel_in
            out.append(Timed(leg.start, 0))
        else:
            arrive = depart + leg.travel_in
            ready = arrive
            if lunch is not None and depart <= lunch[0] < leg.start:
                ready = max(arrive, lunch[0]) + lunch[1]  # as the route engine counts it
            out.append(Timed(arrive, leg.start - ready))
            begin = leg.start if ready - leg.start < grace else max(leg.start, ready)
        depart = begin + leg.minutes
    back = None
    if depart is not None:
        back = depart + travel_back
        if lunch is not None and depart <= lunch[0] < back:  # lunch on the way back
            back = max(back, lunch[0]) + lunch[1]
    return out, leave, back


def _windows(text: str, day: date, is_holiday: bool) -> tuple[tuple[int, int], ...]:
    try:
        hours = parse_opening_hours(text)
    except UserError:
        return ()
    if hours.unrestricted:
        return ()
    return tuple(hours.windows_on(day, is_holiday=is_holiday))


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _clock(minutes: int) -> time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return time(minutes // 60, minutes % 60)


def _travel_legs(ws: Workspace, day: date, points: list[tuple[float, float]]) -> list[int]:
    """Travel seconds start → p1 → … → pn → end, as the planner counts them (straight line × circuity,
    plus the overhead of each move)."""
    from rmtui.routing.model import Location
    from rmtui.routing.week import WeekProblem, WeekVisit, build_net
    from rmtui.services.plan_common import plan_day_of, travel_of, week_days_of

    travel, overhead = travel_of(ws.settings)
    problem = WeekProblem(week_days_of(ws.settings, (plan_day_of(ws, day),)),
                          tuple(WeekVisit(str(k), Location(lat, lon), 0, {}) for k, (lat, lon) in enumerate(points)),
                          travel, overhead)
    net = build_net(problem)
    nodes = [net.origin[0], *(net.places + k for k in range(len(points))), net.destination[0]]
    return [int(net.durations[a, b]) for a, b in zip(nodes, nodes[1:])]


def _timed(ws: Workspace, day: date, visits: list[DayVisit], lunch: time | None) -> tuple[list[DayVisit], dict]:
    """Visits with arrival and wait, and the day's route totals."""
    lunch_len = ws.settings.workday.lunch.minutes
    route = [v for v in visits if v.status != "skipped" and v.customer.located and v.planned_start is not None]
    totals = {"lunch": lunch, "lunch_minutes": lunch_len}
    if not route:
        return visits, totals
    travel = _travel_legs(ws, day, [(v.customer.lat, v.customer.lon) for v in route])
    # In seconds, as the planner timed it: stored times are its seconds rounded down, so travel
    # rounded to minutes leg by leg would add up to visits "late" by a minute; under a minute
    # late is that rounding, not lateness.
    legs = [Leg(_minutes(v.planned_start) * 60, v.minutes * 60, t) for v, t in zip(route, travel)]
    timed_s, leave_s, back_s = timeline(legs, travel[-1],
                                        (_minutes(lunch) * 60, lunch_len * 60) if lunch and lunch_len else None,
                                        grace=60)
    timed = [Timed(None if t.arrive is None else t.arrive // 60, int(t.wait / 60)) for t in timed_s]
    leave = None if leave_s is None else leave_s // 60
    back = None if back_s is None else -(-back_s // 60)
    at = {v.id: t for v, t in zip(route, timed)}
    out = []
    for v in visits:
        t = at.get(v.id)
        out.append(v if t is None or t.arrive is None else
                   DayVisit(**{**{f: getattr(v, f) for f in DayVisit.__dataclass_fields__},
                               "arrive": _clock(t.arrive), "wait": t.wait}))
    totals.update(travel_minutes=round(sum(travel) / 60), wait_minutes=sum(max(0, t.wait) for t in timed),
                  leave_at=_clock(leave), back_at=_clock(back))
    return out, totals


@functools.lru_cache(maxsize=4)
def _calendar(country: str, subdivision: str | None) -> WorkCalendar:
    """One calendar per country: it keeps the holidays of each year it has worked out (building one and
    its year again costs more than the rest of loading a day)."""
    return WorkCalendar(country, subdivision)


def load_day(ws: Workspace, day: date) -> DayView:
    """The stored plan of ``day`` (removed visits left out), in route order, with arrivals and totals."""
    s = ws.settings
    cal = _calendar(s.holiday_country, s.holiday_subdivision)
    holiday = cal.holiday_name(day) if cal.is_holiday(day) else None
    with ws.db.sessions() as session:
        rows = session.scalars(
            select(PlannedVisit).where(PlannedVisit.manager_id == ws.manager_id, PlannedVisit.day == day,
                                       PlannedVisit.status != "removed")
            .order_by(PlannedVisit.sequence, PlannedVisit.id)).all()
        ids = [r.id for r in rows]
        customers = customers_by_ids(session, {r.customer_id for r in rows})
        ready = {run.planned_visit_id for run in session.scalars(
            select(ChecklistRun).where(ChecklistRun.planned_visit_id.in_(ids))) if all(i.done for i in run.items)}
        recorded = set(session.scalars(select(VisitRecord.planned_visit_id)
                                       .where(VisitRecord.planned_visit_id.in_(ids))))
        appts = {a.id: a.starts_at for a in session.scalars(
            select(Appointment).where(Appointment.id.in_([r.appointment_id for r in rows if r.appointment_id])))}
        visits = [
            DayVisit(id=r.id, sequence=r.sequence, customer=customers[r.customer_id], planned_start=r.planned_start,
                     minutes=r.planned_minutes, purpose=r.purpose, reason=r.reason, source=r.source,
                     pinned=r.pinned, status=r.status,
                     windows=_windows(customers[r.customer_id].opening_hours, day, holiday is not None),
                     appointment=appts.get(r.appointment_id) if r.appointment_id else None,
                     checklist_ready=r.id in ready, recorded=r.id in recorded)
            for r in rows
        ]
        plan = repo.get_week_plan(session, ws.manager_id, IsoWeek.of(day).year, IsoWeek.of(day).week)
        noted = repo.notes_of(plan).get("day_lunch", {}) if plan else {}
    if day.isoformat() in noted:
        lunch = time.fromisoformat(noted[day.isoformat()]) if noted[day.isoformat()] else None
    else:
        lunch = _lunch_as_timed(ws, day, visits)
    visits, totals = _timed(ws, day, visits, lunch)
    start, end = s.start_place(), s.end_place()
    wd = s.workday
    return DayView(day, tuple(visits), cal.is_working_day(day), holiday, (start.lat, start.lon), (end.lat, end.lon),
                   day_minutes=_minutes(wd.end) - _minutes(wd.start), **totals)


def _lunch_as_timed(ws: Workspace, day: date, visits: list[DayVisit]) -> time | None:
    """Lunch of a day never retimed since it was built: the first gap its stored times leave for it."""
    lunch = ws.settings.workday.lunch
    route = [v for v in visits if v.status != "skipped" and v.customer.located and v.planned_start is not None]
    if not route or lunch.minutes <= 0:
        return None
    travel = [-(-t // 60) for t in _travel_legs(ws, day, [(v.customer.lat, v.customer.lon) for v in route])]
    legs = [Leg(_minutes(v.planned_start), v.minutes, t) for v, t in zip(route, travel)]
    at = lunch_gap(legs, travel[-1], _minutes(lunch.earliest), _minutes(lunch.latest), lunch.minutes)
    return None if at is None else _clock(at)


def lunch_gap(legs: list[Leg], travel_back: int, earliest: int, latest: int, length: int) -> int | None:
    """When lunch fits the route's times as ``timeline`` counts it (minutes since midnight): on the
    first leg between two stops with room for it, else at the end once back; None when no gap inside
    ``earliest … latest`` holds it. No visit moves for it (a visit already running late stays as late)."""
    timed, _, back = timeline(legs, travel_back, None)
    placed = [(leg, t) for leg, t in zip(legs, timed) if leg.start is not None]
    for (here, t_here), (there, _) in zip(placed, placed[1:]):
        depart = max(here.start, t_here.arrive if t_here.arrive is not None else here.start) + here.minutes
        at = max(earliest, depart)
        if max(depart + there.travel_in, at) + length <= there.start and at + length <= latest:
            return at
    if back is not None and max(earliest, back) + length <= latest:
        return max(earliest, back)
    return None


def _visit(session, ws: Workspace, visit_id: int) -> PlannedVisit:  # noqa: ANN001 - Session
    row = session.get(PlannedVisit, visit_id)
    if row is None or row.manager_id != ws.manager_id:
        raise UserError(f"planned visit {visit_id} no longer exists; reload the day", title="Plan")
    return row


def move_visit(ws: Workspace, visit_id: int, step: int) -> bool:
    """Move a visit one place earlier (``step`` -1) or later (+1) in the day's order; the times follow
    the new order. Nothing is pinned: re-optimising may order the day again. False when the new order
    does not keep every visit inside its opening hours and the working day."""
    with ws.db.sessions.begin() as session:
        row = _visit(session, ws, visit_id)
        if row.day < ws.today():
            raise InputError(f"{row.day.isoformat()} is already past; its order is kept as it was", title="Plan")
        if row.status not in ("planned", "done"):
            raise InputError("a skipped visit has no place in the route; mark it to do first", title="Plan")
        order = [r for r in repo.rows_between(session, ws.manager_id, row.day, row.day, ("planned", "done"))
                 if r.weekly_plan_id == row.weekly_plan_id]
        i = next(k for k, r in enumerate(order) if r.id == visit_id)
        if not 0 <= i + step < len(order):
            return True
        row.manual = True
        return resequence_day(session, ws, row.weekly_plan_id, row.day, row, i + step + 1).fits


def set_status(ws: Workspace, visit_id: int, status: str, reason: str = "") -> None:
    """Mark a visit done, skipped (with a reason) or back to planned. Skipping a visit of today or
    a day ahead (or taking it back) retimes the day's open visits: the time it frees is used."""
    if status not in {"planned", "done", "skipped"}:
        raise ValueError(status)
    if status == "skipped" and not reason.strip():
        raise UserError("a skipped visit needs a reason (e.g. customer closed, rescheduled)", title="Plan")
    with ws.db.sessions.begin() as session:
        row = _visit(session, ws, visit_id)
        was = row.status
        row.status = status
        row.status_reason = reason.strip()[:300]
        if was != status and "skipped" in (was, status) and row.day >= ws.today():
            session.flush()
            retime_day(session, ws, row.day)


@dataclass(frozen=True, slots=True)
class Added:
    visit_id: int
    fits: bool  # every visit still inside its opening hours and the working day


def add_ad_hoc(ws: Workspace, day: date, customer_code: str, reason: str, purpose: str = "") -> Added:
    """Add a visit to ``customer_code`` at the end of ``day`` (its week's plan is made if there is none).
    Kept on a rebuild, written down as a deviation of a submitted plan."""
    from rmtui.services.plan_edits import add_visit

    week = IsoWeek.of(day)
    with ws.db.sessions.begin() as session:
        customer = repo.customer_by_code(session, ws.manager_id, customer_code)
        if customer is None:
            raise InputError(f"there is no customer {customer_code!r}", title="Plan")
        there = repo.rows_between(session, ws.manager_id, day, day, ("planned", "done"))
        if any(r.customer_id == customer.id for r in there):
            raise InputError(f"{customer.name} ({customer_code}) is already planned on {day.isoformat()}",
                             title="Plan")
        if customer.lat is None or customer.lon is None:
            raise InputError(f"{customer.name} ({customer_code}) needs a location before it can be visited on a "
                             "route; set it in Customers or run: rmtui geocode", title="Plan")
        if day < ws.today():
            raise InputError(f"{day.isoformat()} is already past; visits are added to today or a day ahead",
                             title="Plan")
        if repo.get_week_plan(session, ws.manager_id, week.year, week.week) is None:
            repo.create_week_plan(session, ws.manager_id, week.year, week.week, ws.now())
    visit_id = add_visit(ws, week, customer_code, day, purpose=purpose, reason=reason)
    with ws.db.sessions.begin() as session:
        return Added(visit_id, retime_day(session, ws, day).fits)
