"""From items to candidate visits: one visit per customer, with its allowed days.

A customer's items merge into one visit (a complaint visit also serves the
cadence: any visit resets the clock), except appointments, which are visits
of their own at a fixed time. A visit the manager placed by hand (moved,
pinned or added) stays on its day and absorbs the customer's other items.

The allowed days of a merged visit: from the latest ``earliest`` to the
first ``due_by`` of its required items (a cadence visit is never planned
before its window opens; a due date on a day off moves to the last working
day before it). Already overdue: any day of the week. Then each allowed day
must leave a start time inside the customer's opening hours for the whole
visit; on the deadline's own day the visit must end by the deadline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from rmtui.domain.customer import CustomerInfo
from rmtui.domain.opening_hours import OpeningHours, OpeningHoursError, parse_opening_hours
from rmtui.domain.planning import reasons
from rmtui.domain.planning.days import PlanDay, Span, clip_around, clip_before, hhmm, minutes_of, start_windows
from rmtui.domain.planning.items import FIXED, PlanItem

PIN_SLACK = 30  # a pinned visit keeps its time within this many minutes


@dataclass(frozen=True, slots=True)
class KeptVisit:
    """A visit placed, moved or pinned by hand: it keeps its day when the week is rebuilt."""

    id: int
    customer_id: int
    day: date
    minutes: int
    pinned: bool
    planned_start: int | None  # minutes since midnight
    appointment_id: int | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One visit to place: its items, length, allowed days and start windows (minutes).

    ``problem`` says why it cannot be placed at all (no location, closed on
    every allowed day …); ``notes`` are warnings that do not stop it.
    ``arrive_early`` minutes are part of ``minutes`` for appointments: the
    visit is routed from the arrival, the agreed start is that much later.
    """

    key: str
    customer: CustomerInfo
    items: tuple[PlanItem, ...]
    minutes: int
    level: int
    bonus: int
    required: bool
    days: tuple[date, ...]
    windows: Mapping[date, tuple[Span, ...]]
    due_by: date | None = None
    kept_id: int | None = None
    arrive_early: int = 0
    problem: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def primary(self) -> PlanItem | None:
        return self.items[0] if self.items else None

    @property
    def source(self) -> str:
        return self.primary.source if self.primary else "ad_hoc"

    @property
    def reason(self) -> str:
        return "; ".join(dict.fromkeys(i.reason for i in self.items))

    @property
    def purpose(self) -> str:
        return "; ".join(dict.fromkeys(i.purpose for i in self.items if i.purpose))

    @property
    def visit_type(self) -> str:
        return "special" if any(i.visit_type == "special" for i in self.items) else "service"

    def first(self, attr: str) -> int | None:
        """The first item's non-empty link (``follow_up_id``, ``appointment_id`` …)."""
        return next((getattr(i, attr) for i in self.items if getattr(i, attr) is not None), None)


def build_candidates(items: Iterable[PlanItem], kept: Iterable[KeptVisit], customers: Mapping[int, CustomerInfo],
                     days: tuple[PlanDay, ...], arrive_early: int, locale: str) -> list[Candidate]:
    """Merge items per customer into candidates (kept visits first), in a stable order."""
    by_customer: dict[int, list[PlanItem]] = defaultdict(list)
    for item in items:
        by_customer[item.customer_id].append(item)
    kept_by: dict[int, list[KeptVisit]] = defaultdict(list)
    for k in kept:
        kept_by[k.customer_id].append(k)
    out: list[Candidate] = []
    for cid in sorted(set(by_customer) | set(kept_by)):
        customer = customers.get(cid)
        if customer is None:
            continue
        hours, notes = _hours(customer, locale)
        its = sorted(by_customer.get(cid, []), key=lambda i: (-i.level, -i.bonus))
        kept_here = kept_by.get(cid, [])
        kept_appts = {k.appointment_id for k in kept_here if k.appointment_id}
        for k in kept_here:
            out.append(_kept(customer, k, hours, days, notes, locale))
        appts = [i for i in its if i.fixed_at is not None and i.appointment_id not in kept_appts]
        rest = [i for i in its if i.fixed_at is None]
        if kept_here:
            rest = []  # the hand-placed visit serves the customer this week
        for n, appt in enumerate(appts):
            riders = rest if n == 0 else []
            out.append(_appointment(customer, appt, riders, hours, days, arrive_early, notes, locale))
        if rest and not appts:
            out.append(_merged(customer, rest, hours, days, notes, locale))
    return out


def _hours(customer: CustomerInfo, locale: str) -> tuple[OpeningHours, tuple[str, ...]]:
    try:
        return parse_opening_hours(customer.opening_hours), ()
    except OpeningHoursError:
        return parse_opening_hours(""), (_about(customer, reasons.bad_hours(customer.opening_hours, locale)),)


