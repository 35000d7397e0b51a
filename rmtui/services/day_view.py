"""The day as the Today screen shows it: planned visits in route order, with
their customers, opening windows and status; and the small in-day changes
made while out (reorder, skip, done). Re-planning the day is the daily
plan's job (``rmtui.services.plan_day``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from rmtui.domain.customer import CustomerInfo
from rmtui.domain.opening_hours import parse_opening_hours
from rmtui.domain.workdays import WorkCalendar
from rmtui.errors import UserError
from rmtui.store.customers import customers_by_ids
from rmtui.store.models import Appointment, ChecklistRun, PlannedVisit, VisitRecord
from rmtui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class DayVisit:
    """One planned visit of the day with what the screen needs about it."""

    id: int
    sequence: int
    customer: CustomerInfo
    planned_start: time | None
    minutes: int
    purpose: str
    reason: str
    source: str
    pinned: bool
    status: str  # planned | done | skipped
    windows: tuple[tuple[int, int], ...]  # opening windows today, minutes since midnight
    appointment: datetime | None
    checklist_ready: bool
    recorded: bool


@dataclass(frozen=True, slots=True)
class DayView:
    day: date
    visits: tuple[DayVisit, ...]
    working_day: bool
    holiday: str | None
    start: tuple[float, float]
    end: tuple[float, float]


def _windows(text: str, day: date, is_holiday: bool) -> tuple[tuple[int, int], ...]:
    try:
        hours = parse_opening_hours(text)
    except UserError:
        return ()
    if hours.unrestricted:
        return ()
    return tuple(hours.windows_on(day, is_holiday=is_holiday))


def load_day(ws: Workspace, day: date) -> DayView:
    """The stored plan of ``day`` (removed visits left out), in route order."""
    s = ws.settings
    cal = WorkCalendar(s.holiday_country, s.holiday_subdivision)
    holiday = cal.holiday_name(day) if cal.is_holiday(day) else None
    with ws.db.sessions() as session:
        rows = session.scalars(
            select(PlannedVisit).where(PlannedVisit.manager_id == ws.manager_id, PlannedVisit.day == day,
                                       PlannedVisit.status != "removed")
            .order_by(PlannedVisit.sequence, PlannedVisit.id)).all()
        ids = [r.id for r in rows]
        customers = customers_by_ids(session, {r.customer_id for r in rows})
        ready = {run.planned_visit_id for run in session.scalars(
            select(ChecklistRun).where(ChecklistRun.planned_visit_id.in_(ids))) if all(i.done for i in run.items)}
        recorded = set(session.scalars(select(VisitRecord.planned_visit_id)
                                       .where(VisitRecord.planned_visit_id.in_(ids))))
        appts = {a.id: a.starts_at for a in session.scalars(
            select(Appointment).where(Appointment.id.in_([r.appointment_id for r in rows if r.appointment_id])))}
        visits = tuple(
            DayVisit(id=r.id, sequence=r.sequence, customer=customers[r.customer_id], planned_start=r.planned_start,
                     minutes=r.planned_minutes, purpose=r.purpose, reason=r.reason, source=r.source,
                     pinned=r.pinned, status=r.status,
                     windows=_windows(customers[r.customer_id].opening_hours, day, holiday is not None),
                     appointment=appts.get(r.appointment_id) if r.appointment_id else None,
                     checklist_ready=r.id in ready, recorded=r.id in recorded)
            for r in rows
        )
    start, end = s.start_place(), s.end_place()
    return DayView(day, visits, cal.is_working_day(day), holiday, (start.lat, start.lon), (end.lat, end.lon))


def _visit(session, ws: Workspace, visit_id: int) -> PlannedVisit:  # noqa: ANN001 - Session
    row = session.get(PlannedVisit, visit_id)
    if row is None or row.manager_id != ws.manager_id:
        raise UserError(f"planned visit {visit_id} no longer exists; reload the day", title="Plan")
    return row


def move_visit(ws: Workspace, visit_id: int, step: int) -> None:
    """Swap a visit with its neighbour in the day's order (``step`` -1 up, +1 down)."""
    with ws.db.sessions.begin() as session:
        row = _visit(session, ws, visit_id)
        day = session.scalars(select(PlannedVisit).where(
            PlannedVisit.manager_id == ws.manager_id, PlannedVisit.day == row.day, PlannedVisit.status != "removed")
            .order_by(PlannedVisit.sequence, PlannedVisit.id)).all()
        i = next(k for k, r in enumerate(day) if r.id == visit_id)
        j = i + step
        if not 0 <= j < len(day):
            return
        day[i], day[j] = day[j], day[i]
        for seq, r in enumerate(day, start=1):
            r.sequence = seq
        row.manual = True


def set_status(ws: Workspace, visit_id: int, status: str, reason: str = "") -> None:
    """Mark a visit done, skipped (with a reason) or back to planned."""
    if status not in {"planned", "done", "skipped"}:
        raise ValueError(status)
    if status == "skipped" and not reason.strip():
        raise UserError("a skipped visit needs a reason (e.g. customer closed, rescheduled)", title="Plan")
    with ws.db.sessions.begin() as session:
        row = _visit(session, ws, visit_id)
        row.status = status
        row.status_reason = reason.strip()[:300]
