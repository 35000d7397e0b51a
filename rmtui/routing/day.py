"""``solve_day``: one day's stops in, an ordered and timed route out.

The steps: check the day, get travel times, set aside stops that cannot be
visited even alone, order the rest (proven best by dynamic programming for
up to 12 stops; beam search and an OR-Tools polish for larger days), time
the order with ``schedule`` and explain every stop left out.
"""

from __future__ import annotations

import time as _time
from collections.abc import Sequence

import numpy as np

from rmtui.routing import explain
from rmtui.routing.exact import MAX_EXACT_STOPS, solve_beam, solve_exact
from rmtui.routing.instance import DayInstance, build_instance, restrict, reverse
from rmtui.routing.matrix import GreatCircleProvider, TravelMatrixProvider, TravelServiceError, great_circle_m
from rmtui.routing.model import (
    DayProblem,
    DroppedStop,
    LunchBreak,
    RoutedStop,
    RouteResult,
    TravelMatrix,
    Window,
)
from rmtui.routing.schedule import Timing, time_route
from rmtui.routing.validate import validate_problem

DEFAULT_TIME_LIMIT = 10.0


def solve_day(
    problem: DayProblem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    matrix_provider: TravelMatrixProvider | None = None,
) -> RouteResult:
    """Order one day's visits: least travel, required stops in, the rest by priority.

    ``matrix_provider`` supplies travel times when the problem carries no
    matrix (e.g. an ``OsrmTableProvider``); if it fails, straight-line
    estimates are used and a notice says so. ``time_limit`` caps the search
    (seconds); it usually stops well before. Raises ``InputError`` for bad input.
    """
    began = _time.perf_counter()
    validate_problem(problem)
    matrix, notices = travel_matrix(problem, matrix_provider)
    inst, more = build_instance(problem, matrix)
    notices += more

    reachable = [k for k in range(1, inst.n + 1) if time_route(inst, [k]) is not None]
    sub = restrict(inst, reachable)
    if sub.n <= MAX_EXACT_STOPS:
        method, proven = "exact", True
        found = solve_exact(sub)
    else:
        method, proven = "beam", False
        found = _search(sub, time_limit - (_time.perf_counter() - began))
    order = [reachable[k - 1] for k in found]
    timing = time_route(inst, order)
    if timing is None:  # pragma: no cover - every method is checked against schedule.py
        raise AssertionError(f"internal error: the {method} route does not keep its times")

    in_route = set(order)
    dropped = []
    for k in range(1, inst.n + 1):
        if k in in_route:
            continue
        if k in reachable:
            why = explain.explain_dropped(problem, inst, order, timing, k)
        else:
            why = explain.explain_unreachable(problem, inst, k)
        dropped.append(DroppedStop(problem.stops[k - 1], why.text, why))
    missing = [d for d in dropped if d.stop.required]
    status = "infeasible" if missing else ("optimal" if proven else "feasible")
    reason = None
    if missing:
        reason = "; ".join(f"required stop {d.stop.id} cannot be visited: {d.reason}" for d in missing)
    return _result(problem, inst, timing, status, method, dropped, notices, reason, _time.perf_counter() - began)


def beam_width(n: int) -> int:
    """How many partial routes the beam keeps per size for a day of ``n`` reachable stops.

    Work per step grows with width × stops. Measured on the bench days
    (bench/route_bench.py), 6000 in each direction matched the best peer on
    every day of 40 and 80 stops; narrower missed some, wider only cost time.
    """
    return 10000 if n <= 24 else 6000


#: Days with at least this many reachable stops also get an OR-Tools polish.
POLISH_FROM = 30


