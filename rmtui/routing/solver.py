"""Ordering a day with OR-Tools — the only module that imports it.

OR-Tools sees precomputed integer matrices (``RegisterTransitMatrix``: no
Python callback runs during the search, so the UI thread keeps the GIL),
a time dimension with the stops' windows, lunch as a break interval on the
vehicle, and one disjunction per stop whose penalty ranks what to drop.
Guided local search runs under a time limit and a stopping rule that ends it
once improvements dry up. Routing indices are mapped back to the engine's
node numbers before anything leaves this module.

``_RoutingBuild`` holds the building blocks (matrices, windows, breaks,
penalties, search) for any number of vehicles, so a week model (one vehicle
per day) is assembled from the same parts as the day model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from rmtui.routing.instance import DayInstance, LunchRule

_STATUS = routing_enums_pb2.RoutingSearchStatus
_FOUND = {_STATUS.ROUTING_SUCCESS, _STATUS.ROUTING_PARTIAL_SUCCESS_LOCAL_OPTIMUM_NOT_REACHED, _STATUS.ROUTING_OPTIMAL}


@dataclass(frozen=True)
class SearchSettings:
    """How hard OR-Tools searches.

    The search ends at ``time_limit`` seconds, or earlier when the stopping
    rule sees that improvement has dried up: the improvement rate over the
    last ``improvement_window`` solutions has fallen below
    ``improvement_rate`` times the best rate seen.
    """

    time_limit: float = 10.0
    first_solution: str = "PATH_CHEAPEST_ARC"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    improvement_rate: float = 0.05
    improvement_window: int = 50
    lambda_coefficient: float = 0.1
    extra_operators: tuple[str, ...] = ()


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
        """The routing index of a (non start/end) node."""
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
        """Lunch as a break on ``vehicle``: it never overlaps a visit and delays travel."""
        solver = self.routing.solver()
        earliest = max(lunch.earliest, start_time)  # not before leaving: schedule.py's rule
        brk = solver.FixedDurationIntervalVar(earliest, lunch.latest_start, lunch.duration, False, "lunch")
        visit = [int(service[self.manager.IndexToNode(i)]) for i in range(self.routing.Size() + self.routing.vehicles())]
        self.time.SetBreakIntervalsOfVehicle([brk], vehicle, visit)

    def add_disjunction(self, node: int, penalty: int) -> None:
        """``node`` may be left out at ``penalty``."""
        self.routing.AddDisjunction([self.index(node)], int(penalty))

    def solve(self, settings: SearchSettings, hint: Sequence[Sequence[int]] | None = None) -> list[list[int]] | None:
        """Routes (engine node lists without start/end) per vehicle, or None when nothing was found."""
        params = search_parameters(settings)
        assignment = None
        if hint:
            self.routing.CloseModelWithParameters(params)
            routes = [[self.index(n) for n in route] for route in hint]
            initial = self.routing.ReadAssignmentFromRoutes(routes, True)
            if initial is not None:
                assignment = self.routing.SolveFromAssignmentWithParameters(initial, params)
        if assignment is None:
            assignment = self.routing.SolveWithParameters(params)
        if self.routing.status() not in _FOUND or assignment is None:
            return None
        routes = []
        for v in range(self.routing.vehicles()):
            route, index = [], assignment.Value(self.routing.NextVar(self.routing.Start(v)))
            while not self.routing.IsEnd(index):
                route.append(self.manager.IndexToNode(index))
                index = assignment.Value(self.routing.NextVar(index))
            routes.append(route)
        return routes


def search_parameters(settings: SearchSettings):
    """OR-Tools search parameters: strategy, metaheuristic, time limit and stopping rule."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, settings.first_solution)
    params.local_search_metaheuristic = getattr(routing_enums_pb2.LocalSearchMetaheuristic, settings.metaheuristic)
    params.guided_local_search_lambda_coefficient = settings.lambda_coefficient
    params.time_limit.FromMilliseconds(max(1, int(settings.time_limit * 1000)))
    for name in settings.extra_operators:
        setattr(params.local_search_operators, name, optional_boolean_pb2.BOOL_TRUE)
    if settings.improvement_rate > 0:
        params.improvement_limit_parameters.improvement_rate_coefficient = settings.improvement_rate
        params.improvement_limit_parameters.improvement_rate_solutions_distance = settings.improvement_window
    return params


def solve_day_order(inst: DayInstance, settings: SearchSettings, hint: Sequence[int] | None = None) -> list[int] | None:
    """The best order of stop nodes OR-Tools finds for a day, or None."""
    build = _RoutingBuild(inst.n + 2, [0], [inst.end])
    build.set_arc_costs(inst.durations)
    build.add_time(inst.durations, inst.service, inst.end_latest)
    for node in range(1, inst.n + 1):
        if not inst.windows[node]:
            # No window inside the day: the stop cannot be visited at all.
            build.routing.solver().Add(build.routing.ActiveVar(build.index(node)) == 0)
        else:
            build.set_windows(node, inst.windows[node])
        # Every stop, required ones too, gets a disjunction: with all stops
        # forced in, first-solution heuristics often find nothing at all.
        build.add_disjunction(node, int(inst.penalty[node]))
    build.set_vehicle_day(0, inst.start_time, inst.end_latest)
    if inst.lunch is not None:
        build.add_lunch(0, inst.lunch, inst.start_time, inst.service)
    routes = build.solve(settings, [list(hint)] if hint is not None else None)
    return None if routes is None else routes[0]
