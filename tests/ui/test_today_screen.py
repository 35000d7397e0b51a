from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from textual.widgets import DataTable

from rmtui.store.models import Customer, PlannedVisit
from rmtui.ui.app import make_app

DAY = date(2026, 11, 24)


async def settle(app, pilot) -> None:
    for _ in range(2):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def plan_day(ws) -> list[int]:
    """Four visits in a deliberately poor order, all planned 09:00."""
    with ws.db.sessions.begin() as s:
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        rows = []
        for seq, code in enumerate(["C0002", "C0001", "C0004", "C0003"], start=1):
            row = PlannedVisit(manager_id=ws.manager_id, customer_id=ids[code], day=DAY, sequence=seq,
                               planned_start=time(9, 0), planned_minutes=20, purpose="例行拜访",
                               source="cadence", created_at=ws.now())
            s.add(row)
            rows.append(row)
        s.flush()
        return [r.id for r in rows]


def stored(ws) -> list[tuple[int, int, str, str]]:
    with ws.db.sessions() as s:
        rows = s.scalars(select(PlannedVisit).where(PlannedVisit.day == DAY).order_by(PlannedVisit.sequence))
        return [(r.id, r.sequence, r.status, r.status_reason) for r in rows]


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
        with ws.db.sessions() as s:
            starts = [r.planned_start for r in s.scalars(select(PlannedVisit).order_by(PlannedVisit.sequence))]
        assert starts == sorted(starts) and starts[0] >= time(9, 0)
        first = after[0][0]
        await pilot.press("shift+down")
        await settle(app, pilot)
        assert stored(ws)[1][0] == first
        await pilot.press("s")
        await pilot.press(*"closed", "enter")
        await settle(app, pilot)
        assert ("skipped", "closed") in [(st, why) for _, _, st, why in stored(ws)]
        await pilot.press("up", "x")
        await settle(app, pilot)
        assert [st for _, _, st, _ in stored(ws)].count("done") == 1


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
        assert "No visits planned" in str(app.screen.query_one("#notice").render())


def test_today_snapshot_zh(book_workspace, snap_compare):
    plan_day(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="zh"), terminal_size=(120, 36),
                        run_before=lambda pilot: settle(pilot.app, pilot))


def test_today_snapshot_en(book_workspace, snap_compare):
    plan_day(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="en"), terminal_size=(120, 36),
                        run_before=lambda pilot: settle(pilot.app, pilot))
