"""``solve_week``: a week's visits placed on its working days and routed.

One OR-Tools vehicle per working day. Time runs on one axis for the whole
week (day ``k`` occupies ``k × 86 400 … k × 86 400 + 86 399`` seconds), so a
visit whose opening hours differ by weekday is a single node whose time
domain is the union of its windows on the days it may go; its vehicle
variable is also limited to those days (``SetAllowedVehiclesForIndex`` has
no usable Python binding in OR-Tools 9.15, so ``VehicleVar().SetValues``). Each day has its own start, end (the caller has
already taken the reserved minutes off) and lunch break. Travel is a
precomputed integer matrix (``RegisterTransitMatrix``: no Python callback
runs during the search). Every visit is optional at a penalty that ranks
priority levels far above travel, so the objective reads: the most
important visits first, then as many as fit, then the least travel.

After the search every day is re-timed by :func:`time_order` (the same
lunch rule as the day engine's ``schedule.py``), visits left out are
inserted where they still fit, and an important visit left out may take
the place of a less important one. Customers that lie close together end up
on the same day because that is what costs least travel — there is no
clustering rule.
"""

from __future__ import annotations

import time as _time
from collections.abc import Mapping, Sequence
from itertools import combinations
from dataclasses import dataclass, field

import numpy as np

from rmtui.routing.matrix import great_circle_m
from rmtui.routing.model import Location, Lunch, Travel

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
    """How OR-Tools searches: first-solution strategy, metaheuristic, and the stopping rule
    (stop when the improvement rate over ``improvement_window`` solutions falls below
    ``improvement_rate`` of the best rate seen; 0 = run to the time limit)."""

    first_solution: str = "PARALLEL_CHEAPEST_INSERTION"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    improvement_rate: float = 0.0  # measured: stopping early costs 5–10 % travel on 300-customer books
    improvement_window: int = 100


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
    """Times for visit indices ``order`` on ``day``; None when the order cannot be kept.

    Visits start as early as their windows allow; lunch goes on the leg
    that gets the day back earliest (taken as early as it may start after
    leaving the previous point), as in the day engine's ``schedule.py``.
    """
    d = problem.days[day]
    lunch = _lunch_rule(d)
    dur, p = net.durations, net.places
    best_leg: int | None = None
    owing = d.start if lunch else None  # earliest departure with lunch still to take
    fed = None if lunch else d.start  # earliest departure with lunch behind
    fed_leg: int | None = None
    prev = net.origin[day]
    nodes = [p + i for i in order] + [net.destination[day]]
    for pos, node in enumerate(nodes):
        travel = int(dur[prev, node])
        cand = []
        if fed is not None:
            cand.append((fed + travel, fed_leg))
        if owing is not None and max(owing, lunch[0]) <= lunch[1]:
            cand.append((max(owing + travel, lunch[0]) + lunch[2], pos))
        last = pos == len(nodes) - 1
        if last:
            ok = [c for c in cand if c[0] <= d.end]
            if not ok:
                return None
            best_leg = min(ok, key=lambda c: c[0])[1]
            break
        windows = problem.visits[order[pos]].windows.get(day)
        if not windows:
            return None
        fed = fed_leg = None
        if cand:
            ready, leg = min(cand, key=lambda c: c[0])
            start = _start_in(windows, ready)
            if start is not None:
                fed, fed_leg = start + int(net.service[node]), leg
        if owing is not None:
            start = _start_in(windows, owing + travel)
            owing = None if start is None else start + int(net.service[node])
            if owing is not None and owing > lunch[1]:
                owing = None
        if fed is None and owing is None:
            return None
        prev = node
    return _replay(problem, net, day, order, best_leg)


