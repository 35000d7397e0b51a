"""``solve_week``: a week's visits placed on its working days and routed.

Each working day is one route from the day's start to its end (the caller
has already taken the reserved minutes off), with its own lunch break. A
visit may go on the days its ``windows`` name, starting inside that day's
windows. Travel is a precomputed integer matrix (``build_net``).

The objective reads: the most important visits first (levels, required
before optional, the bonus within a level, see ``_penalties``), then as many
as fit, then the least travel, plus each visit's ``delay`` per day it
waits. The search is ruin and recreate (``ruin_recreate.py``): strings of
visits near each other are taken out and put back where they cost least,
kept or not by simulated annealing, so customers that lie close together
end up on the same day because that is what costs least travel — there is
no clustering rule. Insertions are checked in constant time
(``slack.py``); every day is timed in the end by ``schedule.py``, the one
place that decides when things happen (lunch on the leg that gets the day
back earliest). Afterwards visits still left out are put where they fit,
and an important visit left out may take the place of less important ones.
"""

from __future__ import annotations

import time as _time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from rmtui.routing.instance import DayInstance, LunchRule
from rmtui.routing.matrix import great_circle_m
from rmtui.routing.model import Location, Lunch, Travel
from rmtui.routing.ruin_recreate import RuinRecreate, RuinSettings
from rmtui.routing.schedule import time_route
from rmtui.routing.slack import DayFrame, Slack

DAY = 86_400
StartWindows = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class WeekDay:
    """One working day: leave ``origin`` at ``start``, be at ``destination`` by ``end`` (seconds)."""

    start: int
    end: int
    origin: Location
    destination: Location
    lunch: Lunch | None = None


@dataclass(frozen=True)
class WeekVisit:
    """A visit to place: the days it may go on and, for each, when it may *start*.

    ``windows`` maps a day index to start windows in seconds since midnight
    (sorted, disjoint); a day not in it is not allowed. Higher ``level`` is
    placed first; ``bonus`` (0–999) ranks visits within a level. A
    ``required`` visit (due, fixed, urgent) is never left out for optional ones.
    """

    id: str
    location: Location
    service: int
    windows: Mapping[int, StartWindows]
    level: int = 0
    bonus: int = 0
    required: bool = False
    delay: int = 0
    """Cost (in travel seconds) of each day later in the week: what should go first goes early."""


@dataclass(frozen=True)
class WeekProblem:
    """The week: its days, the visits, and how the manager travels."""

    days: tuple[WeekDay, ...]
    visits: tuple[WeekVisit, ...]
    travel: Travel = field(default_factory=Travel)
    overhead: int = 0
    """Seconds added to every trip between two different places (parking …)."""


@dataclass(frozen=True)
class WeekSearch:
    """How hard the week is searched: ``steps_per_visit`` ruin-and-recreate steps per visit
    (between ``min_steps`` and ``max_steps``), or fewer at the time limit. Temperatures are shares of the first week's mean
    leg (so walking and driving weeks cool alike).

    Until ``full_from`` of the run a visit left out weighs only a few mean legs, not its
    full penalty: ``optional_value`` per level of an optional visit (growing fivefold),
    and for a required one ``soft_required`` times as much as the highest optional level,
    four times more per level and up to three times more by its bonus. The search may then
    let a visit go to find shorter routes or a better selection, and fills the week again
    once the penalties are whole; the best week is always judged by the whole penalties.
    Measured on the bench books: 2–3 % less travel for as many visits, and on an
    overfull week (600 customers) a better selection with 3–5 % less travel.

    ``split`` (share of ruined strings split, SISR's split strings): 0.3 measured 0.4 % less
    travel on the 300/600 weeks (52 runs, standard error 0.3 %) with 0.26 more visits placed
    per week, 0.7 % less travel per visit placed; 0.5 gave nothing. The rest is
    measured too, each against the present values on the same weeks and seeds (seed spread is
    about ±1.5 %, so none of these is a gain): ``mean_removed`` 6 costs 1.8 % (15 is no better and
    runs out of time), ``max_string`` 5, ``blink`` 0 or 0.05, start temperature 1.5 or 6 (×
    mean leg) all within ±0.4 %. A local search at the end (move, 2-opt, exchange) found only
    0.1 %: the annealing ends there already; two runs of half the steps, best kept: 0.7 %
    more travel. ``stale_share`` (stop after that share of the steps in a row found no better
    week) never stops a week with soft weights, as its count starts at ``full_from``.
    """

    steps_per_visit: int = 400
    min_steps: int = 2_000
    max_steps: int = 60_000
    stale_share: float = 0.5
    start_temperature: float = 3.0
    end_temperature: float = 0.03
    mean_removed: float = 10.0
    max_string: int = 10
    blink: float = 0.01
    split: float = 0.3
    optional_value: float = 0.5
    full_from: float = 0.7
    soft_required: float = 2.0
    seed: int = 0


