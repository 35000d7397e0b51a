"""The daily plan: the week's visits routed, yesterday's unfinished ones, urgent items, materials."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from rmtui.config import LoadedSettings
from rmtui.domain.planning.materials import gather_materials
from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.services.plan_day import plan_day
from rmtui.services.planning import build_week
from rmtui.store.models import FollowUp, PlannedVisit, VisitRecord

NEXT = IsoWeek(2026, 49)
MON = date(2026, 11, 30)


def later(workspace, when: datetime):
    """The same database seen on another day."""
    from rmtui.workspace import open_workspace

    return open_workspace(loaded=LoadedSettings(workspace.settings, None), clock=lambda: when, url=workspace.db.url)


def test_day_plan_routes_the_weeks_visits_with_materials(workspace, add_book):
    add_book(30, seed=21)
    week = build_week(workspace, NEXT, time_limit=1)
    day = next(d for d in NEXT.days() if week.on(d))
    info = plan_day(workspace, day)
    assert {s.id for s in info.stops} == {v.id for v in week.on(day)}
    starts = [s.start for s in info.stops]
    assert starts == sorted(starts) and all(starts)
    assert info.materials and all(m.count == len(m.for_codes) for m in info.materials)
    assert all(s.checklist for s in info.stops)
    assert plan_day(workspace, day).planned_at == info.planned_at  # shown, not planned again


def test_unfinished_visits_are_carried_and_done_ones_kept(workspace, add_book):
    add_book(30, seed=22)
    week = build_week(workspace, NEXT, time_limit=1)
    day = next(d for d in NEXT.days()[:4] if len(week.on(d)) >= 2)
    nxt = day + timedelta(days=1)
    done_one, missed = week.on(day)[0], week.on(day)[1:]
    then = later(workspace, datetime.combine(nxt, time(7, 0)))
    try:
        with then.db.sessions.begin() as s:
            s.add(VisitRecord(manager_id=then.manager_id, customer_id=done_one.customer_id,
                              planned_visit_id=done_one.id, day=day, status="done", created_at=then.now(),
                              updated_at=then.now()))
        info = plan_day(then, nxt)
        carried = {st.code for st in info.stops if st.source == "carry_over"}
        moved = {d.code for d in info.dropped}
        assert {v.code for v in missed} <= carried | moved
        assert done_one.code not in carried
        assert info.carried == len(missed)
        # Mark a visit of the day done, then plan again: it keeps its place and time.
        first = next(st for st in info.stops if st.status == "planned")
        with then.db.sessions.begin() as s:
            s.get(PlannedVisit, first.id).status = "done"
        again = plan_day(then, nxt, replan=True)
        kept = next(st for st in again.stops if st.id == first.id)
        assert kept.status == "done" and kept.start == first.start
    finally:
        then.close()


def test_urgent_complaint_joins_the_day(workspace, add_book):
    add_book(15, seed=23)
    build_week(workspace, NEXT, time_limit=1)
    with workspace.db.sessions.begin() as s:
        cid = s.scalar(select(PlannedVisit.customer_id).where(PlannedVisit.day != MON).limit(1))
        s.add(FollowUp(manager_id=workspace.manager_id, customer_id=cid, kind="complaint", sla_class="serious",
                       title="停电投诉", created_at=workspace.now(), first_answer_due=datetime(2026, 11, 30, 15),
                       due_at=datetime(2026, 11, 30, 18), status="open"))
    info = plan_day(workspace, MON)
    assert any(st.customer_id == cid and st.source == "follow_up" for st in info.stops) or \
        any(d.code for d in info.dropped)
    assert info.urgent == 1


def test_day_off_and_past_day_are_refused(workspace):
    with pytest.raises(InputError, match="not a working day"):
        plan_day(workspace, date(2026, 11, 29))  # a Sunday
    with pytest.raises(InputError, match="already past"):
        plan_day(workspace, date(2026, 11, 23), replan=True)


def test_materials_follow_the_templates(settings):
    items = gather_materials([("A", "core", "service"), ("B", "regular", "service"), ("C", "core", "special")],
                             settings.checklists)
    by = {m.item: m for m in items}
    assert by["产品宣传册"].for_codes == ("A", "B") and by["小礼品"].count == 1
    assert by["投诉处理单"].for_codes == ("C",)


def test_a_customer_whose_location_became_approximate_is_not_routed(workspace, add_book):
    from rmtui.store.models import Customer

    add_book(30, seed=23)
    week = build_week(workspace, NEXT, time_limit=1)
    day = next(d for d in NEXT.days() if len(week.on(d)) >= 2)
    victim = week.on(day)[0]
    with workspace.db.sessions.begin() as s:
        row = s.get(PlannedVisit, victim.id)
        s.get(Customer, row.customer_id).geo_quality = "approximate"  # e.g. re-geocoded to a street centroid
    info = plan_day(workspace, day, replan=True)
    assert all(st.start is None for st in info.stops if st.id == victim.id)  # not given a time on the route
    dropped = {d.id: d.why for d in info.dropped}
    assert "大致坐标" in dropped[victim.id]
