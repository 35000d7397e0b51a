"""After an import: offer to find the new customers' locations now."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class GeocodeOfferModal(ModalScreen[bool]):
    """Returns True when the user wants to geocode now."""

    DEFAULT_CSS = """
    GeocodeOfferModal { align: center middle; }
    GeocodeOfferModal > Vertical { width: 64; height: auto; padding: 1 2; border: thick $accent; background: $surface; }
    GeocodeOfferModal Horizontal { height: auto; margin-top: 1; }
    GeocodeOfferModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "later", show=False)]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            yield Label(t("import.offer_geocode", count=self.count))
            with Horizontal():
                yield Button(t("import.geocode_now"), variant="primary", id="geocode")
                yield Button(t("import.later"), id="later")

    def on_mount(self) -> None:
        self.query_one("#geocode", Button).focus()

    @on(Button.Pressed, "#geocode")
    def _geocode(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(False)
