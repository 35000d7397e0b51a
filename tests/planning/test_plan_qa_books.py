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


# A Monday of an imported Guangzhou book (the weekly plan had it back at 16:55): code, lat, lon, hours, minutes.
GZ_DAY = [
    ("GZ0273", 23.115811, 113.326016, "Mo-Sa 08:00-20:00; PH off", 20),
    ("GZ0255", 23.119238, 113.314260, "Mo-Fr 10:00-16:00", 20),
    ("GZ0239", 23.085529, 113.288568, "Mo-Su 10:00-22:00", 15),
    ("GZ0186", 23.110262, 113.247765, "Mo-Fr 10:00-16:00", 20),
    ("GZ0394", 23.129892, 113.246278, "Mo-Fr 10:00-16:00", 20),
    ("GZ0381", 23.130301, 113.249603, "Mo-Fr 09:00-17:30; PH off", 20),
    ("GZ0329", 23.139623, 113.257845, "Mo-Sa 08:00-20:00; PH off", 20),
    ("GZ0103", 23.149447, 113.240677, "Mo-Fr 09:00-17:30; PH off", 15),
    ("GZ0347", 23.158011, 113.254683, "Mo-Sa 08:30-12:00,14:00-18:00", 15),
    ("GZ0128", 23.154964, 113.267231, "Mo-Su 09:00-21:00", 15),
    ("GZ0336", 23.155166, 113.268110, "Mo-Fr 10:00-16:00", 15),
    ("GZ0289", 23.157304, 113.289116, "Mo-Su 09:00-21:00", 15),
    ("GZ0390", 23.163657, 113.326516, "Mo-Sa 08:30-12:00,14:00-18:00", 15),
    ("GZ0357", 23.150598, 113.336164, "Mo-Fr 09:00-17:30; PH off", 20),
    ("GZ0254", 23.151314, 113.352330, "Mo-Fr 09:00-17:30; PH off", 15),
    ("GZ0048", 23.143853, 113.348587, "Mo-Su 10:00-22:00", 15),
    ("GZ0082", 23.136429, 113.339233, "Mo-Su 09:00-21:00", 20),
    ("GZ0061", 23.136760, 113.331357, "Mo-Su 10:00-22:00", 20),
]


def test_day_plan_keeps_the_reserved_time_free_when_the_day_fits_without_it(tmp_path):
    """The day plan may use the minutes reserved for unplanned work only for what does not fit
    otherwise: it routed this day (which fits by 16:55) by least travel with 80 minutes of waiting,
    back at 18:05, eating most of the 90 reserved minutes."""
    from rmtui.services.plan_day import plan_day
    from rmtui.store.models import Customer, PlannedVisit
    from rmtui.workspace import open_workspace
    from sqlalchemy import select

    settings = Settings(
        workday=WorkdaySettings(start=time(8, 0), end=time(18, 30), reserved_minutes=90,
                                lunch=LunchSettings(earliest=time(11, 45), latest=time(13, 45), minutes=30)),
        locations={"places": {"office": {"name": "办公室", "lat": 23.125, "lon": 113.32}},
                   "start": "office", "end": "office"})
    ws = open_workspace(loaded=LoadedSettings(settings, None), clock=lambda: datetime(2026, 11, 24, 9, 0),
                        url=f"sqlite:///{tmp_path / 'gz.db'}")
    monday = date(2026, 11, 30)
    try:
        rows = [{"code": c, "name": c, "tier": "potential", "lat": lat, "lon": lon, "geo_source": "test",
                 "geo_quality": "exact", "opening_hours": hours, "address": c} for c, lat, lon, hours, _ in GZ_DAY]
        _add(ws, rows)
        with ws.db.sessions.begin() as s:
            ids = dict(s.execute(select(Customer.code, Customer.id)).all())
            for seq, (code, *_, minutes) in enumerate(GZ_DAY, start=1):
                s.add(PlannedVisit(manager_id=ws.manager_id, customer_id=ids[code], day=monday, sequence=seq,
                                   planned_minutes=minutes, source="cadence", status="planned",
                                   created_at=ws.now()))
        info = plan_day(ws, monday, time_limit=3)
        assert not info.dropped
        assert len([st for st in info.stops if st.start is not None]) == len(GZ_DAY)
        assert info.back_at is not None and info.back_at <= time(17, 0), info.back_at
    finally:
        ws.close()