def _replay(problem: WeekProblem, net: _Net, day: int, order: Sequence[int], leg: int | None) -> DayRoute:
    d = problem.days[day]
    lunch = _lunch_rule(d)
    dur, dist, p = net.durations, net.distances, net.places
    prev, depart, stops, metres, lunch_start = net.origin[day], d.start, [], 0.0, None
    for pos, i in enumerate(order):
        node = p + i
        travel = int(dur[prev, node])
        ready = depart + travel
        if leg == pos and lunch:
            lunch_start = max(depart, lunch[0])
            ready = max(ready, lunch[0]) + lunch[2]
        start = _start_in(problem.visits[i].windows[day], ready)
        stops.append(Placement(problem.visits[i].id, ready, start, start + int(net.service[node]), travel))
        metres += float(dist[prev, node])
        depart, prev = start + int(net.service[node]), node
    end = net.destination[day]
    ready = depart + int(dur[prev, end])
    if leg == len(order) and lunch:
        lunch_start = max(depart, lunch[0])
        ready = max(ready, lunch[0]) + lunch[2]
    metres += float(dist[prev, end])
    return DayRoute(day, tuple(stops), lunch_start, ready, int(dur[prev, end]), metres if order else 0.0)


def _lunch_rule(d: WeekDay) -> tuple[int, int, int] | None:
    """(earliest start, latest start, duration), or None when the day has no lunch to plan."""
    if d.lunch is None or d.lunch.duration <= 0:
        return None
    earliest, latest_start = d.lunch.earliest, d.lunch.latest - d.lunch.duration
    first = max(d.start, earliest)
    if first > latest_start or first + d.lunch.duration > d.end:
        return None
    return earliest, latest_start, d.lunch.duration


def _start_in(windows: StartWindows, ready: int) -> int | None:
    for open_, close in windows:
        if ready <= close:
            return max(ready, open_)
    return None


def solve_week(problem: WeekProblem, *, time_limit: float = 10.0, search: WeekSearch = WeekSearch()) -> WeekResult:
    """Place and route the week's visits; see the module docstring for the objective.

    One search over all visits first. If it leaves a required visit out, a
    second search over the required visits alone (nothing optional in their
    way) gets the rest of the time, optional visits are put back where they
    still fit, and the answer placing more required visits wins.
    """
    began = _time.perf_counter()
    if not problem.days or not problem.visits:
        empty = tuple(DayRoute(k, (), None, d.start, 0, 0.0) for k, d in enumerate(problem.days))
        return WeekResult(empty, tuple(v.id for v in problem.visits), "empty", 0.0)
    net = build_net(problem)
    required = [i for i, v in enumerate(problem.visits) if v.required]
    status = "solved"
    share = 0.7 if len(required) < len(problem.visits) else 1.0
    found = _search(problem, net, max(0.2, time_limit * share), search)
    if found is None:
        found, status = [[] for _ in problem.days], "fallback"
    routes = _fill(problem, net, [_repair(problem, net, k, r) for k, r in enumerate(found)], required)
    routes = _fill(problem, net, routes)
    if required and share < 1.0 and _missing(problem, routes, required):
        sub = WeekProblem(problem.days, tuple(problem.visits[i] for i in required), problem.travel, problem.overhead)
        left = max(0.2, time_limit - (_time.perf_counter() - began))
        alt = _search(sub, build_net(sub), left, search)
        if alt is not None:
            alt = [[required[i] for i in r] for r in alt]
            alt = _fill(problem, net, [_repair(problem, net, k, r) for k, r in enumerate(alt)], required)
            alt = _fill(problem, net, alt)
            if _missing(problem, alt, required) < _missing(problem, routes, required):
                routes = alt
    placed = {i for r in routes for i in r}
    days = tuple(time_order(problem, net, k, r) for k, r in enumerate(routes))
    dropped = tuple(v.id for i, v in enumerate(problem.visits) if i not in placed)
    return WeekResult(days, dropped, status, _time.perf_counter() - began)  # type: ignore[arg-type]


