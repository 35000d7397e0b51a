"""Opening-hours templates for demo customers, and the open windows of a day.

The texts are in the OpenStreetMap subset that :mod:`rmtui.domain.opening_hours`
reads, and that parser is also what the generator uses to know when a
customer can be visited: the demo book is thus valid by the app's own rules.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from rmtui.domain.opening_hours import OpeningHours, Window, parse_opening_hours

TEMPLATES: dict[str, tuple[str, ...]] = {
    "all_day": ("Mo-Su 07:00-23:00", "Mo-Su 07:30-22:30"),
    "long_day": ("Mo-Su 08:00-22:00", "Mo-Su 08:30-21:30", "Mo-Su 08:00-21:00"),
    "shop_day": ("Mo-Su 08:30-20:30", "Mo-Sa 08:00-20:00; Su 09:00-18:00"),
    # Small family shops close for lunch; Sunday is shorter.
    "shop_lunch": ("Mo-Sa 08:00-11:30,13:00-19:00; Su 09:00-17:00",
                   "Mo-Sa 08:30-12:00,13:30-19:30; Su off"),
    "mall": ("Mo-Th 10:00-22:00; Fr-Su 10:00-22:30", "Mo-Fr 10:00-21:30; Sa,Su 09:30-22:00"),
    # Restaurants: closed between lunch and dinner service in some cases.
    "restaurant": ("Mo-Su 10:30-14:00,16:30-21:30", "Mo-Su 10:00-14:30,16:30-21:00"),
    "restaurant_late": ("Mo-Fr 10:00-14:30,17:00-22:00; Sa,Su 10:00-22:00",
                        "Mo-Su 11:00-21:30; Mo 16:00-21:30"),
    "office": ("Mo-Fr 09:00-12:00,13:30-18:00; Sa,Su off; PH off",
               "Mo-Fr 08:30-12:00,13:30-17:30; PH off"),
    "office_sat": ("Mo-Fr 09:00-12:00,13:30-18:00; Sa 09:00-12:00; Su off; PH off",
                   "Mo-Fr 08:30-12:00,13:00-17:30; Sa 08:30-11:30; Su off; PH off"),
    "office_long": ("Mo-Fr 08:30-17:30; PH off", "Mo-Fr 09:00-17:30; PH off"),
    "trade": ("Mo-Sa 08:30-17:30; Su off", "Mo-Sa 08:00-12:00,13:00-18:00; Su 09:00-12:00; PH off"),
    # A weekly rest day in the middle of the week, as salons often have.
    "salon": ("Mo,We-Su 10:00-21:00; Tu off", "Mo-Su 09:30-21:30"),
    "clinic": ("Mo-Sa 08:30-12:00,14:00-17:30; Su 09:00-12:00; PH off",
               "Mo-Fr 08:30-11:30,14:00-17:00; Sa 08:30-11:30; Su off; PH off"),
    # For individuals these are preferred times, not opening hours.
    "vip": ("Mo-Fr 09:30-11:30,14:30-17:30; Sa 10:00-12:00; Su off",
            "Mo,We,Fr 09:00-11:30,15:00-17:30; Tu,Th 14:00-17:00",
            "Mo-Fr 10:00-12:00,14:00-17:00; Sa,Su off; PH off"),
}


@lru_cache(maxsize=64)
def _parsed(text: str) -> OpeningHours:
    return parse_opening_hours(text)


def windows_on(text: str, day: date, *, is_holiday: bool = False) -> tuple[Window, ...]:
    """The open windows (minutes since midnight) of ``text`` on ``day``."""
    return _parsed(text).windows_on(day, is_holiday=is_holiday)


def fits(text: str, day: date, start: int, minutes: int, *, is_holiday: bool = False) -> bool:
    """Whether a visit of ``minutes`` starting at minute ``start`` lies in one window."""
    return any(a <= start and start + minutes <= b
               for a, b in windows_on(text, day, is_holiday=is_holiday))


def next_fit(text: str, day: date, earliest: int, minutes: int, latest_end: int,
             *, is_holiday: bool = False) -> int | None:
    """The first start ``>= earliest`` where the visit fits and ends by ``latest_end``."""
    for a, b in windows_on(text, day, is_holiday=is_holiday):
        start = max(a, earliest)
        if start + minutes <= min(b, latest_end):
            return start
    return None
