"""Recording a planned visit: the form prefilled from the plan (or the record
already kept), its draft saved on every change, and the save that writes the
record, the follow-ups made on the form and the plan's status at once.

A planned visit has at most one visit record: the end-of-day quick log and
this form both write the row keyed by ``planned_visit_id``, whichever comes
first creates it and the other edits it.
"""

from __future__ import annotations

import json

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from rmtui.domain.followups import FollowUpInfo, SlaDeadlines, SlaRule, sla_deadlines
from rmtui.domain.visit_record import (
    FollowUpDraft,
    VisitForm,
    form_from_json,
    form_to_json,
    format_clock,
    planned_departure,
    validate,
    validate_followup,
)
from rmtui.domain.workdays import WorkCalendar
from rmtui.errors import InputError, UserError
from rmtui.store.models import FollowUp, PlannedVisit, VisitDraft, VisitRecord
from rmtui.store.visits import to_followup_info
from rmtui.workspace import Workspace


class RecordInvalid(InputError):
    """The form has fields to fix; ``errors`` maps each field to a message key."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("the visit record has fields to fix: " + ", ".join(errors), title="Visit record")
        self.errors = errors


@dataclass(frozen=True, slots=True)
class VisitDraftInfo:
    form: VisitForm
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class VisitContext:
    """What the form needs about one planned visit."""

    planned_visit_id: int
    customer_id: int
    customer_code: str
    customer_name: str
    day: date
    planned_start: time | None
    planned_depart: time | None
    plan_status: str
    record_id: int | None  # the record already kept for this visit, if any
    form: VisitForm  # the record as kept, else prefilled from the plan
    draft: VisitDraftInfo | None  # unsaved typing from an earlier session
    followups: tuple[FollowUpInfo, ...]  # already saved from this record
    sla_classes: tuple[str, ...]
    owner: str  # default owner of a new follow-up: the manager


@dataclass(frozen=True, slots=True)
class SavedVisit:
    record_id: int
    followup_ids: tuple[int, ...]
    created: bool  # a new record (not an edit)


@contextmanager
def _writing(what: str) -> Iterator[None]:
    """A locked or full database is the user's to fix: say so instead of a traceback."""
    try:
        yield
    except OperationalError as exc:
        raise UserError(f"the {what} could not be written to the database ({exc.orig}); nothing was changed. "
                        "Close other programs using the database, check free disk space, then try again",
                        title="Visit record") from None


def _planned(s: Session, ws: Workspace, planned_visit_id: int) -> PlannedVisit:
    row = s.get(PlannedVisit, planned_visit_id)
    if row is None or row.manager_id != ws.manager_id:
        raise UserError(f"planned visit {planned_visit_id} does not exist; open the visit from the Today screen",
                        title="Visit record")
    return row


def _record(s: Session, planned_visit_id: int) -> VisitRecord | None:
    return s.scalars(select(VisitRecord).where(VisitRecord.planned_visit_id == planned_visit_id)
                     .order_by(VisitRecord.id).limit(1)).first()


def _draft(s: Session, ws: Workspace, pv: PlannedVisit) -> VisitDraft | None:
    return s.scalars(select(VisitDraft).where(VisitDraft.manager_id == ws.manager_id,
                                              VisitDraft.customer_id == pv.customer_id,
                                              VisitDraft.day == pv.day)).first()


def _form_of_record(r: VisitRecord) -> VisitForm:
    return VisitForm(arrived=format_clock(r.arrived), departed=format_clock(r.departed), mode=r.mode,
                     call_class=r.call_class, met=r.met, visit_type=r.visit_type, purpose=r.purpose,
                     discussed=r.discussed, needs=r.needs, complaints=r.complaints,
                     competitor_info=r.competitor_info, products=r.products, outcome=r.outcome,
                     satisfaction=str(r.satisfaction) if r.satisfaction is not None else "",
                     next_steps=r.next_steps)


def _form_of_plan(pv: PlannedVisit) -> VisitForm:
    contact = pv.customer.contact or (pv.customer.contacts[0].name if pv.customer.contacts else "")
    return VisitForm(arrived=format_clock(pv.planned_start),
                     departed=format_clock(planned_departure(pv.planned_start, pv.planned_minutes)),
                     mode=pv.mode or "on_site", met=contact, visit_type=pv.visit_type or "service",
                     purpose=pv.purpose)


