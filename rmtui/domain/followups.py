"""Follow-up items (跟进) and their service-level clocks.

A complaint or request gets two deadlines from its SLA class: the first
answer to the customer and the resolution. Resolution may be counted in
calendar hours or in working days (urgent business requests: 2 working days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol


class FollowUpKind(StrEnum):
    FOLLOW_UP = "follow_up"
    COMPLAINT = "complaint"
    CALLBACK = "callback"
    REQUEST = "request"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class SlaRule:
    """Deadlines of one SLA class."""

    first_answer_hours: float
    resolve_hours: float | None = None
    resolve_working_days: int | None = None


class WorkingDays(Protocol):
    def add_working_days(self, day, n: int):  # noqa: ANN001, ANN201 - date in, date out
        ...


@dataclass(frozen=True, slots=True)
class SlaDeadlines:
    first_answer_due: datetime
    resolve_due: datetime


def sla_deadlines(rule: SlaRule, created_at: datetime, calendar: WorkingDays | None = None) -> SlaDeadlines:
    """The first-answer and resolution deadlines for an item created at ``created_at``."""
    first = created_at + timedelta(hours=rule.first_answer_hours)
    if rule.resolve_hours is not None:
        resolve = created_at + timedelta(hours=rule.resolve_hours)
    elif rule.resolve_working_days is not None:
        if calendar is None:
            resolve = created_at + timedelta(days=rule.resolve_working_days)
        else:
            day = calendar.add_working_days(created_at.date(), rule.resolve_working_days)
            resolve = datetime.combine(day, created_at.time())
    else:  # config validation forbids this
        raise ValueError("an SLA rule needs resolve_hours or resolve_working_days")
    return SlaDeadlines(first, max(first, resolve))


@dataclass(frozen=True, slots=True)
class FollowUpInfo:
    """A follow-up as screens and reports see it."""

    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    kind: str
    sla_class: str
    title: str
    detail: str
    owner: str
    created_at: datetime
    first_answer_due: datetime | None
    first_answered_at: datetime | None
    due_at: datetime
    status: str
    result: str
    visit_id: int | None

    def next_deadline(self) -> datetime:
        """The first answer while it is owed, else the resolution."""
        if self.first_answer_due is not None and self.first_answered_at is None:
            return min(self.first_answer_due, self.due_at)
        return self.due_at

    def time_left(self, now: datetime) -> timedelta:
        """Until the next deadline; negative when overdue."""
        return self.next_deadline() - now

    def overdue(self, now: datetime) -> bool:
        return self.status == FollowUpStatus.OPEN and self.time_left(now) < timedelta(0)


def format_time_left(left: timedelta, locale: str) -> str:
    """``2h 15m`` / ``-1d 3h`` (overdue) in a compact, sortable-at-a-glance form."""
    minutes = int(left.total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if locale == "zh":
        if days:
            return f"{sign}{days}天{hours}小时"
        return f"{sign}{hours}小时{mins}分" if hours else f"{sign}{mins}分钟"
    if days:
        return f"{sign}{days}d {hours}h"
    return f"{sign}{hours}h {mins}m" if hours else f"{sign}{mins}m"
