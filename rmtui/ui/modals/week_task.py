"""Record a task handed down by the supervisor; the next build of its week places it."""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Integer, Length, Regex
from textual.widgets import Button, Input, Label, Static

from rmtui.errors import UserError
from rmtui.ui.keys import localize_bindings

_DATE = r"^\s*(\d{4}-\d{2}-\d{2})?\s*$"


class TaskModal(ModalScreen[int | None]):
    """Records the task (``add_supervisor_task``) and returns its id, or None when cancelled."""

    DEFAULT_CSS = """
    TaskModal { align: center middle; }
    TaskModal > Vertical { width: 72; max-width: 96%; height: auto; max-height: 94%; padding: 0 2;
                           border: thick $accent; background: $surface; }
    TaskModal Label { margin-top: 1; }
    TaskModal .row, TaskModal .row > Vertical { height: auto; }
    TaskModal #error { color: $error; height: auto; }
    TaskModal #buttons { height: auto; margin-top: 1; }
    TaskModal Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="week_task_save", priority=True),
        Binding("escape", "cancel", "Cancel", id="back"),
    ]

    def __init__(self, due_on: date) -> None:
        super().__init__()
        self.due_on = due_on

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            yield Label(t("week.task.title"), classes="section-title")
            yield Label(t("week.task.what"))
            yield Input(placeholder=t("week.task.what_placeholder"), id="title", validators=[Length(minimum=1)])
            yield Label(t("week.task.customer"))
            yield Input(placeholder=t("week.task.customer_placeholder"), id="customer")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(t("week.task.due"))
                    yield Input(self.due_on.isoformat(), id="due", validators=[Regex(_DATE)])
                with Vertical():
                    yield Label(t("week.task.minutes"))
                    yield Input("30", id="minutes", type="integer", validators=[Integer(minimum=5, maximum=480)])
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button(t("week.task.button"), variant="primary", id="ok")
                yield Button(t("app.cancel"), id="cancel")

    def on_mount(self) -> None:
        localize_bindings(self, self.app.t)
        self.query_one("#title", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        from rmtui.services.plan_edits import add_supervisor_task

        t = self.app.t
        error = self.query_one("#error", Static)
        title = self.query_one("#title", Input).value.strip()
        due_text = self.query_one("#due", Input).value.strip()
        minutes_text = self.query_one("#minutes", Input).value.strip()
        if not title:
            error.update(t("week.task.title_missing"))
            self.query_one("#title", Input).focus()
            return
        try:
            due = date.fromisoformat(due_text) if due_text else None
        except ValueError:
            error.update(t("week.task.bad_date", text=escape(due_text)))
            return
        minutes = int(minutes_text) if minutes_text.isdigit() else 0
        if not 5 <= minutes <= 480:
            error.update(t("week.task.bad_minutes"))
            return
        code = self.query_one("#customer", Input).value.strip() or None
        try:
            task_id = add_supervisor_task(self.app.workspace, title, code, due, minutes)
        except UserError as exc:
            error.update(escape(str(exc)))
            return
        self.dismiss(task_id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
