"""Follow-up use cases on a real database: the page query, filters, and changes to one item."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from rmtui.errors import InputError, UserError
from rmtui.services import followups as fu
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Customer, FollowUp, VisitRecord

NOW = datetime(2026, 11, 24, 9, 0)


def add_customers(ws) -> dict[str, int]:
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [
            {"code": "C0001", "name": "金陵副食便利店", "tier": "core"},
            {"code": "C0002", "name": "天元商贸有限公司", "tier": "potential"},
        ], ws.now())
        s.flush()
        return dict(s.execute(select(Customer.code, Customer.id)).all())


def add_item(ws, customer_id: int, title: str, due: datetime, *, kind: str = "follow_up",
             first_due: datetime | None = None, answered: datetime | None = None, status: str = "open",
             visit_id: int | None = None) -> int:
    with ws.db.sessions.begin() as s:
        row = FollowUp(manager_id=ws.manager_id, customer_id=customer_id, kind=kind, title=title,
                       created_at=NOW - timedelta(days=1), first_answer_due=first_due, first_answered_at=answered,
                       due_at=due, status=status, visit_id=visit_id)
        s.add(row)
        s.flush()
        return row.id


@pytest.fixture
def items(workspace):
    ids = add_customers(workspace)
    c1, c2 = ids["C0001"], ids["C0002"]
    return workspace, {
        "late": add_item(workspace, c1, "回复代发工资收费方案", NOW - timedelta(hours=20)),
        # Resolution due tomorrow, but the first answer is owed at 11:00 today: that is its next deadline.
        "complaint": add_item(workspace, c2, "收单款项隔日未到账", NOW + timedelta(days=1), kind="complaint",
                              first_due=NOW + timedelta(hours=2)),
        "answered": add_item(workspace, c2, "机具故障", NOW + timedelta(hours=5), kind="complaint",
                             first_due=NOW - timedelta(hours=1), answered=NOW - timedelta(hours=2)),
        "callback": add_item(workspace, c1, "购买后一周电话回访", NOW + timedelta(days=3), kind="callback"),
        "done": add_item(workspace, c1, "已办结事项", NOW - timedelta(days=3), status="done"),
    }


def titles(page: fu.FollowUpPage) -> list[str]:
    return [f.title for f in page.rows]


def test_open_items_come_soonest_next_deadline_first(items):
    ws, _ = items
    page = fu.followup_page(ws)
    assert titles(page) == ["回复代发工资收费方案", "收单款项隔日未到账", "机具故障", "购买后一周电话回访"]
    assert (page.total, page.overdue) == (4, 1)


def test_filters_by_customer_kind_and_overdue(items):
    ws, _ = items
    assert titles(fu.followup_page(ws, fu.FollowUpFilter(search="天元"))) == ["收单款项隔日未到账", "机具故障"]
    assert titles(fu.followup_page(ws, fu.FollowUpFilter(search="jlfs"))) == ["回复代发工资收费方案",
                                                                             "购买后一周电话回访"]
    assert titles(fu.followup_page(ws, fu.FollowUpFilter(search="回访"))) == ["购买后一周电话回访"]
    assert titles(fu.followup_page(ws, fu.FollowUpFilter(search="%"))) == []  # a wildcard is plain text
    assert titles(fu.followup_page(ws, fu.FollowUpFilter(kind="complaint"))) == ["收单款项隔日未到账", "机具故障"]
    overdue = fu.followup_page(ws, fu.FollowUpFilter(overdue_only=True))
    assert titles(overdue) == ["回复代发工资收费方案"] and overdue.total == 1


def test_pages_are_limited_in_sql(items):
    ws, _ = items
    first = fu.followup_page(ws, limit=3)
    second = fu.followup_page(ws, offset=3, limit=3)
    assert len(first.rows) == 3 and first.total == 4
    assert titles(second) == ["购买后一周电话回访"] and second.offset == 3
    assert fu.followup_page(ws, offset=99, limit=3).offset == 3  # past the end: the last page


def test_complete_sets_result_time_and_answer(items):
    ws, ids = items
    fu.complete_followup(ws, ids["complaint"], "  已退款并电话告知  ")
    with ws.db.sessions() as s:
        row = s.get(FollowUp, ids["complaint"])
        assert (row.status, row.result, row.completed_at, row.first_answered_at) == (
            "done", "已退款并电话告知", NOW, NOW)
    with pytest.raises(UserError, match="already done"):
        fu.complete_followup(ws, ids["complaint"], "again")
    with pytest.raises(InputError, match="write the result"):
        fu.complete_followup(ws, ids["late"], "   ")
    assert "收单款项隔日未到账" not in titles(fu.followup_page(ws))


def test_reschedule_moves_due_and_notes_it(items):
    ws, ids = items
    new_due = datetime(2026, 11, 27, 17, 0)
    fu.reschedule_followup(ws, ids["late"], new_due)
    with ws.db.sessions() as s:
        row = s.get(FollowUp, ids["late"])
        assert row.due_at == new_due
        assert row.detail.endswith("[2026-11-24 09:00] due 2026-11-23 13:00 → 2026-11-27 17:00")
    assert titles(fu.followup_page(ws))[-1] == "回复代发工资收费方案"
    with pytest.raises(InputError, match="already past"):
        fu.reschedule_followup(ws, ids["late"], NOW - timedelta(minutes=1))


def test_first_answer_is_recorded_once(items):
    ws, ids = items
    assert fu.mark_first_answer(ws, ids["complaint"]) is True
    assert fu.mark_first_answer(ws, ids["complaint"]) is False
    page = fu.followup_page(ws)
    # Answered: its next deadline is now the resolution tomorrow, after the other complaint's (in 5 hours).
    assert titles(page) == ["回复代发工资收费方案", "机具故障", "收单款项隔日未到账", "购买后一周电话回访"]


def test_parse_due_accepts_three_forms_and_refuses_the_rest():
    assert fu.parse_due("2026-11-27 17:00", NOW) == datetime(2026, 11, 27, 17, 0)
    assert fu.parse_due("11-27 8:30", NOW) == datetime(2026, 11, 27, 8, 30)
    assert fu.parse_due(" 17:00 ", NOW) == datetime(2026, 11, 24, 17, 0)
    assert fu.parse_due("01-05 10:00", datetime(2026, 12, 20, 9, 0)) == datetime(2027, 1, 5, 10, 0)
    for text, reason in (("tomorrow", "format"), ("2026-11-27", "format"), ("2026-02-30 10:00", "invalid"),
                         ("25:00", "invalid"), ("08:00", "past"), ("2026-11-24 09:00", "past")):
        with pytest.raises(fu.DueTimeError) as err:
            fu.parse_due(text, NOW)
        assert err.value.reason == reason, text


def test_source_visit_and_customer(items):
    ws, _ = items
    with ws.db.sessions.begin() as s:
        cid = s.scalar(select(Customer.id).where(Customer.code == "C0001"))
        rec = VisitRecord(manager_id=ws.manager_id, customer_id=cid, day=NOW.date(), status="done",
                          needs="提高限额", outcome="follow_up", created_at=NOW, updated_at=NOW)
        s.add(rec)
        s.flush()
        rid = rec.id
    visit = fu.followup_visit(ws, rid)
    assert visit is not None and (visit.customer_name, visit.needs, visit.outcome) == (
        "金陵副食便利店", "提高限额", "follow_up")
    assert fu.followup_visit(ws, 9999) is None
    detail = fu.followup_customer(ws, "C0001")
    assert detail is not None and [f.title for f in detail.followups][0] == "回复代发工资收费方案"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(-72, 72), st.one_of(st.none(), st.integers(-72, 72)), st.booleans()),
                min_size=1, max_size=12))
def test_sql_order_matches_the_domain_next_deadline(workspace, specs):
    """Whatever the deadlines, the page is sorted by ``FollowUpInfo.next_deadline``."""
    ws = workspace
    with ws.db.sessions.begin() as s:
        s.execute(delete(FollowUp))
    cid = _a_customer(ws) or add_customers(ws)["C0001"]
    for n, (due_h, first_h, answered) in enumerate(specs):
        add_item(ws, cid, f"item {n}", NOW + timedelta(hours=due_h),
                 first_due=NOW + timedelta(hours=first_h) if first_h is not None else None,
                 answered=NOW - timedelta(hours=1) if answered and first_h is not None else None)
    page = fu.followup_page(ws)
    deadlines = [f.next_deadline() for f in page.rows]
    assert deadlines == sorted(deadlines) and len(deadlines) == len(specs)
    assert page.overdue == sum(f.overdue(NOW) for f in page.rows)


def _a_customer(ws) -> int | None:
    with ws.db.sessions() as s:
        return s.scalar(select(Customer.id).limit(1))
