"""Working days of a country: weekends, public holidays and make-up workdays.

Plans are made for working days, SLAs count working days ("within 2 working
days") and ``PH`` in opening hours means a public holiday. China moves days
around every year (调休): a weekday next to a holiday becomes a day off and
a Saturday or Sunday becomes a working day instead. The ``holidays`` package
knows both; this module wraps it in the questions the planner asks.

What ``holidays`` gives (0.109, country ``CN``): the holiday mapping holds
the statutory holidays, observed days and the weekdays given off in exchange
("休息日（由 2026-01-04 调休）"); ``weekend_workdays`` holds the Saturdays and
Sundays that are working days; ``is_working_day()`` combines both with the
country's weekend. Weekend days inside a holiday break (2026-02-15, a Sunday
in the Spring Festival break) are weekend days, not holidays, for the
package and for :meth:`WorkCalendar.is_holiday`; :meth:`holiday_break`
returns the whole break.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

from rmtui.errors import InputError

_ONE_DAY = timedelta(days=1)
# A run of days off longer than this is not a holiday break but a data gap.
_MAX_BREAK_DAYS = 31


@dataclass(frozen=True, slots=True)
class _Year:
    """One calendar year of one country, computed once and cached."""

    holidays: Mapping[date, str]
    working: frozenset[date]
    makeup: frozenset[date]


class WorkCalendar:
    """The working-day calendar of one country (and optional subdivision).

    ``language`` picks the language of holiday names: a ``holidays`` code
    ("zh_CN", "en_US") or a prefix ("zh", "en"); by default the country's
    own language. An unknown country or subdivision raises ``InputError``.
    """

    def __init__(
        self, country: str = "CN", subdivision: str | None = None, *, language: str | None = None
    ) -> None:
        self.country = country.strip().upper()
        self.subdivision = subdivision.strip().upper() if subdivision else None
        try:
            # Without years this builds nothing; it only checks the codes.
            probe = holidays.country_holidays(self.country, subdiv=self.subdivision)
        except NotImplementedError as error:
            if self.country not in holidays.list_supported_countries():
                raise InputError(
                    f'unknown country code "{country}" for the work calendar; expected an '
                    'ISO 3166 code supported by the "holidays" package, such as CN',
                    title="Work calendar",
                ) from error
            known = _subdivisions(self.country)
            expected = f"one of {', '.join(known)}" if known else "none: leave it empty"
            raise InputError(
                f'unknown subdivision "{subdivision}" of country {self.country} for the work '
                f"calendar; expected {expected}",
                title="Work calendar",
            ) from error
        self.language = _pick_language(language, probe.supported_languages, probe.default_language)

    def __repr__(self) -> str:
        return f"WorkCalendar({self.country!r}, {self.subdivision!r}, language={self.language!r})"

    def _year(self, year: int) -> _Year:
        return _year_data(self.country, self.subdivision, self.language, year)

    def is_working_day(self, day: date) -> bool:
        """Whether people work on ``day`` (make-up weekend days included)."""
        return day in self._year(day.year).working

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday or a day given off for one (OSM ``PH``)."""
        return day in self._year(day.year).holidays

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name in the calendar's language, or ``None``."""
        return self._year(day.year).holidays.get(day)

    def is_makeup_workday(self, day: date) -> bool:
        """Whether ``day`` is a weekend day worked to make up for a holiday (调休上班)."""
        return day in self._year(day.year).makeup

    def holidays_between(self, start: date, end: date) -> tuple[tuple[date, str], ...]:
        """Public holidays from ``start`` to ``end`` inclusive, with their names."""
        return tuple(
            (d, self._year(d.year).holidays[d]) for d in _days(start, end) if self.is_holiday(d)
        )

    def holiday_break(self, day: date) -> tuple[date, date] | None:
        """The first and last day of the holiday break around ``day``, or ``None``.

        A break is a run of consecutive days off holding at least one public
        holiday, like the Spring Festival break 2026-02-15 … 2026-02-23 (放假).
        """
        if self.is_working_day(day):
            return None
        first = last = day
        for _ in range(_MAX_BREAK_DAYS):
            if self.is_working_day(first - _ONE_DAY):
                break
            first -= _ONE_DAY
        for _ in range(_MAX_BREAK_DAYS):
            if self.is_working_day(last + _ONE_DAY):
                break
            last += _ONE_DAY
        if not any(self.is_holiday(d) for d in _days(first, last)):
            return None  # an ordinary weekend
        return first, last

    def working_days(self, start: date, end: date) -> tuple[date, ...]:
        """The working days from ``start`` to ``end``, both included."""
        return tuple(d for d in _days(start, end) if self.is_working_day(d))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it if ``n < 0``).

        ``n == 0`` gives ``day`` itself if it is a working day, else the next
        one. A request received on Saturday "within 2 working days" is due on
        ``add_working_days(saturday, 2)``: the second working day after it.
        """
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        current = day
        if n == 0:
            while not self.is_working_day(current):
                current += step
            return current
        for _ in range(abs(n)):
            current += step
            while not self.is_working_day(current):
                current += step
        return current

    def week_days(self, iso_year: int, iso_week: int) -> tuple[date, ...]:
        """The working days of an ISO week, make-up weekend days included."""
        try:
            monday = date.fromisocalendar(iso_year, iso_week, 1)
        except ValueError as error:
            raise InputError(
                f"ISO week {iso_week} of {iso_year} does not exist; expected a week "
                f"from 1 to {date(iso_year, 12, 28).isocalendar().week}",
                title="Work calendar",
            ) from error
        return self.working_days(monday, monday + 6 * _ONE_DAY)


def _subdivisions(country: str) -> list[str]:
    """The subdivision codes ``holidays`` knows for ``country`` (sorted)."""
    return sorted(holidays.list_supported_countries().get(country, ()))


def _pick_language(wanted: str | None, supported: tuple[str, ...], default: str | None) -> str:
    fallback = default or (supported[0] if supported else "en_US")
    if wanted is None:
        return fallback
    if wanted in supported:
        return wanted
    prefixed = [code for code in supported if code.lower().startswith(wanted.lower())]
    return prefixed[0] if prefixed else fallback


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=k) for k in range((end - start).days + 1)]


@lru_cache(maxsize=128)
def _year_data(country: str, subdivision: str | None, language: str, year: int) -> _Year:
    # Building a holidays object costs tens of milliseconds: do it once per
    # (country, subdivision, language, year) for the whole process.
    calendar = holidays.country_holidays(
        country, subdiv=subdivision, years=year, language=language
    )
    days = _days(date(year, 1, 1), date(year, 12, 31))
    return _Year(
        holidays=MappingProxyType({d: n for d, n in calendar.items() if d.year == year}),
        working=frozenset(d for d in days if calendar.is_working_day(d)),
        makeup=frozenset(
            d for d in days if calendar.is_weekend(d) and calendar.is_working_day(d)
        ),
    )
