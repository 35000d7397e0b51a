"""Plan against actual for one week: the supervisor's visit compliance (拜访到位率).

A planned visit counts as *in place* when it was really made, on the planned
day, on site (a check-in near the customer, or confirmed). Visits still
ahead are pending and do not count yet; visits made without a plan are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.store import plans as repo
from rmtui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class VisitOutcome:
    """What became of one planned visit."""

    id: int
    code: str
    name: str
    day: date
    planned_start: time | None
    outcome: str  # in_place | other_day | not_on_site | not_done | removed | pending
    done_on: date | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class WeekProgress:
    """A week's plan against what was done."""

    week: str
    planned: int
    due_so_far: int
    in_place: int
    compliance: float | None  # in place ÷ planned visits whose day has come
    visits: tuple[VisitOutcome, ...]
    off_plan: tuple[tuple[date, str, str], ...]


def week_progress(ws: Workspace, week: IsoWeek) -> WeekProgress:
    today = ws.today()
    with ws.db.sessions() as s:
        plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
        if plan is None:
            raise InputError(f"there is no plan for {week}", title="Plan")
        rows = repo.plan_rows(s, plan.id)
        records = [r for r in repo.records_between(s, ws.manager_id, week.monday, week.sunday)]
        by_link = {r.planned_visit_id: r for r in records if r.planned_visit_id and r.status == "done"}
        by_customer: dict[int, list] = {}
        for r in records:
            if r.status == "done":
                by_customer.setdefault(r.customer_id, []).append(r)
        out, used = [], set()
        for row in rows:
            rec = by_link.get(row.id) or next((r for r in by_customer.get(row.customer_id, [])
                                               if r.id not in used), None)
            if row.status == "removed":
                outcome, done_on = "removed", None
            elif rec is not None:
                used.add(rec.id)
                done_on = rec.day
                on_site = rec.on_site is not False or rec.on_site_confirmed
                outcome = "other_day" if rec.day != row.day else ("in_place" if on_site else "not_on_site")
            elif row.status == "done":
                outcome, done_on = "in_place", row.day
            else:
                outcome, done_on = ("pending" if row.day >= today else "not_done"), None
            out.append(VisitOutcome(row.id, row.customer.code, row.customer.name, row.day, row.planned_start,
                                    outcome, done_on, row.status_reason))
        off = tuple((r.day, r.customer.code, r.customer.name) for r in records
                    if r.status == "done" and r.id not in used and r.planned_visit_id is None)
    counted = [v for v in out if v.outcome not in ("removed", "pending")]
    in_place = sum(1 for v in counted if v.outcome == "in_place")
    return WeekProgress(str(week), sum(1 for v in out if v.outcome != "removed"), len(counted), in_place,
                        in_place / len(counted) if counted else None, tuple(out), off)
