"""The JSON form of a day and of its route (see docs/route-json.md).

``problem_from_json`` checks the document's shape and types and builds a
``DayProblem`` (``validate`` then checks its meaning); ``result_to_json``
turns a ``RouteResult`` back into JSON. Errors are ``InputError`` naming
the stop and field. Fields we do not know are reported as notices rather
than silently ignored, so a misspelt ``window`` does not pass unnoticed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np

from rmtui.errors import InputError
from rmtui.routing.clock import format_clock, minutes, parse_clock
from rmtui.routing.model import (
    MODE_SPEEDS_KMH,
    DayEnd,
    DayProblem,
    DayStart,
    Location,
    Lunch,
    RouteResult,
    Stop,
    Travel,
    TravelMatrix,
    Window,
)

_KNOWN = {
    "": {"date", "start", "end", "lunch", "travel", "matrix", "stops"},
    "start": {"lat", "lon", "time"},
    "end": {"lat", "lon", "latest"},
    "lunch": {"earliest", "latest", "minutes"},
    "travel": {"mode", "speed_kmh", "circuity"},
    "matrix": {"durations_s", "distances_m"},
    "stop": {"id", "lat", "lon", "service_minutes", "windows", "priority", "required", "window_rule", "name"},
}


def load_problem(text: str, source: str = "input") -> tuple[DayProblem, list[str]]:
    """Parse JSON text into a problem and notices about ignored fields."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    return problem_from_json(data)


def problem_from_json(data: Any) -> tuple[DayProblem, list[str]]:
    """A ``DayProblem`` from a parsed JSON document, and notices about unknown fields."""
    notices: list[str] = []
    doc = _object(data, "the document", "", notices)
    date = None
    if doc.get("date") is not None:
        try:
            date = dt.date.fromisoformat(_string(doc["date"], "date"))
        except ValueError as exc:
            raise InputError(f"date: {doc['date']!r} is not a date like \"2026-12-01\"") from exc
    if "start" not in doc:
        raise InputError('start: missing; give at least {"time": "08:30"} (and lat/lon unless a matrix is given)')
    start_doc = _object(doc["start"], "start", "start", notices)
    if "time" not in start_doc:
        raise InputError('start.time: missing; when does the day begin, e.g. "08:30"')
    start = DayStart(_location(start_doc, "start"), parse_clock(start_doc["time"], "start.time"))
    end_doc = _object(doc.get("end") or {}, "end", "end", notices)
    end_loc = _location(end_doc, "end") if ("lat" in end_doc or "lon" in end_doc) else start.location
    latest = parse_clock(end_doc["latest"], "end.latest") if "latest" in end_doc else 24 * 3600
    end = DayEnd(end_loc, latest)

    lunch = None
    if doc.get("lunch") is not None:
        ld = _object(doc["lunch"], "lunch", "lunch", notices)
        for key in ("earliest", "latest", "minutes"):
            if key not in ld:
                raise InputError(f"lunch.{key}: missing")
        lunch = Lunch(
            parse_clock(ld["earliest"], "lunch.earliest"),
            parse_clock(ld["latest"], "lunch.latest"),
            _seconds(ld["minutes"], "lunch.minutes"),
        )

    travel = Travel()
    if doc.get("travel") is not None:
        td = _object(doc["travel"], "travel", "travel", notices)
        mode = _string(td.get("mode", "drive"), "travel.mode")
        if mode not in MODE_SPEEDS_KMH:
            raise InputError(f"travel.mode: {mode!r} is not one of {', '.join(MODE_SPEEDS_KMH)}")
        speed = _number(td["speed_kmh"], "travel.speed_kmh") if td.get("speed_kmh") is not None else None
        circuity = _number(td.get("circuity", 1.35), "travel.circuity")
        travel = Travel(mode, speed, circuity)

    stops_doc = doc.get("stops")
    if not isinstance(stops_doc, list):
        raise InputError("stops: expected a list of stops (it may be empty)")
    stops = tuple(_stop(s, k, notices) for k, s in enumerate(stops_doc))

    matrix = None
    if doc.get("matrix") is not None:
        md = _object(doc["matrix"], "matrix", "matrix", notices)
        if "durations_s" not in md:
            raise InputError("matrix.durations_s: missing (seconds between start, every stop in order, and end)")
        durations = _grid(md["durations_s"], "matrix.durations_s")
        distances = _grid(md["distances_m"], "matrix.distances_m") if md.get("distances_m") is not None else None
        if "end" not in doc and len(durations) == len(stops) + 1:
            # End omitted: a matrix without an end row means "back to the start".
            durations = _append_start_as_end(durations)
            distances = None if distances is None else _append_start_as_end(distances)
        matrix = TravelMatrix(durations, distances)
    return DayProblem(start, end, stops, lunch, travel, matrix, date), notices


def _stop(data: Any, k: int, notices: list[str]) -> Stop:
    where = f"stops[{k}]"
    sd = _object(data, where, "stop", notices, label=where)
    if "id" not in sd or isinstance(sd["id"], bool) or not isinstance(sd["id"], (str, int)):
        raise InputError(f"{where}.id: every stop needs an id (a string)")
    sid = str(sd["id"])
    name = f"stop {sid}"
    windows = []
    raw = sd.get("windows") or []
    if not isinstance(raw, list):
        raise InputError(f'{name}: windows must be a list of ["HH:MM", "HH:MM"] pairs')
    for i, w in enumerate(raw):
        if not (isinstance(w, list) and len(w) == 2):
            raise InputError(f'{name}: windows[{i}] must be a pair like ["09:00", "11:30"], got {w!r}')
        windows.append(Window(parse_clock(w[0], f"{name} windows[{i}][0]"), parse_clock(w[1], f"{name} windows[{i}][1]")))
    priority = sd.get("priority", 1)
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise InputError(f"{name}: priority must be a whole number (higher is kept longer), got {priority!r}")
    required = sd.get("required", False)
    if not isinstance(required, bool):
        raise InputError(f"{name}: required must be true or false, got {required!r}")
    rule = sd.get("window_rule", "start")
    if rule not in ("start", "visit"):
        raise InputError(f'{name}: window_rule must be "start" or "visit", not {rule!r}')
    service = _seconds(sd.get("service_minutes", 0), f"{name} service_minutes")
    return Stop(sid, _location(sd, name), service, tuple(windows), priority, required, rule)


