"""Changing a weekly plan by hand, submitting it, and the supervisor's answer.

Every edit is one transaction. Hand-made changes are marked (``manual`` /
``pinned`` / status ``removed`` with its reason) so a rebuild keeps them.
Once a plan is submitted its snapshot never changes; each later edit is
also written down as a deviation from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from rmtui.domain.planning import reasons
from rmtui.domain.planning.model import WeekPlanInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.domain.planning.submission import (
    Change,
    compare,
    deadline,
    snapshot_visit,
    strict_tiers,
    submission_problems,
)
from rmtui.errors import InputError
from rmtui.services.plan_common import calendar_of, now_text, week_view
from rmtui.services.retime import resequence_day
from rmtui.store import plans as repo
from rmtui.store.models import PlannedVisit, WeeklyPlan
from rmtui.workspace import Workspace

FROZEN = ("submitted", "approved")


def _plan(s: Session, ws: Workspace, week: IsoWeek) -> WeeklyPlan:
    plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
    if plan is None:
        raise InputError(f"there is no plan for {week} yet; build it first: rmtui plan week {week}", title="Plan")
    return plan


def _visit(s: Session, ws: Workspace, visit_id: int) -> PlannedVisit:
    row = s.get(PlannedVisit, visit_id)
    if row is None or row.manager_id != ws.manager_id:
        raise InputError(f"there is no planned visit {visit_id}", title="Plan")
    return row


def _week_of(row: PlannedVisit) -> IsoWeek:
    return IsoWeek.of(row.day)


def _deviate(s: Session, ws: Workspace, row: PlannedVisit, kind: str, detail: str, reason: str) -> None:
    plan = s.get(WeeklyPlan, row.weekly_plan_id) if row.weekly_plan_id else None
    if plan is not None and plan.status in FROZEN:
        repo.add_deviation(s, plan.id, kind, ws.now(), visit=row, detail=detail, reason=reason)


def _check_day(ws: Workspace, day: date) -> None:
    if day < ws.today():
        raise InputError(f"{day.isoformat()} is already past; a plan changes only for days ahead", title="Plan")
    if not calendar_of(ws).is_working_day(day):
        raise InputError(f"{day.isoformat()} is not a working day", title="Plan")


def move_visit(ws: Workspace, visit_id: int, day: date, position: int | None = None, reason: str = "") -> WeekPlanInfo:
    """Move a visit to ``day`` (at route ``position``, 1-based; default last); kept on a rebuild."""
    _check_day(ws, day)
    with ws.db.sessions.begin() as s:
        row = _visit(s, ws, visit_id)
        if row.status != "planned":
            raise InputError(f"visit {visit_id} is {row.status}; only planned visits move", title="Plan")
        if _week_of(row) != IsoWeek.of(day):
            raise InputError(f"{day.isoformat()} is not in the visit's week {_week_of(row)}", title="Plan")
        old = row.day
        row.day, row.manual = day, True
        if position is not None:
            row.pinned = True  # a chosen position is kept like a pin
        resequence_day(s, ws, row.weekly_plan_id, day, row, position)
        if old != day:
            resequence_day(s, ws, row.weekly_plan_id, old)
            loc = ws.settings.locale
            _deviate(s, ws, row, "moved", f"{reasons.day_label(old, loc)} → {reasons.day_label(day, loc)}", reason)
        s.flush()
        return week_view(s, ws, s.get(WeeklyPlan, row.weekly_plan_id), IsoWeek.of(day))


def pin_visit(ws: Workspace, visit_id: int, pinned: bool = True) -> date:
    """Pin (or unpin) a visit to its day and time, so a rebuild leaves it there; returns its day."""
    with ws.db.sessions.begin() as s:
        row = _visit(s, ws, visit_id)
        row.pinned = pinned
        return row.day


def remove_visit(ws: Workspace, visit_id: int, reason: str) -> date:
    """Take a visit out of the plan, with the reason (required); it stays out on a rebuild.
    A day not yet past is renumbered and retimed. Returns the visit's day."""
    if not reason.strip():
        raise InputError("say why the visit is removed (the reason is kept with the plan)", title="Plan")
    with ws.db.sessions.begin() as s:
        row = _visit(s, ws, visit_id)
        if row.status == "done":
            raise InputError(f"visit {visit_id} is already done; it cannot be removed", title="Plan")
        row.status, row.status_reason = "removed", reason.strip()[:300]
        _deviate(s, ws, row, "removed", reasons.day_label(row.day, ws.settings.locale), reason)
        if row.day >= ws.today():
            s.flush()
            resequence_day(s, ws, row.weekly_plan_id, row.day)
        return row.day


def add_visit(ws: Workspace, week: IsoWeek, customer_code: str, day: date, purpose: str = "",
              minutes: int | None = None, reason: str = "") -> int:
    """Add a visit by hand to ``day`` of ``week``; returns its id. Kept on a rebuild."""
    _check_day(ws, day)
    if IsoWeek.of(day) != week:
        raise InputError(f"{day.isoformat()} is not in {week}", title="Plan")
    with ws.db.sessions.begin() as s:
        plan = _plan(s, ws, week)
        customer = repo.customer_by_code(s, ws.manager_id, customer_code)
        if customer is None:
            raise InputError(f"there is no customer {customer_code!r}", title="Plan")
        if customer.lat is None or customer.lon is None:
            raise InputError(f"{customer_code} needs a location before it can be planned", title="Plan")
        tier = ws.tiers.get(customer.tier)
        length = minutes or customer.visit_minutes or (tier.visit_minutes if tier else 30)
        row = PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=customer.id, day=day,
                           sequence=999, planned_minutes=length, purpose=purpose[:300], reason=reason[:300] or
                           reasons.manual(ws.settings.locale), source="ad_hoc", manual=True, status="planned",
                           created_at=ws.now())
        s.add(row)
        s.flush()
        resequence_day(s, ws, plan.id, day)
        _deviate(s, ws, row, "added", reasons.day_label(day, ws.settings.locale), reason)
        return row.id


