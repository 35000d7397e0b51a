"""The daily plan (日计划): the week's visits for the day, yesterday's unfinished
ones, urgent follow-ups and the day's appointments, routed with the day
engine (``rmtui.routing.solve_day``), with the checklist and materials of
each visit.

Planning a day writes the added visits and the route times in one
transaction. Planning it again keeps visits already done and starts the
route from now when the day has begun, at the last visit done. A visit that does not fit moves to
the next working day of the same week (or stays open, to be carried over by
next week's plan) — the day's planned visits are not dropped for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import numpy as np
from sqlalchemy.orm import Session

from rmtui.domain.opening_hours import OpeningHoursError, parse_opening_hours
from rmtui.domain.planning import reasons
from rmtui.domain.planning.days import minutes_of
from rmtui.domain.planning.items import VISIT_KINDS
from rmtui.domain.planning.materials import checklist_for, gather_materials
from rmtui.domain.planning.model import DayPlanInfo, DayStop, DroppedVisit
from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.services.plan_common import calendar_of, plan_day_of, summarize_day, travel_of, week_days_of
from rmtui.services.retime import where_now
from rmtui.store import plans as repo
from rmtui.store.models import Appointment, Customer, PlannedVisit, WeeklyPlan
from rmtui.store.visits import open_followups
from rmtui.workspace import Workspace

# The day's own visits are never dropped for what comes in (urgent items use the reserved
# time, and what does not fit moves on); urgent items come before yesterday's leftovers.
_OWN, _URGENT, _CARRIED_IN, _OPTIONAL = 5, 4, 3, 2


class SolveCancelled(Exception):
    """Planning the day was cancelled; nothing was written."""


def plan_day(ws: Workspace, day: date, *, replan: bool = False, time_limit: float | None = None,
             cancelled: Callable[[], bool] | None = None, locale: str | None = None) -> DayPlanInfo:
    """The daily plan of ``day``: made the first time it is asked for (or with ``replan``), else as stored.

    Everything is written in one transaction, committed once the route is solved; when ``cancelled()``
    says so by then, ``SolveCancelled`` is raised and the day stays exactly as it was. Why a visit does
    not fit is said in ``locale`` (default: the configured one)."""
    locale = locale or ws.settings.locale
    today, now = ws.today(), ws.now()
    calendar = calendar_of(ws)
    if not calendar.is_working_day(day):
        name = calendar.holiday_name(day)
        raise InputError(f"{day.isoformat()} is not a working day" + (f" ({name})" if name else ""), title="Plan")
    week = IsoWeek.of(day)
    with ws.db.sessions.begin() as s:
        plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
        notes = repo.notes_of(plan) if plan is not None else {}
        made = notes.get("days_planned", {}).get(day.isoformat())
        if day < today:
            if replan:
                raise InputError(f"{day.isoformat()} is already past; it is shown, not planned again", title="Plan")
            return _view(s, ws, day, None, made)
        if made and not replan:
            return _view(s, ws, day, None, made)
        if plan is None:
            plan = repo.create_week_plan(s, ws.manager_id, week.year, week.week, now)
        added = _bring_in(s, ws, plan, day, calendar.add_working_days(day, -1), now)
        rows = [r for r in repo.rows_between(s, ws.manager_id, day, day, ("planned",))]
        dropped, notices, lunch = _route(s, ws, plan, day, rows, now, time_limit, {r.id for r in added}, locale)
        if cancelled is not None and cancelled():
            raise SolveCancelled  # leaving the block rolls everything back
        notes = repo.notes_of(plan)
        notes.setdefault("days_planned", {})[day.isoformat()] = now.isoformat(timespec="minutes")
        notes.setdefault("day_lunch", {})[day.isoformat()] = lunch.strftime("%H:%M") if lunch else None
        repo.save_notes(plan, notes)
        s.flush()
        info = _view(s, ws, day, dropped, now.isoformat(timespec="minutes"), notices)
        carried = sum(1 for r in added if r.source == "carry_over")
        return replace(info, carried=carried, urgent=len(added) - carried)


def show_day(ws: Workspace, day: date) -> DayPlanInfo:
    """The day as stored (visits, times, checklists, materials), without planning anything."""
    with ws.db.sessions() as s:
        plan = repo.get_week_plan(s, ws.manager_id, IsoWeek.of(day).year, IsoWeek.of(day).week)
        made = repo.notes_of(plan).get("days_planned", {}).get(day.isoformat()) if plan else None
        return _view(s, ws, day, None, made)


def _frozen(plan: WeeklyPlan) -> bool:
    return plan.status in ("submitted", "approved")


def _bring_in(s: Session, ws: Workspace, plan: WeeklyPlan, day: date, prev: date, now: datetime) -> list[PlannedVisit]:
    """Add yesterday's unfinished visits, urgent follow-ups and the day's appointments to ``day``."""
    locale = ws.settings.locale
    present = {r.customer_id for r in repo.rows_between(s, ws.manager_id, day, day, ("planned", "done"))}
    added: list[PlannedVisit] = []

    def add(**kw) -> None:
        row = PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, day=day, sequence=999, manual=True,
                           status="planned", created_at=now, **kw)
        s.add(row)
        added.append(row)
        present.add(kw["customer_id"])

    if prev < now.date():  # only a day already gone can leave visits unfinished
        open_rows = repo.rows_between(s, ws.manager_id, prev, prev, ("planned", "skipped"))
        done_links = repo.done_planned_ids(s, [r.id for r in open_rows])
        done = repo.done_days(s, ws.manager_id, prev, day)
        carried = {r.carried_from_id for r in repo.rows_between(s, ws.manager_id, prev, day + timedelta(days=7),
                                                                ("planned", "done", "removed", "skipped"))}
        for r in open_rows:
            if r.id in done_links or r.id in carried or r.customer_id in present or r.customer_id in done:
                continue
            add(customer_id=r.customer_id, planned_minutes=r.planned_minutes, visit_type=r.visit_type,
                purpose=r.purpose, focus=r.focus, standard=r.standard, reason=reasons.carry_over(r.day, locale),
                source="carry_over", carried_from_id=r.id, follow_up_id=r.follow_up_id)
    end_of_day = datetime.combine(day, time(23, 59))
    for fu in open_followups(s, ws.manager_id):
        if fu.kind not in VISIT_KINDS or fu.customer_id in present or fu.next_deadline() > end_of_day:
            continue
        deadline = fu.next_deadline()
        first = fu.first_answer_due is not None and fu.first_answered_at is None and deadline == fu.first_answer_due
        customer = s.get(Customer, fu.customer_id)
        tier = ws.tiers.get(customer.tier) if customer else None
        minutes = (customer.visit_minutes if customer else None) or (tier.visit_minutes if tier else 30)
        add(customer_id=fu.customer_id, planned_minutes=minutes, visit_type="special", purpose=fu.title[:300],
            focus=fu.title[:300], reason=reasons.follow_up(fu.kind, first, deadline, deadline < now, locale),
            source="follow_up", follow_up_id=fu.id)
    start = datetime.combine(day, time())
    booked = {r.appointment_id for r in repo.rows_between(s, ws.manager_id, day, day, ("planned", "done"))}
    for a in s.query(Appointment).filter(Appointment.manager_id == ws.manager_id, Appointment.status == "open",
                                         Appointment.starts_at >= start,
                                         Appointment.starts_at < start + timedelta(days=1)):
        if a.id in booked:
            continue
        add(customer_id=a.customer_id, planned_minutes=a.minutes, planned_start=a.starts_at.time(),
            purpose=a.note[:300], reason=reasons.appointment(a.starts_at, a.note, locale), source="appointment",
            appointment_id=a.id)
    s.flush()
    if _frozen(plan):
        for row in added:
            repo.add_deviation(s, plan.id, "added", now, visit=row, detail=row.reason)
    return added


def _priority(row: PlannedVisit, added: set[int]) -> int:
    if row.id not in added:
        return _OPTIONAL if row.source == "optional" else _OWN
    return _CARRIED_IN if row.source == "carry_over" else _URGENT


def _route(s: Session, ws: Workspace, plan: WeeklyPlan, day: date, rows: list[PlannedVisit], now: datetime,
           time_limit: float | None, added: set[int], locale: str) -> tuple[list[DroppedVisit], list[str], time | None]:
    """Order and time ``rows`` with the day engine; rows that do not fit move on, saying why in ``locale``."""
    from rmtui.routing import DayEnd, DayProblem, DayStart, Location, Lunch, Stop, TravelMatrix, Window, solve_day
    from rmtui.routing.week import WeekProblem, WeekVisit, build_net
    from rmtui.services.route_reasons import reason_text

    settings = ws.settings
    # The reserved minutes are for what comes in unplanned: the day plan may use them.
    pd = replace(plan_day_of(ws, day), end=plan_day_of(ws, day).end + settings.workday.reserved_minutes)
    begin = pd.start
    if day == now.date() and minutes_of(now.time()) > begin:
        begin = -(-minutes_of(now.time()) // 5) * 5  # from now, on the next five minutes
    early = settings.workday.arrive_early_minutes
    stops, dropped, chosen = [], [], []
    for r in rows:
        c = r.customer
        why = None
        if c.lat is None or c.lon is None or c.geo_quality == "none":
            why = reasons.needs_location(locale)
        elif c.geo_quality != "exact":  # a district or street centroid is never routed as if exact
            why = reasons.approximate_location(locale)
        service = r.planned_minutes
        if r.appointment_id and r.planned_start is not None:
            at = minutes_of(r.planned_start) - early
            spans, service = [(at, at + service + early)], service + early
        else:
            try:
                hours = parse_opening_hours(c.opening_hours)
            except OpeningHoursError:
                hours = parse_opening_hours("")
            spans = list(hours.windows_on(day, is_holiday=pd.holiday))
            if r.pinned and r.planned_start is not None:
                ps = minutes_of(r.planned_start)
                near = [(max(a, ps - 30), min(b, ps + 30 + service)) for a, b in spans]
                spans = [(a, b) for a, b in near if b - a >= service] or spans
        spans = [(max(a, begin), min(b, pd.end)) for a, b in spans]
        spans = [(a, b) for a, b in spans if b - a >= service]
        if why is None and not spans:
            why = reasons.closed_on((day,), c.opening_hours, locale)
        if why is not None:
            dropped.append((r, why))
            continue
        required = bool(r.appointment_id) or r.pinned
        stops.append(Stop(str(r.id), Location(c.lat, c.lon), service * 60,
                          tuple(Window(a * 60, b * 60) for a, b in spans), _priority(r, added),
                          required,
                          "visit"))
        chosen.append(r)
    notices: list[str] = []
    lunch_at = None
    if stops:
        travel, overhead = travel_of(settings)
        wday = week_days_of(settings, (pd,))[0]
        here = where_now(s, ws, day) if begin > pd.start else None
        if here is not None:  # the day has begun: the rest of it starts where the last visit was
            wday = replace(wday, origin=Location(*here))
        net = build_net(WeekProblem((wday,), tuple(WeekVisit(st.id, st.location, 0, {}) for st in stops),
                                    travel, overhead))
        idx = [net.origin[0], *(net.places + k for k in range(len(stops))), net.destination[0]]
        sub = np.ix_(idx, idx)
        lunch = pd.lunch if pd.lunch and begin + pd.lunch.minutes <= pd.lunch.latest else None
        problem = DayProblem(DayStart(wday.origin, begin * 60), DayEnd(wday.destination, pd.end * 60), tuple(stops),
                             Lunch(lunch.earliest * 60, lunch.latest * 60, lunch.minutes * 60) if lunch else None,
                             travel, TravelMatrix(net.durations[sub], net.distances[sub]), day)
        limit = time_limit or settings.routing.time_limit_seconds
        result = None
        usual_end = pd.end - settings.workday.reserved_minutes
        if settings.workday.reserved_minutes and begin < usual_end:
            # The least travel may wait for late openings and run into the reserved time: first try
            # the day without it, which keeps it free whenever everything fits.
            kept = solve_day(replace(problem, end=DayEnd(wday.destination, usual_end * 60)), time_limit=limit)
            result = kept if not kept.dropped else None
        if result is None:
            result = solve_day(problem, time_limit=limit)
        notices += list(result.notices)
        by_id = {str(r.id): r for r in chosen}
        for seq, routed in enumerate(result.route, start=1):
            row = by_id[routed.stop.id]
            row.sequence = seq
            shift = early if row.appointment_id else 0
            row.planned_start = _clock(routed.start // 60 + shift)
        codes = {str(r.id): r.customer.code for r in chosen}  # the engine's stop ids are visit ids
        ahead = {str(r.id): early * 60 for r in chosen if r.appointment_id and r.planned_start is not None}
        for d in result.dropped:
            why = reason_text(d.why, locale, codes, stop=d.stop.id, early=ahead) if d.why else d.reason
            dropped.append((by_id[d.stop.id], why))
        if result.lunch is not None:
            lunch_at = _clock(result.lunch.start // 60)
    out = []
    for row, why in dropped:
        out.append(DroppedVisit(row.id, row.customer.code, row.customer.name, _move_on(s, ws, plan, row, why, locale)))
    return out, notices, lunch_at


def _move_on(s: Session, ws: Workspace, plan: WeeklyPlan, row: PlannedVisit, why: str, locale: str) -> str:
    """Move a visit that does not fit to the next working day of its week; say where it went."""
    nxt = calendar_of(ws).next_working_day(row.day)
    if IsoWeek.of(nxt) == IsoWeek.of(row.day):
        old = row.day
        row.day, row.sequence, row.planned_start = nxt, 999, None
        if _frozen(plan):
            repo.add_deviation(s, plan.id, "moved", ws.now(), visit=row,
                               detail=f"{reasons.day_label(old, locale)} → {reasons.day_label(nxt, locale)}",
                               reason=why)
        return f"{why} → {reasons.day_label(nxt, locale)}"
    row.sequence, row.planned_start = 999, None
    return why + ("（下周计划结转）" if reasons.zh(locale) else " (next week's plan carries it over)")


def _view(s: Session, ws: Workspace, day: date, dropped: list[DroppedVisit] | None, made: str | None,
          notices: list[str] | None = None) -> DayPlanInfo:
    """The day as stored: its visits in order with checklists and materials."""
    rows = sorted(repo.rows_between(s, ws.manager_id, day, day, ("planned", "done", "skipped")),
                  key=lambda r: (r.sequence, r.id))
    done = repo.done_planned_ids(s, [r.id for r in rows])
    templates = ws.settings.checklists
    stops = []
    for r in rows:
        c = r.customer
        status = "done" if r.id in done else r.status
        check = checklist_for(templates, c.tier, r.visit_type)
        start = r.planned_start
        depart = _clock(minutes_of(start) + r.planned_minutes) if start else None
        stops.append(DayStop(r.id, r.sequence, c.id, c.code, c.name, c.tier, c.address, start, start, depart,
                             r.planned_minutes, r.visit_type, r.purpose, r.focus, r.reason, r.source, status,
                             check.items if check else (), check.materials if check else ()))
    todo = [st for st in stops if st.status == "planned" and st.start is not None]
    materials = gather_materials(((st.code, st.tier, st.visit_type) for st in todo), templates)
    summary = summarize_day(ws.settings, plan_day_of(ws, day),
                            [repo.to_info(r) for r in rows if r.planned_start is not None and r.status == "planned"])
    plan = repo.get_week_plan(s, ws.manager_id, IsoWeek.of(day).year, IsoWeek.of(day).week)
    lunch = repo.notes_of(plan).get("day_lunch", {}).get(day.isoformat()) if plan else None
    return DayPlanInfo(day, tuple(stops), time.fromisoformat(lunch) if lunch else None, summary.travel_minutes,
                       summary.back_at, tuple(materials), tuple(dropped or ()), notices=tuple(notices or ()),
                       planned_at=datetime.fromisoformat(made) if made else None)


def _clock(minutes: int) -> time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return time(minutes // 60, minutes % 60)
