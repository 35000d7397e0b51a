"""Ask for a follow-up's new due time, checked beside the field as it is typed."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from rmtui.services.followups import DueTimeError, parse_due


class RescheduleModal(ModalScreen[datetime | None]):
    """Returns the new due time, or None when cancelled."""

    DEFAULT_CSS = """
    RescheduleModal { align: center middle; }
    RescheduleModal > Vertical { width: 72; height: auto; padding: 1 2; border: thick $accent; background: $surface; }
    RescheduleModal #hint { color: $text-muted; }
    RescheduleModal #error { color: $error; height: auto; }
    RescheduleModal Horizontal { height: auto; margin-top: 1; }
    RescheduleModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, due: datetime, now: datetime) -> None:
        super().__init__()
        self.item_title = title
        self.due = due
        self.now = now

    def compose(self) -> ComposeResult:
        t = self.app.t
        start = max(self.due, self.now + timedelta(hours=1))
        with Vertical():
            yield Label(t("followups.reschedule_q", title=self.item_title))
            yield Input(value=f"{start:%Y-%m-%d %H:%M}", id="due")
            yield Static(t("followups.reschedule_hint", due=f"{self.due:%Y-%m-%d %H:%M}"), id="hint")
            yield Static("", id="error")
            with Horizontal():
                yield Button(t("app.ok"), variant="primary", id="ok")
                yield Button(t("app.cancel"), id="cancel")

    def _check(self) -> datetime | None:
        t = self.app.t
        error = self.query_one("#error", Static)
        try:
            when = parse_due(self.query_one("#due", Input).value, self.now)
        except DueTimeError as exc:
            example = f"{self.now + timedelta(days=1):%Y-%m-%d} 17:00"
            error.update(t(f"followups.due_{exc.reason}", example=example, now=f"{self.now:%Y-%m-%d %H:%M}"))
            return None
        error.update("")
        return when

    @on(Input.Changed, "#due")
    def _changed(self) -> None:
        self._check()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        when = self._check()
        if when is None:
            self.query_one("#due", Input).focus()
        else:
            self.dismiss(when)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
