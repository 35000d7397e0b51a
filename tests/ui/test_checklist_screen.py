"""The pre-visit checklist driven with real keys from Today, asserting on the database."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from textual.widgets import DataTable, SelectionList

from rmtui.services import checklists
from rmtui.store import plans as repo
from rmtui.store.models import ChecklistItem, ChecklistRun, Customer, PlannedVisit
from rmtui.ui.app import make_app
from rmtui.ui.screens.checklist import SAVE_DELAY, ChecklistScreen
from pilot_helpers import settle

DAY = date(2026, 11, 24)



def planned(ws) -> dict[str, int]:
    """Today's visits (C0001 second, a core customer with a past visit and an open complaint)."""
    with ws.db.sessions.begin() as s:
        plan = repo.create_week_plan(s, ws.manager_id, 2026, 48, ws.now())
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        out = {}
        for seq, code in enumerate(["C0002", "C0001", "C0004"], start=1):
            row = PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=ids[code], day=DAY,
                               sequence=seq, planned_start=time(9 + seq, 0), planned_minutes=30,
                               purpose="例行拜访", source="cadence", created_at=ws.now())
            s.add(row)
            s.flush()
            out[code] = row.id
        return out


def run_rows(ws, visit_id: int) -> tuple[ChecklistRun, list[ChecklistItem]]:
    with ws.db.sessions() as s:
        run = s.scalar(select(ChecklistRun).where(ChecklistRun.planned_visit_id == visit_id))
        items = list(run.items) if run else []
        s.expunge_all()
        return run, items


async def test_open_tick_objective_and_set_off_asking_once(book_workspace):
    ws = book_workspace
    ids = planned(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "k")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen) and screen.planned_visit_id == ids["C0001"]
        context = str(screen.query_one("#context-text").render())
        assert "送货延迟投诉" in context and "6h 0m left" in context  # complaint answer due 15:00
        assert "2026-11-03" in context  # the last visit
        # the objective has focus on a new checklist
        await pilot.press(*"confirm the new year order")
        await pilot.press("tab")  # to the steps
        await pilot.press("space", "down", "space")
        await pilot.pause()
        run, items = run_rows(ws, ids["C0001"])
        assert run.template_id == "core_service"
        ticked = [i for i in items if i.done]
        assert [i.position for i in ticked] == [1, 2] and all(i.done_at == ws.now() for i in ticked)
        await pilot.pause(SAVE_DELAY + 0.3)
        assert run_rows(ws, ids["C0001"])[0].objective == "confirm the new year order"
        await pilot.press("space")  # untick the second: saved at once
        await pilot.pause()
        assert [i.done for i in run_rows(ws, ids["C0001"])[1]][:2] == [True, False]

        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "LeaveChecklistModal"
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.screen is screen and not run_rows(ws, ids["C0001"])[0].left_with_open_items
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.click("#go")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        run, items = run_rows(ws, ids["C0001"])
        assert run.left_with_open_items and sum(i.done for i in items) == 1

        # opened again: the same checklist, and setting off does not ask twice
        await pilot.press("k")
        await settle(app, pilot)
        assert [i.done for i in app.screen.view.checklist.items] == [i.done for i in items]
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
    with ws.db.sessions() as s:
        assert len(s.scalars(select(ChecklistRun)).all()) == 1


