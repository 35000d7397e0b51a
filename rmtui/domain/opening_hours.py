"""Customer opening hours: a documented subset of OpenStreetMap ``opening_hours``.

Used to know when a customer can be visited: the planner asks for the open
windows of a day, the route solver turns them into time windows.

Supported grammar (case-insensitive; spaces optional; full-width ``：，；－``
are read as their ASCII forms)::

    opening_hours = "" | rule { ";" rule } [ ";" ]
    rule          = "24/7" | [ selector ] body
    selector      = item { "," item }
    item          = day [ "-" day ] | "PH"
    day           = "Mo" | "Tu" | "We" | "Th" | "Fr" | "Sa" | "Su"
    body          = "off" | "closed" | range { "," range }
    range         = time "-" time          (the end is later than the start)
    time          = hh ":" mm              (00:00 … 24:00; 24:00 only as an end)

Meaning:

- ``Mo-Fr 09:00-12:00,14:00-18:00`` — open in those ranges on those days.
  A day range may wrap over the week end: ``Fr-Mo`` is Fr, Sa, Su, Mo.
- A rule without a selector applies to every day; ``24/7`` is open all day,
  every day.
- Rules are read left to right and a later rule *replaces* earlier ones on
  the days it names (OSM semantics): ``Mo-Sa 09:00-18:00; Sa 10:00-14:00``.
- ``PH`` names public holidays (which days are holidays is the work
  calendar's business): ``Mo-Fr 09:00-18:00; PH off``. Because later rules
  win, ``PH off; Mo-Fr 09:00-18:00`` is open on a Monday holiday.
- ``off`` / ``closed`` close the named days. Days no rule names are closed.
- Overlapping or touching ranges in one rule are merged.
- The empty text (or ``None``) means *no restriction*: always open. (A text
  with rules is OSM-strict: ``Su off`` alone is closed every day.)

Not supported, and rejected with an error that says so: months and dates,
week numbers, years, ``SH``, ``sunrise``/``sunset``, comments, ``open`` /
``unknown``, open ends (``+``), fallback rules (``||``), nth weekdays
(``Su[1]``), overnight ranges (``22:00-02:00``: split it into
``22:00-24:00`` and ``00:00-02:00`` on the next day).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from rmtui.errors import InputError

DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
ALL_DAYS = frozenset(range(7))
DAY_END = 24 * 60

Window = tuple[int, int]
"""An open interval of a day in minutes since midnight: ``[start, end)``."""

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<always>24/7)|(?P<time>\d{1,2}:\d{2})|(?P<number>\d+)"
    r"|(?P<word>[A-Za-z]+)|(?P<punct>[-,;])|(?P<other>.)"
)
# Words and characters of full OSM that this subset knowingly leaves out → problem code.
_UNSUPPORTED_WORDS = {
    **dict.fromkeys(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), "month"),
    "week": "week",
    "sh": "school_holidays",
    "easter": "easter",
    "open": "open",
    "unknown": "unknown",
    **dict.fromkeys(("sunrise", "sunset", "dawn", "dusk"), "sun"),
}
_UNSUPPORTED_CHARS = {
    "+": "open_end",
    "|": "fallback",
    '"': "comment",
    "[": "nth_weekday",
    "(": "variable_time",
    "/": "interval",
}

PROBLEMS_EN: dict[str, str] = {
    "unexpected": 'unexpected "{token}"',
    "empty_rule": "empty rule",
    "no_times": "no opening times after the days",
    "unknown_day": 'unknown day "{token}"',
    "missing_day": "missing day",
    "rule_after_comma": '"{token}" after ",": additional rules are not supported',
    "missing_dash": 'a time needs an end: missing "-"',
    "missing_time": "missing time",
    "invalid_time": 'invalid time "{token}"',
    "overnight": 'time range "{start}-{end}" ends before it starts (overnight ranges are not supported)',
    "number": '"{token}": years, dates and times without ":" are not supported',
    "month": '"{token}": month selectors are not supported',
    "week": '"{token}": week numbers are not supported',
    "school_holidays": '"{token}": school holidays (SH) are not supported',
    "easter": '"{token}": Easter dates are not supported',
    "open": '"{token}": the "open" modifier is not supported (give a time range)',
    "unknown": '"{token}": the "unknown" modifier is not supported',
    "sun": '"{token}": sunrise/sunset times are not supported',
    "open_end": 'open-ended times ("+") are not supported',
    "fallback": 'fallback rules ("||") are not supported',
    "comment": "comments are not supported",
    "nth_weekday": 'nth-weekday selectors like "Su[1]" are not supported',
    "variable_time": "variable times are not supported",
    "interval": "repeating intervals are not supported",
}
"""What went wrong, by problem code (English, for ``str()``; the import renders its own texts)."""

EXPECTED_EN: dict[str, str] = {
    "day": "Mo, Tu, We, Th, Fr, Sa, Su or PH",
    "body": "a time range like 09:00-18:00, off or closed",
    "rule_end": '";" or the end of the text',
    "rule": "a rule like Mo-Fr 09:00-18:00",
    "range": "a time range like 09:00-18:00",
    "after_comma": 'another time range, or ";" before the next rule',
    "start_time": "a start from 00:00 to 23:59",
    "end_time": "an end from 00:01 to 24:00",
    "end_after": 'an end after {start}; split an overnight range into "{start}-24:00" and "00:00-{end}" '
                 "on the next day",
}
"""What was expected instead, by code (English)."""


class OpeningHoursError(InputError):
    """An opening-hours text outside the supported subset, as data a caller can word itself.

    ``position`` is the 0-based index in ``text`` where the problem starts;
    ``code`` (a key of ``PROBLEMS_EN``) says what is wrong, ``expected`` (a key
    of ``EXPECTED_EN``) what would have been right, ``values`` fill both
    (``token``: the text found; ``start``/``end``: an overnight range);
    ``at_end`` is true when the text ended too early. ``str()`` is English.
    """

    def __init__(self, text: str, code: str, position: int, expected: str, *, at_end: bool = False,
                 **values: str) -> None:
        problem = PROBLEMS_EN[code].format(**values) + (" (end of text)" if at_end else "")
        super().__init__(
            f'opening hours "{text}": {problem} at position {position}; '
            f"expected {EXPECTED_EN[expected].format(**values)}",
            title="Opening hours",
        )
        self.text = text
        self.position = position
        self.code = code
        self.expected = expected
        self.values = values
        self.at_end = at_end


@dataclass(frozen=True, slots=True)
class Rule:
    """One ``;``-separated rule: the days it names and their open windows.

    ``days`` are weekday numbers (0 = Monday); ``holidays`` is true when the
    rule names ``PH``; empty ``windows`` means closed on those days.
    """

    days: frozenset[int]
    holidays: bool
    windows: tuple[Window, ...]

    def applies(self, weekday: int, *, is_holiday: bool) -> bool:
        return weekday in self.days or (self.holidays and is_holiday)

    def __str__(self) -> str:
        if self.days == ALL_DAYS and self.windows == ((0, DAY_END),):
            return "24/7"
        items = _day_items(self.days) + (["PH"] if self.holidays else [])
        body = ",".join(f"{_hhmm(a)}-{_hhmm(b)}" for a, b in self.windows) or "off"
        return f"{','.join(items)} {body}"


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Parsed opening hours; no rules at all means "no restriction"."""

    rules: tuple[Rule, ...] = ()

    @property
    def unrestricted(self) -> bool:
        return not self.rules

    @property
    def text(self) -> str:
        """The canonical text (what ``str()`` gives)."""
        return str(self)

    def windows_on(self, day: date, *, is_holiday: bool) -> tuple[Window, ...]:
        """The open windows on ``day``, sorted and disjoint; ``()`` if closed."""
        if self.unrestricted:
            return ((0, DAY_END),)
        windows: tuple[Window, ...] = ()
        for rule in self.rules:  # the last rule naming the day wins
            if rule.applies(day.weekday(), is_holiday=is_holiday):
                windows = rule.windows
        return windows

    def is_open(self, when: datetime, *, is_holiday: bool) -> bool:
        """Whether the customer is open at ``when`` (a window's end is closed)."""
        minute = when.hour * 60 + when.minute
        windows = self.windows_on(when.date(), is_holiday=is_holiday)
        return any(start <= minute < end for start, end in windows)

    def __str__(self) -> str:
        return "; ".join(str(rule) for rule in self.rules)