def load_visit(ws: Workspace, planned_visit_id: int) -> VisitContext:
    """The form of a planned visit: its record if kept, else prefilled from the plan; and any draft."""
    with ws.db.sessions() as s:
        pv = _planned(s, ws, planned_visit_id)
        record = _record(s, pv.id)
        draft = _draft(s, ws, pv)
        offer = None
        if draft is not None and draft.planned_visit_id in (None, pv.id) and not _quick_reason_only(draft):
            try:
                offer = VisitDraftInfo(form_from_json(draft.data), draft.updated_at)
            except (ValueError, TypeError, AttributeError):
                offer = None  # an unreadable draft is not offered; the next autosave replaces it
        saved: tuple[FollowUpInfo, ...] = ()
        if record is not None:
            saved = tuple(to_followup_info(f, pv.customer) for f in s.scalars(
                select(FollowUp).where(FollowUp.visit_id == record.id).order_by(FollowUp.id)))
        return VisitContext(
            planned_visit_id=pv.id, customer_id=pv.customer_id, customer_code=pv.customer.code,
            customer_name=pv.customer.name, day=pv.day, planned_start=pv.planned_start,
            planned_depart=planned_departure(pv.planned_start, pv.planned_minutes), plan_status=pv.status,
            record_id=record.id if record else None,
            form=_form_of_record(record) if record else _form_of_plan(pv), draft=offer, followups=saved,
            sla_classes=tuple(ws.settings.sla), owner=ws.settings.manager.name)


def save_draft(ws: Workspace, planned_visit_id: int, form: VisitForm) -> datetime:
    """Keep the form as typed (one draft per customer and day); returns when it was saved."""
    now = ws.now()
    with _writing("draft"), ws.db.sessions.begin() as s:
        pv = _planned(s, ws, planned_visit_id)
        row = _draft(s, ws, pv)
        if row is None:
            row = VisitDraft(manager_id=ws.manager_id, customer_id=pv.customer_id, day=pv.day, data="",
                             updated_at=now)
            s.add(row)
        row.planned_visit_id = pv.id
        quick = _quick_part(row)
        row.data = form_to_json(form) if quick is None else \
            json.dumps({**json.loads(form_to_json(form)), "quick": quick}, ensure_ascii=False)
        row.updated_at = now
    return now


def discard_draft(ws: Workspace, planned_visit_id: int) -> None:
    """Forget the typing of the full form; what the end-of-day quick form kept of a visit not done
    (its reason, which the full form has no field for) stays for that form."""
    with _writing("draft"), ws.db.sessions.begin() as s:
        pv = _planned(s, ws, planned_visit_id)
        row = _draft(s, ws, pv)
        if row is None:
            return
        quick = _quick_part(row)
        if quick is not None and not quick.get("done", True):
            record = _record(s, pv.id)
            form = _form_of_record(record) if record else _form_of_plan(pv)
            row.data = json.dumps({**json.loads(form_to_json(form)), "quick_only": True, "quick": quick},
                                  ensure_ascii=False)
        else:
            s.delete(row)


def draft_payload(row: VisitDraft) -> dict:
    """A draft row's JSON as a dict ({} when unreadable): the full form's fields, and under
    ``quick`` what the end-of-day quick form kept (``quick_only``: the quick form made the row)."""
    try:
        payload = json.loads(row.data)
    except (ValueError, TypeError):
        return {}
    return payload if isinstance(payload, dict) else {}


def _quick_part(row: VisitDraft) -> dict | None:
    quick = draft_payload(row).get("quick")
    return quick if isinstance(quick, dict) else None


def _quick_reason_only(row: VisitDraft) -> bool:
    """The draft is only the quick form's "not done, because …": nothing for the full form to offer."""
    quick = _quick_part(row)
    return bool(draft_payload(row).get("quick_only")) and quick is not None and not quick.get("done", True)


