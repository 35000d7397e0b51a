"""Properties of every returned route, on random days (small, and crowded ones for the beam)."""

from hypothesis import HealthCheck, given, settings

from rmtui.routing import solve_day

from routing_helpers import check_lunch_placed, check_result
from strategies import days


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days(max_stops=8))
def test_small_days_keep_every_promise(problem):
    result = solve_day(problem)
    check_result(problem, result)
    check_lunch_placed(problem, result)
    assert result.method == "exact"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(days(min_stops=14, max_stops=18, metric=True))
def test_crowded_days_keep_every_promise(problem):
    result = solve_day(problem, time_limit=1.0)
    check_result(problem, result)
    check_lunch_placed(problem, result)
