"""Ruin and recreate over a week of day routes (slack induction by string removals).

The search after Christiaens & Vanden Berghe (2020, "Slack induction by
string removals for vehicle routing problems"): each step takes a random
placed visit, removes a few short strings of visits around it (one string
per route, from the routes that pass nearest; now and then a split string,
which keeps a stretch in its middle), puts them back one by one
where each adds least cost (skipping a position now and then, so the same
choice is not made every time), and keeps the result by simulated
annealing. Visits that were left out and lie near the ruined area are
offered again with the removed ones, so a better selection can emerge.

The cost is travel, plus each visit's ``delay`` per day it waits, plus the
penalty of every visit left out (penalties outweigh travel). Early in the
run the annealing weighs a visit left out by its soft weight instead (a few
mean legs), so it can let one go to reach better routes; later the whole
penalties hold, and the best week is always judged by them. Insertion is
checked in constant time with :class:`~rmtui.routing.slack.Slack`.

The run is deterministic for a given seed while time is ample: the cooling
follows the share of the step budget used, or of the time limit when that
runs out first.
"""

from __future__ import annotations

import math
import random
import time as _time
from collections.abc import Sequence
from dataclasses import dataclass

from rmtui.routing.slack import DayFrame, Slack


@dataclass(frozen=True)
class RuinSettings:
    """Ruin size, cooling and budget.

    With probability ``split`` a string is split: it spans its length plus a
    stretch kept in one piece in its middle, the stretch one visit longer
    with probability 1 - ``split_depth`` each time, up to the rest of the
    route (so a route can lose visits at both ends at once). Temperatures
    are shares of the mean leg of the first routes. The search ends after
    ``steps`` steps, or ``stale_steps`` steps in a row without a better week
    (0: never; counted from ``full_from`` on when the soft weights apply),
    or at the time limit. Before ``full_from`` of the run the annealing
    weighs a visit left out at its soft weight times ``soft_value`` mean
    legs (growing fivefold), not its full penalty (visits of soft weight 0
    always weigh in full); the best week is always judged by the full
    penalties.
    """

    mean_removed: float = 10.0
    max_string: int = 10
    blink: float = 0.01
    split: float = 0.0
    split_depth: float = 0.01
    absent_seed: float = 0.2
    tier_first: float = 0.8
    start_temperature: float = 3.0
    end_temperature: float = 0.03
    steps: int = 20_000
    stale_steps: int = 0
    seed: int = 0
    soft_value: float = 0.0
    full_from: float = 0.7


@dataclass
class WeekState:
    """Routes (visit indices per day) and their cost."""

    routes: list[list[int]]
    cost: int