def has_draft(ws: Workspace, planned_visit_id: int) -> bool:
    with ws.db.sessions() as s:
        return _draft(s, ws, _planned(s, ws, planned_visit_id)) is not None


# -- follow-ups -------------------------------------------------------------

def calendar_of(ws: Workspace) -> WorkCalendar:
    s = ws.settings
    return WorkCalendar(s.holiday_country, s.holiday_subdivision)


def sla_rule(ws: Workspace, sla_class: str) -> SlaRule:
    try:
        c = ws.settings.sla[sla_class]
    except KeyError:
        raise UserError(f"SLA class {sla_class!r} is not in the configuration; expected one of "
                        f"{', '.join(ws.settings.sla)}", title="Follow-up") from None
    return SlaRule(c.first_answer_hours, c.resolve_hours, c.resolve_working_days)


def sla_clock(ws: Workspace, sla_class: str, created_at: datetime) -> SlaDeadlines:
    """First answer and resolution deadlines of an item of ``sla_class`` created at ``created_at``."""
    return sla_deadlines(sla_rule(ws, sla_class), created_at, calendar_of(ws))


def followup_deadlines(ws: Workspace, item: FollowUpDraft) -> tuple[datetime | None, datetime]:
    """(first answer due, due) the item will be stored with."""
    return item.deadlines(sla_rule(ws, item.sla_class), calendar_of(ws))


# -- save -------------------------------------------------------------------

def save_record(ws: Workspace, planned_visit_id: int, form: VisitForm) -> SavedVisit:
    """Write the record (creating or editing the visit's one record), its new follow-ups, mark the
    planned visit done and drop the draft: all in one transaction, or nothing when a field is wrong."""
    now = ws.now()
    calendar = calendar_of(ws)
    with _writing("visit record"), ws.db.sessions.begin() as s:
        pv = _planned(s, ws, planned_visit_id)
        errors = validate(form, now, pv.day)
        for n, item in enumerate(form.followups):
            # Due times were checked when the item was added; a restored draft may be older.
            bad = validate_followup(item, datetime.min, frozenset(ws.settings.sla))
            errors.update({f"followup{n}.{k}": v for k, v in bad.items()})
        if errors:
            raise RecordInvalid(errors)
        record = _record(s, pv.id)
        created = record is None
        if record is None:
            record = VisitRecord(manager_id=ws.manager_id, customer_id=pv.customer_id, planned_visit_id=pv.id,
                                 day=pv.day, created_at=now)
            s.add(record)
        record.day = pv.day
        record.status = "done"
        record.not_done_reason = ""
        record.planned_arrive = pv.planned_start
        record.planned_depart = planned_departure(pv.planned_start, pv.planned_minutes)
        record.arrived = form.arrived_time()
        record.departed = form.departed_time()
        record.mode = form.mode
        record.call_class = form.call_class if form.mode == "phone" else ""
        record.visit_type = form.visit_type
        record.purpose = form.purpose.strip()
        record.met = form.met.strip()
        record.discussed = form.discussed.strip()
        record.needs = form.needs.strip()
        record.complaints = form.complaints.strip()
        record.competitor_info = form.competitor_info.strip()
        record.products = form.products.strip()
        record.outcome = form.outcome
        record.satisfaction = form.satisfaction_value()
        record.next_steps = form.next_steps.strip()
        record.updated_at = now
        s.flush()
        items = []
        for item in form.followups:
            created_at = item.created_at or now
            first, due = replace(item, created_at=created_at).deadlines(sla_rule(ws, item.sla_class), calendar)
            row = FollowUp(manager_id=ws.manager_id, customer_id=pv.customer_id, visit_id=record.id,
                           kind=item.kind, sla_class=item.sla_class, title=item.title.strip(),
                           detail=item.detail.strip(), owner=item.owner.strip() or ws.settings.manager.name,
                           created_at=created_at, first_answer_due=first, due_at=due, status="open")
            s.add(row)
            items.append(row)
        pv.status = "done"
        pv.status_reason = ""
        draft = _draft(s, ws, pv)
        if draft is not None:
            s.delete(draft)
        s.flush()
        return SavedVisit(record.id, tuple(r.id for r in items), created)

