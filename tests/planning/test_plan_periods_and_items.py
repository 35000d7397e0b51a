"""Weeks, months and the cadence rules of the weekly plan (plain domain, no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rmtui.config import Settings
from rmtui.domain.customer import CustomerInfo
from rmtui.domain.followups import FollowUpInfo
from rmtui.domain.planning.candidates import build_candidates
from rmtui.domain.planning.days import DayRules, plan_days
from rmtui.domain.planning.items import DUE, OPTIONAL, cadence_item, follow_up_item
from rmtui.domain.planning.periods import IsoWeek, Month, parse_day, parse_month, parse_week
from rmtui.domain.workdays import WorkCalendar
from rmtui.errors import InputError

CN = WorkCalendar("CN")
TIERS = Settings().tier_map()
RULES = DayRules(8 * 60 + 30, 18 * 60, 60, None)
FRIDAY = date(2026, 11, 27)


def customer(cid: int = 1, tier: str = "core", hours: str = "", lat: float | None = 32.05) -> CustomerInfo:
    return CustomerInfo(id=cid, code=f"C{cid:03d}", name=f"客户{cid}", address="", district="", lat=lat,
                        lon=118.78 if lat is not None else None, geo_quality="exact" if lat else "none", tier=tier,
                        contact="", phone="", opening_hours=hours, visit_minutes=None, territory="", notes="",
                        last_visit=None)


def test_parse_week_month_day():
    assert parse_week("2026-W49", FRIDAY) == IsoWeek(2026, 49)
    assert parse_week("next", FRIDAY) == IsoWeek(2026, 49)
    assert parse_week("this", FRIDAY) == IsoWeek(2026, 48)
    assert IsoWeek(2026, 49).monday == date(2026, 11, 30)
    assert parse_month("2026-12", FRIDAY) == Month(2026, 12)
    assert parse_month("next", FRIDAY).last == date(2026, 12, 31)
    assert parse_day("tomorrow", FRIDAY) == date(2026, 11, 28)
    for bad in ("2026-49", "W49", "2026-W60"):
        with pytest.raises(InputError):
            parse_week(bad, FRIDAY)
    with pytest.raises(InputError):
        parse_month("2026-13", FRIDAY)
    with pytest.raises(InputError):
        parse_day("1.12.2026", FRIDAY)


@pytest.mark.parametrize(("week", "expected"), [
    (IsoWeek(2026, 8), []),  # Spring Festival: no working day at all
    (IsoWeek(2026, 40), [date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30)]),  # National Day begins Thu
    (IsoWeek(2026, 41), [date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]),  # make-up Saturday
    # A make-up Sunday (20 Sep) is a working day of its week.
    (IsoWeek(2026, 38), [date(2026, 9, d) for d in (14, 15, 16, 17, 18, 20)]),
])
def test_plan_days_follow_the_chinese_calendar(week, expected):
    days = plan_days(week.days(), RULES, CN, datetime(2026, 1, 1, 9))
    assert [d.day for d in days] == expected
    assert all(d.end == 17 * 60 for d in days)  # reserved minutes taken off the end


def test_plan_days_skip_the_past_and_today_once_begun():
    days = plan_days(IsoWeek(2026, 48).days(), RULES, CN, datetime(2026, 11, 24, 9, 0))
    assert [d.day for d in days] == [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]
    early = plan_days(IsoWeek(2026, 48).days(), RULES, CN, datetime(2026, 11, 24, 7, 0))
    assert early[0].day == date(2026, 11, 24)


def _item(last: date | None, tier: str = "core", today: date = FRIDAY):
    week = IsoWeek(2026, 49)
    return cadence_item(customer(tier=tier), TIERS[tier], last, week.monday, week.sunday, date(2026, 12, 4),
                        today, "en")


def test_core_due_wednesday_is_visited_by_wednesday_and_not_too_early():
    # Last visit Wed 18 Nov → due Wed 2 Dec (14 days), window opens Sun 29 Nov (3 days early).
    item = _item(date(2026, 11, 18))
    assert item.required and item.level == DUE + TIERS["core"].priority
    assert item.due_by == date(2026, 12, 2) and item.earliest == date(2026, 11, 29)
    assert "due Wed 2 Dec" in item.reason and "14-day cadence" in item.reason


def test_core_seen_monday_is_not_due_again_that_week():
    assert _item(date(2026, 11, 30)) is None  # seen Monday: due in two weeks, window not open


def test_overdue_core_goes_as_soon_as_possible_and_says_by_how_much():
    item = _item(date(2026, 11, 2))  # due 16 Nov
    assert item.required and item.due_by is None and item.overdue_days == 14
    assert "overdue 14 days" in item.reason


def test_customer_not_yet_due_is_optional_only_inside_its_window():
    item = _item(date(2026, 9, 20), tier="regular")  # due 19 Dec, window opens 28 Nov
    assert item is not None and not item.required and item.level == OPTIONAL + TIERS["regular"].priority
    assert _item(date(2026, 10, 20), tier="regular") is None  # window opens 27 Dec: too early


def test_lead_days_keep_a_core_visit_off_the_next_day():
    item = _item(date(2026, 11, 2), today=date(2026, 11, 30))  # core: book one day ahead
    assert item.earliest == date(2026, 12, 1)


def test_complaint_due_wednesday_morning_must_end_by_its_deadline():
    week = IsoWeek(2026, 49)
    fu = FollowUpInfo(7, 1, "C001", "x", "complaint", "serious", "漏水", "", "", datetime(2026, 11, 27, 10),
                      datetime(2026, 12, 2, 10, 0), None, datetime(2026, 12, 3, 18), "open", "", None)
    item = follow_up_item(fu, 20, 5, datetime(2026, 11, 30, 8, 30), week.sunday, "en")
    assert item.reason == "complaint: answer due Wed 2 Dec 10:00"
    days = plan_days(week.days(), RULES, CN, datetime(2026, 11, 27, 17))
    (cand,) = build_candidates([item], [], {1: customer()}, days, 10, "en")
    assert cand.days == (date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2))
    assert cand.windows[date(2026, 12, 2)][-1][1] == 10 * 60 - 20  # start by 09:40 to end by 10:00


def test_customer_without_coordinates_needs_a_location():
    week = IsoWeek(2026, 49)
    days = plan_days(week.days(), RULES, CN, datetime(2026, 11, 27, 17))
    item = _item(date(2026, 11, 18))
    (cand,) = build_candidates([item], [], {1: customer(lat=None)}, days, 10, "en")
    assert cand.problem.startswith("needs a location")


def test_closed_on_every_allowed_day_is_explained():
    week = IsoWeek(2026, 49)
    days = plan_days(week.days(), RULES, CN, datetime(2026, 11, 27, 17))
    item = _item(date(2026, 11, 16))  # due Mon 30 Nov, window from Fri 27 Nov: Monday only
    (cand,) = build_candidates([item], [], {1: customer(hours="Tu-Fr 09:00-17:00")}, days, 10, "en")
    assert cand.problem.startswith("closed") and "Mon" in cand.problem
