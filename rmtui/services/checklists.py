"""The pre-visit checklist of a planned visit: open it (made once from its
template), tick lines, write the objective, leave for the visit; and what
the manager reads before going (last visit, open follow-ups, appointment).

Every change is its own transaction, so nothing ticked is ever lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rmtui.domain.checklists import ChecklistInfo, ChecklistItemInfo, build_checklist
from rmtui.domain.customer import CustomerInfo
from rmtui.domain.followups import FollowUpInfo
from rmtui.domain.visits import VisitInfo
from rmtui.errors import InputError
from rmtui.store.customers import customers_by_ids
from rmtui.store.models import Appointment, ChecklistItem, ChecklistRun, PlannedVisit, VisitRecord
from rmtui.store.visits import open_followups, to_visit_info
from rmtui.workspace import Workspace

OBJECTIVE_LIMIT = 2000
"""Longest objective kept; a checklist is a note, not a report."""


@dataclass(frozen=True, slots=True)
class AppointmentView:
    """The appointment behind a visit, and whether the customer confirmed it."""

    starts_at: datetime
    minutes: int
    note: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class VisitContext:
    """What to read before a visit: the visit, the customer, the last visit and what is still open."""

    planned_visit_id: int
    day: date
    planned_start: time | None
    minutes: int
    visit_type: str
    purpose: str
    focus: str
    reason: str
    status: str
    customer: CustomerInfo
    last_visit: VisitInfo | None
    followups: tuple[FollowUpInfo, ...]
    appointment: AppointmentView | None


@dataclass(frozen=True, slots=True)
class ChecklistView:
    checklist: ChecklistInfo
    context: VisitContext


def _planned(s: Session, ws: Workspace, planned_visit_id: int) -> PlannedVisit:
    row = s.get(PlannedVisit, planned_visit_id)
    if row is None or row.manager_id != ws.manager_id or row.status == "removed":
        raise InputError(f"planned visit {planned_visit_id} no longer exists; reload the day", title="Checklist")
    return row


def _to_info(run: ChecklistRun) -> ChecklistInfo:
    items = tuple(ChecklistItemInfo(i.id, i.position, i.kind, i.text, i.done, i.done_at) for i in run.items)
    return ChecklistInfo(run.id, run.planned_visit_id, run.template_id, run.objective, run.left_with_open_items,
                         items)


def _run_of(s: Session, planned_visit_id: int) -> ChecklistRun | None:
    return s.scalar(select(ChecklistRun).where(ChecklistRun.planned_visit_id == planned_visit_id))


def _create(ws: Workspace, planned_visit_id: int) -> None:
    """Make the checklist from its template, unless it exists (two openers at once: one wins)."""
    try:
        with ws.db.sessions.begin() as s:
            row = _planned(s, ws, planned_visit_id)
            if _run_of(s, planned_visit_id) is not None:
                return
            plan = build_checklist(ws.settings.checklists, row.customer.tier, row.visit_type)
            run = ChecklistRun(planned_visit_id=planned_visit_id, template_id=plan.template_id, objective="",
                               created_at=ws.now(), left_with_open_items=False)
            run.items = [ChecklistItem(position=k, kind=line.kind.value, text=line.text, done=False)
                         for k, line in enumerate(plan.lines, start=1)]
            s.add(run)
    except IntegrityError:  # made meanwhile by another opener: theirs is the checklist
        pass


def open_checklist(ws: Workspace, planned_visit_id: int) -> ChecklistView:
    """The visit's checklist, made from its template the first time it is opened, with its context."""
    _create(ws, planned_visit_id)
    with ws.db.sessions() as s:
        row = _planned(s, ws, planned_visit_id)
        run = _run_of(s, planned_visit_id)
        assert run is not None  # made above
        return ChecklistView(_to_info(run), _context(s, ws, row))


def _context(s: Session, ws: Workspace, row: PlannedVisit) -> VisitContext:
    customer = customers_by_ids(s, [row.customer_id])[row.customer_id]
    last = _previous_visit(s, ws, row)
    appointment = None
    appt = s.get(Appointment, row.appointment_id) if row.appointment_id else None
    if appt is None:
        start = datetime.combine(row.day, time())
        appt = s.scalar(select(Appointment).where(
            Appointment.manager_id == ws.manager_id, Appointment.customer_id == row.customer_id,
            Appointment.status == "open", Appointment.starts_at >= start,
            Appointment.starts_at < start + timedelta(days=1)).order_by(Appointment.starts_at))
    if appt is not None:
        appointment = AppointmentView(appt.starts_at, appt.minutes, appt.note, appt.confirmed)
    return VisitContext(
        planned_visit_id=row.id, day=row.day, planned_start=row.planned_start, minutes=row.planned_minutes,
        visit_type=row.visit_type, purpose=row.purpose, focus=row.focus, reason=row.reason, status=row.status,
        customer=customer, last_visit=last,
        followups=tuple(open_followups(s, ws.manager_id, row.customer_id)), appointment=appointment)


def _previous_visit(s: Session, ws: Workspace, row: PlannedVisit) -> VisitInfo | None:
    """The customer's last visit that happened before this one: never this visit's own record (once it
    is logged), nor a later one; on the same day, only one that started before this visit."""
    own = s.scalar(select(VisitRecord).where(VisitRecord.planned_visit_id == row.id).limit(1))
    start = own.arrived if own is not None and own.arrived is not None else row.planned_start
    earlier = VisitRecord.day < row.day
    if start is not None:
        earlier = or_(earlier, and_(VisitRecord.day == row.day, VisitRecord.arrived < start))
    record = s.scalar(select(VisitRecord).where(
        VisitRecord.manager_id == ws.manager_id, VisitRecord.customer_id == row.customer_id,
        VisitRecord.status == "done", earlier,
        or_(VisitRecord.planned_visit_id.is_(None), VisitRecord.planned_visit_id != row.id))
        .order_by(VisitRecord.day.desc(), VisitRecord.arrived.desc(), VisitRecord.id.desc()).limit(1))
    return to_visit_info(record) if record is not None else None


def _owned_run(s: Session, ws: Workspace, run_id: int) -> ChecklistRun:
    run = s.get(ChecklistRun, run_id)
    if run is None:
        raise InputError(f"checklist {run_id} no longer exists; open it again from Today", title="Checklist")
    _planned(s, ws, run.planned_visit_id)
    return run


def tick(ws: Workspace, item_id: int, done: bool) -> ChecklistItemInfo:
    """Tick (or untick) one line; saved at once with the time it was ticked."""
    with ws.db.sessions.begin() as s:
        item = s.get(ChecklistItem, item_id)
        if item is None:
            raise InputError(f"checklist line {item_id} no longer exists; open the checklist again",
                             title="Checklist")
        _owned_run(s, ws, item.run_id)
        if item.done != done:
            item.done, item.done_at = done, ws.now() if done else None
        return ChecklistItemInfo(item.id, item.position, item.kind, item.text, item.done, item.done_at)


def set_objective(ws: Workspace, run_id: int, text: str) -> str:
    """Write the objective of this visit; returns what was kept."""
    text = text.strip()[:OBJECTIVE_LIMIT]
    with ws.db.sessions.begin() as s:
        _owned_run(s, ws, run_id).objective = text
    return text


def leave_for_visit(ws: Workspace, run_id: int) -> ChecklistInfo:
    """The manager sets off: if lines are still open, that is written down (they were asked)."""
    with ws.db.sessions.begin() as s:
        run = _owned_run(s, ws, run_id)
        if not all(i.done for i in run.items):
            run.left_with_open_items = True
        s.flush()
        return _to_info(run)

