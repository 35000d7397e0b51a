"""The customer book: search (name, code, address, pinyin), a page of rows,
and the selected customer in full beside it.

Queries run in a thread worker; typing restarts the search (exclusive
worker), so the screen never waits on the database.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from rmtui.services.customers import CustomerDetail, CustomerPage, customer_detail, customer_page
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.customer_detail import CustomerDetailView
from rmtui.ui.widgets.footer import KeyFooter

PAGE_SIZE = 100


class CustomersScreen(Screen[None]):
    """Find a customer and see everything about them."""

    DEFAULT_CSS = """
    CustomersScreen #body { height: 1fr; }
    CustomersScreen #list { width: 3fr; }
    CustomersScreen #search { margin: 0 0; }
    CustomersScreen DataTable { height: 1fr; }
    CustomersScreen CustomerDetailView { width: 2fr; min-width: 40; border-left: solid $primary; }
    """
    BINDINGS = [
        Binding("ctrl+f", "focus_search", "Search", id="search"),
        Binding("ctrl+n", "page(1)", "Next page", id="next_page"),
        Binding("ctrl+b", "page(-1)", "Prev page", id="prev_page"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.initial_search = search
        self.page_offset = 0
        self.page: CustomerPage | None = None
        self._detail_code: str | None = None  # whose detail is shown (or on its way)
        self._resuming = False  # suspended: the next restyle is the one of being shown again
        self._styled: tuple | None = None  # the theme the screen was last styled under

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="list"):
                yield Input(self.initial_search, id="search")
                yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
                yield Static(id="pager", classes="pager")
            yield CustomerDetailView()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        """Shown again (a kept screen, or back from another one): the page and the detail as they are now."""
        self.call_after_refresh(setattr, self, "_resuming", False)  # Textual's own resume handler runs after this
        if self.page is not None:
            self.load(self._detail_code)

    def on_screen_suspend(self) -> None:
        self._resuming = True

    def update_node_styles(self, animate: bool = True) -> None:
        """Textual styles every widget again when a screen is shown again, which also throws away what the
        table has drawn. A kept screen shown again under the same theme keeps its styles (a theme change
        while it was away still restyles it)."""
        styled = (self.app.theme, frozenset(self.app.classes))
        if self._resuming and styled == self._styled:
            return
        super().update_node_styles(animate)
        self._styled = styled

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("customers.title")
        self.query_one("#search", Input).placeholder = t("customers.search")
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self.page = None
        for key in ("code", "name", "tier", "due", "last", "district"):
            table.add_column(t(f"customers.col.{key}"), key=key)
        self.load()

    # -- loading ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="customers", exit_on_error=False)
    def load(self, keep: str | None = None) -> None:
        """The page, and the customer to show in full with it (``keep`` if it is on the page, else the
        first): one query and one drawing, not a second worker once the cursor lands on a row."""
        search = self.query_one("#search", Input).value.strip()
        page = customer_page(self.app.workspace, search=search, offset=self.page_offset, limit=PAGE_SIZE)
        codes = [c.code for c in page.rows]
        code = keep if keep in codes else codes[0] if codes else None
        detail = customer_detail(self.app.workspace, code) if code else None
        self.app.call_from_thread(self._show_page, page, detail)

    def _show_page(self, page: CustomerPage, detail: CustomerDetail | None = None) -> None:
        if detail is not None:
            self._detail_code = detail.info.code
            self.query_one(CustomerDetailView).show(detail)
        if page == self.page:  # shown again with nothing changed: the table stays as it is
            return
        t = self.app.t
        self.page = page
        self.page_offset = page.offset
        tiers = self.app.workspace.tiers
        table = self.query_one(DataTable)
        table.clear()
        today = self.app.workspace.today()
        for c in page.rows:
            tier = tiers.get(c.tier)
            status = page.cadence.get(c.id)
            due = Text("-")
            if status is not None:
                due = Text(status.due_date.isoformat())
                if status.overdue_days:
                    due = Text(f"{status.due_date.isoformat()} +{status.overdue_days}", style="red")
                elif status.due_date <= today:
                    due.stylize("yellow")
            # Text cells: names are shown as typed (no markup), and rendering
            # skips markup parsing, which dominated drawing a page.
            table.add_row(Text(c.code), Text(c.name), Text(tier.name(self.app.locale) if tier else c.tier), due,
                          Text(c.last_visit.isoformat() if c.last_visit else "-"), Text(c.district), key=c.code)
        codes = [c.code for c in page.rows]
        if self._detail_code in codes:  # shown again: the cursor stays on the customer shown in full
            table.move_cursor(row=codes.index(self._detail_code), animate=False)
        pager = self.query_one("#pager", Static)
        if page.total == 0:
            searching = bool(self.query_one("#search", Input).value.strip())
            pager.update(t("customers.none") if searching else t("customers.empty_book"))
            self._detail_code = None
            self.query_one(CustomerDetailView).show(None)
        else:
            pager.update(t("customers.page", first=page.offset + 1, last=page.offset + len(page.rows),
                           total=page.total))
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="customer-detail", exit_on_error=False)
    def load_detail(self, code: str) -> None:
        detail = customer_detail(self.app.workspace, code)
        self.app.call_from_thread(self._show_detail, code, detail)

    def _show_detail(self, code: str, detail: CustomerDetail | None) -> None:
        if code == self._detail_code:  # the cursor has not moved on meanwhile
            self.query_one(CustomerDetailView).show(detail)

    # -- events and actions ----------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.page_offset = 0
        self.load()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        code = event.row_key.value if event.row_key is not None else None
        if code and code != self._detail_code:
            self._detail_code = code
            self.load_detail(code)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        if self.query_one("#search", Input).has_focus:
            self.query_one(DataTable).focus()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def action_page(self, step: int) -> None:
        self.page_offset = max(0, self.page_offset + step * PAGE_SIZE)
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page" and self.page is not None:
            step = int(parameters[0]) if parameters else 1
            if step > 0:
                return self.page.offset + PAGE_SIZE < self.page.total or None
            return self.page.offset > 0 or None
        return True
