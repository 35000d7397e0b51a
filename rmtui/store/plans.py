"""Plan repository: weekly and monthly plans, planned visits, deviations, tasks.

Functions take an open session and never commit: the service around them
holds one transaction per user action, so a failed build leaves nothing
half-written. Rows leave as plain values (``rmtui.domain.planning.model``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rmtui.domain.planning.items import AppointmentInfo, TaskInfo
from rmtui.domain.planning.model import PlannedVisitInfo
from rmtui.store.models import (
    Appointment,
    Customer,
    MonthlyPlan,
    MonthlyTarget,
    PlanDeviation,
    PlannedVisit,
    SupervisorTask,
    VisitRecord,
    WeeklyPlan,
)


def get_week_plan(session: Session, manager_id: int, year: int, week: int) -> WeeklyPlan | None:
    return session.scalar(select(WeeklyPlan).where(WeeklyPlan.manager_id == manager_id,
                                                   WeeklyPlan.iso_year == year, WeeklyPlan.iso_week == week))


def create_week_plan(session: Session, manager_id: int, year: int, week: int, now: datetime) -> WeeklyPlan:
    plan = WeeklyPlan(manager_id=manager_id, iso_year=year, iso_week=week, status="draft", created_at=now,
                      notes="{}")
    session.add(plan)
    session.flush()
    return plan


def notes_of(plan: WeeklyPlan) -> dict:
    """The plan's notes (unplaced visits, written reasons, flags, build figures) as a dict."""
    try:
        data = json.loads(plan.notes or "{}")
    except ValueError:
        data = {"text": plan.notes}
    return data if isinstance(data, dict) else {"text": plan.notes}


def save_notes(plan: WeeklyPlan, notes: dict) -> None:
    plan.notes = json.dumps(notes, ensure_ascii=False, sort_keys=True)


def plan_rows(session: Session, plan_id: int) -> list[PlannedVisit]:
    """The plan's visits ordered by day and route position."""
    return list(session.scalars(select(PlannedVisit).where(PlannedVisit.weekly_plan_id == plan_id)
                                .order_by(PlannedVisit.day, PlannedVisit.sequence, PlannedVisit.id)))


def rows_between(session: Session, manager_id: int, first: date, last: date,
                 statuses: Iterable[str] = ("planned",)) -> list[PlannedVisit]:
    """Planned visits of any plan from ``first`` to ``last`` with one of ``statuses``."""
    return list(session.scalars(select(PlannedVisit).where(
        PlannedVisit.manager_id == manager_id, PlannedVisit.day >= first, PlannedVisit.day <= last,
        PlannedVisit.status.in_(list(statuses))).order_by(PlannedVisit.day, PlannedVisit.sequence)))


