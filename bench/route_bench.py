"""Day-route benchmark: rmtui against an exact DP, PyVRP and VROOM.

Random field days (a 20 km city, 2–4 h windows inside 08:00–18:00, some
stops with two windows, 15–45 min visits, a 45-minute lunch between 11:30
and 13:30, every stop optional with equal priority) are solved by every
solver on the same integer matrix. A day is compared first on the number of
visits, then on travel time; each peer's route is re-timed with rmtui's own
schedule rules, so a route that breaks a window or lunch does not count.

    .venv/bin/python bench/route_bench.py                  # 10, 20, 40, 80 stops × 30 seeds
    .venv/bin/python bench/route_bench.py --sizes 10 20 --seeds 5

PyVRP and VROOM come from the ``bench`` extra (``pip install -e .[bench]``);
they are never runtime dependencies of rmtui.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rmtui.routing import solve_day  # noqa: E402
from rmtui.routing.instance import DayInstance, build_instance  # noqa: E402
from rmtui.routing.matrix import GreatCircleProvider  # noqa: E402
from rmtui.routing.model import DayEnd, DayProblem, DayStart, Location, Lunch, Stop, Travel, Window  # noqa: E402
from rmtui.routing.schedule import time_route  # noqa: E402

OFFICE = Location(32.0415, 118.7840)
H = 3600


def make_field_day(n: int, seed: int) -> DayProblem:
    """A random field day of ``n`` stops around the office, with its travel matrix."""
    rng = np.random.default_rng([n, seed])
    km_lat = 1 / 111.32
    km_lon = 1 / (111.32 * np.cos(np.radians(OFFICE.lat)))
    stops = []
    for k in range(n):
        dx, dy = rng.uniform(-10, 10, size=2)
        loc = Location(OFFICE.lat + dy * km_lat, OFFICE.lon + dx * km_lon)
        service = int(rng.integers(3, 10)) * 5 * 60  # 15–45 min
        if rng.random() < 0.3:  # opening hours with a lunch closure
            a_len, b_len = (int(rng.integers(8, 17)) * 900 for _ in range(2))
            a = 8 * H + int(rng.integers(0, (12 * H - a_len - 8 * H) // 900 + 1)) * 900
            b = 13 * H + int(rng.integers(0, (18 * H - b_len - 13 * H) // 900 + 1)) * 900
            windows = (Window(a, a + a_len), Window(b, b + b_len))
        else:
            length = int(rng.integers(8, 17)) * 900  # 2–4 h
            a = 8 * H + int(rng.integers(0, (10 * H - length) // 900 + 1)) * 900
            windows = (Window(a, a + length),)
        stops.append(Stop(f"S{k:03d}", loc, service, windows))
    travel = Travel("drive", 25.0, 1.35)
    points = [OFFICE, *(s.location for s in stops), OFFICE]
    matrix = GreatCircleProvider().matrix(points, travel)
    return DayProblem(
        start=DayStart(OFFICE, 8 * H), end=DayEnd(OFFICE, 18 * H), stops=tuple(stops),
        lunch=Lunch(int(11.5 * H), int(13.5 * H), 45 * 60), travel=travel, matrix=matrix,
    )


@dataclass
class Outcome:
    """One solver on one day: visits, travel seconds (None when invalid) and wall time."""

    visits: int
    travel: int | None
    seconds: float


def _instance(problem: DayProblem) -> DayInstance:
    return build_instance(problem, problem.matrix)[0]


def _judge(inst: DayInstance, order: list[int], seconds: float) -> Outcome:
    """Re-time a peer's order with rmtui's rules; invalid routes get travel None."""
    if time_route(inst, order) is None:
        return Outcome(len(order), None, seconds)
    path = [0, *order, inst.end]
    return Outcome(len(order), int(sum(inst.durations[a, b] for a, b in zip(path, path[1:]))), seconds)


def run_rmtui(problem: DayProblem) -> Outcome:
    began = time.perf_counter()
    result = solve_day(problem)
    return Outcome(result.visits, result.travel, time.perf_counter() - began)


def run_reference_dp(problem: DayProblem) -> Outcome:
    """A plain-Python label-setting DP, written independently of rmtui.routing.exact."""
    inst = _instance(problem)
    began = time.perf_counter()
    n, dur, svc, lunch, end = inst.n, inst.durations.tolist(), inst.service.tolist(), inst.lunch, inst.end
    # label: (mask, last, fed) -> list of (cost, depart, path)
    labels = {(0, 0, lunch is None): [(0, inst.start_time, ())]}
    best = (0, None, ())  # (visits, travel, path), more visits then less travel
    while labels:
        nxt: dict = {}
        for (mask, last, fed), items in labels.items():
            for cost, depart, path in items:
                for to in [end, *range(1, n + 1)]:
                    if to != end and mask >> to & 1:
                        continue
                    for eat in ([False] if fed else [False, True]):
                        ready = depart + dur[last][to]
                        if eat:
                            if max(depart, lunch.earliest) > lunch.latest_start:
                                continue
                            ready = max(ready, lunch.earliest) + lunch.duration
                        if to == end:
                            if (fed or eat) and ready <= inst.end_latest:
                                key = (len(path), -(cost + dur[last][to]))
                                if best[1] is None or key > (best[0], -best[1]):
                                    best = (len(path), cost + dur[last][to], path)
                            continue
                        start = next((max(ready, a) for a, b in inst.windows[to] if ready <= b), None)
                        if start is None:
                            continue
                        leave = start + svc[to]
                        if not (fed or eat) and leave > lunch.latest_start:
                            continue
                        bucket = nxt.setdefault((mask | 1 << to, to, fed or eat), [])
                        c = cost + dur[last][to]
                        if any(c2 <= c and d2 <= leave for c2, d2, _ in bucket):
                            continue
                        bucket[:] = [b for b in bucket if not (c <= b[0] and leave <= b[1])]
                        bucket.append((c, leave, path + (to,)))
        labels = nxt
    return _judge(inst, list(best[2]), time.perf_counter() - began)


PRIZE = 1_000_000  # more than any day's travel: a visit always beats a detour


def run_pyvrp(problem: DayProblem, seconds: float) -> Outcome:
    """PyVRP with optional prized clients; lunch as one required-group client per place."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    inst = _instance(problem)
    began = time.perf_counter()
    n, end, lunch = inst.n, inst.end, inst.lunch
    m = pyvrp.Model()
    locs = [m.add_location(0, 0) for _ in range(n + 2)]
    start_depot = m.add_depot(locs[0], tw_early=inst.start_time, tw_late=inst.end_latest)
    end_depot = m.add_depot(locs[end], tw_early=inst.start_time, tw_late=inst.end_latest)
    m.add_vehicle_type(1, start_depot=start_depot, end_depot=end_depot, tw_early=inst.start_time, tw_late=inst.end_latest)
    owner = []  # the stop node of each client, in the order they are added
    for k in range(1, n + 1):
        wins = inst.windows[k]
        if len(wins) != 1:  # PyVRP has one window per client: a group of alternatives
            group = m.add_client_group(required=False)
            for a, b in wins:
                m.add_client(locs[k], service_duration=int(inst.service[k]), tw_early=a, tw_late=b,
                             prize=PRIZE, required=False, group=group)
                owner.append(k)
        else:
            a, b = wins[0]
            m.add_client(locs[k], service_duration=int(inst.service[k]), tw_early=a, tw_late=b,
                         prize=PRIZE, required=False)
            owner.append(k)
    if lunch is not None:
        # Lunch "near" any point: visiting the copy at j just before j is
        # exactly rmtui's rule (eat near the next stop while waiting).
        group = m.add_client_group(required=True)
        for k in range(n + 2):
            m.add_client(locs[k], service_duration=lunch.duration, tw_early=max(lunch.earliest, inst.start_time),
                         tw_late=lunch.latest_start, required=False, group=group, name="lunch")
    for i in range(n + 2):
        for j in range(n + 2):
            d = int(inst.durations[i, j])
            m.add_edge(locs[i], locs[j], distance=d, duration=d)
    res = m.solve(stop=MaxRuntime(seconds), seed=0, display=False)
    order = []
    if res.is_feasible():
        for route in res.best.routes():
            for act in route.schedule():
                if act.is_client() and act.idx < len(owner):  # lunch copies come after the stops
                    order.append(owner[act.idx])
    return _judge(inst, order, time.perf_counter() - began)


