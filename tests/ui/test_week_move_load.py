"""A visit moved on the week board (shift+arrow) or reordered on Today is retimed by one rule
(inside opening hours, appointments kept), and the board's load and warnings of the days it
touches say what the Today screen shows for them.

QA found the board warning of days that were not overloaded after a shift-move, with a free time
and a back-at time that matched nothing: the moved visit kept the time of its old day when the
new day no longer fitted before the reserved hour, and the load was measured without opening
hours or waits.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from pilot_helpers import settle
from sqlalchemy import select

from rmtui.domain.planning.days import minutes_of
from rmtui.domain.planning.periods import IsoWeek
from rmtui.routing.week import WeekSearch
from rmtui.services import day_view, plan_edits
from rmtui.services.week_board import week_board
from rmtui.store import plans as repo
from rmtui.store.models import Appointment, Customer, PlannedVisit
from rmtui.ui.app import make_app
from rmtui.ui.screens.week import WeekScreen

W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)
QUICK = WeekSearch(steps_per_visit=40, min_steps=500)
WEDNESDAY = date(2026, 11, 25)


@pytest.fixture
def demo_next_week(demo_workspace):
    """The demo book with next week (W49) built: full days, as on a Friday."""
    from rmtui.routing.week import solve_week
    from rmtui.services.planning import build_week

    # A step budget, not a time limit: the same week on a busy machine as on an idle one.
    build_week(demo_workspace, W49, solve=lambda problem, _limit: solve_week(problem, time_limit=120, search=QUICK))
    return demo_workspace


def assert_board_matches_today(ws, board, day: date) -> None:
    """The board's column of ``day`` against the Today screen's view of it."""
    column = next(d for d in board.days if d.day == day)
    view = day_view.load_day(ws, day)
    wd = ws.settings.workday
    reserve = wd.reserved_minutes
    day_end, plan_end = minutes_of(wd.end), minutes_of(wd.end) - reserve
    kinds = [w.kind for w in column.warnings]
    route = [v for v in view.visits if v.status == "planned" and v.arrive is not None]
    assert route, "the day has visits on its route"
    # Free time: Today's, less the reserved time (a minute of rounding per leg at most).
    assert abs(column.free_minutes - (view.free_minutes - reserve)) <= len(route) + 1, \
        (day, column.free_minutes, view.free_minutes)
    back = minutes_of(view.back_at)
    assert abs(minutes_of(column.summary.back_at) - back) <= 2, (day, column.summary.back_at, view.back_at)
    late = [v for v in route if v.wait < -1]  # Today shows them "late"
    if back > day_end + 2 or late:
        assert "overloaded" in kinds, (day, kinds, view.back_at)
    elif back > plan_end + 2:
        assert "overloaded" not in kinds and "over_capacity" in kinds, (day, kinds, view.back_at)
        used = int(next(w.detail for w in column.warnings if w.kind == "over_capacity"))
        assert abs(used - (back - plan_end)) <= 2
    elif back < plan_end - 2:
        assert "overloaded" not in kinds and "over_capacity" not in kinds, (day, kinds, view.back_at)
    # Every stored time is inside the customer's hours, or the board names the visit.
    named = {w.code for w in column.warnings if w.kind in ("outside_hours", "missed_appointment")}
    for v in route:
        start = minutes_of(v.planned_start)
        if v.windows and v.appointment is None and not any(a <= start and start + v.minutes <= b
                                                           for a, b in v.windows):
            assert v.customer.code in named or "overloaded" in kinds, (day, v.customer.code, v.planned_start)


async def test_shift_move_on_a_full_week_shows_the_days_real_load(demo_next_week):
    ws = demo_next_week
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.go("week")
        await settle(app, pilot)
        await pilot.press("full_stop")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WeekScreen) and screen.week == W49
        before = {d.day: d for d in screen.board.days}
        v = screen._selected()
        assert v is not None and before[v.day].visits
        await pilot.press("shift+right")  # a draft: no reason asked
        await settle(app, pilot)
        with ws.db.sessions() as s:
            moved = s.get(PlannedVisit, v.id)
            target, start = moved.day, moved.planned_start
        assert target > v.day and moved.manual
        assert start != v.planned_start or target.weekday() != v.day.weekday()
        board = screen.board
        for day in (v.day, target):
            assert_board_matches_today(ws, board, day)
        # The screen shows the same board the service gives now (nothing stale on screen).
        fresh = week_board(ws, W49)
        assert [(d.day, d.free_minutes, d.warnings) for d in board.days] == \
            [(d.day, d.free_minutes, d.warnings) for d in fresh.days]
        # The target day was full: one more visit runs into the reserved hour or beyond, and says so.
        target_col = next(d for d in board.days if d.day == target)
        assert {"over_capacity", "overloaded"} & {w.kind for w in target_col.warnings}


def _day(ws, rows: list[tuple[str, int, time | None]], day: date = WEDNESDAY) -> dict[str, int]:
    """A day's plan in W48 (Wednesday by default): ``(code, minutes, appointment time or None)`` in
    order; ids by code."""
    with ws.db.sessions.begin() as s:
        plan = repo.create_week_plan(s, ws.manager_id, W48.year, W48.week, ws.now())
        plan.built_at = ws.now()
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        s.execute(Customer.__table__.update().where(Customer.code == "C0003")
                  .values(opening_hours="Mo-Fr 10:00-18:00"))
        out = {}
        for seq, (code, minutes, appointment) in enumerate(rows, start=1):
            appt_id = None
            if appointment is not None:
                appt = Appointment(manager_id=ws.manager_id, customer_id=ids[code], minutes=minutes,
                                   starts_at=datetime.combine(day, appointment), created_at=ws.now())
                s.add(appt)
                s.flush()
                appt_id = appt.id
            row = PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=ids[code],
                               day=day, sequence=seq, planned_start=appointment or time(9, 0),
                               planned_minutes=minutes, purpose="例行拜访", source="cadence", status="planned",
                               appointment_id=appt_id, created_at=ws.now())
            s.add(row)
            s.flush()
            out[code] = row.id
    return out


def _times(ws) -> dict[str, time]:
    with ws.db.sessions() as s:
        rows = repo.rows_between(s, ws.manager_id, WEDNESDAY, WEDNESDAY)
        return {r.customer.code: r.planned_start for r in sorted(rows, key=lambda r: r.sequence)}


def test_today_reorder_and_week_move_time_alike_inside_opening_hours(book_workspace):
    ws = book_workspace
    ids = _day(ws, [("C0001", 20, None), ("C0004", 20, None), ("C0003", 30, None),
                    ("C0002", 30, time(15, 0))])
    # On Today: C0003 (opens at 10:00) one place up, then once more to the front.
    assert day_view.move_visit(ws, ids["C0003"], -1)
    assert day_view.move_visit(ws, ids["C0003"], -1)
    today = _times(ws)
    assert list(today) == ["C0003", "C0001", "C0004", "C0002"]
    assert today["C0003"] == time(10, 0)  # arrives before it opens: starts at 10:00
    assert today["C0002"] == time(15, 0)  # the appointment keeps its time
    view = day_view.load_day(ws, WEDNESDAY)
    assert view.visits[0].arrive == time(10, 0) and view.leave_at < time(10, 0)
    assert view.visits[-1].wait > 0  # waiting for the appointment is shown
    # The week board's reorder of the same day gives the same times (one rule).
    plan_edits.move_visit(ws, ids["C0003"], WEDNESDAY, position=2)
    plan_edits.move_visit(ws, ids["C0003"], WEDNESDAY, position=1)
    assert _times(ws) == today


def test_an_order_that_misses_an_appointment_is_reported_and_keeps_its_time(book_workspace):
    ws = book_workspace
    ids = _day(ws, [("C0002", 30, time(9, 30)), ("C0001", 120, None), ("C0004", 20, None)])
    assert not day_view.move_visit(ws, ids["C0002"], 1)  # after two hours at C0001: too late
    assert _times(ws)["C0002"] == time(9, 30)
    column = next(d for d in week_board(ws, W48).days if d.day == WEDNESDAY)
    kinds = [(w.kind, w.code) for w in column.warnings]
    assert ("overloaded", "") in kinds and ("missed_appointment", "C0002") in kinds
    assert day_view.move_visit(ws, ids["C0002"], -1)  # back in front: it holds again
    column = next(d for d in week_board(ws, W48).days if d.day == WEDNESDAY)
    assert not [w for w in column.warnings if w.kind in ("overloaded", "missed_appointment")]


def test_a_skipped_or_removed_visit_frees_its_time(book_workspace):
    ws = book_workspace
    ids = _day(ws, [("C0001", 60, None), ("C0004", 60, None), ("C0003", 30, None)])
    plan_edits.move_visit(ws, ids["C0001"], WEDNESDAY, position=1)  # the day timed as it stands
    before = _times(ws)
    day_view.set_status(ws, ids["C0001"], "skipped", "店休")
    after = _times(ws)
    assert "C0001" not in after and after["C0004"] < before["C0004"]
    assert after["C0004"] >= time(9, 0)  # not before it opens
    day_view.set_status(ws, ids["C0001"], "planned")  # taken back: timed as before
    assert _times(ws) == before
    plan_edits.remove_visit(ws, ids["C0004"], "客户取消")
    with ws.db.sessions() as s:
        left = sorted(repo.rows_between(s, ws.manager_id, WEDNESDAY, WEDNESDAY), key=lambda r: r.sequence)
        assert [(r.customer.code, r.sequence) for r in left] == [("C0001", 1), ("C0003", 2)]
    assert _times(ws)["C0003"] < before["C0003"]


def test_a_day_begun_goes_on_from_now_at_the_last_visit_done(book_workspace):
    ws = book_workspace  # Tuesday 24 November, 09:00
    today = ws.today()
    ids = _day(ws, [("C0002", 20, None), ("C0004", 20, None), ("C0001", 20, None)], day=today)
    day_view.set_status(ws, ids["C0002"], "done")  # done at the far customer (Jiangning)
    assert day_view.move_visit(ws, ids["C0001"], -1)  # C0001 before C0004
    view = day_view.load_day(ws, today)
    first = next(v for v in view.visits if v.customer.code == "C0001")
    # From C0002, about 11 km away, not from the branch next door (a few minutes): not before 09:30.
    assert first.planned_start >= time(9, 30)
