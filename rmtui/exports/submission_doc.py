"""What the weekly plan's submission files say, once, for every format.

``SubmissionDoc`` is the week as the supervisor receives it: who, which
week, its status, the month's targets, each day's load and visits, and the
visits that did not fit. The functions below turn it into labelled tables
in the chosen language; ``submission_xlsx`` and ``submission_md`` only lay
these tables out, so the workbook and the Markdown never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from rmtui.domain.planning import reasons
from rmtui.domain.planning.model import DaySummary, PlannedVisitInfo, WeekPlanInfo
from rmtui.domain.planning.monthly import TargetInfo
from rmtui.i18n import Translator

Cell = str | int | float


@dataclass(frozen=True, slots=True)
class MonthTargets:
    """The monthly plan a week falls in: its targets and focus."""

    month: str
    status: str
    focus: str
    targets: tuple[TargetInfo, ...]


@dataclass(frozen=True, slots=True)
class SubmissionDoc:
    """A weekly plan ready to be written for the supervisor."""

    plan: WeekPlanInfo
    """The visits and day loads: the submitted version when ``frozen``, else the plan as it is now."""
    frozen: bool
    manager_code: str
    manager_name: str
    branch: str
    supervisor: str
    deadline: datetime
    written_at: datetime
    reserved_minutes: int
    """Minutes kept free each day for unplanned work."""
    locale: str = "zh"
    tier_names: dict[str, str] = field(default_factory=dict)
    """Tier id → its name in ``locale``."""
    holidays: tuple[tuple[date, str], ...] = ()
    makeup_days: tuple[date, ...] = ()
    """Weekend days that are working days (China's 调休)."""
    months: tuple[MonthTargets, ...] = ()
    """The monthly plans of the months the week touches (those that exist)."""

    @property
    def t(self) -> Translator:
        return Translator(self.locale)

    @property
    def week_monday(self) -> date:
        return date.fromisoformat(f"{self.plan.week}-1")  # "2026-W49" → its Monday


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table; ``total`` is an optional last row set apart (bold, 合计)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    wrap: frozenset[int] = frozenset()
    """Columns of long text (wrapped in the workbook)."""


def clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def title(doc: SubmissionDoc) -> str:
    return doc.t("submission.title", week=doc.plan.week, manager=doc.manager_name)


def status_text(doc: SubmissionDoc) -> str:
    return doc.t(f"submission.status_{doc.plan.status}")


def facts(doc: SubmissionDoc) -> list[tuple[str, str]]:
    """The summary's label/value lines: who, which week, status, submission and deadline."""
    t, plan = doc.t, doc.plan
    monday = doc.week_monday
    sunday = date.fromordinal(monday.toordinal() + 6)
    lines = [
        (t("submission.manager"), f"{doc.manager_name} ({doc.manager_code})"),
        (t("submission.branch"), doc.branch),
        (t("submission.supervisor"), doc.supervisor),
        (t("submission.week"), t("submission.week_value", week=plan.week, first=reasons.day_label(monday, doc.locale),
                                 last=reasons.day_label(sunday, doc.locale))),
        (t("submission.status"), status_text(doc)),
        (t("submission.version"), t(_version_key(doc))),
    ]
    if plan.submitted_at:
        late = t("submission.late" if plan.submitted_late else "submission.on_time")
        lines.append((t("submission.submitted_at"), f"{stamp(plan.submitted_at)} ({late})"))
    else:
        lines.append((t("submission.submitted_at"), t("submission.not_submitted")))
    lines.append((t("submission.deadline"), stamp(doc.deadline)))
    if plan.supervisor_comment:
        lines.append((t("submission.comment"), plan.supervisor_comment))
    lines.append((t("submission.reserved"), t("submission.minutes", minutes=doc.reserved_minutes)))
    if doc.holidays:
        names = "; ".join(f"{reasons.day_label(d, doc.locale)} {name}" for d, name in doc.holidays)
        lines.append((t("submission.holidays"), names))
    lines.append((t("submission.written_at"), stamp(doc.written_at)))
    return lines


def _version_key(doc: SubmissionDoc) -> str:
    if doc.frozen:
        return "submission.version_frozen"
    # Submitted once (returned since, or kept without a frozen copy): the plan as it is now.
    return "submission.version_current" if doc.plan.submitted_at else "submission.version_preview"


def target_tables(doc: SubmissionDoc) -> list[Table]:
    """One table per monthly plan the week falls in, its focus first."""
    t = doc.t
    out = []
    for m in doc.months:
        rows: list[tuple[Cell, ...]] = []
        if m.focus:
            rows.append((t("submission.focus"), m.focus, ""))
        rows += [(x.label or x.key, _number(x.target), x.unit) for x in m.targets]
        out.append(Table(t("submission.targets", month=m.month),
                         (t("submission.col_target"), t("submission.col_value"), t("submission.col_unit")),
                         tuple(rows), wrap=frozenset({1})))
    return out


def free_minutes(d: DaySummary) -> int:
    """Usable minutes left after the visits and the travel between them (negative when over)."""
    return d.usable_minutes - d.visit_minutes - d.travel_minutes


def day_note(doc: SubmissionDoc, d: DaySummary) -> str:
    notes = []
    if d.day in doc.makeup_days:
        notes.append(doc.t("submission.makeup_day"))
    if d.overloaded:
        notes.append(doc.t("submission.overloaded"))
    return ", ".join(notes)


def days_table(doc: SubmissionDoc) -> Table:
    """Each working day's load, and the week's totals."""
    t, days = doc.t, doc.plan.days
    rows = tuple((reasons.day_label(d.day, doc.locale), d.visits, d.visit_minutes, d.travel_minutes,
                  free_minutes(d), clock(d.starts), clock(d.back_at), day_note(doc, d)) for d in days)
    total = (t("submission.total"), sum(d.visits for d in days), sum(d.visit_minutes for d in days),
             sum(d.travel_minutes for d in days), sum(free_minutes(d) for d in days), "", "", "")
    return Table(t("submission.days"),
                 (t("submission.col_day"), t("submission.col_visits"), t("submission.col_visit_minutes"),
                  t("submission.col_travel"), t("submission.col_free"), t("submission.col_start"),
                  t("submission.col_back"), t("submission.col_note")), rows, total)


def unplaced_table(doc: SubmissionDoc) -> Table | None:
    """The visits the week needed that are not in it, why, and the reasons written for them."""
    t = doc.t
    if not doc.plan.unplaced:
        return None
    rows = tuple((u.code, u.name, doc.tier_names.get(u.tier, u.tier),
                  reasons.day_label(u.due_by, doc.locale) if u.due_by else "", u.why, u.written_reason)
                 for u in doc.plan.unplaced)
    return Table(t("submission.unplaced"),
                 (t("submission.col_code"), t("submission.col_customer"), t("submission.col_tier"),
                  t("submission.col_due_by"), t("submission.col_why_not"), t("submission.col_written_reason")),
                 rows, wrap=frozenset({4, 5}))


def lists(doc: SubmissionDoc) -> list[tuple[str, tuple[str, ...]]]:
    """Office tasks and things to check, when there are any."""
    out = []
    if doc.plan.office_tasks:
        out.append((doc.t("submission.office_tasks"), doc.plan.office_tasks))
    if doc.plan.flags:
        out.append((doc.t("submission.flags"), doc.plan.flags))
    return out


DAY_HEADERS = ("submission.col_seq", "submission.col_time", "submission.col_code", "submission.col_customer",
               "submission.col_address", "submission.col_tier", "submission.col_purpose", "submission.col_focus",
               "submission.col_standard", "submission.col_minutes", "submission.col_reason")


def visit_row(doc: SubmissionDoc, v: PlannedVisitInfo) -> tuple[Cell, ...]:
    return (v.sequence, clock(v.planned_start), v.code, v.name, v.address, doc.tier_names.get(v.tier, v.tier),
            v.purpose, v.focus, v.standard, v.minutes, v.reason)


def day_table(doc: SubmissionDoc, d: DaySummary) -> Table:
    """The visits of one working day in route order, with the day's total minutes."""
    t = doc.t
    visits = doc.plan.on(d.day)
    total = (t("submission.total"), "", "", t("submission.col_visits") + f" {len(visits)}", "", "", "", "", "",
             sum(v.minutes for v in visits), "") if visits else None
    return Table(reasons.day_label(d.day, doc.locale), tuple(t(k) for k in DAY_HEADERS),
                 tuple(visit_row(doc, v) for v in visits), total, wrap=frozenset({4, 6, 7, 8, 10}))


def _number(value: float) -> Cell:
    return int(value) if float(value).is_integer() else value
