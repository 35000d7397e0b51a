"""The customer of a follow-up in full, over the list (read-only)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from rmtui.services.customers import CustomerDetail
from rmtui.services.followups import followup_customer
from rmtui.ui.widgets.customer_detail import CustomerDetailView


class CustomerPeekModal(ModalScreen[None]):
    """Shows one customer as the customers screen does; escape closes."""

    DEFAULT_CSS = """
    CustomerPeekModal { align: center middle; }
    CustomerPeekModal > Vertical {
        width: 90; height: 90%; padding: 0 1; border: thick $accent; background: $surface;
    }
    CustomerPeekModal CustomerDetailView { height: 1fr; }
    CustomerPeekModal Button { margin: 1 0 0 1; }
    """
    BINDINGS = [Binding("escape", "dismiss", show=False)]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical():
            yield CustomerDetailView()
            yield Button(self.app.t("app.close"), variant="primary", id="close")

    def on_mount(self) -> None:
        self.query_one(Button).focus()
        self.load()

    @work(thread=True, exclusive=True, group="followup-customer", exit_on_error=False)
    def load(self) -> None:
        detail = followup_customer(self.app.workspace, self.code)
        self.app.call_from_thread(self._show, detail)

    def _show(self, detail: CustomerDetail | None) -> None:
        if detail is None:
            self.app.notify(self.app.t("followups.customer_gone"), severity="warning")
            self.dismiss()
            return
        self.query_one(CustomerDetailView).show(detail)

    def on_button_pressed(self) -> None:
        self.dismiss()
