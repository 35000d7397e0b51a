"""Simulated working days: which customers the manager sees, in what order, when.

The simulator walks the working days one by one, the way a manager works a
book: each day it picks the route (territory) under most pressure from due
and overdue customers, takes the most urgent customers within a few
kilometres of it, orders them by nearest neighbour from the office and gives
each a start time inside its opening hours, outside lunch and before 17:30.
A customer's clock restarts at every visit, so the cadence of the tiers
emerges from the simulation rather than being painted on.

The same routine produces the history (days before today, which become visit
records) and the rest of the current week's plan (today and later).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from rmtui.demo.customers import CustomerDraft
from rmtui.demo.hours import next_fit
from rmtui.demo.model import TIER_RULES
from rmtui.demo.places import distance_km

ROUTE_RADIUS_KM = 3.5
"""A day's on-site visits lie within this distance of the route's centre…"""
WIDE_RADIUS_KM = 5.5
"""…or within this one when too few customers are due close to it."""
DAY_START = 8 * 60 + 50  # leave the office after the morning preparation
LUNCH = (12 * 60, 13 * 60)
DAY_END = 17 * 60 + 30
MAX_WAIT = 40  # minutes a manager waits for a shop to open before skipping it
MIN_GAP_DAYS = 7  # no second cadence visit within a week


@dataclass(frozen=True, slots=True)
class Stop:
    """One visit of a simulated day (planned; the record adds what happened)."""

    code: str
    day: date
    start: int  # planned start, minutes since midnight
    minutes: int
    mode: str
    source: str
    travel: int  # minutes from the previous stop (or the office)
    due: date | None  # the cadence due date the visit answered (None: never visited)


@dataclass(frozen=True, slots=True)
class Priority:
    """A customer the plan must take when the route passes by, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class Clock:
    """The cadence clock of one customer during the simulation."""

    draft: CustomerDraft
    last: date | None
    blocked_from: date | None = None
    visits: list[date] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.draft.customer.code

    def due(self) -> date | None:
        if self.last is None:
            return None
        return self.last + timedelta(days=TIER_RULES[self.draft.customer.tier].interval_days)


