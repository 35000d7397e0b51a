"""End of day driven with real keys: quick logging, then the daily report edited, saved and exported.
Every step is checked in the database (and on disk)."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

from sqlalchemy import select
from textual.widgets import Checkbox, DataTable, Input, Select, Static, TextArea

from rmtui.store.models import Customer, DailyReport, PlannedVisit, VisitDraft, VisitRecord
from rmtui.ui.app import make_app
from rmtui.ui.screens.daily_report import DailyReportScreen
from rmtui.ui.screens.end_of_day import EndOfDayScreen
from pilot_helpers import settle

DAY = date(2026, 11, 24)



def plan(ws) -> list[int]:
    """Four visits today in route order, and one tomorrow."""
    with ws.db.sessions.begin() as s:
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        rows = []
        for seq, (code, start) in enumerate([("C0001", time(9, 30)), ("C0003", time(10, 30)),
                                             ("C0004", time(14, 0)), ("C0002", time(15, 30))], start=1):
            row = PlannedVisit(manager_id=ws.manager_id, customer_id=ids[code], day=DAY, sequence=seq,
                               planned_start=start, planned_minutes=20, purpose="例行拜访", created_at=ws.now())
            s.add(row)
            rows.append(row)
        s.add(PlannedVisit(manager_id=ws.manager_id, customer_id=ids["C0002"], day=date(2026, 11, 25), sequence=1,
                           planned_start=time(9, 0), planned_minutes=30, purpose="送合同", created_at=ws.now()))
        s.flush()
        return [r.id for r in rows]


def logged(ws) -> dict[int, tuple]:
    with ws.db.sessions() as s:
        return {r.planned_visit_id: (r.status, r.outcome, r.discussed, r.not_done_reason, r.arrived)
                for r in s.scalars(select(VisitRecord).where(VisitRecord.day == DAY))}


def plan_status(ws) -> list[tuple[str, str]]:
    with ws.db.sessions() as s:
        return [(r.status, r.status_reason) for r in s.scalars(
            select(PlannedVisit).where(PlannedVisit.day == DAY).order_by(PlannedVisit.sequence))]


async def open_end_of_day(app, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("f7")
    await settle(app, pilot)
    assert isinstance(app.screen, EndOfDayScreen)


async def test_three_visits_logged_quickly_one_not_done(book_workspace):
    ws = book_workspace
    ids = plan(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        assert app.screen.query_one(DataTable).row_count == 4
        # 1: done, outcome "order" (first in the list), one line of notes.
        await pilot.press("enter", "enter", "down", "enter", "tab", *"new POS agreed", "ctrl+s")
        await settle(app, pilot)
        # 2 opens by itself: done, "agreement", no notes.
        await pilot.press("enter", "down", "down", "enter", "ctrl+s")
        await settle(app, pilot)
        # 3: not done (space on the check box), with a reason.
        await pilot.press("shift+tab", "space", *"shop closed", "ctrl+s")
        await settle(app, pilot)
        assert logged(ws) == {
            ids[0]: ("done", "order", "new POS agreed", "", time(9, 30)),
            ids[1]: ("done", "agreement", "", "", time(10, 30)),
            ids[2]: ("not_done", "", "", "shop closed", None),
        }
        assert plan_status(ws) == [("done", ""), ("done", ""), ("skipped", "shop closed"), ("planned", "")]
        progress = str(app.screen.query_one("#progress", Static).render())
        assert "已记录 3 个" in progress and "待记录 1 个" in progress
        # The fourth visit's form is open; leave it and correct the first visit: same record, updated.
        await pilot.press("escape", "up", "up", "up", "enter", "tab", "ctrl+u", *"new POS signed", "ctrl+s")
        await settle(app, pilot)
        assert logged(ws)[ids[0]][:3] == ("done", "order", "new POS signed")
        assert len(logged(ws)) == 3


async def test_missing_outcome_or_reason_is_shown_beside_the_field(book_workspace):
    ws = book_workspace
    plan(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await pilot.press("enter", "ctrl+s")
        await settle(app, pilot)
        assert str(app.screen.query_one("#outcome-error", Static).render()) == "Choose the outcome."
        await pilot.press("shift+tab", "space", "ctrl+s")
        await settle(app, pilot)
        assert "did not happen" in str(app.screen.query_one("#reason-error", Static).render())
        assert logged(ws) == {}
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one(DataTable).has_focus


async def test_report_composed_edited_saved_and_exported(book_workspace, tmp_path: Path):
    ws = book_workspace
    ids = plan(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await pilot.press("enter", "enter", "down", "enter", "tab", *"签了合同", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape", "ctrl+r")
        await settle(app, pilot)
        assert isinstance(app.screen, DailyReportScreen)
        area = app.screen.query_one(TextArea)
        composed = area.text
        assert composed.startswith("# 每日工作汇报 — 2026-11-24 周二")
        assert "计划拜访 4 个，完成 1 个，尚未记录 3 个。" in composed
        assert "金陵副食便利店（核心客户，上门）— 下单 — 签了合同" in composed
        assert "送货延迟投诉" in composed  # the book's open complaint
        assert "11-25 周三共安排 1 个拜访" in composed
        # Edit: a line typed at the top, then save.
        await pilot.press(*"今日补充", "enter")
        await settle(app, pilot)
        assert "有未保存的修改" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        with ws.db.sessions() as s:
            [row] = s.scalars(select(DailyReport)).all()
            body = json.loads(row.body)
        assert body["markdown"].startswith("今日补充\n# 每日工作汇报") and row.day == DAY
        assert body["sections"][0] == {"title": "", "body": "今日补充\n# 每日工作汇报 — 2026-11-24 周二\n\n客户经理：李明"}
        # Export: file beside the database, path recorded and shown, text on the clipboard.
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        path = tmp_path / "reports" / "daily-2026-11-24.md"
        assert path.read_text(encoding="utf-8") == area.text
        assert area.text.startswith("今日补充")
        with ws.db.sessions() as s:
            assert s.scalars(select(DailyReport)).one().exported_path == str(path)
        assert str(path) in str(app.screen.query_one("#status", Static).render())
        assert app.clipboard == area.text
        # Leave and come back: the saved text is loaded, not a fresh one.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, EndOfDayScreen)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.screen.query_one(TextArea).text.startswith("今日补充")
        # Re-compose asks once, then replaces the text from the records (saved report untouched until ctrl+s).
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.screen.query_one(TextArea).text.startswith("今日补充")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.screen.query_one(TextArea).text.startswith("# 每日工作汇报")
        with ws.db.sessions() as s:
            assert json.loads(s.scalars(select(DailyReport)).one().body)["markdown"].startswith("今日补充")
        # Leaving with unsaved changes asks once.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DailyReportScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, EndOfDayScreen)
    assert ids


async def test_report_edits_survive_a_closed_terminal(book_workspace):
    ws = book_workspace
    plan(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        await pilot.press(*"Half written", "enter")
        await pilot.pause(1.5)  # the draft is kept a second after typing stops
        await settle(app, pilot)
        app.exit()  # as if the terminal were closed: no save, no question
    with ws.db.sessions() as s:
        body = json.loads(s.scalars(select(DailyReport)).one().body)
    assert body["saved_at"] is None and body["draft"].startswith("Half written\n# Daily report")
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.screen.query_one(TextArea).text.startswith("Half written\n# Daily report")
        assert "Unsaved changes" in str(app.screen.query_one("#status", Static).render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    with ws.db.sessions() as s:
        body = json.loads(s.scalars(select(DailyReport)).one().body)
    assert body["markdown"].startswith("Half written") and body["draft"] is None


def test_end_of_day_snapshot_zh(book_workspace, snap_compare):
    _logged_one(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="zh"), terminal_size=(120, 36), run_before=_open_form)


def test_end_of_day_snapshot_en(book_workspace, snap_compare):
    _logged_one(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="en"), terminal_size=(120, 36), run_before=_open_form)


def test_daily_report_snapshot_zh(book_workspace, snap_compare):
    _logged_one(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="zh"), terminal_size=(120, 36), run_before=_open_report)


def test_daily_report_snapshot_en(book_workspace, snap_compare):
    _logged_one(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="en"), terminal_size=(120, 36), run_before=_open_report)


def _logged_one(ws) -> None:
    from rmtui.services.end_of_day import QuickLog, log_visit

    ids = plan(ws)
    log_visit(ws, QuickLog(ids[0], True, "order", "签了合同"))
    log_visit(ws, QuickLog(ids[2], False, reason="客户今天不营业"))


async def _open_form(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("f7")
    await settle(pilot.app, pilot)
    await pilot.press("down", "enter", "tab", *"了解经营情况")
    await settle(pilot.app, pilot)


async def _open_report(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("f7")
    await settle(pilot.app, pilot)
    await pilot.press("ctrl+r")
    await settle(pilot.app, pilot)


async def test_f_keys_still_navigate_while_typing_in_the_report(book_workspace):
    """F6/F7 are TextArea's select line/all in Textual; here they open the main screens as everywhere."""
    plan(book_workspace)
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.screen.query_one(TextArea).has_focus
        await pilot.press("f6")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FollowUpsScreen"