class RuinRecreate:
    """The search over one week; see the module docstring."""

    def __init__(self, frames: Sequence[DayFrame], first_node: int, allowed: Sequence[Sequence[int]],
                 penalty: Sequence[int], delay: Sequence[int], tier: Sequence[int],
                 settings: RuinSettings = RuinSettings(), soft_weight: Sequence[float] | None = None) -> None:
        self.frames = list(frames)
        self.p = first_node
        self.allowed = [list(a) for a in allowed]
        self.penalty = list(penalty)
        self.delay = list(delay)
        self.tier = list(tier)  # recreate puts higher tiers back first
        self.settings = settings
        self.n = len(self.penalty)
        self.soft_weight = list(soft_weight) if soft_weight is not None else [0.0] * self.n
        dur = self.frames[0].dur if self.frames else []
        p = first_node
        near = []
        for a in range(self.n):
            row_a = dur[p + a]
            order = sorted((row_a[p + b] + dur[p + b][p + a], b) for b in range(self.n) if b != a)
            near.append([b for _, b in order])
        self.near = near
        office = self.frames[0].origin if self.frames else 0
        self.far = [dur[office][p + a] + dur[p + a][office] for a in range(self.n)] if self.frames else []
        # How long each visit's windows are open over the week (narrow ones go first at the start).
        self.span = [sum(b - a for k in self.allowed[v] for a, b in self.frames[k].windows[p + v])
                     for v in range(self.n)]
        self.rng = random.Random(settings.seed)

    # --- state -----------------------------------------------------------------------------

    def _load(self, routes: Sequence[Sequence[int]]) -> None:
        p = self.p
        self.routes = [list(r) for r in routes]
        self.where = [-1] * self.n
        for k, r in enumerate(self.routes):
            for v in r:
                self.where[v] = k
        self.slack = [Slack(f, [p + v for v in r]) for f, r in zip(self.frames, self.routes)]
        self.day_cost = [self._route_cost(k, r) for k, r in enumerate(self.routes)]
        self.left_penalty = sum(self.penalty[v] for v in range(self.n) if self.where[v] < 0)

    def _route_cost(self, k: int, route: Sequence[int]) -> int:
        if not route:
            return 0
        f, p = self.frames[k], self.p
        dur = f.dur
        prev, total = f.origin, 0
        for v in route:
            total += dur[prev][p + v] + k * self.delay[v]
            prev = p + v
        return total + dur[prev][f.dest]

    def cost(self) -> int:
        return sum(self.day_cost) + self.left_penalty

    def search_cost(self, value: float | None) -> float:
        """The cost the annealing compares: a visit left out weighs ``value`` times its soft
        weight (its full penalty when that is 0, or less)."""
        if value is None:
            return self.cost()
        total = sum(self.day_cost)
        pen, weight = self.penalty, self.soft_weight
        for v in range(self.n):
            if self.where[v] < 0:
                total += pen[v] if not weight[v] else min(pen[v], weight[v] * value)
        return total

    # --- recreate ---------------------------------------------------------------------------

    def _best_spot(self, v: int) -> tuple[int, int, int] | None:
        """(extra cost, day, position) of the cheapest feasible insertion of ``v``.

        Costs of every position first (cheap), then the feasibility checks
        from the cheapest on until one holds; each position is skipped with
        the blink probability.
        """
        rng, blink = self.rng, self.settings.blink
        node = self.p + v
        options = []
        need = self.frames[0].service[node] - 2 if self.frames else 0  # 2 s: rounding of the matrix
        for k in self.allowed[v]:
            slack = self.slack[k]
            nodes = slack.nodes
            room = slack.room()
            if need > slack.most_room:
                continue  # no gap of this day is long enough
            dur = self.frames[k].dur
            row_v = dur[node]
            extra_day = k * self.delay[v]
            a = nodes[0]
            if len(nodes) == 2:  # an empty day costs nothing until a visit goes on it
                if room[0] >= need:
                    options.append((dur[a][node] + row_v[nodes[1]] + extra_day, k, 0))
                continue
            for pos in range(len(nodes) - 1):
                b = nodes[pos + 1]
                if room[pos] >= need:
                    row_a = dur[a]
                    options.append((row_a[node] + row_v[b] - row_a[b] + extra_day, k, pos))
                a = b
        options.sort()
        for extra, k, pos in options:
            if blink > 0 and rng.random() < blink:
                continue
            if self.slack[k].fits(node, pos):
                return extra, k, pos
        return None

    def _recreate(self, pending: list[int]) -> None:
        """Put ``pending`` visits back, each where it costs least: in random order, far ones
        first, close ones first or the most constrained first, and mostly the most
        important first (not always: a short optional visit with a fixed time may have to
        go in before the flexible ones that would otherwise take its place)."""
        rng = self.rng
        how = rng.random()
        if how < 0.4:
            rng.shuffle(pending)
        elif how < 0.7:
            pending.sort(key=lambda v: -self.far[v])
        elif how < 0.85:
            pending.sort(key=lambda v: (len(self.allowed[v]), self.span[v]))
        else:
            pending.sort(key=lambda v: self.far[v])
        if rng.random() < self.settings.tier_first:
            pending.sort(key=lambda v: -self.tier[v])  # stable: the order above holds within a tier
        self._insert_all(pending)

    def _insert_all(self, pending: list[int]) -> None:
        for v in pending:
            spot = self._best_spot(v)
            if spot is None:
                continue
            extra, k, pos = spot
            self.routes[k] = [*self.routes[k][:pos], v, *self.routes[k][pos:]]
            self.slack[k] = self.slack[k].inserted(self.p + v, pos)
            self.day_cost[k] += extra
            self.where[v] = k
            self.left_penalty -= self.penalty[v]

    # --- ruin -------------------------------------------------------------------------------

    def _ruin(self) -> list[int]:
        """Remove strings of visits around a random one; return the visits to put back."""
        rng, st = self.rng, self.settings
        placed = [v for v in range(self.n) if self.where[v] >= 0]
        if not placed:
            return [v for v in range(self.n) if self.allowed[v]]
        used = sum(1 for r in self.routes if r)
        mean_len = len(placed) / max(1, used)
        max_len = min(st.max_string, mean_len)
        max_strings = 4 * st.mean_removed / (1 + max_len) - 1
        strings = int(rng.uniform(1, max_strings + 1))
        left = [v for v in range(self.n) if self.where[v] < 0 and self.allowed[v]]
        days = None
        if left and rng.random() < st.absent_seed:
            # Make room for a visit left out (the most important ones first) on the days it may go.
            top = max(self.tier[v] for v in left)
            seed = rng.choice([v for v in left if self.tier[v] == top])
            days = set(self.allowed[seed])
        else:
            seed = rng.choice(placed)
        ruined: set[int] = set()
        removed: list[int] = []
        absent: list[int] = []
        for c in (seed, *self.near[seed]):
            if len(ruined) >= strings:
                break
            k = self.where[c]
            if k < 0:
                if self.allowed[c] and len(absent) < st.mean_removed and c not in removed:
                    absent.append(c)
                continue
            if k in ruined or (days is not None and k not in days):
                continue
            route = self.routes[k]
            length = int(rng.uniform(1, min(len(route), max_len) + 1))
            at = route.index(c)
            if st.split and length < len(route) and rng.random() < st.split:
                # A split string: ``length`` visits out of a stretch, ``kept`` in its middle stay.
                kept = 1
                while kept < len(route) - length and rng.random() > st.split_depth:
                    kept += 1
                span = length + kept
                first = rng.randint(max(0, at - span + 1), min(at, len(route) - span))
                keep = rng.randint(first, first + length)
                gone = route[first:keep] + route[keep + kept:first + span]
                self.routes[k] = route[:first] + route[keep:keep + kept] + route[first + span:]
                slack = self.slack[k]
                if first + span > keep + kept:
                    slack = slack.removed(keep + kept + 1, first + span - keep - kept)
                if keep > first:
                    slack = slack.removed(first + 1, keep - first)
                self.slack[k] = slack
            else:
                first = rng.randint(max(0, at - length + 1), min(at, len(route) - length))
                gone = route[first:first + length]
                self.routes[k] = route[:first] + route[first + length:]
                self.slack[k] = self.slack[k].removed(first + 1, length)
            self.day_cost[k] = self._route_cost(k, self.routes[k])
            for v in gone:
                self.where[v] = -1
                self.left_penalty += self.penalty[v]
            removed += gone
            ruined.add(k)
        return removed + [v for v in absent if v not in removed]

    # --- search -----------------------------------------------------------------------------

    def run(self, routes: Sequence[Sequence[int]] | None, time_limit: float) -> WeekState:
        """Search from ``routes`` (or from nothing) for at most ``time_limit`` seconds."""
        began = _time.perf_counter()
        st = self.settings
        self._load(routes if routes is not None else [[] for _ in self.frames])
        first = [v for v in range(self.n) if self.where[v] < 0 and self.allowed[v]]
        # The first routes: most important first, within a tier the most constrained first.
        first.sort(key=lambda v: (-self.tier[v], len(self.allowed[v]), self.span[v]))
        self._insert_all(first)
        current = self.cost()
        best = WeekState([list(r) for r in self.routes], current)
        self.steps_done = 0
        placed = sum(len(r) for r in self.routes)
        if not placed:
            return best
        legs = placed + sum(1 for r in self.routes if r)
        mean_leg = max(1.0, sum(self.day_cost) / legs)
        t0, t1 = st.start_temperature * mean_leg, st.end_temperature * mean_leg
        rng = self.rng
        soft = st.soft_value > 0 and any(self.soft_weight[v] and self.allowed[v] for v in range(self.n))
        last_better = 0
        for step in range(st.steps):
            elapsed = _time.perf_counter() - began
            if elapsed >= time_limit or (st.stale_steps and step - last_better > st.stale_steps):
                break
            share = max(step / st.steps, elapsed / time_limit)
            temperature = t0 * (t1 / t0) ** share
            value = None
            if soft and share < st.full_from:
                value = st.soft_value * mean_leg * (1 + 4 * share / st.full_from)
                last_better = step  # the stopping rule counts from the full penalties on
            current = self.search_cost(value)
            saved = (list(self.routes), list(self.where), list(self.slack), list(self.day_cost), self.left_penalty)
            pending = self._ruin()
            if not all(s.feasible for s in self.slack):
                self._restore(saved)  # a shortcut that breaks a window (rounding): skip the step
                continue
            self._recreate(pending)
            cost = self.search_cost(value)
            self.steps_done = step + 1
            if cost < current - temperature * math.log(1.0 - rng.random()):
                cost = self.cost()
                if cost < best.cost:
                    best = WeekState([list(r) for r in self.routes], cost)
                    last_better = step
            else:
                self._restore(saved)
        return best

    def _restore(self, saved) -> None:
        self.routes, self.where, self.slack, self.day_cost, self.left_penalty = saved