def parse_opening_hours(text: str | None) -> OpeningHours:
    """Parse ``text``; raise :class:`OpeningHoursError` outside the subset."""
    if text is None or not text.strip():
        return OpeningHours()
    return OpeningHours(_Parser(text).rules())


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_items(days: frozenset[int]) -> list[str]:
    """Canonical day items: runs of three or more days become ranges."""
    items: list[str] = []
    ordered = sorted(days)
    run_start = 0
    for i in range(1, len(ordered) + 1):
        if i == len(ordered) or ordered[i] != ordered[i - 1] + 1:
            run = ordered[run_start:i]
            if len(run) >= 3:
                items.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
            else:
                items.extend(DAY_NAMES[d] for d in run)
            run_start = i
    return items


def _merge(windows: list[Window]) -> tuple[Window, ...]:
    merged: list[Window] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _ascii(char: str) -> str:
    # Chinese input methods type full-width punctuation; map it one character
    # to one character so that error positions still point into the original.
    folded = unicodedata.normalize("NFKC", char)
    folded = "-" if folded in "\u2010\u2011\u2012\u2013\u2014\u2212" else folded
    return folded if len(folded) == 1 else char


class _Parser:
    """Recursive descent over the tokens of one text; raises on the first error."""

    def __init__(self, text: str) -> None:
        self.text = text
        normalized = "".join(_ascii(c) for c in text)
        self.tokens = [
            (m.lastgroup or "", m.group(), m.start())
            for m in _TOKEN.finditer(normalized)
            if m.lastgroup != "space"
        ]
        self.i = 0

    def fail(self, code: str, expected: str) -> OpeningHoursError:
        """The error at the next token: an unsupported OSM feature is named as such."""
        kind, value, pos = self.peek()
        if kind == "end":
            return OpeningHoursError(self.text, code, pos, expected, at_end=True, token="")
        if kind == "other" and value in _UNSUPPORTED_CHARS:
            code = _UNSUPPORTED_CHARS[value]
        elif kind == "word" and value.lower() in _UNSUPPORTED_WORDS:
            code = _UNSUPPORTED_WORDS[value.lower()]
        elif kind == "number":
            code = "number"
        return OpeningHoursError(self.text, code, pos, expected, token=value)

    def peek(self) -> tuple[str, str, int]:
        if self.i < len(self.tokens):
            return self.tokens[self.i]
        return ("end", "", len(self.text))

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        self.i += 1
        return token

    def at(self, kind: str, value: str | None = None) -> bool:
        k, v, _ = self.peek()
        return k == kind and (value is None or v.lower() == value)

    def rules(self) -> list[Rule]:
        rules = [self.rule()]
        while self.at("punct", ";"):
            self.take()
            if self.at("end"):  # a trailing ";" is harmless
                break
            rules.append(self.rule())
        if not self.at("end"):
            raise self.fail("unexpected", "rule_end")
        return rules

    def rule(self) -> Rule:
        if self.at("always"):
            self.take()
            return Rule(ALL_DAYS, False, ((0, DAY_END),))
        if self.at("punct", ";") or self.at("end"):
            raise self.fail("empty_rule", "rule")
        days: set[int] = set()
        holidays = False
        closes = self.at("word", "off") or self.at("word", "closed")
        if not self.at("time") and not closes:
            while True:
                if self.at("word", "ph"):
                    self.take()
                    holidays = True
                else:
                    days |= self.day_item()
                if not self.at("punct", ","):
                    break
                self.take()
        if not days and not holidays:
            days = set(ALL_DAYS)
        elif days == ALL_DAYS:
            holidays = False  # every day already includes the holidays
        if self.at("word", "off") or self.at("word", "closed"):
            self.take()
            return Rule(frozenset(days), holidays, ())
        if self.at("end") or self.at("punct", ";"):
            raise self.fail("no_times", "body")
        return Rule(frozenset(days), holidays, self.ranges())

    def day_item(self) -> set[int]:
        first = self.day()
        if not self.at("punct", "-"):
            return {first}
        self.take()
        last = self.day()
        return {(first + k) % 7 for k in range((last - first) % 7 + 1)}

    def day(self) -> int:
        kind, value, _ = self.peek()
        if kind == "word" and value.lower() not in _UNSUPPORTED_WORDS:
            names = [n.lower() for n in DAY_NAMES]
            if value.lower() in names:
                self.take()
                return names.index(value.lower())
            raise self.fail("unknown_day", "day")
        raise self.fail("unexpected" if value else "missing_day", "day")

    def ranges(self) -> tuple[Window, ...]:
        windows = [self.time_range()]
        while self.at("punct", ","):
            self.take()
            if self.at("word"):
                raise self.fail("rule_after_comma", "after_comma")
            windows.append(self.time_range())
        return _merge(windows)

    def time_range(self) -> Window:
        pos = self.peek()[2]
        start = self.time(allow_24=False)
        if not self.at("punct", "-"):
            raise self.fail("missing_dash", "range")
        self.take()
        end = self.time(allow_24=True)
        if end <= start:
            raise OpeningHoursError(self.text, "overnight", pos, "end_after", start=_hhmm(start), end=_hhmm(end))
        return (start, end)

    def time(self, *, allow_24: bool) -> int:
        kind, value, _ = self.peek()
        if kind != "time":
            raise self.fail("unexpected" if value else "missing_time", "body")
        hours, minutes = (int(part) for part in value.split(":"))
        if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
            raise self.fail("invalid_time", "end_time" if allow_24 else "start_time")
        self.take()
        return hours * 60 + minutes
