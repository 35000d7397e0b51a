"""The demo book's records: plain frozen values, one class per CSV file.

These mirror what a manager's book holds (customers, visit records,
follow-ups, appointments and the approved weekly plan) without any storage
or UI types, so that the CSV writer, the importer and the tests can all read
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True, slots=True)
class TierRule:
    """The demo's copy of the default tier rules in ``rmtui.config``."""

    interval_days: int
    visit_minutes: int
    early_days: int
    priority: int
    name_zh: str


TIER_RULES: dict[str, TierRule] = {
    "core": TierRule(14, 20, 3, 3, "核心客户"),
    "potential": TierRule(30, 20, 7, 2, "潜力客户"),
    "regular": TierRule(90, 15, 21, 1, "一般客户"),
}

SLA_HOURS: dict[str, tuple[int, int]] = {
    # complaint class -> (first answer, resolution) in hours (telecom standard)
    "serious": (4, 8),
    "severe": (12, 24),
    "ordinary": (24, 48),
}


@dataclass(frozen=True, slots=True)
class DemoManager:
    """The customer manager who owns the book, and the office a day starts from."""

    name: str
    phone: str
    branch: str
    office_lat: float
    office_lon: float


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    """One customer; ``last_visit`` is the last completed visit (or an older one)."""

    code: str
    name: str
    address: str
    district: str
    lat: float
    lon: float
    tier: str
    opening_hours: str
    visit_minutes: int | None
    contact: str
    phone: str
    last_visit: date | None
    territory: str
    notes: str


@dataclass(frozen=True, slots=True)
class DemoVisit:
    """A completed visit record (拜访记录). ``lat``/``lon`` is the check-in."""

    customer_code: str
    date: date
    planned_start: time
    arrive: time
    depart: time
    mode: str  # on_site | phone | online
    visit_type: str  # service | special
    purpose: str
    met: str
    discussed: str
    needs: str
    complaints: str
    competitor_info: str
    products: str
    outcome: str  # order | agreement | nothing | follow_up
    satisfaction: int
    next_steps: str
    on_site_verified: bool
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class DemoFollowUp:
    """A follow-up item, callback, request or complaint with its due times.

    ``origin_visit_date`` names the visit that created it: the visit of
    ``customer_code`` on that date (``None`` when it came by phone or hotline).
    """

    code: str
    customer_code: str
    kind: str  # follow_up | complaint | callback | request
    sla_class: str  # normal | ordinary | severe | serious
    title: str
    detail: str
    created_at: datetime
    first_answer_due: datetime | None
    due_at: datetime
    status: str  # open | done
    done_at: datetime | None
    result: str
    origin_visit_date: date | None


@dataclass(frozen=True, slots=True)
class DemoAppointment:
    """An appointment agreed with a customer."""

    customer_code: str
    start: datetime
    minutes: int
    note: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class DemoPlannedVisit:
    """One line of the weekly plan: who is visited on which day, and why."""

    date: date
    sequence: int
    customer_code: str
    planned_start: time
    planned_minutes: int
    purpose: str
    source: str  # cadence | carry_over | follow_up | appointment | assigned | ad_hoc
    reason: str
    status: str  # done | planned


@dataclass(frozen=True, slots=True)
class DemoPlanWeek:
    """The weekly plan's header: submitted on Friday, approved by the supervisor."""

    iso_year: int
    iso_week: int
    status: str
    submitted_at: datetime
    approved_at: datetime
    supervisor_comment: str


@dataclass(frozen=True, slots=True)
class DemoBook:
    """A whole demo book, as of ``today``."""

    manager: DemoManager
    customers: tuple[DemoCustomer, ...]
    visits: tuple[DemoVisit, ...]
    follow_ups: tuple[DemoFollowUp, ...]
    appointments: tuple[DemoAppointment, ...]
    plan_week: DemoPlanWeek
    planned_visits: tuple[DemoPlannedVisit, ...]
    seed: int
    today: date

    def customer(self, code: str) -> DemoCustomer:
        """The customer with ``code`` (KeyError if there is none)."""
        for customer in self.customers:
            if customer.code == code:
                return customer
        raise KeyError(code)