def _object(value: Any, what: str, kind: str, notices: list[str], label: str | None = None) -> dict:
    if not isinstance(value, dict):
        raise InputError(f"{what}: expected an object {{...}}, got {type(value).__name__}")
    unknown = sorted(set(value) - _KNOWN[kind])
    prefix = f"{label or kind}." if (label or kind) else ""
    notices.extend(f"ignored unknown field {prefix}{key}" for key in unknown)
    return value


def _location(d: dict, where: str) -> Location | None:
    has_lat, has_lon = d.get("lat") is not None, d.get("lon") is not None
    if not has_lat and not has_lon:
        return None
    if has_lat != has_lon:
        raise InputError(f"{where}: give both lat and lon, or neither")
    return Location(_number(d["lat"], f"{where} lat"), _number(d["lon"], f"{where} lon"))


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _seconds(value: Any, where: str) -> int:
    number = _number(value, where)
    if number < 0:
        raise InputError(f"{where}: must not be negative, got {value!r}")
    return int(round(number * 60))


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: expected a string, got {value!r}")
    return value


def _grid(value: Any, where: str) -> np.ndarray:
    """A square table of numbers (shape and signs are checked in ``validate``)."""
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise InputError(f"{where}: expected a list of rows of numbers")
    for i, row in enumerate(value):
        for j, x in enumerate(row):
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                raise InputError(f"{where}[{i}][{j}]: expected a number, got {x!r}")
    widths = {len(row) for row in value}
    if len(widths) > 1:
        raise InputError(f"{where}: rows have different lengths ({', '.join(map(str, sorted(widths)))})")
    return np.array(value, dtype=np.float64).reshape(len(value), widths.pop() if widths else 0)


def _append_start_as_end(grid: np.ndarray) -> np.ndarray:
    """Add an end row and column that copy the start's (end = start)."""
    if grid.shape[0] != grid.shape[1]:
        return grid
    out = np.zeros((len(grid) + 1, len(grid) + 1))
    out[:-1, :-1] = grid
    out[-1, :-1] = grid[0]
    out[:-1, -1] = grid[:, 0]
    return out


def solve_json(document: Any, *, time_limit: float | None = None, matrix_provider=None) -> dict:
    """Parse, solve and render one JSON day (what ``rmtui route solve`` does).

    ``matrix_provider`` (e.g. an ``OsrmTableProvider``) gives road times when
    the document has no matrix. Raises ``InputError`` for bad input.
    """
    from rmtui.routing.day import DEFAULT_TIME_LIMIT, solve_day

    problem, notices = problem_from_json(document)
    limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit
    result = solve_day(problem, time_limit=limit, matrix_provider=matrix_provider)
    out = result_to_json(result, problem)
    out["notices"] = notices + out["notices"]
    return out


def result_to_json(result: RouteResult, problem: DayProblem) -> dict:
    """The route as a JSON-ready dict (the output schema of ``rmtui route solve``)."""

    def km(metres: float | None) -> float | None:
        return None if metres is None else round(metres / 1000.0, 3)

    route = []
    for r in result.route:
        route.append(
            {
                "id": r.stop.id,
                "arrive": format_clock(r.arrive),
                "wait_minutes": minutes(r.wait),
                "start": format_clock(r.start),
                "depart": format_clock(r.depart),
                "service_minutes": minutes(r.stop.service),
                "travel_minutes": minutes(r.travel),
                "distance_km": km(r.distance_m),
                "window": None if r.window is None else [format_clock(r.window.open), format_clock(r.window.close)],
                "priority": r.stop.priority,
                "required": r.stop.required,
            }
        )
    lunch = None
    if result.lunch is not None:
        lunch = {
            "start": format_clock(result.lunch.start),
            "end": format_clock(result.lunch.end),
            "minutes": minutes(result.lunch.end - result.lunch.start),
            "after": result.lunch.after or "start",
            "before": result.lunch.before or "end",
        }
    out: dict[str, Any] = {
        "status": result.status,
        "solve_seconds": round(result.solve_seconds, 4),
        "method": result.method,
        "date": problem.date.isoformat() if problem.date else None,
        "start": {"depart": format_clock(result.depart)},
        "route": route,
        "lunch": lunch,
        "end": {
            "arrive": format_clock(result.end_arrive),
            "travel_minutes": minutes(result.end_travel),
            "distance_km": km(result.end_distance_m),
        },
        "totals": {
            "travel_minutes": minutes(result.travel),
            "travel_seconds": result.travel,
            "distance_km": km(result.distance_m),
            "visits": result.visits,
            "wait_minutes": minutes(result.wait),
            "service_minutes": minutes(sum(r.stop.service for r in result.route)),
            "dropped": len(result.dropped),
        },
        "dropped": [
            {"id": d.stop.id, "reason": d.reason, "priority": d.stop.priority, "required": d.stop.required}
            for d in result.dropped
        ],
        "notices": list(result.notices),
    }
    if result.reason:
        out["reason"] = result.reason
    return out
