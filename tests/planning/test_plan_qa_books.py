"""Defects found by checking the planning engine on imported books unlike the demo.

Each test holds a small fixed book: a due visit the customer's hours shut out
until its due date (listed, with a true reason), customers overdue by months
that all weighed the same (the longest waiting now go first), and a month
review that ignored the last visits of a book imported mid-month.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from plan_checks import assert_valid_week

from rmtui.config import LoadedSettings, LunchSettings, Settings, WorkdaySettings
from rmtui.domain.planning.periods import IsoWeek, Month
from rmtui.services.plan_month import review_month
from rmtui.services.planning import build_week
from rmtui.store.customers import upsert_customers

NEXT = IsoWeek(2026, 49)  # the fixture's today is Tue 24 Nov 2026; the week runs Mon 30 Nov … Fri 4 Dec
OFFICE = (32.041544, 118.784048)


def _row(code: str, tier: str, last: date | None, hours: str = "", *, east_m: float = 500.0,
         north_m: float = 0.0) -> dict:
    return {"code": code, "name": f"客户{code}", "tier": tier, "address": f"测试路{code}",
            "lat": OFFICE[0] + north_m / 111_000, "lon": OFFICE[1] + east_m / 94_000,
            "geo_source": "test", "geo_quality": "exact", "opening_hours": hours, "last_visit_imported": last}


def _add(ws, rows: list[dict]) -> dict[str, dict]:
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, rows, ws.now())
    return {r["code"]: r for r in rows}


def test_due_visit_closed_up_to_its_due_day_is_listed_with_a_true_reason(workspace):
    # Core, due Mon 30 Nov, open Tuesday to Saturday only: not placed after its due date,
    # listed with the day it may go and the opening hours that close it.
    books = _add(workspace, [
        _row("Q01", "core", date(2026, 11, 16), "Tu-Sa 14:00-20:00"),
        _row("Q02", "core", date(2026, 11, 17), "Mo-Fr 09:00-18:00", east_m=900),
    ])
    info = build_week(workspace, NEXT, time_limit=1)
    assert not [v for v in info.visits if v.code == "Q01"]
    (u,) = [u for u in info.unplaced if u.code == "Q01"]
    assert u.required and "周一" in u.why and "Tu-Sa 14:00-20:00" in u.why
    assert [v.code for v in info.visits] == ["Q02"] and info.visits[0].day <= date(2026, 12, 1)
    assert_valid_week(workspace, info, books)


def test_months_overdue_are_placed_before_weeks_overdue_when_the_week_is_short(tmp_path):
    """An overflowing week places the most overdue first: 200 days overdue before 70 days,
    even when the 70-day ones lie nearer the office."""
    from rmtui.workspace import open_workspace

    day = WorkdaySettings(start=time(9, 0), end=time(12, 0), reserved_minutes=0,
                          lunch=LunchSettings(minutes=0))
    ws = open_workspace(loaded=LoadedSettings(Settings(workday=day), None), clock=lambda: datetime(2026, 11, 24, 9, 0),
                        url=f"sqlite:///{tmp_path / 'q.db'}")
    try:
        today = ws.today()
        rows = []
        for k in range(24):
            angle = 2 * math.pi * k / 24
            # 70 days overdue on a ring of 1 km, 200 days overdue on a ring of 2.5 km.
            rows.append(_row(f"N{k:02d}", "regular", today - timedelta(days=90 + 70), east_m=1000 * math.cos(angle),
                             north_m=1000 * math.sin(angle)))
            rows.append(_row(f"F{k:02d}", "regular", today - timedelta(days=90 + 200),
                             east_m=2500 * math.cos(angle), north_m=2500 * math.sin(angle)))
        books = _add(ws, rows)
        info = build_week(ws, NEXT, time_limit=3)
        placed = {v.code for v in info.visits if v.status == "planned"}
        far = {c for c in books if c.startswith("F")}
        assert len(placed) < len(books)  # the week really is short
        assert far <= placed, f"{len(far - placed)} customers 200 days overdue left out, " \
                              f"{len(placed - far)} 70 days overdue placed"
        assert_valid_week(ws, info, books)
    finally:
        ws.close()


def test_month_review_counts_the_last_visit_of_an_imported_book(workspace):
    # Imported on 24 Nov with last visits earlier in November: those visits were made.
    _add(workspace, [_row("R01", "core", date(2026, 11, 20)),       # next due 4 Dec: nothing missed yet
                     _row("R02", "potential", date(2026, 11, 3)),   # next due 3 Dec
                     _row("R03", "core", date(2026, 10, 20))])      # due 3 Nov: missed
    review = review_month(workspace, Month(2026, 11))
    rows = {r.code: r for r in review.customers}
    assert "R01" not in rows or rows["R01"].missed == 0, rows.get("R01")
    assert "R02" not in rows or rows["R02"].missed == 0, rows.get("R02")
    assert rows["R03"].missed == 1


def test_flags_name_the_customer_they_are_about(workspace):
    # Two customers with the same unreadable hours and an appointment outside opening hours:
    # each warning says whom it is about (they were anonymous, and the two alike merged into one).
    from rmtui.store.models import Appointment, Customer
    from sqlalchemy import select

    _add(workspace, [_row("H01", "core", date(2026, 11, 17), "Tu-Sa 14:00-20:00"),
                     _row("H02", "core", date(2026, 11, 18), "Mo-Fr 09:00-17:00", east_m=800),
                     _row("H03", "core", date(2026, 11, 18), "Mo-Fr 09:00-17:00", east_m=-800)])
    with workspace.db.sessions.begin() as s:
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        for code in ("H02", "H03"):  # hours the import would refuse, written by another tool
            s.get(Customer, ids[code]).opening_hours = "weekdays 9-5"
        s.add(Appointment(manager_id=workspace.manager_id, customer_id=ids["H01"],
                          starts_at=datetime(2026, 11, 30, 10, 0), minutes=30, created_at=workspace.now()))
    info = build_week(workspace, NEXT, time_limit=1)
    assert [v.day for v in info.visits if v.code == "H01"] == [date(2026, 11, 30)]
    outside = [f for f in info.flags if "营业时间内" in f]
    assert len(outside) == 1 and outside[0].startswith("H01 客户H01"), info.flags
    unreadable = sorted(f for f in info.flags if "无法识别" in f)
    assert [f.split()[0] for f in unreadable] == ["H02", "H03"], info.flags


def test_replanning_a_begun_day_starts_from_the_last_visit_done(workspace):
    # Today (Tue 24 Nov, 09:00): the visit 5 km east of the office is done; the two left lie
    # beside it. The rest of the day starts there, not back at the office 5 km away.
    from rmtui.services.plan_day import plan_day
    from rmtui.store.models import Customer, PlannedVisit
    from sqlalchemy import select

    today = date(2026, 11, 24)
    _add(workspace, [_row("D01", "core", None, east_m=5000), _row("D02", "core", None, east_m=5300),
                     _row("D03", "core", None, east_m=5000, north_m=300)])
    with workspace.db.sessions.begin() as s:
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        for seq, (code, status) in enumerate((("D01", "done"), ("D02", "planned"), ("D03", "planned")), start=1):
            s.add(PlannedVisit(manager_id=workspace.manager_id, customer_id=ids[code], day=today, sequence=seq,
                               planned_start=time(8, 20 + 10 * seq), planned_minutes=20, source="cadence",
                               status=status, created_at=workspace.now()))
    info = plan_day(workspace, today, replan=True, time_limit=1)
    left = [st for st in info.stops if st.status == "planned"]
    assert [st.code for st in info.stops if st.status == "done"] == ["D01"]
    assert len(left) == 2
    first = min(st.start for st in left)
    # From the done visit: a few minutes' drive; from the office it would be about 20 minutes.
    assert first <= time(9, 10), [(st.code, st.start) for st in info.stops]


def test_month_review_does_not_count_an_imported_book_as_new_customers(workspace):
    # The book imported on 24 Nov was visited before November: those customers are not new.
    _add(workspace, [_row("N01", "core", date(2026, 10, 20)), _row("N02", "regular", date(2026, 9, 1)),
                     _row("N03", "potential", None),                 # never visited: new
                     _row("N04", "potential", date(2026, 11, 5))])  # first seen this month: new
    review = review_month(workspace, Month(2026, 11))
    (new,) = [t for t in review.targets if t.key == "new_customers"]
    assert new.achieved == 2
