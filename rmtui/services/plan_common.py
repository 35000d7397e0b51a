"""What the planning use cases share: settings turned into plan rules, the
routing problem of a set of candidates, and a stored week turned into a view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from rmtui.config import Settings
from rmtui.domain.planning.candidates import Candidate
from rmtui.domain.planning.days import DayRules, PlanDay
from rmtui.domain.planning.model import DaySummary, PlannedVisitInfo, UnplacedVisit, WeekPlanInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.domain.workdays import WorkCalendar
from rmtui.routing.model import Location, Lunch, Travel
from rmtui.routing.week import WeekDay, WeekProblem, WeekVisit
from rmtui.store import plans as repo
from rmtui.store.models import PlannedVisit, WeeklyPlan
from rmtui.workspace import Workspace


def calendar_of(ws: Workspace) -> WorkCalendar:
    s = ws.settings
    return WorkCalendar(s.holiday_country, s.holiday_subdivision, language=s.locale)


def day_rules(settings: Settings) -> DayRules:
    wd = settings.workday
    return DayRules.from_clock(wd.start, wd.end, wd.reserved_minutes, wd.lunch.earliest, wd.lunch.latest,
                               wd.lunch.minutes)


def holiday_text(calendar: WorkCalendar, week: IsoWeek) -> str:
    names = dict.fromkeys(name for _, name in calendar.holidays_between(week.monday, week.sunday))
    return f" ({', '.join(names)})" if names else ""


def travel_of(settings: Settings) -> tuple[Travel, int]:
    mode = settings.travel.modes[settings.travel.mode]
    return Travel(settings.travel.mode, mode.speed_kmh, mode.circuity), mode.overhead_minutes * 60


def week_days_of(settings: Settings, days: tuple[PlanDay, ...]) -> tuple[WeekDay, ...]:
    origin, dest = settings.start_place(), settings.end_place()
    out = []
    for d in days:
        lunch = Lunch(d.lunch.earliest * 60, d.lunch.latest * 60, d.lunch.minutes * 60) if d.lunch else None
        out.append(WeekDay(d.start * 60, d.end * 60, Location(origin.lat, origin.lon), Location(dest.lat, dest.lon),
                           lunch))
    return tuple(out)


def to_week_problem(settings: Settings, days: tuple[PlanDay, ...], cands: list[Candidate]) -> WeekProblem:
    """The routing problem: one day per plan day, one visit per candidate (times in seconds)."""
    index = {d.day: k for k, d in enumerate(days)}
    visits = []
    for c in cands:
        windows = {index[d]: tuple((a * 60, b * 60) for a, b in spans)
                   for d, spans in c.windows.items() if d in index}
        visits.append(WeekVisit(c.key, Location(c.customer.lat, c.customer.lon), c.minutes * 60, windows,
                                c.level, c.bonus, c.required, _delay(c)))
    travel, overhead = travel_of(settings)
    return WeekProblem(week_days_of(settings, days), tuple(visits), travel, overhead)


def _delay(c: Candidate) -> int:
    """Overdue complaints and tasks as early as possible, carried visits soon (seconds per day)."""
    late = [i.source for i in c.items if i.due_by is None and i.fixed_at is None]
    if any(src in ("follow_up", "assigned") for src in late):
        return 1800
    return 600 if "carry_over" in late else 0


def summarize_day(settings: Settings, day: PlanDay, rows: Sequence[PlannedVisitInfo],
                  hours: Mapping[int, str] | None = None) -> DaySummary:
    """Load of one day in its current order, timed as a retiming would time it
    (``rmtui.services.retime``): travel, waits, when the day is back, the visits that fall
    outside their opening hours, how far it runs into the reserved time, and whether it is
    overloaded (back after the working day's end, an appointment missed, or no time for lunch).

    A visit starts no earlier than its stored time: the plan is measured as it stands (after
    an edit the day was retimed, so the two agree), and its stored times are checked against the
    customers' opening ``hours`` when given. Skipped visits are not on the route."""
    from rmtui.services.retime import Stop, opening_windows, time_day

    on = [v for v in rows if v.status != "skipped"]
    minutes = sum(v.minutes for v in on)
    located = [v for v in on if v.lat is not None and v.lon is not None]
    if not located:
        return DaySummary(day.day, len(rows), minutes, 0, None, None, day.usable_minutes,
                          minutes > day.usable_minutes + settings.workday.reserved_minutes)
    stops = []
    for v in located:
        start = v.planned_start.hour * 60 + v.planned_start.minute if v.planned_start else None
        if v.appointment_id and start is not None:
            stops.append(Stop(v.id, v.lat, v.lon, v.minutes, appointment=start))
        else:
            windows = opening_windows(hours.get(v.customer_id), day.day, day.holiday) if hours else None
            stops.append(Stop(v.id, v.lat, v.lon, v.minutes, windows, earliest=start))
    timing = time_day(settings, day, stops)
    missed = any(not st.inside for s, st in zip(stops, timing.stops) if s.appointment is not None)
    outside = tuple((st.id, _time(st.start)) for st in timing.stops if not st.inside)
    return DaySummary(day.day, len(rows), minutes, timing.travel_minutes, _time(timing.stops[0].start),
                      _time(timing.back), day.usable_minutes, timing.late_back or missed or timing.lunch_missed,
                      wait_minutes=timing.wait_minutes, reserve_minutes=timing.reserve_used, outside=outside)


def week_view(s: Session, ws: Workspace, plan: WeeklyPlan, week: IsoWeek) -> WeekPlanInfo:
    """The stored week as plain values, with each day's load."""
    notes = repo.notes_of(plan)
    due = {int(k): date.fromisoformat(v) for k, v in notes.get("due_by", {}).items()}
    rows = repo.plan_rows(s, plan.id)
    visits = tuple(repo.to_info(r, due.get(r.id)) for r in rows)
    hours = {r.customer_id: r.customer.opening_hours for r in rows}
    written = notes.get("reasons", {})
    unplaced = tuple(UnplacedVisit(
        u["customer_id"], u["code"], u["name"], u["tier"], u["source"], u["reason"], u["why"], u["required"],
        date.fromisoformat(u["due_by"]) if u.get("due_by") else None, written.get(u["code"], ""))
        for u in notes.get("unplaced", []))
    rules = day_rules(ws.settings)
    calendar = calendar_of(ws)
    summaries = []
    for d in calendar.week_days(week.year, week.week):
        pd = PlanDay(d, rules.start, rules.end - rules.reserved, rules.lunch, calendar.is_holiday(d))
        summaries.append(summarize_day(ws.settings, pd, [v for v in visits if v.day == d and v.active], hours))
    build = notes.get("build", {})
    return WeekPlanInfo(
        id=plan.id, week=str(week), status=plan.status, built_at=plan.built_at, submitted_at=plan.submitted_at,
        submitted_late=plan.submitted_late, approved_at=plan.approved_at, returned_at=plan.returned_at,
        supervisor_comment=plan.supervisor_comment, visits=visits, unplaced=unplaced, days=tuple(summaries),
        flags=tuple(notes.get("flags", [])), office_tasks=tuple(notes.get("office_tasks", [])),
        travel_minutes=sum(d.travel_minutes for d in summaries), solve_seconds=float(build.get("seconds", 0.0)))


def plan_day_of(ws: Workspace, day: date) -> PlanDay:
    rules = day_rules(ws.settings)
    return PlanDay(day, rules.start, rules.end - rules.reserved, rules.lunch, calendar_of(ws).is_holiday(day))


def row_clock(row: PlannedVisit) -> str:
    return row.planned_start.strftime("%H:%M") if row.planned_start else ""


def _time(minutes: int) -> time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return time(minutes // 60, minutes % 60)


def now_text(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else ""
