"""Follow-up use cases: the open items page by page, soonest deadline first,
and the changes a manager makes to one (complete, reschedule, first answer).

The list is one SQL query ordered by the next deadline (the first answer
while it is owed, else the resolution) with a limit and an offset, so a book
with thousands of items never loads whole to show one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from rmtui.domain.followups import FollowUpInfo, FollowUpKind, FollowUpStatus
from rmtui.errors import InputError, UserError
from rmtui.services.customers import CustomerDetail, customer_detail
from rmtui.store.models import Customer, FollowUp, VisitRecord
from rmtui.store.visits import to_followup_info
from rmtui.workspace import Workspace

KINDS = tuple(k.value for k in FollowUpKind)
SOON = timedelta(hours=4)
"""An open item whose next deadline is this close is shown as due soon."""


@dataclass(frozen=True, slots=True)
class FollowUpFilter:
    """What the follow-ups list is narrowed to."""

    search: str = ""  # customer name, code, pinyin, or the item's title
    kind: str = ""  # "" for every kind
    overdue_only: bool = False


@dataclass(frozen=True, slots=True)
class FollowUpPage:
    rows: tuple[FollowUpInfo, ...]
    offset: int
    total: int  # matching the filter
    overdue: int  # matching the filter and overdue


@dataclass(frozen=True, slots=True)
class VisitSummary:
    """The visit record a follow-up came from, for a read-only look."""

    id: int
    customer_name: str
    day: date
    status: str
    arrived: time | None
    departed: time | None
    mode: str
    purpose: str
    met: str
    discussed: str
    needs: str
    complaints: str
    competitor_info: str
    products: str
    outcome: str
    satisfaction: int | None
    next_steps: str
    not_done_reason: str


def next_deadline() -> ColumnElement[datetime]:
    """SQL for ``FollowUpInfo.next_deadline``: the first answer while owed (if sooner), else the due time."""
    owed = and_(FollowUp.first_answer_due.is_not(None), FollowUp.first_answered_at.is_(None),
                FollowUp.first_answer_due < FollowUp.due_at)
    return case((owed, FollowUp.first_answer_due), else_=FollowUp.due_at)


def _filtered(ws: Workspace, flt: FollowUpFilter):  # noqa: ANN202 - a Select
    stmt = (select(FollowUp, Customer).join(Customer, Customer.id == FollowUp.customer_id)
            .where(FollowUp.manager_id == ws.manager_id, FollowUp.status == FollowUpStatus.OPEN))
    text = flt.search.strip()
    if text:
        compact = text.lower().replace(" ", "")
        # icontains: case-insensitive on PostgreSQL as LIKE already is on SQLite.
        stmt = stmt.where(or_(Customer.name.icontains(text, autoescape=True),
                              Customer.code.icontains(text, autoescape=True),
                              Customer.search_key.icontains(compact, autoescape=True),
                              FollowUp.title.icontains(text, autoescape=True)))
    if flt.kind:
        stmt = stmt.where(FollowUp.kind == flt.kind)
    if flt.overdue_only:
        stmt = stmt.where(next_deadline() < ws.now())
    return stmt


def followup_page(ws: Workspace, flt: FollowUpFilter = FollowUpFilter(), *, offset: int = 0,
                  limit: int = 100) -> FollowUpPage:
    """One page of the manager's open items matching ``flt``, soonest next deadline first."""
    base = _filtered(ws, flt)
    with ws.db.sessions() as session:
        sub = base.subquery()
        total = session.scalar(select(func.count()).select_from(sub)) or 0
        overdue = total if flt.overdue_only else session.scalar(
            select(func.count()).select_from(base.where(next_deadline() < ws.now()).subquery())) or 0
        offset = max(0, min(offset, max(0, total - 1) // limit * limit))
        rows = session.execute(base.order_by(next_deadline(), FollowUp.id).offset(offset).limit(limit)).all()
        infos = tuple(to_followup_info(f, c) for f, c in rows)
    return FollowUpPage(infos, offset, total, overdue)


def _item(session: Session, ws: Workspace, followup_id: int) -> FollowUp:
    row = session.get(FollowUp, followup_id)
    if row is None or row.manager_id != ws.manager_id:
        raise UserError(f"follow-up {followup_id} no longer exists; reload the list", title="Follow-up")
    return row


def _open_item(session: Session, ws: Workspace, followup_id: int) -> FollowUp:
    row = _item(session, ws, followup_id)
    if row.status != FollowUpStatus.OPEN:
        raise UserError(f"follow-up “{row.title}” is already {row.status}; reload the list", title="Follow-up")
    return row


def complete_followup(ws: Workspace, followup_id: int, result: str) -> None:
    """Close an item with the result that went back to the customer."""
    result = result.strip()
    if not result:
        raise InputError("write the result given to the customer (e.g. refund made, fault fixed)",
                         title="Follow-up")
    now = ws.now()
    with ws.db.sessions.begin() as session:
        row = _open_item(session, ws, followup_id)
        row.status = FollowUpStatus.DONE
        row.result = result
        row.completed_at = now
        if row.first_answer_due is not None and row.first_answered_at is None:
            row.first_answered_at = now  # the result is an answer too


def mark_first_answer(ws: Workspace, followup_id: int) -> bool:
    """Record that the customer got a first answer now; False if one was already recorded."""
    with ws.db.sessions.begin() as session:
        row = _open_item(session, ws, followup_id)
        if row.first_answered_at is not None:
            return False
        row.first_answered_at = ws.now()
        return True


class DueTimeError(InputError):
    """A due time the manager typed that cannot be used; ``reason`` is format, invalid or past."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message, title="Follow-up")
        self.reason = reason


_DUE = re.compile(r"^\s*(?:(?:(\d{4})-)?(\d{1,2})-(\d{1,2})\s+)?(\d{1,2}):(\d{2})\s*$")


def parse_due(text: str, now: datetime) -> datetime:
    """A new due time typed by the manager: ``2026-11-27 17:00``, ``11-27 17:00`` or ``17:00`` (today).

    Raises ``DueTimeError`` for another form, an impossible date or a time not after ``now``.
    """
    m = _DUE.match(text)
    if not m:
        raise DueTimeError(f"“{text.strip()}” is not a date and time; write e.g. "
                           f"{(now + timedelta(days=1)):%Y-%m-%d} 17:00", "format")
    year, month, day, hour, minute = m.groups()
    try:
        when = datetime(int(year) if year else now.year, int(month) if month else now.month,
                        int(day) if day else now.day, int(hour), int(minute))
    except ValueError:
        raise DueTimeError(f"“{text.strip()}” is not a real date and time (month 1–12, hour 0–23, minute 0–59)",
                           "invalid") from None
    if month and not year and when < now - timedelta(days=180):
        when = when.replace(year=when.year + 1)  # "01-05 10:00" typed in December means next January
    if when <= now:
        raise DueTimeError(f"{when:%Y-%m-%d %H:%M} is already past; choose a time after {now:%Y-%m-%d %H:%M}",
                           "past")
    return when


def reschedule_followup(ws: Workspace, followup_id: int, due_at: datetime) -> None:
    """Move an item's due time; the change is noted in its detail (when, from, to)."""
    now = ws.now()
    if due_at <= now:
        raise InputError(f"{due_at:%Y-%m-%d %H:%M} is already past; choose a later time", title="Follow-up")
    with ws.db.sessions.begin() as session:
        row = _open_item(session, ws, followup_id)
        note = f"[{now:%Y-%m-%d %H:%M}] due {row.due_at:%Y-%m-%d %H:%M} → {due_at:%Y-%m-%d %H:%M}"
        row.detail = f"{row.detail.rstrip()}\n{note}" if row.detail.strip() else note
        row.due_at = due_at


def followup_visit(ws: Workspace, visit_id: int) -> VisitSummary | None:
    """The visit record behind a follow-up, or None if it was deleted."""
    with ws.db.sessions() as session:
        r = session.get(VisitRecord, visit_id)
        if r is None or r.manager_id != ws.manager_id:
            return None
        return VisitSummary(
            id=r.id, customer_name=r.customer.name, day=r.day, status=r.status, arrived=r.arrived,
            departed=r.departed, mode=r.mode, purpose=r.purpose, met=r.met, discussed=r.discussed, needs=r.needs,
            complaints=r.complaints, competitor_info=r.competitor_info, products=r.products, outcome=r.outcome,
            satisfaction=r.satisfaction, next_steps=r.next_steps, not_done_reason=r.not_done_reason)


def followup_customer(ws: Workspace, code: str) -> CustomerDetail | None:
    """The customer of an item, in full (as the customers screen shows it)."""
    return customer_detail(ws, code)
