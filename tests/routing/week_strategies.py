"""Hypothesis strategies for random weeks (visits around one office, several days)."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from rmtui.routing.model import Location, Lunch, Travel
from rmtui.routing.week import WeekDay, WeekProblem, WeekVisit

H = 3600
OFFICE = Location(32.0415, 118.784)


@st.composite
def week_days(draw, count: int) -> tuple[WeekDay, ...]:
    out = []
    for _ in range(count):
        start = draw(st.sampled_from([8 * H, 8 * H + 1800, 9 * H]))
        end = draw(st.sampled_from([12 * H, 16 * H, 17 * H, 18 * H]))
        lunch = None
        if draw(st.booleans()) or draw(st.booleans()):
            earliest = draw(st.sampled_from([11 * H, 11 * H + 1800, 12 * H]))
            duration = draw(st.sampled_from([30, 45, 60])) * 60
            # Some lunches leave little choice of when to eat.
            lunch = Lunch(earliest, earliest + duration + draw(st.sampled_from([0, 5, 15, 30, 60, 90])) * 60, duration)
        out.append(WeekDay(start, end, OFFICE, OFFICE, lunch))
    return tuple(out)


@st.composite
def start_windows(draw, service: int):
    """Opening hours as start windows: all day, a morning and an afternoon, or one short span."""
    kind = draw(st.sampled_from(["day", "split", "short", "late"]))
    if kind == "day":
        spans = [(8 * H, 18 * H)]
    elif kind == "split":
        spans = [(8 * H + 1800, 12 * H), (13 * H + 1800, 18 * H)]
    elif kind == "short":
        a = draw(st.integers(16, 30)) * 1800
        spans = [(a, a + draw(st.sampled_from([1, 2, 3])) * H)]
    else:
        spans = [(14 * H, 21 * H)]
    return tuple((a, b - service) for a, b in spans if b - service >= a)


@st.composite
def weeks(draw, min_visits: int = 0, max_visits: int = 30, max_days: int = 5, radius: float = 8000) -> WeekProblem:
    """A random week: visits within ``radius`` metres of the office, allowed on some days
    each (a due date cuts the days short, a cadence window starts them late)."""
    days = draw(week_days(draw(st.integers(1, max_days))))
    n = draw(st.integers(min_visits, max_visits))
    seed = draw(st.integers(0, 2**31))
    import random

    rng = random.Random(seed)
    visits = []
    for i in range(n):
        r, a = radius * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        loc = Location(OFFICE.lat + r * math.sin(a) / 111_000, OFFICE.lon + r * math.cos(a) / 94_000)
        service = rng.choice((10, 15, 20, 30, 45, 60)) * 60
        first = rng.randrange(len(days))
        last = rng.randrange(first, len(days))
        windows = {}
        for k in range(first, last + 1):
            if rng.random() < 0.85:
                spans = draw(start_windows(service))
                if spans:
                    windows[k] = spans
        required = rng.random() < 0.5
        visits.append(WeekVisit(f"v{i}", loc, service, windows, rng.choice((0, 1, 2)) + (10 if required else 0),
                                rng.randrange(1000), required, rng.choice((0, 0, 0, 600, 1800))))
    return WeekProblem(days, tuple(visits), Travel("drive", 25, 1.35), 180)
