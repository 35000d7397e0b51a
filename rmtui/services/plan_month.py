"""Monthly plan use cases: build or confirm the month, and the month-end review."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select

from rmtui.domain.planning import reasons
from rmtui.domain.planning.monthly import (
    Miss,
    MonthPlanInfo,
    MonthReview,
    OffPlanVisit,
    TargetInfo,
    TierCount,
    count_by_tier,
    default_targets,
    required_visits,
    review,
    target_label,
)
from rmtui.domain.planning.periods import Month
from rmtui.errors import InputError
from rmtui.store import plans as repo
from rmtui.store.customers import list_customers
from rmtui.store.models import Customer, MonthlyPlan
from rmtui.workspace import Workspace


def _number(key: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"target {key}={text!r}: the value must be a number", title="Plan") from None


def build_month(ws: Workspace, month: Month, *, confirm: bool = False, targets: dict[str, str] | None = None,
                focus: str | None = None) -> MonthPlanInfo:
    """The monthly plan: created as a draft with the cadence's targets, then updated and confirmed."""
    today, locale = ws.today(), ws.settings.locale
    if month.last < today.replace(day=1):
        raise InputError(f"{month} is already past; see its review instead: rmtui plan review {month}", title="Plan")
    values = {k: _number(k, v) for k, v in (targets or {}).items()}
    with ws.db.sessions.begin() as s:
        plan = repo.get_month_plan(s, ws.manager_id, month.year, month.month)
        customers = list_customers(s, ws.manager_id)
        coming = repo.rows_between(s, ws.manager_id, today, month.first - timedelta(days=1))
        projected = {c.id: c.last_visit for c in customers}
        for r in coming:  # visits still planned before the month count as made
            if projected.get(r.customer_id) is None or projected[r.customer_id] < r.day:
                projected[r.customer_id] = r.day
        dues = required_visits(customers, ws.tiers, projected, max(month.first, today), month.last)
        counts = count_by_tier(dues, list(ws.tiers))
        if plan is None:
            plan = repo.create_month_plan(s, ws.manager_id, month.year, month.month, ws.now())
            for t in default_targets(counts, ws.tiers, locale):
                repo.set_target(plan, t.key, t.label, t.target, t.unit)
        if plan.status == "confirmed" and (values or focus is not None):
            raise InputError(f"the plan of {month} is confirmed; its targets no longer change", title="Plan")
        for key, value in values.items():
            known = any(t.key == key for t in plan.targets)
            repo.set_target(plan, key, "" if known else target_label(key, locale), value)
        if focus is not None:
            plan.focus = focus
        if confirm and plan.status != "confirmed":
            plan.status, plan.confirmed_at = "confirmed", ws.now()
        s.flush()
        located = {c.id for c in customers if c.lat is not None and c.lon is not None}
        unplannable = tuple(f"{d.code} {d.name}: {reasons.needs_location(locale)}" for d in dues
                            if d.customer_id not in located)
        return MonthPlanInfo(str(month), plan.status, plan.focus, _targets(plan), tuple(counts), tuple(dues),
                             unplannable, plan.confirmed_at)


def _targets(plan: MonthlyPlan, achieved: dict[str, float] | None = None) -> tuple[TargetInfo, ...]:
    got = achieved or {}
    return tuple(TargetInfo(t.key, t.label, t.target, t.unit,
                            t.achieved_manual if t.achieved_manual is not None else got.get(t.key))
                 for t in plan.targets)


