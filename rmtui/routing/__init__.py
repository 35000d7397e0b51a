"""The day route engine: order one day's visits, least travel first.

The only package that talks to OR-Tools (in ``solver.py``). Callers speak
in stops, windows and a lunch break (``model``) and get back a timed route
with the stops left out and why::

    from rmtui.routing import solve_day
    result = solve_day(problem, time_limit=5.0)

``jsonio`` reads and writes the JSON form used by ``rmtui route solve``.
"""

from __future__ import annotations

from rmtui.routing.day import DEFAULT_TIME_LIMIT, solve_day
from rmtui.routing.matrix import GreatCircleProvider, OsrmTableProvider, TravelMatrixProvider, TravelServiceError
from rmtui.routing.model import (
    DayEnd,
    DayProblem,
    DayStart,
    DroppedStop,
    Location,
    Lunch,
    LunchBreak,
    RoutedStop,
    RouteResult,
    Stop,
    Travel,
    TravelMatrix,
    Window,
)

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "DayEnd",
    "DayProblem",
    "DayStart",
    "DroppedStop",
    "GreatCircleProvider",
    "Location",
    "Lunch",
    "LunchBreak",
    "OsrmTableProvider",
    "RouteResult",
    "RoutedStop",
    "Stop",
    "Travel",
    "TravelMatrix",
    "TravelMatrixProvider",
    "TravelServiceError",
    "Window",
    "solve_day",
]
