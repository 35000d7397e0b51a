"""Ask once before setting off with checklist lines still open: go anyway, or stay."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class LeaveChecklistModal(ModalScreen[bool]):
    """Returns True to go anyway, False to stay and finish the checklist."""

    DEFAULT_CSS = """
    LeaveChecklistModal { align: center middle; }
    LeaveChecklistModal > Vertical {
        width: 64; height: auto; padding: 1 2; border: thick $warning; background: $surface;
    }
    LeaveChecklistModal #open { color: $text-muted; margin-top: 1; }
    LeaveChecklistModal Horizontal { height: auto; margin-top: 1; }
    LeaveChecklistModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "stay", show=False)]

    def __init__(self, open_lines: list[str]) -> None:
        super().__init__()
        self.open_lines = open_lines

    def compose(self) -> ComposeResult:
        t = self.app.t
        shown = self.open_lines[:5]
        more = len(self.open_lines) - len(shown)
        lines = "\n".join(f"☐ {escape(x)}" for x in shown) + (f"\n… +{more}" if more > 0 else "")
        with Vertical():
            yield Label(f"[b]{t('checklist.leave_title', open=len(self.open_lines))}[/b]")
            yield Label(lines, id="open")
            yield Label(t("checklist.leave_question"))
            with Horizontal():
                yield Button(t("checklist.stay"), variant="primary", id="stay")
                yield Button(t("checklist.go_anyway"), variant="warning", id="go")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(False)
