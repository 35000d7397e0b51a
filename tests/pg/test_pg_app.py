"""PostgreSQL: the app itself on a team database (real keys, results read back from the server)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from textual.widgets import DataTable

from rmtui.store.models import PlannedVisit
from rmtui.ui.app import make_app

TODAY = date(2026, 11, 24)


async def settle(app, pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def today_statuses(ws) -> list[tuple[str, str]]:
    with ws.db.sessions() as s:
        rows = s.scalars(select(PlannedVisit).where(PlannedVisit.day == TODAY, PlannedVisit.status != "removed")
                         .order_by(PlannedVisit.sequence, PlannedVisit.id))
        return [(r.status, r.status_reason) for r in rows]


async def test_today_and_customers_on_postgresql(pg_workspace):
    from rmtui.demo.book import generate_book
    from rmtui.store.demo_load import load_demo_book

    ws = pg_workspace
    with ws.db.sessions.begin() as session:
        load_demo_book(session, ws.manager_id, generate_book(seed=42, today=TODAY), ws.now())
    before = today_statuses(ws)
    assert before and all(st == "planned" for st, _ in before)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one(DataTable).row_count >= len(before)
        await pilot.press("s", *"closed", "enter")  # skip the first visit with a reason
        await settle(app, pilot)
        await pilot.press("down", "x")  # the next one done
        await settle(app, pilot)
        after = today_statuses(ws)
        assert ("skipped", "closed") in after and [st for st, _ in after].count("done") == 1
        assert len(after) == len(before)

        await pilot.press("f5")  # customers, searched by pinyin initials
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 100  # the first page of 250
        await pilot.press("ctrl+f", *"jlfs")
        await settle(app, pilot)
        assert table.row_count == 1
        assert "C0199" in " ".join(str(c) for c in table.get_row_at(0))
