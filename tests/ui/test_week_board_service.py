"""The week board's data: columns (holidays, make-up working days) and warnings."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from rmtui.domain.planning.periods import IsoWeek
from rmtui.services.week_board import submit_check, week_board
from rmtui.store import plans as repo
from rmtui.store.models import Appointment, Customer, PlannedVisit

W49 = IsoWeek(2026, 49)


def test_national_day_week_shows_holidays_and_the_makeup_saturday(book_workspace):
    board = week_board(book_workspace, IsoWeek(2026, 41))
    days = {d.day: d for d in board.days}
    assert not days[date(2026, 10, 5)].working and days[date(2026, 10, 5)].holiday
    assert days[date(2026, 10, 8)].working
    saturday = days[date(2026, 10, 10)]
    assert saturday.working and saturday.makeup
    assert date(2026, 10, 11) not in days  # an ordinary Sunday is left out
    assert board.status == "none" and board.plan is None


def _plan_rows(ws, rows: list[tuple[str, date, time, int, bool]]) -> None:
    """A built plan of W49 with ``(code, day, start, minutes, appointment)`` rows."""
    with ws.db.sessions.begin() as s:
        plan = repo.create_week_plan(s, ws.manager_id, W49.year, W49.week, ws.now())
        plan.built_at = ws.now()
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        for seq, (code, day, start, minutes, appointment) in enumerate(rows, start=1):
            appt_id = None
            if appointment:
                appt = Appointment(manager_id=ws.manager_id, customer_id=ids[code],
                                   starts_at=datetime.combine(day, start), minutes=minutes, created_at=ws.now())
                s.add(appt)
                s.flush()
                appt_id = appt.id
            s.add(PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=ids[code], day=day,
                               sequence=seq, planned_start=start, planned_minutes=minutes, purpose="例行拜访",
                               source="cadence", status="planned", appointment_id=appt_id, created_at=ws.now()))


def test_warnings_overload_and_appointment_outside_hours(book_workspace):
    ws = book_workspace
    tuesday, wednesday = date(2026, 12, 1), date(2026, 12, 2)
    _plan_rows(ws, [("C0001", tuesday, time(9, 0), 200, False), ("C0003", tuesday, time(12, 30), 200, False),
                    ("C0004", tuesday, time(16, 0), 200, False),
                    ("C0002", wednesday, time(12, 15), 30, True)])  # closed 12:00-13:30
    board = week_board(ws, W49)
    by_day = {d.day: d for d in board.days}
    assert [w.kind for w in by_day[tuesday].warnings] == ["overloaded"]
    assert by_day[tuesday].free_minutes < 0
    assert [(w.kind, w.code, w.detail) for w in by_day[wednesday].warnings] == [("outside_hours", "C0002", "12:15")]
    check = submit_check(ws, W49, "en")
    assert len(check.blockers) == 1 and "overloaded" in check.blockers[0]


def test_a_due_core_customer_without_location_needs_a_reason(book_workspace):
    from rmtui.services.planning import build_week
    from rmtui.store.customers import upsert_customers

    ws = book_workspace
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [{"code": "C0009", "name": "无址", "tier": "core"}], ws.now())
    build_week(ws, W49)
    board = week_board(ws, W49)
    kinds = {(w.kind, w.code) for w in board.warnings}
    assert ("due_missing", "C0009") in kinds and ("no_location", "C0009") in kinds
    check = submit_check(ws, W49, "zh")
    assert [u.code for u in check.need_reason] == ["C0009"]
    assert check.blockers == ()