def _about(customer: CustomerInfo, text: str) -> str:
    """A warning of the plan, naming the customer it is about (``C0001 鑫源便利店: …``)."""
    return f"{customer.code} {customer.name}: {text}"


def _location_problem(customer: CustomerInfo, locale: str) -> str | None:
    if customer.lat is None or customer.lon is None or customer.geo_quality == "none":
        return reasons.needs_location(locale)
    if not customer.located:
        return reasons.approximate_location(locale)
    return None


def _merged(customer: CustomerInfo, its: list[PlanItem], hours: OpeningHours, days: tuple[PlanDay, ...],
            notes: tuple[str, ...], locale: str) -> Candidate:
    required = [i for i in its if i.required]
    binding = required or its
    minutes = max(i.minutes for i in its)
    dues = [i.due_by for i in binding if i.due_by is not None]
    due = min(dues) if dues else None
    # A special visit (complaint, task, carry-over) is welcome before the cadence window opens.
    special = [i for i in binding if i.source != "cadence" and i.source != "optional"]
    starts = [i.earliest for i in (special or binding) if i.earliest is not None]
    earliest = max(starts) if starts else None
    dates = [d.day for d in days]
    allowed = [d for d in dates if (earliest is None or d >= earliest) and (due is None or d <= due)]
    asap = False
    if not allowed and required:
        before_due = [d for d in dates if due is None or d <= due]
        allowed, asap = (before_due, False) if before_due else (dates, True)  # overdue: as soon as possible
    deadline = min((i.deadline for i in binding if i.deadline is not None), default=None)
    windows = {}
    for pd in days:
        if pd.day not in allowed:
            continue
        spans = start_windows(hours, pd, minutes)
        if deadline is not None and pd.day == deadline.date():
            spans = clip_before(spans, minutes_of(deadline.time()) - minutes)
        if spans:
            windows[pd.day] = spans
    problem = _location_problem(customer, locale)
    if problem is None and not days:
        problem = reasons.no_working_day(locale)
    elif problem is None and not windows:
        problem = reasons.closed_on(allowed or dates, customer.opening_hours, locale)
    due_by = None if due is None or asap else max(windows or allowed or [due])
    level = max(i.level for i in its)
    return Candidate(f"c{customer.id}", customer, tuple(its), minutes, level,
                     max(i.bonus for i in its if i.level == level), bool(required),
                     tuple(sorted(windows)), windows, due_by=due_by, problem=problem, notes=notes)


def _appointment(customer: CustomerInfo, appt: PlanItem, riders: list[PlanItem], hours: OpeningHours,
                 days: tuple[PlanDay, ...], arrive_early: int, notes: tuple[str, ...], locale: str) -> Candidate:
    start = appt.fixed_at
    assert start is not None
    day = next((d for d in days if d.day == start.date()), None)
    at = minutes_of(start.time())
    problem = _location_problem(customer, locale)
    arrive = at - arrive_early
    windows: dict[date, tuple[Span, ...]] = {}
    if problem is None and day is None:
        problem = reasons.appointment_off_day(start, locale)
    elif problem is None and (arrive < day.start or at + appt.minutes > day.end):
        problem = reasons.appointment_outside_day(start, f"{hhmm(day.start)}–{hhmm(day.end)}", locale)
    elif day is not None:
        windows[day.day] = ((arrive, arrive),)
        open_ = hours.windows_on(day.day, is_holiday=day.holiday)
        if not any(a <= at and at + appt.minutes <= b for a, b in open_):
            notes = (*notes, _about(customer, reasons.appointment_outside_hours(start, customer.opening_hours,
                                                                                locale)))
    return Candidate(f"a{appt.appointment_id}", customer, (appt, *riders), appt.minutes + arrive_early, FIXED, 999,
                     True, tuple(windows), windows, due_by=start.date(), arrive_early=arrive_early,
                     problem=problem, notes=notes)


def _kept(customer: CustomerInfo, k: KeptVisit, hours: OpeningHours, days: tuple[PlanDay, ...],
          notes: tuple[str, ...], locale: str) -> Candidate:
    day = next((d for d in days if d.day == k.day), None)
    windows: dict[date, tuple[Span, ...]] = {}
    problem = _location_problem(customer, locale)
    if problem is None and day is None:
        problem = reasons.no_working_day(locale)
    elif day is not None:
        spans = start_windows(hours, day, k.minutes)
        if not spans:
            spans = ((day.start, day.end - k.minutes),) if day.end - k.minutes >= day.start else ()
            notes = (*notes, _about(customer, reasons.manual_outside_hours(k.day, locale)))
        if k.pinned and k.planned_start is not None:
            spans = clip_around(spans, k.planned_start - PIN_SLACK, k.planned_start + PIN_SLACK) or spans
        if spans:
            windows[k.day] = spans
    return Candidate(f"k{k.id}", customer, (), k.minutes, FIXED, 998, True, tuple(windows), windows,
                     due_by=k.day, kept_id=k.id, problem=problem, notes=notes)
