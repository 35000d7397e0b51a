from __future__ import annotations

import asyncio
import importlib.util
import threading
from datetime import date, time

from sqlalchemy import select
from textual.widgets import DataTable, Input

import rmtui.routing as routing
from rmtui.store import plans as repo
from rmtui.store.models import Customer, PlannedVisit
from rmtui.ui.app import make_app
from rmtui.ui.modals.jump_date import parse_day
from pilot_helpers import settle

DAY = date(2026, 11, 24)



def plan_day(ws, codes=("C0002", "C0001", "C0004", "C0003")) -> list[int]:
    """Visits in a deliberately poor order, all planned 09:00, in this week's plan."""
    with ws.db.sessions.begin() as s:
        plan = repo.create_week_plan(s, ws.manager_id, 2026, 48, ws.now())
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        rows = []
        for seq, code in enumerate(codes, start=1):
            row = PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=ids[code], day=DAY,
                               sequence=seq, planned_start=time(9, 0), planned_minutes=20, purpose="例行拜访",
                               source="cadence", created_at=ws.now())
            s.add(row)
            rows.append(row)
        s.flush()
        return [r.id for r in rows]


def stored(ws) -> list[tuple[int, int, str, str]]:
    with ws.db.sessions() as s:
        rows = s.scalars(select(PlannedVisit).where(PlannedVisit.day == DAY).order_by(PlannedVisit.sequence))
        return [(r.id, r.sequence, r.status, r.status_reason) for r in rows]


def times(ws) -> list[tuple[int, time | None, bool]]:
    with ws.db.sessions() as s:
        rows = s.scalars(select(PlannedVisit).where(PlannedVisit.day == DAY, PlannedVisit.status == "planned")
                         .order_by(PlannedVisit.sequence))
        return [(r.id, r.planned_start, r.pinned) for r in rows]


