"""The periods plans are made for: ISO weeks and calendar months.

Commands take ``2026-W49``, ``this`` or ``next`` for a week and ``2026-12``
for a month; a bad text becomes an ``InputError`` that shows the expected form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rmtui.errors import InputError

_WEEK = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    """One ISO week (Monday to Sunday), the unit of the weekly plan."""

    year: int
    week: int

    def __post_init__(self) -> None:
        last = date(self.year, 12, 28).isocalendar().week
        if not 1 <= self.week <= last:
            raise InputError(f"week {self.week} of {self.year} does not exist; "
                             f"expected a week from 1 to {last}", title="Plan")

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def days(self) -> tuple[date, ...]:
        """All seven calendar days, Monday first."""
        return tuple(self.monday + timedelta(days=k) for k in range(7))

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def parse_week(text: str, today: date) -> IsoWeek:
    """``2026-W49`` / ``2026W49`` / ``this`` / ``next`` / ``last`` → the week."""
    word = text.strip().lower()
    if word in ("this", "next", "last", "本周", "下周", "上周"):
        offset = {"this": 0, "本周": 0, "next": 1, "下周": 1, "last": -1, "上周": -1}[word]
        return IsoWeek.of(today).shift(offset)
    match = _WEEK.match(text)
    if match is None:
        raise InputError(f"{text!r} is not a week; write it as YYYY-Www (e.g. 2026-W49), "
                         "'this' or 'next'", title="Plan")
    return IsoWeek(int(match[1]), int(match[2]))


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """One calendar month, the unit of the monthly plan."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 9999:
            raise InputError(f"{self.year}-{self.month:02d} is not a month; expected YYYY-MM "
                             "with a month from 01 to 12", title="Plan")

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.shift(1).first - timedelta(days=1)

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def parse_month(text: str, today: date) -> Month:
    """``2026-12`` / ``this`` / ``next`` / ``last`` → the month."""
    word = text.strip().lower()
    if word in ("this", "next", "last"):
        return Month.of(today).shift({"this": 0, "next": 1, "last": -1}[word])
    match = _MONTH.match(text)
    if match is None:
        raise InputError(f"{text!r} is not a month; write it as YYYY-MM (e.g. 2026-12), "
                         "'this' or 'next'", title="Plan")
    return Month(int(match[1]), int(match[2]))


def parse_day(text: str, today: date) -> date:
    """``2026-12-01`` / ``today`` / ``tomorrow`` → the date."""
    word = text.strip().lower()
    if word in ("today", "tomorrow", "yesterday"):
        return today + timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[word])
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{text!r} is not a date; write it as YYYY-MM-DD (e.g. 2026-12-01), "
                         "'today' or 'tomorrow'", title="Plan") from None