def review_month(ws: Workspace, month: Month, *, done: str | None = None, shortfalls: str | None = None,
                 improvements: str | None = None, achieved: dict[str, str] | None = None) -> MonthReview:
    """Planned against done for ``month`` (up to today for a running month); texts saved when given."""
    today = ws.today()
    if month.first > today:
        raise InputError(f"{month} has not started yet; there is nothing to review", title="Plan")
    last = min(month.last, today)
    with ws.db.sessions.begin() as s:
        customers = {c.id: c for c in list_customers(s, ws.manager_id)}
        imported = dict(s.execute(select(Customer.id, Customer.last_visit_imported)
                                  .where(Customer.manager_id == ws.manager_id)).all())
        rows = [r for r in repo.rows_between(s, ws.manager_id, month.first, month.last,
                                             ("planned", "done", "skipped", "removed"))]
        active = [r for r in rows if r.status != "removed"]
        records = repo.records_between(s, ws.manager_id, date(1900, 1, 1), last)
        done_records = [v for v in records if v.status == "done"]
        in_month = [v for v in done_records if v.day >= month.first]
        planned_keys = {(r.customer_id, r.day) for r in active}
        linked = {v.planned_visit_id for v in in_month if v.planned_visit_id}
        done_planned = [(r.customer_id, r.day) for r in active
                        if r.id in linked or r.status == "done" or (r.customer_id, r.day) in
                        {(v.customer_id, v.day) for v in in_month}]
        tiers_out, per_customer, share = review(
            customers, ws.tiers, [(r.customer_id, r.day) for r in active],
            [(v.customer_id, v.day, v.mode) for v in done_records], done_planned, month.first, last, imported)
        off = [OffPlanVisit(v.day, v.customer.code, v.customer.name) for v in in_month
               if not v.planned_visit_id and (v.customer_id, v.day) not in planned_keys]
        misses = [Miss(r.day, r.customer.code, r.customer.name, r.status_reason) for r in rows
                  if r.status in ("skipped", "removed") and r.status_reason]
        misses += [Miss(v.day, v.customer.code, v.customer.name, v.not_done_reason) for v in records
                   if v.status == "not_done" and v.day >= month.first and v.not_done_reason]
        misses += _written_reasons(s, ws, month)
        # A visit logged as not done at the end of the day is both skipped in the plan and recorded
        # as not done, with the same reason: listed once.
        misses = list(dict.fromkeys(misses))
        plan = repo.get_month_plan(s, ws.manager_id, month.year, month.month)
        if plan is None:
            plan = repo.create_month_plan(s, ws.manager_id, month.year, month.month, ws.now())
            # No plan was made: the cadence's requirement for the month stands in for its targets.
            implied = [TierCount(t.tier, 0, t.required) for t in tiers_out]
            for t in default_targets(implied, ws.tiers, ws.settings.locale):
                repo.set_target(plan, t.key, t.label, t.target, t.unit)
        for key, value in (achieved or {}).items():
            known = {t.key for t in plan.targets}
            if key not in known:
                raise InputError(f"there is no target {key!r} in {month}; targets: {', '.join(sorted(known))}",
                                 title="Plan")
            repo.set_target(plan, key, "", next(t.target for t in plan.targets if t.key == key),
                            achieved=_number(key, value))
        for attr, text in (("review_done", done), ("review_shortfalls", shortfalls),
                           ("review_improvements", improvements)):
            if text is not None:
                setattr(plan, attr, text)
                plan.reviewed_at = ws.now()
        counted = {f"visits_{t.tier}": float(t.done) for t in tiers_out}
        counted["visits_total"] = float(sum(t.done for t in tiers_out))
        start = datetime.combine(month.first, time())
        # New: added this month, and not visited before it (an imported book is not new customers).
        counted["new_customers"] = float(len(s.scalars(select(Customer.id).where(
            Customer.manager_id == ws.manager_id, Customer.created_at >= start,
            Customer.created_at < datetime.combine(month.last + timedelta(days=1), time()),
            or_(Customer.last_visit_imported.is_(None), Customer.last_visit_imported >= month.first))).all()))
        s.flush()
        return MonthReview(str(month), share, tuple(tiers_out), tuple(per_customer), tuple(off), tuple(misses),
                           _targets(plan, counted), plan.review_done, plan.review_shortfalls,
                           plan.review_improvements)


def _written_reasons(s, ws: Workspace, month: Month) -> list[Miss]:
    """Reasons written on weekly plans of the month for due visits left out."""
    from rmtui.store.models import WeeklyPlan

    out = []
    for plan in s.scalars(select(WeeklyPlan).where(WeeklyPlan.manager_id == ws.manager_id)):
        monday = date.fromisocalendar(plan.iso_year, plan.iso_week, 1)
        if not (month.first <= monday + timedelta(days=6) and monday <= month.last):
            continue
        notes = repo.notes_of(plan)
        names = {u["code"]: u["name"] for u in notes.get("unplaced", [])}
        for code, text in notes.get("reasons", {}).items():
            if text:
                out.append(Miss(None, code, names.get(code, ""), text))
    return out

