"""The weekly plan's submission files, submitting with them, and the Friday reminder.

``write_submission_files`` writes the week as the supervisor receives it —
an ``.xlsx`` workbook and the same as Markdown — to
``<database folder>/submissions/<manager code>-<YYYY-Www>.xlsx|.md``. A
submitted (or approved) week is written as it was submitted, from its
frozen snapshot, so later edits never change the file; any other week is
written as it stands, marked as a preview. Files are written whole or not
at all (temporary file, then ``os.replace``).

``submit_and_write`` submits and then writes: if writing fails the
submission still stands (it is the record that counts) and the error says
so and how to write the files again (``rmtui plan files``).

``submission_reminder`` says, from Thursday noon (the configured hours
before the deadline), that next week's plan is due, and after the
deadline that it is late, until it is submitted.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session

from rmtui.domain.planning import reasons
from rmtui.domain.planning.model import PlannedVisitInfo, UnplacedVisit, WeekPlanInfo
from rmtui.domain.planning.monthly import TargetInfo
from rmtui.domain.planning.periods import IsoWeek, Month
from rmtui.domain.planning.submission import deadline
from rmtui.domain.workdays import WorkCalendar
from rmtui.errors import InputError, UserError
from rmtui.exports.submission_doc import MonthTargets, SubmissionDoc
from rmtui.i18n import Translator
from rmtui.services.plan_common import plan_day_of, summarize_day, week_view
from rmtui.services.plan_edits import FROZEN, SubmitResult, submit_week
from rmtui.store import plans as repo
from rmtui.store.db import sqlite_path
from rmtui.store.models import Customer, WeeklyPlan
from rmtui.workspace import Workspace

FOLDER = "submissions"


@dataclass(frozen=True, slots=True)
class SubmissionFiles:
    """Where the submission files of a week were written."""

    xlsx: Path
    markdown: Path
    frozen: bool
    """True when they hold the submitted version, False for a preview of a plan not submitted."""


class SubmissionFilesError(UserError):
    """The plan was submitted but its files could not be written; ``result`` is the submission."""

    def __init__(self, result: SubmitResult, week: IsoWeek, cause: str) -> None:
        at = result.plan.submitted_at.strftime("%Y-%m-%d %H:%M") if result.plan.submitted_at else ""
        super().__init__(f"the plan of {week} is submitted ({at}), but its files could not be written: {cause}\n"
                         f"Fix that, then write them again with: rmtui plan files {week}", title="Submission")
        self.result = result


def data_folder(ws: Workspace) -> Path:
    """The folder of the database file (the settings' folder for a server database)."""
    path = sqlite_path(ws.db.url)
    return path.resolve().parent if path is not None else ws.loaded.base_dir


def submission_paths(ws: Workspace, week: IsoWeek, out_dir: Path | None = None) -> tuple[Path, Path]:
    """The workbook and Markdown paths of ``week`` (in ``out_dir``, default ``<database folder>/submissions``)."""
    folder = Path(out_dir) if out_dir is not None else data_folder(ws) / FOLDER
    stem = f"{file_safe(ws.settings.manager.code)}-{week}"
    return folder / f"{stem}.xlsx", folder / f"{stem}.md"


def file_safe(text: str) -> str:
    """``text`` usable in a file name on every system."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "manager"


def submission_doc(ws: Workspace, week: IsoWeek, locale: str | None = None) -> SubmissionDoc:
    """The week as the files show it: the submitted version when frozen, else the plan now."""
    locale = locale or ws.settings.locale
    settings = ws.settings
    with ws.db.sessions() as s:
        plan = _plan(s, ws, week)
        view = week_view(s, ws, plan, week)
        frozen = plan.status in FROZEN and bool(plan.submitted_snapshot)
        if frozen:
            view = _as_submitted(s, ws, plan, view)
        months = _months(s, ws, week)
    calendar = WorkCalendar(settings.holiday_country, settings.holiday_subdivision, language=locale)
    cfg = settings.weekly_plan
    return SubmissionDoc(
        plan=view, frozen=frozen, manager_code=settings.manager.code, manager_name=settings.manager.name,
        branch=settings.manager.branch, supervisor=settings.manager.supervisor,
        deadline=deadline(week.monday, cfg.due_weekday, cfg.due_time), written_at=ws.now(),
        reserved_minutes=settings.workday.reserved_minutes, locale=locale,
        tier_names={t.id: t.name(locale) for t in ws.tiers.values()},
        holidays=calendar.holidays_between(week.monday, week.sunday),
        makeup_days=tuple(d for d in week.days() if calendar.is_makeup_workday(d)), months=months)


def write_submission_files(ws: Workspace, week: IsoWeek, out_dir: Path | None = None,
                           locale: str | None = None) -> SubmissionFiles:
    """Write the workbook and the Markdown of ``week``; returns their paths."""
    from rmtui.exports.submission_md import submission_to_markdown
    from rmtui.exports.submission_xlsx import submission_to_xlsx

    doc = submission_doc(ws, week, locale)
    xlsx, markdown = submission_paths(ws, week, out_dir)
    write_files({xlsx: submission_to_xlsx(doc), markdown: submission_to_markdown(doc).encode("utf-8")})
    return SubmissionFiles(xlsx, markdown, doc.frozen)


def submit_and_write(ws: Workspace, week: IsoWeek, written: dict[str, str] | None = None,
                     out_dir: Path | None = None, locale: str | None = None) -> tuple[SubmitResult, SubmissionFiles]:
    """Submit the week (checks, freeze), then write its files.

    A failure to write does not undo the submission: ``SubmissionFilesError``
    carries the submission and says how to write the files again.
    """
    result = submit_week(ws, week, written)
    try:
        files = write_submission_files(ws, week, out_dir, locale)
    except Exception as exc:  # the submission stands whatever went wrong with the files
        raise SubmissionFilesError(result, week, str(exc) or exc.__class__.__name__) from exc
    return result, files


def write_files(contents: dict[Path, bytes]) -> None:
    """Write every file whole or leave it as it was: each goes to a temporary file first,
    then all are moved into place."""
    done: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            _make_folder(path.parent)
            if path.is_dir():
                raise InputError(f"{path} is a folder; it cannot be replaced by a file", title="Export")
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            done.append((tmp, path))
            with tmp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, path in done:
            os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {exc.filename or 'the file'} ({exc.strerror or exc}); check that the "
                         "folder is writable and the file is not open in another program", title="Export") from None
    finally:
        for tmp, _ in done:
            tmp.unlink(missing_ok=True)


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder; choose another folder", title="Export")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder {folder} ({exc.strerror}); choose another folder",
                         title="Export") from None


def _plan(s: Session, ws: Workspace, week: IsoWeek) -> WeeklyPlan:
    plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
    if plan is None:
        raise InputError(f"there is no plan for {week} yet; build it first: rmtui plan week {week}", title="Plan")
    return plan


def _as_submitted(s: Session, ws: Workspace, plan: WeeklyPlan, now: WeekPlanInfo) -> WeekPlanInfo:
    """The week as it was submitted: the snapshot's visits, days and unplaced visits, with what
    the snapshot does not keep (address, tier, focus, standard) taken from the visits and customers."""
    snap = json.loads(plan.submitted_snapshot or "{}")
    current = {v.id: v for v in now.visits}
    visits = []
    for x in snap.get("visits", []):
        start = time.fromisoformat(x["planned_start"]) if x.get("planned_start") else None
        kept = dict(day=date.fromisoformat(x["day"]), sequence=x["sequence"], planned_start=start,
                    minutes=x["minutes"], purpose=x.get("purpose", ""), reason=x.get("reason", ""),
                    source=x.get("source", ""), status=x.get("status", "planned"), status_reason="")
        base = current.get(x["id"])
        visits.append(replace(base, **kept) if base is not None else _from_customer(s, x, kept))
    visits.sort(key=lambda v: (v.day, v.sequence))
    days = tuple(summarize_day(ws.settings, plan_day_of(ws, d.day), [v for v in visits if v.day == d.day])
                 for d in now.days)
    known = {u.code: u for u in now.unplaced}
    unplaced = []
    for u in snap.get("unplaced", []):
        base = known.get(u["code"]) or UnplacedVisit(0, u["code"], u.get("name", ""), "", "", "", "", False, None)
        unplaced.append(replace(base, name=u.get("name", base.name), why=u.get("why", base.why),
                                written_reason=u.get("written_reason") or ""))
    return replace(now, visits=tuple(visits), days=days, unplaced=tuple(unplaced),
                   travel_minutes=sum(d.travel_minutes for d in days))


def _from_customer(s: Session, x: dict, kept: dict) -> PlannedVisitInfo:
    c = s.get(Customer, x["customer_id"])
    return PlannedVisitInfo(id=x["id"], customer_id=x["customer_id"], code=x["code"], name=x["name"],
                            tier=c.tier if c else "", visit_type="service", focus="", standard="", pinned=False,
                            manual=False, address=c.address if c else "", lat=c.lat if c else None,
                            lon=c.lon if c else None, **kept)


def _months(s: Session, ws: Workspace, week: IsoWeek) -> tuple[MonthTargets, ...]:
    out = []
    for month in dict.fromkeys(Month.of(d) for d in week.days()):
        plan = repo.get_month_plan(s, ws.manager_id, month.year, month.month)
        if plan is not None:
            out.append(MonthTargets(str(month), plan.status, plan.focus or "",
                                    tuple(TargetInfo(t.key, t.label, t.target, t.unit) for t in plan.targets)))
    return tuple(out)


# -- the reminder ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SubmissionReminder:
    """Next week's plan is due soon (``due``) or past its deadline (``late``) and not submitted."""

    kind: Literal["due", "late"]
    week: IsoWeek
    deadline: datetime
    status: str
    """The plan's status: ``none`` (not built yet), ``draft`` or ``returned``."""
    locale: str = "zh"
    """The language of ``str(reminder)``; ``text(locale)`` gives any other."""

    @property
    def key(self) -> str:
        """The catalogue key of the text (``submission.reminder_due`` / ``_late``)."""
        return f"submission.reminder_{self.kind}"

    def values(self, locale: str) -> dict[str, str]:
        when = f"{reasons.weekday(self.deadline.date(), locale)} {self.deadline:%H:%M}"
        return {"week": str(self.week), "when": when}

    def text(self, locale: str) -> str:
        """The reminder in ``locale``: "Next week's plan (2026-W49) is due Fri 17:00."."""
        return Translator(locale)(self.key, **self.values(locale))

    def __str__(self) -> str:
        return self.text(self.locale)


def submission_reminder(ws: Workspace, locale: str | None = None) -> SubmissionReminder | None:
    """The reminder to show now, or None (outside the reminder window, or already submitted).

    ``str()`` of it is the text in ``locale`` (default: the configured one)."""
    now = ws.now()
    cfg = ws.settings.weekly_plan
    window = timedelta(hours=cfg.remind_hours_before)
    this_week = IsoWeek.of(now.date())
    for week in (this_week.shift(1), this_week.shift(2)):
        due = deadline(week.monday, cfg.due_weekday, cfg.due_time)
        if now < due - window:
            continue
        with ws.db.sessions() as s:
            plan = repo.get_week_plan(s, ws.manager_id, week.year, week.week)
            status = plan.status if plan is not None else "none"
        if status in FROZEN:
            continue
        return SubmissionReminder("late" if now > due else "due", week, due, status,
                                  locale or ws.settings.locale)
    return None
