"""The daily report (每日工作汇报): composed from the day's records, edited
as Markdown, saved (one per day), exported to a file and copied to the
clipboard.

Opening it shows the saved report if there is one, else a freshly composed
one; ctrl+r re-composes from the records (asking once when that would
replace edits). Unsaved edits are kept as a draft a second after typing
stops, so a closed terminal loses nothing: reopening restores them.
Composing, drafts and exporting run in workers.
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static, TextArea

from rmtui.errors import UserError
from rmtui.services import daily_report as reports
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter
from rmtui.ui.widgets.notes_area import NotesArea

DRAFT_DELAY = 1.0
"""Seconds after the last keystroke before unsaved edits are kept as a draft."""


class DailyReportScreen(Screen[None]):
    """Edit, save and export the report of one day."""

    DEFAULT_CSS = """
    DailyReportScreen #status { height: auto; padding: 0 1; color: $text-muted; }
    DailyReportScreen #status.-dirty { color: $warning; }
    DailyReportScreen TextArea { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="dr_save"),
        Binding("ctrl+o", "export", "Export & copy", id="dr_export"),
        Binding("ctrl+r", "recompose", "Re-compose", id="dr_recompose"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day
        self.saved: reports.SavedReport | None = None
        self._baseline: str | None = None  # the text as last loaded, composed or saved
        self._armed: str | None = None  # an action asked to confirm by pressing its key again
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="status")
        yield NotesArea(id="report", soft_wrap=True, show_line_numbers=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.day = self.day or self.app.workspace.today()
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one("#status", Static).update(self.app.t("dailyreport.composing"))
        self.load()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = f"{t('dailyreport.title')} {self.day.isoformat()}"
        self._status()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @property
    def dirty(self) -> bool:
        return self._baseline is not None and self.text != self._baseline

    # -- loading and composing ----------------------------------------------

    @work(thread=True, exclusive=True, group="daily-report", exit_on_error=False)
    def load(self, fresh: bool = False) -> None:
        ws = self.app.workspace
        if fresh:
            reports.discard_draft(ws, self.day)
        stored = reports.load_report(ws, self.day)
        composed = None
        if fresh or stored is None or (stored.saved_at is None and not stored.pending_draft):
            composed = reports.compose_markdown(ws, self.day, self.app.locale)
        self.app.call_from_thread(self._loaded, stored, composed, fresh)

    def _loaded(self, stored: reports.SavedReport | None, composed: str | None, fresh: bool) -> None:
        t = self.app.t
        self.saved = stored if stored is not None and stored.saved_at is not None else None
        # What the text is compared with to tell unsaved edits: the saved text, else the composed one.
        self._baseline = self.saved.markdown if self.saved is not None else composed
        if fresh:
            text = composed or ""
            self.notify(t("dailyreport.recomposed"))
        elif stored is not None and stored.pending_draft:
            text = stored.draft or ""
            if self._baseline is None:
                self._baseline = ""
            when = f"{stored.draft_at:%H:%M}" if stored.draft_at else ""
            self.notify(t("dailyreport.draft_restored", time=when), timeout=8)
        else:
            text = self.saved.markdown if self.saved is not None else composed or ""
        area = self.query_one(TextArea)
        area.load_text(text)
        area.focus()
        self._status()

    def _status(self) -> None:
        t = self.app.t
        if self._baseline is None:
            return
        parts = []
        if self.saved is None:
            parts.append(t("dailyreport.new"))
        else:
            parts.append(t("dailyreport.saved", time=f"{self.saved.saved_at:%Y-%m-%d %H:%M}"))
            if self.saved.exported_path:
                parts.append(t("dailyreport.exported", path=escape(self.saved.exported_path)))
        if self.dirty:
            parts.insert(0, t("dailyreport.unsaved"))
        status = self.query_one("#status", Static)
        status.update(" ".join(parts))
        status.set_class(self.dirty or self.saved is None, "-dirty")

    @on(TextArea.Changed, "#report")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self._armed = None
        self._status()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft) if self.dirty else None

    def _keep_draft(self) -> None:
        self._draft_timer = None
        if self.dirty:
            self.save_draft(self.text, self.app.locale)

    @work(thread=True, exclusive=True, group="daily-report-draft", exit_on_error=False)
    def save_draft(self, text: str, locale: str) -> None:
        reports.save_draft(self.app.workspace, self.day, text, locale)

    # -- actions -------------------------------------------------------------

    def _confirm(self, action: str, message_key: str) -> bool:
        """True on the second press of the same key in a row; the first press only warns."""
        if self._armed == action:
            self._armed = None
            return True
        self._armed = action
        self.notify(self.app.t(message_key), severity="warning", timeout=6)
        return False

    def action_save(self) -> None:
        self._armed = None
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        text = self.text
        try:
            self.saved = reports.save_report(self.app.workspace, self.day, text, self.app.locale)
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")
            return
        self._baseline = text
        self.notify(self.app.t("dailyreport.did_save"), timeout=3)
        self._status()

    def action_export(self) -> None:
        self._armed = None
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self.export(self.text)

    @work(thread=True, exclusive=True, group="daily-report-export", exit_on_error=False)
    def export(self, text: str) -> None:
        ws = self.app.workspace
        try:
            path = reports.export_report(ws, self.day, text, self.app.locale)
        except UserError as exc:
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        saved = reports.load_report(ws, self.day)
        self.app.call_from_thread(self._exported, text, str(path), saved)

    def _exported(self, text: str, path: str, saved: reports.SavedReport | None) -> None:
        self.app.copy_to_clipboard(text)
        self.saved = saved
        self._baseline = text
        self.notify(self.app.t("dailyreport.did_export", path=escape(path)), timeout=10)
        self._status()

    def action_recompose(self) -> None:
        if self.dirty or self.saved is not None:
            if not self._confirm("recompose", "dailyreport.recompose_confirm"):
                return
        self.load(fresh=True)

    def action_back(self) -> None:
        if self.dirty and not self._confirm("back", "dailyreport.leave_confirm"):
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.go("end_of_day")
