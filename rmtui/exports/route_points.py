"""A day's route as exports see it: ordered points with times, in WGS-84.

Independent of any solver: whatever plans the day turns its result into a
``RouteExport`` (start, stops, lunch, end in driving order) and every
exporter takes that. Validation happens here, once, with messages that say
which point is wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from rmtui.errors import InputError

PointKind = Literal["start", "stop", "lunch", "end"]
KINDS: tuple[str, ...] = ("start", "stop", "lunch", "end")


@dataclass(frozen=True, slots=True)
class RoutePoint:
    """One point of the day's route, in driving order."""

    seq: int
    """Position in the route, increasing along it (start = 0)."""
    kind: PointKind
    """start, stop (a customer visit), lunch, or end."""
    label: str
    """What the user sees: the customer's name, "办公室", "午餐"."""
    lat: float | None
    """Latitude, WGS-84; None only for a lunch break with no place of its own."""
    lon: float | None
    """Longitude, WGS-84."""
    arrive: time | None = None
    """Planned arrival (wall-clock time in the route's time zone)."""
    depart: time | None = None
    """Planned departure."""
    code: str = ""
    """The customer's code, for stops."""
    address: str = ""
    """Street address, shown in exports."""
    note: str = ""
    """Purpose of the visit or any remark."""

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class RouteExport:
    """A day's route to export: its date, a title and the points in order."""

    day: date
    title: str
    points: tuple[RoutePoint, ...]
    timezone: str = "Asia/Shanghai"

    def __post_init__(self) -> None:
        if not self.points:
            raise InputError(f"the route of {self.day.isoformat()} has no points to export", title="Export")
        seqs = [p.seq for p in self.points]
        if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
            raise InputError(f"route points must be in order with distinct seq numbers; got {seqs}",
                             title="Export")
        for p in self.points:
            where = f"route point {p.seq} ({p.label!r})"
            if p.kind not in KINDS:
                raise InputError(f"{where}: kind {p.kind!r} is not one of {', '.join(KINDS)}", title="Export")
            if p.lat is None or p.lon is None:
                if p.kind != "lunch" or (p.lat is None) != (p.lon is None):
                    raise InputError(f"{where} has no location; only a lunch break may lack one", title="Export")
                continue
            if not (math.isfinite(p.lat) and -90 <= p.lat <= 90 and math.isfinite(p.lon) and -180 <= p.lon <= 180):
                raise InputError(f"{where}: {p.lat},{p.lon} is not a WGS-84 latitude,longitude", title="Export")
        try:
            ZoneInfo(self.timezone)
        except Exception:
            raise InputError(f"unknown time zone {self.timezone!r}", title="Export") from None

    def located(self) -> tuple[RoutePoint, ...]:
        """The points that have a location, in order (what a map draws)."""
        return tuple(p for p in self.points if p.located)

    def moment(self, t: time | None) -> datetime | None:
        """A time of this day as an aware datetime in the route's zone."""
        if t is None:
            return None
        return datetime.combine(self.day, t, tzinfo=ZoneInfo(self.timezone))

    def display_name(self, point: RoutePoint) -> str:
        """"3. 金陵副食店" for the third stop, the label alone for start, lunch and end."""
        if point.kind != "stop":
            return point.label
        number = 1 + sum(1 for p in self.points if p.kind == "stop" and p.seq < point.seq)
        return f"{number}. {point.label}"


def hm(t: time | None) -> str:
    """``"09:05"``, or "" for no time."""
    return t.strftime("%H:%M") if t is not None else ""
