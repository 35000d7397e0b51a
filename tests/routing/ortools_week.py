"""An independent judge of the week solver: the week as one OR-Tools routing model.

One vehicle per working day on a week-long time line (day ``k`` runs from
``k * 86 400`` s); a visit may ride only the vehicles of its allowed days
(``VehicleVar().SetValues``) and start inside that day's windows; lunch is a
break interval per vehicle that may not cut a visit; leaving a visit out costs
its penalty (a disjunction). This is the model the week solver had before
ruin and recreate replaced it (measured on the bench books: OR-Tools' guided
local search from the ruin-and-recreate week found 0-0.7 % less travel in
2-14 s, and nothing at 600 customers within 30 s, so it is not in the app).

The tests use it two ways: OR-Tools must *accept* every week the solver
returns (its own reading of days, windows, lunch and travel), and on small
weeks its guided local search, started from the solver's week, must not find
a much cheaper one that our timing rules also keep (OR-Tools' lunch break is
laxer: it may overlap the way back).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from rmtui.routing.week import WeekProblem, _Net

DAY = 86_400


def improve_week(problem: WeekProblem, net: _Net, routes: Sequence[Sequence[int]], penalties: Sequence[int],
                 lunch_rules: Sequence[tuple[int, int, int] | None], time_limit: float,
                 solutions: int = 0) -> list[list[int]] | None:
    """Guided local search from ``routes`` (visit indices per day); the best routes found,
    or None when OR-Tools does not accept the start (then the caller keeps its own).

    ``solutions`` > 0 also stops after that many solutions (a budget that does not
    depend on the machine's speed).
    """
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    nv, p = len(problem.days), net.places
    manager = pywrapcp.RoutingIndexManager(len(net.service), nv, list(net.origin), list(net.destination))
    routing = pywrapcp.RoutingModel(manager)
    durations = net.durations.astype(np.int64)
    delay = np.zeros(len(net.service), dtype=np.int64)
    for i, v in enumerate(problem.visits):
        delay[p + i] = v.delay
    if delay.any():
        # Arcs into a visit cost its delay once per day it waits: urgent items go early in the week.
        for k in range(nv):
            cost = routing.RegisterTransitMatrix((durations + k * delay[None, :]).tolist())
            routing.SetArcCostEvaluatorOfVehicle(cost, k)
    else:
        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(durations.tolist()))
    transit = routing.RegisterTransitMatrix((durations + net.service[:, None]).tolist())
    horizon = nv * DAY
    routing.AddDimension(transit, horizon, horizon, False, "time")
    time_dim = routing.GetDimensionOrDie("time")
    solver = routing.solver()
    for k, d in enumerate(problem.days):
        time_dim.CumulVar(routing.Start(k)).SetRange(k * DAY + d.start, k * DAY + d.end)
        time_dim.CumulVar(routing.End(k)).SetRange(k * DAY + d.start, k * DAY + d.end)
    for i, (visit, penalty) in enumerate(zip(problem.visits, penalties)):
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
            routing.VehicleVar(index).SetValues([-1, *sorted({k for k, ws in visit.windows.items()
                                                             if 0 <= k < nv and ws})])
        routing.AddDisjunction([index], int(penalty))
    visit_transit = [int(net.service[manager.IndexToNode(i)]) for i in range(routing.Size() + nv)]
    for k, rule in enumerate(lunch_rules):
        if rule is not None:
            earliest, latest_start, length = rule
            first = max(earliest, problem.days[k].start)
            brk = solver.FixedDurationIntervalVar(k * DAY + first, k * DAY + latest_start, length, False, f"lunch{k}")
            time_dim.SetBreakIntervalsOfVehicle([brk], k, visit_transit)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(1, int(time_limit * 1000)))
    if solutions > 0:
        params.solution_limit = solutions
    routing.CloseModelWithParameters(params)
    start = routing.ReadAssignmentFromRoutes([[manager.NodeToIndex(p + i) for i in r] for r in routes], True)
    if start is None:
        return None
    found = routing.SolveFromAssignmentWithParameters(start, params)
    if found is None:
        return None
    out = []
    for k in range(nv):
        route, index = [], found.Value(routing.NextVar(routing.Start(k)))
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index) - p)
            index = found.Value(routing.NextVar(index))
        out.append(route)
    return out
