"""Timing a given order: windows, waits, lunch legs and the day's end."""

from rmtui.routing.instance import build_instance, reverse
from rmtui.routing.schedule import first_violation, time_route

from routing_helpers import M, hm, line_day, standard_lunch


def _inst(problem):
    return build_instance(problem, problem.matrix)[0]


def test_waits_for_a_window_to_open():
    day = line_day([1.0], windows=[[("09:00", "10:00")]])
    t = time_route(_inst(day), [1])
    assert t.ready == (hm("08:00") + 120,)
    assert t.start == (hm("09:00"),)
    assert t.end_arrive == hm("09:20") + 120


def test_second_window_after_a_lunch_closure():
    day = line_day([10.0], windows=[[("08:00", "08:10"), ("14:00", "15:00")]])
    t = time_route(_inst(day), [1])
    assert t.start == (hm("14:00"),) and t.window == (1,)


def test_late_for_every_window_is_a_violation():
    day = line_day([10.0, 10.0], windows=[[("08:00", "09:00")], [("08:00", "08:10")]])
    inst = _inst(day)
    assert time_route(inst, [1, 2]) is None
    v = first_violation(inst, [1, 2])
    assert v.kind == "window" and v.position == 1


def test_lunch_goes_on_the_leg_that_brings_you_back_earliest():
    # Visit 11:00-12:00 then 12:45-13:05: lunch fits only between them
    day = line_day([0.0, 0.0], windows=[[("11:00", "11:00")], [("12:45", "12:45")]], lunch=standard_lunch(), service=60 * M)
    t = time_route(_inst(day), [1, 2])
    assert t is not None and t.lunch_leg == 1
    assert t.lunch_start == hm("12:00")


def test_lunch_cannot_fit_between_back_to_back_appointments():
    day = line_day(
        [0.0, 0.0, 0.0],
        windows=[[("11:00", "11:00")], [("12:00", "12:00")], [("13:00", "13:00")]],
        lunch=standard_lunch(), service=60 * M,
    )
    inst = _inst(day)
    assert time_route(inst, [1, 2, 3]) is None
    assert first_violation(inst, [1, 2, 3]).kind in {"lunch", "window"}


def test_day_end_is_a_limit():
    day = line_day([30.0], latest="09:00")
    v = first_violation(_inst(day), [1])
    assert v.kind == "end"


def test_reversed_day_accepts_exactly_the_reversed_orders():
    day = line_day(
        [1.0, 4.0, 2.0],
        windows=[[("08:00", "10:00")], [("09:00", "12:00"), ("14:00", "15:00")], [("12:00", "16:00")]],
        lunch=standard_lunch(), service=50 * M,
    )
    inst = _inst(day)
    back = reverse(inst)
    import itertools

    for k in range(4):
        for order in itertools.permutations([1, 2, 3], k):
            assert (time_route(inst, order) is None) == (time_route(back, order[::-1]) is None), order