def _search(inst: DayInstance, time_left: float) -> list[int]:
    """A crowded day: beams forwards and backwards in time, OR-Tools to polish, gaps filled.

    Going forwards, a beam favours partial routes that are free early and
    have travelled little, which can discard a route that waits now to gain
    later; backwards in time the same route looks different, so the better
    of the two is far more reliable than either. Guided local search from
    that route then tries to shorten it (on the bench it improved one day in
    sixty: it is kept for large days, where the beams see least, and bounded
    by a stopping rule).
    """
    width = beam_width(inst.n)
    if time_left < 1.0:  # a tight time limit narrows the beams (they take about 0.5 s at 80 stops)
        width = max(500, int(width * max(time_left, 0.0)))
    forward = solve_beam(inst, width)
    backward = solve_beam(reverse(inst), width)[::-1]
    best = min(forward, backward, key=inst.objective)
    if inst.n >= POLISH_FROM and time_left > 0.05:
        from rmtui.routing.solver import SearchSettings, solve_day_order

        polished = solve_day_order(inst, SearchSettings(time_limit=time_left, stale_solutions=100), hint=best)
        if polished is not None and time_route(inst, polished) is not None:
            best = min(best, polished, key=inst.objective)
    return fill_in(inst, best, [k for k in range(1, inst.n + 1) if k not in best])


def fill_in(inst: DayInstance, order: Sequence[int], candidates: Sequence[int]) -> list[int]:
    """Insert left-out stops that still fit, most important first, where they add least travel.

    A heuristic search can miss a stop that fits; leaving it out would break
    the promise that optional stops are dropped only when they do not fit.
    """
    order = list(order)
    dur = inst.durations
    for node in sorted(candidates, key=lambda k: -int(inst.penalty[k])):
        best = None
        path = [0, *order, inst.end]
        for pos in range(len(order) + 1):
            a, b = path[pos], path[pos + 1]
            extra = int(dur[a, node] + dur[node, b] - dur[a, b])
            if best is not None and extra >= best[0]:
                continue
            trial = [*order[:pos], node, *order[pos:]]
            if time_route(inst, trial) is not None:
                best = (extra, trial)
        if best is not None:
            order = best[1]
    return order


def travel_matrix(problem: DayProblem, provider: TravelMatrixProvider | None) -> tuple[TravelMatrix, list[str]]:
    """The matrix given in the problem, else the provider's, else straight-line estimates."""
    points = [problem.start.location, *(s.location for s in problem.stops), problem.end.location]
    if problem.matrix is not None:
        matrix = problem.matrix
        durations = np.rint(np.asarray(matrix.durations, dtype=np.float64)).astype(np.int64)
        distances = matrix.distances
        if distances is None and all(p is not None for p in points):
            distances = great_circle_m(points) * problem.travel.circuity
        return TravelMatrix(durations, None if distances is None else np.asarray(distances, dtype=np.float64)), []
    notices: list[str] = []
    if provider is not None:
        try:
            return provider.matrix(points, problem.travel), notices
        except TravelServiceError as exc:
            notices.append(f"{exc}; travel times are straight-line estimates instead")
    return GreatCircleProvider().matrix(points, problem.travel), notices


def _result(problem, inst, timing: Timing, status, method, dropped, notices, reason, seconds) -> RouteResult:
    dist = inst.distances
    routed = []
    prev = 0
    for k, node in enumerate(timing.order):
        stop = problem.stops[node - 1]
        window = inst.windows[node][timing.window[k]]
        # Report the customer's own window (not the start window derived from it).
        shown = next((w for w in stop.windows if w.open <= timing.start[k] <= w.close), None)
        routed.append(
            RoutedStop(
                stop, timing.ready[k], timing.start[k] - timing.ready[k], timing.start[k], timing.depart[k],
                int(inst.durations[prev, node]), None if dist is None else float(dist[prev, node]),
                shown or (Window(*window) if stop.windows else None),
            )
        )
        prev = node
    lunch = None
    if timing.lunch_leg is not None and inst.lunch is not None:
        leg = timing.lunch_leg
        after = problem.stops[timing.order[leg - 1] - 1].id if leg > 0 else None
        before = problem.stops[timing.order[leg] - 1].id if leg < len(timing.order) else None
        lunch = LunchBreak(timing.lunch_start, timing.lunch_start + inst.lunch.duration, after, before)
    return RouteResult(
        status=status, solve_seconds=seconds, method=method, depart=inst.start_time, route=tuple(routed),
        lunch=lunch, end_arrive=timing.end_arrive, end_travel=int(inst.durations[prev, inst.end]),
        end_distance_m=None if dist is None else float(dist[prev, inst.end]),
        dropped=tuple(dropped), notices=tuple(notices), reason=reason,
    )
