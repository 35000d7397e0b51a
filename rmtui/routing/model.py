"""The day-routing vocabulary: a day of visits going in, an ordered route coming out.

Everything here is a plain frozen dataclass in the caller's language (stops,
windows, lunch, travel); times are integer seconds since midnight and
durations integer seconds. No solver concept appears in these types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from rmtui.routing.explain import Reason

WindowRule = Literal["start", "visit"]
Status = Literal["optimal", "feasible", "infeasible"]

#: Default speeds by travel mode (km/h), used when ``Travel.speed_kmh`` is not set.
MODE_SPEEDS_KMH = {"drive": 25.0, "bike": 12.0, "walk": 4.5, "transit": 18.0}


@dataclass(frozen=True)
class Location:
    """A point on the map (WGS84 degrees)."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Window:
    """A span of the day, in seconds since midnight, in which a stop can be visited."""

    open: int
    close: int


@dataclass(frozen=True)
class Stop:
    """A customer to visit today.

    ``windows`` are the customer's available spans (opening hours with a lunch
    closure, or one narrow span for an appointment); none means any time of
    the day. With ``window_rule="start"`` (the default, the usual VRPTW rule)
    the visit must *start* inside a window; with ``"visit"`` it must also
    *end* inside it. Higher ``priority`` is kept longer when the day is full;
    a ``required`` stop is never dropped to make room.
    """

    id: str
    location: Location | None
    service: int
    windows: tuple[Window, ...] = ()
    priority: int = 1
    required: bool = False
    window_rule: WindowRule = "start"

    def start_windows(self) -> tuple[Window, ...]:
        """The spans in which the visit may start (what the solvers work with)."""
        if self.window_rule == "visit":
            return tuple(Window(w.open, w.close - self.service) for w in self.windows)
        return self.windows


@dataclass(frozen=True)
class DayStart:
    """Where and when the day begins (usually the office or home)."""

    location: Location | None
    time: int


@dataclass(frozen=True)
class DayEnd:
    """Where the day ends and the latest arrival there."""

    location: Location | None
    latest: int


@dataclass(frozen=True)
class Lunch:
    """A lunch break of ``duration`` seconds lying wholly inside [earliest, latest]."""

    earliest: int
    latest: int
    duration: int


@dataclass(frozen=True)
class Travel:
    """How the manager moves: the mode, its speed and how winding the roads are."""

    mode: str = "drive"
    speed_kmh: float | None = None
    circuity: float = 1.35

    @property
    def speed(self) -> float:
        """The speed in km/h: the one given, or the mode's default."""
        return self.speed_kmh if self.speed_kmh is not None else MODE_SPEEDS_KMH.get(self.mode, 25.0)


@dataclass(frozen=True, eq=False)
class TravelMatrix:
    """Travel between the day's points: start, the stops in order, then end.

    ``durations`` are whole seconds (int64); ``distances`` metres, when known.
    """

    durations: np.ndarray
    distances: np.ndarray | None = None


@dataclass(frozen=True)
class DayProblem:
    """One day to order: where it starts and ends, lunch, travel and the stops."""

    start: DayStart
    end: DayEnd
    stops: tuple[Stop, ...]
    lunch: Lunch | None = None
    travel: Travel = field(default_factory=Travel)
    matrix: TravelMatrix | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class RoutedStop:
    """A visit in the route with its times.

    ``arrive = depart(previous) + travel`` (plus the lunch break when it is
    taken on this leg); ``start = arrive + wait``; ``depart = start + service``.
    ``window`` is the window the visit starts in.
    """

    stop: Stop
    arrive: int
    wait: int
    start: int
    depart: int
    travel: int
    distance_m: float | None
    window: Window | None


@dataclass(frozen=True)
class LunchBreak:
    """Where the lunch break falls: between ``after`` and ``before`` (stop ids;
    None means the day's start or end respectively)."""

    start: int
    end: int
    after: str | None
    before: str | None


@dataclass(frozen=True)
class DroppedStop:
    """A stop left out of the route, with a reason a person understands.

    ``reason`` is plain English (logs, JSON); ``why`` the same reason as values, for callers that put it
    in the user's language (``rmtui.services.route_reasons``)."""

    stop: Stop
    reason: str
    why: Reason | None = None


@dataclass(frozen=True)
class RouteResult:
    """The ordered day: what to visit when, what was dropped and why.

    ``status`` is ``optimal`` when the route is proven best, ``feasible`` when
    it is the best found within the time limit, ``infeasible`` when a
    required stop could not be fitted (it is then in ``dropped`` and
    ``reason`` names it; the route is the best day without it).
    """

    status: Status
    solve_seconds: float
    method: str
    depart: int
    route: tuple[RoutedStop, ...]
    lunch: LunchBreak | None
    end_arrive: int
    end_travel: int
    end_distance_m: float | None
    dropped: tuple[DroppedStop, ...]
    notices: tuple[str, ...] = ()
    reason: str | None = None

    @property
    def travel(self) -> int:
        """Total travel time in seconds, including the way back to the end."""
        return sum(r.travel for r in self.route) + self.end_travel

    @property
    def distance_m(self) -> float | None:
        """Total distance in metres, when distances are known."""
        legs = [r.distance_m for r in self.route] + [self.end_distance_m]
        return None if any(d is None for d in legs) else float(sum(legs))  # type: ignore[arg-type]

    @property
    def wait(self) -> int:
        """Total waiting time in seconds (arriving before a window opens)."""
        return sum(r.wait for r in self.route)

    @property
    def visits(self) -> int:
        """How many stops are visited."""
        return len(self.route)
