"""OR-Tools for the routing engine — the only module that imports it.

OR-Tools sees precomputed integer matrices (``RegisterTransitMatrix``: no
Python callback runs per arc, so the UI thread keeps the GIL), a time
dimension with the stops' windows, lunch as a break interval on the vehicle,
and one disjunction per stop whose penalty ranks what to drop. Guided local
search runs under a time limit *and* a stopping rule: it ends once
``stale_solutions`` solutions in a row have not improved the best one
(GLS never stops by itself). Routing indices are mapped back to the
engine's node numbers before anything leaves this module.

``_RoutingBuild`` holds the building blocks (matrices, windows, breaks,
penalties, search) for any number of vehicles. The week (``week.py``) does
not use OR-Tools: its ruin-and-recreate search placed more of the important
visits with less travel on the bench books.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from rmtui.routing.instance import DayInstance, LunchRule

_STATUS = routing_enums_pb2.RoutingSearchStatus
_FOUND = {_STATUS.ROUTING_SUCCESS, _STATUS.ROUTING_PARTIAL_SUCCESS_LOCAL_OPTIMUM_NOT_REACHED, _STATUS.ROUTING_OPTIMAL}


@dataclass(frozen=True)
class SearchSettings:
    """How hard OR-Tools searches: at most ``time_limit`` seconds, and no
    longer than ``stale_solutions`` solutions without a better one."""

    time_limit: float = 10.0
    stale_solutions: int = 200
    first_solution: str = "PATH_CHEAPEST_ARC"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    # Measured on crowded field days: 0.1 (the default) leaves GLS stuck
    # among bad selections of stops; 1.0 matched the best peer more often.
    lambda_coefficient: float = 1.0


class _RoutingBuild:
    """An OR-Tools routing model assembled from the engine's numbers.

    Nodes are the engine's node numbers; ``starts``/``ends`` give each
    vehicle's start and end node.
    """

    def __init__(self, num_nodes: int, starts: Sequence[int], ends: Sequence[int]) -> None:
        self.manager = pywrapcp.RoutingIndexManager(num_nodes, len(starts), list(starts), list(ends))
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.time: pywrapcp.RoutingDimension | None = None

    def index(self, node: int) -> int:
        """The routing index of a stop node (start and end nodes use ``Start``/``End``)."""
        return self.manager.NodeToIndex(node)

    def set_arc_costs(self, travel: np.ndarray) -> None:
        """Travel time is the cost to minimise."""
        cost = self.routing.RegisterTransitMatrix(travel.astype(np.int64).tolist())
        self.routing.SetArcCostEvaluatorOfAllVehicles(cost)

    def add_time(self, travel: np.ndarray, service: np.ndarray, horizon: int) -> None:
        """A time dimension: leaving a node takes its service time plus travel."""
        transit = (travel + service[:, None]).astype(np.int64).tolist()
        callback = self.routing.RegisterTransitMatrix(transit)
        self.routing.AddDimension(callback, horizon, horizon, False, "time")
        self.time = self.routing.GetDimensionOrDie("time")

    def set_windows(self, node: int, windows: Sequence[tuple[int, int]]) -> None:
        """The visit at ``node`` starts inside one of ``windows`` (sorted, disjoint)."""
        cumul = self.time.CumulVar(self.index(node))
        cumul.SetRange(windows[0][0], windows[-1][1])
        for (_, close), (open_next, _) in zip(windows, windows[1:]):
            if open_next > close + 1:
                cumul.RemoveInterval(close + 1, open_next - 1)

    def set_vehicle_day(self, vehicle: int, start_time: int, end_latest: int) -> None:
        """The vehicle leaves at ``start_time`` and must be back by ``end_latest``."""
        self.time.CumulVar(self.routing.Start(vehicle)).SetRange(start_time, start_time)
        self.time.CumulVar(self.routing.End(vehicle)).SetRange(start_time, end_latest)

    def add_lunch(self, vehicle: int, lunch: LunchRule, start_time: int, service: np.ndarray) -> None:
        """Lunch as a break on ``vehicle``: never during a visit; it delays the travel it interrupts."""
        solver = self.routing.solver()
        # Not before leaving, as in schedule.py (OR-Tools would allow a break before the start).
        earliest = max(lunch.earliest, start_time)
        brk = solver.FixedDurationIntervalVar(earliest, lunch.latest_start, lunch.duration, False, "lunch")
        size = self.routing.Size() + self.routing.vehicles()
        visit = [int(service[self.manager.IndexToNode(i)]) for i in range(size)]
        self.time.SetBreakIntervalsOfVehicle([brk], vehicle, visit)

    def add_disjunction(self, node: int, penalty: int) -> None:
        """``node`` may be left out at ``penalty``."""
        self.routing.AddDisjunction([self.index(node)], int(penalty))

    def solve(self, settings: SearchSettings, hint: Sequence[Sequence[int]] | None = None) -> list[list[int]] | None:
        """Routes (engine stop nodes, start/end left out) per vehicle, or None when nothing was found."""
        params = search_parameters(settings)
        stop = _StopWhenStale(self.routing, settings.stale_solutions)
        self.routing.AddAtSolutionCallback(stop)
        assignment = None
        if hint is not None:
            self.routing.CloseModelWithParameters(params)
            routes = [[self.index(n) for n in route] for route in hint]
            initial = self.routing.ReadAssignmentFromRoutes(routes, True)
            if initial is not None:
                assignment = self.routing.SolveFromAssignmentWithParameters(initial, params)
        if assignment is None:
            assignment = self.routing.SolveWithParameters(params)
        if assignment is None or self.routing.status() not in _FOUND:
            return None
        routes = []
        for v in range(self.routing.vehicles()):
            route, index = [], assignment.Value(self.routing.NextVar(self.routing.Start(v)))
            while not self.routing.IsEnd(index):
                route.append(self.manager.IndexToNode(index))
                index = assignment.Value(self.routing.NextVar(index))
            routes.append(route)
        return routes


class _StopWhenStale:
    """The stopping rule: finish the search after ``patience`` solutions in a
    row without a better objective. Called once per solution (not per arc),
    so it costs little; counting solutions rather than seconds keeps the
    result the same on a busy machine."""

    def __init__(self, routing: pywrapcp.RoutingModel, patience: int) -> None:
        self.routing, self.patience = routing, patience
        self.best: int | None = None
        self.stale = 0

    def __call__(self) -> None:
        value = self.routing.CostVar().Value()
        if self.best is None or value < self.best:
            self.best, self.stale = value, 0
            return
        self.stale += 1
        if self.stale >= self.patience:
            self.routing.solver().FinishCurrentSearch()


def search_parameters(settings: SearchSettings):
    """OR-Tools search parameters: strategy, metaheuristic and the time limit."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, settings.first_solution)
    params.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, settings.metaheuristic)
    params.guided_local_search_lambda_coefficient = settings.lambda_coefficient
    params.time_limit.FromMilliseconds(max(1, int(settings.time_limit * 1000)))
    return params


def build_day(inst: DayInstance) -> _RoutingBuild:
    """The OR-Tools model of one day (one vehicle)."""
    build = _RoutingBuild(inst.n + 2, [0], [inst.end])
    build.set_arc_costs(inst.durations)
    build.add_time(inst.durations, inst.service, inst.end_latest)
    for node in range(1, inst.n + 1):
        build.set_windows(node, inst.windows[node])
        # Every stop, required ones too, gets a disjunction: with all stops
        # forced in, first-solution heuristics often find nothing at all.
        build.add_disjunction(node, int(inst.penalty[node]))
    build.set_vehicle_day(0, inst.start_time, inst.end_latest)
    if inst.lunch is not None:
        build.add_lunch(0, inst.lunch, inst.start_time, inst.service)
    return build


def solve_day_order(inst: DayInstance, settings: SearchSettings, hint: Sequence[int] | None = None) -> list[int] | None:
    """The best order of stop nodes OR-Tools finds for a day (from ``hint`` if given), or None.

    Every stop of ``inst`` must have at least one window.
    """
    routes = build_day(inst).solve(settings, [list(hint)] if hint is not None else None)
    return None if routes is None else routes[0]
