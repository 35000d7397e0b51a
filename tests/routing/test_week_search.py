"""Properties of every week ``solve_week`` returns, on random weeks, and a few fixed ones."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from rmtui.routing.model import Location, Lunch, Travel
from rmtui.routing.week import (
    WeekDay,
    WeekProblem,
    WeekSearch,
    WeekVisit,
    _best_insertion,
    build_net,
    solve_week,
)

from week_strategies import OFFICE, weeks

H = 3600
QUICK = WeekSearch(steps_per_visit=60, min_steps=200)
WEEKS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_week(problem: WeekProblem, result) -> None:
    """Allowed days, windows, travel between stops, lunch and the day's end; each visit once."""
    net = build_net(problem)
    index = {v.id: i for i, v in enumerate(problem.visits)}
    seen: list[str] = []
    for route in result.days:
        day = problem.days[route.day]
        prev, depart = net.origin[route.day], day.start
        for stop in route.stops:
            i = index[stop.visit_id]
            seen.append(stop.visit_id)
            windows = problem.visits[i].windows.get(route.day)
            assert windows, f"{stop.visit_id} on day {route.day}, which it may not go on"
            assert any(a <= stop.start <= b for a, b in windows), f"{stop.visit_id} starts outside its windows"
            assert stop.arrive >= depart + int(net.durations[prev, net.places + i]), "faster than travel allows"
            assert stop.start >= stop.arrive and stop.depart == stop.start + problem.visits[i].service
            prev, depart = net.places + i, stop.depart
        assert route.end_arrive >= depart + int(net.durations[prev, net.destination[route.day]])
        assert route.end_arrive <= day.end, f"day {route.day} ends at {route.end_arrive}, after {day.end}"
        if route.lunch_start is not None:
            lunch = day.lunch
            assert lunch.earliest <= route.lunch_start <= lunch.latest - lunch.duration
            # Never during a visit.
            assert all(not (s.start < route.lunch_start + lunch.duration and route.lunch_start < s.depart)
                       for s in route.stops)
    assert len(seen) == len(set(seen)), "a visit placed twice"
    assert set(seen).isdisjoint(result.dropped) and set(seen) | set(result.dropped) == set(index)


@WEEKS
@given(weeks(max_visits=40))
def test_every_week_keeps_days_windows_travel_lunch_and_hours(problem):
    _check_week(problem, solve_week(problem, time_limit=2.0, search=QUICK))


@WEEKS
@given(weeks(min_visits=10, max_visits=45, max_days=3))
def test_nothing_left_out_fits_and_no_required_visit_gives_way_to_a_lesser_one(problem):
    result = solve_week(problem, time_limit=2.0, search=QUICK)
    net = build_net(problem)
    index = {v.id: i for i, v in enumerate(problem.visits)}
    routes = [[index[s.visit_id] for s in d.stops] for d in result.days]
    for vid in result.dropped:
        i = index[vid]
        assert _best_insertion(problem, net, routes, i) is None, f"{vid} fits but was left out"
        visit = problem.visits[i]
        if not visit.required:
            continue
        # Taking out any one less important visit of a day it may go on still leaves no room.
        for day in visit.windows:
            for j in routes[day]:
                other = problem.visits[j]
                if (other.required, other.level) < (visit.required, visit.level):
                    rest = [x for x in routes[day] if x != j]
                    swapped = [*routes[:day], rest, *routes[day + 1:]]
                    assert _best_insertion(problem, net, swapped, i, [day]) is None, f"{vid} could replace {other.id}"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(min_visits=5, max_visits=25))
def test_same_week_same_answer(problem):
    """With time to spare the search depends on its seed only (steps, not seconds, cool it)."""
    first = solve_week(problem, time_limit=30.0, search=QUICK)
    again = solve_week(problem, time_limit=30.0, search=QUICK)
    assert [[s.visit_id for s in d.stops] for d in first.days] == [[s.visit_id for s in d.stops] for d in again.days]


def _visit(name: str, km_east: float, days: dict[int, tuple[tuple[int, int], ...]], **kw) -> WeekVisit:
    loc = Location(OFFICE.lat, OFFICE.lon + km_east / 94.3)
    return WeekVisit(name, loc, kw.pop("service", 30 * 60), days, **kw)


ALL_DAY = ((8 * H, 17 * H),)