# -- what is typed and not saved is kept ----------------------------------------------------------

def drafts(ws) -> dict[int, dict]:
    """The quick part of each stored draft, by planned visit."""
    with ws.db.sessions() as s:
        return {d.planned_visit_id: json.loads(d.data).get("quick") for d in s.scalars(select(VisitDraft))}


async def type_first_visit(pilot) -> None:
    """Open the first visit, choose 'order' and type a line of notes; nothing saved."""
    await pilot.press("enter", "enter", "down", "enter", "tab", *"new POS agreed")


async def test_typing_survives_leaving_with_an_f_key_and_is_offered_back(book_workspace):
    ws = book_workspace
    ids = plan(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await type_first_visit(pilot)
        await pilot.press("f4")  # straight to Today, no ctrl+s: the form is gone
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        assert logged(ws) == {}
        assert drafts(ws) == {ids[0]: {"done": True, "outcome": "order", "notes": "new POS agreed", "reason": ""}}
        await pilot.press("f7")  # back: the typing is offered at once
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DraftOfferModal"
        await pilot.press("enter")  # restore
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EndOfDayScreen) and screen.editing.planned_visit_id == ids[0]
        assert screen.query_one("#notes", Input).value == "new POS agreed"
        assert screen.query_one("#outcome", Select).value == "order"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert logged(ws) == {ids[0]: ("done", "order", "new POS agreed", "", time(9, 30))}
    assert drafts(ws) == {}  # logged: nothing left to offer


