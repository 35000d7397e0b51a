"""A whole field day pressed through with real keys, on the demo book, in both languages.

Today → checklist of the first visit (two items ticked) → record of the first visit with a complaint
follow-up → the second visit's form typed into and the app ended without saving (a killed terminal)
→ a new app on the same database offers the draft, restored and saved → end of day: the three other
visits logged quickly (one not done) → the daily report saved and exported. The database (and the
exported file) is checked after every step, not only the screen.

The clock moves through the day as it would: 08:40 at the start, after each visit when it is
recorded, 17:40 for the end of day.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from textual.widgets import DataTable, TextArea

from rmtui.demo.book import generate_book
from rmtui.store.demo_load import load_demo_book
from rmtui.store.models import (
    ChecklistItem,
    ChecklistRun,
    Customer,
    DailyReport,
    FollowUp,
    PlannedVisit,
    VisitDraft,
    VisitRecord,
)
from rmtui.ui.app import make_app
from rmtui.ui.screens.visit_record import AUTOSAVE_SECONDS
from pilot_helpers import settle

DAY = date(2026, 11, 24)  # a Tuesday
SIZE = (120, 36)


class Clock:
    """A wall clock the test moves forward, as the day goes by."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, hh: int, mm: int) -> None:
        self.now = datetime.combine(DAY, time(hh, mm))



async def press(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)


def screen_name(app) -> str:
    return type(app.screen).__name__


@pytest.fixture
def demo_day(workspace):
    """The demo book with today's five planned visits; the workspace clock at 08:40."""
    ws = workspace
    clock = Clock(datetime.combine(DAY, time(8, 40)))
    ws.clock = clock
    with ws.db.sessions.begin() as s:
        load_demo_book(s, ws.manager_id, generate_book(seed=42, today=DAY), ws.now())
    with ws.db.sessions() as s:
        visits = s.execute(select(PlannedVisit.id, Customer.code, Customer.name, PlannedVisit.planned_start)
                           .join(Customer, Customer.id == PlannedVisit.customer_id)
                           .where(PlannedVisit.day == DAY).order_by(PlannedVisit.sequence)).all()
    assert len(visits) == 5 and all(v.planned_start for v in visits)
    return ws, clock, visits


def statuses(ws) -> list[tuple[str, str]]:
    with ws.db.sessions() as s:
        return [(r.status, r.status_reason) for r in s.scalars(
            select(PlannedVisit).where(PlannedVisit.day == DAY).order_by(PlannedVisit.sequence))]


def record_of(ws, pid: int) -> VisitRecord | None:
    with ws.db.sessions() as s:
        rec = s.scalar(select(VisitRecord).where(VisitRecord.planned_visit_id == pid))
        if rec is not None:
            s.expunge(rec)
        return rec


def drafts(ws) -> list[str]:
    with ws.db.sessions() as s:
        return list(s.scalars(select(VisitDraft.data)))


TEXTS = {
    "en": {"objective": "calm him", "discussed": "late POS", "complaint": "POS 2 weeks late",
           "second": "payroll x40", "notes": "stock ok", "reason": "stocktaking"},
    "zh": {"objective": "处理投诉", "discussed": "刷卡机送货延迟", "complaint": "刷卡机晚到两周",
           "second": "代发工资四十人", "notes": "查看了库存", "reason": "盘点停业"},
}


