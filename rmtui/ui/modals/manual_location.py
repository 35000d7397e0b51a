"""Set one customer's location by hand: paste ``lat,lon`` or a map link.

What the text reads as is shown while typing (``parse_location``: no
network, no database). Saving goes through ``place_by_hand``, which refuses
a place outside the service area unless the box is ticked; the modal stays
open with the reason until the location is saved or the user cancels.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from rmtui.errors import UserError
from rmtui.geo.manual import ManualLocation, parse_location
from rmtui.services.customer_location import OutsideServiceArea, PlacedCustomer, place_by_hand


class ManualLocationModal(ModalScreen[PlacedCustomer | None]):
    """Returns the customer as placed, or None when cancelled."""

    DEFAULT_CSS = """
    ManualLocationModal { align: center middle; }
    ManualLocationModal > Vertical {
        width: 80; height: auto; padding: 1 2; border: thick $accent; background: $surface;
    }
    ManualLocationModal #title { text-style: bold; margin-bottom: 1; }
    ManualLocationModal #reads-as { height: auto; color: $success; }
    ManualLocationModal #problem { height: auto; color: $error; }
    ManualLocationModal Horizontal { height: auto; margin-top: 1; }
    ManualLocationModal Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, code: str, name: str) -> None:
        super().__init__()
        self.code = code
        self.customer_name = name

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            yield Label(t("geocode.manual.title", code=self.code, name=self.customer_name), id="title",
                        markup=False)
            yield Label(t("geocode.manual.help"), markup=False)
            yield Input(placeholder=t("geocode.manual.placeholder"), id="location")
            yield Static(id="reads-as", markup=False)
            yield Static(id="problem", markup=False)
            yield Checkbox(t("geocode.manual.outside_ok"), id="outside")
            with Horizontal():
                yield Button(t("geocode.manual.save"), variant="primary", id="save")
                yield Button(t("app.cancel"), id="cancel")

    def _reads_as(self, location: ManualLocation) -> str:
        t = self.app.t
        converted = "" if location.datum == "wgs84" else t("geocode.manual.converted",
                                                           datum=location.datum.upper())
        return t("geocode.manual.reads_as", lat=f"{location.lat:.6f}", lon=f"{location.lon:.6f}",
                 converted=converted)

    @on(Input.Changed, "#location")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        reads_as = self.query_one("#reads-as", Static)
        problem = self.query_one("#problem", Static)
        problem.update("")
        try:
            location = parse_location(event.value)
        except UserError:
            reads_as.update("")  # said on save: half-typed text is not an error yet
            return
        reads_as.update(self._reads_as(location))

    @on(Input.Submitted, "#location")
    @on(Button.Pressed, "#save")
    def _save(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        t = self.app.t
        text = self.query_one("#location", Input).value
        problem = self.query_one("#problem", Static)
        try:
            placed = place_by_hand(self.app.workspace, self.code, text,
                                   outside_area=self.query_one("#outside", Checkbox).value)
        except OutsideServiceArea as exc:
            problem.update(t("geocode.manual.outside", lat=f"{exc.location.lat:.6f}", lon=f"{exc.location.lon:.6f}",
                             area=exc.area.describe()))
            return
        except UserError as exc:
            problem.update(t("geocode.manual.unreadable", detail=str(exc)))
            self.query_one("#location", Input).focus()
            return
        self.dismiss(placed)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
