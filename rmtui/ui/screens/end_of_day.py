"""End of day: log the day's planned visits quickly, then write the daily report.

The table lists the day's visits in route order with their log state. Enter
opens the short form for the highlighted visit, prefilled (done, outcome,
one line of notes, or the reason it did not happen); ctrl+s saves it and
opens the next visit still to log, so eight visits take a few minutes.

What is typed and not saved is kept as a draft a moment after the last
change, and when the form is closed or the screen left (another screen's key,
the app closed); opening the visit again, or coming back to this screen,
offers it back.
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Checkbox, DataTable, Header, Input, Label, Select, Static

from rmtui.errors import UserError
from rmtui.services import end_of_day as eod
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter

AUTOSAVE_SECONDS = 0.8
"""Quiet time after the last change before what is typed is kept as a draft."""


class EndOfDayScreen(Screen[None]):
    """The day's visits still to log, and the quick log form."""

    DEFAULT_CSS = """
    EndOfDayScreen #progress { height: auto; padding: 0 1; }
    EndOfDayScreen DataTable { height: 1fr; }
    EndOfDayScreen #form {
        height: auto; display: none; border: round $accent; padding: 0 1;
    }
    EndOfDayScreen #form-title { color: $accent; text-style: bold; }
    EndOfDayScreen.-editing #form { display: block; }
    EndOfDayScreen #form Horizontal { height: auto; }
    EndOfDayScreen #form Label { width: 12; padding: 0 1 0 0; }
    EndOfDayScreen #form .gap { width: 3; }
    EndOfDayScreen #form Checkbox { width: 14; }
    EndOfDayScreen #form Select { width: 24; }
    EndOfDayScreen #form Input { width: 1fr; }
    EndOfDayScreen #form .field-error { width: auto; max-width: 40; color: $error; padding: 0 1; }
    EndOfDayScreen #reason-row { display: none; }
    EndOfDayScreen #form.-missed #reason-row { display: block; }
    EndOfDayScreen #hint { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save_next", "Save & next", id="eod_save"),
        Binding("ctrl+r", "report", "Daily report", id="eod_report"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day
        self.day_log: eod.DayLog | None = None
        self.editing: eod.LogRow | None = None
        self._current: eod.QuickLog | None = None  # the form as on screen, kept for when the fields are gone
        self._written: eod.QuickLog | None = None  # as last kept (the draft, or the prefill when none)
        self._has_draft = False  # a draft of the visit being edited is stored
        self._timer: Timer | None = None
        self._offered = False  # drafts left from before were offered once, on the first load

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="form"):
            yield Static(id="form-title")
            with Horizontal():
                yield Checkbox(value=True, id="done", compact=True)
                yield Static(classes="gap")
                yield Label(id="outcome-label")
                yield Select([(self.app.t(f"outcome.{o}"), o) for o in eod.OUTCOMES], id="outcome", compact=True,
                             prompt=self.app.t("eod.outcome_prompt"))
                yield Static(id="outcome-error", classes="field-error")
            with Horizontal():
                yield Label(id="notes-label")
                yield Input(id="notes", compact=True)
            with Horizontal(id="reason-row"):
                yield Label(id="reason-label")
                yield Input(id="reason", compact=True)
                yield Static(id="reason-error", classes="field-error")
            yield Static(id="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.day = self.day or self.app.workspace.today()
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one(DataTable).focus()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("eod.title")
        self.query_one("#done", Checkbox).label = t("eod.done")
        for field in ("outcome", "notes", "reason"):
            self.query_one(f"#{field}-label", Label).update(t(f"eod.{field}"))
        self.query_one("#notes", Input).placeholder = t("eod.notes_ph")
        self.query_one("#reason", Input).placeholder = t("eod.reason_ph")
        self.query_one("#hint", Static).update(t("eod.hint"))
        outcome = self.query_one("#outcome", Select)
        current = outcome.value
        outcome.prompt = t("eod.outcome_prompt")
        outcome.set_options([(t(f"outcome.{o}"), o) for o in eod.OUTCOMES])
        if isinstance(current, str) and current in eod.OUTCOMES:
            outcome.value = current
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("seq", "time", "customer", "tier", "purpose", "state"):
            table.add_column(t(f"eod.col.{key}"), key=key)
        self.load()

    # -- data --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="end-of-day", exit_on_error=False)
    def load(self, then_open: int | None = None) -> None:
        log = eod.day_log(self.app.workspace, self.day)
        self.app.call_from_thread(self._show, log, then_open)

    def _state(self, r: eod.LogRow) -> Text:
        state = self._log_state(r)
        if r.pending_draft is not None:
            state.append(" · " + self.app.t("eod.state.draft"), style="italic magenta")
        return state

    def _log_state(self, r: eod.LogRow) -> Text:
        t = self.app.t
        if not r.logged:
            return Text(t("eod.state.todo"), style="yellow")
        if not r.done:
            return Text(t("eod.state.not_done", reason=r.reason), style="dim")
        if r.outcome:
            return Text(t("eod.state.done", outcome=t(f"outcome.{r.outcome}")), style="green")
        return Text(t("eod.state.done_plain"), style="green")

    def _show(self, log: eod.DayLog, then_open: int | None = None) -> None:
        t, locale = self.app.t, self.app.locale
        self.day_log = log
        tiers = self.app.workspace.tiers
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for r in log.rows:
            tier = tiers.get(r.tier)
            table.add_row(str(r.sequence), f"{r.planned_start:%H:%M}" if r.planned_start else "--:--",
                          Text(r.customer_name), tier.name(locale) if tier else r.tier, Text(r.purpose),
                          self._state(r), key=str(r.planned_visit_id))
        day = log.day.isoformat()
        total, logged = len(log.rows), log.logged
        if not total:
            text = t("eod.empty", day=day)
        elif logged == total:
            text = t("eod.all_logged", day=day, total=total)
        else:
            text = t("eod.progress", day=day, total=total, logged=logged, left=total - logged)
        self.query_one("#progress", Static).update(text)
        if not self._offered:
            # Back on this screen with typing left from before (F-key, a closed app): offer it at once.
            self._offered = True
            if then_open is None and self.editing is None:
                then_open = next((i for i, r in enumerate(log.rows) if r.pending_draft is not None), None)
        if log.rows:
            row = then_open if then_open is not None else min(keep, len(log.rows) - 1)
            table.move_cursor(row=row)
            if then_open is not None:
                self._open(then_open)
        self.refresh_bindings()

    # -- the quick form ------------------------------------------------------

    def _open(self, index: int) -> None:
        if self.day_log is None or not 0 <= index < len(self.day_log.rows):
            return
        self._keep_draft()  # another visit's form may be open: keep its typing first
        r = self.day_log.rows[index]
        self.editing = r
        self._current = self._written = r.prefill
        self._has_draft = r.draft is not None
        # A Static, not the border title: Textual 8.2 draws a border title with wide (CJK) characters short.
        self.query_one("#form-title", Static).update(Text(self.app.t(
            "eod.form_title", seq=r.sequence, name=r.customer_name,
            time=f"{r.planned_start:%H:%M}" if r.planned_start else "--:--")))
        self._fill(r.prefill)
        self._errors({})
        self.add_class("-editing")
        draft = r.pending_draft
        if draft is not None:
            from rmtui.ui.modals.draft_offer import DraftOfferModal

            self.app.push_screen(DraftOfferModal(draft.saved_at),
                                 lambda restore: self._draft_answer(r.planned_visit_id, draft, restore))

    def _fill(self, entry: eod.QuickLog) -> None:
        done = self.query_one("#done", Checkbox)
        with done.prevent(Checkbox.Changed):
            done.value = entry.done
        outcome = self.query_one("#outcome", Select)
        if entry.outcome in eod.OUTCOMES:
            outcome.value = entry.outcome
        else:
            outcome.clear()
        self.query_one("#notes", Input).value = entry.notes
        self.query_one("#reason", Input).value = entry.reason
        self._done_changed(entry.done)
        (outcome if entry.done else self.query_one("#reason", Input)).focus()

    def _draft_answer(self, planned_visit_id: int, draft: eod.QuickDraft, restore: bool | None) -> None:
        if self.editing is None or self.editing.planned_visit_id != planned_visit_id:
            return
        if restore:
            self._fill(draft.entry)
            self._current = self._written = draft.entry
            self.notify(self.app.t("eod.draft_restored", time=f"{draft.saved_at:%H:%M}"), timeout=4)
        else:
            self._discard_draft()

    def _close(self) -> None:
        self._stop_timer()
        self.editing = None
        self._current = self._written = None
        self.remove_class("-editing")
        self.query_one(DataTable).focus()

    # -- what is typed, kept as a draft -----------------------------------------

    @on(Checkbox.Changed, "#done")
    @on(Select.Changed, "#outcome")
    @on(Input.Changed, "#notes")
    @on(Input.Changed, "#reason")
    def _typed(self) -> None:
        if self.editing is None:
            return
        self._current = self._entry()
        self._stop_timer()
        if self._current != self._written:
            self._timer = self.set_timer(AUTOSAVE_SECONDS, self._keep_draft)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _keep_draft(self) -> bool:
        """Store the typing if it changed since last kept (or drop the draft when it is back to the
        prefill). True when a draft is stored for the visit being edited."""
        self._stop_timer()
        entry, row = self._current, self.editing
        if entry is None or row is None or entry == self._written:
            return self._has_draft
        try:
            if entry == row.prefill:
                self._discard_draft()
            else:
                eod.save_quick_draft(self.app.workspace, entry)
                self._has_draft = True
        except UserError as exc:
            if self.is_attached:
                self.notify(escape(str(exc)), severity="error")
            return self._has_draft
        self._written = entry
        return self._has_draft

    def _discard_draft(self) -> None:
        if self.editing is not None and self._has_draft:
            eod.discard_quick_draft(self.app.workspace, self.editing.planned_visit_id)
        self._has_draft = False
        if self.editing is not None:
            self._written = self.editing.prefill

    def on_screen_suspend(self) -> None:
        # Covered by another screen (F-key, the report): what is typed is stored before anything else runs.
        self._keep_draft()

    def on_unmount(self) -> None:
        # Left by any way (another screen's key, the app closed): keep what was typed.
        self._keep_draft()

    def _done_changed(self, done: bool) -> None:
        self.query_one("#form", Vertical).set_class(not done, "-missed")
        self.query_one("#outcome", Select).disabled = not done

    @on(Checkbox.Changed, "#done")
    def _done_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._done_changed(event.value)
        if not event.value:
            self.query_one("#reason", Input).focus()

    def _errors(self, problems: dict[str, str]) -> None:
        t = self.app.t
        for field in ("outcome", "reason"):
            self.query_one(f"#{field}-error", Static).update(t(f"eod.error.{field}") if field in problems else "")

    def _entry(self) -> eod.QuickLog | None:
        if self.editing is None:
            return None
        outcome = self.query_one("#outcome", Select).value
        return eod.QuickLog(planned_visit_id=self.editing.planned_visit_id,
                            done=self.query_one("#done", Checkbox).value,
                            outcome=outcome if isinstance(outcome, str) else "",
                            notes=self.query_one("#notes", Input).value,
                            reason=self.query_one("#reason", Input).value)

    def action_save_next(self) -> None:
        entry = self._entry()
        if entry is None or self.day_log is None:
            return
        problems = eod.check_quick_log(entry)
        self._errors(problems)
        if problems:
            (self.query_one("#outcome", Select) if "outcome" in problems else self.query_one("#reason", Input)).focus()
            return
        self._stop_timer()
        try:
            eod.log_visit(self.app.workspace, entry)  # drops the draft too
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")
            return
        name = self.editing.customer_name if self.editing else ""
        self.notify(self.app.t("eod.saved", name=escape(name)), timeout=2)
        index = next(i for i, r in enumerate(self.day_log.rows) if r.planned_visit_id == entry.planned_visit_id)
        # The next visit still to log, counting the one just saved as logged.
        rows = self.day_log.rows
        following = next((i for k in range(1, len(rows)) if not rows[i := (index + k) % len(rows)].logged), None)
        self._has_draft = False
        self._close()
        if following is None:
            self.notify(self.app.t("eod.finished"))
        self.load(following)

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.cursor_row)

    def action_back(self) -> None:
        if self.editing is not None:
            if self._keep_draft():
                self.notify(self.app.t("eod.draft_kept"), severity="warning")
            self._close()
            self.load()  # the list shows which visits have a draft
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def action_report(self) -> None:
        from rmtui.ui.screens.daily_report import DailyReportScreen

        self.app.push_screen(DailyReportScreen(self.day))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_next" and self.editing is None:
            return None
        return True

    def on_screen_resume(self) -> None:
        # Back from the report, a dialog or the visit record form: the log states may have changed.
        if self.day_log is not None:
            self.load()
