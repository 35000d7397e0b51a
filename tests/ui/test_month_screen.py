"""The month screen: targets and cadence shown, the month-end review saved, next month's
plan confirmed, month keys not stolen from the review form; snapshots in both languages."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from textual.widgets import DataTable, TextArea

from rmtui.domain.planning.periods import Month
from rmtui.store.models import MonthlyPlan
from rmtui.ui.app import make_app
from rmtui.ui.screens.month import MonthScreen
from pilot_helpers import settle



async def open_month(app, pilot) -> MonthScreen:
    await settle(app, pilot)
    app.go("month")
    await settle(app, pilot)
    assert isinstance(app.screen, MonthScreen)
    return app.screen


def month_plan(ws, month: Month) -> MonthlyPlan | None:
    with ws.db.sessions() as s:
        plan = s.scalar(select(MonthlyPlan).where(MonthlyPlan.year == month.year, MonthlyPlan.month == month.month))
        if plan is not None:
            s.expunge(plan)
        return plan


async def test_review_saved_and_next_month_confirmed(book_workspace):
    ws = book_workspace
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_month(app, pilot)
        assert screen.month == Month(2026, 11)
        assert screen.board.review is not None
        # C0001 (core, last seen 3 Nov) and the never-visited customers are due this month.
        table = screen.query_one("#due-table", DataTable)
        codes = [table.get_row_at(r)[0] for r in range(table.row_count)]
        assert "C0001" in codes
        # Type the review; ',' and '.' go into the text, not to the month keys.
        screen.query_one("#review-done", TextArea).focus()
        await pilot.press(*"visited 4, ok.")
        await pilot.press("tab")
        await pilot.press(*"C0002 missed: closed")
        await pilot.press("tab")
        await pilot.press(*"call before going")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.month == Month(2026, 11)
        plan = month_plan(ws, Month(2026, 11))
        assert (plan.review_done, plan.review_shortfalls, plan.review_improvements) == (
            "visited 4, ok.", "C0002 missed: closed", "call before going")
        assert plan.reviewed_at == datetime(2026, 11, 24, 9, 0)
        # Next month's plan: drafted when shown, confirmed with ctrl+o.
        assert month_plan(ws, Month(2026, 12)).status == "draft"
        await pilot.press("escape", "ctrl+o")
        await settle(app, pilot)
        nxt = month_plan(ws, Month(2026, 12))
        assert nxt.status == "confirmed" and nxt.confirmed_at == datetime(2026, 11, 24, 9, 0)
        assert "confirmed" in str(screen.query_one("#next").render())
        # The month keys work again outside the form.
        await pilot.press("full_stop")
        await settle(app, pilot)
        assert screen.month == Month(2026, 12)
        assert screen.board.review is None
        assert screen.query_one("#review-done", TextArea).disabled


async def test_saved_review_is_shown_again(book_workspace):
    from rmtui.services.plan_month import review_month

    review_month(book_workspace, Month(2026, 11), done="先前写的", shortfalls="", improvements="")
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_month(app, pilot)
        assert screen.query_one("#review-done", TextArea).text == "先前写的"
        await pilot.press("comma")
        await settle(app, pilot)
        assert screen.month == Month(2026, 10)
        assert screen.query_one("#review-done", TextArea).text == ""


async def test_review_typed_is_kept_without_ctrl_s(book_workspace):
    """Typing stops: the review is saved a second later (a killed terminal loses nothing); leaving
    the screen or going to another month saves what was typed just before."""
    from rmtui.ui.screens.month import AUTOSAVE_SECONDS

    ws = book_workspace
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_month(app, pilot)
        screen.query_one("#review-done", TextArea).focus()
        await pilot.press(*"走访了四家")
        await pilot.pause(AUTOSAVE_SECONDS + 0.4)
        await settle(app, pilot)
        assert month_plan(ws, Month(2026, 11)).review_done == "走访了四家"  # before the app ends
        await pilot.press("tab", *"两家关门")
        await pilot.press("f4")  # straight to Today: the month screen is closed
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TodayScreen"
        assert month_plan(ws, Month(2026, 11)).review_shortfalls == "两家关门"
        screen = await open_month(app, pilot)
        assert screen.query_one("#review-shortfalls", TextArea).text == "两家关门"
        screen.query_one("#review-improvements", TextArea).focus()
        await pilot.press(*"提前预约", "escape", "comma")  # out of the field, then the previous month
        await settle(app, pilot)
        assert screen.month == Month(2026, 10)
        assert month_plan(ws, Month(2026, 11)).review_improvements == "提前预约"


async def go_month(pilot) -> None:
    await settle(pilot.app, pilot)
    pilot.app.go("month")
    await settle(pilot.app, pilot)


def test_month_snapshot_zh(demo_workspace, snap_compare):
    assert snap_compare(make_app(demo_workspace, locale="zh"), terminal_size=(120, 36), run_before=go_month)


def test_month_snapshot_en(demo_workspace, snap_compare):
    assert snap_compare(make_app(demo_workspace, locale="en"), terminal_size=(120, 36), run_before=go_month)


@pytest.mark.parametrize("locale", ["zh", "en"])
async def test_every_column_of_the_due_list_shows_at_100_columns(demo_workspace, locale):
    """At 100×30 the due list fits its panel: no column cut off or scrolled out of sight, headers whole."""
    app = make_app(demo_workspace, locale=locale)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_month(app, pilot)
        table = screen.query_one("#due-table", DataTable)
        assert table.row_count > 10
        assert table.max_scroll_x == 0, f"{table.virtual_size.width} cells in {table.scrollable_content_region.width}"
        for column in table.columns.values():
            assert column.get_render_width(table) - 2 * table.cell_padding >= column.label.cell_len
        # Wider again: the names get their full width back, and still nothing scrolls sideways.
        await pilot.resize_terminal(140, 36)
        await settle(app, pilot)
        assert table.columns["name"].width == 20 and table.max_scroll_x == 0
        await pilot.resize_terminal(100, 30)
        await settle(app, pilot)
        assert table.columns["name"].width == 14 and table.max_scroll_x == 0 and table.row_count > 10