def test_neighbours_share_a_day_and_a_due_visit_goes_by_its_day():
    """Two clusters, east and west, each a day's work, two days: each day drives to one cluster.
    The west visit due on day 0 pulls its cluster to day 0."""
    days = tuple(WeekDay(8 * H, 17 * H, OFFICE, OFFICE, Lunch(11 * H + 1800, 13 * H + 1800, 45 * 60)) for _ in range(2))
    both = {0: ALL_DAY, 1: ALL_DAY}
    visits = [_visit(f"e{k}", 6 + 0.3 * k, both, service=90 * 60) for k in range(4)]
    visits += [_visit(f"w{k}", -6 - 0.3 * k, both, service=90 * 60) for k in range(3)]
    visits.append(_visit("w-due", -6.5, {0: ALL_DAY}, required=True, level=5, service=90 * 60))
    problem = WeekProblem(days, tuple(visits), Travel("drive", 25, 1.35), 180)
    result = solve_week(problem, time_limit=5.0)
    _check_week(problem, result)
    on = {s.visit_id: d.day for d in result.days for s in d.stops}
    assert not result.dropped
    assert on["w-due"] == 0
    assert {on[f"w{k}"] for k in range(3)} == {0} and {on[f"e{k}"] for k in range(4)} == {1}


def test_overflow_keeps_the_most_important_visits():
    """One short day, room for about three: the required visits of the highest level stay."""
    days = (WeekDay(9 * H, 11 * H, OFFICE, OFFICE),)
    visits = [_visit(f"low{k}", 1 + 0.1 * k, {0: ALL_DAY}, required=True, level=1) for k in range(3)]
    visits += [_visit(f"top{k}", 2 + 0.1 * k, {0: ALL_DAY}, required=True, level=3) for k in range(2)]
    visits += [_visit(f"opt{k}", 0.5 + 0.1 * k, {0: ALL_DAY}, level=9) for k in range(3)]
    problem = WeekProblem(days, tuple(visits), Travel("drive", 25, 1.35), 180)
    result = solve_week(problem, time_limit=5.0)
    _check_week(problem, result)
    placed = {s.visit_id for d in result.days for s in d.stops}
    assert {"top0", "top1"} <= placed
    assert not placed & {"opt0", "opt1", "opt2"} or placed >= {"low0", "low1", "low2"}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(min_visits=2, max_visits=5, max_days=2, radius=12000))
def test_small_weeks_are_solved_to_the_best(problem):
    """Against every way of sharing the visits out among the days, each day's set tried in
    every order: the week found is as good as the best (visits left out by importance, then
    travel and days waited), so every due visit that can be placed is, before any lesser one."""
    from itertools import permutations, product

    from rmtui.routing.week import _penalties, time_order

    net = build_net(problem)
    penalty = _penalties(problem, net)
    n, days = len(problem.visits), len(problem.days)
    best_day: dict[tuple[int, frozenset[int]], float] = {}

    def day_cost(day: int, group: frozenset[int]) -> float:
        """Least travel plus waiting cost of the group on the day (infinite if it cannot hold)."""
        if (day, group) not in best_day:
            costs = [_cost(problem, net, day, list(order)) for order in permutations(group)
                     if time_order(problem, net, day, list(order)) is not None]
            best_day[day, group] = min(costs, default=float("inf"))
        return best_day[day, group]

    best = float("inf")
    for share in product(range(-1, days), repeat=n):
        groups = [frozenset(i for i in range(n) if share[i] == k) for k in range(days)]
        total = sum(day_cost(k, g) for k, g in enumerate(groups))
        best = min(best, total + sum(penalty[i] for i in range(n) if share[i] < 0))
    result = solve_week(problem, time_limit=5.0, search=QUICK)
    index = {v.id: i for i, v in enumerate(problem.visits)}
    found = sum(_cost(problem, net, d.day, [index[s.visit_id] for s in d.stops]) for d in result.days)
    assert found + sum(penalty[index[v]] for v in result.dropped) == best


def _cost(problem, net, day: int, order: list[int]) -> int:
    """What the search minimises on a day: travel, plus each visit's delay per day it waits."""
    if not order:
        return 0
    path = [net.origin[day], *(net.places + i for i in order), net.destination[day]]
    return sum(int(net.durations[a, b]) for a, b in zip(path, path[1:])) + sum(day * problem.visits[i].delay
                                                                               for i in order)
