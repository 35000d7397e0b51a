"""End of day: the day's planned visits and whether each is logged, and the
quick log (done or not, outcome, one line of notes) that writes one visit
record per planned visit.

A planned visit is logged when a visit record points at it, or when it was
skipped or removed with a reason. The quick log reuses the record the full
visit record form may have written for the same planned visit; it never
makes a second one. Each log is one transaction.

What is typed in the quick form before it is saved is kept as a draft in the
visit record form's draft store (``VisitDraft``, one per customer and day):
the form's JSON gets a ``quick`` part with the quick fields, and its ``form``
part carries the outcome and notes too, so opening the full form offers the
same typing back. Logging the visit drops the quick part (and the draft, when
the quick form made it) in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmtui.domain.visit_record import VisitForm, form_to_json
from rmtui.domain.visits import Outcome
from rmtui.errors import InputError, UserError
from rmtui.store.models import Customer, PlannedVisit, VisitDraft, VisitRecord, WeeklyPlan
from rmtui.store.plans import add_deviation
from rmtui.services.visit_records import draft_payload
from rmtui.workspace import Workspace

OUTCOMES = tuple(o.value for o in Outcome)
_FROZEN_PLANS = ("submitted", "approved")


@dataclass(frozen=True, slots=True)
class LogRow:
    """One planned visit of the day with its log state and what the quick form is prefilled with."""

    planned_visit_id: int
    sequence: int
    customer_code: str
    customer_name: str
    tier: str
    planned_start: time | None
    minutes: int
    purpose: str
    plan_status: str  # planned | done | skipped
    record_id: int | None
    done: bool  # prefill: the visit happened
    outcome: str  # prefill
    notes: str  # prefill: the first line of what was discussed
    reason: str  # prefill: why it was not done
    draft: QuickDraft | None = None  # typed in the quick form and not saved yet

    @property
    def logged(self) -> bool:
        return self.record_id is not None or (self.plan_status == "skipped" and bool(self.reason))

    @property
    def prefill(self) -> QuickLog:
        """The quick form as it opens without a draft."""
        return QuickLog(self.planned_visit_id, self.done, self.outcome, self.notes, self.reason)

    @property
    def pending_draft(self) -> QuickDraft | None:
        """The draft, when it says something the prefill does not."""
        return self.draft if self.draft is not None and self.draft.entry != self.prefill else None


@dataclass(frozen=True, slots=True)
class DayLog:
    day: date
    rows: tuple[LogRow, ...]

    @property
    def logged(self) -> int:
        return sum(r.logged for r in self.rows)

    def next_unlogged(self, after: int = -1) -> int | None:
        """Index of the first unlogged row after ``after``, wrapping round; None when all are logged."""
        n = len(self.rows)
        for step in range(1, n + 1):
            i = (after + step) % n
            if not self.rows[i].logged:
                return i
        return None


@dataclass(frozen=True, slots=True)
class QuickLog:
    """What the quick form says about one planned visit."""

    planned_visit_id: int
    done: bool
    outcome: str = ""
    notes: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class QuickDraft:
    """A quick log typed and not saved, and when it was kept."""

    entry: QuickLog
    saved_at: datetime


def day_log(ws: Workspace, day: date | None = None) -> DayLog:
    """The planned visits of ``day`` (today by default) in route order, removed ones left out."""
    day = day or ws.today()
    with ws.db.sessions() as session:
        rows = session.execute(
            select(PlannedVisit, Customer).join(Customer, Customer.id == PlannedVisit.customer_id)
            .where(PlannedVisit.manager_id == ws.manager_id, PlannedVisit.day == day,
                   PlannedVisit.status != "removed")
            .order_by(PlannedVisit.sequence, PlannedVisit.id)).all()
        records = _records_of(session, [pv.id for pv, _ in rows])
        drafts = {d.customer_id: d for d in session.scalars(
            select(VisitDraft).where(VisitDraft.manager_id == ws.manager_id, VisitDraft.day == day))}
        out = []
        for pv, c in rows:
            rec = records.get(pv.id)
            if rec is not None:
                done, outcome, reason = rec.status == "done", rec.outcome, rec.not_done_reason
                notes = rec.discussed.splitlines()[0] if rec.discussed.strip() else ""
            else:
                done, outcome, notes = pv.status != "skipped", "", ""
                reason = pv.status_reason if pv.status == "skipped" else ""
            out.append(LogRow(planned_visit_id=pv.id, sequence=pv.sequence, customer_code=c.code,
                              customer_name=c.name, tier=c.tier, planned_start=pv.planned_start,
                              minutes=pv.planned_minutes, purpose=pv.purpose, plan_status=pv.status,
                              record_id=rec.id if rec else None, done=done, outcome=outcome, notes=notes,
                              reason=reason, draft=_quick_of(drafts.get(pv.customer_id), pv.id)))
    return DayLog(day, tuple(out))


def _records_of(session: Session, planned_ids: list[int]) -> dict[int, VisitRecord]:
    """The visit record of each planned visit (the oldest, should there ever be two)."""
    if not planned_ids:
        return {}
    found: dict[int, VisitRecord] = {}
    for rec in session.scalars(select(VisitRecord).where(VisitRecord.planned_visit_id.in_(planned_ids))
                               .order_by(VisitRecord.id)):
        found.setdefault(rec.planned_visit_id, rec)
    return found


def check_quick_log(entry: QuickLog) -> dict[str, str]:
    """Problems with a quick log, by field (``outcome``, ``reason``); empty when it can be saved."""
    problems: dict[str, str] = {}
    if entry.done:
        if entry.outcome not in OUTCOMES:
            problems["outcome"] = "choose the outcome: order, agreement, nothing or follow-up"
    elif not entry.reason.strip():
        problems["reason"] = "say why the visit did not happen (e.g. customer closed, moved to Friday)"
    return problems


def _clock_plus(start: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def log_visit(ws: Workspace, entry: QuickLog) -> int:
    """Write the quick log of one planned visit in one transaction; returns the visit record's id."""
    problems = check_quick_log(entry)
    if problems:
        raise InputError("; ".join(problems.values()), title="End of day")
    now = ws.now()
    with ws.db.sessions.begin() as session:
        pv = session.get(PlannedVisit, entry.planned_visit_id)
        if pv is None or pv.manager_id != ws.manager_id or pv.status == "removed":
            raise UserError(f"planned visit {entry.planned_visit_id} is no longer in the plan; reload the list",
                            title="End of day")
        rec = _records_of(session, [pv.id]).get(pv.id)
        if rec is None:
            rec = VisitRecord(manager_id=ws.manager_id, customer_id=pv.customer_id, planned_visit_id=pv.id,
                              day=pv.day, mode=pv.mode, visit_type=pv.visit_type, purpose=pv.purpose,
                              discussed="", created_at=now, updated_at=now)
            session.add(rec)
        if pv.planned_start is not None:
            rec.planned_arrive = rec.planned_arrive or pv.planned_start
            rec.planned_depart = rec.planned_depart or _clock_plus(pv.planned_start, pv.planned_minutes)
        rec.discussed = _replace_first_line(rec.discussed or "", " ".join(entry.notes.split()))
        if entry.done:
            rec.status = "done"
            rec.outcome = entry.outcome
            rec.not_done_reason = ""
            rec.arrived = rec.arrived or rec.planned_arrive
            rec.departed = rec.departed or rec.planned_depart
            pv.status, pv.status_reason = "done", ""
        else:
            reason = " ".join(entry.reason.split())[:300]
            rec.status = "not_done"
            rec.outcome = ""
            rec.not_done_reason = reason
            rec.arrived = rec.departed = None
            was = pv.status
            pv.status, pv.status_reason = "skipped", reason
            plan = session.get(WeeklyPlan, pv.weekly_plan_id) if pv.weekly_plan_id else None
            if plan is not None and plan.status in _FROZEN_PLANS and was != "skipped":
                add_deviation(session, plan.id, "not_done", now, visit=pv, reason=reason)
        rec.updated_at = now
        _drop_quick(session, _draft_row(session, ws, pv))
        session.flush()
        return rec.id


