"""Follow-ups screen driven with real keys; every change is checked in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from textual.widgets import DataTable, Static

from rmtui.store.models import Customer, FollowUp, VisitRecord
from rmtui.ui.app import make_app
from rmtui.ui.screens.followups import FollowUpsScreen
from pilot_helpers import settle



def add_items(ws) -> dict[str, int]:
    """Besides the book's complaint (first answer due 15:00 today): one overdue, one due within the hour,
    one next week created from a visit record."""
    with ws.db.sessions.begin() as s:
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        visit = s.scalar(select(VisitRecord.id).where(VisitRecord.customer_id == ids["C0001"]))
        rows = {
            "overdue": FollowUp(manager_id=ws.manager_id, customer_id=ids["C0002"], kind="follow_up",
                                title="回复代发工资收费方案", owner="李明", created_at=datetime(2026, 11, 18, 10, 0),
                                due_at=datetime(2026, 11, 23, 17, 0)),
            "soon": FollowUp(manager_id=ws.manager_id, customer_id=ids["C0004"], kind="request",
                             title="开通对公网银", owner="李明", created_at=datetime(2026, 11, 20, 10, 0),
                             due_at=datetime(2026, 11, 24, 10, 0)),
            "later": FollowUp(manager_id=ws.manager_id, customer_id=ids["C0001"], kind="callback",
                              title="购买后一周电话回访", owner="李明", visit_id=visit,
                              created_at=datetime(2026, 11, 3, 11, 0), due_at=datetime(2026, 12, 1, 17, 0)),
        }
        s.add_all(rows.values())
        s.flush()
        out = {k: r.id for k, r in rows.items()}
        out["complaint"] = s.scalar(select(FollowUp.id).where(FollowUp.kind == "complaint"))
        return out


def item(ws, fid: int) -> FollowUp:
    with ws.db.sessions() as s:
        return s.get(FollowUp, fid)


def rows(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[4]) for i in range(table.row_count)]


async def open_followups(app, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("f6")
    await settle(app, pilot)
    assert isinstance(app.screen, FollowUpsScreen)


async def test_sorted_by_next_deadline_and_filtered(book_workspace):
    ws = book_workspace
    add_items(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(app, pilot)
        assert rows(app) == ["回复代发工资收费方案", "开通对公网银", "送货延迟投诉", "购买后一周电话回访"]
        pager = str(app.screen.query_one("#pager", Static).render())
        assert "共 4 项未完成" in pager and "逾期 1 项" in pager
        await pilot.press("ctrl+o")  # overdue only
        await settle(app, pilot)
        assert rows(app) == ["回复代发工资收费方案"]
        await pilot.press("ctrl+o", "ctrl+t", "ctrl+t")  # all again; kinds: all → follow-up → complaint
        await settle(app, pilot)
        assert rows(app) == ["送货延迟投诉"]
        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t")  # callback → request → all
        await settle(app, pilot)
        assert len(rows(app)) == 4
        await pilot.press("ctrl+f", *"jlfs", "enter")  # pinyin initials of 金陵副食便利店
        await settle(app, pilot)
        assert rows(app) == ["送货延迟投诉", "购买后一周电话回访"]
        assert app.screen.query_one(DataTable).has_focus
        await pilot.press("ctrl+f", "ctrl+u", *"zzz", "enter")
        await settle(app, pilot)
        assert rows(app) == [] and "没有符合条件" in str(app.screen.query_one("#pager", Static).render())


async def test_complete_reschedule_and_first_answer(book_workspace):
    ws = book_workspace
    ids = add_items(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(app, pilot)
        # Overdue only, then complete the one overdue item with a result.
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        await pilot.press("ctrl+d", "enter")  # an empty result is refused: the modal stays
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ReasonModal"
        await pilot.press(*"sent by email", "enter")
        await settle(app, pilot)
        done = item(ws, ids["overdue"])
        assert (done.status, done.result, done.completed_at) == ("done", "sent by email", datetime(2026, 11, 24, 9))
        assert rows(app) == []
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert rows(app) == ["开通对公网银", "送货延迟投诉", "购买后一周电话回访"]
        # Reschedule the first row: a past time is refused beside the field, then a valid one is taken.
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        modal = app.screen
        assert modal.__class__.__name__ == "RescheduleModal"
        await pilot.press("ctrl+u", *"2026-11-20 10:00", "enter")
        await settle(app, pilot)
        assert app.screen is modal
        assert "already past" in str(modal.query_one("#error", Static).render())
        await pilot.press("ctrl+u", *"11-28 10:30", "enter")
        await settle(app, pilot)
        moved = item(ws, ids["soon"])
        assert moved.due_at == datetime(2026, 11, 28, 10, 30) and "→ 2026-11-28 10:30" in moved.detail
        assert rows(app) == ["送货延迟投诉", "开通对公网银", "购买后一周电话回访"]
        # The complaint's first answer: recorded now; its next deadline becomes the resolution (tomorrow 15:00).
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert item(ws, ids["complaint"]).first_answered_at == datetime(2026, 11, 24, 9, 0)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == "11-25 15:00"


async def test_source_visit_and_customer_open_over_the_list(book_workspace):
    ws = book_workspace
    add_items(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(app, pilot)
        await pilot.press("down", "down", "down", "enter")  # the call-back, created at the 3 Nov visit
        await settle(app, pilot)
        text = str(app.screen.query_one("#text", Static).render())
        assert app.screen.__class__.__name__ == "FollowUpDetailModal"
        assert "2026-11-03 10:00 – 10:20" in text and "order" in text and "例行拜访" in text
        await pilot.press("escape", "up", "up", "up", "enter")  # the overdue item was entered directly
        await settle(app, pilot)
        assert "Not created from a visit record" in str(app.screen.query_one("#text", Static).render())
        await pilot.press("escape", "ctrl+e")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "CustomerPeekModal"
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "天元商贸有限公司" in detail
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, FollowUpsScreen)


async def test_language_switch_relabels_the_filters(book_workspace):
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_followups(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        assert str(app.screen.query_one("#overdue").label) == "Overdue only"
        assert "All kinds" in str(app.screen.query_one("#kind").query_one("SelectCurrent #label", Static).render())
        assert app.screen.query_one(DataTable).ordered_columns[0].label.plain == "Time left"


def _snapshot(ws, locale, snap_compare):
    add_items(ws)

    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("f6")
        await settle(pilot.app, pilot)

    return snap_compare(make_app(ws, locale=locale), terminal_size=(120, 36), run_before=run_before)


def test_followups_snapshot_zh(book_workspace, snap_compare):
    assert _snapshot(book_workspace, "zh", snap_compare)


def test_followups_snapshot_en(book_workspace, snap_compare):
    assert _snapshot(book_workspace, "en", snap_compare)


async def test_the_whole_question_shows_in_the_result_dialog(book_workspace):
    """A long question wraps inside the dialog instead of running past its edge (and a title in
    square brackets is shown as typed)."""
    from rich.cells import cell_len

    ws = book_workspace
    add_items(ws)
    with ws.db.sessions.begin() as s:
        s.query(FollowUp).update({FollowUp.title: "[VIP] " + FollowUp.title})
    app = make_app(ws, locale="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_followups(app, pilot)
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        label = app.screen.query_one("#question")
        question = str(label.render())
        assert question.startswith("Result of “[VIP] ") and question.endswith(":")
        box = label.parent.content_region
        assert label.region.right <= box.right and label.size.height >= 2
        assert label.size.width * label.size.height >= cell_len(question)
