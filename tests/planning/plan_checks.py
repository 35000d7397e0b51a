"""Checks every weekly plan must pass: allowed days, opening hours, valid routes, due dates, no overload."""

from __future__ import annotations

from datetime import date

from rmtui.domain.cadence import Cadence
from rmtui.domain.opening_hours import parse_opening_hours
from rmtui.domain.planning.model import WeekPlanInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.routing.model import Location
from rmtui.routing.week import WeekDay, WeekProblem, WeekVisit, build_net
from rmtui.services.plan_common import calendar_of, travel_of


def _m(t) -> int:
    return t.hour * 60 + t.minute


def assert_valid_week(ws, info: WeekPlanInfo, books: dict[str, dict] | None = None) -> None:
    """Raise AssertionError naming the first broken rule."""
    s = ws.settings
    cal = calendar_of(ws)
    week = IsoWeek(int(info.week[:4]), int(info.week[6:]))
    start, end = _m(s.workday.start), _m(s.workday.end) - s.workday.reserved_minutes
    early = s.workday.arrive_early_minutes
    working = set(cal.week_days(week.year, week.week))
    assert not any(d.overloaded for d in info.days), [d for d in info.days if d.overloaded]
    travel, overhead = travel_of(s)
    office = s.start_place()
    for day in sorted({v.day for v in info.visits}):
        visits = [v for v in info.on(day) if v.status == "planned"]
        if not visits:
            continue
        assert day in working, f"{day} is not a working day"
        for v in visits:
            assert v.planned_start is not None, v
            begin, finish = _m(v.planned_start), _m(v.planned_start) + v.minutes
            arrive = begin - (early if v.appointment_id else 0)
            assert start <= arrive and finish <= end, f"{v.code} {begin}-{finish} outside the day"
            if not v.manual and not v.appointment_id:
                hours = parse_opening_hours(books[v.code]["opening_hours"] if books else "")
                windows = hours.windows_on(day, is_holiday=cal.is_holiday(day))
                assert any(a <= begin and finish <= b for a, b in windows), f"{v.code} closed at {v.planned_start}"
            if v.due_by is not None:
                assert day <= v.due_by, f"{v.code} on {day} after its due date {v.due_by}"
        # The times keep the travel between consecutive visits.
        points = [WeekVisit(v.code, Location(v.lat, v.lon), 0, {}) for v in visits]
        problem = WeekProblem((WeekDay(0, 0, Location(office.lat, office.lon), Location(office.lat, office.lon)),),
                              tuple(points), travel, overhead)
        net = build_net(problem)
        ready = start + int(net.durations[net.origin[0], net.places]) / 60
        for k, v in enumerate(visits):
            arrive = _m(v.planned_start) - (early if v.appointment_id else 0)
            assert arrive + 1e-6 >= ready - 1, f"{v.code} starts {v.planned_start} before it can be reached"
            leave = _m(v.planned_start) + v.minutes
            if k + 1 < len(visits):
                ready = leave + int(net.durations[net.places + k, net.places + k + 1]) / 60


def assert_due_by_due_date(ws, info: WeekPlanInfo, books: dict[str, dict], first_day: date) -> None:
    """Every placed cadence visit due this week lies on or before its due date."""
    tiers = ws.tiers
    for v in info.visits:
        if v.source != "cadence" or v.status != "planned":
            continue
        row = books[v.code]
        due = Cadence(tiers[row["tier"]], row["last_visit_imported"]).due_date
        if due is not None and due >= first_day:
            assert v.day <= due, f"{v.code} due {due} placed {v.day}"