def delete_rows(session: Session, ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids:
        session.execute(delete(PlannedVisit).where(PlannedVisit.id.in_(ids)))


def done_days(session: Session, manager_id: int, first: date, last: date) -> dict[int, list[date]]:
    """Days of completed visits per customer from ``first`` to ``last``."""
    out: dict[int, list[date]] = defaultdict(list)
    for cid, day in session.execute(select(VisitRecord.customer_id, VisitRecord.day).where(
            VisitRecord.manager_id == manager_id, VisitRecord.status == "done",
            VisitRecord.day >= first, VisitRecord.day <= last)):
        out[cid].append(day)
    return out


def records_between(session: Session, manager_id: int, first: date, last: date) -> list[VisitRecord]:
    return list(session.scalars(select(VisitRecord).where(
        VisitRecord.manager_id == manager_id, VisitRecord.day >= first, VisitRecord.day <= last)
        .order_by(VisitRecord.day)))


def done_planned_ids(session: Session, planned_ids: Iterable[int]) -> set[int]:
    """Planned visits that have a completed visit record linked to them."""
    ids = list(planned_ids)
    if not ids:
        return set()
    return set(session.scalars(select(VisitRecord.planned_visit_id).where(
        VisitRecord.planned_visit_id.in_(ids), VisitRecord.status == "done")))


def appointments_between(session: Session, manager_id: int, start: datetime, end: datetime) -> list[AppointmentInfo]:
    rows = session.scalars(select(Appointment).where(
        Appointment.manager_id == manager_id, Appointment.status == "open",
        Appointment.starts_at >= start, Appointment.starts_at < end).order_by(Appointment.starts_at))
    return [AppointmentInfo(a.id, a.customer_id, a.starts_at, a.minutes, a.note) for a in rows]


def open_tasks(session: Session, manager_id: int) -> list[TaskInfo]:
    rows = session.scalars(select(SupervisorTask).where(SupervisorTask.manager_id == manager_id,
                                                        SupervisorTask.status == "open").order_by(SupervisorTask.id))
    return [TaskInfo(t.id, t.customer_id, t.title, t.due_on, t.minutes, t.detail) for t in rows]


def add_task(session: Session, manager_id: int, title: str, customer_id: int | None, due_on: date | None,
             minutes: int, detail: str, now: datetime) -> SupervisorTask:
    task = SupervisorTask(manager_id=manager_id, customer_id=customer_id, title=title, detail=detail,
                          due_on=due_on, minutes=minutes, status="open", created_at=now)
    session.add(task)
    session.flush()
    return task


def customer_by_code(session: Session, manager_id: int, code: str) -> Customer | None:
    return session.scalar(select(Customer).where(Customer.manager_id == manager_id, Customer.code == code))


def to_info(row: PlannedVisit, due_by: date | None = None) -> PlannedVisitInfo:
    c = row.customer
    return PlannedVisitInfo(
        id=row.id, customer_id=row.customer_id, code=c.code, name=c.name, tier=c.tier, day=row.day,
        sequence=row.sequence, planned_start=row.planned_start, minutes=row.planned_minutes,
        visit_type=row.visit_type, purpose=row.purpose, focus=row.focus, standard=row.standard, reason=row.reason,
        source=row.source, pinned=row.pinned, manual=row.manual, status=row.status, status_reason=row.status_reason,
        follow_up_id=row.follow_up_id, appointment_id=row.appointment_id, carried_from_id=row.carried_from_id,
        due_by=due_by, address=c.address, lat=c.lat, lon=c.lon)


def add_deviation(session: Session, plan_id: int, kind: str, at: datetime, *, visit: PlannedVisit | None = None,
                  customer_id: int | None = None, detail: str = "", reason: str = "") -> None:
    session.add(PlanDeviation(weekly_plan_id=plan_id, planned_visit_id=visit.id if visit else None,
                              customer_id=visit.customer_id if visit else customer_id, kind=kind,
                              detail=detail[:300], reason=reason[:300], at=at))


def deviations_of(session: Session, plan_id: int) -> list[tuple[PlanDeviation, Customer | None]]:
    stmt = (select(PlanDeviation, Customer).outerjoin(Customer, Customer.id == PlanDeviation.customer_id)
            .where(PlanDeviation.weekly_plan_id == plan_id).order_by(PlanDeviation.at, PlanDeviation.id))
    return [(d, c) for d, c in session.execute(stmt)]


# -- monthly plans ---------------------------------------------------------

def get_month_plan(session: Session, manager_id: int, year: int, month: int) -> MonthlyPlan | None:
    return session.scalar(select(MonthlyPlan).where(MonthlyPlan.manager_id == manager_id,
                                                    MonthlyPlan.year == year, MonthlyPlan.month == month))


def create_month_plan(session: Session, manager_id: int, year: int, month: int, now: datetime) -> MonthlyPlan:
    plan = MonthlyPlan(manager_id=manager_id, year=year, month=month, status="draft", created_at=now)
    session.add(plan)
    session.flush()
    return plan


def set_target(plan: MonthlyPlan, key: str, label: str, value: float, unit: str = "",
               achieved: float | None = None) -> MonthlyTarget:
    """Create or update the target ``key`` of ``plan``."""
    for t in plan.targets:
        if t.key == key:
            t.target, t.label = value, label or t.label
            if unit:
                t.unit = unit
            if achieved is not None:
                t.achieved_manual = achieved
            return t
    target = MonthlyTarget(key=key, label=label, target=value, unit=unit, position=len(plan.targets),
                           achieved_manual=achieved)
    plan.targets.append(target)
    return target


def clock_or_none(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None
