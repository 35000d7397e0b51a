"""Plans as the screens and commands see them: plain frozen values.

Rows become these values before they leave the service layer, so a widget
or a JSON printer never holds a database object.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any


@dataclass(frozen=True, slots=True)
class PlannedVisitInfo:
    """One visit of a plan, in route order within its day."""

    id: int
    customer_id: int
    code: str
    name: str
    tier: str
    day: date
    sequence: int
    planned_start: time | None
    minutes: int
    visit_type: str
    purpose: str
    focus: str
    standard: str
    reason: str
    source: str
    pinned: bool
    manual: bool
    status: str  # planned | done | skipped | removed
    status_reason: str
    follow_up_id: int | None = None
    appointment_id: int | None = None
    carried_from_id: int | None = None
    due_by: date | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def active(self) -> bool:
        """In the plan (not removed)."""
        return self.status != "removed"


@dataclass(frozen=True, slots=True)
class UnplacedVisit:
    """A visit the week needed (or offered) that is not in the plan, and why."""

    customer_id: int
    code: str
    name: str
    tier: str
    source: str
    reason: str  # why it was wanted
    why: str  # why it is not placed
    required: bool
    due_by: date | None
    written_reason: str = ""


@dataclass(frozen=True, slots=True)
class DaySummary:
    """One working day of a weekly plan: load, travel and whether it holds."""

    day: date
    visits: int
    visit_minutes: int
    travel_minutes: int
    starts: time | None
    back_at: time | None
    usable_minutes: int
    overloaded: bool  # back after the working day's end, an appointment missed, or no time for lunch
    wait_minutes: int = 0  # waiting between visits (for a shop to open, for an appointment)
    reserve_minutes: int = 0  # how far the day runs into the time reserved for unplanned work
    outside: tuple[tuple[int, time], ...] = ()
    """(visit id, start) of the visits this order puts outside their opening hours, or after their
    appointment's time."""


@dataclass(frozen=True, slots=True)
class WeekPlanInfo:
    """A weekly plan with its visits, what did not fit, and its status."""

    id: int
    week: str
    status: str  # draft | submitted | approved | returned
    built_at: datetime | None
    submitted_at: datetime | None
    submitted_late: bool
    approved_at: datetime | None
    returned_at: datetime | None
    supervisor_comment: str
    visits: tuple[PlannedVisitInfo, ...]
    unplaced: tuple[UnplacedVisit, ...]
    days: tuple[DaySummary, ...]
    flags: tuple[str, ...] = ()
    office_tasks: tuple[str, ...] = ()
    travel_minutes: int = 0
    solve_seconds: float = 0.0

    def on(self, day: date) -> tuple[PlannedVisitInfo, ...]:
        """Active visits of ``day`` in route order."""
        return tuple(v for v in self.visits if v.day == day and v.active)


def to_jsonable(value: Any) -> Any:
    """Dataclasses, dates and times as JSON-ready values (ISO text)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat(timespec="minutes") if not isinstance(value, date) or isinstance(
            value, datetime) else value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class DayStop:
    """A visit of the daily plan with its times and what it is for."""

    id: int
    sequence: int
    customer_id: int
    code: str
    name: str
    tier: str
    address: str
    arrive: time | None
    start: time | None
    depart: time | None
    minutes: int
    visit_type: str
    purpose: str
    focus: str
    reason: str
    source: str
    status: str  # planned | done | skipped
    checklist: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DroppedVisit:
    """A visit that does not fit the day, and where it went."""

    id: int
    code: str
    name: str
    why: str


@dataclass(frozen=True, slots=True)
class DayPlanInfo:
    """The daily plan: the route, what was carried in, materials, what does not fit."""

    day: date
    stops: tuple[DayStop, ...]
    lunch: time | None
    travel_minutes: int
    back_at: time | None
    materials: tuple  # of rmtui.domain.planning.materials.Material
    dropped: tuple[DroppedVisit, ...]
    carried: int = 0
    urgent: int = 0
    notices: tuple[str, ...] = ()
    planned_at: datetime | None = None