def _replace_first_line(text: str, first: str) -> str:
    """``first`` in place of the first line of ``text``, the rest (written in the full form) kept."""
    rest = text.split("\n", 1)[1] if "\n" in text else ""
    return f"{first}\n{rest}" if rest else first


# -- drafts of the quick form ------------------------------------------------------

def _draft_row(session: Session, ws: Workspace, pv: PlannedVisit) -> VisitDraft | None:
    return session.scalars(select(VisitDraft).where(VisitDraft.manager_id == ws.manager_id,
                                                    VisitDraft.customer_id == pv.customer_id,
                                                    VisitDraft.day == pv.day)).first()


def _quick_of(row: VisitDraft | None, planned_visit_id: int) -> QuickDraft | None:
    """The quick part of a draft row, if it holds one for this planned visit."""
    if row is None or row.planned_visit_id not in (None, planned_visit_id):
        return None
    quick = draft_payload(row).get("quick")
    if not isinstance(quick, dict):
        return None
    return QuickDraft(QuickLog(planned_visit_id, done=bool(quick.get("done", True)),
                               outcome=str(quick.get("outcome") or ""), notes=str(quick.get("notes") or ""),
                               reason=str(quick.get("reason") or "")), row.updated_at)


def _with_quick(form: VisitForm, entry: QuickLog) -> VisitForm:
    """The full form with what the quick form says of it (as ``log_visit`` would write it)."""
    if not entry.done:
        return form
    return replace(form, outcome=entry.outcome or form.outcome,
                   discussed=_replace_first_line(form.discussed, " ".join(entry.notes.split())))


