"""Benchmark of the weekly plan: books of 150, 300 and 600 customers around Nanjing.

For each book the week after a Friday is built from an empty plan through
the same service the ``rmtui plan week`` command uses (database included),
and the figures are printed: wall time, total travel, visits placed, due
visits placed, and the ratio of travel to a *relaxed* plan of the same
visits solved by PyVRP with the days unconstrained (any visit on any day,
one time window per customer: the span of its opening hours; lunch only
shortens the shift).

    .venv/bin/python bench/week_bench.py            # 150, 300, 600
    .venv/bin/python bench/week_bench.py 300 --pyvrp-seconds 20

Targets on a 2-core machine: 300 customers ≤ 10 s, 600 ≤ 30 s; every due
visit that fits placed; travel ≤ 1.10 × the relaxed plan.

Two more references keep days in the PyVRP model (same visits, one vehicle
per day): "due ref" lets each visit go from the plan's first day to its due
day; "days ref" keeps the days the planner really allows it (from the first
day its cadence window is open to its due day, as the week solver saw them;
opening hours as one span, lunch only shortening the shift). The gap between
the relaxed plan and these references is what the days themselves cost,
whatever the solver; "days ref" is the fairer yardstick for the week solver.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rmtui.config import LoadedSettings, Settings  # noqa: E402
from rmtui.domain.opening_hours import parse_opening_hours  # noqa: E402
from rmtui.domain.planning.periods import IsoWeek  # noqa: E402
from rmtui.store.customers import upsert_customers  # noqa: E402

NOW = datetime(2026, 11, 27, 16, 0)  # a Friday afternoon: the plan of week 49 is due at 17:00
WEEK = IsoWeek(2026, 49)
CENTRE = (32.0415, 118.7840)
# Commercial districts of the city: customers cluster around them.
DISTRICTS = [(32.0415, 118.7840, 2500), (32.0600, 118.7950, 2000), (32.0050, 118.7300, 3000),
             (32.0900, 118.7600, 2500), (31.9900, 118.8200, 3000), (32.0300, 118.8500, 2500),
             (32.1100, 118.8100, 3000), (31.9700, 118.7700, 2500)]
HOURS = ["", "Mo-Fr 09:00-18:00", "Mo-Sa 08:30-12:00,13:30-18:00", "Mo-Su 10:00-21:00",
         "Mo-Fr 09:00-17:00; PH off", "Tu-Su 09:00-17:30", "Mo-Sa 08:00-20:00", "Mo-Fr 10:00-16:00"]
DAY = 86_400
TIERS = (("core", 0.06, 14), ("potential", 0.25, 30), ("regular", 0.69, 90))


def book(n: int, seed: int) -> list[dict]:
    """``n`` customers with tiers, opening hours and last visits spread over their cadence."""
    rng = random.Random(seed)
    rows = []
    for k in range(n):
        lat0, lon0, spread = rng.choice(DISTRICTS) if rng.random() < 0.8 else (*CENTRE, 9000)
        r, a = spread * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        tier, _, interval = rng.choices(TIERS, [t[1] for t in TIERS])[0]
        # A book in steady state: last visits spread over one interval; one in twenty a little overdue.
        back = rng.randrange(1, interval + 1) if rng.random() < 0.95 else interval + rng.randrange(1, interval // 4 + 2)
        last = NOW.date() - timedelta(days=back)
        rows.append({"code": f"B{k:04d}", "name": f"客户{k:04d}", "tier": tier,
                     "lat": lat0 + r * math.sin(a) / 111_000, "lon": lon0 + r * math.cos(a) / 94_300,
                     "geo_source": "bench", "geo_quality": "exact", "opening_hours": rng.choice(HOURS),
                     "last_visit_imported": last})
    return rows


def run(n: int, seed: int, pyvrp_seconds: float) -> dict:
    import rmtui.routing.week as week_solver
    from rmtui.services.planning import build_week
    from rmtui.workspace import open_workspace

    seen: dict = {}
    solve = week_solver.solve_week

    def watched(problem, **kw):  # keep what the service asked and got, for the "days ref"
        seen["problem"], seen["result"] = problem, solve(problem, **kw)
        return seen["result"]

    folder = Path(tempfile.mkdtemp(prefix="week_bench_"))
    ws = open_workspace(loaded=LoadedSettings(Settings(locale="en"), None), clock=lambda: NOW,
                        url=f"sqlite:///{folder / 'bench.db'}")
    try:
        rows = book(n, seed)
        with ws.db.sessions.begin() as s:
            upsert_customers(s, ws.manager_id, rows, ws.now())
        week_solver.solve_week = watched
        try:
            began = time.perf_counter()
            info = build_week(ws, WEEK)
            wall = time.perf_counter() - began
        finally:
            week_solver.solve_week = solve
        placed = [v for v in info.visits if v.active]
        due_placed = [v for v in placed if v.source != "optional"]
        due_left = [u for u in info.unplaced if u.required]
        books = {r["code"]: r for r in rows}
        relaxed = relaxed_travel(ws, info, books, pyvrp_seconds)
        due_ref = relaxed_travel(ws, info, books, pyvrp_seconds, keep_days=True)
        days_ref = allowed_days_travel(seen["problem"], seen["result"], pyvrp_seconds) if seen else None
    finally:
        ws.close()
    return {"n": n, "wall": wall, "travel": info.travel_minutes, "placed": len(placed),
            "due_placed": len(due_placed), "due_total": len(due_placed) + len(due_left),
            "due_left": due_left, "relaxed": relaxed, "due_ref": due_ref, "days_ref": days_ref,
            "days": len([d for d in info.days if d.visits])}


def relaxed_travel(ws, info, books: dict[str, dict], seconds: float, keep_days: bool = False) -> float | None:
    """Travel (minutes) of the same visits routed by PyVRP with any visit allowed on any day.

    ``keep_days`` instead keeps each visit's days (from the plan's first day to its due day, on
    one time line for the week): a reference for what the due dates cost, not for the target.
    """
    try:
        from pyvrp import Model
        from pyvrp.stop import MaxRuntime
    except ImportError:
        return None
    from rmtui.routing.model import Location
    from rmtui.routing.week import WeekProblem, WeekVisit, build_net
    from rmtui.services.plan_common import plan_day_of, travel_of, week_days_of

    visits = [v for v in info.visits if v.active]
    days = [plan_day_of(ws, d.day) for d in info.days]
    travel, overhead = travel_of(ws.settings)
    problem = WeekProblem(week_days_of(ws.settings, tuple(days)),
                          tuple(WeekVisit(v.code, Location(v.lat, v.lon), v.minutes * 60, {}) for v in visits),
                          travel, overhead)
    net = build_net(problem)
    day = days[0]
    lunch = day.lunch.minutes if day.lunch else 0
    m = Model()
    locs = [m.add_location(x=0, y=0) for _ in range(len(visits) + 1)]
    depot = m.add_depot(locs[0])
    if keep_days:
        for k, d in enumerate(days):
            m.add_vehicle_type(num_available=1, start_depot=depot, end_depot=depot, tw_early=k * DAY + d.start * 60,
                               tw_late=k * DAY + d.end * 60, shift_duration=(d.end - d.start - lunch) * 60)
    else:
        m.add_vehicle_type(num_available=len(days), start_depot=depot, end_depot=depot, tw_early=day.start * 60,
                           tw_late=day.end * 60, shift_duration=(day.end - day.start - lunch) * 60)
    index = {d.day: k for k, d in enumerate(days)}
    for k, v in enumerate(visits):
        early, late = day.start * 60, day.end * 60
        hours = parse_opening_hours(books[v.code]["opening_hours"])
        spans = [w for d in days for w in hours.windows_on(d.day, is_holiday=d.holiday)]
        if spans and not v.appointment_id:
            early = max(early, min(a for a, _ in spans) * 60)
            late = min(late, max(b for _, b in spans) * 60 - v.minutes * 60)
        if v.appointment_id and v.planned_start:
            early = late = (v.planned_start.hour * 60 + v.planned_start.minute) * 60
        late = max(early, late)
        if keep_days:
            first = index[v.day] if (v.manual or v.appointment_id) else 0
            last = index[v.day] if (v.manual or v.appointment_id) else \
                max((index[d] for d in index if v.due_by is None or d <= v.due_by), default=index[v.day])
            early, late = first * DAY + early, last * DAY + late
        m.add_client(locs[k + 1], service_duration=v.minutes * 60, tw_early=early, tw_late=late)
    nodes = [net.origin[0]] + [net.places + k for k in range(len(visits))]
    for a, la in enumerate(locs):
        for b, lb in enumerate(locs):
            if a != b:
                d = int(net.durations[nodes[a], nodes[b]])
                m.add_edge(la, lb, distance=d, duration=d)
    result = m.solve(stop=MaxRuntime(seconds), display=False)
    if not result.is_feasible():
        return None
    return result.cost() / 60


def allowed_days_travel(problem, result, seconds: float) -> float | None:
    """Travel (minutes) of the visits the week solver placed, routed by PyVRP on the days it
    allowed each (first to last allowed day; each day's windows as one span of the week's
    earliest opening to latest start; lunch only shortens the shift)."""
    try:
        from pyvrp import Model
        from pyvrp.stop import MaxRuntime
    except ImportError:
        return None
    from rmtui.routing.week import build_net

    index = {v.id: i for i, v in enumerate(problem.visits)}
    chosen = [index[s.visit_id] for d in result.days for s in d.stops]
    if not chosen:
        return 0.0
    net = build_net(problem)
    m = Model()
    locs = [m.add_location(x=0, y=0) for _ in range(len(chosen) + 1)]
    depot = m.add_depot(locs[0])
    for k, d in enumerate(problem.days):
        lunch = d.lunch.duration if d.lunch else 0
        m.add_vehicle_type(num_available=1, start_depot=depot, end_depot=depot, tw_early=k * DAY + d.start,
                           tw_late=k * DAY + d.end, shift_duration=d.end - d.start - lunch)
    for k, i in enumerate(chosen):
        v = problem.visits[i]
        days = sorted(day for day, spans in v.windows.items() if spans)
        early = min(a for spans in v.windows.values() for a, _ in spans)
        late = max(b for spans in v.windows.values() for _, b in spans)
        m.add_client(locs[k + 1], service_duration=v.service, tw_early=days[0] * DAY + early,
                     tw_late=days[-1] * DAY + max(early, late))
    nodes = [net.origin[0]] + [net.places + i for i in chosen]
    for a, la in enumerate(locs):
        for b, lb in enumerate(locs):
            if a != b:
                d = int(net.durations[nodes[a], nodes[b]])
                m.add_edge(la, lb, distance=d, duration=d)
    found = m.solve(stop=MaxRuntime(seconds), display=False)
    return found.cost() / 60 if found.is_feasible() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[150, 300, 600])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pyvrp-seconds", type=float, default=15.0)
    args = parser.parse_args()
    print(f"week {WEEK} built on {NOW:%a %Y-%m-%d %H:%M}; travel in minutes")
    print(f"{'book':>5} {'wall s':>7} {'travel':>7} {'placed':>7} {'due placed':>11} {'relaxed':>8} {'ratio':>6}"
          f" {'due ref':>8} {'ratio':>6} {'days ref':>9} {'ratio':>6}")
    for n in args.sizes:
        r = run(n, args.seed, args.pyvrp_seconds)
        cells = []
        for key in ("relaxed", "due_ref", "days_ref"):
            ok = r[key] is not None
            cells.append((f"{r[key]:.0f}" if ok else "-", f"{r['travel'] / r[key]:.3f}" if ok else "-"))
        print(f"{r['n']:>5} {r['wall']:>7.1f} {r['travel']:>7} {r['placed']:>7} "
              f"{r['due_placed']:>5}/{r['due_total']:<5} {cells[0][0]:>8} {cells[0][1]:>6}"
              f" {cells[1][0]:>8} {cells[1][1]:>6} {cells[2][0]:>9} {cells[2][1]:>6}", flush=True)
        for u in r["due_left"][:8]:
            print(f"        not placed: {u.code} {u.tier} due {u.due_by or '-'}: {u.why}")
        if len(r["due_left"]) > 8:
            print(f"        … and {len(r['due_left']) - 8} more")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