def run_vroom(problem: DayProblem) -> Outcome:
    """VROOM with a break for lunch."""
    import vroom

    inst = _instance(problem)
    began = time.perf_counter()
    n, end, lunch = inst.n, inst.end, inst.lunch
    vp = vroom.Input()
    vp.set_durations_matrix(profile="car", matrix_input=inst.durations.astype(np.uint32))
    breaks = []
    if lunch is not None:
        breaks = [vroom.Break(id=1, time_windows=[vroom.TimeWindow(max(lunch.earliest, inst.start_time), lunch.latest_start)],
                              service=lunch.duration)]
    vp.add_vehicle(vroom.Vehicle(id=0, start=0, end=end, time_window=vroom.TimeWindow(inst.start_time, inst.end_latest),
                                 breaks=breaks))
    for k in range(1, n + 1):
        vp.add_job(vroom.Job(id=k, location=k, default_service=int(inst.service[k]),
                             time_windows=[vroom.TimeWindow(a, b) for a, b in inst.windows[k]]))
    sol = vp.solve(exploration_level=5, nb_threads=1)
    routes = sol.routes
    order = [int(j) for t, j in zip(routes["type"], routes["id"]) if t == "job"]
    return _judge(inst, order, time.perf_counter() - began)


def _solvers(n: int) -> dict[str, Callable[[DayProblem], Outcome]]:
    solvers: dict[str, Callable[[DayProblem], Outcome]] = {"rmtui": run_rmtui}
    if n <= 10:
        solvers["exact-dp"] = run_reference_dp
    solvers["pyvrp-1s"] = lambda p: run_pyvrp(p, 1.0)
    solvers["pyvrp-5s"] = lambda p: run_pyvrp(p, 5.0)
    solvers["vroom"] = run_vroom
    return solvers


