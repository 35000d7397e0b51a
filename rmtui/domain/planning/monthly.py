"""The monthly plan and its month-end review, as plain rules.

The plan holds the visits the cadence requires in the month, customer by
customer (each assumed made on its due date), the month's targets and its
focus. The review sets planned against done per tier and per customer,
measures cadence compliance (on time / late / missed, see
``rmtui.domain.cadence``), lists visits made off plan and the reasons
written for misses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from rmtui.domain.cadence import Outcome, cadence_compliance, visits_required
from rmtui.domain.customer import CustomerInfo
from rmtui.domain.tiers import Tier


@dataclass(frozen=True, slots=True)
class CustomerDue:
    customer_id: int
    code: str
    name: str
    tier: str
    due_dates: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class TierCount:
    tier: str
    customers: int
    visits: int


@dataclass(frozen=True, slots=True)
class TargetInfo:
    key: str
    label: str
    target: float
    unit: str
    achieved: float | None = None


@dataclass(frozen=True, slots=True)
class MonthPlanInfo:
    """A monthly plan: status, focus, targets and the visits the cadence requires."""

    month: str
    status: str  # draft | confirmed
    focus: str
    targets: tuple[TargetInfo, ...]
    by_tier: tuple[TierCount, ...]
    customers: tuple[CustomerDue, ...]
    unplannable: tuple[str, ...] = ()
    confirmed_at: object = None


def required_visits(customers: Iterable[CustomerInfo], tiers: Mapping[str, Tier], last_visits: Mapping[int, date | None],
                    first: date, last: date) -> list[CustomerDue]:
    """Each customer's due dates in ``first … last`` (an overdue customer is due on ``first``)."""
    out = []
    for c in customers:
        tier = tiers.get(c.tier)
        if tier is None:
            continue
        dues = visits_required(tier, last_visits.get(c.id, c.last_visit), first, last)
        if dues:
            out.append(CustomerDue(c.id, c.code, c.name, c.tier, dues))
    return sorted(out, key=lambda d: (d.due_dates[0], d.code))


def count_by_tier(dues: Iterable[CustomerDue], tier_order: Iterable[str]) -> list[TierCount]:
    customers: dict[str, int] = defaultdict(int)
    visits: dict[str, int] = defaultdict(int)
    for d in dues:
        customers[d.tier] += 1
        visits[d.tier] += len(d.due_dates)
    return [TierCount(t, customers[t], visits[t]) for t in tier_order]


def default_targets(counts: Iterable[TierCount], tiers: Mapping[str, Tier], locale: str) -> list[TargetInfo]:
    """Targets the cadence implies: visits of each tier, all visits; new customers at 0 until set."""
    zh = locale == "zh"
    out, total = [], 0
    for c in counts:
        name = tiers[c.tier].name(locale) if c.tier in tiers else c.tier
        out.append(TargetInfo(f"visits_{c.tier}", f"{name}拜访次数" if zh else f"{name} visits", c.visits,
                              "次" if zh else "visits"))
        total += c.visits
    out.append(TargetInfo("visits_total", "拜访总次数" if zh else "all visits", total, "次" if zh else "visits"))
    out.append(TargetInfo("new_customers", "新增客户" if zh else "new customers", 0, "户" if zh else "customers"))
    return out


def target_label(key: str, locale: str) -> str:
    """A label for a target entered by key only (``key_products`` → "key products")."""
    return key.replace("_", " ")


# -- the month-end review ---------------------------------------------------

@dataclass(frozen=True, slots=True)
class TierReview:
    tier: str
    planned: int
    done: int
    done_planned: int
    required: int
    on_time: int
    late: int
    missed: int
    compliance: float | None = None  # on time ÷ required; None when nothing was required


@dataclass(frozen=True, slots=True)
class CustomerReview:
    customer_id: int
    code: str
    name: str
    tier: str
    planned: int
    done: int
    on_time: int
    missed: int


@dataclass(frozen=True, slots=True)
class OffPlanVisit:
    day: date
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Miss:
    day: date | None
    code: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class MonthReview:
    """Planned against done for one month, with compliance and the reasons for misses."""

    month: str
    compliance: float | None
    by_tier: tuple[TierReview, ...]
    customers: tuple[CustomerReview, ...]
    off_plan: tuple[OffPlanVisit, ...]
    misses: tuple[Miss, ...]
    targets: tuple[TargetInfo, ...]
    review_done: str = ""
    review_shortfalls: str = ""
    review_improvements: str = ""


def review(customers: Mapping[int, CustomerInfo], tiers: Mapping[str, Tier], planned: Iterable[tuple[int, date]],
           done: Iterable[tuple[int, date, str]], done_planned: Iterable[tuple[int, date]], first: date,
           last: date, imported: Mapping[int, date | None] | None = None) -> tuple[list[TierReview], list[CustomerReview], float | None]:
    """Per tier and per customer: planned, done, and cadence compliance over ``first … last``.

    ``planned``: (customer, day) of planned visits in the month; ``done``:
    (customer, day, mode) of every completed visit up to ``last`` (earlier
    ones start the clock); ``done_planned``: completed visits that were planned;
    ``imported``: the last visit before rmtui kept records, per customer.
    """
    plan_n: dict[int, int] = defaultdict(int)
    for cid, _ in planned:
        plan_n[cid] += 1
    visits: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for cid, day, mode in done:
        visits[cid].append((day, mode))
    done_as_planned: dict[int, int] = defaultdict(int)
    for cid, _ in done_planned:
        done_as_planned[cid] += 1
    per_tier: dict[str, list[int]] = {t: [0] * 7 for t in tiers}
    rows = []
    req_all = on_all = 0
    for cid, c in customers.items():
        tier = tiers.get(c.tier)
        if tier is None:
            continue
        known = {d for d, m in visits.get(cid, []) if not m or m in tier.modes}
        old = (imported or {}).get(cid)
        # The last visit before rmtui kept records starts the clock, also when it lies inside
        # the month (a book imported mid-month): the customer was seen then, not never.
        imported_only = old is not None and old <= last and old not in known
        if old is not None and old <= last:
            known.add(old)
        days = sorted(known)
        comp = cadence_compliance(tier, days, first, last)
        if imported_only and old >= first and not any(d < old for d in days):
            # Nothing known before it: whether that visit came on time cannot be told.
            comp = replace(comp, required=tuple(r for r in comp.required if r.visited_on != old))
        done_n = sum(1 for d in days if first <= d <= last and not (imported_only and d == old))
        on, late, missed = comp.count(Outcome.ON_TIME), comp.count(Outcome.LATE), comp.count(Outcome.MISSED)
        t = per_tier[c.tier]
        for k, v in enumerate((plan_n[cid], done_n, done_as_planned[cid], len(comp.required), on, late, missed)):
            t[k] += v
        req_all += len(comp.required)
        on_all += on
        if plan_n[cid] or comp.required or done_n:
            rows.append(CustomerReview(cid, c.code, c.name, c.tier, plan_n[cid], done_n, on, missed))
    tiers_out = [TierReview(t, *v, compliance=v[4] / v[3] if v[3] else None) for t, v in per_tier.items()]
    rows.sort(key=lambda r: (-r.missed, r.code))
    return tiers_out, rows, (on_all / req_all if req_all else None)