def add_supervisor_task(ws: Workspace, title: str, customer_code: str | None = None, due_on: date | None = None,
                        minutes: int = 30, detail: str = "") -> int:
    """Record a task handed down by the supervisor; the next build of its week places it."""
    if not title.strip():
        raise InputError("a task needs a title", title="Plan")
    with ws.db.sessions.begin() as s:
        cid = None
        if customer_code:
            customer = repo.customer_by_code(s, ws.manager_id, customer_code)
            if customer is None:
                raise InputError(f"there is no customer {customer_code!r}", title="Plan")
            cid = customer.id
        return repo.add_task(s, ws.manager_id, title.strip(), cid, due_on, minutes, detail, ws.now()).id


def set_unplaced_reason(ws: Workspace, week: IsoWeek, customer_code: str, text: str) -> None:
    """Write why a due visit is not in the plan (needed before submitting)."""
    with ws.db.sessions.begin() as s:
        _set_reasons(_plan(s, ws, week), {customer_code: text})


def _set_reasons(plan: WeeklyPlan, written: dict[str, str]) -> None:
    notes = repo.notes_of(plan)
    known = {u["code"] for u in notes.get("unplaced", [])}
    unknown = [code for code in written if code not in known]
    if unknown:
        raise InputError(f"{', '.join(unknown)}: not among the visits left out of this plan; "
                         "reasons are written only for those", title="Plan")
    notes.setdefault("reasons", {}).update({k: v.strip() for k, v in written.items()})
    repo.save_notes(plan, notes)


@dataclass(frozen=True, slots=True)
class SubmitResult:
    plan: WeekPlanInfo
    late: bool
    deadline: datetime


def submit_week(ws: Workspace, week: IsoWeek, written: dict[str, str] | None = None) -> SubmitResult:
    """Check and freeze the plan; refused when already submitted or when a check fails."""
    now, locale = ws.now(), ws.settings.locale
    with ws.db.sessions.begin() as s:
        plan = _plan(s, ws, week)
        if plan.status in FROZEN:
            raise InputError(f"the plan of {week} was already submitted at {now_text(plan.submitted_at)} "
                             f"(status {plan.status}); it is not submitted twice", title="Plan")
        if written:
            _set_reasons(plan, written)
        view = week_view(s, ws, plan, week)
        strict = strict_tiers(ws.tiers)
        problems = submission_problems(view.days, view.unplaced, strict, {}, locale)
        if problems:
            raise InputError("the plan cannot be submitted yet:\n  " + "\n  ".join(problems), title="Plan")
        due = deadline(week.monday, ws.settings.weekly_plan.due_weekday, ws.settings.weekly_plan.due_time)
        plan.status, plan.submitted_at, plan.submitted_late = "submitted", now, now > due
        plan.returned_at = None
        plan.submitted_snapshot = json.dumps({
            "week": str(week), "submitted_at": now.isoformat(), "late": now > due,
            "visits": [snapshot_visit(v) for v in view.visits if v.active],
            "unplaced": [{"code": u.code, "name": u.name, "why": u.why, "written_reason": u.written_reason}
                         for u in view.unplaced],
        }, ensure_ascii=False, sort_keys=True)
        s.flush()
        return SubmitResult(week_view(s, ws, plan, week), now > due, due)


def review_week(ws: Workspace, week: IsoWeek, *, approve: bool, comment: str = "") -> WeekPlanInfo:
    """The supervisor approves a submitted plan, or returns it with a comment (required)."""
    if not approve and not comment.strip():
        raise InputError("returning a plan needs a comment that says what to change", title="Plan")
    with ws.db.sessions.begin() as s:
        plan = _plan(s, ws, week)
        if plan.status != "submitted":
            raise InputError(f"the plan of {week} is {plan.status}; only a submitted plan is approved or "
                             "returned", title="Plan")
        if approve:
            plan.status, plan.approved_at = "approved", ws.now()
        else:
            plan.status, plan.returned_at = "returned", ws.now()
        plan.supervisor_comment = comment.strip()
        s.flush()
        return week_view(s, ws, plan, week)


@dataclass(frozen=True, slots=True)
class Deviation:
    """A recorded change to a submitted plan, or a difference found against its snapshot."""

    kind: str
    code: str
    name: str
    detail: str
    reason: str
    at: datetime | None


def week_deviations(ws: Workspace, week: IsoWeek) -> tuple[list[Deviation], list[Change], dict]:
    """Recorded deviations, the differences between snapshot and plan now, and the snapshot itself."""
    with ws.db.sessions() as s:
        plan = _plan(s, ws, week)
        if not plan.submitted_snapshot:
            raise InputError(f"the plan of {week} has not been submitted; there is nothing to deviate from",
                             title="Plan")
        snap = json.loads(plan.submitted_snapshot)
        recorded = [Deviation(d.kind, c.code if c else "", c.name if c else "", d.detail, d.reason, d.at)
                    for d, c in repo.deviations_of(s, plan.id)]
        rows = repo.plan_rows(s, plan.id)
        done = repo.done_planned_ids(s, [r.id for r in rows])
        current = [repo.to_info(r) for r in rows]
        changes = compare(snap, current, ws.today(), done, ws.settings.locale)
        return recorded, changes, snap