def bench_size(n: int, seeds: int, out=sys.stdout) -> None:
    """Solve ``seeds`` days of ``n`` stops with every solver and print the summary."""
    solvers = _solvers(n)
    results: dict[str, list[Outcome]] = {name: [] for name in solvers}
    warm = make_field_day(n, 10_000)  # imports and first-call costs are not part of any day's time
    for run in solvers.values():
        if run is not solvers.get("pyvrp-5s"):
            run(warm)
    for seed in range(seeds):
        problem = make_field_day(n, seed)
        for name, run in solvers.items():
            results[name].append(run(problem))
    ratios, matches, fewer, more, invalid = [], 0, 0, 0, {name: 0 for name in solvers}
    for day in range(seeds):
        peers = [results[name][day] for name in solvers if name != "rmtui"]
        for name in solvers:
            invalid[name] += results[name][day].travel is None
        valid = [p for p in peers if p.travel is not None]
        mine = results["rmtui"][day]
        if not valid:
            continue
        top = max(p.visits for p in valid)
        best = min(p.travel for p in valid if p.visits == top)
        if mine.visits < top:
            fewer += 1
            ratios.append(float("inf"))
            continue
        more += mine.visits > top
        if mine.visits == top:
            ratios.append(mine.travel / best if best else 1.0)
        matches += mine.visits > top or mine.travel <= best
    print(f"\n== {n} stops, {seeds} days ==", file=out)
    if ratios:  # days where rmtui visits as many stops as the best peer (inf: fewer)
        print(f"rmtui / best peer travel: median {statistics.median(ratios):.4f}, worst {max(ratios):.4f}", file=out)
    print(f"rmtui matches the best peer on {matches}/{seeds} days "
          f"(more visits than every peer on {more}, fewer on {fewer}; "
          f"mean visits {statistics.mean(o.visits for o in results['rmtui']):.2f})", file=out)
    print(f"{'solver':<10} {'median s':>9} {'worst s':>9} {'visits':>7} {'invalid':>8}", file=out)
    for name, outs in results.items():
        secs = [o.seconds for o in outs]
        print(f"{name:<10} {statistics.median(secs):9.4f} {max(secs):9.4f} "
              f"{statistics.mean(o.visits for o in outs):7.2f} {invalid[name]:8d}", file=out)
    out.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40, 80], help="stops per day")
    parser.add_argument("--seeds", type=int, default=30, help="days per size")
    args = parser.parse_args(argv)
    for n in args.sizes:
        bench_size(n, args.seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
