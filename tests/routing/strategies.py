"""Hypothesis strategies for random days with explicit matrices."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from rmtui.routing.model import DayEnd, DayProblem, DayStart, Lunch, Stop, TravelMatrix, Window

DAY_START, DAY_END = 8 * 3600, 18 * 3600


@st.composite
def windows(draw, service: int, rule: str, day_end: int):
    count = draw(st.integers(0, 2))
    spans = []
    cursor = DAY_START
    for _ in range(count):
        if cursor >= day_end - 1800:
            break
        a = draw(st.integers(cursor, day_end - 1800)) // 300 * 300
        length = draw(st.integers(0, 4 * 3600)) // 300 * 300
        if rule == "visit":
            length = max(length, service)
        b = min(a + length, day_end)
        if rule == "visit" and b - a < service:
            break
        spans.append(Window(a, b))
        cursor = b + 600
    return tuple(spans)


@st.composite
def stops(draw, k: int, day_end: int):
    service = draw(st.sampled_from([0, 10, 20, 30, 45, 60])) * 60
    rule = draw(st.sampled_from(["start", "start", "visit"]))
    return Stop(
        id=f"C{k:03d}",
        location=None,
        service=service,
        windows=draw(windows(service, rule, day_end)),
        priority=draw(st.integers(1, 3)),
        required=draw(st.booleans()) and draw(st.booleans()),
        window_rule=rule,
    )


@st.composite
def days(draw, min_stops: int = 0, max_stops: int = 6, metric: bool | None = None):
    n = draw(st.integers(min_stops, max_stops))
    day_end = draw(st.sampled_from([16 * 3600, DAY_END]))
    the_stops = tuple(draw(stops(k, day_end)) for k in range(n))
    size = n + 2
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    use_metric = draw(st.booleans()) if metric is None else metric
    if use_metric:
        xy = rng.uniform(0, 15_000, size=(size, 2))
        xy[-1] = xy[0]
        dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        durations = np.rint(dist / 7.0).astype(np.int64)
    else:
        durations = rng.integers(0, 3600, size=(size, size))
        np.fill_diagonal(durations, 0)
    lunch = None
    if draw(st.booleans()):
        earliest = draw(st.sampled_from(["11:00", "11:30", "12:00"]))
        e = int(earliest[:2]) * 3600 + int(earliest[3:]) * 60
        lunch = Lunch(e, e + draw(st.sampled_from([60, 90, 120])) * 60, draw(st.sampled_from([30, 45, 60])) * 60)
    return DayProblem(
        start=DayStart(None, DAY_START),
        end=DayEnd(None, day_end),
        stops=the_stops,
        lunch=lunch,
        matrix=TravelMatrix(durations),
    )
