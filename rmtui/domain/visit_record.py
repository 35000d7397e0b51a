"""The visit record form (拜访记录): its values as typed, their validation, and
the follow-ups created from it before it is saved.

Values are kept as the text the manager typed (times as ``HH:MM``,
satisfaction as a digit) so a half-typed form can be saved as a draft and
restored exactly. ``validate`` says, field by field, what must be fixed
before the record can be saved; its messages are catalogue keys
(``visit_record.err.*``), the screen translates them.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from rmtui.domain.followups import FollowUpKind, SlaRule, WorkingDays, sla_deadlines
from rmtui.domain.visits import Outcome, VisitType

MODES = ("on_site", "phone", "online")
VISIT_TYPES = tuple(v.value for v in VisitType)
OUTCOMES = tuple(o.value for o in Outcome)
CALL_CLASSES = ("explanation", "promotion", "relationship", "mediation", "advice", "guidance")
"""Phone call-back classes: explanation, promotion, relationship (情感), complaint mediation, advice,
guidance for new customers."""
KINDS = tuple(k.value for k in FollowUpKind)
SATISFACTION = range(1, 6)

_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:：.]\s*(\d{2})\s*$")
_DUE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2})\s*[:：]\s*(\d{2})\s*$")
DUE_FORMAT = "%Y-%m-%d %H:%M"

# Message keys (translated by the screen).
ERR_REQUIRED = "visit_record.err.required"
ERR_TIME_FORMAT = "visit_record.err.time_format"
ERR_DEPART_BEFORE = "visit_record.err.depart_before_arrive"
ERR_FUTURE = "visit_record.err.future"
ERR_SATISFACTION = "visit_record.err.satisfaction"
ERR_CHOICE = "visit_record.err.choice"
ERR_DUE_FORMAT = "visit_record.err.due_format"
ERR_DUE_PAST = "visit_record.err.due_past"


def parse_clock(text: str) -> time:
    """``9:05``, ``09:05`` (also ``09：05`` typed with a Chinese IME) → time; ValueError otherwise."""
    m = _CLOCK.match(text)
    if not m:
        raise ValueError(f"not a time HH:MM: {text!r}")
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time of day: {text!r}")
    return time(hour, minute)


def format_clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def parse_due(text: str) -> datetime:
    """``2026-11-26 17:00`` → datetime; ValueError otherwise."""
    m = _DUE.match(text)
    if not m:
        raise ValueError(f"not a date and time YYYY-MM-DD HH:MM: {text!r}")
    y, mo, d, h, mi = (int(g) for g in m.groups())
    return datetime(y, mo, d, h, mi)  # raises ValueError for 2026-02-30, 25:00 …


def format_due(value: datetime | None) -> str:
    return value.strftime(DUE_FORMAT) if value is not None else ""


def default_sla_class(kind: str) -> str:
    """The SLA class a new item of this kind starts with."""
    return {"complaint": "ordinary", "request": "urgent_request"}.get(kind, "normal")


@dataclass(frozen=True, slots=True)
class FollowUpDraft:
    """A follow-up typed on the visit form, written with the record on save."""

    title: str
    kind: str = "follow_up"
    sla_class: str = "normal"
    owner: str = ""
    due: str = ""  # YYYY-MM-DD HH:MM as typed; blank: from the SLA class (complaints: always)
    detail: str = ""
    created_at: datetime | None = None  # when it was added on the form; its SLA clock starts here

    def deadlines(self, rule: SlaRule, calendar: WorkingDays | None = None) -> tuple[datetime | None, datetime]:
        """(first answer due, due) as stored: complaints run on the SLA clock of their class;
        other items are due when typed, or when their class says."""
        created = self.created_at or datetime.min
        if self.kind == FollowUpKind.COMPLAINT:
            clock = sla_deadlines(rule, created, calendar)
            return clock.first_answer_due, clock.resolve_due
        if self.due.strip():
            return None, parse_due(self.due)
        return None, sla_deadlines(rule, created, calendar).resolve_due


def validate_followup(item: FollowUpDraft, now: datetime, sla_classes: set[str] | frozenset[str]) -> dict[str, str]:
    """Field → message key for what must be fixed in a follow-up (empty when fine)."""
    errors: dict[str, str] = {}
    if not item.title.strip():
        errors["title"] = ERR_REQUIRED
    if item.kind not in KINDS:
        errors["kind"] = ERR_CHOICE
    if item.sla_class not in sla_classes:
        errors["sla_class"] = ERR_CHOICE
    if item.kind != FollowUpKind.COMPLAINT and item.due.strip():
        try:
            due = parse_due(item.due)
        except ValueError:
            errors["due"] = ERR_DUE_FORMAT
        else:
            if due < now:
                errors["due"] = ERR_DUE_PAST
    return errors


@dataclass(frozen=True, slots=True)
class VisitForm:
    """Every field of the visit record form, as typed."""

    arrived: str = ""
    departed: str = ""
    mode: str = "on_site"
    call_class: str = ""
    met: str = ""
    visit_type: str = "service"
    purpose: str = ""
    discussed: str = ""
    needs: str = ""
    complaints: str = ""
    competitor_info: str = ""
    products: str = ""
    outcome: str = ""
    satisfaction: str = ""
    next_steps: str = ""
    followups: tuple[FollowUpDraft, ...] = field(default_factory=tuple)

    def with_followup(self, item: FollowUpDraft) -> VisitForm:
        return replace(self, followups=(*self.followups, item))

    def without_followup(self, index: int) -> VisitForm:
        return replace(self, followups=self.followups[:index] + self.followups[index + 1:])

    # -- parsed values (call only after ``validate`` found nothing) ------

    def arrived_time(self) -> time | None:
        return parse_clock(self.arrived) if self.arrived.strip() else None

    def departed_time(self) -> time | None:
        return parse_clock(self.departed) if self.departed.strip() else None

    def satisfaction_value(self) -> int | None:
        return int(self.satisfaction) if self.satisfaction.strip() else None


FORM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(VisitForm) if f.name != "followups")
"""The form's fields in screen order (the order errors are listed in)."""


