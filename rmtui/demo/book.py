"""The realistic demo book: ~250 customers of one customer manager in Nanjing.

``generate_book(seed, today, size)`` is fully deterministic: the customers
(names, codes, addresses, coordinates, tiers, opening hours) depend only on
``seed`` and ``size``; the visit history of the eight weeks before ``today``,
the follow-ups, next week's appointments and this week's approved plan
depend on ``today`` as well. No global random state and no clock are used.

How the history is made (see :mod:`rmtui.demo.history`): every customer
starts with a last visit before the window, spread over its tier's
interval; the working days are then simulated one by one. About one
customer in nine is kept from being visited (the manager never got round to
them), so that they are overdue today; a few newly assigned customers have
never been visited at all.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from rmtui.demo.customers import CustomerDraft, make_customers
from rmtui.demo.followups import ORDINARY_COMPLAINT, SEVERE_COMPLAINT, build_follow_ups
from rmtui.demo.history import DAY_START, Priority, Simulator, Stop, Clock
from rmtui.demo.model import SLA_HOURS, TIER_RULES, DemoBook, DemoFollowUp, DemoManager
from rmtui.demo.names import mobile
from rmtui.demo.plan import appointments, plan_lines, plan_stops, plan_week
from rmtui.demo.visits import build_visits
from rmtui.domain.workdays import WorkCalendar

REFERENCE_DATE = date(2026, 11, 24)
"""The "today" of the committed demo files (a Tuesday)."""
HISTORY_DAYS = 56
OFFICE = (32.042_800, 118.783_600)  # the branch on 中山路 at 新街口
OVERDUE_SHARE = 0.08
_SHOPS = ("convenience", "tobacco", "supermarket", "restaurant", "pharmacy")


def generate_book(seed: int = 42, today: date = REFERENCE_DATE, size: int = 250,
                  sla_hours: dict[str, tuple[int, int]] | None = None) -> DemoBook:
    """The demo book for ``seed`` as of ``today``, with ``size`` customers."""
    sla = {**SLA_HOURS, **(sla_hours or {})}
    calendar = WorkCalendar("CN")
    drafts = make_customers(seed, size)
    by_code = {d.customer.code: d for d in drafts}
    rng = random.Random(f"rmtui-demo/{seed}/{today.isoformat()}/history")
    monday = today - timedelta(days=today.weekday())
    clocks = _clocks(drafts, today, today - timedelta(days=HISTORY_DAYS), calendar, rng)
    sim = Simulator(drafts, clocks, OFFICE, rng, monday)

    history: dict[date, list[Stop]] = {}
    for day in calendar.working_days(today - timedelta(days=HISTORY_DAYS), today - timedelta(days=1)):
        stops = sim.day(day, rng.randint(6, 8))
        if len(stops) < 8 and rng.random() < 0.45:
            end = max((s.start + s.minutes for s in stops), default=DAY_START)
            call = sim.phone_call(day, end + 30, {s.code for s in stops})
            if call is not None:
                stops.append(call)
        if stops:
            history[day] = stops
    last_visit = {code: clock.last for code, clock in clocks.items()}

    complaint_stop = _complaint_stop(history.get(today - timedelta(days=1), []), by_code, rng)
    visits = build_visits(history, by_code, rng, complaint=complaint_stop)
    complaint_visit = next((v for v in visits if complaint_stop is not None
                            and (v.customer_code, v.date) == (complaint_stop.code, complaint_stop.day)), None)
    ordinary = complaint_stop.code if complaint_stop else _shop_customer(drafts, rng, set())
    severe = _shop_customer(drafts, rng, {ordinary})
    follow_ups = build_follow_ups(visits, today=today, calendar=calendar, rng=rng, sla_hours=sla,
                                  complaint_visit=complaint_visit, ordinary_customer=ordinary,
                                  severe_customer=severe)

    plan_days = list(calendar.working_days(today, monday + timedelta(days=6)))
    priorities = _priorities(follow_ups, drafts, rng, severe=severe, ordinary=ordinary,
                             week_end=monday + timedelta(days=6))
    anchors = dict(zip(plan_days, (severe, ordinary)))
    planned = plan_stops(sim, plan_days, rng, priorities=priorities, anchors=anchors)
    done = {d: stops for d, stops in history.items() if d >= monday}
    lines = plan_lines(done, visits, planned, by_code, rng, priorities=priorities, week_monday=monday)
    next_week = (monday + timedelta(days=7)).isocalendar()
    booked = appointments(by_code, follow_ups, calendar.week_days(next_week.year, next_week.week),
                          rng, exclude={severe, ordinary})

    manager = DemoManager("李明", mobile(random.Random(f"rmtui-demo/{seed}/manager")),
                          "南京分行新街口支行", *OFFICE)
    return DemoBook(
        manager=manager,
        customers=tuple(replace(d.customer, last_visit=last_visit[d.customer.code]) for d in drafts),
        visits=tuple(visits),
        follow_ups=tuple(follow_ups),
        appointments=tuple(booked),
        plan_week=plan_week(today, calendar, rng),
        planned_visits=tuple(lines),
        seed=seed,
        today=today,
    )


def _clocks(drafts: tuple[CustomerDraft, ...], today: date, start: date,
            calendar: WorkCalendar, rng: random.Random) -> dict[str, Clock]:
    """Each customer's last visit before the window, and who will end up overdue."""
    def working(day: date) -> date:
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    by_tier: dict[str, list[CustomerDraft]] = {t: [] for t in TIER_RULES}
    for draft in drafts:
        if not draft.newly_assigned:
            by_tier[draft.customer.tier].append(draft)
    target = round(len(drafts) * OVERDUE_SHARE)
    n_core = 1 if len(by_tier["core"]) >= 5 else 0
    n_potential = min(len(by_tier["potential"]), round(target * 0.3))
    n_regular = min(len(by_tier["regular"]), target - n_core - n_potential)
    late = {d.customer.code for tier, n in (("core", n_core), ("potential", n_potential), ("regular", n_regular))
            for d in rng.sample(by_tier[tier], n)}
    lag = {"core": 8, "potential": 20, "regular": 45}

    clocks: dict[str, Clock] = {}
    for draft in drafts:
        code, tier = draft.customer.code, draft.customer.tier
        interval = TIER_RULES[tier].interval_days
        if draft.newly_assigned:
            clocks[code] = Clock(draft, None)
            continue
        last = working(start - timedelta(days=rng.randint(1, interval)))
        blocked = None
        if code in late:
            blocked = today - timedelta(days=interval + rng.randint(1, lag[tier]))
            if blocked <= start:  # never visited in the window: last visit before it
                last = working(blocked - timedelta(days=rng.randint(1, 20)))
        clocks[code] = Clock(draft, last, blocked)
    return clocks


