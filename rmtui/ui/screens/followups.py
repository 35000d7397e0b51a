"""Follow-ups: every open item soonest deadline first, with its SLA clock,
filters (customer, kind, overdue) and the keys to close, reschedule, record
the first answer, and look at the visit or the customer behind an item.

The page is queried in a thread worker (one SQL query with a limit); the
small updates of one item run on the spot and reload the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Header, Input, Select, Static

from rmtui.domain.followups import FollowUpInfo, format_time_left
from rmtui.errors import UserError
from rmtui.services import followups as fu
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter

PAGE_SIZE = 100


class FollowUpsScreen(Screen[None]):
    """All open follow-ups, complaints, call-backs and requests of the manager."""

    DEFAULT_CSS = """
    FollowUpsScreen #filters { height: 1; margin-bottom: 1; }
    FollowUpsScreen #search { width: 1fr; }
    FollowUpsScreen #kind { width: 20; margin: 0 1; }
    FollowUpsScreen #overdue { width: auto; }
    FollowUpsScreen DataTable { height: 1fr; }
    """
    # The footer keeps the keys that act on an item; the filters show on screen (their keys, the
    # customer and the visit stay in F1 help and the command palette) so it fits 100 columns.
    BINDINGS = [
        Binding("ctrl+f", "focus_search", "Search", id="search"),
        Binding("ctrl+t", "cycle_kind", "Kind", id="fu_kind", show=False),
        Binding("ctrl+o", "toggle_overdue", "Overdue", id="fu_overdue", show=False),
        Binding("ctrl+d", "complete", "Complete", id="fu_complete"),
        Binding("ctrl+r", "reschedule", "Reschedule", id="fu_reschedule"),
        Binding("ctrl+g", "answered", "Answered", id="fu_answered"),
        Binding("enter", "visit", "Visit", id="fu_visit", show=False),
        Binding("ctrl+e", "customer", "Customer", id="fu_customer", show=False),
        Binding("ctrl+n", "page(1)", "Next page", id="next_page", show=False),
        Binding("ctrl+b", "page(-1)", "Prev page", id="prev_page", show=False),
        Binding("escape", "back", "Back", id="back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page_offset = 0
        self.page: fu.FollowUpPage | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            with Horizontal(id="filters"):
                yield Input(id="search", compact=True)
                yield Select([("", "")], id="kind", allow_blank=False, value="", compact=True)
                yield Checkbox(id="overdue", compact=True)
            yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
            yield Static(id="pager", classes="pager")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one(DataTable).focus()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("followups.title")
        self.query_one("#search", Input).placeholder = t("followups.search")
        kind = self.query_one("#kind", Select)
        current = kind.value if isinstance(kind.value, str) else ""
        with kind.prevent(Select.Changed):
            kind.set_options([(t("followups.kind_all"), ""), *((t(f"followups.kind.{k}"), k) for k in fu.KINDS)])
            kind.value = current
            kind.mutate_reactive(Select.value)  # same value, new label: redraw it
        self.query_one("#overdue", Checkbox).label = t("followups.overdue_only")
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("left", "due", "kind", "customer", "title", "owner"):
            table.add_column(t(f"followups.col.{key}"), key=key)
        self.load()

    # -- loading -----------------------------------------------------------

    def _filter(self) -> fu.FollowUpFilter:
        kind = self.query_one("#kind", Select).value
        return fu.FollowUpFilter(search=self.query_one("#search", Input).value,
                                 kind=kind if isinstance(kind, str) else "",
                                 overdue_only=self.query_one("#overdue", Checkbox).value)

    def load(self) -> None:
        self._load(self._filter(), self.page_offset)

    @work(thread=True, exclusive=True, group="followups", exit_on_error=False)
    def _load(self, flt: fu.FollowUpFilter, offset: int) -> None:
        page = fu.followup_page(self.app.workspace, flt, offset=offset, limit=PAGE_SIZE)
        self.app.call_from_thread(self._show, page)

    def _show(self, page: fu.FollowUpPage) -> None:
        t, locale = self.app.t, self.app.locale
        now = self.app.workspace.now()
        self.page = page
        self.page_offset = page.offset
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for f in page.rows:
            left = f.time_left(now)
            style = "bold red" if left < timedelta(0) else "yellow" if left <= fu.SOON else ""
            text = Text(format_time_left(left, locale), style=style)
            deadline = f"{f.next_deadline():%m-%d %H:%M}"
            if f.next_deadline() != f.due_at:
                deadline = t("followups.answer_due", time=deadline)
            kind = Text(t(f"followups.kind.{f.kind}"), style="magenta" if f.kind == "complaint" else "")
            table.add_row(text, deadline, kind, Text(f.customer_name), Text(f.title), Text(f.owner), key=str(f.id))
        if page.rows:
            table.move_cursor(row=min(keep, len(page.rows) - 1))
        pager = self.query_one("#pager", Static)
        if page.total == 0:
            flt = self._filter()
            filtered = bool(flt.search.strip() or flt.kind or flt.overdue_only)
            pager.update(t("followups.none") if filtered else t("followups.empty"))
        else:
            pager.update(t("followups.page", first=page.offset + 1, last=page.offset + len(page.rows),
                           total=page.total, overdue=page.overdue))
        self.refresh_bindings()

    def _selected(self) -> FollowUpInfo | None:
        if self.page is None or not self.page.rows:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.page.rows[row] if 0 <= row < len(self.page.rows) else None

    # -- filters -----------------------------------------------------------

    def _refilter(self) -> None:
        self.page_offset = 0
        self.load()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    @on(Select.Changed, "#kind")
    @on(Checkbox.Changed, "#overdue")
    def _filter_changed(self, event: Select.Changed | Checkbox.Changed) -> None:
        event.stop()
        self._refilter()

    @on(DataTable.RowSelected, "#table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_visit()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_cycle_kind(self) -> None:
        kind = self.query_one("#kind", Select)
        options = ["", *fu.KINDS]
        current = kind.value if isinstance(kind.value, str) else ""
        kind.value = options[(options.index(current) + 1) % len(options)]

    def action_toggle_overdue(self) -> None:
        self.query_one("#overdue", Checkbox).toggle()

    def action_page(self, step: int) -> None:
        self.page_offset = max(0, self.page_offset + step * PAGE_SIZE)
        self.load()

    def action_back(self) -> None:
        if not self.query_one(DataTable).has_focus:
            self.query_one(DataTable).focus()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    # -- changes to one item -------------------------------------------------

    def _apply(self, change: Callable[[], object], message: str) -> None:
        try:
            change()
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")
        else:
            self.notify(message)
        self.load()

    def action_complete(self) -> None:
        from rmtui.ui.modals.reason import ReasonModal

        f = self._selected()
        if f is None:
            return
        t = self.app.t

        def done(result: str | None) -> None:
            if result:
                self._apply(lambda: fu.complete_followup(self.app.workspace, f.id, result),
                            t("followups.completed", title=escape(f.title)))

        self.app.push_screen(ReasonModal(t("followups.complete_q", title=f.title), t("followups.complete_ph")), done)

    def action_reschedule(self) -> None:
        from rmtui.ui.modals.followup_reschedule import RescheduleModal

        f = self._selected()
        if f is None:
            return
        t = self.app.t

        def moved(when) -> None:  # noqa: ANN001 - datetime or None
            if when is not None:
                self._apply(lambda: fu.reschedule_followup(self.app.workspace, f.id, when),
                            t("followups.rescheduled", due=f"{when:%Y-%m-%d %H:%M}", title=escape(f.title)))

        self.app.push_screen(RescheduleModal(f.title, f.due_at, self.app.workspace.now()), moved)

    def action_answered(self) -> None:
        f = self._selected()
        if f is None:
            return
        t = self.app.t
        if f.first_answer_due is None:
            self.notify(t("followups.no_first_answer"), severity="warning")
            return
        if f.first_answered_at is not None:
            self.notify(t("followups.already_answered", time=f"{f.first_answered_at:%m-%d %H:%M}"))
            return
        self._apply(lambda: fu.mark_first_answer(self.app.workspace, f.id),
                    t("followups.answered", title=escape(f.title)))

    def action_visit(self) -> None:
        from rmtui.ui.modals.followup_detail import FollowUpDetailModal

        f = self._selected()
        if f is None:
            return
        visit = fu.followup_visit(self.app.workspace, f.visit_id) if f.visit_id is not None else None
        self.app.push_screen(FollowUpDetailModal(f, visit))

    def action_customer(self) -> None:
        from rmtui.ui.modals.followup_customer import CustomerPeekModal

        f = self._selected()
        if f is not None:
            self.app.push_screen(CustomerPeekModal(f.customer_code))

    def on_screen_resume(self) -> None:
        # Back from a dialog or another screen (a visit record may have added items): refresh the page.
        if self.page is not None:
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"complete", "reschedule", "answered", "visit", "customer"} and self._selected() is None:
            return None
        if action == "page" and self.page is not None:
            step = int(parameters[0]) if parameters else 1
            if step > 0:
                return self.page.offset + PAGE_SIZE < self.page.total or None
            return self.page.offset > 0 or None
        return True