def _clock_or_error(text: str) -> tuple[time | None, str | None]:
    try:
        return parse_clock(text), None
    except ValueError:
        return None, ERR_TIME_FORMAT


def validate(form: VisitForm, now: datetime, day: date) -> dict[str, str]:
    """Field → message key for everything that stops the record being saved.

    Times are of ``day``: on a past day no time is in the future; on today a
    time after ``now`` is; a day still to come cannot be recorded yet.
    """
    errors: dict[str, str] = {}
    arrived = departed = None
    if not form.arrived.strip():
        errors["arrived"] = ERR_REQUIRED
    else:
        arrived, err = _clock_or_error(form.arrived)
        if err:
            errors["arrived"] = err
    if not form.departed.strip():
        if form.mode == "on_site":
            errors["departed"] = ERR_REQUIRED
    else:
        departed, err = _clock_or_error(form.departed)
        if err:
            errors["departed"] = err
    if arrived is not None and departed is not None and departed < arrived:
        errors["departed"] = ERR_DEPART_BEFORE
    for name, value in (("arrived", arrived), ("departed", departed)):
        if value is not None and name not in errors and _in_future(value, day, now):
            errors[name] = ERR_FUTURE
    if form.mode not in MODES:
        errors["mode"] = ERR_CHOICE
    if form.call_class and form.call_class not in CALL_CLASSES:
        errors["call_class"] = ERR_CHOICE
    if form.visit_type not in VISIT_TYPES:
        errors["visit_type"] = ERR_CHOICE
    if not form.outcome:
        errors["outcome"] = ERR_REQUIRED
    elif form.outcome not in OUTCOMES:
        errors["outcome"] = ERR_CHOICE
    if form.satisfaction.strip():
        text = form.satisfaction.strip()
        if not text.isdigit() or int(text) not in SATISFACTION:
            errors["satisfaction"] = ERR_SATISFACTION
    return {name: errors[name] for name in FORM_FIELDS if name in errors}


def _in_future(value: time, day: date, now: datetime) -> bool:
    if day < now.date():
        return False
    if day > now.date():
        return True
    return value > now.time().replace(second=0, microsecond=0)


def visit_minutes(form: VisitForm) -> int | None:
    """How long the visit lasted, when both times parse."""
    try:
        a, d = form.arrived_time(), form.departed_time()
    except ValueError:
        return None
    if a is None or d is None:
        return None
    return (d.hour * 60 + d.minute) - (a.hour * 60 + a.minute)


def planned_departure(start: time | None, minutes: int) -> time | None:
    """The planned start plus the planned length (capped at 23:59)."""
    if start is None:
        return None
    end = datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)
    return end.time() if end.date() == date(2000, 1, 1) else time(23, 59)


# -- drafts ---------------------------------------------------------------

DRAFT_VERSION = 1


def form_to_json(form: VisitForm) -> str:
    """The form as the JSON kept in a draft row."""
    data = asdict(form)
    data["followups"] = [{**asdict(f), "created_at": f.created_at.isoformat() if f.created_at else None}
                         for f in form.followups]
    return json.dumps({"version": DRAFT_VERSION, "form": data}, ensure_ascii=False)


def form_from_json(text: str) -> VisitForm:
    """A draft's form back; unknown keys are ignored, missing ones take their defaults."""
    payload: Any = json.loads(text)
    data = payload.get("form", {}) if isinstance(payload, dict) else {}
    known = {f.name for f in fields(VisitForm)} - {"followups"}
    values = {k: str(v) for k, v in data.items() if k in known and v is not None}
    items = []
    fu_known = {f.name for f in fields(FollowUpDraft)}
    for raw in data.get("followups") or ():
        if not isinstance(raw, dict) or not raw.get("title"):
            continue
        item = {k: v for k, v in raw.items() if k in fu_known}
        created = item.get("created_at")
        item["created_at"] = datetime.fromisoformat(created) if created else None
        items.append(FollowUpDraft(**item))
    return VisitForm(**values, followups=tuple(items))
