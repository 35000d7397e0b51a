"""The daily report use cases: gather the day's facts, compose the report,
save the manager's edited text (one report per manager and day), export it
as a Markdown file next to the database.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from rmtui.domain.daily_report import (
    DailyReport,
    ReportInputs,
    ReportPlanItem,
    ReportVisit,
    compose_report,
    render_markdown,
    split_sections,
)
from rmtui.domain.workdays import WorkCalendar
from rmtui.errors import UserError
from rmtui.services.followups import next_deadline
from rmtui.store.models import Customer, FollowUp, Manager, PlannedVisit, VisitRecord
from rmtui.store.models import DailyReport as DailyReportRow
from rmtui.store.visits import to_followup_info
from rmtui.workspace import Workspace

URGENT_LIMIT = 15
"""Open follow-ups listed by name in the report; the rest are counted."""


@dataclass(frozen=True, slots=True)
class SavedReport:
    """The stored report of one day: the text last saved, and unsaved edits kept as a draft."""

    day: date
    locale: str
    markdown: str  # "" while only a draft exists
    saved_at: datetime | None  # None: never saved, only a draft
    exported_path: str
    draft: str | None = None  # edits typed after the last save (autosaved), if any
    draft_at: datetime | None = None

    @property
    def pending_draft(self) -> bool:
        """Whether edits were typed and not saved (e.g. the terminal was closed)."""
        return self.draft is not None and self.draft != self.markdown


def _tier_name(ws: Workspace, tier: str, locale: str) -> str:
    t = ws.tiers.get(tier)
    return t.name(locale) if t else tier


def _calendar(ws: Workspace) -> WorkCalendar:
    s = ws.settings
    return WorkCalendar(s.holiday_country, s.holiday_subdivision)


def _followups(ws: Workspace, *conditions: ColumnElement[bool]) -> Select:
    """The manager's follow-ups with their customers, narrowed by ``conditions``."""
    return (select(FollowUp, Customer).join(Customer, Customer.id == FollowUp.customer_id)
            .where(FollowUp.manager_id == ws.manager_id, *conditions))


def report_inputs(ws: Workspace, day: date, locale: str) -> ReportInputs:
    """Read everything the report of ``day`` is composed from (a few bounded queries)."""
    now = ws.now()
    start, end = datetime.combine(day, time()), datetime.combine(day + timedelta(days=1), time())
    cal = _calendar(ws)
    next_day = cal.next_working_day(day)
    horizon = datetime.combine(next_day + timedelta(days=1), time())
    with ws.db.sessions() as session:
        manager = session.get(Manager, ws.manager_id)
        planned_count = session.scalar(select(func.count()).select_from(PlannedVisit).where(
            PlannedVisit.manager_id == ws.manager_id, PlannedVisit.day == day,
            PlannedVisit.status != "removed")) or 0
        records = session.execute(
            select(VisitRecord, Customer).join(Customer, Customer.id == VisitRecord.customer_id)
            .where(VisitRecord.manager_id == ws.manager_id, VisitRecord.day == day)
            .order_by(VisitRecord.arrived.nulls_last(), VisitRecord.id)).all()
        ids = {c.id for _, c in records}
        seen_before = set(session.scalars(select(VisitRecord.customer_id).where(
            VisitRecord.customer_id.in_(ids), VisitRecord.day < day).distinct())) if ids else set()
        visits = tuple(
            ReportVisit(customer_name=c.name, tier_name=_tier_name(ws, c.tier, locale), status=r.status,
                        arrived=r.arrived, mode=r.mode, purpose=r.purpose, discussed=r.discussed, needs=r.needs,
                        complaints=r.complaints, competitor_info=r.competitor_info, products=r.products,
                        outcome=r.outcome, satisfaction=r.satisfaction, next_steps=r.next_steps,
                        not_done_reason=r.not_done_reason,
                        first_visit=c.id not in seen_before and c.last_visit_imported is None,
                        planned=r.planned_visit_id is not None)
            for r, c in records)

        def infos(stmt) -> tuple:  # noqa: ANN001
            return tuple(to_followup_info(f, c) for f, c in session.execute(stmt))

        opened = infos(_followups(ws, FollowUp.created_at >= start, FollowUp.created_at < end)
                       .order_by(FollowUp.created_at, FollowUp.id))
        closed = infos(_followups(ws, FollowUp.status == "done", FollowUp.completed_at >= start,
                                  FollowUp.completed_at < end).order_by(FollowUp.completed_at, FollowUp.id))
        is_open = (FollowUp.manager_id == ws.manager_id, FollowUp.status == "open")
        open_total = session.scalar(select(func.count()).select_from(FollowUp).where(*is_open)) or 0
        overdue_total = session.scalar(select(func.count()).select_from(FollowUp).where(
            *is_open, next_deadline() < now)) or 0
        urgent = infos(_followups(ws, FollowUp.status == "open", next_deadline() < horizon)
                       .order_by(next_deadline(), FollowUp.id).limit(URGENT_LIMIT))
        plan_rows = session.execute(
            select(PlannedVisit, Customer).join(Customer, Customer.id == PlannedVisit.customer_id)
            .where(PlannedVisit.manager_id == ws.manager_id, PlannedVisit.day == next_day,
                   PlannedVisit.status != "removed")
            .order_by(PlannedVisit.sequence, PlannedVisit.id)).all()
        next_plan = tuple(ReportPlanItem(pv.planned_start, c.name, _tier_name(ws, c.tier, locale), pv.purpose)
                          for pv, c in plan_rows)
        later_days = [d for d in cal.working_days(next_day + timedelta(days=1), day + timedelta(days=7))]
        counts = dict(session.execute(
            select(PlannedVisit.day, func.count()).where(
                PlannedVisit.manager_id == ws.manager_id, PlannedVisit.day.in_(later_days),
                PlannedVisit.status != "removed").group_by(PlannedVisit.day)).all()) if later_days else {}
    return ReportInputs(
        day=day, now=now, manager_name=manager.name if manager else "", planned_count=planned_count,
        visits=visits, followups_opened=opened, followups_closed=closed, followups_urgent=urgent,
        open_total=open_total, overdue_total=overdue_total, next_day=next_day, next_plan=next_plan,
        later=tuple((d, counts.get(d, 0)) for d in later_days))


