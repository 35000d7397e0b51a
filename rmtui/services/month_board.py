"""The month screen's data: the month's plan and review, the next month's plan,
and the customers due or overdue in the month, a page at a time.

The rules stay in ``rmtui.services.plan_month`` (plan, review) and
``rmtui.domain.cadence`` (when a customer is due); this module gathers them
for one screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rmtui.domain.cadence import Cadence
from rmtui.domain.planning.monthly import MonthPlanInfo, MonthReview
from rmtui.domain.planning.periods import Month
from rmtui.errors import UserError
from rmtui.services.plan_month import build_month, review_month
from rmtui.store import plans as repo
from rmtui.store.customers import list_customers
from rmtui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class DueCustomer:
    """A customer whose cadence asks for a visit by the end of the month."""

    customer_id: int
    code: str
    name: str
    tier: str
    last_visit: date | None
    due_date: date
    overdue_days: int  # as of today (0 when not yet overdue)
    planned: date | None  # the next planned visit in the month, if any


@dataclass(frozen=True, slots=True)
class DuePage:
    rows: tuple[DueCustomer, ...]
    offset: int
    total: int
    overdue: int


@dataclass(frozen=True, slots=True)
class MonthBoard:
    """What the month screen shows."""

    month: Month
    status: str  # none | draft | confirmed
    focus: str
    review: MonthReview | None  # None before the month has started
    next_month: Month
    next_plan: MonthPlanInfo | None  # None when the next month is already past
    next_error: str = ""


def month_board(ws: Workspace, month: Month) -> MonthBoard:
    """The month's review (planned against done so far) and next month's plan (drafted if missing)."""
    today = ws.today()
    review = review_month(ws, month) if month.first <= today else None
    nxt = month.shift(1)
    next_plan, error = None, ""
    if nxt.last >= today.replace(day=1):
        try:
            next_plan = build_month(ws, nxt)
        except UserError as exc:
            error = str(exc)
    with ws.db.sessions() as s:
        plan = repo.get_month_plan(s, ws.manager_id, month.year, month.month)
        status, focus = (plan.status, plan.focus) if plan is not None else ("none", "")
    return MonthBoard(month, status, focus, review, nxt, next_plan, error)


def due_customers(ws: Workspace, month: Month, *, offset: int = 0, limit: int = 100) -> DuePage:
    """Customers due by the month's end (overdue ones first, then by due date), one page."""
    today = ws.today()
    tiers = ws.tiers
    with ws.db.sessions() as s:
        customers = list_customers(s, ws.manager_id)
        rows = repo.rows_between(s, ws.manager_id, max(today, month.first), month.last, ("planned",))
        planned: dict[int, date] = {}
        for r in rows:
            if r.customer_id not in planned or r.day < planned[r.customer_id]:
                planned[r.customer_id] = r.day
    out = []
    for c in customers:
        tier = tiers.get(c.tier)
        if tier is None:
            continue
        status = Cadence(tier, last_visit=c.last_visit).status(c.id, today)
        if status.due_date > month.last:
            continue
        out.append(DueCustomer(c.id, c.code, c.name, c.tier, c.last_visit, status.due_date, status.overdue_days,
                               planned.get(c.id)))
    out.sort(key=lambda d: (-d.overdue_days, d.due_date, d.code))
    total = len(out)
    offset = max(0, min(offset, max(0, total - 1) // limit * limit))
    return DuePage(tuple(out[offset:offset + limit]), offset, total, sum(1 for d in out if d.overdue_days))
