"""solve_day end to end on hand-made days: orders, drops and their reasons, status."""

import dataclasses

import numpy as np
import pytest

from rmtui.errors import InputError
from rmtui.routing import DayEnd, DayProblem, DayStart, Location, Stop, TravelMatrix, Window, solve_day

from routing_helpers import M, check_result, hm, line_day, standard_lunch


def _matrix_day(minutes, stops, *, start="08:00", latest="18:00", lunch=None):
    """A day whose travel matrix is given in minutes (start, stops..., end)."""
    durations = np.array(minutes, dtype=np.int64) * 60
    return DayProblem(DayStart(None, hm(start)), DayEnd(None, hm(latest)), tuple(stops), lunch, matrix=TravelMatrix(durations))


def test_known_best_order_is_optimal():
    day = line_day([3.0, 1.0, 2.0], lunch=standard_lunch())
    result = solve_day(day)
    check_result(day, result)
    assert result.status == "optimal" and result.method == "exact"
    assert [r.stop.id for r in result.route] in (["S1", "S2", "S0"], ["S0", "S2", "S1"])
    assert result.travel == 6 * 120
    assert result.lunch is not None


def test_empty_day_is_a_trip_from_start_to_end():
    day = line_day([], lunch=standard_lunch())
    result = solve_day(day)
    assert result.route == () and result.dropped == () and result.status == "optimal"
    assert result.lunch is not None and result.lunch.after is None and result.lunch.before is None
    assert result.end_arrive == hm("12:15")


def test_reason_names_the_appointment_that_makes_a_stop_late():
    stops = [
        Stop("C0007", None, 60 * M, (Window(hm("13:30"), hm("13:30")),), required=True),
        Stop("C0011", None, 20 * M, (Window(hm("14:00"), hm("17:00")),)),
    ]
    minutes = [[0, 10, 200, 0], [10, 0, 170, 10], [200, 170, 0, 200], [0, 10, 200, 0]]
    result = solve_day(_matrix_day(minutes, stops))
    assert [r.stop.id for r in result.route] == ["C0007"]
    (dropped,) = result.dropped
    assert dropped.stop.id == "C0011"
    assert dropped.reason == "open 14:00–17:00; after the 13:30 appointment at C0007 the earliest arrival is 17:20"
    assert result.status == "optimal"


def test_required_stop_that_cannot_fit_makes_the_day_infeasible():
    stops = [
        Stop("A", None, 60 * M, (Window(hm("10:00"), hm("10:00")),), required=True),
        Stop("B", None, 60 * M, (Window(hm("10:30"), hm("10:30")),), required=True, priority=2),
        Stop("C", None, 10 * M),
    ]
    minutes = [[0, 5, 5, 5, 0], [5, 0, 5, 5, 5], [5, 5, 0, 5, 5], [5, 5, 5, 0, 5], [0, 5, 5, 5, 0]]
    day = _matrix_day(minutes, stops)
    result = solve_day(day)
    check_result(day, result)
    assert result.status == "infeasible"
    missing = [d.stop.id for d in result.dropped if d.stop.required]
    assert len(missing) == 1 and missing[0] in result.reason
    assert "C" in [r.stop.id for r in result.route]


def test_stop_unreachable_within_the_day_is_dropped_with_a_reason():
    stops = [Stop("FAR", None, 30 * M, (Window(hm("08:00"), hm("08:30")),))]
    result = solve_day(_matrix_day([[0, 60, 0], [60, 0, 60], [0, 60, 0]], stops))
    assert result.dropped[0].reason == "open 08:00–08:30; even going straight from the start, the earliest arrival is 09:00"


def test_required_stop_unreachable_within_the_day_is_infeasible():
    stops = [Stop("FAR", None, 30 * M, required=True)]
    result = solve_day(_matrix_day([[0, 300, 0], [300, 0, 300], [0, 300, 0]], stops, latest="15:00"))
    assert result.status == "infeasible"
    assert "FAR" in result.reason and "after the day's end at 15:00" in result.reason


def test_full_day_reason_says_what_breaks():
    day = line_day([1.0, 1.0, 1.0], service=150 * M, latest="14:00")
    result = solve_day(day)
    check_result(day, result)
    (dropped,) = result.dropped
    assert dropped.reason.startswith("open all day; the day is full: fitting it in brings you back at ")


def test_matrix_is_used_as_given_even_without_triangle_inequality():
    stops = [Stop("A", None, 0), Stop("B", None, 0)]
    minutes = [[0, 1, 50, 0], [1, 0, 1, 1], [50, 1, 0, 1], [0, 1, 50, 0]]
    result = solve_day(_matrix_day(minutes, stops))
    assert [r.stop.id for r in result.route] == ["A", "B"]
    assert result.travel == 3 * 60
    assert result.distance_m is None


def test_coordinates_give_great_circle_travel_times():
    office = Location(32.0415, 118.7840)
    stop = Stop("C1", Location(32.0505, 118.7840), 10 * M)  # ~1.0 km north
    day = DayProblem(DayStart(office, hm("08:00")), DayEnd(office, hm("18:00")), (stop,))
    result = solve_day(day)
    (r,) = result.route
    assert r.distance_m == pytest.approx(1000.8 * 1.35, rel=1e-3)
    assert r.travel == round(r.distance_m / (25 / 3.6))


def test_bad_input_raises_input_error_naming_the_stop():
    day = line_day([1.0, 2.0])
    dup = dataclasses.replace(day, stops=(day.stops[0], day.stops[0]))
    with pytest.raises(InputError, match="stop S0: the id appears twice"):
        solve_day(dup)


def test_a_larger_day_goes_through_the_beam_and_keeps_its_promises():
    rng = np.random.default_rng(7)
    xs = rng.uniform(-10, 10, size=18)
    wins = [[(f"{h:02d}:00", f"{h + 3:02d}:00")] for h in rng.integers(8, 15, size=18)]
    day = line_day(list(xs), windows=wins, lunch=standard_lunch(), service=30 * M)
    result = solve_day(day, time_limit=2.0)
    check_result(day, result)
    assert result.method == "beam" and result.status == "feasible"
    assert result.visits >= 10