async def test_all_ticked_shows_ready_on_today(book_workspace):
    ws = book_workspace
    ids = planned(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("k")
        await settle(app, pilot)
        screen = app.screen
        steps, materials = screen.query_one("#steps", SelectionList), screen.query_one("#materials", SelectionList)
        steps.focus()
        for _ in range(steps.option_count):
            await pilot.press("space", "down")
        materials.focus()
        for _ in range(materials.option_count):
            await pilot.press("space", "down")
        await pilot.pause()
        _, items = run_rows(ws, ids["C0002"])
        assert items and all(i.done for i in items)
        assert "ready to go" in str(screen.query_one("#status").render())
        await pilot.press("ctrl+g")  # nothing open: no question
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        assert not run_rows(ws, ids["C0002"])[0].left_with_open_items
        assert "checklist ready" in str(app.screen.query_one(DataTable).get_cell_at((0, 3)))


async def test_escape_keeps_the_objective_typed(book_workspace):
    ws = book_workspace
    ids = planned(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.push_screen(ChecklistScreen(ids["C0004"]))
        await settle(app, pilot)
        await pilot.press(*"ask about stock", "escape")  # saved at once, no waiting for the pause
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        assert run_rows(ws, ids["C0004"])[0].objective == "ask about stock"


def _prepared(ws) -> int:
    ids = planned(ws)
    run = checklists.open_checklist(ws, ids["C0001"]).checklist
    checklists.tick(ws, run.items[0].id, True)
    checklists.tick(ws, run.items[-1].id, True)
    checklists.set_objective(ws, run.id, "确认年货订单，处理送货延迟投诉")
    return ids["C0001"]


def _snapshot(ws, locale, snap_compare) -> bool:
    visit = _prepared(ws)

    async def open_it(pilot) -> None:
        await settle(pilot.app, pilot)
        pilot.app.push_screen(ChecklistScreen(visit))
        await settle(pilot.app, pilot)

    return snap_compare(make_app(ws, locale=locale), terminal_size=(120, 36), run_before=open_it)


def test_checklist_snapshot_zh(book_workspace, snap_compare):
    assert _snapshot(book_workspace, "zh", snap_compare)


def test_checklist_snapshot_en(book_workspace, snap_compare):
    assert _snapshot(book_workspace, "en", snap_compare)


async def test_fast_keys_tick_the_line_that_was_highlighted(book_workspace):
    """Keys arriving together (a fast typist, a real terminal): space then down ticks the first line,
    not the second (Textual's SelectionList toggles whatever is highlighted when its message arrives)."""
    from textual import events

    ws = book_workspace
    ids = planned(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("k")
        await settle(app, pilot)
        await pilot.press("tab")
        for key, char in (("space", " "), ("down", None), ("down", None), ("space", " ")):
            app.post_message(events.Key(key, char))  # all queued before any is handled
        await settle(app, pilot)
        _, items = run_rows(ws, ids["C0002"])
        assert [i.done for i in items][:4] == [True, False, True, False]
        steps = app.screen.query_one("#steps", SelectionList)
        assert steps.selected == [items[0].id, items[2].id]


async def test_last_visit_is_the_one_before_this_visit_even_once_it_is_logged(book_workspace):
    """Logged, the visit's own record (and a later one) must not pass for 'the last visit'."""
    from datetime import datetime

    from rmtui.store.models import VisitRecord

    ws = book_workspace
    ids = planned(ws)
    with ws.db.sessions.begin() as s:
        c1 = s.scalar(select(Customer).where(Customer.code == "C0001"))
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=c1.id, planned_visit_id=ids["C0001"], day=DAY,
                          status="done", arrived=time(10, 5), departed=time(10, 40), mode="on_site",
                          purpose="例行拜访", discussed="今天谈了年货订单", outcome="agreement",
                          created_at=datetime(2026, 11, 24, 10, 40), updated_at=datetime(2026, 11, 24, 10, 40)))
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=c1.id, day=date(2026, 11, 27), status="done",
                          arrived=time(9, 0), mode="phone", purpose="回访", discussed="以后的电话",
                          created_at=datetime(2026, 11, 24, 10, 40), updated_at=datetime(2026, 11, 24, 10, 40)))
    assert checklists.open_checklist(ws, ids["C0001"]).context.last_visit.day == date(2026, 11, 3)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "k")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen) and screen.planned_visit_id == ids["C0001"]
        context = str(screen.query_one("#context-text").render())
        assert "2026-11-03" in context
        assert "今天谈了年货订单" not in context and "2026-11-24 ·" not in context and "以后的电话" not in context
