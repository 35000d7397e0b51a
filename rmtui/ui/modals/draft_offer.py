"""Offer an unsaved visit record draft back: restore it, or discard it."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class DraftOfferModal(ModalScreen[bool]):
    """Returns True to restore the draft, False to discard it. Escape restores (nothing typed is lost)."""

    DEFAULT_CSS = """
    DraftOfferModal { align: center middle; }
    DraftOfferModal > Vertical { width: 64; height: auto; padding: 1 2; border: thick $warning; background: $surface; }
    DraftOfferModal Label { text-style: bold; color: $warning; margin-bottom: 1; }
    DraftOfferModal Horizontal { height: auto; margin-top: 1; }
    DraftOfferModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "restore", show=False)]

    def __init__(self, saved_at: datetime) -> None:
        super().__init__()
        self.saved_at = saved_at

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            yield Label(t("vr_draft.title"))
            yield Static(t("vr_draft.body", time=self.saved_at.strftime("%Y-%m-%d %H:%M")), id="draft-body")
            with Horizontal():
                yield Button(t("vr_draft.restore"), variant="primary", id="restore")
                yield Button(t("vr_draft.discard"), variant="error", id="discard")

    def on_mount(self) -> None:
        self.query_one("#restore", Button).focus()

    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(False)
