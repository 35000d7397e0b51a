"""The checklist service on a real database: made once, ticks and objective saved at once."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from rmtui.errors import InputError
from rmtui.services import checklists as svc
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Appointment, ChecklistItem, ChecklistRun, Customer, FollowUp, PlannedVisit, VisitRecord

DAY = date(2026, 11, 24)


@pytest.fixture
def visit(workspace):
    """A planned core service visit today, with a past visit, an open complaint and an appointment."""
    ws = workspace
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [{"code": "C1", "name": "金陵副食", "tier": "core", "lat": 32.04,
                                              "lon": 118.77, "geo_quality": "exact", "address": "汉中路89号"}],
                         ws.now())
        s.flush()
        c = s.scalar(select(Customer).where(Customer.code == "C1"))
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=c.id, day=date(2026, 11, 3), status="done",
                          arrived=time(10, 0), departed=time(10, 20), purpose="例行拜访", discussed="谈了年货备货",
                          next_steps="下周送样品", outcome="order", created_at=datetime(2026, 11, 3, 10, 20),
                          updated_at=datetime(2026, 11, 3, 10, 20)))
        s.add(FollowUp(manager_id=ws.manager_id, customer_id=c.id, kind="complaint", sla_class="ordinary",
                       title="送货延迟投诉", created_at=datetime(2026, 11, 23, 15, 0),
                       first_answer_due=datetime(2026, 11, 24, 15, 0), due_at=datetime(2026, 11, 25, 15, 0)))
        appt = Appointment(manager_id=ws.manager_id, customer_id=c.id, starts_at=datetime(2026, 11, 24, 10, 0),
                           minutes=30, note="店长在", confirmed=True, created_at=ws.now())
        s.add(appt)
        s.flush()
        row = PlannedVisit(manager_id=ws.manager_id, customer_id=c.id, day=DAY, sequence=1,
                           planned_start=time(10, 0), planned_minutes=30, purpose="例行拜访", source="appointment",
                           appointment_id=appt.id, created_at=ws.now())
        s.add(row)
        s.flush()
        return row.id


def counts(ws) -> tuple[int, int]:
    with ws.db.sessions() as s:
        return s.scalar(select(func.count(ChecklistRun.id))), s.scalar(select(func.count(ChecklistItem.id)))


def test_open_makes_the_checklist_once_from_the_template(workspace, visit):
    first = svc.open_checklist(workspace, visit)
    again = svc.open_checklist(workspace, visit)
    assert first.checklist.id == again.checklist.id
    assert first.checklist.template_id == "core_service"
    assert counts(workspace) == (1, len(first.checklist.items)) and len(first.checklist.items) == 9
    ctx = first.context
    assert ctx.customer.code == "C1"
    assert ctx.last_visit is not None and ctx.last_visit.next_steps == "下周送样品"
    assert [f.title for f in ctx.followups] == ["送货延迟投诉"]
    assert ctx.appointment is not None and ctx.appointment.confirmed


def test_tick_untick_and_objective_are_saved_at_once(workspace, visit):
    run = svc.open_checklist(workspace, visit).checklist
    a, b = run.items[0], run.items[1]
    svc.tick(workspace, a.id, True)
    svc.tick(workspace, b.id, True)
    svc.tick(workspace, b.id, False)
    svc.set_objective(workspace, run.id, "  确认年货订单  ")
    with workspace.db.sessions() as s:
        stored = {i.id: (i.done, i.done_at) for i in s.scalars(select(ChecklistItem))}
        assert s.get(ChecklistRun, run.id).objective == "确认年货订单"
    assert stored[a.id] == (True, workspace.now())
    assert stored[b.id] == (False, None)
    view = svc.open_checklist(workspace, visit).checklist
    assert view.readiness.done == 1 and not view.readiness.ready


def test_leaving_with_open_lines_is_written_down(workspace, visit):
    run = svc.open_checklist(workspace, visit).checklist
    assert run.must_ask_before_leaving()
    after = svc.leave_for_visit(workspace, run.id)
    assert after.left_with_open_items and not after.must_ask_before_leaving()


def test_leaving_ready_leaves_no_mark(workspace, visit):
    run = svc.open_checklist(workspace, visit).checklist
    for item in run.items:
        svc.tick(workspace, item.id, True)
    assert not svc.leave_for_visit(workspace, run.id).left_with_open_items


def test_a_gone_visit_says_so(workspace, visit):
    with pytest.raises(InputError, match="no longer exists"):
        svc.open_checklist(workspace, visit + 100)
    with pytest.raises(InputError):
        svc.tick(workspace, 12345, True)
