"""Visit cadence: when each customer is due, and whether visits came on time.

The tier says how often a customer must be visited (``interval_days``) and
how early a visit may come and still count (``early_days``). From that and
the customer's visits this module answers what the monthly and weekly plans
need: who is due when, who is overdue, which visits a month requires, and at
month end the share of required visits made on time.

Rules (chosen to match how managers actually work):

- **The clock runs from the last visit actually made.** Any completed visit
  in one of the tier's modes resets it: next due = last visit +
  ``interval_days``. Visiting a customer for a complaint on day 10 of a
  14-day cycle moves the next due date to day 24; nobody goes back on day 14.
- **The window** is ``due - early_days … due`` (never before the day after
  the last visit). A visit inside it is *on time*; after the due date it is
  *late*; before the window it is *early*: it still resets the clock, but it
  earns no on-time credit; the requirement it pre-empted is dropped, so
  visiting more often than required is never a compliance failure.
- **Never visited**: the customer is due from the day it was assigned
  (``assigned_on``): the window opens that day and the due date is one
  interval later, so a first visit any time in between is on time. If the
  assignment day is unknown it is due now (on the reference date, or at the
  start of the planned period).
- Dates are calendar days; moving a due date off a holiday is the planner's
  business (see :mod:`rmtui.domain.workdays`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from rmtui.domain.tiers import Tier, VisitMode

CustomerId = int | str


class CadenceState(StrEnum):
    """Where a customer stands against its cadence on a given day."""

    NOT_DUE = "not_due"
    DUE = "due"
    OVERDUE = "overdue"


class Outcome(StrEnum):
    """What happened to one required visit."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class CadenceStatus:
    """One customer's cadence on a reference day, ready for plans and lists."""

    customer_id: CustomerId
    tier_id: str
    last_visit: date | None
    due_date: date
    window_start: date
    overdue_days: int
    state: CadenceState


@dataclass(frozen=True, slots=True)
class Cadence:
    """The visit clock of one customer under one tier.

    ``due_date`` and ``window_start`` are ``None`` only for a customer never
    visited whose assignment date is unknown: it is due now, whatever the day.
    """

    tier: Tier
    last_visit: date | None = None
    assigned_on: date | None = None

    def __post_init__(self) -> None:
        if self.tier.interval_days < 1 or self.tier.early_days < 0:
            raise ValueError(
                f"tier {self.tier.id!r}: interval_days must be >= 1 and early_days >= 0, "
                f"got {self.tier.interval_days} and {self.tier.early_days}"
            )

    @property
    def due_date(self) -> date | None:
        start = self.last_visit or self.assigned_on
        return start + timedelta(days=self.tier.interval_days) if start else None

    @property
    def window_start(self) -> date | None:
        due = self.due_date
        if due is None or self.last_visit is None:
            return self.assigned_on  # a first visit is welcome from day one
        # With early_days >= interval_days the window would reach back to the
        # last visit itself; a second visit that day is not a new cycle.
        floor = self.last_visit + timedelta(days=1)
        return max(due - timedelta(days=self.tier.early_days), floor)

    def counts(self, mode: VisitMode) -> bool:
        """Whether a completed visit made in ``mode`` resets this clock."""
        return mode in self.tier.modes

    def record(self, visit_day: date) -> Cadence:
        """The clock after a counting visit on ``visit_day`` (older visits change nothing)."""
        if self.last_visit is not None and visit_day <= self.last_visit:
            return self
        return replace(self, last_visit=visit_day)

    def state(self, on: date) -> CadenceState:
        due, start = self.due_date, self.window_start
        if due is None or start is None:
            return CadenceState.DUE
        if on > due:
            return CadenceState.OVERDUE
        return CadenceState.DUE if on >= start else CadenceState.NOT_DUE

    def is_due(self, on: date) -> bool:
        """Whether a visit on ``on`` is needed now (in the window or overdue)."""
        return self.state(on) is not CadenceState.NOT_DUE

    def days_overdue(self, on: date) -> int:
        """Days past the due date on ``on``; 0 when not overdue."""
        due = self.due_date
        return max(0, (on - due).days) if due is not None else 0

    def status(self, customer_id: CustomerId, on: date) -> CadenceStatus:
        """This clock seen on ``on``, for lists and plans."""
        return CadenceStatus(
            customer_id=customer_id,
            tier_id=self.tier.id,
            last_visit=self.last_visit,
            due_date=self.due_date or on,
            window_start=self.window_start or on,
            overdue_days=self.days_overdue(on),
            state=self.state(on),
        )


