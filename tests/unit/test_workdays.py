"""Work calendar: China's 2026 schedule (放假调休), SLAs in working days, other countries.

The 2026 facts below are the State Council notice as the ``holidays`` package
(0.109) encodes it; they agree with the published schedule.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rmtui.domain.workdays import WorkCalendar
from rmtui.errors import InputError

FAST = settings(max_examples=40, deadline=None)
CN = WorkCalendar("CN")


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def span(first: date, last: date) -> list[date]:
    return [first + timedelta(k) for k in range((last - first).days + 1)]


# (break, make-up working days) for every 2026 holiday of the notice.
BREAKS_2026 = {
    "New Year": (span(d(1, 1), d(1, 3)), [d(1, 4)]),
    "Spring Festival": (span(d(2, 15), d(2, 23)), [d(2, 14), d(2, 28)]),
    "Qingming": (span(d(4, 4), d(4, 6)), []),
    "Labour Day": (span(d(5, 1), d(5, 5)), [d(5, 9)]),
    "Dragon Boat": (span(d(6, 19), d(6, 21)), []),
    "Mid-Autumn": (span(d(9, 25), d(9, 27)), []),
    "National Day": (span(d(10, 1), d(10, 7)), [d(9, 20), d(10, 10)]),
}


@pytest.mark.parametrize("name", BREAKS_2026)
def test_2026_breaks_are_days_off_and_make_up_days_are_worked(name):
    days_off, makeup = BREAKS_2026[name]
    assert not any(CN.is_working_day(x) for x in days_off)
    assert CN.holiday_break(days_off[len(days_off) // 2]) == (days_off[0], days_off[-1])
    for x in makeup:
        assert x.weekday() >= 5 and CN.is_working_day(x) and CN.is_makeup_workday(x)
    assert CN.is_working_day(days_off[0] - timedelta(1))
    assert CN.is_working_day(days_off[-1] + timedelta(1))


def test_2026_make_up_days_are_exactly_the_six_of_the_notice():
    year = span(d(1, 1), d(12, 31))
    assert [x for x in year if CN.is_makeup_workday(x)] == sorted(
        x for _, makeup in BREAKS_2026.values() for x in makeup
    )
    # 365 days - 104 weekend days - 19 weekday holidays + 6 make-up days.
    assert len(CN.working_days(d(1, 1), d(12, 31))) == 248


def test_holidays_are_the_packages_days_off_not_the_weekends_inside_a_break():
    assert CN.is_holiday(d(1, 1)) and CN.holiday_name(d(1, 1)) == "元旦"
    assert CN.holiday_name(d(1, 2)) == "休息日（由 2026-01-04 调休）"  # given off for Sun 4 Jan
    assert CN.holiday_name(d(10, 5)) == "国庆节（补假）"
    assert not CN.is_holiday(d(2, 15)) and CN.holiday_name(d(2, 15)) is None  # a Sunday
    assert not CN.is_holiday(d(1, 4)) and not CN.is_holiday(d(3, 3))
    assert [x for x, _ in CN.holidays_between(d(2, 1), d(2, 28))] == [
        d(2, 16), d(2, 17), d(2, 18), d(2, 19), d(2, 20), d(2, 23),
    ]


def test_holiday_names_follow_the_language():
    assert WorkCalendar("CN", language="en").holiday_name(d(1, 1)) == "New Year's Day"
    assert WorkCalendar("CN", language="en_US").language == "en_US"
    assert WorkCalendar("CN", language="xx").language == "zh_CN"  # unknown: the country's own


def test_holiday_break_is_none_on_working_days_and_plain_weekends():
    assert CN.holiday_break(d(3, 3)) is None
    assert CN.holiday_break(d(3, 7)) is None  # an ordinary Saturday
    assert CN.holiday_break(d(2, 14)) is None  # a make-up Saturday


@pytest.mark.parametrize(
    ("iso_week", "expected"),
    [
        (1, [d(12, 29, 2025), d(12, 30, 2025), d(12, 31, 2025), d(1, 4)]),
        (7, span(d(2, 9), d(2, 14))),  # six days: Saturday 14 Feb is worked
        (8, []),  # the whole Spring Festival week is off
        (9, span(d(2, 24), d(2, 28))),
        (10, span(d(3, 2), d(3, 6))),
        (41, span(d(10, 8), d(10, 10))),
    ],
)
def test_week_days(iso_week, expected):
    assert list(CN.week_days(2026, iso_week)) == expected


def test_week_that_does_not_exist():
    with pytest.raises(InputError, match="ISO week 54 of 2026 does not exist.*1 to 53"):
        CN.week_days(2026, 54)
    with pytest.raises(InputError, match="1 to 52"):
        CN.week_days(2025, 53)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (d(2, 13), 1, d(2, 14)),  # Friday -> make-up Saturday
        (d(2, 14), 1, d(2, 24)),  # over the Spring Festival break
        (d(3, 7), 2, d(3, 10)),  # a request on Saturday: Mon is the 1st, Tue the 2nd
        (d(9, 30), 1, d(10, 8)),
        (d(3, 4), 0, d(3, 4)),
        (d(3, 7), 0, d(3, 9)),
        (d(2, 24), -1, d(2, 14)),
        (d(10, 8), -2, d(9, 29)),
    ],
)
def test_add_working_days(start, n, expected):
    assert CN.add_working_days(start, n) == expected


def test_next_working_day_is_strictly_later():
    assert CN.next_working_day(d(3, 4)) == d(3, 5)
    assert CN.next_working_day(d(1, 3)) == d(1, 4)
    assert CN.working_days(d(3, 5), d(3, 4)) == ()


def test_make_up_day_announced_in_the_previous_year():
    # 2001-12-29 (Sat) was worked for the 2002 New Year break.
    assert CN.is_makeup_workday(date(2001, 12, 29)) and CN.is_working_day(date(2001, 12, 29))


def test_other_countries_and_subdivisions():
    bavaria = WorkCalendar("de", "by")
    assert (bavaria.country, bavaria.subdivision) == ("DE", "BY")
    assert bavaria.is_holiday(d(4, 3)) and not bavaria.is_working_day(d(4, 3))  # Good Friday
    assert bavaria.is_holiday(d(1, 6))  # Epiphany: Bavaria yes ...
    assert not WorkCalendar("DE", "BE").is_holiday(d(1, 6))  # ... Berlin no
    assert not any(bavaria.is_makeup_workday(x) for x in span(d(1, 1), d(12, 31)))


@pytest.mark.parametrize(
    ("country", "subdivision", "fragments"),
    [
        ("XX", None, ['unknown country code "XX"', "such as CN"]),
        ("CN", "ZZ", ['unknown subdivision "ZZ" of country CN', "leave it empty"]),
        ("DE", "ZZ", ['unknown subdivision "ZZ" of country DE', "BY"]),
    ],
)
def test_unknown_codes_raise_input_error(country, subdivision, fragments):
    with pytest.raises(InputError) as caught:
        WorkCalendar(country, subdivision)
    assert caught.value.title == "Work calendar"
    for fragment in fragments:
        assert fragment in str(caught.value)


# ---- properties ---------------------------------------------------------------

days = st.dates(date(2024, 1, 1), date(2027, 12, 31))


@FAST
@given(days, st.integers(1, 15))
def test_adding_n_working_days_passes_exactly_n_of_them(start, n):
    end = CN.add_working_days(start, n)
    assert CN.is_working_day(end)
    assert len(CN.working_days(start + timedelta(1), end)) == n
    assert CN.add_working_days(end, -n) <= start


@FAST
@given(days)
def test_next_working_day_skips_only_days_off(day):
    nxt = CN.next_working_day(day)
    assert nxt > day and CN.is_working_day(nxt)
    assert CN.working_days(day + timedelta(1), nxt - timedelta(1)) == ()


@FAST
@given(days)
def test_day_kinds_are_consistent(day):
    if CN.is_makeup_workday(day):
        assert day.weekday() >= 5 and CN.is_working_day(day)
    if CN.is_holiday(day):
        assert not CN.is_working_day(day) and CN.holiday_break(day) is not None
    if day.weekday() < 5 and not CN.is_holiday(day):
        assert CN.is_working_day(day)
    iso = day.isocalendar()
    assert (day in CN.week_days(iso.year, iso.week)) == CN.is_working_day(day)
