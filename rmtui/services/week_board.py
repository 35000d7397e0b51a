"""The week board's data: the stored weekly plan shaped for the screen.

``week_board`` returns one column per day the board shows (working days,
make-up working weekends, and weekday holidays shown as such), each with its
visits, load and warnings; ``submit_check`` says what blocks a submission
and which due visits need a written reason. The rules
themselves stay in ``rmtui.services.planning`` / ``plan_edits`` and the
domain; this module only gathers and labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from rmtui.domain.opening_hours import OpeningHoursError, parse_opening_hours
from rmtui.domain.planning.days import minutes_of
from rmtui.domain.planning.model import DaySummary, PlannedVisitInfo, UnplacedVisit, WeekPlanInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.domain.planning.submission import deadline, missing_reasons, strict_tiers, submission_problems
from rmtui.services.plan_common import calendar_of
from rmtui.services.planning import show_week
from rmtui.store.models import Customer
from rmtui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class BoardWarning:
    """Something on the board that needs a look.

    ``kind``: ``overloaded`` (blocks submission: back after the working day,
    an appointment missed, no time for lunch), ``over_capacity`` (runs into
    the reserved time, ``detail`` minutes), ``outside_hours`` (an appointment
    outside the customer's opening hours, or a visit the day's order puts
    outside them), ``missed_appointment`` (the day's order cannot be at an
    appointment by its time; the day is overloaded), ``no_location`` (a customer without
    coordinates), ``due_missing`` (a due visit of the top tier left out, a
    written reason is needed), ``unplaced`` (another needed visit left out),
    ``flag`` (a note of the build, in ``detail``).
    """

    kind: str
    day: date | None = None
    code: str = ""
    name: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class BoardDay:
    """One column of the board."""

    day: date
    working: bool
    holiday: str | None  # the holiday's name (a day off, or a holiday worked anyway)
    makeup: bool  # a weekend day worked to make up for a holiday
    past: bool
    visits: tuple[PlannedVisitInfo, ...]
    summary: DaySummary | None
    reserved_minutes: int
    free_minutes: int  # usable minutes less visits, travel and waits; below 0 the reserved time is used
    warnings: tuple[BoardWarning, ...] = ()


@dataclass(frozen=True, slots=True)
class WeekBoard:
    """The weekly plan of one week as the board shows it (``plan`` is None until built)."""

    week: IsoWeek
    plan: WeekPlanInfo | None
    days: tuple[BoardDay, ...]
    warnings: tuple[BoardWarning, ...]
    deadline: datetime
    now: datetime
    reminder: object | None = None
    """``rmtui.services.submission.SubmissionReminder`` when it concerns this week (due soon, late)."""

    @property
    def status(self) -> str:
        if self.plan is None or self.plan.built_at is None:
            return "none"
        return self.plan.status

    @property
    def frozen(self) -> bool:
        return self.status in ("submitted", "approved")

    @property
    def late(self) -> bool:
        """Not submitted and past the deadline."""
        return self.status in ("none", "draft", "returned") and self.now > self.deadline


@dataclass(frozen=True, slots=True)
class SubmitCheck:
    """What a submission of the week would meet."""

    board: WeekBoard
    blockers: tuple[str, ...]  # in words, in the locale asked for
    need_reason: tuple[UnplacedVisit, ...]


def week_board(ws: Workspace, week: IsoWeek) -> WeekBoard:
    """The board of ``week``: the stored plan (if any) with each day's load and warnings."""
    plan = show_week(ws, week)
    calendar = calendar_of(ws)
    wd = ws.settings.workday
    today = ws.today()
    visits = plan.visits if plan is not None else ()
    unplaced = plan.unplaced if plan is not None else ()
    hours, located = _customer_facts(ws, {v.customer_id for v in visits} | {u.customer_id for u in unplaced})
    summaries = {d.day: d for d in plan.days} if plan is not None else {}
    days = []
    for d in week.days():
        working = calendar.is_working_day(d)
        holiday = calendar.holiday_name(d)
        if not working and (d.weekday() >= 5 or holiday is None):
            continue  # an ordinary weekend
        on = tuple(v for v in visits if v.day == d and v.active)
        summary = summaries.get(d)
        free = _free_minutes(summary)
        warnings = []
        if summary is not None and summary.overloaded:
            warnings.append(BoardWarning("overloaded", d))
        elif summary is not None and on and (summary.reserve_minutes > 0 or free < 0):
            warnings.append(BoardWarning("over_capacity", d, detail=str(max(summary.reserve_minutes, -free))))
        outside = dict(summary.outside) if summary is not None else {}
        for v in on:
            if v.lat is None or v.lon is None:
                warnings.append(BoardWarning("no_location", d, v.code, v.name))
            appointment = bool(v.appointment_id and v.planned_start)
            if appointment and v.id in outside:
                warnings.append(BoardWarning("missed_appointment", d, v.code, v.name,
                                             v.planned_start.strftime("%H:%M")))
            if appointment and not _within_hours(hours.get(v.customer_id), v, calendar):
                warnings.append(BoardWarning("outside_hours", d, v.code, v.name, v.planned_start.strftime("%H:%M")))
            elif not appointment and v.id in outside and not summary.overloaded:
                # on an overloaded day the visits pushed out of their hours follow from it: said once
                warnings.append(BoardWarning("outside_hours", d, v.code, v.name, outside[v.id].strftime("%H:%M")))
        days.append(BoardDay(d, working, holiday, calendar.is_makeup_workday(d), d < today, on, summary,
                             wd.reserved_minutes, free, tuple(warnings)))
    week_warnings = [w for day in days for w in day.warnings]
    if plan is not None:
        needing = {u.code for u in missing_reasons(unplaced, strict_tiers(ws.tiers), {})}
        for u in unplaced:
            if u.customer_id not in located:
                week_warnings.append(BoardWarning("no_location", None, u.code, u.name, u.why))
            if u.code in needing:
                week_warnings.append(BoardWarning("due_missing", u.due_by, u.code, u.name, u.why))
            elif u.required:
                week_warnings.append(BoardWarning("unplaced", u.due_by, u.code, u.name, u.why))
        week_warnings += [BoardWarning("flag", detail=f) for f in plan.flags]
    from rmtui.services.submission import submission_reminder

    due = deadline(week.monday, ws.settings.weekly_plan.due_weekday, ws.settings.weekly_plan.due_time)
    reminder = submission_reminder(ws)
    return WeekBoard(week, plan, tuple(days), tuple(week_warnings), due, ws.now(),
                     reminder if reminder is not None and reminder.week == week else None)


