"""The reasons to visit a customer in a week, one ``PlanItem`` each.

The weekly plan gathers items from six sources: (a) the cadence (due this
week), (b) last week's planned visits not done, (c) open follow-ups and
complaints due this week, (d) appointments, (e) supervisor tasks and (f)
customers not yet due whose window is open (optional, to fill free time).
``rmtui.domain.planning.candidates`` merges a customer's items into one visit.

Each item carries a *level* (what is placed first when time is short:
appointments and hand-made visits, then follow-ups by SLA urgency, then
supervisor tasks, then due visits by tier priority, then optional ones) and
a *bonus* that ranks items within a level (days overdue, nearness of the
due date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rmtui.domain.cadence import Cadence
from rmtui.domain.customer import CustomerInfo
from rmtui.domain.followups import FollowUpInfo
from rmtui.domain.planning import reasons
from rmtui.domain.tiers import Tier

# Levels: group × 1000 + rank inside the group (higher is placed first).
FIXED, URGENT, TASK, DUE, OPTIONAL = 6000, 5000, 4000, 3000, 1000
VISIT_KINDS = ("complaint", "follow_up", "request")  # call-backs are made by phone


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One reason to visit a customer in the planned week.

    ``earliest``/``due_by`` bound the days it may go on (``due_by`` may fall
    on a day off: the visit then goes on the last working day before it);
    ``deadline`` also bounds the time on the ``due_by`` day; ``fixed_at`` is
    an appointment's agreed start.
    """

    customer_id: int
    source: str  # cadence | carry_over | follow_up | appointment | assigned | optional | ad_hoc
    required: bool
    level: int
    bonus: int
    minutes: int
    reason: str
    purpose: str
    visit_type: str = "service"
    earliest: date | None = None
    due_by: date | None = None
    deadline: datetime | None = None
    fixed_at: datetime | None = None
    due_date: date | None = None  # the cadence due date, for reports
    overdue_days: int = 0
    follow_up_id: int | None = None
    appointment_id: int | None = None
    carried_from_id: int | None = None
    task_id: int | None = None


@dataclass(frozen=True, slots=True)
class AppointmentInfo:
    id: int
    customer_id: int
    starts_at: datetime
    minutes: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class TaskInfo:
    id: int
    customer_id: int | None
    title: str
    due_on: date | None
    minutes: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class OpenVisit:
    """A visit planned in an earlier week and not done: carried over."""

    id: int
    customer_id: int
    day: date
    minutes: int
    purpose: str
    source: str


def visit_minutes(customer: CustomerInfo, tier: Tier) -> int:
    return customer.visit_minutes or tier.visit_minutes


def cadence_item(customer: CustomerInfo, tier: Tier, last_visit: date | None, first_day: date, week_end: date,
                 last_day: date, today: date, locale: str) -> PlanItem | None:
    """The cadence's item for a week whose plan days run ``first_day … last_day``.

    Due by ``week_end`` (Sunday): required, to be visited by the due date
    (as soon as possible when already overdue). Due later but with its window
    open by ``last_day``: optional, never before the window opens.
    """
    clock = Cadence(tier, last_visit)
    due = clock.due_date
    window = clock.window_start
    lead = today + timedelta(days=tier.lead_days)
    name = tier.name(locale)
    if due is None or due <= week_end:
        overdue = max(0, (first_day - due).days) if due else 0
        earliest = max(window, lead) if window and due and due >= first_day else lead
        text = reasons.cadence(name, tier.interval_days, due, overdue, False, locale)
        purpose = "例行拜访" if reasons.zh(locale) else "routine visit"
        return PlanItem(customer.id, "cadence", True, DUE + min(tier.priority, 999),
                        min(999, 400 + overdue_points(overdue) + (200 if due is None else 0)),
                        visit_minutes(customer, tier),
                        text, purpose, earliest=earliest, due_by=due if due and due >= first_day else None,
                        due_date=due, overdue_days=overdue)
    if window is not None and window <= last_day:
        text = reasons.cadence(name, tier.interval_days, due, 0, True, locale)
        purpose = "例行拜访（提前）" if reasons.zh(locale) else "routine visit (early)"
        soon = max(0, 500 - 10 * (due - week_end).days)
        return PlanItem(customer.id, "optional", False, OPTIONAL + min(tier.priority, 999), soon,
                        visit_minutes(customer, tier), text, purpose, earliest=max(window, lead), due_date=due)
    return None


def overdue_points(days: int) -> int:
    """Bonus points for being ``days`` overdue: 10 a day for the first month, 2 a day for the
    next three months, then one every two days, so customers overdue by months still rank
    by how long they have waited (0 … 560 by a year overdue)."""
    days = max(0, days)
    return 10 * min(days, 30) + 2 * min(max(days - 30, 0), 90) + max(days - 120, 0) // 2


def carry_item(visit: OpenVisit, tier: Tier | None, locale: str) -> PlanItem:
    """Last week's planned visit not done: to be made as soon as it fits."""
    priority = tier.priority if tier else 0
    return PlanItem(visit.customer_id, "carry_over", True, DUE + min(priority, 999), 600, visit.minutes,
                    reasons.carry_over(visit.day, locale), visit.purpose, carried_from_id=visit.id)


def follow_up_item(item: FollowUpInfo, minutes: int, urgency: int, first_start: datetime, week_end: date,
                   locale: str) -> PlanItem | None:
    """A follow-up, complaint or request whose next deadline falls in the week (or has passed)."""
    if item.kind not in VISIT_KINDS or item.status != "open":
        return None
    deadline = item.next_deadline()
    if deadline.date() > week_end:
        return None
    first_answer = item.first_answer_due is not None and item.first_answered_at is None \
        and deadline == item.first_answer_due
    overdue = deadline <= first_start
    text = reasons.follow_up(item.kind, first_answer, deadline, overdue, locale, by_then=True)
    late_days = max(0, (first_start - deadline).days)
    return PlanItem(item.customer_id, "follow_up", True, URGENT + min(urgency, 999), min(999, 500 + 10 * late_days),
                    minutes, text, item.title, visit_type="special",
                    due_by=None if overdue else deadline.date(), deadline=None if overdue else deadline,
                    overdue_days=late_days, follow_up_id=item.id)


def appointment_item(appt: AppointmentInfo, locale: str) -> PlanItem:
    return PlanItem(appt.customer_id, "appointment", True, FIXED, 999, appt.minutes,
                    reasons.appointment(appt.starts_at, appt.note, locale), appt.note or (
                        "预约拜访" if reasons.zh(locale) else "appointment"),
                    earliest=appt.starts_at.date(), due_by=appt.starts_at.date(), fixed_at=appt.starts_at,
                    appointment_id=appt.id)


def task_item(task: TaskInfo, first_day: date, locale: str) -> PlanItem | None:
    if task.customer_id is None:
        return None
    overdue = task.due_on is not None and task.due_on < first_day
    return PlanItem(task.customer_id, "assigned", True, TASK, 500, task.minutes,
                    reasons.task(task.title, task.due_on, locale), task.title, visit_type="special",
                    due_by=None if overdue or task.due_on is None else task.due_on,
                    overdue_days=max(0, (first_day - task.due_on).days) if task.due_on else 0, task_id=task.id)


def sla_urgency(classes: dict[str, float], name: str) -> int:
    """Rank of an SLA class: the shorter its first-answer time, the higher (unknown: lowest)."""
    order = sorted(classes, key=lambda k: -classes[k])
    return order.index(name) + 1 if name in classes else 0
