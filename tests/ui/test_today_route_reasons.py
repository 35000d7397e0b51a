"""The Today screen says in the app's language why a visit does not fit the re-optimised route."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from rmtui.config import Settings
from rmtui.store import plans as repo
from rmtui.store.models import Appointment, Customer, PlannedVisit
from rmtui.ui.app import make_app
from pilot_helpers import settle

DAY = date(2026, 11, 24)


@pytest.fixture
def settings() -> Settings:
    """Configured in English: the words must follow the app's language (Chinese here), not the config."""
    return Settings(locale="en")


def narrow_day(ws) -> None:
    """C0004 opens only 13:30–14:00 and is planned today; C0003 has a 13:30 appointment."""
    with ws.db.sessions.begin() as s:
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        s.get(Customer, ids["C0004"]).opening_hours = "Mo-Fr 13:30-14:00"
        plan = repo.create_week_plan(s, ws.manager_id, 2026, 48, ws.now())
        s.add(PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=ids["C0004"], day=DAY,
                           sequence=1, planned_start=time(13, 30), planned_minutes=20, purpose="例行拜访",
                           source="cadence", created_at=ws.now()))
        s.add(Appointment(manager_id=ws.manager_id, customer_id=ids["C0003"], starts_at=datetime(2026, 11, 24, 13, 30),
                          minutes=30, note="续约", created_at=ws.now()))


async def test_a_visit_that_cannot_fit_is_explained_in_chinese(book_workspace):
    ws = book_workspace
    narrow_day(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        toasts = [str(t.render()) for t in app.screen.query("Toast")]
        said = next((text for text in toasts if "排不下" in text), "")  # what the toast on screen says
        # C0003's appointment at 13:30 (its window opens at 13:20, to arrive early) keeps C0004 from its
        # 13:30–13:40 start; the words give the appointment's own time.
        assert re.fullmatch(r"1 个拜访排不下：秦淮华联超市: 营业 13:30–14:00；13:30 在 C0003 的预约之后"
                            r"最早 \d\d:\d\d 到达 → 11月25日周三", said), toasts
        assert not re.search(r"[A-Za-z]", re.sub(r"C\d{4}", "", said)), said
    with ws.db.sessions() as s:
        c4 = s.scalar(select(Customer.id).where(Customer.code == "C0004"))
        row = s.scalar(select(PlannedVisit).where(PlannedVisit.customer_id == c4))
        assert row.day == date(2026, 11, 25) and row.planned_start is None  # moved on to tomorrow
        appt = s.scalar(select(PlannedVisit).where(PlannedVisit.appointment_id.is_not(None)))
        assert appt.day == DAY and appt.planned_start == time(13, 30)