def _complaint_stop(stops: list[Stop], drafts: dict[str, CustomerDraft], rng: random.Random) -> Stop | None:
    """Yesterday's visit where the customer complained (it ended before 15:00)."""
    fitting = [s for s in stops if s.mode == "on_site" and s.start + s.minutes <= 14 * 60 + 50]
    shops = [s for s in fitting if drafts[s.code].kind.key in _SHOPS]
    pool = shops or fitting
    return rng.choice(pool) if pool else None


def _shop_customer(drafts: tuple[CustomerDraft, ...], rng: random.Random, exclude: set[str]) -> str:
    """A core or potential shop with long hours: the severe complaint's customer."""
    pool = [d.customer.code for d in drafts
            if d.kind.key in _SHOPS and d.customer.tier != "regular" and not d.newly_assigned
            and d.customer.code not in exclude and set(d.kind.hours) & {"all_day", "long_day"}]
    pool = pool or [d.customer.code for d in drafts if d.customer.code not in exclude]
    return rng.choice(pool)


def _priorities(follow_ups: list[DemoFollowUp], drafts: tuple[CustomerDraft, ...], rng: random.Random, *,
                severe: str, ordinary: str, week_end: date) -> dict[str, Priority]:
    """Who this week's plan must take: complaints, follow-ups due, new customers."""
    def when(moment: datetime) -> str:
        return f"{moment.month}月{moment.day}日{moment:%H:%M}"

    result: dict[str, Priority] = {}
    for item in follow_ups:
        if item.status == "open" and item.kind in ("follow_up", "request") and item.due_at.date() <= week_end:
            result.setdefault(item.customer_code, Priority(
                "follow_up", f"跟进事项：{item.title}（{when(item.due_at)}到期）"))
    for item in follow_ups:
        if item.status == "open" and item.kind == "complaint":
            if item.customer_code == severe:
                result[severe] = Priority(
                    "ad_hoc", f"严重投诉：{SEVERE_COMPLAINT[0]}，今日上门处理（{when(item.due_at)}前解决）")
            elif item.customer_code == ordinary:
                result[ordinary] = Priority(
                    "follow_up", f"投诉处理：{ORDINARY_COMPLAINT[0]}（{when(item.due_at)}前办结）")
    new = sorted(d.customer.code for d in drafts if d.newly_assigned)
    for code in rng.sample(new, min(2, len(new))):
        result[code] = Priority("assigned", "新分配客户，21天内完成首次见面")
    return result