def _missing(problem: WeekProblem, routes: list[list[int]], required: Sequence[int]) -> tuple[int, ...]:
    """Required visits left out, counted per level from the highest (smaller is better)."""
    placed = {i for r in routes for i in r}
    levels = sorted({problem.visits[i].level for i in required}, reverse=True)
    return tuple(sum(1 for i in required if i not in placed and problem.visits[i].level == lv) for lv in levels)


def _repair(problem: WeekProblem, net: _Net, day: int, order: list[int]) -> list[int]:
    """Guard against a search answer the timing rules reject: drop the least important until it holds."""
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


def _search(problem: WeekProblem, net: _Net, time_limit: float, search: WeekSearch,
            hint: Sequence[Sequence[int]] | None = None) -> list[list[int]] | None:
    """OR-Tools: one vehicle per day on a week-long time axis; visit indices per day, or None.

    ``hint`` (visit indices per day) is the starting solution when OR-Tools accepts it.
    """
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    nv, p = len(problem.days), net.places
    manager = pywrapcp.RoutingIndexManager(len(net.service), nv, list(net.origin), list(net.destination))
    routing = pywrapcp.RoutingModel(manager)
    delay = np.zeros(len(net.service), dtype=np.int64)
    for i, v in enumerate(problem.visits):
        delay[p + i] = v.delay
    if delay.any():
        # Arcs into a visit cost its delay once per day it waits: urgent items go early in the week.
        for k in range(nv):
            cost = routing.RegisterTransitMatrix((net.durations + k * delay[None, :]).tolist())
            routing.SetArcCostEvaluatorOfVehicle(cost, k)
    else:
        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(net.durations.tolist()))
    transit = routing.RegisterTransitMatrix((net.durations + net.service[:, None]).tolist())
    horizon = nv * DAY
    routing.AddDimension(transit, horizon, horizon, False, "time")
    time_dim = routing.GetDimensionOrDie("time")
    solver = routing.solver()
    for k, d in enumerate(problem.days):
        time_dim.CumulVar(routing.Start(k)).SetRange(k * DAY + d.start, k * DAY + d.start)
        time_dim.CumulVar(routing.End(k)).SetRange(k * DAY + d.start, k * DAY + d.end)
    for i, (visit, penalty) in enumerate(zip(problem.visits, _penalties(problem, net))):
        index = manager.NodeToIndex(p + i)
        spans = sorted((k * DAY + a, k * DAY + b) for k, ws in visit.windows.items()
                       if 0 <= k < nv for a, b in ws if a <= b)
        if not spans:
            solver.Add(routing.ActiveVar(index) == 0)
        else:
            cumul = time_dim.CumulVar(index)
            cumul.SetRange(spans[0][0], spans[-1][1])
            for (_, close), (open_next, _) in zip(spans, spans[1:]):
                if open_next > close + 1:
                    cumul.RemoveInterval(close + 1, open_next - 1)
            # SetAllowedVehiclesForIndex has no usable binding in 9.15: restrict the vehicle variable.
            routing.VehicleVar(index).SetValues([-1, *sorted({k for k in visit.windows if 0 <= k < nv})])
        routing.AddDisjunction([index], int(penalty))
    visit_transit = [int(net.service[manager.IndexToNode(i)]) for i in range(routing.Size() + nv)]
    for k, d in enumerate(problem.days):
        rule = _lunch_rule(d)
        if rule is not None:
            first = max(rule[0], d.start)
            brk = solver.FixedDurationIntervalVar(k * DAY + first, k * DAY + rule[1], rule[2], False, f"lunch{k}")
            time_dim.SetBreakIntervalsOfVehicle([brk], k, visit_transit)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, search.first_solution)
    params.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, search.metaheuristic)
    params.time_limit.FromMilliseconds(int(time_limit * 1000))
    if search.improvement_rate > 0:
        params.improvement_limit_parameters.improvement_rate_coefficient = search.improvement_rate
        params.improvement_limit_parameters.improvement_rate_solutions_distance = search.improvement_window
    solution = None
    if hint is not None and any(hint):
        routing.CloseModelWithParameters(params)
        initial = routing.ReadAssignmentFromRoutes([[manager.NodeToIndex(p + i) for i in r] for r in hint], True)
        if initial is not None:
            solution = routing.SolveFromAssignmentWithParameters(initial, params)
    if solution is None:
        solution = routing.SolveWithParameters(params)
    if solution is None:
        return None
    routes = []
    for k in range(nv):
        route, index = [], solution.Value(routing.NextVar(routing.Start(k)))
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index) - p)
            index = solution.Value(routing.NextVar(index))
        routes.append(route)
    return routes


