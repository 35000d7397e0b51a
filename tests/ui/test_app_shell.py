"""The app shell: function keys to the main screens, the palette lists every action."""

from __future__ import annotations

from textual.command import CommandPalette

from rmtui.ui.app import make_app
from rmtui.ui.navigation import DESTINATIONS
from rmtui.ui.screens.customers import CustomersScreen
from rmtui.ui.screens.today import TodayScreen


async def test_function_keys_go_to_a_screen_and_back_without_stacking(book_workspace):
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, CustomersScreen)
        await pilot.press("f5")  # already there: no second copy
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert len(app.screen_stack) == 2  # the default screen and Today


async def test_palette_lists_destinations_and_the_screens_actions(book_workspace):
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for d in DESTINATIONS:
            assert (f"Go to: {app.t(f'nav.{d.id}')}" in titles) == d.available()
        assert "Re-optimise" in titles and "Prev day" in titles and "Cursor up" not in titles and "Help" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to customers")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CustomersScreen)


async def test_palette_is_in_the_interface_language(book_workspace):
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "前往：客户" in titles


async def test_start_up_reminds_that_next_weeks_plan_is_due_from_thursday_noon(book_workspace):
    from datetime import datetime

    book_workspace.clock = lambda: datetime(2026, 11, 26, 12, 30)  # Thursday 12:30
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = [n.message for n in app._notifications]  # noqa: SLF001 - no public list of notifications
        assert any("2026-W49" in m and "due" in m for m in shown), shown


async def test_no_reminder_early_in_the_week(book_workspace):
    app = make_app(book_workspace, locale="en")  # Tuesday 09:00
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not [n for n in app._notifications if "W49" in n.message]  # noqa: SLF001


def test_bare_rmtui_accepts_the_interface_language():
    from rmtui.cli import build_parser

    args = build_parser().parse_args(["--locale", "en"])
    assert args.locale == "en" and getattr(args, "func", None) is None


async def test_palette_leaves_out_textuals_plumbing_and_speaks_the_language(book_workspace):
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not {"Focus Next", "Focus Previous", "Copy selected text", "palette"} & set(titles)
        assert len(titles) == len(set(titles))  # quit, help, language listed once
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one("CommandInput").placeholder == "搜索操作或页面…"


async def test_screen_keys_work_while_typing_in_a_field(book_workspace):
    from textual.widgets import Input

    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.press(*"jl")
        assert isinstance(app.screen.focused, Input)  # typing in the customer search
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_a_closed_terminal_exits_cleanly_and_keeps_what_was_typed(book_workspace):
    """SIGHUP (terminal closed) right after typing, before the draft's autosave timer: nothing is lost."""
    import asyncio
    import os
    import signal
    from datetime import date, time

    from sqlalchemy import select

    from rmtui.store.models import Customer, PlannedVisit, VisitDraft
    from rmtui.ui.screens.visit_record import VisitRecordScreen

    ws = book_workspace
    with ws.db.sessions.begin() as s:
        cid = s.scalar(select(Customer.id).where(Customer.code == "C0001"))
        row = PlannedVisit(manager_id=ws.manager_id, customer_id=cid, day=date(2026, 11, 24), sequence=1,
                           planned_start=time(8, 0), planned_minutes=30, purpose="例行拜访", source="cadence",
                           created_at=ws.now())
        s.add(row)
        s.flush()
        pid = row.id
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert signal.SIGHUP in asyncio.get_running_loop()._signal_handlers  # noqa: SLF001 - else the kill below ends pytest
        app.push_screen(VisitRecordScreen(pid))
        await pilot.pause()
        app.screen.query_one("#discussed").focus()
        await pilot.press(*"terminal closed")
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(100):
            if not app.is_running:
                break
            await asyncio.sleep(0.02)
        assert not app.is_running
    with ws.db.sessions() as s:
        drafts = s.scalars(select(VisitDraft.data)).all()
    assert any("terminal closed" in d for d in drafts)