async def test_typing_survives_a_closed_app(book_workspace):
    from rmtui.services import visit_records

    ws = book_workspace
    ids = plan(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await pilot.press("down", "enter", "shift+tab", "space", *"shop clos")  # visit 2: not done
        await pilot.pause()
        app.exit()  # before the autosave and without ctrl+s, as if the terminal were closed
    assert logged(ws) == {}
    assert drafts(ws) == {ids[1]: {"done": False, "outcome": "", "notes": "", "reason": "shop clos"}}
    # Not done says nothing the full record form holds: it offers no draft (and so cannot discard it).
    assert visit_records.load_visit(ws, ids[1]).draft is None

    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("f7")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DraftOfferModal"
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert screen.editing.planned_visit_id == ids[1]
        assert not screen.query_one("#done", Checkbox).value
        assert screen.query_one("#reason", Input).value == "shop clos"
        await pilot.press("end", "e", "d", "ctrl+s")
        await settle(app, pilot)
    assert logged(ws) == {ids[1]: ("not_done", "", "", "shop closed", None)}
    assert drafts(ws) == {}


async def test_escape_keeps_a_draft_the_full_form_offers_and_discard_forgets_it(book_workspace):
    from rmtui.services import visit_records

    ws = book_workspace
    ids = plan(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_end_of_day(app, pilot)
        await type_first_visit(pilot)
        await pilot.press("escape")  # the form closes; the typing stays
        await settle(app, pilot)
        screen = app.screen
        assert screen.editing is None and drafts(ws)[ids[0]]["notes"] == "new POS agreed"
        assert "draft" in str(screen.query_one(DataTable).get_cell(str(ids[0]), "state"))
        # The full record form of the same visit offers the same typing.
        draft = visit_records.load_visit(ws, ids[0]).draft
        assert draft is not None and (draft.form.outcome, draft.form.discussed) == ("order", "new POS agreed")
        screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("enter")  # open it again: offered
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DraftOfferModal"
        await pilot.click("#discard")
        await settle(app, pilot)
        assert screen.query_one("#notes", Input).value == ""
        assert drafts(ws) == {} and logged(ws) == {}