@dataclass(frozen=True)
class Placement:
    """A visit on a day: arrival, start, departure (seconds since midnight), travel to it."""

    visit_id: str
    arrive: int
    start: int
    depart: int
    travel: int


@dataclass(frozen=True)
class DayRoute:
    """One day's visits in order, with lunch and the way back."""

    day: int
    stops: tuple[Placement, ...]
    lunch_start: int | None
    end_arrive: int
    end_travel: int
    distance_m: float

    @property
    def travel(self) -> int:
        return sum(p.travel for p in self.stops) + (self.end_travel if self.stops else 0)


@dataclass(frozen=True)
class WeekResult:
    """Routes per day (indices as in the problem) and the visits that did not fit."""

    days: tuple[DayRoute, ...]
    dropped: tuple[str, ...]
    status: str  # "solved" | "empty" | "fallback"
    seconds: float

    @property
    def travel(self) -> int:
        """Total travel in seconds over the week."""
        return sum(d.travel for d in self.days)

    @property
    def placed(self) -> int:
        return sum(len(d.stops) for d in self.days)


@dataclass(frozen=True, eq=False)
class _Net:
    """The numbers: node 0..p-1 are the days' places, node p+i is visit i."""

    durations: np.ndarray
    distances: np.ndarray
    service: np.ndarray
    origin: tuple[int, ...]  # node per day
    destination: tuple[int, ...]
    places: int


def build_net(problem: WeekProblem) -> _Net:
    """Travel between every pair of places and visits, whole seconds, overhead included."""
    places: list[Location] = []
    for d in problem.days:
        for loc in (d.origin, d.destination):
            if loc not in places:
                places.append(loc)
    points = places + [v.location for v in problem.visits]
    metres = great_circle_m(points) * problem.travel.circuity if points else np.zeros((0, 0))
    seconds = metres / (problem.travel.speed * 1000.0 / 3600.0)
    moving = metres > 1.0
    durations = np.rint(seconds).astype(np.int64) + np.where(moving, problem.overhead, 0).astype(np.int64)
    service = np.zeros(len(points), dtype=np.int64)
    for i, v in enumerate(problem.visits):
        service[len(places) + i] = v.service
    return _Net(durations, metres, service, tuple(places.index(d.origin) for d in problem.days),
                tuple(places.index(d.destination) for d in problem.days), len(places))


def time_order(problem: WeekProblem, net: _Net, day: int, order: Sequence[int]) -> DayRoute | None:
    """Times for visit indices ``order`` on ``day`` (by ``schedule.time_route``); None when the
    order cannot be kept. Visits start as early as their windows allow; lunch goes on the leg
    that gets the day back earliest."""
    timing = time_route(_day_instance(problem, net, day, order), range(1, len(order) + 1))
    if timing is None:
        return None
    dur, dist = net.durations, net.distances
    prev, stops, metres = net.origin[day], [], 0.0
    for k, i in enumerate(order):
        node = net.places + i
        stops.append(Placement(problem.visits[i].id, timing.ready[k], timing.start[k], timing.depart[k],
                               int(dur[prev, node])))
        metres += float(dist[prev, node])
        prev = node
    end = net.destination[day]
    metres += float(dist[prev, end])
    return DayRoute(day, tuple(stops), timing.lunch_start, timing.end_arrive, int(dur[prev, end]),
                    metres if order else 0.0)


