"""Find a customer to visit today, out of plan: search by name, code, address or pinyin.

Returns the chosen customer's code, or None. The search runs in a worker on
each keystroke (a page of at most ``LIMIT`` rows, never the whole book).
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from rmtui.services.customers import CustomerPage, customer_page

LIMIT = 20


class AddVisitModal(ModalScreen[str | None]):
    """Search the book and pick a customer (enter), or cancel (escape)."""

    DEFAULT_CSS = """
    AddVisitModal { align: center middle; }
    AddVisitModal > Vertical {
        width: 84; height: 24; padding: 0 1; border: thick $accent; background: $surface;
    }
    AddVisitModal DataTable { height: 1fr; }
    AddVisitModal #count { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("down", "to_results", show=False),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.page: CustomerPage | None = None

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            yield Label(t("today.add_title", day=self.day.isoformat()))
            yield Input(placeholder=t("customers.search"), id="q")
            yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
            yield Label("", id="count")

    def on_mount(self) -> None:
        t = self.app.t
        table = self.query_one(DataTable)
        for key in ("code", "name", "tier", "district"):
            table.add_column(t(f"customers.col.{key}"), key=key)
        self.query_one(Input).focus()
        self.search("")

    @work(thread=True, exclusive=True, group="add-visit-search", exit_on_error=False)
    def search(self, text: str) -> None:
        page = customer_page(self.app.workspace, search=text, limit=LIMIT)
        self.app.call_from_thread(self._show, text, page)

    def _show(self, text: str, page: CustomerPage) -> None:
        if text != self.query_one(Input).value.strip():
            return  # typed on since: the newer search shows
        t, locale = self.app.t, self.app.locale
        self.page = page
        tiers = self.app.workspace.tiers
        table = self.query_one(DataTable)
        table.clear()
        for c in page.rows:
            tier = tiers.get(c.tier)
            name = escape(c.name) if c.located else f"{escape(c.name)} [red]✗[/red]"
            table.add_row(c.code, name, tier.name(locale) if tier else c.tier, escape(c.district), key=c.code)
        if page.total == 0:
            count = t("customers.none")
        elif page.total > len(page.rows):
            count = t("today.add_more", shown=len(page.rows), total=page.total)
        else:
            count = t("today.add_count", total=page.total)
        self.query_one("#count", Label).update(count)

    @on(Input.Changed, "#q")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search(event.value.strip())

    @on(Input.Submitted, "#q")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.page is not None and len(self.page.rows) == 1:
            self.dismiss(self.page.rows[0].code)
        elif self.query_one(DataTable).row_count:
            self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.dismiss(event.row_key.value)

    def action_to_results(self) -> None:
        if self.query_one(Input).has_focus and self.query_one(DataTable).row_count:
            self.query_one(DataTable).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
