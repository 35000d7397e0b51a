"""Pick one day of a week (move a visit there, add a visit on it)."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class PickDayModal(ModalScreen[date | None]):
    """Returns the day chosen, or None when cancelled. ``days``: (day, label, selectable)."""

    DEFAULT_CSS = """
    PickDayModal { align: center middle; }
    PickDayModal > Vertical { width: 44; height: auto; max-height: 80%; padding: 1 2; border: thick $accent;
                              background: $surface; }
    PickDayModal OptionList { height: auto; max-height: 12; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, question: str, days: list[tuple[date, str, bool]], current: date | None = None) -> None:
        super().__init__()
        self.question = question
        self.days = days
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield OptionList(*(Option(label, id=d.isoformat(), disabled=not ok) for d, label, ok in self.days))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        selectable = [k for k, (d, _, ok) in enumerate(self.days) if ok]
        if selectable:
            at = next((k for k in selectable if self.days[k][0] == self.current), selectable[0])
            options.highlighted = at
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(date.fromisoformat(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
