"""Building the weekly plan against a database: sources, reasons, hard weeks and bad input."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from plan_checks import assert_due_by_due_date, assert_valid_week
from plan_books import book_rows

from rmtui.config import LoadedSettings, Settings
from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.services.planning import build_week
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Appointment, FollowUp, PlannedVisit, WeeklyPlan
from sqlalchemy import func, select

NEXT = IsoWeek(2026, 49)  # the fixture's today is Tue 24 Nov 2026


def ids(ws) -> dict[str, int]:
    from rmtui.store.models import Customer

    with ws.db.sessions() as s:
        return dict(s.execute(select(Customer.code, Customer.id)).all())


def test_week_of_a_small_book_is_valid_and_explained(workspace, add_book):
    rows = add_book(40, seed=2)
    info = build_week(workspace, NEXT, time_limit=1)
    books = {r["code"]: r for r in rows}
    assert info.visits and info.status == "draft"
    assert_valid_week(workspace, info, books)
    assert_due_by_due_date(workspace, info, books, NEXT.monday)
    assert all(v.reason for v in info.visits)
    assert all(v.why for v in info.unplaced)
    # Shown again without --rebuild: the same plan, not a new one.
    again = build_week(workspace, NEXT)
    assert [v.id for v in again.visits] == [v.id for v in info.visits]


def test_past_week_is_refused(workspace, add_book):
    add_book(5)
    with pytest.raises(InputError, match="already past"):
        build_week(workspace, IsoWeek(2026, 47))


def test_holiday_week_is_refused_and_nothing_is_written(tmp_path):
    from rmtui.workspace import open_workspace

    ws = open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: datetime(2026, 2, 10, 9),
                        url=f"sqlite:///{tmp_path / 'h.db'}")
    try:
        with ws.db.sessions.begin() as s:
            upsert_customers(s, ws.manager_id, book_rows(5, 1, ws.today()), ws.now())
        with pytest.raises(InputError, match="no working day"):
            build_week(ws, IsoWeek(2026, 8))  # Spring Festival 2026: 15–23 Feb off
        with ws.db.sessions() as s:
            assert s.scalar(select(func.count()).select_from(WeeklyPlan)) == 0
    finally:
        ws.close()


def test_customer_without_coordinates_is_listed_never_guessed(workspace, add_book):
    rows = add_book(6, seed=3)
    with workspace.db.sessions.begin() as s:
        upsert_customers(s, workspace.manager_id, [{"code": "NOLOC", "name": "无坐标", "tier": "core",
                                                    "lat": None, "lon": None, "geo_quality": "none"}], workspace.now())
    info = build_week(workspace, NEXT, time_limit=1)
    assert "NOLOC" not in {v.code for v in info.visits}
    (u,) = [u for u in info.unplaced if u.code == "NOLOC"]
    assert u.why.startswith("需要位置") or u.why.startswith("needs a location")
    assert rows


def test_appointment_is_kept_at_its_time_and_flagged_outside_opening_hours(workspace, add_book):
    add_book(10, seed=4, hours=["Mo-Fr 09:00-12:00"])
    cid = ids(workspace)["C0003"]
    with workspace.db.sessions.begin() as s:
        s.add(Appointment(manager_id=workspace.manager_id, customer_id=cid, starts_at=datetime(2026, 12, 2, 14, 30),
                          minutes=30, note="签约", created_at=workspace.now()))
    info = build_week(workspace, NEXT, time_limit=1)
    (v,) = [v for v in info.visits if v.appointment_id]
    assert v.day == date(2026, 12, 2) and v.planned_start == time(14, 30) and v.source == "appointment"
    assert any("14:30" in f and ("opening hours" in f or "营业时间" in f) for f in info.flags)


def test_complaint_is_visited_before_its_deadline(workspace, add_book):
    add_book(10, seed=5)
    cid = ids(workspace)["C0004"]
    with workspace.db.sessions.begin() as s:
        s.add(FollowUp(manager_id=workspace.manager_id, customer_id=cid, kind="complaint", sla_class="ordinary",
                       title="账单错误", created_at=workspace.now(), first_answer_due=datetime(2026, 12, 1, 11),
                       due_at=datetime(2026, 12, 3, 11), status="open"))
    info = build_week(workspace, NEXT, time_limit=1)
    (v,) = [v for v in info.visits if v.code == "C0004"]
    assert v.follow_up_id is not None and v.visit_type == "special"
    assert (v.day, v.planned_start.hour * 60 + v.planned_start.minute + v.minutes) <= (date(2026, 12, 1), 11 * 60)


def test_carry_over_from_last_week(workspace, add_book):
    add_book(8, seed=6)
    cid = ids(workspace)["C0001"]
    with workspace.db.sessions.begin() as s:
        plan = WeeklyPlan(manager_id=workspace.manager_id, iso_year=2026, iso_week=48, status="approved",
                          created_at=workspace.now())
        s.add(plan)
        s.flush()
        s.add(PlannedVisit(manager_id=workspace.manager_id, weekly_plan_id=plan.id, customer_id=cid,
                           day=date(2026, 11, 23), planned_minutes=20, purpose="送合同", source="cadence",
                           created_at=workspace.now()))
    info = build_week(workspace, NEXT, time_limit=1)
    (v,) = [v for v in info.visits if v.code == "C0001"]
    assert v.carried_from_id is not None
    assert "结转自11月23日周一" in v.reason or "carry-over from Mon 23 Nov" in v.reason


def test_more_due_than_capacity_lists_the_overflow_and_places_core_first(workspace, add_book):
    # 90 customers all overdue, far apart: far more than a week holds.
    rows = add_book(90, seed=7, radius_m=12000, weights=(0.15, 0.25, 0.6))
    with workspace.db.sessions.begin() as s:
        upsert_customers(s, workspace.manager_id, [{"code": r["code"], "last_visit_imported":
                                                    date(2026, 6, 1)} for r in rows], workspace.now())
    info = build_week(workspace, NEXT, time_limit=3)
    assert_valid_week(workspace, info, {r["code"]: r for r in rows})
    assert info.unplaced and all(u.why for u in info.unplaced)
    left = {u.tier for u in info.unplaced}
    placed_core = [v for v in info.visits if v.tier == "core"]
    assert "core" not in left and placed_core
    assert all(u.required for u in info.unplaced)
