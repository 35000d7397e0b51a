"""Arrival and wait along a timed day route (the Today screen's 'Arrive' column)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rmtui.services.day_view import Leg, Timed, timeline


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