def _drop_quick(session: Session, row: VisitDraft | None) -> None:
    """Remove the quick part of a draft row: the whole row when the quick form made it."""
    if row is None:
        return
    payload = draft_payload(row)
    if "quick" not in payload:
        return
    if payload.get("quick_only", False):
        session.delete(row)
    else:
        payload.pop("quick")
        row.data = json.dumps(payload, ensure_ascii=False)


def save_quick_draft(ws: Workspace, entry: QuickLog) -> datetime:
    """Keep the quick form as typed for its planned visit; returns when it was kept. A draft of the full
    form already there keeps its fields; otherwise the full form's draft is the visit's form with the
    quick outcome and notes."""
    from rmtui.services import visit_records

    now = ws.now()
    ctx = visit_records.load_visit(ws, entry.planned_visit_id)  # also: the planned visit is this manager's
    quick = {"done": entry.done, "outcome": entry.outcome, "notes": entry.notes, "reason": entry.reason}
    with ws.db.sessions.begin() as session:
        pv = session.get(PlannedVisit, entry.planned_visit_id)
        if pv is None:
            raise UserError(f"planned visit {entry.planned_visit_id} is no longer in the plan; reload the list",
                            title="End of day")
        row = _draft_row(session, ws, pv)
        payload = draft_payload(row) if row is not None else {}
        if row is None or payload.get("quick_only", False) or "form" not in payload:
            payload = {**json.loads(form_to_json(_with_quick(ctx.form, entry))), "quick_only": True}
        if row is None:
            row = VisitDraft(manager_id=ws.manager_id, customer_id=pv.customer_id, day=pv.day, data="",
                             updated_at=now)
            session.add(row)
        row.planned_visit_id = pv.id
        row.data = json.dumps({**payload, "quick": quick}, ensure_ascii=False)
        row.updated_at = now
    return now


def discard_quick_draft(ws: Workspace, planned_visit_id: int) -> None:
    """Forget what was typed in the quick form (a draft of the full form stays)."""
    with ws.db.sessions.begin() as session:
        pv = session.get(PlannedVisit, planned_visit_id)
        if pv is not None and pv.manager_id == ws.manager_id:
            _drop_quick(session, _draft_row(session, ws, pv))
