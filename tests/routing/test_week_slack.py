"""The constant-time insertion checks (slack.py) agree with schedule.py, the timing authority."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmtui.routing.slack import Slack
from rmtui.routing.week import _Week, build_net, time_order

from week_strategies import weeks

CHECKS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _routes(problem, net, week, rng):
    """Per day, visits allowed that day put in at random places while the day holds: full,
    tight days (checked by schedule.py alone)."""
    out = []
    for k in range(len(problem.days)):
        pool = [i for i, a in enumerate(week.allowed) if k in a]
        rng.shuffle(pool)
        route: list[int] = []
        for i in pool:
            for pos in rng.sample(range(len(route) + 1), len(route) + 1):
                trial = [*route[:pos], i, *route[pos:]]
                if time_order(problem, net, k, trial) is not None:
                    route = trial
                    break
        out.append(route)
    return out


def _arrays(s: Slack):
    return s.nodes, s.leave_fed, s.leave_owing, s.ready_fed, s.ready_owing, s.feasible


@CHECKS
@given(problem=weeks(min_visits=10, max_visits=50, max_days=2, radius=3000), seed=st.integers(0, 10_000))
def test_feasibility_and_insertions_match_the_schedule(problem, seed):
    rng = random.Random(seed)
    net = build_net(problem)
    week = _Week(problem, net)
    for k, route in enumerate(_routes(problem, net, week, rng)):
        slack = week.slack(k, route)
        assert slack.feasible
        if len(route) > 1:  # a shuffled order often breaks
            shuffled = rng.sample(route, len(route))
            assert week.slack(k, shuffled).feasible == (time_order(problem, net, k, shuffled) is not None)
        room = slack.room()
        for i, allowed in enumerate(week.allowed):
            if k not in allowed or i in route:
                continue
            for pos in range(len(route) + 1):
                fits = slack.fits(net.places + i, pos)
                assert fits == (time_order(problem, net, k, [*route[:pos], i, *route[pos:]]) is not None)
                if fits:  # the room bound never rules out an insertion that fits
                    assert problem.visits[i].service <= room[pos] + 2


@CHECKS
@given(problem=weeks(min_visits=2), seed=st.integers(0, 10_000))
def test_changed_routes_equal_routes_built_afresh(problem, seed):
    rng = random.Random(seed)
    net = build_net(problem)
    week = _Week(problem, net)
    p = net.places
    for k, route in enumerate(_routes(problem, net, week, rng)):
        frame = week.frames[k]
        slack = Slack(frame, [p + i for i in route])
        if route:
            first = rng.randint(1, len(route))
            count = rng.randint(1, len(route) - first + 1)
            rest = route[:first - 1] + route[first - 1 + count:]
            assert _arrays(slack.removed(first, count)) == _arrays(Slack(frame, [p + i for i in rest]))
        pool = [i for i, a in enumerate(week.allowed) if k in a and i not in route]
        if pool:
            i, pos = rng.choice(pool), rng.randint(0, len(route))
            grown = [*route[:pos], i, *route[pos:]]
            assert _arrays(slack.inserted(p + i, pos)) == _arrays(Slack(frame, [p + j for j in grown]))


def _boundary_cases():
    """Visits at fixed times around lunch, two in the route and one to insert: every way the
    lunch rule can just hold or just break (starts a minute apart across the lunch limits)."""
    import itertools

    clock = ((11, 30), (11, 40), (11, 41), (11, 59), (12, 0), (12, 1), (12, 30), (13, 0))
    times = [h * 3600 + m * 60 for h, m in clock]
    kinds = [(t, width, service) for t in times for width in (0, 900) for service in (15 * 60, 45 * 60)]
    rng = random.Random(7)
    return rng.sample(list(itertools.product(kinds, repeat=3)), 4000)


TRAVEL = 300  # between any two places of the hand-made days; start and end are one place


def _uniform(size: int) -> list[list[int]]:
    return [[0 if a == b or {a, b} == {0, 1} else TRAVEL for b in range(size)] for a in range(size)]


def _holds(dur, service, windows, lunch, order) -> bool:
    """The oracle: schedule.time_route on the day engine's own numbers (0 start, 1 end)."""
    import numpy as np

    from rmtui.routing.instance import DayInstance, LunchRule
    from rmtui.routing.schedule import time_route

    keep = [0, *order, 1]
    inst = DayInstance(np.array([[dur[a][b] for b in keep] for a in keep]), None,
                       np.array([service[k] for k in keep]), tuple(windows[k] or ((0, 0),) for k in keep),
                       8 * 3600, 17 * 3600, LunchRule(*lunch), np.zeros(len(keep), dtype=np.int64),
                       np.zeros(len(keep), dtype=bool), True)
    return time_route(inst, range(1, len(keep) - 1)) is not None


