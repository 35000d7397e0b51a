"""Ask for a short written reason (skip a visit, explain a miss)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Length
from textual.widgets import Button, Input, Label


class ReasonModal(ModalScreen[str | None]):
    """Returns the reason typed, or None when cancelled."""

    DEFAULT_CSS = """
    ReasonModal { align: center middle; }
    ReasonModal > Vertical { width: 64; height: auto; padding: 1 2; border: thick $accent; background: $surface; }
    ReasonModal #question { width: 100%; }
    ReasonModal Horizontal { height: auto; margin-top: 1; }
    ReasonModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            # Wrapped to the dialog (a long question was cut at its edge); plain text, it names customers.
            yield Label(self.question, id="question", markup=False)
            yield Input(placeholder=self.placeholder, validators=[Length(minimum=1)], id="reason")
            with Horizontal():
                yield Button(t("app.ok"), variant="primary", id="ok")
                yield Button(t("app.cancel"), id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        field = self.query_one(Input)
        if field.value.strip():
            self.dismiss(field.value.strip())
        else:
            field.focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
