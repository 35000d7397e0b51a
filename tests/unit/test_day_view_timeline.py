"""Arrival and wait along a timed day route (the Today screen's 'Arrive' column)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rmtui.services.day_view import Leg, Timed, lunch_gap, timeline


def test_first_stop_is_reached_in_time_then_waits_and_lateness():
    legs = [Leg(540, 30, 25), Leg(600, 20, 15), Leg(615, 20, 10)]
    timed, leave, back = timeline(legs, 20, None)
    # leave 08:35, at 09:00; depart 09:30, arrive 09:45, opens 10:00 → wait 15;
    # depart 10:20, arrive 10:30 but planned 10:15 → 15 late, so the day ends 10:50 + 20
    assert timed == [Timed(540, 0), Timed(585, 15), Timed(630, -15)]
    assert (leave, back) == (515, 670)


def test_lunch_on_the_way_is_not_waiting():
    legs = [Leg(660, 30, 10), Leg(780, 30, 10)]  # 11:00, then 13:00 after lunch 12:00-13:00
    timed, _, _ = timeline(legs, 10, (720, 60))
    assert timed[1] == Timed(700, 0)
    timed, _, _ = timeline(legs, 10, (700, 60))  # lunch 11:40-12:40: 20 minutes to spare
    assert timed[1] == Timed(700, 20)


def test_unplaced_stops_are_skipped_and_an_empty_route_has_no_times():
    assert timeline([], 10, None) == ([], None, None)
    timed, leave, back = timeline([Leg(None, 30, 5), Leg(600, 30, 5)], 5, None)
    assert timed == [Timed(None, 0), Timed(600, 0)] and (leave, back) == (595, 635)


@given(st.lists(st.tuples(st.integers(480, 1080), st.integers(5, 90), st.integers(0, 60)), min_size=1, max_size=10),
       st.integers(0, 60))
def test_the_route_never_goes_back_in_time(raw, back_travel):
    legs = [Leg(a, m, t) for a, m, t in sorted(raw)]
    timed, leave, back = timeline(legs, back_travel, None)
    assert leave == legs[0].start - legs[0].travel_in
    depart = None
    for leg, t in zip(legs, timed):
        if depart is not None:
            assert t.arrive == depart + leg.travel_in
        begin = max(leg.start, t.arrive) if depart is not None else leg.start
        assert t.wait == leg.start - t.arrive or depart is None
        depart = begin + leg.minutes
    assert back == depart + back_travel >= legs[-1].start + legs[-1].minutes + back_travel


def test_lunch_on_the_way_back_is_counted():
    _, _, back = timeline([Leg(660, 30, 10)], 20, (700, 60))  # depart 11:30, lunch 11:40-12:40, 20 on the way
    assert back == 770


def test_lunch_of_stored_times_never_falls_inside_a_visit():
    # The demo's Tuesday: the last visit 11:30-11:45, back 11:57; lunch 11:30-13:30, 45 min.
    legs = [Leg(540, 20, 6), Leg(570, 20, 5), Leg(610, 20, 12), Leg(645, 20, 14), Leg(690, 15, 16)]
    assert lunch_gap(legs, 12, 690, 810, 45) == 717  # back at the office at 11:57, then lunch
    # A gap of 60 minutes between 11:40 and 12:50 holds it on the way, from 11:40.
    legs = [Leg(640, 60, 10), Leg(770, 30, 10)]
    assert lunch_gap(legs, 10, 690, 810, 45) == 700
    # Visits wall to wall through the window: no lunch fits.
    legs = [Leg(680, 60, 5), Leg(745, 60, 5)]
    assert lunch_gap(legs, 5, 690, 810, 45) is None


@given(st.lists(st.tuples(st.integers(480, 1080), st.integers(5, 90), st.integers(0, 60)), min_size=1, max_size=8),
       st.integers(0, 60), st.integers(600, 780), st.integers(0, 90), st.integers(15, 60))
def test_a_lunch_found_in_the_gaps_moves_no_visit(raw, back_travel, earliest, spread, length):
    starts = sorted(s for s, _, _ in raw)
    legs = [Leg(start, m, t) for start, (_, m, t) in zip(starts, raw)]
    latest = earliest + length + spread
    at = lunch_gap(legs, back_travel, earliest, latest, length)
    if at is None:
        return
    assert earliest <= at and at + length <= latest
    without, _, back = timeline(legs, back_travel, None)
    with_lunch, _, back_after = timeline(legs, back_travel, (at, length))
    # No visit moves for lunch, and lunch is not taken during one (as the visits really run).
    assert [min(t.wait, 0) for t in with_lunch] == [min(t.wait, 0) for t in without]
    assert back_after == back
    runs = [(max(leg.start, t.arrive), max(leg.start, t.arrive) + leg.minutes) for leg, t in zip(legs, without)]
    assert all(not (a < at + length and at < b) for a, b in runs), "lunch during a visit"


def test_rounding_under_the_grace_is_not_lateness_and_does_not_carry():
    # Seconds: planned 10:00 and 10:21 (whole minutes, the planner's seconds rounded down);
    # travel 100 s arrives 40 s after the planned start.
    legs = [Leg(36_000, 1_200, 600), Leg(37_260, 1_200, 100), Leg(38_600, 600, 60)]
    timed, _, _ = timeline(legs, 60, None, grace=60)
    assert timed[1].wait == -40 and timed[2].wait == 38_600 - (37_260 + 1_200 + 60)
    late, _, _ = timeline(legs, 60, None)
    assert late[2].wait == timed[2].wait - 40  # without the grace the 40 s carry on
