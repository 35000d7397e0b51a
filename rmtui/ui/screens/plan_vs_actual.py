"""Plan against actual for one submitted week: what changed since submission
(moved, added, removed, not done, with the reasons) and the week's visit
compliance (planned visits made on the planned day, on site)."""

from __future__ import annotations

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import UserError
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter
from rmtui.ui.widgets.progress_bars import ProgressBars
from rmtui.ui.widgets.week_board import day_name

_OUTCOME_STYLE = {"in_place": "green", "other_day": "yellow", "not_on_site": "yellow", "not_done": "red",
                  "removed": "dim", "pending": ""}


class PlanVsActualScreen(Screen[None]):
    """A sub-screen of the week board (key v)."""

    DEFAULT_CSS = """
    PlanVsActualScreen #summary { height: auto; padding: 0 1; background: $boost; }
    PlanVsActualScreen ProgressBars { height: auto; padding: 0 1; }
    PlanVsActualScreen #changes { height: 1fr; }
    PlanVsActualScreen #outcomes { height: 2fr; }
    PlanVsActualScreen #off { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("comma", "week(-1)", "Prev week", id="week_prev"),
        Binding("full_stop", "week(1)", "Next week", id="week_next"),
    ]

    def __init__(self, week: IsoWeek) -> None:
        super().__init__()
        self.week = week

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield ProgressBars()
        yield Label(id="changes-title", classes="section-title")
        yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)
        yield Label(id="outcomes-title", classes="section-title")
        yield DataTable(id="outcomes", cursor_type="row", zebra_stripes=True)
        yield Static(id="off")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one("#outcomes", DataTable).focus()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("week.actual.title")
        changes = self.query_one("#changes", DataTable)
        changes.clear(columns=True)
        for key in ("kind", "customer", "detail", "reason", "at"):
            changes.add_column(t(f"week.actual.col.{key}"), key=key)
        outcomes = self.query_one("#outcomes", DataTable)
        outcomes.clear(columns=True)
        for key in ("day", "time", "customer", "outcome", "done_on", "reason"):
            outcomes.add_column(t(f"week.actual.col.{key}"), key=key)
        self.query_one("#changes-title", Label).update(t("week.actual.changes"))
        self.query_one("#outcomes-title", Label).update(t("week.actual.outcomes"))
        self.load()

    @work(thread=True, exclusive=True, group="actual-load", exit_on_error=False)
    def load(self) -> None:
        from rmtui.services.plan_edits import week_deviations
        from rmtui.services.plan_progress import week_progress

        ws = self.app.workspace
        try:
            progress = week_progress(ws, self.week)
        except UserError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        try:
            deviations = week_deviations(ws, self.week)
        except UserError:
            deviations = None  # not submitted through rmtui: no frozen copy to compare with
        self.app.call_from_thread(self._show, progress, deviations)

    def _failed(self, message: str) -> None:
        self.query_one("#summary", Static).update(escape(message))
        self.query_one("#changes", DataTable).clear()
        self.query_one("#outcomes", DataTable).clear()
        self.query_one(ProgressBars).bars = ()

    def _show(self, progress, deviations) -> None:  # noqa: ANN001 - WeekProgress, week_deviations' tuple
        t, locale = self.app.t, self.app.locale
        share = "–" if progress.compliance is None else f"{progress.compliance:.0%}"
        parts = [f"[b]{progress.week}[/b]", t("week.actual.compliance", share=share, in_place=progress.in_place,
                                              due=progress.due_so_far), t("week.actual.planned", count=progress.planned)]
        if deviations is not None:
            snap = deviations[2]
            parts.append(t("week.actual.submitted", at=str(snap.get("submitted_at", ""))[:16].replace("T", " ")))
        self.query_one("#summary", Static).update(" · ".join(parts))
        self.query_one(ProgressBars).bars = ((t("week.actual.bar"), progress.in_place, progress.due_so_far),)
        changes = self.query_one("#changes", DataTable)
        changes.clear()
        if deviations is None:
            changes.add_row(t("week.actual.no_snapshot"), "", "", "", "")
        else:
            recorded, current, _ = deviations
            latest = {(d.kind, d.code): d for d in recorded}  # the last recorded change of each kind wins
            listed = set()
            for c in current:
                dev = latest.get((c.kind, c.code))
                why = (dev.reason if dev else "") or (c.detail if c.kind == "removed" else "")
                detail = "" if c.kind == "removed" else c.detail
                at = dev.at.strftime("%m-%d %H:%M") if dev and dev.at else ""
                changes.add_row(t(f"week.actual.kind.{c.kind}"), escape(f"{c.code} {c.name}"), escape(detail),
                                escape(why), at)
                listed.add((c.kind, c.code))
            for d in recorded:
                if (d.kind, d.code) in listed:
                    continue
                at = d.at.strftime("%m-%d %H:%M") if d.at else ""
                changes.add_row(t(f"week.actual.kind.{d.kind}"), escape(f"{d.code} {d.name}"), escape(d.detail),
                                escape(d.reason), at)
            if not current and not recorded:
                changes.add_row(t("week.actual.no_changes"), "", "", "", "")
        outcomes = self.query_one("#outcomes", DataTable)
        outcomes.clear()
        for v in progress.visits:
            style = _OUTCOME_STYLE.get(v.outcome, "")
            label = t(f"week.actual.outcome.{v.outcome}")
            outcomes.add_row(day_name(v.day, locale), v.planned_start.strftime("%H:%M") if v.planned_start else "",
                             escape(f"{v.code} {v.name}"), f"[{style}]{label}[/{style}]" if style else label,
                             day_name(v.done_on, locale) if v.done_on else "", escape(v.reason))
        off = [f"{day_name(d, locale)} {escape(code)} {escape(name)}" for d, code, name in progress.off_plan]
        self.query_one("#off", Static).update(t("week.actual.off_plan", visits=" · ".join(off)) if off else "")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_week(self, step: int) -> None:
        self.week = self.week.shift(step)
        self.load()