def _fill(problem: WeekProblem, net: _Net, routes: list[list[int]],
          among: Sequence[int] | None = None) -> list[list[int]]:
    """Put back visits the search left out: where they fit at least extra travel,
    else in place of a less important visit (which is then put back elsewhere if it fits)."""
    routes = [list(r) for r in routes]
    placed = {i for r in routes for i in r}
    key = lambda i: (problem.visits[i].level, problem.visits[i].bonus)  # noqa: E731
    pool = range(len(problem.visits)) if among is None else among
    waiting = sorted((i for i in pool if i not in placed), key=key, reverse=True)
    for i in waiting:
        if i in placed:
            continue
        spot = _best_insertion(problem, net, routes, i)
        if spot is None:
            spot = _swap_in(problem, net, routes, i, key)
            if spot is None:
                continue
            day, order, outs = spot
            routes[day] = order
            placed.add(i)
            for out in sorted(outs, key=key, reverse=True):
                placed.discard(out)
                again = _best_insertion(problem, net, routes, out)
                if again is not None:
                    routes[again[0]] = again[1]
                    placed.add(out)
            continue
        routes[spot[0]] = spot[1]
        placed.add(i)
    return routes


def _best_insertion(problem: WeekProblem, net: _Net, routes: list[list[int]], i: int,
                    days: Sequence[int] | None = None) -> tuple[int, list[int]] | None:
    """(day, new order) inserting visit ``i`` where it adds least travel and still fits."""
    dur, node = net.durations, net.places + i
    options = []
    for day in days if days is not None else problem.visits[i].windows:
        if not 0 <= day < len(problem.days) or not problem.visits[i].windows.get(day):
            continue
        path = [net.origin[day], *(net.places + j for j in routes[day]), net.destination[day]]
        for pos in range(len(path) - 1):
            a, b = path[pos], path[pos + 1]
            options.append((int(dur[a, node] + dur[node, b] - dur[a, b]), day, pos))
    for _, day, pos in sorted(options):
        trial = [*routes[day][:pos], i, *routes[day][pos:]]
        if time_order(problem, net, day, trial) is not None:
            return day, trial
    return None


def _swap_in(problem: WeekProblem, net: _Net, routes: list[list[int]], i: int, key):
    """(day, new order, visits taken out) placing ``i`` instead of less important visits:
    one if that is enough, else (for a required visit) two of the six least important of a day."""
    mine = (problem.visits[i].required, problem.visits[i].level)
    best = None
    for size in (1, 2) if problem.visits[i].required else (1,):
        for day in problem.visits[i].windows:
            if not 0 <= day < len(problem.days):
                continue
            lower = sorted((j for j in routes[day]
                            if (problem.visits[j].required, problem.visits[j].level) < mine), key=key)
            for out in combinations(lower[:6] if size == 2 else lower, size):
                rank = max(key(j) for j in out)
                if best is not None and rank >= best[0]:
                    continue
                rest = [x for x in routes[day] if x not in out]
                trial = _best_insertion(problem, net, [*routes[:day], rest, *routes[day + 1:]], i, [day])
                if trial is not None:
                    best = (rank, day, trial[1], out)
        if best is not None:
            return best[1:]
    return None
