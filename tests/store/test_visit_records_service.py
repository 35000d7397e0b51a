"""Visit record service: prefill, drafts, and the one-transaction save."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from rmtui.domain.visit_record import FollowUpDraft, VisitForm
from rmtui.errors import UserError
from rmtui.services import visit_records as vr
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Customer, FollowUp, PlannedVisit, VisitDraft, VisitRecord

DAY = date(2026, 11, 24)  # the fixture's today; its clock says 09:00


@pytest.fixture
def planned(workspace) -> int:
    ws = workspace
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [{"code": "C1", "name": "金陵副食便利店", "tier": "core",
                                             "contact": "王经理"}], ws.now())
        s.flush()
        cid = s.scalar(select(Customer.id))
        row = PlannedVisit(manager_id=ws.manager_id, customer_id=cid, day=DAY - timedelta(days=1), sequence=1,
                           planned_start=time(10, 0), planned_minutes=25, purpose="例行拜访", visit_type="special",
                           created_at=ws.now())
        s.add(row)
        s.flush()
        return row.id


def form(**kw) -> VisitForm:
    return VisitForm(**{"arrived": "10:05", "departed": "10:40", "outcome": "agreement", "satisfaction": "4",
                        "needs": "想提高收单额度", **kw})


def count(ws, model) -> int:
    with ws.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_prefilled_from_the_plan(workspace, planned):
    ctx = vr.load_visit(workspace, planned)
    assert (ctx.form.arrived, ctx.form.departed, ctx.form.met, ctx.form.purpose, ctx.form.visit_type) == (
        "10:00", "10:25", "王经理", "例行拜访", "special")
    assert ctx.record_id is None and ctx.draft is None
    assert ctx.sla_classes == ("serious", "severe", "ordinary", "urgent_request", "normal")


def test_unknown_visit_is_a_user_error(workspace):
    with pytest.raises(UserError):
        vr.load_visit(workspace, 999)


def test_draft_saved_offered_and_discarded(workspace, planned):
    ws = workspace
    typed = form(discussed="半句话").with_followup(FollowUpDraft(title="寄资料", created_at=ws.now()))
    vr.save_draft(ws, planned, typed)
    vr.save_draft(ws, planned, typed)  # the same row is updated, never a second one
    assert count(ws, VisitDraft) == 1
    ctx = vr.load_visit(ws, planned)
    assert ctx.draft is not None and ctx.draft.form == typed and ctx.draft.saved_at == ws.now()
    assert vr.has_draft(ws, planned)
    vr.discard_draft(ws, planned)
    assert count(ws, VisitDraft) == 0 and vr.load_visit(ws, planned).draft is None
    assert not vr.has_draft(ws, planned)


def test_save_writes_record_followups_status_and_drops_draft(workspace, planned):
    ws = workspace
    now = ws.now()
    complaint = FollowUpDraft(title="到账延迟", kind="complaint", sla_class="serious", created_at=now)
    request = FollowUpDraft(title="调额度", kind="request", sla_class="normal", due="2026-11-27 12:00",
                            created_at=now)
    typed = form().with_followup(complaint).with_followup(request)
    vr.save_draft(ws, planned, typed)
    saved = vr.save_record(ws, planned, typed)
    assert saved.created and len(saved.followup_ids) == 2
    with ws.db.sessions() as s:
        rec = s.get(VisitRecord, saved.record_id)
        assert (rec.planned_visit_id, rec.day, rec.status, rec.arrived, rec.departed, rec.outcome,
                rec.satisfaction, rec.needs, rec.planned_arrive, rec.planned_depart) == (
            planned, DAY - timedelta(days=1), "done", time(10, 5), time(10, 40), "agreement", 4,
            "想提高收单额度", time(10, 0), time(10, 25))
        assert s.get(PlannedVisit, planned).status == "done"
        fus = {f.kind: f for f in s.scalars(select(FollowUp))}
        assert fus["complaint"].first_answer_due == now + timedelta(hours=4)
        assert fus["complaint"].due_at == now + timedelta(hours=8)
        assert fus["request"].first_answer_due is None and fus["request"].due_at == datetime(2026, 11, 27, 12)
        assert {f.visit_id for f in fus.values()} == {rec.id}
        assert fus["request"].owner == ws.settings.manager.name
    assert count(ws, VisitDraft) == 0


def test_a_planned_visit_keeps_one_record(workspace, planned):
    ws = workspace
    # The end-of-day quick log got there first.
    with ws.db.sessions.begin() as s:
        pv = s.get(PlannedVisit, planned)
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=pv.customer_id, planned_visit_id=planned,
                          day=pv.day, status="not_done", outcome="nothing", next_steps="改天再约",
                          created_at=ws.now(), updated_at=ws.now()))
    ctx = vr.load_visit(ws, planned)
    assert ctx.record_id is not None and ctx.form.next_steps == "改天再约"
    saved = vr.save_record(ws, planned, form(next_steps="周五回访"))
    again = vr.save_record(ws, planned, form(next_steps="周五回访", outcome="order"))
    assert not saved.created and not again.created and saved.record_id == ctx.record_id
    assert count(ws, VisitRecord) == 1
    with ws.db.sessions() as s:
        rec = s.scalar(select(VisitRecord))
        assert (rec.status, rec.outcome, rec.next_steps) == ("done", "order", "周五回访")


def test_invalid_form_writes_nothing(workspace, planned):
    ws = workspace
    with pytest.raises(vr.RecordInvalid) as err:
        vr.save_record(ws, planned, form(departed="09:00").with_followup(FollowUpDraft(title=" ")))
    assert err.value.errors == {"departed": "visit_record.err.depart_before_arrive",
                                "followup0.title": "visit_record.err.required"}
    assert count(ws, VisitRecord) == 0 and count(ws, FollowUp) == 0
    with ws.db.sessions() as s:
        assert s.get(PlannedVisit, planned).status == "planned"


def test_urgent_request_due_counts_working_days(workspace):
    # Created Friday 27 Nov 16:00: 2 working days later is Tuesday 1 Dec.
    clock = vr.sla_clock(workspace, "urgent_request", datetime(2026, 11, 27, 16, 0))
    assert clock.resolve_due == datetime(2026, 12, 1, 16, 0)
    assert clock.first_answer_due == datetime(2026, 11, 27, 20, 0)