class Simulator:
    """Day-by-day visit simulation over one book (mutable; used once)."""

    def __init__(self, drafts: tuple[CustomerDraft, ...], clocks: dict[str, Clock],
                 office: tuple[float, float], rng: random.Random, week_monday: date) -> None:
        self.drafts = {d.customer.code: d for d in drafts}
        self.clocks = clocks
        self.office = office
        self.rng = rng
        self.week_monday = week_monday
        members: dict[str, list[tuple[float, float]]] = {}
        for d in drafts:
            members.setdefault(d.customer.territory, []).append((d.customer.lat, d.customer.lon))
        self.centres = {tag: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
                        for tag, pts in sorted(members.items())}

    # -- choosing the day's customers ------------------------------------
    def _eligible(self, clock: Clock, day: date, planning: bool) -> bool:
        if clock.last is None or (day - clock.last).days < MIN_GAP_DAYS:
            return False
        if not planning and clock.blocked_from is not None and day >= clock.blocked_from:
            return False
        rule = TIER_RULES[clock.draft.customer.tier]
        due = clock.due()
        assert due is not None
        return day >= due - timedelta(days=rule.early_days)

    def _may_drop_in(self, clock: Clock, day: date, planning: bool) -> bool:
        """A visit ahead of the cadence window, on a day the route passes anyway."""
        if clock.last is None or (day - clock.last).days < 2 * MIN_GAP_DAYS:
            return False
        return planning or clock.blocked_from is None or day < clock.blocked_from

    def _weight(self, clock: Clock, day: date) -> float:
        rule = TIER_RULES[clock.draft.customer.tier]
        due = clock.due()
        if due is None or due > day:
            return rule.priority * 0.4
        return rule.priority * (1.0 + (day - due).days / 7.0)

    def _centre(self, pool: list[Clock], day: date, extra: dict[str, Priority]) -> tuple[float, float]:
        """The centre of the territory with the most pressure around it."""
        best: tuple[float, str] | None = None
        for tag, centre in self.centres.items():
            pressure = sum(self._weight(c, day) + (6.0 if c.code in extra else 0.0)
                           for c in pool if self._km(centre, c) <= ROUTE_RADIUS_KM)
            if best is None or (-pressure, tag) < (-best[0], best[1]):
                best = (pressure, tag)
        assert best is not None
        return self.centres[best[1]]

    def day(self, day: date, capacity: int, *, planning: bool = False,
            anchor: str | None = None, extra: dict[str, Priority] | None = None) -> list[Stop]:
        """Choose, order and time the visits of ``day``; restart their clocks."""
        extra = extra or {}
        pool = [c for c in self.clocks.values()
                if self._eligible(c, day, planning) or (c.code in extra and c.last != day)]
        if not pool:
            return []
        if anchor is None:
            # Key customers set the route on the day they fall due: a core
            # customer is not left waiting for its area's turn.
            key = [c for c in pool if c.draft.customer.tier == "core" and (c.due() or day) <= day]
            anchor = min(key, key=lambda c: (c.due() or day, c.code)).code if key else None
        if anchor is not None:
            a = self.drafts[anchor].customer
            centre = (a.lat, a.lon)
        else:
            centre = self._centre(pool, day, extra)
        near = [c for c in pool if self._km(centre, c) <= ROUTE_RADIUS_KM]
        if len(near) < capacity:  # a thin area: reach a little further out
            wider = sorted((c for c in pool if ROUTE_RADIUS_KM < self._km(centre, c) <= WIDE_RADIUS_KM),
                           key=lambda c: (self._km(centre, c), c.code))
            near += wider[:capacity - len(near)]
        if len(near) < capacity:  # still thin: drop in early on customers close by
            early = sorted((c for c in self.clocks.values()
                            if c not in near and self._may_drop_in(c, day, planning)
                            and self._km(centre, c) <= ROUTE_RADIUS_KM),
                           key=lambda c: (c.due() or day, c.code))
            near += early[:capacity - len(near)]
        near.sort(key=lambda c: (c.code != anchor, c.code not in extra,
                                 c.due() or day, -TIER_RULES[c.draft.customer.tier].priority, c.code))
        stops = self._schedule(day, near[:capacity], near[capacity:], capacity, extra, anchor)
        for stop in stops:
            self._restart(stop)
        return stops

    def phone_call(self, day: date, after: int, taken: set[str]) -> Stop | None:
        """At most one phone or online contact with a due customer off today's route."""
        due_soon = [c for c in self.clocks.values()
                    if c.code not in taken and self._eligible(c, day, planning=False)
                    and (c.due() or day) <= day + timedelta(days=3)]
        if not due_soon:
            return None
        clock = min(due_soon, key=lambda c: (c.due() or day, c.code))
        mode = "phone" if self.rng.random() < 0.75 else "online"
        minutes = 10 if mode == "phone" else 20
        text = clock.draft.customer.opening_hours
        start = next_fit(text, day, _round5(max(after, 16 * 60 + 15)), minutes, DAY_END)
        if start is None:
            return None
        stop = Stop(clock.code, day, start, minutes, mode, self.source_of(clock, day), 0, clock.due())
        self._restart(stop)
        return stop

    def source_of(self, clock: Clock, day: date) -> str:
        """``carry_over`` when the customer was already overdue before the week began."""
        due = clock.due()
        return "carry_over" if due is not None and due < self.week_monday else "cadence"

    def _restart(self, stop: Stop) -> None:
        clock = self.clocks[stop.code]
        clock.last = stop.day
        clock.visits.append(stop.day)

    # -- ordering and timing ----------------------------------------------
    def _schedule(self, day: date, chosen: list[Clock], spare: list[Clock], capacity: int,
                  extra: dict[str, Priority], anchor: str | None) -> list[Stop]:
        """Nearest neighbour from the office (an anchor first); refill from ``spare``."""
        stops: list[Stop] = []
        here, now = self.office, DAY_START
        remaining = list(chosen)
        deferred: list[Clock] = []
        while remaining:
            first = [c for c in remaining if c.code == anchor]  # urgent: go there first
            nxt = first[0] if first else min(remaining, key=lambda c: (self._km(here, c), c.code))
            remaining.remove(nxt)
            placed = self._place(day, nxt, here, now, extra)
            if placed is None:
                deferred.append(nxt)
                continue
            stops.append(placed)
            here, now = self._pos(nxt), placed.start + placed.minutes
        # Customers that were closed when passing by get a second chance at the
        # end of the round; then nearby spare customers fill a short day.
        for clock in deferred + spare:
            if len(stops) >= capacity:
                break
            placed = self._place(day, clock, here, now, extra)
            if placed is not None:
                stops.append(placed)
                here, now = self._pos(clock), placed.start + placed.minutes
        return stops

    def _place(self, day: date, clock: Clock, here: tuple[float, float], now: int,
               extra: dict[str, Priority]) -> Stop | None:
        customer = clock.draft.customer
        minutes = customer.visit_minutes or TIER_RULES[customer.tier].visit_minutes
        travel = math.ceil(self._km(here, clock) * 1.35 / 22.0 * 60.0) + 6
        earliest = _round5(now + travel)
        start = None
        if earliest < LUNCH[0]:
            start = next_fit(customer.opening_hours, day, earliest, minutes, LUNCH[0])
        if start is None:
            start = next_fit(customer.opening_hours, day, max(earliest, LUNCH[1]), minutes, DAY_END)
        if start is None:
            return None
        lunch = LUNCH[1] - LUNCH[0] if earliest < LUNCH[1] <= start else 0
        if start - earliest - lunch > MAX_WAIT:
            return None
        source = extra[clock.code].source if clock.code in extra else self.source_of(clock, day)
        return Stop(clock.code, day, start, minutes, "on_site", source, travel, clock.due())

    def _km(self, here: tuple[float, float], clock: Clock) -> float:
        return distance_km(*here, *self._pos(clock))

    @staticmethod
    def _pos(clock: Clock) -> tuple[float, float]:
        return clock.draft.customer.lat, clock.draft.customer.lon


def _round5(minute: int) -> int:
    return -(-minute // 5) * 5
