"""The OR-Tools adapter: matrices in, engine node orders out, a stopping rule that stops."""

import time

import numpy as np

from rmtui.routing.instance import build_instance
from rmtui.routing.schedule import time_route
from rmtui.routing.solver import SearchSettings, solve_day_order

from routing_helpers import M, line_day, standard_lunch


def _inst(day):
    return build_instance(day, day.matrix)[0]


def test_ortools_finds_the_line_order_and_keeps_windows_and_lunch():
    day = line_day([3.0, 1.0, 2.0, 5.0], lunch=standard_lunch(), windows=[[], [("13:00", "14:00")], [], []])
    inst = _inst(day)
    order = solve_day_order(inst, SearchSettings(time_limit=2.0, stale_solutions=50))
    assert sorted(order) == [1, 2, 3, 4]
    assert time_route(inst, order) is not None


def test_ortools_starts_from_a_hint_and_never_returns_worse():
    rng = np.random.default_rng(3)
    day = line_day(list(rng.uniform(-8, 8, size=15)), service=40 * M, lunch=standard_lunch())
    inst = _inst(day)
    hint = list(range(1, 9))
    assert time_route(inst, hint) is not None
    order = solve_day_order(inst, SearchSettings(time_limit=2.0, stale_solutions=50), hint=hint)
    assert time_route(inst, order) is not None
    assert inst.objective(order) <= inst.objective(hint)


def test_stopping_rule_ends_the_search_before_the_time_limit():
    day = line_day([float(x) for x in range(1, 9)], service=10 * M)
    began = time.perf_counter()
    solve_day_order(_inst(day), SearchSettings(time_limit=30.0, stale_solutions=20))
    assert time.perf_counter() - began < 10  # guided local search alone would use all 30 s
