"""Shared builders and an independent checker for routing tests."""

from __future__ import annotations

import numpy as np

from rmtui.routing.model import (
    DayEnd,
    DayProblem,
    DayStart,
    Location,
    Lunch,
    RouteResult,
    Stop,
    TravelMatrix,
    Window,
)

H = 3600
M = 60


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * H + int(m) * M


def line_day(positions, *, service=20 * M, windows=None, lunch=None, start="08:00", latest="18:00", **stop_kw):
    """Stops on a line (km from the office), 1 km = 120 s; matrix given explicitly."""
    xs = [0.0, *positions, 0.0]
    dur = np.rint(np.abs(np.subtract.outer(xs, xs)) * 120).astype(np.int64)
    stops = []
    for k, _ in enumerate(positions):
        wins = tuple(Window(hm(a), hm(b)) for a, b in (windows[k] if windows else []))
        stops.append(Stop(f"S{k}", None, service, wins, **stop_kw))
    return DayProblem(
        start=DayStart(None, hm(start)), end=DayEnd(None, hm(latest)), stops=tuple(stops),
        lunch=lunch, matrix=TravelMatrix(dur, np.abs(np.subtract.outer(xs, xs)) * 1000),
    )


def standard_lunch() -> Lunch:
    return Lunch(hm("11:30"), hm("13:30"), 45 * M)


def check_result(problem: DayProblem, result: RouteResult) -> None:
    """Everything a route promises, checked against the problem itself (not the engine's numbers)."""
    durations = np.asarray(problem.matrix.durations)
    index = {s.id: k + 1 for k, s in enumerate(problem.stops)}
    routed = [r.stop.id for r in result.route]
    dropped = [d.stop.id for d in result.dropped]
    assert sorted(routed + dropped) == sorted(index), "every stop is routed or dropped, once"
    assert all(d.reason for d in result.dropped), "every dropped stop has a reason"
    lunch = problem.lunch
    prev_node, prev_depart = 0, problem.start.time
    assert result.depart == problem.start.time
    visits = []
    legs = [*result.route, None]
    for pos, r in enumerate(legs):
        node = index[r.stop.id] if r else len(problem.stops) + 1
        travel = int(round(durations[prev_node, node]))
        arrive = r.arrive if r else result.end_arrive
        on_this_leg = result.lunch is not None and (result.lunch.before == (r.stop.id if r else None))
        if on_this_leg:
            assert result.lunch.start >= prev_depart
            assert result.lunch.end <= arrive
            assert arrive - prev_depart >= travel + (result.lunch.end - result.lunch.start)
            assert arrive == max(prev_depart + travel, lunch.earliest) + lunch.duration
        else:
            assert arrive == prev_depart + travel, "arrive = depart(previous) + travel"
        if r is None:
            break
        assert r.travel == travel
        assert r.start == arrive + r.wait and r.wait >= 0
        assert r.depart == r.start + r.stop.service
        stop = r.stop
        if stop.windows:
            ok = any(
                w.open <= r.start <= w.close and (stop.window_rule == "start" or r.depart <= w.close)
                for w in stop.windows
            )
            assert ok, f"{stop.id} starts at {r.start} outside its windows"
        assert problem.start.time <= r.start and r.depart <= problem.end.latest
        visits.append((r.start, r.depart))
        prev_node, prev_depart = node, r.depart
    assert result.end_arrive <= problem.end.latest, "back by the day's end"
    if result.lunch is not None:
        b = result.lunch
        assert lunch.earliest <= b.start and b.end <= lunch.latest and b.end - b.start == lunch.duration
        for s, e in visits:
            assert e <= b.start or s >= b.end, "lunch overlaps a visit"
    assert result.travel == sum(r.travel for r in result.route) + result.end_travel
    if result.status != "infeasible":
        assert all(not d.stop.required for d in result.dropped)
    else:
        assert any(d.stop.required for d in result.dropped) and result.reason


def check_lunch_placed(problem: DayProblem, result: RouteResult) -> None:
    """A lunch in the problem is in the route, unless a notice says why not."""
    if problem.lunch is not None and result.lunch is None:
        assert any("lunch" in n for n in result.notices)