def submit_check(ws: Workspace, week: IsoWeek, locale: str) -> SubmitCheck:
    """Blockers (overloaded days) and the due visits that need a written reason before submitting."""
    board = week_board(ws, week)
    if board.plan is None:
        return SubmitCheck(board, (), ())
    strict = strict_tiers(ws.tiers)
    blockers = submission_problems(board.plan.days, (), strict, {}, locale)
    return SubmitCheck(board, tuple(blockers), tuple(missing_reasons(board.plan.unplaced, strict, {})))


def _free_minutes(summary: DaySummary | None) -> int:
    """The day's usable minutes left once visits, travel and waits between visits are counted
    (as the Today screen counts them, less the reserved time); below 0 the reserve is used."""
    if summary is None:
        return 0
    return summary.usable_minutes - summary.visit_minutes - summary.travel_minutes - summary.wait_minutes


def _customer_facts(ws: Workspace, ids: set[int]) -> tuple[dict[int, str], set[int]]:
    """Opening hours of ``ids`` and which of them have coordinates."""
    if not ids:
        return {}, set()
    with ws.db.sessions() as s:
        rows = s.execute(select(Customer.id, Customer.opening_hours, Customer.lat, Customer.lon)
                         .where(Customer.manager_id == ws.manager_id, Customer.id.in_(ids))).all()
    return ({cid: text for cid, text, _, _ in rows},
            {cid for cid, _, lat, lon in rows if lat is not None and lon is not None})


def _within_hours(text: str | None, v: PlannedVisitInfo, calendar) -> bool:  # noqa: ANN001 - WorkCalendar
    """Whether the visit at its planned time lies inside one of the customer's opening windows."""
    try:
        hours = parse_opening_hours(text)
    except OpeningHoursError:
        return True  # unreadable hours are flagged by the build, not here
    start = minutes_of(v.planned_start)
    windows = hours.windows_on(v.day, is_holiday=calendar.is_holiday(v.day))
    return any(a <= start and start + v.minutes <= b for a, b in windows)
