"""Property tests on random books and random weeks: every placed visit is on an allowed day,
inside its opening hours, and every route keeps its times."""

from __future__ import annotations

import math
import random
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_books import HOURS, book_rows
from plan_checks import assert_due_by_due_date, assert_valid_week

from rmtui.config import LoadedSettings, Settings
from rmtui.domain.planning.periods import IsoWeek
from rmtui.routing.model import Location, Lunch, Travel
from rmtui.routing.week import WeekDay, WeekProblem, WeekVisit, build_net, solve_week
from rmtui.store.customers import upsert_customers

FAST = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
OFFICE = Location(32.0415, 118.784)


@FAST
@given(seed=st.integers(0, 10_000), n=st.integers(5, 30), hours=st.sets(st.sampled_from(HOURS), min_size=1),
       friday=st.booleans())
def test_random_books_give_valid_weeks(tmp_path_factory, seed, n, hours, friday):
    from rmtui.workspace import open_workspace

    now = datetime(2026, 11, 27, 17, 30) if friday else datetime(2026, 12, 1, 7, 0)
    week = IsoWeek(2026, 49)
    folder = Path(tmp_path_factory.mktemp("prop"))
    ws = open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: now,
                        url=f"sqlite:///{folder / 'p.db'}")
    try:
        rows = book_rows(n, seed, now.date(), hours=sorted(hours))
        with ws.db.sessions.begin() as s:
            upsert_customers(s, ws.manager_id, rows, ws.now())
        from rmtui.services.planning import build_week

        info = build_week(ws, week, time_limit=0.5)
        books = {r["code"]: r for r in rows}
        assert_valid_week(ws, info, books)
        assert_due_by_due_date(ws, info, books, max(week.monday, now.date()))
        assert {v.code for v in info.visits}.isdisjoint({u.code for u in info.unplaced})
    finally:
        ws.close()


def _problem(seed: int, n: int, days: int) -> WeekProblem:
    rng = random.Random(seed)
    week_days = tuple(WeekDay(8 * 3600 + 1800, 17 * 3600, OFFICE, OFFICE,
                              Lunch(11 * 3600 + 1800, 13 * 3600 + 1800, 45 * 60) if rng.random() < 0.8 else None)
                      for _ in range(days))
    visits = []
    for i in range(n):
        r, a = 8000 * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        loc = Location(OFFICE.lat + r * math.sin(a) / 111_000, OFFICE.lon + r * math.cos(a) / 94_000)
        service = rng.choice((10, 15, 20, 30)) * 60
        allowed = sorted(rng.sample(range(days), rng.randint(1, days)))
        windows = {}
        for k in allowed:
            open_ = rng.choice((8 * 3600, 9 * 3600, 10 * 3600, 14 * 3600))
            close = min(17 * 3600, open_ + rng.choice((2, 3, 8)) * 3600) - service
            if close >= open_:
                windows[k] = ((open_, close),)
        visits.append(WeekVisit(f"v{i}", loc, service, windows, rng.randint(0, 3), rng.randint(0, 999),
                                rng.random() < 0.5))
    return WeekProblem(week_days, tuple(visits), Travel("drive", 25, 1.35), 180)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 40), days=st.integers(1, 5))
def test_week_solver_routes_keep_windows_days_and_travel(seed, n, days):
    problem = _problem(seed, n, days)
    result = solve_week(problem, time_limit=0.3)
    net = build_net(problem)
    index = {v.id: i for i, v in enumerate(problem.visits)}
    seen = set()
    for route in result.days:
        day = problem.days[route.day]
        prev, depart = net.origin[route.day], day.start
        for stop in route.stops:
            i = index[stop.visit_id]
            seen.add(stop.visit_id)
            windows = problem.visits[i].windows.get(route.day)
            assert windows, f"{stop.visit_id} placed on a day it may not go"
            assert any(a <= stop.start <= b for a, b in windows)
            travel = int(net.durations[prev, net.places + i])
            assert stop.arrive >= depart + travel and stop.start >= stop.arrive
            assert stop.depart == stop.start + problem.visits[i].service
            prev, depart = net.places + i, stop.depart
        assert route.end_arrive <= day.end
        if route.lunch_start is not None:
            assert day.lunch.earliest <= route.lunch_start <= day.lunch.latest - day.lunch.duration
    assert seen.isdisjoint(result.dropped) and seen | set(result.dropped) == set(index)
    assert not any(problem.visits[index[v]].windows == {} for v in seen)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(10, 45))
def test_no_left_out_visit_would_still_fit(seed, n):
    from rmtui.routing.week import _best_insertion

    problem = _problem(seed, n, 3)
    result = solve_week(problem, time_limit=0.3)
    net = build_net(problem)
    index = {v.id: i for i, v in enumerate(problem.visits)}
    routes = [[index[s.visit_id] for s in d.stops] for d in result.days]
    for vid in result.dropped:
        assert _best_insertion(problem, net, routes, index[vid]) is None, f"{vid} fits but was left out"
