"""Weekly plan use cases: build (or rebuild) a week, and show it.

``build_week`` gathers the week's items (cadence, carry-over, follow-ups,
appointments, supervisor tasks, optional visits), merges them into
candidate visits (``rmtui.domain.planning``), places and routes them with
``rmtui.routing.week.solve_week`` and writes the plan in one transaction:
an error anywhere leaves the database as it was. Edits, submission and
review live in ``rmtui.services.plan_edits``; the day plan in
``rmtui.services.plan_day``; the month in ``rmtui.services.plan_month``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from rmtui.domain.customer import CustomerInfo
from rmtui.domain.planning import reasons
from rmtui.domain.planning.candidates import Candidate, KeptVisit, build_candidates
from rmtui.domain.planning.days import PlanDay, minutes_of, plan_days
from rmtui.domain.planning.items import (
    OpenVisit,
    PlanItem,
    appointment_item,
    cadence_item,
    carry_item,
    follow_up_item,
    sla_urgency,
    task_item,
    visit_minutes,
)
from rmtui.domain.planning.model import UnplacedVisit, WeekPlanInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.services.plan_common import (
    calendar_of,
    day_rules,
    holiday_text,
    to_week_problem,
    week_view,
)
from rmtui.store import plans as repo
from rmtui.store.customers import list_customers
from rmtui.store.models import PlannedVisit, WeeklyPlan
from rmtui.store.visits import open_followups
from rmtui.workspace import Workspace

if TYPE_CHECKING:
    from rmtui.routing.week import WeekProblem, WeekResult

FROZEN = ("submitted", "approved")


def show_week(ws: Workspace, week: IsoWeek) -> WeekPlanInfo | None:
    """The stored plan of ``week``, or None when it was never built."""
    with ws.db.sessions() as s:
        plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
        return week_view(s, ws, plan, week) if plan is not None else None


SolveWeek = Callable[["WeekProblem", float], "WeekResult"]
"""How a week is solved: ``solve(problem, time_limit)``; in this process by default, in a child
process for the app (``rmtui.services.solve_process.WeekSolveProcess``)."""


def build_week(ws: Workspace, week: IsoWeek, *, rebuild: bool = False, time_limit: float | None = None,
               solve: SolveWeek | None = None, cancelled: Callable[[], bool] | None = None) -> WeekPlanInfo:
    """The plan of ``week``: built now if it does not exist yet (or ``rebuild``), else as stored.

    A rebuild keeps visits placed, moved or pinned by hand, removed visits
    stay removed, visits already done and days already past are untouched.
    Raises ``InputError`` for a past week, a week without a working day
    left, or a submitted plan (frozen: edit single visits instead).

    ``solve`` runs the search (default: ``solve_week`` here). The plan is
    written after it, in one transaction; when ``cancelled()`` is true by
    then (or ``solve`` raises ``SolveCancelled``), ``SolveCancelled`` is
    raised and the database is as it was. A new week's plan row is created
    only after the search, so no write lock is held while it runs.
    """
    now, today = ws.now(), ws.today()
    locale = ws.settings.locale
    if week.sunday < today:
        raise InputError(f"{week} is already past (it ended on {week.sunday.isoformat()}); "
                         "plans are made for this week or later ones", title="Plan")
    with ws.db.sessions.begin() as s:
        plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
        if plan is not None and plan.built_at is not None and not rebuild:
            return week_view(s, ws, plan, week)
        if plan is not None and plan.status in FROZEN:
            when = plan.submitted_at.strftime("%Y-%m-%d %H:%M") if plan.submitted_at else "?"
            raise InputError(f"the plan of {week} was submitted at {when} and is {plan.status}: it is not "
                             "rebuilt; move, add or remove single visits instead (each change is recorded "
                             "as a deviation)", title="Plan")
        calendar = calendar_of(ws)
        days = plan_days(week.days(), day_rules(ws.settings), calendar, now)
        if not days:
            raise InputError(f"{week} has no working day left to plan{holiday_text(calendar, week)}; "
                             "nothing was written", title="Plan")
        plan = _build(s, ws, plan, week, days, now, locale, time_limit, solve or _solve_here)
        if cancelled is not None and cancelled():
            from rmtui.services.plan_day import SolveCancelled

            raise SolveCancelled  # leaving the block rolls everything back
        return week_view(s, ws, plan, week)


def _solve_here(problem: WeekProblem, time_limit: float) -> WeekResult:
    from rmtui.routing import week as week_search  # looked up now: benches and tests may wrap it

    return week_search.solve_week(problem, time_limit=time_limit)


def _build(s: Session, ws: Workspace, plan: WeeklyPlan | None, week: IsoWeek, days: tuple[PlanDay, ...],
           now: datetime, locale: str, time_limit: float | None, solve: SolveWeek) -> WeeklyPlan:
    today, first = now.date(), days[0].day
    rows = repo.plan_rows(s, plan.id) if plan is not None else []
    ahead = [r for r in rows if r.day >= first]
    kept = [r for r in ahead if r.status == "planned" and (r.manual or r.pinned)]
    auto = [r for r in ahead if r.status == "planned" and not (r.manual or r.pinned)]
    removed = [r for r in rows if r.status == "removed"]
    customers = {c.id: c for c in list_customers(s, ws.manager_id)}
    items, flags, office = _gather(s, ws, week, days, {r.id for r in auto}, customers, today, locale)
    served = {r.customer_id for r in rows if r.status == "done"}
    served |= set(repo.done_days(s, ws.manager_id, week.monday, today))
    removed_appts = {r.appointment_id for r in removed if r.appointment_id}
    removed_customers = {r.customer_id for r in removed}
    items = [i for i in items if not (
        (i.customer_id in served and i.source in ("cadence", "optional", "carry_over"))
        or (i.customer_id in removed_customers and (i.appointment_id is None or i.appointment_id in removed_appts)))]
    kept_visits = [KeptVisit(r.id, r.customer_id, r.day, r.planned_minutes, r.pinned,
                             minutes_of(r.planned_start) if r.planned_start else None, r.appointment_id)
                   for r in kept]
    early = ws.settings.workday.arrive_early_minutes
    candidates = build_candidates(items, kept_visits, customers, days, early, locale)
    routable = [c for c in candidates if c.problem is None and c.days]
    routable = _cap_optional(routable, days)
    problem = to_week_problem(ws.settings, days, routable)
    n = len(routable)
    limit = time_limit if time_limit is not None else min(20.0, 1.5 + 0.075 * n)
    result = solve(problem, limit)
    if plan is None:
        plan = repo.create_week_plan(s, ws.manager_id, week.year, week.week, now)

    by_key = {c.key: c for c in routable}
    repo.delete_rows(s, [r.id for r in auto])
    kept_rows = {r.id: r for r in kept}
    due_by: dict[str, str] = {}
    for route in result.days:
        pd = days[route.day]
        for seq, stop in enumerate(route.stops, start=1):
            cand = by_key[stop.visit_id]
            start = _clock(stop.start // 60 + cand.arrive_early)
            if cand.kept_id is not None:
                row = kept_rows[cand.kept_id]
                row.sequence, row.planned_start = seq, start
                continue
            row = _new_row(ws, plan, cand, pd.day, seq, start, now, locale)
            s.add(row)
            s.flush()
            if cand.due_by:
                due_by[str(row.id)] = cand.due_by.isoformat()
    dropped = set(result.dropped)
    unplaced = []
    for cand in candidates:
        if cand.kept_id is not None:
            if cand.problem or cand.key in dropped:
                row = kept_rows[cand.kept_id]
                flags.append(f"{row.customer.code} {row.customer.name}: " + (cand.problem or reasons.no_room(
                    (row.day,), locale)))
            continue
        why = cand.problem or (reasons.no_room(cand.days, locale) if cand.key in dropped or cand not in routable
                               else None)
        if why is None:
            continue
        if not cand.required and cand.problem is None:
            continue  # an optional visit that did not fit is not worth a line
        unplaced.append(_unplaced(cand, why))
    flags += [n for c in candidates for n in c.notes]
    notes = repo.notes_of(plan)
    written = notes.get("reasons", {})
    notes.update({
        "unplaced": [_unplaced_json(u, written) for u in unplaced], "reasons": written,
        "flags": list(dict.fromkeys(flags)), "office_tasks": office, "due_by": due_by,
        "build": {"seconds": round(result.seconds, 2), "travel_s": result.travel, "placed": result.placed,
                  "candidates": len(candidates), "status": result.status, "days": [d.day.isoformat() for d in days]},
    })
    repo.save_notes(plan, notes)
    plan.built_at = now
    s.flush()
    return plan


def _gather(s: Session, ws: Workspace, week: IsoWeek, days: tuple[PlanDay, ...],
            rebuilt: set[int], customers: dict[int, CustomerInfo], today: date,
            locale: str) -> tuple[list[PlanItem], list[str], list[str]]:
    """Items from the six sources, flags about the data, and tasks that need no visit."""
    tiers = ws.tiers
    first, last = days[0].day, days[-1].day
    flags: list[str] = []
    # Visits still to come before this week count as made for the cadence.
    coming = [r for r in repo.rows_between(s, ws.manager_id, today, first - timedelta(days=1)) if r.id not in rebuilt]
    projected: dict[int, date] = {}
    for r in coming:
        projected[r.customer_id] = max(projected.get(r.customer_id, r.day), r.day)
    items: list[PlanItem] = []
    unknown: set[str] = set()
    for c in customers.values():
        tier = tiers.get(c.tier)
        if tier is None:
            unknown.add(c.tier)
            continue
        last_visit = max((d for d in (c.last_visit, projected.get(c.id)) if d is not None), default=None)
        item = cadence_item(c, tier, last_visit, first, week.sunday, last, today, locale)
        if item is not None:
            items.append(item)
    flags += [reasons.unknown_tier(t, locale) for t in sorted(unknown)]
    items += _carry_items(s, ws, week, rebuilt, customers, today, locale)
    urgency = {k: v.first_answer_hours for k, v in ws.settings.sla.items()}
    first_start = datetime.combine(first, _clock(days[0].start))
    for fu in open_followups(s, ws.manager_id):
        c = customers.get(fu.customer_id)
        tier = tiers.get(c.tier) if c else None
        if c is None:
            continue
        minutes = visit_minutes(c, tier) if tier else (c.visit_minutes or 30)
        item = follow_up_item(fu, minutes, sla_urgency(urgency, fu.sla_class), first_start, week.sunday, locale)
        if item is not None:
            items.append(item)
    start = datetime.combine(week.monday, time())
    for appt in repo.appointments_between(s, ws.manager_id, start, start + timedelta(days=7)):
        items.append(appointment_item(appt, locale))
    office = []
    for task in repo.open_tasks(s, ws.manager_id):
        if task.due_on is not None and task.due_on < week.monday - timedelta(days=28):
            continue  # long forgotten: not this week's business
        item = task_item(task, first, locale)
        if item is None:
            if task.due_on is None or task.due_on <= week.sunday:
                office.append(task.title)
        elif task.due_on is None or task.due_on <= week.sunday:
            items.append(item)
    return items, flags, office


def _carry_items(s: Session, ws: Workspace, week: IsoWeek, rebuilt: set[int],
                 customers: dict[int, CustomerInfo], today: date, locale: str) -> list[PlanItem]:
    """Planned visits of the past week (and of this week's past days) that were not done."""
    since = week.monday - timedelta(days=7)
    until = min(today, week.sunday) - timedelta(days=1)
    if until < since:
        return []
    open_rows = repo.rows_between(s, ws.manager_id, since, until, ("planned", "skipped"))
    done_links = repo.done_planned_ids(s, [r.id for r in open_rows])
    done = repo.done_days(s, ws.manager_id, since, today)
    # Already carried by a visit that stays (a day plan, a visit kept by hand): not again.
    carried = {r.carried_from_id for r in repo.rows_between(s, ws.manager_id, since, week.sunday,
                                                            ("planned", "done", "removed", "skipped"))
               if r.carried_from_id and r.id not in rebuilt}
    out = []
    seen: set[int] = set()
    for r in open_rows:
        if r.id in done_links or r.id in carried or r.customer_id in seen or r.customer_id not in customers:
            continue
        if any(d >= r.day for d in done.get(r.customer_id, [])):
            continue
        seen.add(r.customer_id)
        tier = ws.tiers.get(customers[r.customer_id].tier)
        out.append(carry_item(OpenVisit(r.id, r.customer_id, r.day, r.planned_minutes, r.purpose, r.source),
                              tier, locale))
    return out


def _cap_optional(cands: list[Candidate], days: tuple[PlanDay, ...]) -> list[Candidate]:
    """Required visits and the most useful optional ones, about as many as the week could hold.

    Offering the search every customer whose window is open would slow it
    down for nothing: a day holds a dozen visits or so.
    """
    required = [c for c in cands if c.required]
    optional = sorted((c for c in cands if not c.required), key=lambda c: (-c.level, -c.bonus, c.key))
    per_visit = 35  # minutes of a visit with its travel, a generous guess
    room = sum(d.usable_minutes for d in days) // per_visit
    keep = max(8, int(room * 1.25) - len(required))
    return required + optional[:keep]


def _new_row(ws: Workspace, plan: WeeklyPlan, cand: Candidate, day: date, seq: int, start: time,
             now: datetime, locale: str) -> PlannedVisit:
    minutes = cand.minutes - cand.arrive_early
    return PlannedVisit(
        manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=cand.customer.id, day=day, sequence=seq,
        planned_start=start, planned_minutes=minutes, visit_type=cand.visit_type, mode="on_site",
        purpose=cand.purpose[:300], focus=_focus(cand), standard=_standard(cand.visit_type, minutes, locale),
        reason=cand.reason[:300], source=cand.source, status="planned", follow_up_id=cand.first("follow_up_id"),
        appointment_id=cand.first("appointment_id"), carried_from_id=cand.first("carried_from_id"), created_at=now)


def _focus(cand: Candidate) -> str:
    special = [i.purpose for i in cand.items if i.visit_type == "special" and i.purpose]
    return "; ".join(dict.fromkeys(special)) or cand.purpose


def _standard(visit_type: str, minutes: int, locale: str) -> str:
    if reasons.zh(locale):
        return "当面答复客户并记录处理结果" if visit_type == "special" else f"到店拜访约{minutes}分钟，当天填写拜访记录"
    return ("answer the customer in person and record the result" if visit_type == "special"
            else f"on site for about {minutes} min; record the visit the same day")


def _unplaced(cand: Candidate, why: str) -> UnplacedVisit:
    c = cand.customer
    return UnplacedVisit(c.id, c.code, c.name, c.tier, cand.source, cand.reason, why, cand.required, cand.due_by)


def _unplaced_json(u: UnplacedVisit, written: dict[str, str]) -> dict:
    return {"customer_id": u.customer_id, "code": u.code, "name": u.name, "tier": u.tier, "source": u.source,
            "reason": u.reason, "why": u.why, "required": u.required,
            "due_by": u.due_by.isoformat() if u.due_by else None}


def _clock(minutes: int) -> time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return time(minutes // 60, minutes % 60)