def compose(ws: Workspace, day: date | None = None, locale: str | None = None) -> DailyReport:
    """A fresh report of ``day`` (today by default) from the database, in ``locale``."""
    day = day or ws.today()
    locale = locale or ws.settings.locale
    return compose_report(report_inputs(ws, day, locale), locale)


def compose_markdown(ws: Workspace, day: date | None = None, locale: str | None = None) -> str:
    return render_markdown(compose(ws, day, locale))


def _load_body(row: DailyReportRow) -> dict:
    try:
        body = json.loads(row.body)
        if not isinstance(body, dict) or not isinstance(body.get("markdown"), str):
            raise ValueError
    except ValueError:
        # Not our JSON: show the text as it is rather than lose it.
        body = {"markdown": row.body, "locale": "zh", "saved_at": row.updated_at.isoformat()}
    return body


def _stamp(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _saved(row: DailyReportRow) -> SavedReport:
    body = _load_body(row)
    draft = body.get("draft")
    return SavedReport(row.day, str(body.get("locale", "zh")), body["markdown"], _stamp(body.get("saved_at")),
                       row.exported_path, draft if isinstance(draft, str) else None, _stamp(body.get("draft_at")))


def _row(session: Session, ws: Workspace, day: date) -> DailyReportRow | None:
    return session.scalar(select(DailyReportRow).where(DailyReportRow.manager_id == ws.manager_id,
                                                       DailyReportRow.day == day))


def _row_for_update(session: Session, ws: Workspace, day: date, now: datetime) -> DailyReportRow:
    row = _row(session, ws, day)
    if row is None:
        row = DailyReportRow(manager_id=ws.manager_id, day=day, created_at=now,
                             body=json.dumps({"format": 1, "markdown": "", "saved_at": None}))
        session.add(row)
    return row


def load_report(ws: Workspace, day: date | None = None) -> SavedReport | None:
    """The stored report of ``day`` (today by default), or None if nothing was saved or typed yet."""
    with ws.db.sessions() as session:
        row = _row(session, ws, day or ws.today())
        return _saved(row) if row is not None else None


def save_report(ws: Workspace, day: date, markdown: str, locale: str, *,
                exported_path: str | None = None) -> SavedReport:
    """Store the manager's text as the report of ``day`` (creating or replacing it); drops the draft."""
    if not markdown.strip():
        raise UserError("the report is empty; write it or re-compose it (ctrl+r) before saving",
                        title="Daily report")
    now = ws.now()
    title, sections = split_sections(markdown)
    with ws.db.sessions.begin() as session:
        row = _row_for_update(session, ws, day, now)
        row.body = json.dumps({"format": 1, "locale": locale, "title": title, "markdown": markdown,
                               "sections": [{"title": t, "body": b} for t, b in sections],
                               "saved_at": now.isoformat(), "draft": None, "draft_at": None}, ensure_ascii=False)
        row.updated_at = now
        if exported_path is not None:
            row.exported_path = exported_path
        session.flush()
        return _saved(row)


def save_draft(ws: Workspace, day: date, text: str, locale: str) -> None:
    """Keep unsaved edits (called a moment after typing stops), so a closed terminal loses nothing."""
    now = ws.now()
    with ws.db.sessions.begin() as session:
        row = _row_for_update(session, ws, day, now)
        body = _load_body(row)
        body.setdefault("locale", locale)
        body["draft"], body["draft_at"] = text, now.isoformat()
        row.body = json.dumps(body, ensure_ascii=False)
        row.updated_at = now


def discard_draft(ws: Workspace, day: date) -> None:
    """Forget unsaved edits (the text was re-composed); a report never saved disappears with them."""
    with ws.db.sessions.begin() as session:
        row = _row(session, ws, day)
        if row is None:
            return
        body = _load_body(row)
        if not body.get("saved_at"):
            session.delete(row)
        elif body.get("draft") is not None:
            body["draft"] = body["draft_at"] = None
            row.body = json.dumps(body, ensure_ascii=False)


def reports_dir(ws: Workspace) -> Path:
    """Where reports are exported: ``reports/`` in the folder the weekly plan's files also go to
    (beside the SQLite file; for a server database, beside the settings)."""
    from rmtui.services.submission import data_folder

    return data_folder(ws) / "reports"


def export_report(ws: Workspace, day: date, markdown: str, locale: str, folder: Path | None = None) -> Path:
    """Write ``daily-YYYY-MM-DD.md`` (replacing an older export) and save the report with its path."""
    if not markdown.strip():
        raise UserError("the report is empty; nothing to export", title="Daily report")
    folder = folder or reports_dir(ws)
    target = folder / f"daily-{day.isoformat()}.md"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".daily-", suffix=".md")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(markdown if markdown.endswith("\n") else markdown + "\n")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UserError(f"cannot write {target} ({exc.strerror or exc}); check that the folder is writable",
                        title="Daily report") from None
    save_report(ws, day, markdown, locale, exported_path=str(target))
    return target
