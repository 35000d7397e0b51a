"""A day reduced to the numbers every route method works on.

Node 0 is the day's start, nodes 1..n are the stops in input order and node
n+1 is the day's end. Windows here are *start* windows (the visit begins
inside one), clipped to the day. These node numbers are the engine's own;
OR-Tools' indices stay inside ``solver.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rmtui.routing.model import DayProblem, TravelMatrix

#: The largest objective we let penalties reach, far below int64's limit
#: because OR-Tools adds penalties and costs together.
_PENALTY_CEILING = 2**55


@dataclass(frozen=True)
class LunchRule:
    """Lunch as the route methods see it: start in [earliest, latest_start], last ``duration``."""

    earliest: int
    latest_start: int
    duration: int


@dataclass(frozen=True, eq=False)
class DayInstance:
    """The numeric form of a ``DayProblem`` (see the module docstring for node numbers)."""

    durations: np.ndarray  # (n+2, n+2) int64 seconds
    distances: np.ndarray | None  # (n+2, n+2) metres
    service: np.ndarray  # (n+2,) int64 seconds, zero at start and end
    windows: tuple[tuple[tuple[int, int], ...], ...]  # per node, sorted start windows
    start_time: int
    end_latest: int
    lunch: LunchRule | None
    penalty: np.ndarray  # (n+2,) int64 cost of leaving each stop out
    required: np.ndarray  # (n+2,) bool
    lexicographic: bool  # True when penalties rank priorities strictly

    @property
    def n(self) -> int:
        """Number of stops."""
        return len(self.service) - 2

    @property
    def end(self) -> int:
        """The end node."""
        return len(self.service) - 1

    def travel(self, order) -> int:
        """Travel time of start → ``order`` → end, in seconds."""
        path = [0, *order, self.end]
        return int(self.durations[path[:-1], path[1:]].sum())

    def objective(self, order) -> int:
        """What every method minimises: penalties of the stops left out, plus travel."""
        left_out = int(self.penalty[1 : self.n + 1].sum()) - int(self.penalty[list(order)].sum())
        return left_out + self.travel(order)


def build_instance(problem: DayProblem, matrix: TravelMatrix) -> tuple[DayInstance, list[str]]:
    """Compile a validated problem and its travel matrix; also return notices."""
    notices: list[str] = []
    n = len(problem.stops)
    t0, t_end = problem.start.time, problem.end.latest
    durations = np.asarray(matrix.durations, dtype=np.int64)
    service = np.zeros(n + 2, dtype=np.int64)
    windows: list[tuple[tuple[int, int], ...]] = [((t0, t0),)]
    for k, stop in enumerate(problem.stops, start=1):
        service[k] = stop.service
        spans = stop.start_windows()
        if not stop.windows:
            spans_t = ((t0, t_end),)
        else:
            # Clip to the day: a visit can neither start before leaving nor after the day ends.
            clipped = sorted((max(w.open, t0), min(w.close, t_end)) for w in spans)
            spans_t = _merge([(a, b) for a, b in clipped if a <= b])
        windows.append(spans_t)
    windows.append(((t0, t_end),))

    lunch = None
    if problem.lunch is not None:
        rule = LunchRule(problem.lunch.earliest, problem.lunch.latest - problem.lunch.duration, problem.lunch.duration)
        first = max(t0, rule.earliest)
        if first <= rule.latest_start and first + rule.duration <= t_end:
            lunch = rule
        else:
            notices.append("the day does not overlap the lunch window enough for the break; no lunch is planned")

    penalty, lexicographic = _penalties(problem, durations)
    if not lexicographic:
        notices.append("too many priority levels to rank strictly; priorities are weighed instead")
    required = np.array([False] + [s.required for s in problem.stops] + [False])
    distances = None if matrix.distances is None else np.asarray(matrix.distances, dtype=np.float64)
    inst = DayInstance(durations, distances, service, tuple(windows), t0, t_end, lunch, penalty, required, lexicographic)
    return inst, notices


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted spans with overlapping ones joined (the solvers want them disjoint)."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def _penalties(problem: DayProblem, durations: np.ndarray) -> tuple[np.ndarray, bool]:
    """Costs of leaving stops out, so that the objective ranks, in order:
    required stops visited, then optional stops by priority (one stop of a
    higher priority outweighs every lower one together), then travel time.
    """
    n = len(problem.stops)
    # No route travels longer than every node's longest outgoing leg together.
    base = int(durations.max(axis=1).sum()) + 1 if n else 1
    optional = [s for s in problem.stops if not s.required]
    levels = sorted({s.priority for s in optional})
    counts = {p: sum(1 for s in optional if s.priority == p) for p in levels}
    weight: dict[int, int] = {}
    below = 0
    for p in levels:
        weight[p] = base + below
        below += counts[p] * weight[p]
    required_weight = base + below
    total = required_weight * (n + 1)
    lexicographic = total < _PENALTY_CEILING
    if not lexicographic:
        # Fall back to weights that still favour priority but cannot overflow.
        weight = {p: base * (rank + 1) for rank, p in enumerate(levels)}
        required_weight = base * (len(levels) + 1) * (n + 1)
    penalty = np.zeros(n + 2, dtype=np.int64)
    for k, stop in enumerate(problem.stops, start=1):
        penalty[k] = required_weight if stop.required else weight[stop.priority]
    return penalty, lexicographic


def restrict(inst: DayInstance, nodes: list[int]) -> DayInstance:
    """The same day with only the stop ``nodes`` (in that order) kept.

    Node k of the result is ``nodes[k-1]`` of ``inst``; start and end stay first and last.
    """
    keep = np.array([0, *nodes, inst.end])
    sub = np.ix_(keep, keep)
    return DayInstance(
        inst.durations[sub],
        None if inst.distances is None else inst.distances[sub],
        inst.service[keep],
        tuple(inst.windows[k] for k in keep),
        inst.start_time,
        inst.end_latest,
        inst.lunch,
        inst.penalty[keep],
        inst.required[keep],
        inst.lexicographic,
    )


#: Reversed times are measured back from this instant (two days, so they stay positive).
_MIRROR = 2 * 86400


def reverse(inst: DayInstance) -> DayInstance:
    """The same day run backwards in time: end first, start last.

    Feasible schedules map one to one (a visit at [s, s+service] becomes
    [M-s-service, M-s]; lunch and travel mirror likewise), so an order found
    for the reversed day, read backwards, is an order for the real one.
    Stop k stays node k; the start and end swap places.
    """
    n = inst.n
    perm = np.array([n + 1, *range(1, n + 1), 0])
    dur = inst.durations[np.ix_(perm, perm)].T
    dist = None if inst.distances is None else inst.distances[np.ix_(perm, perm)].T
    windows = [((_MIRROR - inst.end_latest, _MIRROR - inst.end_latest),)]
    for k in range(1, n + 1):
        svc = int(inst.service[k])
        windows.append(tuple((_MIRROR - b - svc, _MIRROR - a - svc) for a, b in reversed(inst.windows[k])))
    windows.append(((_MIRROR - inst.end_latest, _MIRROR - inst.start_time),))
    lunch = None
    if inst.lunch is not None:
        lu = inst.lunch
        lunch = LunchRule(_MIRROR - lu.latest_start - lu.duration, _MIRROR - lu.earliest - lu.duration, lu.duration)
    return DayInstance(
        np.ascontiguousarray(dur), dist, inst.service[perm], tuple(windows), _MIRROR - inst.end_latest,
        _MIRROR - inst.start_time, lunch, inst.penalty[perm], inst.required[perm], inst.lexicographic,
    )
