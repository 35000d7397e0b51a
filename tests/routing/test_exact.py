"""The exact method against brute force, and on days with a known best order."""

import itertools

from hypothesis import given, settings

from rmtui.routing.exact import solve_beam, solve_exact
from rmtui.routing.instance import build_instance
from rmtui.routing.schedule import time_route

from routing_helpers import M, line_day, standard_lunch
from strategies import days


def brute_force(inst):
    """The least objective over every subset in every order."""
    best = inst.objective([])  # the empty route always fits (validation guarantees start → end)
    nodes = range(1, inst.n + 1)
    for k in range(1, inst.n + 1):
        for order in itertools.permutations(nodes, k):
            if time_route(inst, order) is not None:
                best = min(best, inst.objective(order))
    return best


@settings(max_examples=60, deadline=None)
@given(days(max_stops=5))
def test_exact_matches_brute_force(problem):
    inst, _ = build_instance(problem, problem.matrix)
    order = solve_exact(inst)
    assert time_route(inst, order) is not None
    assert inst.objective(order) == brute_force(inst)


@settings(max_examples=25, deadline=None)
@given(days(max_stops=6))
def test_a_wide_beam_is_exact(problem):
    inst, _ = build_instance(problem, problem.matrix)
    assert inst.objective(solve_beam(inst, 100_000)) == inst.objective(solve_exact(inst))


def test_stops_on_a_line_are_visited_out_and_back():
    day = line_day([3.0, 1.0, 2.0, 5.0, 4.0])
    inst, _ = build_instance(day, day.matrix)
    order = solve_exact(inst)
    assert sorted(order) == [1, 2, 3, 4, 5]
    assert inst.travel(order) == 2 * 5 * 120  # out to the farthest and back, nothing more


def test_windows_force_a_longer_order():
    # The far stop closes early, so it comes first although it is farthest.
    day = line_day([1.0, 2.0, 6.0], windows=[[], [], [("08:00", "08:30")]])
    inst, _ = build_instance(day, day.matrix)
    assert solve_exact(inst) == [3, 2, 1]


def test_full_day_drops_the_lowest_priority_first():
    day = line_day([1.0, 1.0, 1.0], service=150 * M, latest="14:00")
    day = day.__class__(
        day.start, day.end,
        tuple(s.__class__(s.id, None, s.service, (), p, False) for s, p in zip(day.stops, [1, 3, 2])),
        matrix=day.matrix,
    )
    inst, _ = build_instance(day, day.matrix)
    assert sorted(solve_exact(inst)) == [2, 3]


def test_lunch_is_fitted_in():
    day = line_day([1.0, 2.0], service=120 * M, lunch=standard_lunch(), windows=[[("09:00", "09:00")], [("12:30", "13:00")]])
    inst, _ = build_instance(day, day.matrix)
    order = solve_exact(inst)
    timing = time_route(inst, order)
    assert order == [1, 2] and timing.lunch_start is not None