async def test_reoptimise_move_skip_done(book_workspace):
    ws = book_workspace
    ids = plan_day(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        await pilot.press("r")
        await settle(app, pilot)
        after = stored(ws)
        # 天元 (C0002, far south in 江宁) is no longer first once the route is optimised.
        assert after[0][0] != ids[0]
        starts = [start for _, start, _ in times(ws)]
        assert starts == sorted(starts) and starts[0] >= time(9, 0)
        first = after[0][0]
        await pilot.press("shift+down")
        await settle(app, pilot)
        assert stored(ws)[1][0] == first
        moved = times(ws)
        # the times follow the new order, inside opening hours (09:00-12:00, 13:30-18:00); nothing is pinned
        assert [s for _, s, _ in moved] == sorted(s for _, s, _ in moved)
        assert all(time(9, 0) <= s <= time(11, 40) or s >= time(13, 30) for _, s, _ in moved)
        assert not any(p for _, _, p in moved)
        assert table.cursor_row == 1
        await pilot.press("s")
        await pilot.press(*"closed", "enter")
        await settle(app, pilot)
        assert ("skipped", "closed") in [(st, why) for _, _, st, why in stored(ws)]
        await pilot.press("up", "x")
        await settle(app, pilot)
        assert [st for _, _, st, _ in stored(ws)].count("done") == 1


async def test_totals_and_arrival_shown_without_reoptimising(book_workspace):
    plan_day(book_workspace)
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        view = app.screen.view
        assert view.travel_minutes > 0 and view.back_at is not None and view.leave_at is not None
        totals = str(app.screen.query_one("#totals").render())
        assert f"Travel {view.travel_minutes} min" in totals and "back at" in totals
        table = app.screen.query_one(DataTable)
        # all four at 09:00 in the stored plan: from the second on, the route arrives late
        assert "late" in str(table.get_cell_at((1, 2)))


async def test_cursor_moves_neither_reload_nor_redraw_the_map(book_workspace, monkeypatch):
    from rmtui.services import day_view
    from rmtui.ui.widgets.route_map import RouteMap

    plan_day(book_workspace)
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        loads, draws = [], []
        load_day, draw = day_view.load_day, RouteMap._draw
        monkeypatch.setattr(day_view, "load_day", lambda *a: loads.append(a) or load_day(*a))
        monkeypatch.setattr(RouteMap, "_draw", lambda self, *a: draws.append(a) or draw(self, *a))
        layouts = []  # a layout redraws the whole table: a cursor move must not need one
        refresh_layout = type(app.screen)._refresh_layout
        monkeypatch.setattr(type(app.screen), "_refresh_layout",
                            lambda self, *a, **k: layouts.append(a) or refresh_layout(self, *a, **k))
        box = app.screen.query_one("#selected")
        height = box.size.height
        visits = app.screen.view.visits
        for key, row in (("down", 1), ("down", 2), ("up", 1)):
            await pilot.press(key)
            await settle(app, pilot)
            # the highlighted visit in full, under the table
            assert visits[row].customer.address in str(box.render())
        assert loads == [] and draws == [] and layouts == []
        assert box.size.height == height


async def test_reorder_changes_rows_in_place(book_workspace):
    ws = book_workspace
    ids = plan_day(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        rows = list(table.rows)
        await pilot.press("shift+down")  # the first visit (天元, C0002) one place later
        await settle(app, pilot)
        assert [i for i, *_ in stored(ws)][:2] == [ids[1], ids[0]]
        assert list(table.rows) == rows  # the same rows, their cells changed: no refill
        assert "天元" in str(table.get_cell_at((1, 4))) and "天元" not in str(table.get_cell_at((0, 4)))
        assert table.cursor_row == 1  # the cursor follows the moved visit
        await pilot.press("full_stop")  # another day: a refill, the cursor on its first row
        await settle(app, pilot)
        assert table.row_count == 0 and app.screen.day == date(2026, 11, 25)
        assert "No visits planned" in str(app.screen.query_one("#selected").render())


async def test_cancelled_reoptimise_leaves_the_day_as_it_was(book_workspace, monkeypatch):
    ws = book_workspace
    plan_day(ws)
    before = stored(ws), times(ws)
    entered, release, finished = threading.Event(), threading.Event(), threading.Event()
    real = routing.solve_day

    def slow(problem, **kw):
        entered.set()
        release.wait(10)
        try:
            return real(problem, **kw)
        finally:
            finished.set()

    monkeypatch.setattr(routing, "solve_day", slow)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("r")
        assert await asyncio.to_thread(entered.wait, 10)
        await pilot.pause()
        assert screen.solving and screen.has_class("-solving")
        await pilot.press("down")  # the screen stays live while solving
        assert screen.query_one(DataTable).cursor_row == 1
        await pilot.press("shift+down")  # edits wait for the solve
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.solving and not screen.has_class("-solving")
        release.set()
        assert await asyncio.to_thread(finished.wait, 10)
        await asyncio.sleep(0.2)  # the worker thread leaves plan_day (rollback)
        await settle(app, pilot)
        assert (stored(ws), times(ws)) == before
        with ws.db.sessions() as s:
            plan = repo.get_week_plan(s, ws.manager_id, 2026, 48)
            assert "days_planned" not in repo.notes_of(plan)


async def test_add_ad_hoc_visit_by_search(book_workspace):
    ws = book_workspace
    plan_day(ws, codes=("C0002", "C0001", "C0004"))
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "AddVisitModal"
        await pilot.press(*"烟酒")
        await settle(app, pilot)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")  # one match: added
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        with ws.db.sessions() as s:
            row = s.scalar(select(PlannedVisit).join(Customer).where(Customer.code == "C0003"))
            assert (row.day, row.source, row.reason, row.sequence) == (DAY, "ad_hoc", "ad hoc visit", 4)
            assert row.weekly_plan_id is not None and row.planned_start is not None
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4 and table.cursor_row == 3
        # the same customer twice on a day is refused, nothing written
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press(*"C0001")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert len(stored(ws)) == 4
        assert any("already planned" in n.message for n in app._notifications)


async def test_jump_to_date_validates_and_day_keys(book_workspace):
    plan_day(book_workspace)
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        today = app.screen
        await pilot.press("j")
        await pilot.press(*"2026-13-01", "enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "JumpDateModal"
        assert "not a date" in str(app.screen.query_one("#error").render())
        app.screen.query_one(Input).value = ""
        await pilot.press(*"12-01", "enter")
        await settle(app, pilot)
        assert today.day == date(2026, 12, 1) and "2026-12-01" in today.sub_title
        await pilot.press("comma")
        await settle(app, pilot)
        assert today.day == date(2026, 11, 30)
        await pilot.press("home")
        await settle(app, pilot)
        assert today.day == DAY and today.query_one(DataTable).row_count == 4


def test_parse_day():
    base = date(2026, 11, 24)
    assert parse_day("2026-12-01", base) == date(2026, 12, 1)
    assert parse_day("2026/1/5", base) == date(2026, 1, 5)
    assert parse_day("12-31", base) == date(2026, 12, 31)
    assert parse_day("+7", base) == date(2026, 12, 1)
    assert parse_day("-1", base) == date(2026, 11, 23)
    for bad in ("", "tomorrow", "2026-02-30", "13-01", "2026-11"):
        assert parse_day(bad, base) is None


async def test_open_customer_checklist_record_and_navigation(book_workspace, monkeypatch):
    plan_day(book_workspace)
    app = make_app(book_workspace, locale="en")
    went: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(app, "go", lambda dest, *args: went.append((dest, *args)))
        await pilot.press("o")
        await pilot.press("enter")
        assert went == [("customers", "C0002"), ("customers", "C0002")]
        went.clear()
        await pilot.press("f", "e", "w", "m")
        assert went == [("followups",), ("end_of_day",), ("week",), ("month",)]
        monkeypatch.undo()
        # c opens the customer list Today keeps: the same screen each time, refreshed
        await pilot.press("c")
        await settle(app, pilot)
        kept = app.screen
        assert kept.__class__.__name__ == "CustomersScreen"
        assert kept.query_one(DataTable).row_count == 4
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        with book_workspace.db.sessions.begin() as s:
            s.add(Customer(manager_id=book_workspace.manager_id, code="C0005", name="新街口花店", tier="C",
                           created_at=book_workspace.now(), updated_at=book_workspace.now()))
        await pilot.press("c")
        await settle(app, pilot)
        assert app.screen is kept and kept.query_one(DataTable).row_count == 5
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "CustomersScreen"
        assert app.screen.query_one("#search", Input).value == "C0002"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        await pilot.press("k")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ChecklistScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        if importlib.util.find_spec("rmtui.ui.screens.visit_record") is None:
            assert any("not available" in n.message for n in app._notifications)
        else:
            assert app.screen.__class__.__name__ == "VisitRecordScreen"


async def test_footer_keeps_to_the_keys_that_matter(book_workspace):
    plan_day(book_workspace)
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        shown = {b.id for _, b, enabled, _ in app.screen.active_bindings.values() if b.show and enabled}
        assert {"reoptimise", "today_checklist", "today_record", "done", "skip", "today_add"} <= shown
        assert len(shown) <= 10


async def test_skip_needs_a_reason(book_workspace):
    ws = book_workspace
    plan_day(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("s", "enter")  # empty reason: the modal stays
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ReasonModal"
        await pilot.press("escape")
        await settle(app, pilot)
        assert all(st == "planned" for _, _, st, _ in stored(ws))


async def test_empty_day_says_how_to_plan(book_workspace):
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert "No visits planned" in str(app.screen.query_one("#selected").render())


def a_planned_day(ws) -> None:
    """The day as the daily plan routes it, the first visit done, the second one's checklist ticked."""
    from rmtui.services import checklists
    from rmtui.services.day_view import set_status
    from rmtui.services.plan_day import plan_day as route_day

    plan_day(ws)
    route_day(ws, DAY, replan=True)
    first, second = [i for i, _, _, _ in stored(ws)][:2]
    set_status(ws, first, "done")
    run = checklists.open_checklist(ws, second).checklist
    for item in run.items:
        checklists.tick(ws, item.id, True)


def test_today_snapshot_zh(book_workspace, snap_compare):
    a_planned_day(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="zh"), terminal_size=(120, 36),
                        run_before=lambda pilot: settle(pilot.app, pilot))


def test_today_snapshot_en(book_workspace, snap_compare):
    a_planned_day(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="en"), terminal_size=(120, 36),
                        run_before=lambda pilot: settle(pilot.app, pilot))


def test_added_late_in_the_day_never_gets_a_time_in_the_past(book_workspace):
    from datetime import datetime

    from rmtui.services.day_view import add_ad_hoc

    ws = book_workspace
    plan_day(ws, codes=("C0002", "C0001", "C0004"))
    ws.clock = lambda: datetime(2026, 11, 24, 17, 20)
    added = add_ad_hoc(ws, DAY, "C0003", "ad hoc")
    assert not added.fits  # four visits do not fit in what is left of the day
    starts = [start for _, start, _ in times(ws)]
    assert all(s >= time(17, 20) for s in starts) and starts == sorted(starts)
