"""Retiming a day in a given order (``rmtui.services.retime.time_day``): inside opening hours,
appointments at their time, and an order that cannot be kept said so, never timed out of hours
in silence."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rmtui.config import Settings
from rmtui.domain.planning.days import LunchSpec, PlanDay
from rmtui.services.retime import Stop, time_day

OFFICE = Settings().start_place()
DAY = date(2026, 12, 2)
NO_LUNCH = PlanDay(DAY, 8 * 60 + 30, 17 * 60, None)  # reserve: 60 more minutes, to 18:00
WITH_LUNCH = PlanDay(DAY, 8 * 60 + 30, 17 * 60, LunchSpec(11 * 60 + 30, 13 * 60 + 30, 45))
S = Settings()
EARLY = S.workday.arrive_early_minutes


def near(k: int, dlat: float, dlon: float, minutes: int, windows=None, appointment=None) -> Stop:  # noqa: ANN001
    return Stop(k, OFFICE.lat + dlat, OFFICE.lon + dlon, minutes, windows, appointment)


def inside(stop: Stop, start_s: int) -> bool:
    if stop.appointment is not None:
        return start_s == stop.appointment * 60
    if stop.windows is None:
        return True
    return any(a * 60 <= start_s and start_s + stop.minutes * 60 <= b * 60 for a, b in stop.windows)


# -- examples ----------------------------------------------------------------


def test_a_shop_that_opens_at_ten_is_visited_at_ten_and_the_wait_is_counted():
    stops = [near(1, 0.01, 0.0, 20), near(2, 0.012, 0.002, 30, windows=((600, 1200),))]
    t = time_day(S, NO_LUNCH, stops)
    assert t.fits and t.outside == ()
    first, second = t.stops
    assert second.start == 600 and second.arrive < 600
    assert abs(t.wait_minutes - (second.start - second.arrive)) <= 1  # seconds, shown in minutes


def test_an_appointment_keeps_its_time_and_arriving_early_is_waiting():
    stops = [near(1, 0.01, 0.0, 20), near(2, 0.0, 0.01, 30, appointment=14 * 60)]
    t = time_day(S, NO_LUNCH, stops)
    assert t.fits and t.stops[1].start == 14 * 60
    assert t.stops[1].arrive <= 14 * 60 - EARLY


def test_an_order_that_misses_the_opening_hours_is_reported_not_moved_before_opening():
    # The second shop closes at 09:00; the first visit takes until after that.
    stops = [near(1, 0.01, 0.0, 60), near(2, 0.02, 0.0, 20, windows=((8 * 60, 9 * 60), (15 * 60, 16 * 60)))]
    t = time_day(S, NO_LUNCH, stops)
    assert t.fits  # it waits for the afternoon window: inside the hours, and the wait is counted
    assert t.stops[1].start == 15 * 60 and t.wait_minutes > 5 * 60
    closed = [near(1, 0.01, 0.0, 60), near(2, 0.02, 0.0, 20, windows=((8 * 60, 9 * 60),))]
    t = time_day(S, NO_LUNCH, closed)
    assert not t.fits and t.outside == (2,)
    assert t.stops[1].start >= 9 * 60  # after it closed, and said so


def test_a_customer_closed_all_day_is_reported():
    t = time_day(S, NO_LUNCH, [near(1, 0.01, 0.0, 20, windows=())])
    assert not t.fits and t.outside == (1,)


def test_an_appointment_the_order_cannot_reach_is_reported():
    stops = [near(1, 0.01, 0.0, 120), near(2, 0.0, 0.01, 30, appointment=9 * 60)]
    t = time_day(S, NO_LUNCH, stops)
    assert not t.fits and t.outside == (2,) and t.stops[1].start > 9 * 60


def test_a_day_too_long_is_reported_with_the_reserve_it_uses():
    stops = [near(k, 0.002 * k, 0.0, 90) for k in range(1, 6)]  # 450 minutes of visits
    t = time_day(S, WITH_LUNCH, stops)
    assert t.fits and t.reserve_used > 0 and not t.late_back  # runs into the reserved hour
    t = time_day(S, WITH_LUNCH, [*stops, near(9, 0.01, 0.01, 60)])
    assert not t.fits and t.late_back


def test_timing_starts_from_begin():
    t = time_day(S, NO_LUNCH, [near(1, 0.01, 0.0, 20)], begin=13 * 60)
    assert t.stops[0].arrive >= 13 * 60 and t.leave >= 13 * 60


# -- properties --------------------------------------------------------------


@st.composite
def day_stops(draw, n_max: int = 6) -> list[Stop]:
    n = draw(st.integers(1, n_max))
    stops = []
    for k in range(n):
        dlat = draw(st.floats(-0.05, 0.05))
        dlon = draw(st.floats(-0.05, 0.05))
        minutes = draw(st.sampled_from([10, 15, 20, 30, 45, 60]))
        kind = draw(st.sampled_from(["free", "hours", "hours", "appointment", "closed"]))
        windows = appointment = None
        if kind == "hours":
            windows, cursor = [], 7 * 60
            for _ in range(draw(st.integers(1, 2))):
                if cursor > 16 * 60:
                    break
                a = draw(st.integers(cursor, 16 * 60)) // 15 * 15
                b = a + draw(st.integers(0, 6 * 60)) // 15 * 15
                if b <= a:
                    break
                windows.append((a, b))
                cursor = b + 30
            windows = tuple(windows)
        elif kind == "closed":
            windows = ()
        elif kind == "appointment":
            appointment = draw(st.integers(9 * 60, 16 * 60)) // 15 * 15
        stops.append(Stop(k + 1, OFFICE.lat + dlat, OFFICE.lon + dlon, minutes, windows, appointment))
    return stops


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_stops(), st.sampled_from([NO_LUNCH, WITH_LUNCH]))
def test_every_visit_is_inside_its_hours_or_reported_and_never_before_opening(stops, day):
    t = time_day(S, day, stops)
    assert [x.id for x in t.stops] == [s.id for s in stops]  # the order is kept
    for s, x in zip(stops, t.stops):
        assert x.start >= day.start
        assert x.inside == inside(s, x.start_s)
        if s.appointment is not None:
            assert x.start >= s.appointment  # never before the appointment
        elif s.windows:
            assert x.start >= s.windows[0][0]  # never before the shop opens
    if t.fits:
        assert t.outside == () and not t.late_back and not t.lunch_missed
        assert t.back_s <= (day.end + S.workday.reserved_minutes) * 60
    else:
        assert t.outside or t.late_back or t.lunch_missed  # an order that does not hold is said to


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_stops(n_max=5), st.data())
def test_when_a_time_inside_the_hours_exists_the_order_is_timed_inside_them(stops, data):
    """Hours built around a timing that keeps the order: the retiming finds one too."""
    free = [Stop(s.id, s.lat, s.lon, s.minutes) for s in stops]
    base = time_day(S, NO_LUNCH, free)
    assume(base.fits)
    shaped = []
    for s, x in zip(free, base.stops):
        before = data.draw(st.integers(0, 120))
        after = data.draw(st.integers(0, 120))
        # x.start is the minute the visit starts in (times run in seconds): the window holds it whole
        shaped.append(Stop(s.id, s.lat, s.lon, s.minutes, ((x.start - before, x.start + 1 + s.minutes + after),)))
    t = time_day(S, NO_LUNCH, shaped)
    assert t.fits and t.outside == ()
    for s, x in zip(shaped, t.stops):
        (a, b), = s.windows
        assert a * 60 <= x.start_s and x.start_s + s.minutes * 60 <= b * 60


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day_stops())
def test_lunch_lies_in_its_span_when_the_day_fits(stops):
    t = time_day(S, WITH_LUNCH, stops)
    if t.fits:
        lunch = WITH_LUNCH.lunch
        assert t.lunch is not None and lunch.earliest <= t.lunch <= lunch.latest - lunch.minutes
