"""Visit record form: real keys through the form, asserting on the database."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import func, select
from textual.widgets import DataTable, Input, Select, TextArea

from rmtui.store.models import Customer, FollowUp, PlannedVisit, VisitDraft, VisitRecord
from rmtui.ui.app import make_app
from rmtui.ui.screens.visit_record import VisitRecordScreen
from pilot_helpers import settle

DAY = date(2026, 11, 24)  # today for the fixture clock (09:00)



def plan_visit(ws, start: time = time(8, 0), code: str = "C0001") -> int:
    with ws.db.sessions.begin() as s:
        cid = s.scalar(select(Customer.id).where(Customer.code == code))
        row = PlannedVisit(manager_id=ws.manager_id, customer_id=cid, day=DAY, sequence=1, planned_start=start,
                           planned_minutes=30, purpose="例行拜访", source="cadence", created_at=ws.now())
        s.add(row)
        s.flush()
        return row.id


def count(ws, model, *where) -> int:
    with ws.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


async def open_form(app, pilot, pid: int) -> VisitRecordScreen:
    await settle(app, pilot)
    app.push_screen(VisitRecordScreen(pid))
    await settle(app, pilot)
    return app.screen


async def retype(pilot, screen, field: str, text: str) -> None:
    widget = screen.query_one(f"#{field}")
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        await pilot.press("end", *["backspace"] * len(widget.value))
    await pilot.press(*text)


def error_of(screen, field: str) -> str:
    label = screen.query_one(f"#err-{field}")
    return str(label.render()) if label.has_class("-shown") else ""


async def test_record_with_errors_then_fixed_and_a_complaint(book_workspace):
    ws = book_workspace
    pid = plan_visit(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, pid)
        assert isinstance(screen, VisitRecordScreen)
        # Prefilled from the plan and the customer.
        assert screen.query_one("#arrived", Input).value == "08:00"
        assert screen.query_one("#departed", Input).value == "08:30"
        assert screen.query_one("#met", Input).value == "王经理"
        assert screen.query_one("#purpose", Input).value == "例行拜访"

        await retype(pilot, screen, "arrived", "08:10")
        await retype(pilot, screen, "departed", "08:05")
        await pilot.press("tab")  # leave the field: its check shows beside it
        await pilot.pause()
        assert "before arrival" in error_of(screen, "departed")
        assert screen.query_one("#departed").has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, VisitRecordScreen)
        assert error_of(screen, "outcome") == "required"
        assert count(ws, VisitRecord, VisitRecord.planned_visit_id == pid) == 0
        with ws.db.sessions() as s:
            assert s.get(PlannedVisit, pid).status == "planned"

        await retype(pilot, screen, "departed", "08:45")
        await pilot.pause()
        assert error_of(screen, "departed") == ""
        await retype(pilot, screen, "satisfaction", "4")
        screen.query_one("#outcome", Select).focus()
        await pilot.press("enter", "down", "down", "enter")  # blank → order → agreement
        await pilot.pause()
        assert screen.query_one("#outcome", Select).value == "agreement"
        await retype(pilot, screen, "needs", "提高收单额度")
        await retype(pilot, screen, "complaints", "款项到账延迟")

        await pilot.press("ctrl+n")
        await settle(app, pilot)
        modal = app.screen
        assert modal.__class__.__name__ == "FollowUpNewModal"
        # A complaint was typed on the form: the new item starts as that complaint.
        assert modal.query_one("#fu-kind", Select).value == "complaint"
        assert modal.query_one("#fu-title", Input).value == "款项到账延迟"
        assert modal.query_one("#fu-due", Input).disabled
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.query_one("#vr-fu-table", DataTable).row_count == 1

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, VisitRecordScreen)

    with ws.db.sessions() as s:
        rec = s.scalar(select(VisitRecord).where(VisitRecord.planned_visit_id == pid))
        assert (rec.day, rec.status, rec.arrived, rec.departed, rec.outcome, rec.satisfaction, rec.needs,
                rec.complaints) == (DAY, "done", time(8, 10), time(8, 45), "agreement", 4, "提高收单额度",
                                    "款项到账延迟")
        fu = s.scalar(select(FollowUp).where(FollowUp.visit_id == rec.id))
        # ordinary complaint in the default config: first answer 24 h, resolved 48 h, from 09:00.
        assert (fu.kind, fu.sla_class, fu.title, fu.owner) == ("complaint", "ordinary", "款项到账延迟",
                                                               ws.settings.manager.name)
        assert fu.first_answer_due == datetime(2026, 11, 25, 9, 0)
        assert fu.due_at == datetime(2026, 11, 26, 9, 0)
        assert s.get(PlannedVisit, pid).status == "done"
        assert s.scalar(select(func.count()).select_from(VisitDraft)) == 0


async def test_time_after_now_is_refused(book_workspace):
    ws = book_workspace
    pid = plan_visit(ws, start=time(8, 45))  # planned 08:45–09:15; it is 09:00
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_form(app, pilot, pid)
        screen.query_one("#outcome", Select).value = "nothing"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "晚于当前时间" in error_of(screen, "departed")
        assert error_of(screen, "arrived") == ""
        assert count(ws, VisitRecord, VisitRecord.planned_visit_id == pid) == 0
        await retype(pilot, screen, "departed", "09:00")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert count(ws, VisitRecord, VisitRecord.planned_visit_id == pid) == 1


async def test_follow_up_modal_checks_its_fields(book_workspace):
    ws = book_workspace
    pid = plan_visit(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, pid)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        modal = app.screen
        assert modal.query_one("#fu-kind", Select).value == "follow_up"
        assert modal.query_one("#fu-owner", Input).value == ws.settings.manager.name
        await pilot.press("ctrl+s")  # no title
        await pilot.pause()
        assert app.screen is modal and modal.query_one("#fu-err-title").has_class("-shown")
        await pilot.press(*"send brochure")
        modal.query_one("#fu-due", Input).value = "2026-11-20 10:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal and "past" in str(modal.query_one("#fu-err-due").render())
        modal.query_one("#fu-due", Input).value = "2026-11-27 10:00"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        table = screen.query_one("#vr-fu-table", DataTable)
        assert table.row_count == 1
        table.focus()
        await pilot.press("delete")
        await pilot.pause()
        assert table.row_count == 0 and not table.display


async def test_draft_survives_a_killed_terminal(book_workspace):
    ws = book_workspace
    pid = plan_visit(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, pid)
        await retype(pilot, screen, "discussed", "new card terminal")
        await retype(pilot, screen, "arrived", "08:05")
        await pilot.pause(1.2)  # the autosave's quiet time
        # Written before the app ends: the end of run_test stands for the killed terminal.
        with ws.db.sessions() as s:
            assert "new card terminal" in s.scalar(select(VisitDraft.data))
    assert count(ws, VisitRecord, VisitRecord.planned_visit_id == pid) == 0

    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.push_screen(VisitRecordScreen(pid))
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DraftOfferModal"
        assert "2026-11-24 09:00" in str(app.screen.query_one("#draft-body").render())
        await pilot.press("enter")  # restore (focused)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, VisitRecordScreen)
        assert screen.query_one("#discussed", TextArea).text == "new card terminal"
        assert screen.query_one("#arrived", Input).value == "08:05"


async def test_escape_keeps_the_draft_and_discard_drops_it(book_workspace):
    ws = book_workspace
    pid = plan_visit(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, pid)
        await retype(pilot, screen, "next_steps", "周五回访")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, VisitRecordScreen)
        assert count(ws, VisitDraft) == 1
        with ws.db.sessions() as s:
            assert s.get(PlannedVisit, pid).status == "planned"

        app.push_screen(VisitRecordScreen(pid))
        await settle(app, pilot)
        await pilot.press("tab", "enter")  # the second button: discard
        await settle(app, pilot)
        assert count(ws, VisitDraft) == 0
        assert app.screen.query_one("#next_steps", TextArea).text == ""
        await pilot.press("escape")  # nothing changed: nothing kept
        await settle(app, pilot)
        assert count(ws, VisitDraft) == 0


async def test_existing_record_is_edited_not_duplicated(book_workspace):
    ws = book_workspace
    pid = plan_visit(ws)
    with ws.db.sessions.begin() as s:
        pv = s.get(PlannedVisit, pid)
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=pv.customer_id, planned_visit_id=pid, day=DAY,
                          status="done", arrived=time(8, 2), departed=time(8, 20), outcome="nothing",
                          discussed="quick log", created_at=ws.now(), updated_at=ws.now()))
    app = make_app(ws, locale="en")
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_form(app, pilot, pid)
        assert screen.query_one("#arrived", Input).value == "08:02"
        assert screen.query_one("#discussed", TextArea).text == "quick log"
        await retype(pilot, screen, "products", "POS")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert count(ws, VisitRecord, VisitRecord.planned_visit_id == pid) == 1
    with ws.db.sessions() as s:
        rec = s.scalar(select(VisitRecord).where(VisitRecord.planned_visit_id == pid))
        assert (rec.products, rec.discussed, rec.outcome) == ("POS", "quick log", "nothing")


async def test_unknown_visit_shows_an_error(book_workspace):
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        app.push_screen(VisitRecordScreen(4242))
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ErrorModal"


def _open(pid: int):
    async def run(pilot) -> None:
        await settle(pilot.app, pilot)
        pilot.app.push_screen(VisitRecordScreen(pid))
        await settle(pilot.app, pilot)

    return run


def test_visit_record_snapshot_zh(book_workspace, snap_compare):
    pid = plan_visit(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="zh"), terminal_size=(120, 36), run_before=_open(pid))


def test_visit_record_snapshot_en(book_workspace, snap_compare):
    pid = plan_visit(book_workspace)
    assert snap_compare(make_app(book_workspace, locale="en"), terminal_size=(120, 36), run_before=_open(pid))


async def test_language_switch_keeps_what_was_typed(book_workspace):
    ws = book_workspace
    pid = plan_visit(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, pid)
        screen.query_one("#mode", Select).value = "phone"
        screen.query_one("#outcome", Select).value = "order"
        await retype(pilot, screen, "needs", "贷款")
        await pilot.pause()
        assert screen.has_class("-phone")
        await pilot.press("f2")
        await settle(app, pilot)
        assert str(screen.query_one("#lbl-outcome").render()) == "Outcome"
        assert (screen.query_one("#mode", Select).value, screen.query_one("#outcome", Select).value) == (
            "phone", "order")
        assert screen.query_one("#needs", TextArea).text == "贷款"
        assert screen.has_class("-phone")


async def test_f_keys_navigate_from_a_notes_field(book_workspace):
    """F7 with the cursor in a notes field opens the end of day (Textual's TextArea would select all)."""
    ws = book_workspace
    pid = plan_visit(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_form(app, pilot, pid)
        await retype(pilot, screen, "discussed", "card terminal")
        await pilot.press("f7")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "EndOfDayScreen"
        assert screen.query_one("#discussed", TextArea).text == "card terminal"  # nothing selected or lost