def _day_instance(problem: WeekProblem, net: _Net, day: int, order: Sequence[int]) -> DayInstance:
    """The day engine's numbers for ``order`` on ``day``: node k is ``order[k-1]``."""
    d = problem.days[day]
    keep = [net.origin[day], *(net.places + i for i in order), net.destination[day]]
    sub = np.ix_(keep, keep)
    windows = (((d.start, d.start),), *(_windows_on(problem.visits[i], day) for i in order), ((d.start, d.end),))
    rule = _lunch_rule(d)
    size = len(keep)
    return DayInstance(net.durations[sub], net.distances[sub], net.service[keep], windows, d.start, d.end,
                       None if rule is None else LunchRule(*rule), np.zeros(size, dtype=np.int64),
                       np.zeros(size, dtype=bool), True)


def _windows_on(visit: WeekVisit, day: int) -> StartWindows:
    """The visit's start windows on ``day`` (empty: it may not go that day)."""
    return tuple(sorted((a, b) for a, b in visit.windows.get(day, ()) if a <= b))


def _lunch_rule(d: WeekDay) -> tuple[int, int, int] | None:
    """(earliest start, latest start, duration), or None when the day has no lunch to plan."""
    if d.lunch is None or d.lunch.duration <= 0:
        return None
    earliest, latest_start = d.lunch.earliest, d.lunch.latest - d.lunch.duration
    first = max(d.start, earliest)
    if first > latest_start or first + d.lunch.duration > d.end:
        return None
    return earliest, latest_start, d.lunch.duration


def solve_week(problem: WeekProblem, *, time_limit: float = 10.0, search: WeekSearch = WeekSearch()) -> WeekResult:
    """Place and route the week's visits; see the module docstring for the objective.

    ``time_limit`` caps the search (seconds); it usually ends sooner, after
    its step budget or once no better week turns up.
    """
    began = _time.perf_counter()
    if not problem.days or not problem.visits:
        empty = tuple(DayRoute(k, (), None, d.start, 0, 0.0) for k, d in enumerate(problem.days))
        return WeekResult(empty, tuple(v.id for v in problem.visits), "empty", 0.0)
    net = build_net(problem)
    week = _Week(problem, net)
    routes = week.search(max(0.05, time_limit - (_time.perf_counter() - began)), search)
    routes = [_repair(problem, net, k, r) for k, r in enumerate(routes)]
    required = [i for i, v in enumerate(problem.visits) if v.required]
    routes = week.fill(week.fill(routes, required))
    placed = {i for r in routes for i in r}
    days = tuple(time_order(problem, net, k, r) for k, r in enumerate(routes))
    dropped = tuple(v.id for i, v in enumerate(problem.visits) if i not in placed)
    return WeekResult(days, dropped, "solved", _time.perf_counter() - began)  # type: ignore[arg-type]


def _repair(problem: WeekProblem, net: _Net, day: int, order: list[int]) -> list[int]:
    """Guard against a route the timing rules reject: drop the least important until it holds."""
    order = list(order)
    while order and time_order(problem, net, day, order) is None:
        worst = min(order, key=lambda i: (problem.visits[i].level, problem.visits[i].bonus))
        order.remove(worst)
    return order


