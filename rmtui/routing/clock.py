"""Clock times as the routing engine keeps them: integer seconds since midnight.

People write and read "08:30"; the engine adds and compares seconds. These two
functions are the only place the two meet.
"""

from __future__ import annotations

import re

from rmtui.errors import InputError

_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")

DAY_SECONDS = 24 * 3600


def parse_clock(text: object, where: str) -> int:
    """Seconds since midnight for "HH:MM" or "HH:MM:SS" ("24:00" allowed).

    ``where`` names the field for the error message, e.g. ``stop C0042 windows[0][1]``.
    """
    if not isinstance(text, str):
        raise InputError(f"{where}: expected a time like \"08:30\", got {text!r}")
    match = _CLOCK.match(text)
    if match is None:
        raise InputError(f"{where}: unknown time format {text!r}; write it as HH:MM, e.g. \"08:30\"")
    hours, minutes = int(match[1]), int(match[2])
    seconds = int(match[3] or 0)
    value = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or value > DAY_SECONDS:
        raise InputError(f"{where}: {text!r} is not a time of day (00:00–24:00)")
    return value


def format_clock(seconds: int) -> str:
    """"HH:MM", or "HH:MM:SS" when the time does not fall on a whole minute.

    Seconds are kept rather than rounded away so that printed times still add
    up exactly with the printed travel and service durations.
    """
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if secs:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{hours:02d}:{minutes:02d}"


def minutes(seconds: float) -> float:
    """A duration in minutes, rounded to 1/100 minute for display and JSON."""
    return round(seconds / 60.0, 2)
