"""The week board: build, move, submit (refused without a reason, then frozen), edit after
submission (a deviation), unplaced list, cancel; snapshots in both languages."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from rmtui.config import LoadedSettings, Settings
from rmtui.domain.planning.periods import IsoWeek
from rmtui.store.customers import upsert_customers
from rmtui.store.models import PlanDeviation, PlannedVisit, WeeklyPlan
from rmtui.ui.app import make_app
from rmtui.ui.screens.week import WeekScreen, default_week
from pilot_helpers import settle

W48 = IsoWeek(2026, 48)



async def open_week(app, pilot) -> WeekScreen:
    await settle(app, pilot)
    app.go("week")
    await settle(app, pilot)
    assert isinstance(app.screen, WeekScreen)
    return app.screen


def add_unlocated_core(ws) -> None:
    """A core customer never visited and without coordinates: due, but it cannot be placed."""
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [{"code": "C0005", "name": "无址核心客户", "tier": "core",
                                              "address": "南京市某处", "district": "鼓楼区"}], ws.now())


def plan_of(ws, week: IsoWeek) -> WeeklyPlan | None:
    with ws.db.sessions() as s:
        plan = s.scalar(select(WeeklyPlan).where(WeeklyPlan.iso_year == week.year, WeeklyPlan.iso_week == week.week))
        if plan is not None:
            s.expunge(plan)
        return plan


def visit_row(ws, visit_id: int) -> PlannedVisit:
    with ws.db.sessions() as s:
        row = s.get(PlannedVisit, visit_id)
        s.expunge(row)
        return row


def test_default_week_is_next_from_thursday():
    assert default_week(date(2026, 11, 24)) == IsoWeek(2026, 48)  # Tuesday: this week
    assert default_week(date(2026, 11, 26)) == IsoWeek(2026, 49)  # Thursday: next week
    assert default_week(date(2026, 11, 27)) == IsoWeek(2026, 49)  # Friday
    assert default_week(date(2026, 11, 29)) == IsoWeek(2026, 49)  # Sunday


async def test_build_move_submit_and_deviate(book_workspace):
    ws = book_workspace
    add_unlocated_core(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        assert screen.week == W48
        assert plan_of(ws, W48) is None
        await pilot.press("b")
        await settle(app, pilot)
        plan = plan_of(ws, W48)
        assert plan is not None and plan.built_at is not None and plan.status == "draft"
        with ws.db.sessions() as s:
            placed = s.scalars(select(PlannedVisit).where(PlannedVisit.weekly_plan_id == plan.id,
                                                          PlannedVisit.status == "planned")).all()
            assert len(placed) >= 3
        # The due core customer without a location is listed as not placed.
        assert any(u["code"] == "C0005" for u in json.loads(plan.notes)["unplaced"])
        assert "C0005" in str(app.screen.query_one("#warnings").render()) or \
            "need a location" in str(app.screen.query_one("#warnings").render())

        # Move the selected visit to the next working day.
        v = screen._selected()
        assert v is not None
        await pilot.press("shift+right")
        await settle(app, pilot)
        moved = visit_row(ws, v.id)
        assert moved.day > v.day and moved.manual
        assert screen._selected().id == v.id  # the cursor followed the visit

        # Submit without the written reason: refused, and it says why.
        await pilot.press("s")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "SubmitModal"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "SubmitModal"
        assert "need a written reason" in str(app.screen.query_one("#refused").render())
        assert plan_of(ws, W48).status == "draft"

        # Give the reason: submitted and frozen.
        await pilot.press(*"closed for works", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen)
        plan = plan_of(ws, W48)
        assert plan.status == "submitted" and plan.submitted_at == datetime(2026, 11, 24, 9, 0)
        assert json.loads(plan.notes)["reasons"]["C0005"] == "closed for works"
        snapshot = json.loads(plan.submitted_snapshot)
        assert any(x["id"] == v.id for x in snapshot["visits"])
        # The submission files are written and their paths shown.
        xlsx, markdown = (Path(f) for f in screen.files)
        assert xlsx.suffix == ".xlsx" and xlsx.stat().st_size > 0
        assert "天元商贸有限公司" in markdown.read_text(encoding="utf-8") or \
            "金陵副食便利店" in markdown.read_text(encoding="utf-8")
        assert xlsx.name in str(app.screen.query_one("#status").render())
        assert "submitted" in str(app.screen.query_one("#status").render()).lower()

        # An edit after submission asks why and is recorded as a deviation.
        v2 = screen._selected()
        await pilot.press("shift+left" if v2.day.weekday() == 4 else "shift+right")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ReasonModal"
        await pilot.press(*"customer asked", "enter")
        await settle(app, pilot)
        with ws.db.sessions() as s:
            devs = s.scalars(select(PlanDeviation).where(PlanDeviation.weekly_plan_id == plan.id)).all()
            assert [(d.kind, d.planned_visit_id, d.reason) for d in devs] == [("moved", v2.id, "customer asked")]
        assert visit_row(ws, v2.id).day != v2.day
        # The frozen copy did not change.
        assert plan_of(ws, W48).submitted_snapshot == plan.submitted_snapshot

        # Plan against actual shows the move with its reason.
        await pilot.press("v")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "PlanVsActualScreen"
        table = app.screen.query_one("#changes")
        cells = [str(c) for r in range(table.row_count) for c in table.get_row_at(r)]
        assert "customer asked" in cells and "moved" in cells
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen)


async def test_pin_remove_and_unplaced_reason(book_workspace):
    ws = book_workspace
    add_unlocated_core(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        v = screen._selected()
        await pilot.press("p")
        await settle(app, pilot)
        assert visit_row(ws, v.id).pinned
        # Remove needs a reason; an empty one keeps the modal open and changes nothing.
        await pilot.press("delete", "enter")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ReasonModal"
        await pilot.press(*"停业", "enter")
        await settle(app, pilot)
        row = visit_row(ws, v.id)
        assert (row.status, row.status_reason) == ("removed", "停业")
        # The not-placed list: write the reason there.
        await pilot.press("u")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "UnplacedModal"
        table = app.screen.query_one("#unplaced")
        codes = [table.get_row_at(r)[0] for r in range(table.row_count)]
        assert "C0005" in codes
        table.move_cursor(row=codes.index("C0005"))
        await pilot.press("w")
        await settle(app, pilot)
        await pilot.press(*"装修", "enter")
        await settle(app, pilot)
        assert json.loads(plan_of(ws, W48).notes)["reasons"]["C0005"] == "装修"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen)


async def test_add_visit_by_search(book_workspace):
    ws = book_workspace
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        plan = plan_of(ws, W48)
        with ws.db.sessions() as s:
            before = len(s.scalars(select(PlannedVisit).where(PlannedVisit.weekly_plan_id == plan.id)).all())
        await pilot.press("a")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "AddVisitModal"
        await pilot.press(*"C0003")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen)
        with ws.db.sessions() as s:
            rows = s.scalars(select(PlannedVisit).where(PlannedVisit.weekly_plan_id == plan.id)).all()
            added = [r for r in rows if r.source == "ad_hoc"]
            assert len(rows) == before + 1 and added and added[0].customer.code == "C0003"
        assert screen._selected().code == "C0003"


async def test_week_navigation_and_holidays(book_workspace):
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        for _ in range(5):  # to 2026-W53: New Year's Day on Friday is shown as a holiday
            await pilot.press("full_stop")
        await settle(app, pilot)
        assert screen.week == IsoWeek(2026, 53)
        heads = [str(h.render()) for h in screen.query(".day-head")]
        assert len(heads) == 5 and "元旦" in heads[-1]
        await pilot.press("home")
        await settle(app, pilot)
        assert screen.week == W48


async def test_calendar_export_and_files_preview(book_workspace):
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        from rmtui.services.calendar_export import default_calendar_path

        ics = default_calendar_path(book_workspace, W48)
        assert ics.exists() and b"BEGIN:VEVENT" in ics.read_bytes()
        await pilot.press("f")
        await settle(app, pilot)
        assert len(screen.files) == 2 and all(Path(f).exists() for f in screen.files)
        assert plan_of(book_workspace, W48).status == "draft"  # a preview does not submit


def clock_workspace(tmp_path, now: datetime):
    from rmtui.workspace import open_workspace

    return open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: now,
                          url=f"sqlite:///{tmp_path / 'clock.db'}")


@pytest.mark.parametrize(("now", "text"), [(datetime(2026, 11, 27, 10, 0), "is due"),
                                           (datetime(2026, 11, 28, 9, 0), "late")])
async def test_friday_opens_next_week_with_the_reminder(tmp_path, now, text):
    ws = clock_workspace(tmp_path, now)
    try:
        app = make_app(ws, locale="en")
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await open_week(app, pilot)
            assert screen.week == IsoWeek(2026, 49)
            assert text in str(screen.query_one("#status").render()).lower()
    finally:
        ws.close()


async def test_demo_week_is_shown_approved(demo_workspace):
    app = make_app(demo_workspace, locale="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_week(app, pilot)
        assert screen.board.status == "approved"
        assert sum(len(d.visits) for d in screen.board.days) == 30
        assert "approved" in str(screen.query_one("#status").render())
        await pilot.press("m")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DayMapModal"
        await pilot.press("escape")


async def go_week(pilot) -> None:
    await settle(pilot.app, pilot)
    pilot.app.go("week")
    await settle(pilot.app, pilot)


def test_week_snapshot_zh(demo_workspace, snap_compare):
    assert snap_compare(make_app(demo_workspace, locale="zh"), terminal_size=(120, 36), run_before=go_week)


def test_week_snapshot_en(demo_workspace, snap_compare):
    assert snap_compare(make_app(demo_workspace, locale="en"), terminal_size=(120, 36), run_before=go_week)


async def test_returned_plan_is_changed_and_submitted_again(book_workspace):
    from rmtui.services.plan_edits import review_week, submit_week
    from rmtui.services.planning import build_week

    ws = book_workspace
    build_week(ws, W48)
    submit_week(ws, W48)
    review_week(ws, W48, approve=False, comment="周三太满，请调整")
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        status = str(screen.query_one("#status").render())
        assert "退回" in status and "周三太满，请调整" in status
        v = screen._selected()
        await pilot.press("shift+right" if v.day.weekday() < 4 else "shift+left")  # not frozen: no reason asked
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen) and visit_row(ws, v.id).day != v.day
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        plan = plan_of(ws, W48)
        assert plan.status == "submitted" and plan.returned_at is None
        assert any(x["id"] == v.id and x["day"] != v.day.isoformat()
                   for x in json.loads(plan.submitted_snapshot)["visits"])