def _penalties(problem: WeekProblem, net: _Net) -> list[int]:
    """Cost of leaving each visit out.

    An optional visit of a higher level outweighs any travel (so free time is filled), a
    required one outweighs all optional ones together (so no due visit
    makes way for them); among required ones each level is worth four times
    the one below, and the bonus ranks visits within a level.
    """
    base = int(net.durations.max(axis=1).sum()) + 1
    opt_levels = sorted({v.level for v in problem.visits if not v.required})
    req_levels = sorted({v.level for v in problem.visits if v.required})
    out = [0] * len(problem.visits)
    for i, v in enumerate(problem.visits):
        if not v.required:
            rank = opt_levels.index(v.level)
            # Within a level the bonus is worth at most ~16 minutes of travel: among equals,
            # the visits that fit the routes best are chosen.
            out[i] = base * (rank + 1) + min(max(v.bonus, 0), 999)
    floor = sum(out) + base
    ratio = 4
    while ratio > 1 and ratio ** len(req_levels) * 3 * floor * max(1, len(problem.visits)) >= 2**62:
        ratio -= 1  # many levels: keep the order, give up some of the margin
    for i, v in enumerate(problem.visits):
        if v.required:
            weight = ratio ** req_levels.index(v.level)
            out[i] = weight * (floor + floor * min(max(v.bonus, 0), 999) // 500)
    return out


def _soft_weights(visits: Sequence[WeekVisit], required_share: float) -> list[float]:
    """What leaving each visit out weighs early in the search, in ``optional_value`` units:
    an optional visit its level's rank (1, 2, …); a required one ``required_share`` times the
    highest optional rank plus one, four times more per level, up to three times more by its
    bonus (0: its whole penalty from the start)."""
    levels = sorted({v.level for v in visits if not v.required})
    required_levels = sorted({v.level for v in visits if v.required})
    out = []
    for v in visits:
        if not v.required:
            out.append(float(levels.index(v.level) + 1))
        elif required_share:
            bonus = 1 + min(max(v.bonus, 0), 999) / 500
            out.append(required_share * (len(levels) + 1) * 4 ** required_levels.index(v.level) * bonus)
        else:
            out.append(0.0)
    return out


class _Week:
    """The week as the searches see it: one ``DayFrame`` per day and each visit's allowed days."""

    def __init__(self, problem: WeekProblem, net: _Net) -> None:
        self.problem, self.net = problem, net
        p = net.places
        dur, service = net.durations.tolist(), net.service.tolist()
        self.frames = [DayFrame(dur, service, [()] * p + [_windows_on(v, k) for v in problem.visits],
                                net.origin[k], net.destination[k], d.start, d.end, _lunch_rule(d))
                       for k, d in enumerate(problem.days)]
        self.allowed = [[k for k, f in enumerate(self.frames) if f.windows[p + i]] for i in range(len(problem.visits))]
        self._slacks: dict[tuple[int, tuple[int, ...]], Slack] = {}

    def search(self, time_limit: float, search: WeekSearch) -> list[list[int]]:
        """Ruin and recreate from nothing: visit indices per day."""
        routable = sum(1 for a in self.allowed if a)
        steps = min(search.max_steps, max(search.min_steps, search.steps_per_visit * routable))
        return self.engine(search, steps, search.seed).run(None, time_limit).routes

    def engine(self, search: WeekSearch, steps: int, seed: int) -> RuinRecreate:
        """The ruin-and-recreate search of this week, ``steps`` steps long."""
        visits = self.problem.visits
        tiers = sorted({(v.required, v.level) for v in visits})
        settings = RuinSettings(mean_removed=search.mean_removed, max_string=search.max_string, blink=search.blink,
                                split=search.split, start_temperature=search.start_temperature,
                                end_temperature=search.end_temperature, steps=steps,
                                stale_steps=int(steps * search.stale_share), seed=seed,
                                soft_value=search.optional_value, full_from=search.full_from)
        return RuinRecreate(self.frames, self.net.places, self.allowed, _penalties(self.problem, self.net),
                            [v.delay for v in visits], [tiers.index((v.required, v.level)) for v in visits],
                            settings, _soft_weights(visits, search.soft_required))

    def slack(self, day: int, route: Sequence[int]) -> Slack:
        key = (day, tuple(route))
        found = self._slacks.get(key)
        if found is None:
            found = self._slacks[key] = Slack(self.frames[day], [self.net.places + i for i in route])
        return found

    def best_insertion(self, routes: Sequence[Sequence[int]], i: int,
                       days: Sequence[int] | None = None) -> tuple[int, list[int]] | None:
        """(day, new order) inserting visit ``i`` where it adds least cost and still fits."""
        node, delay = self.net.places + i, self.problem.visits[i].delay
        options = []
        for day in days if days is not None else self.allowed[i]:
            if not 0 <= day < len(self.frames) or not self.frames[day].windows[node]:
                continue
            slack = self.slack(day, routes[day])
            dur, path = self.frames[day].dur, slack.nodes
            for pos in range(len(path) - 1):
                a, b = path[pos], path[pos + 1]
                saved = dur[a][b] if len(path) > 2 else 0  # an empty day costs nothing
                options.append((dur[a][node] + dur[node][b] - saved + day * delay, day, pos, slack))
        for _, day, pos, slack in sorted(options, key=lambda o: o[:3]):
            if slack.fits(node, pos):
                return day, [*routes[day][:pos], i, *routes[day][pos:]]
        return None

    def fill(self, routes: list[list[int]], among: Sequence[int] | None = None) -> list[list[int]]:
        """Put back visits the search left out: where they fit at least extra cost,
        else in place of a less important visit (which is then put back elsewhere if it fits)."""
        visits = self.problem.visits
        routes = [list(r) for r in routes]
        placed = {i for r in routes for i in r}
        key = lambda i: (visits[i].level, visits[i].bonus)  # noqa: E731
        pool = range(len(visits)) if among is None else among
        waiting = sorted((i for i in pool if i not in placed and self.allowed[i]), key=key, reverse=True)
        for i in waiting:
            if i in placed:
                continue
            spot = self.best_insertion(routes, i)
            if spot is None:
                swap = self._swap_in(routes, i, key)
                if swap is None:
                    continue
                day, order, outs = swap
                routes[day] = order
                placed.add(i)
                for out in sorted(outs, key=key, reverse=True):
                    placed.discard(out)
                    again = self.best_insertion(routes, out)
                    if again is not None:
                        routes[again[0]] = again[1]
                        placed.add(out)
                continue
            routes[spot[0]] = spot[1]
            placed.add(i)
        return routes

    def _swap_in(self, routes: list[list[int]], i: int, key):
        """(day, new order, visits taken out) placing ``i`` instead of less important visits:
        one if that is enough, else (for a required visit) two of the six least important of a day."""
        visits = self.problem.visits
        mine = (visits[i].required, visits[i].level)
        best = None
        for size in (1, 2) if visits[i].required else (1,):
            for day in self.allowed[i]:
                lower = sorted((j for j in routes[day] if (visits[j].required, visits[j].level) < mine), key=key)
                for out in combinations(lower[:6] if size == 2 else lower, size):
                    rank = max(key(j) for j in out)
                    if best is not None and rank >= best[0]:
                        continue
                    rest = [x for x in routes[day] if x not in out]
                    trial = self.best_insertion([*routes[:day], rest, *routes[day + 1:]], i, [day])
                    if trial is not None:
                        best = (rank, day, trial[1], out)
            if best is not None:
                return best[1:]
        return None


def _best_insertion(problem: WeekProblem, net: _Net, routes: Sequence[Sequence[int]], i: int,
                    days: Sequence[int] | None = None) -> tuple[int, list[int]] | None:
    """(day, new order) inserting visit ``i`` where it adds least cost and still fits."""
    return _Week(problem, net).best_insertion(routes, i, days)
