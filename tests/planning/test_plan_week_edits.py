"""Hand edits surviving a rebuild, frozen submissions, deviations, the supervisor's answer."""

from __future__ import annotations

from datetime import date

import pytest
from plan_checks import assert_valid_week
from sqlalchemy import select

from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.services.plan_edits import (
    add_supervisor_task,
    add_visit,
    move_visit,
    pin_visit,
    remove_visit,
    review_week,
    submit_week,
    week_deviations,
)
from rmtui.services.planning import build_week
from rmtui.store.customers import upsert_customers
from rmtui.store.models import WeeklyPlan

NEXT = IsoWeek(2026, 49)


def test_hand_edits_survive_a_rebuild(workspace, add_book):
    rows = add_book(30, seed=11)
    info = build_week(workspace, NEXT, time_limit=1)
    by_day = {}
    for v in info.visits:
        by_day.setdefault(v.day, []).append(v)
    days = sorted(by_day)
    moved, pinned, removed = by_day[days[0]][0], by_day[days[-1]][0], by_day[days[0]][1]
    target = next(d for d in NEXT.days()[:5] if d != moved.day)
    move_visit(workspace, moved.id, target, reason="客户要求改期")
    pin_visit(workspace, pinned.id)
    remove_visit(workspace, removed.id, "客户停业装修")
    placed = {v.code for v in info.visits}
    extra = next(r["code"] for r in rows if r["code"] not in placed)
    added = add_visit(workspace, NEXT, extra, date(2026, 12, 3), purpose="送资料")

    again = build_week(workspace, NEXT, rebuild=True, time_limit=1)
    by_id = {v.id: v for v in again.visits}
    assert by_id[moved.id].day == target and by_id[moved.id].manual
    assert by_id[pinned.id].day == pinned.day and by_id[pinned.id].pinned
    assert by_id[removed.id].status == "removed" and by_id[removed.id].status_reason == "客户停业装修"
    assert [v for v in again.visits if v.code == removed.code] == [by_id[removed.id]]  # not planned again
    assert by_id[added].day == date(2026, 12, 3) and by_id[added].source == "ad_hoc"
    assert_valid_week(workspace, again, {r["code"]: r for r in rows})


def test_submit_freezes_the_plan_and_edits_become_deviations(workspace, add_book):
    add_book(20, seed=12)
    build_week(workspace, NEXT, time_limit=1)
    result = submit_week(workspace, NEXT)
    assert result.plan.status == "submitted" and not result.late
    with workspace.db.sessions() as s:
        frozen = s.scalar(select(WeeklyPlan.submitted_snapshot))
    with pytest.raises(InputError, match="already submitted at 2026-11-24 09:00"):
        submit_week(workspace, NEXT)
    with pytest.raises(InputError, match="submitted at"):
        build_week(workspace, NEXT, rebuild=True)
    first = result.plan.visits[0]
    other_day = next(d for d in NEXT.days()[:5] if d != first.day)
    move_visit(workspace, first.id, other_day, reason="客户出差")
    remove_visit(workspace, result.plan.visits[1].id, "客户取消")
    with workspace.db.sessions() as s:
        assert s.scalar(select(WeeklyPlan.submitted_snapshot)) == frozen
    recorded, changes, snap = week_deviations(workspace, NEXT)
    assert [d.kind for d in recorded] == ["moved", "removed"]
    assert recorded[0].reason == "客户出差"
    assert {c.kind for c in changes} == {"moved", "removed"}
    assert len(snap["visits"]) == len(result.plan.visits)


def test_late_submission_is_allowed_and_marked(workspace, add_book):
    add_book(10, seed=13)
    this = IsoWeek(2026, 48)  # due Fri 20 Nov 17:00; today is Tue 24 Nov
    build_week(workspace, this, time_limit=1)
    result = submit_week(workspace, this)
    assert result.late and result.plan.submitted_late


def test_missing_due_core_visit_needs_a_written_reason(workspace, add_book):
    add_book(5, seed=14)
    with workspace.db.sessions.begin() as s:
        upsert_customers(s, workspace.manager_id, [{"code": "K1", "name": "核心无坐标", "tier": "core", "lat": None,
                                                    "lon": None, "geo_quality": "none"}], workspace.now())
    build_week(workspace, NEXT, time_limit=1)
    with pytest.raises(InputError, match="K1"):
        submit_week(workspace, NEXT)
    result = submit_week(workspace, NEXT, {"K1": "地址待核实，本周电话联系"})
    assert result.plan.status == "submitted"
    (u,) = [u for u in result.plan.unplaced if u.code == "K1"]
    assert u.written_reason.startswith("地址待核实")


def test_supervisor_approves_or_returns_with_a_comment(workspace, add_book):
    add_book(10, seed=15)
    build_week(workspace, NEXT, time_limit=1)
    with pytest.raises(InputError, match="only a submitted plan"):
        review_week(workspace, NEXT, approve=True)
    submit_week(workspace, NEXT)
    with pytest.raises(InputError, match="comment"):
        review_week(workspace, NEXT, approve=False)
    info = review_week(workspace, NEXT, approve=False, comment="周三客户太少")
    assert info.status == "returned" and info.supervisor_comment == "周三客户太少"
    rebuilt = build_week(workspace, NEXT, rebuild=True, time_limit=1)  # a returned plan may be rebuilt
    assert rebuilt.status == "returned"
    assert submit_week(workspace, NEXT).plan.status == "submitted"
    assert review_week(workspace, NEXT, approve=True).status == "approved"


def test_supervisor_task_is_placed_by_its_due_day(workspace, add_book):
    add_book(10, seed=16)
    add_supervisor_task(workspace, "核实开户资料", customer_code="C0005", due_on=date(2026, 12, 1), minutes=25)
    add_supervisor_task(workspace, "参加周例会", due_on=date(2026, 12, 2))
    info = build_week(workspace, NEXT, time_limit=1)
    (v,) = [v for v in info.visits if v.code == "C0005"]
    assert v.day <= date(2026, 12, 1) and "核实开户资料" in v.reason
    assert "参加周例会" in info.office_tasks


def test_week_progress_counts_visits_made_in_place(workspace, add_book):
    from datetime import datetime, timedelta

    from rmtui.config import LoadedSettings
    from rmtui.services.plan_progress import week_progress
    from rmtui.store.models import VisitRecord
    from rmtui.workspace import open_workspace

    add_book(20, seed=17)
    info = build_week(workspace, NEXT, time_limit=1)
    first_day = min(v.day for v in info.visits)
    a, b = info.on(first_day)[:2]
    with workspace.db.sessions.begin() as s:
        s.add(VisitRecord(manager_id=workspace.manager_id, customer_id=a.customer_id, planned_visit_id=a.id,
                          day=a.day, status="done", on_site=True, created_at=workspace.now(),
                          updated_at=workspace.now()))
    then = open_workspace(loaded=LoadedSettings(workspace.settings, None), url=workspace.db.url,
                          clock=lambda: datetime.combine(first_day, datetime.min.time()).replace(hour=20) + timedelta(days=1))
    try:
        progress = week_progress(then, NEXT)
    finally:
        then.close()
    outcomes = {v.id: v.outcome for v in progress.visits}
    assert outcomes[a.id] == "in_place" and outcomes[b.id] == "not_done"
    assert progress.due_so_far == len(info.on(first_day)) and progress.in_place == 1
