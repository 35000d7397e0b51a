"""Checks a day before any routing, so bad input gets a message, not a crash.

Every error names the stop (or the part of the day) and the field, and says
what would be right. ``jsonio`` checks the shape of the JSON; this module
checks the meaning, for days built in Python as much as for JSON.
"""

from __future__ import annotations

import math

import numpy as np

from rmtui.errors import InputError
from rmtui.routing.clock import format_clock as hm
from rmtui.routing.model import DayProblem, Location, Stop, TravelMatrix


def validate_problem(problem: DayProblem) -> None:
    """Raise ``InputError`` for the first thing wrong with ``problem``."""
    start, end = problem.start.time, problem.end.latest
    if end <= start:
        raise InputError(f"end.latest {hm(end)} is not after start.time {hm(start)}")
    _check_location(problem.start.location, "start")
    _check_location(problem.end.location, "end")
    seen: dict[str, int] = {}
    for k, stop in enumerate(problem.stops):
        if not isinstance(stop.id, str) or not stop.id.strip():
            raise InputError(f"stops[{k}].id: every stop needs a non-empty id")
        if stop.id in seen:
            raise InputError(f"stop {stop.id}: the id appears twice (stops[{seen[stop.id]}] and stops[{k}])")
        seen[stop.id] = k
        _check_stop(stop, start, end)
    if problem.lunch is not None:
        lunch = problem.lunch
        if lunch.duration < 0:
            raise InputError("lunch.minutes must not be negative")
        if lunch.earliest + lunch.duration > lunch.latest:
            raise InputError(
                f"lunch: {lunch.duration // 60} minutes do not fit between {hm(lunch.earliest)} and {hm(lunch.latest)}"
            )
    travel = problem.travel
    if travel.speed <= 0 or not math.isfinite(travel.speed):
        raise InputError(f"travel.speed_kmh must be a positive number, not {travel.speed}")
    if not (travel.circuity > 0 and math.isfinite(travel.circuity)):
        raise InputError(f"travel.circuity must be a positive number, not {travel.circuity}")
    if problem.matrix is not None:
        validate_matrix(problem, problem.matrix)
    else:
        for place, loc in (("start", problem.start.location), ("end", problem.end.location)):
            if loc is None:
                raise InputError(f"{place}: lat and lon are needed when no matrix is given")
        for stop in problem.stops:
            if stop.location is None:
                raise InputError(f"stop {stop.id}: lat and lon are needed when no matrix is given")


def _check_location(loc: Location | None, where: str) -> None:
    if loc is None:
        return
    if not (math.isfinite(loc.lat) and -90 <= loc.lat <= 90):
        raise InputError(f"{where}.lat {loc.lat} is not a latitude (-90..90)")
    if not (math.isfinite(loc.lon) and -180 <= loc.lon <= 180):
        raise InputError(f"{where}.lon {loc.lon} is not a longitude (-180..180)")


def _check_stop(stop: Stop, day_start: int, day_end: int) -> None:
    where = f"stop {stop.id}"
    _check_location(stop.location, where)
    if stop.service < 0:
        raise InputError(f"{where}: service_minutes must not be negative")
    if stop.window_rule not in ("start", "visit"):
        raise InputError(f"{where}: window_rule must be \"start\" or \"visit\", not {stop.window_rule!r}")
    for k, w in enumerate(stop.windows):
        span = f"{hm(w.open)}–{hm(w.close)}"
        if w.close < w.open:
            raise InputError(f"{where}: windows[{k}] {span} ends before it starts")
        if w.close < day_start or w.open > day_end:
            raise InputError(f"{where}: windows[{k}] {span} lies outside the day {hm(day_start)}–{hm(day_end)}")
        if stop.window_rule == "visit" and w.close - w.open < stop.service:
            raise InputError(
                f"{where}: windows[{k}] {span} is shorter than its {stop.service // 60}-minute visit "
                '(window_rule "visit" needs the whole visit inside the window)'
            )


def validate_matrix(problem: DayProblem, matrix: TravelMatrix) -> None:
    """The matrix covers start, every stop and end, with finite non-negative entries."""
    size = len(problem.stops) + 2
    names = ["start", *(f"stop {s.id}" for s in problem.stops), "end"]
    for field, values in (("durations_s", matrix.durations), ("distances_m", matrix.distances)):
        if values is None:
            continue
        arr = np.asarray(values)
        if arr.shape != (size, size):
            raise InputError(
                f"matrix.{field}: expected {size}×{size} (start, {size - 2} stops, end), got "
                f"{'×'.join(str(d) for d in arr.shape) or 'a single value'}"
            )
        bad = np.argwhere(~np.isfinite(arr) | (arr < 0))
        if len(bad):
            i, j = (int(x) for x in bad[0])
            raise InputError(
                f"matrix.{field}[{i}][{j}] ({names[i]} → {names[j]}) is {arr[i, j]}; "
                "travel must be a non-negative number"
            )
