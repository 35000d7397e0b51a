"""The week's visits as an iCalendar file (RFC 5545), with the ``icalendar`` package
(imported when used).

One VEVENT per visit, in the configured time zone (``DTSTART;TZID=…`` with
the matching VTIMEZONE, so Outlook and Google Calendar place it right).
Each event's UID comes from the planned visit's id and the manager's code
(``pv-123-M001@rmtui``): importing the file again updates the events
instead of adding copies. ``SEQUENCE`` grows each time a visit changes and
``LAST-MODIFIED`` says when; a visit taken out of the plan since an earlier
export comes back as a cancelled event (``STATUS:CANCELLED``) so calendars
drop it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rmtui.errors import InputError

UID_DOMAIN = "rmtui"
PRODID = "-//rmtui//weekly visit plan//EN"


def visit_uid(visit_id: int, manager_code: str) -> str:
    """The stable UID of a planned visit's event: ``pv-<id>-<manager code>@rmtui``."""
    code = re.sub(r"[^A-Za-z0-9_.-]+", "_", manager_code).strip("_") or "manager"
    return f"pv-{visit_id}-{code}@{UID_DOMAIN}"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One visit as a calendar event; times are wall-clock times in the calendar's zone."""

    uid: str
    day: date
    start: time | None
    """None for a visit without a planned time: an all-day event."""
    minutes: int
    summary: str
    location: str = ""
    description: str = ""
    geo: tuple[float, float] | None = None
    """(latitude, longitude), WGS-84; only for an exact location."""
    sequence: int = 0
    last_modified: datetime | None = None
    cancelled: bool = False
    categories: tuple[str, ...] = ()


def week_to_ics(events: Sequence[CalendarEvent], *, tz: str, stamp: datetime, name: str = "") -> bytes:
    """The calendar as bytes (``.ics``); ``stamp`` (wall-clock time in ``tz``) is each event's DTSTAMP."""
    from icalendar import Calendar, Event

    zone = _zone(tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", tz)
    stamp_utc = _utc(stamp, zone)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp_utc)
        if e.start is None:
            ev.add("dtstart", e.day)
            ev.add("dtend", e.day + timedelta(days=1))
        else:
            begin = datetime.combine(e.day, e.start, tzinfo=zone)
            ev.add("dtstart", begin)
            ev.add("dtend", begin + timedelta(minutes=max(1, e.minutes)))
        ev.add("summary", e.summary)
        if e.location:
            ev.add("location", e.location)
        if e.geo is not None:
            ev.add("geo", e.geo)
        if e.description:
            ev.add("description", e.description)
        if e.categories:
            ev.add("categories", list(e.categories))
        ev.add("sequence", e.sequence)
        if e.last_modified is not None:
            ev.add("last-modified", _utc(e.last_modified, zone))
        ev.add("status", "CANCELLED" if e.cancelled else "CONFIRMED")
        ev.add("transp", "OPAQUE")
        cal.add_component(ev)
    timed = [e.day for e in events if e.start is not None]
    if timed:  # the zone's rules around these days (a VTIMEZONE from 1970 on would be mostly noise)
        cal.add_missing_timezones(first_date=min(timed) - timedelta(days=366),
                                  last_date=max(timed) + timedelta(days=366))
    return cal.to_ical()


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"time zone {tz!r} is unknown; set 'timezone' to an IANA name such as Asia/Shanghai",
                         title="Calendar") from None


def _utc(at: datetime, zone: ZoneInfo) -> datetime:
    local = at if at.tzinfo is not None else at.replace(tzinfo=zone)
    return local.astimezone(timezone.utc)
