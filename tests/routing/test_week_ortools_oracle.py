"""The week solver judged by OR-Tools' own model of the week (``ortools_week.py``)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from rmtui.routing.week import (
    WeekProblem,
    WeekResult,
    _lunch_rule,
    _penalties,
    build_net,
    solve_week,
    time_order,
)

from ortools_week import improve_week
from week_strategies import weeks

JUDGED = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _routes(problem: WeekProblem, result: WeekResult) -> list[list[int]]:
    index = {v.id: i for i, v in enumerate(problem.visits)}
    return [[index[s.visit_id] for s in day.stops] for day in result.days]


def _cost(problem: WeekProblem, net, routes: list[list[int]]) -> int:
    """Travel plus the penalty of every visit left out: what both searches minimise."""
    penalties = _penalties(problem, net)
    placed = {i for r in routes for i in r}
    travel = 0
    for k, route in enumerate(routes):
        if route:
            nodes = [net.origin[k], *(net.places + i for i in route), net.destination[k]]
            travel += sum(int(net.durations[a, b]) for a, b in zip(nodes, nodes[1:]))
    return travel + sum(p for i, p in enumerate(penalties) if i not in placed)


def _judge(problem: WeekProblem, routes: list[list[int]], solutions: int):
    net = build_net(problem)
    return net, improve_week(problem, net, routes, _penalties(problem, net),
                             [_lunch_rule(d) for d in problem.days], time_limit=30, solutions=solutions)


@JUDGED
@given(weeks(min_visits=1, max_visits=30))
def test_ortools_accepts_every_week_the_solver_returns(problem):
    result = solve_week(problem, time_limit=5)
    routes = _routes(problem, result)
    _, judged = _judge(problem, routes, solutions=1)
    assert judged is not None, f"OR-Tools rejects the week {routes}"


def test_ortools_rejects_a_visit_on_a_day_it_may_not_go():
    """The judge is not blind: the same visit moved to a forbidden day is refused."""
    from week_strategies import OFFICE
    from rmtui.routing.model import Location
    from rmtui.routing.week import WeekDay, WeekVisit

    days = (WeekDay(8 * 3600, 18 * 3600, OFFICE, OFFICE), WeekDay(8 * 3600, 18 * 3600, OFFICE, OFFICE))
    visit = WeekVisit("a", Location(32.05, 118.79), 1200, {0: ((9 * 3600, 17 * 3600),)}, required=True)
    problem = WeekProblem(days, (visit,))
    assert _judge(problem, [[0], []], solutions=1)[1] is not None
    assert _judge(problem, [[], [0]], solutions=1)[1] is None


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(min_visits=6, max_visits=18, max_days=3))
def test_guided_local_search_finds_no_much_cheaper_week(problem):
    result = solve_week(problem, time_limit=5)
    routes = _routes(problem, result)
    net, better = _judge(problem, routes, solutions=300)
    assert better is not None
    # OR-Tools is laxer about lunch (a break may overlap the way back, even the day's end): a week
    # it finds counts against ours only when our own timing rules can keep it.
    if all(time_order(problem, net, k, r) is not None for k, r in enumerate(better)):
        assert _cost(problem, net, better) >= _cost(problem, net, routes) * 0.98, (routes, better)
