"""The week's visits as a calendar file to import into Outlook or Google Calendar.

``export_week_calendar(ws, week)`` writes one event per visit of the plan
as it stands (planned or done; removed and skipped visits are not on it)
with the customer, purpose, address, coordinates (exact locations only)
and the checklist summary: the visit's own checklist when one was made,
else the template that applies to it. What each event looked like when
last exported is kept with the plan (its notes, key ``calendar``): a
changed visit gets a higher SEQUENCE and a new LAST-MODIFIED, an unchanged
one keeps both, and a visit exported before but no longer in the plan is
exported as cancelled, so importing the file again updates the calendar
instead of duplicating or leaving stale events. The file is written whole
or not at all, and the kept state only changes when it was written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rmtui.domain.planning.materials import checklist_for
from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.exports.calendar_ics import CalendarEvent, visit_uid
from rmtui.i18n import Translator
from rmtui.services.submission import data_folder, file_safe, write_files
from rmtui.store import plans as repo
from rmtui.store.models import ChecklistRun, PlannedVisit
from rmtui.workspace import Workspace

FOLDER = "calendar"
ON_CALENDAR = ("planned", "done")


@dataclass(frozen=True, slots=True)
class CalendarExport:
    """What was written: the file, its visit events, and the cancellations of visits no longer planned."""

    path: Path
    events: int
    cancelled: int


def default_calendar_path(ws: Workspace, week: IsoWeek) -> Path:
    """``<database folder>/calendar/<manager code>-<YYYY-Www>.ics``."""
    return data_folder(ws) / FOLDER / f"{file_safe(ws.settings.manager.code)}-{week}.ics"


def export_week_calendar(ws: Workspace, week: IsoWeek, path: Path | str | None = None,
                         locale: str | None = None) -> CalendarExport:
    """Write the week's visits to ``path`` (default ``default_calendar_path``) as iCalendar."""
    from rmtui.exports.calendar_ics import week_to_ics

    locale = locale or ws.settings.locale
    out = Path(path) if path is not None else default_calendar_path(ws, week)
    if out.is_dir():
        out = out / default_calendar_path(ws, week).name
    now = ws.now()
    with ws.db.sessions.begin() as s:
        plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
        if plan is None:
            raise InputError(f"there is no plan for {week} yet; build it first: rmtui plan week {week}",
                             title="Calendar")
        notes = repo.notes_of(plan)
        kept: dict[str, dict] = notes.get("calendar", {})
        rows = [r for r in repo.plan_rows(s, plan.id) if r.status in ON_CALENDAR]
        checklists = _checklists(s, [r.id for r in rows])
        events, state = [], {}
        for row in rows:
            event = _event(ws, row, checklists.get(row.id), locale)
            event, state[str(row.id)] = _versioned(event, kept.get(str(row.id)), now)
            events.append(event)
        cancelled = []
        for key, old in kept.items():
            if key in state:
                continue
            gone = old if old.get("cancelled") else {**old, "cancelled": True, "seq": old["seq"] + 1,
                                                     "modified": now.isoformat()}
            state[key] = gone
            cancelled.append(_cancelled(key, gone, ws.settings.manager.code))
        name = Translator(locale)("submission.ics_calendar", week=str(week), manager=ws.settings.manager.name)
        data = week_to_ics(events + cancelled, tz=ws.settings.timezone, stamp=now, name=name)
        write_files({out: data})
        notes["calendar"] = state
        repo.save_notes(plan, notes)
    return CalendarExport(out, len(events), len(cancelled))


def _event(ws: Workspace, row: PlannedVisit, run: ChecklistRun | None, locale: str) -> CalendarEvent:
    t = Translator(locale)
    c = row.customer
    tier = ws.tiers.get(c.tier)
    tier_name = tier.name(locale) if tier else c.tier
    what = row.purpose or row.reason
    sep = "；" if locale == "zh" else "; "
    lines = [(t("submission.ics_code"), c.code), (t("submission.ics_tier"), tier_name),
             (t("submission.ics_purpose"), row.purpose)]
    if row.focus and row.focus != row.purpose:
        lines.append((t("submission.ics_focus"), row.focus))
    lines += [(t("submission.ics_standard"), row.standard), (t("submission.ics_reason"), row.reason)]
    contact = " ".join(x for x in (c.contact, c.phone) if x)
    if contact:
        lines.append((t("submission.ics_contact"), contact))
    items, materials = _checklist(ws, row, run)
    if items:
        lines.append((t("submission.ics_checklist"), sep.join(items)))
    if materials:
        lines.append((t("submission.ics_materials"), sep.join(materials)))
    description = "\n".join(f"{label}: {value}" for label, value in lines if value)
    summary = f"{c.name} — {what}" if what else c.name
    if row.appointment_id:
        summary = f"[{t('submission.ics_appointment')}] {summary}"
    exact = c.geo_quality == "exact" and c.lat is not None and c.lon is not None
    return CalendarEvent(uid=visit_uid(row.id, ws.settings.manager.code), day=row.day, start=row.planned_start,
                         minutes=row.planned_minutes, summary=summary, location=c.address, description=description,
                         geo=(round(c.lat, 6), round(c.lon, 6)) if exact else None, categories=(tier_name,))


def _checklist(ws: Workspace, row: PlannedVisit, run: ChecklistRun | None) -> tuple[list[str], list[str]]:
    """The visit's own checklist when one was made, else its template's items and materials."""
    if run is not None and run.items:
        return ([i.text for i in run.items if i.kind != "material"],
                [i.text for i in run.items if i.kind == "material"])
    found = checklist_for(ws.settings.checklists, row.customer.tier, row.visit_type)
    return (list(found.items), list(found.materials)) if found else ([], [])


def _checklists(s: Session, ids: list[int]) -> dict[int, ChecklistRun]:
    if not ids:
        return {}
    stmt = select(ChecklistRun).where(ChecklistRun.planned_visit_id.in_(ids)).options(
        selectinload(ChecklistRun.items))
    return {r.planned_visit_id: r for r in s.scalars(stmt)}


def _fingerprint(e: CalendarEvent) -> str:
    body = json.dumps([e.day.isoformat(), e.start.isoformat() if e.start else None, e.minutes, e.summary, e.location,
                       e.description, e.geo, e.categories], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _versioned(e: CalendarEvent, old: dict | None, now: datetime) -> tuple[CalendarEvent, dict]:
    """The event with its SEQUENCE and LAST-MODIFIED, and the state to keep for the next export."""
    digest = _fingerprint(e)
    if old is not None and old.get("hash") == digest and not old.get("cancelled"):
        seq, modified = old["seq"], datetime.fromisoformat(old["modified"])
    else:
        seq, modified = (old["seq"] + 1 if old is not None else 0), now
    state = {"hash": digest, "seq": seq, "modified": modified.isoformat(), "day": e.day.isoformat(),
             "start": e.start.strftime("%H:%M") if e.start else None, "minutes": e.minutes, "summary": e.summary}
    return CalendarEvent(e.uid, e.day, e.start, e.minutes, e.summary, e.location, e.description, e.geo, seq,
                         modified, False, e.categories), state


def _cancelled(key: str, old: dict, manager_code: str) -> CalendarEvent:
    start = time.fromisoformat(old["start"]) if old.get("start") else None
    return CalendarEvent(uid=visit_uid(int(key), manager_code), day=date.fromisoformat(old["day"]), start=start,
                         minutes=old.get("minutes", 30), summary=old.get("summary", ""), sequence=old["seq"],
                         last_modified=datetime.fromisoformat(old["modified"]), cancelled=True)