def test_boundaries_around_lunch_match_the_schedule():
    from rmtui.routing.slack import DayFrame

    dur = _uniform(5)  # 2–4 visits
    for lunch in ((12 * 3600, 12 * 3600, 30 * 60), (11 * 3600 + 1800, 12 * 3600 + 900, 45 * 60)):
        for kinds in _boundary_cases():
            windows = [(), ()] + [((t, t + w),) for t, w, _ in kinds]
            service = [0, 0] + [s for _, _, s in kinds]
            frame = DayFrame(dur, service, windows, 0, 1, 8 * 3600, 17 * 3600, lunch)
            for route in ([2, 3], [3, 2]):
                slack = Slack(frame, route)
                assert slack.feasible == _holds(dur, service, windows, lunch, route), (lunch, kinds, route)
                if not slack.feasible:
                    continue
                room = slack.room()
                for pos in range(3):
                    fits = slack.fits(4, pos)
                    assert fits == _holds(dur, service, windows, lunch, [*route[:pos], 4, *route[pos:]])
                    if fits:
                        assert service[4] <= room[pos] + 2, (lunch, kinds, route, pos)
                    _room_is_tight(dur, service, windows, lunch, route, pos, room[pos])


def test_lunch_squeezed_before_a_fixed_visit():
    """Lunch must start by 12:00 and end by the 12:30 visit: a visit put in front may delay
    the 11:30–11:45 one to 11:40 (leave 11:55, eat 12:00–12:30 on the way), not a minute more."""
    from rmtui.routing.slack import DayFrame

    dur = _uniform(5)
    lunch = (12 * 3600, 12 * 3600, 30 * 60)
    for start, fits in ((11 * 3600 + 20 * 60, True), (11 * 3600 + 21 * 60, False)):
        windows = [(), (), ((11 * 3600 + 1800, 11 * 3600 + 2700),), ((12 * 3600 + 1800,) * 2,), ((start, start),)]
        service = [0, 0, 900, 900, 900]
        slack = Slack(DayFrame(dur, service, windows, 0, 1, 8 * 3600, 17 * 3600, lunch), [2, 3])
        assert slack.feasible
        assert slack.fits(4, 0) is fits
        assert _holds(dur, service, windows, lunch, [4, 2, 3]) is fits


def _room_is_tight(dur, service, windows, lunch, route, pos, room):
    """A visit open all day, standing where one end of the gap is (so no detour), fits when it
    lasts ``room`` and not a second longer."""
    from rmtui.routing.slack import DayFrame

    if room <= 0:
        return
    nodes = [0, *route, 1]
    verdicts = []
    for twin in (nodes[pos], nodes[pos + 1]):
        size = len(dur) + 1
        grown = [[*row, row[twin]] for row in dur] + [[*dur[twin], 0]]
        grown[twin][size - 1] = 0
        for length in (room, room + 1):
            frame = DayFrame(grown, [*service, length], [*windows, ((8 * 3600, 17 * 3600),)], 0, 1, 8 * 3600,
                             17 * 3600, lunch)
            verdicts.append((length, Slack(frame, route).fits(size - 1, pos)))
    assert any(fits for length, fits in verdicts if length == room), (route, pos, room)
    assert not any(fits for length, fits in verdicts if length == room + 1), (route, pos, room)