def cadence_visits(tier: Tier, visits: Iterable[tuple[date, VisitMode]]) -> tuple[date, ...]:
    """The days of completed visits that count for ``tier`` (its modes), sorted, unique."""
    return tuple(sorted({day for day, mode in visits if mode in tier.modes}))


def due_in_range(
    statuses: Iterable[CadenceStatus], start: date, end: date, *, include_overdue: bool = False
) -> tuple[CadenceStatus, ...]:
    """The statuses whose due date lies in ``start … end``, earliest due first.

    ``include_overdue`` also keeps those due before ``start`` (the week's
    plan takes what the past week left undone).
    """
    lowest = date.min if include_overdue else start
    chosen = [s for s in statuses if lowest <= s.due_date <= end]
    return tuple(sorted(chosen, key=lambda s: (s.due_date, str(s.customer_id))))


def visits_required(
    tier: Tier,
    last_visit: date | None,
    month_start: date,
    month_end: date,
    *,
    assigned_on: date | None = None,
) -> tuple[date, ...]:
    """The due dates the cadence requires from ``month_start`` to ``month_end``.

    An overdue customer (or one never visited) needs a visit as soon as
    possible, i.e. on ``month_start``; later dates assume every visit is made
    on its due date.
    """
    due = Cadence(tier, last_visit, assigned_on).due_date or month_start
    due = max(due, month_start)
    required: list[date] = []
    while due <= month_end:
        required.append(due)
        due += timedelta(days=tier.interval_days)
    return tuple(required)


@dataclass(frozen=True, slots=True)
class RequiredVisit:
    """One visit the cadence required in a period, and what became of it."""

    due_date: date
    window_start: date
    visited_on: date | None
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Compliance:
    """Required visits of one customer over a period, for the month-end review.

    ``early_visits`` came before their window: they reset the clock and
    earned no on-time credit (the review shows them as extra visits).
    """

    required: tuple[RequiredVisit, ...]
    early_visits: tuple[date, ...] = ()

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.required if r.outcome is outcome)

    @property
    def share(self) -> float | None:
        """On-time visits / required visits; ``None`` when nothing was required."""
        return self.count(Outcome.ON_TIME) / len(self.required) if self.required else None


def cadence_compliance(
    tier: Tier,
    visits: Iterable[date],
    start: date,
    end: date,
    *,
    assigned_on: date | None = None,
) -> Compliance:
    """Which visits the cadence required from ``start`` to ``end`` and how each went.

    ``visits`` are the days of the customer's counting visits (see
    :func:`cadence_visits`), before and during the period; the last one
    before ``start`` starts the clock. A requirement counts in the period of
    its due date (one still open at ``end`` is missed: pass today as ``end``
    for a running month), or in the period where it was met if that came
    first (the next review starts its clock from that visit and cannot see
    it). Early visits reset the clock and drop the requirement they pre-empt.
    """
    days = sorted(set(visits))
    before = [d for d in days if d < start]
    clock = Cadence(tier, before[-1] if before else None, assigned_on)
    required: list[RequiredVisit] = []
    early: list[date] = []
    for visit in (d for d in days if start <= d <= end):
        due, window = clock.due_date or start, clock.window_start or start
        if visit < window:
            early.append(visit)
        elif due >= start:  # a requirement due earlier belonged to an earlier review
            outcome = Outcome.ON_TIME if visit <= due else Outcome.LATE
            required.append(RequiredVisit(due, window, visit, outcome))
        clock = clock.record(visit)
    due = clock.due_date or start
    if start <= due <= end:
        required.append(RequiredVisit(due, clock.window_start or start, None, Outcome.MISSED))
    return Compliance(tuple(required), tuple(early))


def overall_share(compliances: Iterable[Compliance]) -> float | None:
    """The on-time share over many customers (each required visit weighs the same)."""
    required = on_time = 0
    for compliance in compliances:
        required += len(compliance.required)
        on_time += compliance.count(Outcome.ON_TIME)
    return on_time / required if required else None
