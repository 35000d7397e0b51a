"""What the planning use cases share: settings turned into plan rules, the
routing problem of a set of candidates, and a stored week turned into a view.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy.orm import Session

from rmtui.config import Settings
from rmtui.domain.planning.candidates import Candidate
from rmtui.domain.planning.days import DayRules, PlanDay
from rmtui.domain.planning.model import DaySummary, PlannedVisitInfo, UnplacedVisit, WeekPlanInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.domain.workdays import WorkCalendar
from rmtui.routing.model import Location, Lunch, Travel
from rmtui.routing.week import WeekDay, WeekProblem, WeekVisit, build_net, time_order
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


def _day_problem(settings: Settings, day: PlanDay, rows: list) -> tuple[WeekProblem, list]:
    """A one-day routing problem of ``rows`` in their order; opening hours are left out on
    purpose (this measures load), appointments keep their time."""
    early = settings.workday.arrive_early_minutes
    located = [v for v in rows if _lat(v) is not None]
    visits = []
    for v in located:
        minutes = _minutes(v)
        if getattr(v, "appointment_id", None) and v.planned_start is not None:
            at = v.planned_start.hour * 60 + v.planned_start.minute - early
            span, minutes = (at, at), minutes + early
        else:
            span = (day.start, max(day.start, day.end - minutes))
        visits.append(WeekVisit(str(v.id), Location(_lat(v), _lon(v)), minutes * 60, {0: ((span[0] * 60, span[1] * 60),)}))
    travel, overhead = travel_of(settings)
    return WeekProblem(week_days_of(settings, (day,)), tuple(visits), travel, overhead), located


def _lat(v) -> float | None:
    return v.lat if hasattr(v, "lat") else v.customer.lat


def _lon(v) -> float | None:
    return v.lon if hasattr(v, "lon") else v.customer.lon


def _minutes(v) -> int:
    return v.minutes if hasattr(v, "minutes") else v.planned_minutes


def _delay(c: Candidate) -> int:
    """Overdue complaints and tasks as early as possible, carried visits soon (seconds per day)."""
    late = [i.source for i in c.items if i.due_by is None and i.fixed_at is None]
    if any(src in ("follow_up", "assigned") for src in late):
        return 1800
    return 600 if "carry_over" in late else 0


def summarize_day(settings: Settings, day: PlanDay, rows: list[PlannedVisitInfo]) -> DaySummary:
    """Load of one day in its current order: travel along it, when the day ends, and whether
    it is overloaded (visits and travel overrun the usable hours even with no waiting)."""
    minutes = sum(v.minutes for v in rows)
    problem, located = _day_problem(settings, day, rows)
    if not located:
        return DaySummary(day.day, len(rows), minutes, 0, None, None, day.usable_minutes,
                          minutes > day.usable_minutes)
    net = build_net(problem)
    order = list(range(len(located)))
    nodes = [net.origin[0], *(net.places + i for i in order), net.destination[0]]
    travel_s = sum(int(net.durations[a, b]) for a, b in zip(nodes, nodes[1:]))
    route = time_order(problem, net, 0, order)
    last = located[-1]
    if last.planned_start is not None and all(v.planned_start is not None for v in located):
        back = (last.planned_start.hour * 60 + last.planned_start.minute + last.minutes) * 60 \
            + int(net.durations[nodes[-2], nodes[-1]])
    else:
        back = route.end_arrive if route is not None else None
    overloaded = route is None or (back is not None and back > day.end * 60 + 60)
    return DaySummary(day.day, len(rows), minutes, round(travel_s / 60), located[0].planned_start,
                      None if back is None else _time(back // 60), day.usable_minutes, overloaded)


def retime_rows(settings: Settings, day: PlanDay, rows: list[PlannedVisit]) -> bool:
    """Planned times for ``rows`` in their order (appointments keep theirs); False when the day overruns."""
    problem, located = _day_problem(settings, day, rows)
    if not located:
        return True
    route = time_order(problem, build_net(problem), 0, list(range(len(located))))
    if route is None:
        return False
    early = settings.workday.arrive_early_minutes
    for row, stop in zip(located, route.stops):
        shift = early if row.appointment_id else 0
        row.planned_start = _time(stop.start // 60 + shift)
    return True


def week_view(s: Session, ws: Workspace, plan: WeeklyPlan, week: IsoWeek) -> WeekPlanInfo:
    """The stored week as plain values, with each day's load."""
    notes = repo.notes_of(plan)
    due = {int(k): date.fromisoformat(v) for k, v in notes.get("due_by", {}).items()}
    rows = repo.plan_rows(s, plan.id)
    visits = tuple(repo.to_info(r, due.get(r.id)) for r in rows)
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
        summaries.append(summarize_day(ws.settings, pd, [v for v in visits if v.day == d and v.active]))
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