@pytest.mark.parametrize("locale", ["en", "zh"])
async def test_a_whole_field_day(demo_day, locale: str, tmp_path: Path):
    ws, clock, visits = demo_day
    say = TEXTS[locale]
    first, second = visits[0], visits[1]

    app = make_app(ws, locale=locale)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert screen_name(app) == "TodayScreen"
        assert app.screen.query_one(DataTable).row_count == 5

        # -- 08:40 the checklist of the first visit: objective typed, two items ticked, set off ------
        await press(app, pilot, "k")
        assert screen_name(app) == "ChecklistScreen" and app.screen.planned_visit_id == first.id
        await pilot.press(*say["objective"], "tab", "space", "down", "space")
        await pilot.pause()
        with ws.db.sessions() as s:
            run = s.scalar(select(ChecklistRun).where(ChecklistRun.planned_visit_id == first.id))
            items = s.scalars(select(ChecklistItem).where(ChecklistItem.run_id == run.id)
                              .order_by(ChecklistItem.position)).all()
            assert len(items) > 2
            assert [i.done for i in items[:3]] == [True, True, False]
            assert sum(i.done for i in items) == 2 and all(i.done_at == ws.now() for i in items if i.done)
        await press(app, pilot, "ctrl+g")  # open items: asked once
        assert screen_name(app) == "LeaveChecklistModal"
        await press(app, pilot, "tab", "enter")  # "go anyway"
        assert screen_name(app) == "TodayScreen"
        with ws.db.sessions() as s:
            run = s.scalar(select(ChecklistRun).where(ChecklistRun.planned_visit_id == first.id))
            assert run.objective == say["objective"] and run.left_with_open_items

        # -- 09:25 the first visit recorded, with a complaint follow-up --------------------------------
        clock.at(9, 25)
        await press(app, pilot, "v")
        assert screen_name(app) == "VisitRecordScreen" and app.screen.planned_visit_id == first.id
        # arrived, departed, mode, visit type, satisfaction
        await pilot.press("tab", "tab", "tab", "tab", "4")
        # met, purpose, outcome: the second choice (agreement)
        await pilot.press("tab", "tab", "tab", "enter", "down", "down", "enter")
        # discussed, needs, complaints
        await pilot.press("tab", *say["discussed"], "tab", "tab", *say["complaint"])
        await press(app, pilot, "ctrl+n")
        assert screen_name(app) == "FollowUpNewModal"
        await press(app, pilot, "ctrl+s")  # the complaint as typed on the form, its SLA from the config
        assert screen_name(app) == "VisitRecordScreen"
        await press(app, pilot, "ctrl+s")
        assert screen_name(app) == "TodayScreen"
        rec = record_of(ws, first.id)
        assert rec is not None
        assert (rec.day, rec.status, rec.arrived, rec.departed, rec.mode, rec.outcome, rec.satisfaction,
                rec.discussed, rec.complaints) == (DAY, "done", first.planned_start, time(9, 20), "on_site",
                                                   "agreement", 4, say["discussed"], say["complaint"])
        with ws.db.sessions() as s:
            fu = s.scalar(select(FollowUp).where(FollowUp.visit_id == rec.id))
            assert (fu.kind, fu.sla_class, fu.title, fu.status) == ("complaint", "ordinary", say["complaint"],
                                                                    "open")
            # ordinary complaint (config.yaml): first answer in 24 h, resolved in 48 h, from 09:25
            assert fu.created_at == datetime(2026, 11, 24, 9, 25)
            assert fu.first_answer_due == datetime(2026, 11, 25, 9, 25)
            assert fu.due_at == datetime(2026, 11, 26, 9, 25)
        assert statuses(ws)[0] == ("done", "") and drafts(ws) == []

        # -- 10:05 the second visit's form typed into, then the terminal is killed -------------------
        clock.at(10, 5)
        await press(app, pilot, "down", "v")
        assert screen_name(app) == "VisitRecordScreen" and app.screen.planned_visit_id == second.id
        await pilot.press("tab", "tab", "tab", "tab", "5", "tab", "tab", "tab", "enter", "down", "enter",
                          "tab", *say["second"])
        await pilot.pause(AUTOSAVE_SECONDS + 0.4)
        # Kept by the autosave alone, before the app ends: a killed process runs no clean-up.
        [kept] = drafts(ws)
        assert say["second"] in kept and '"order"' in kept
        assert record_of(ws, second.id) is None

    # -- a new app on the same database: the draft is offered, restored and saved ------------------------
    app = make_app(ws, locale=locale)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "down", "v")
        assert screen_name(app) == "DraftOfferModal"
        await press(app, pilot, "enter")  # restore (focused)
        assert screen_name(app) == "VisitRecordScreen"
        assert app.screen.query_one("#discussed", TextArea).text == say["second"]
        await press(app, pilot, "ctrl+s")
        assert screen_name(app) == "TodayScreen"
        rec = record_of(ws, second.id)
        assert (rec.status, rec.outcome, rec.satisfaction, rec.discussed, rec.arrived) == (
            "done", "order", 5, say["second"], second.planned_start)
        assert drafts(ws) == []
        assert [s for s, _ in statuses(ws)] == ["done", "done", "planned", "planned", "planned"]

        # -- 17:40 end of day: the three other visits logged quickly, one not done ----------------------
        clock.at(17, 40)
        await press(app, pilot, "f7")
        assert screen_name(app) == "EndOfDayScreen"
        assert app.screen.query_one(DataTable).row_count == 5
        await press(app, pilot, "down", "down", "enter")  # the third visit
        await press(app, pilot, "enter", "down", "enter", "tab", *say["notes"], "ctrl+s")  # done, order
        await press(app, pilot, "shift+tab", "space", *say["reason"], "ctrl+s")  # the fourth did not happen
        await press(app, pilot, "enter", "down", "down", "down", "enter", "ctrl+s")  # the fifth: nothing
        assert statuses(ws) == [("done", ""), ("done", ""), ("done", ""), ("skipped", say["reason"]),
                                ("done", "")]
        with ws.db.sessions() as s:
            logged = {r.planned_visit_id: (r.status, r.outcome, r.discussed, r.not_done_reason)
                      for r in s.scalars(select(VisitRecord).where(VisitRecord.day == DAY))}
        assert logged == {
            visits[0].id: ("done", "agreement", say["discussed"], ""),
            visits[1].id: ("done", "order", say["second"], ""),
            visits[2].id: ("done", "order", say["notes"], ""),
            visits[3].id: ("not_done", "", "", say["reason"]),
            visits[4].id: ("done", "nothing", "", ""),
        }

        # -- the daily report: composed, saved, exported ----------------------------------------------
        await press(app, pilot, "ctrl+r")
        assert screen_name(app) == "DailyReportScreen"
        text = app.screen.query_one(TextArea).text
        for v in visits:
            assert v.name in text
        for typed in (say["discussed"], say["second"], say["notes"], say["reason"], say["complaint"]):
            assert typed in text
        await press(app, pilot, "ctrl+s")
        with ws.db.sessions() as s:
            [row] = s.scalars(select(DailyReport)).all()
            body = json.loads(row.body)
        assert row.day == DAY and body["markdown"] == text and body["draft"] is None
        await press(app, pilot, "ctrl+o")
        path = tmp_path / "reports" / f"daily-{DAY.isoformat()}.md"
        assert path.read_text(encoding="utf-8") == text
        with ws.db.sessions() as s:
            assert s.scalars(select(DailyReport)).one().exported_path == str(path)
        assert app.clipboard == text

    with ws.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(VisitRecord).where(VisitRecord.day == DAY)) == 5
        assert s.scalar(select(func.count()).select_from(VisitDraft)) == 0
