"""Add a visit to the week by hand: find the customer, choose the day, say why."""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import UserError
from rmtui.services.customers import CustomerPage, customer_page
from rmtui.ui.keys import localize_bindings


class AddVisitModal(ModalScreen[int | None]):
    """Adds the visit (``add_visit``) and returns its id, or None when cancelled.

    ``days``: (day, label) of the days a visit can still go to; ``need_reason``:
    the plan is submitted, so the change is a deviation and needs its reason.
    """

    DEFAULT_CSS = """
    AddVisitModal { align: center middle; }
    AddVisitModal > Vertical { width: 76; max-width: 96%; height: auto; max-height: 94%; padding: 0 2;
                               border: thick $accent; background: $surface; }
    AddVisitModal OptionList { height: 7; }
    AddVisitModal Label { margin-top: 0; }
    AddVisitModal #error { color: $error; height: auto; }
    AddVisitModal #buttons { height: auto; margin-top: 1; }
    AddVisitModal Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Add", id="week_add_save", priority=True),
        Binding("escape", "cancel", "Cancel", id="back"),
    ]

    def __init__(self, week: IsoWeek, days: list[tuple[date, str]], day: date | None, need_reason: bool) -> None:
        super().__init__()
        self.week = week
        self.days = days
        self.day = day if day in {d for d, _ in days} else (days[0][0] if days else None)
        self.need_reason = need_reason
        self.page: CustomerPage | None = None

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            yield Label(t("week.add.title", week=str(self.week)), classes="section-title")
            yield Input(placeholder=t("week.add.search"), id="search")
            yield OptionList(id="found")
            yield Label(t("week.add.day"))
            yield Select([(label, d) for d, label in self.days], value=self.day, allow_blank=False, id="day")
            yield Label(t("week.add.purpose"))
            yield Input(placeholder=t("week.add.purpose_placeholder"), id="purpose")
            if self.need_reason:
                yield Label(t("week.add.reason"))
                yield Input(placeholder=t("week.add.reason_placeholder"), id="reason")
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button(t("week.add.button"), variant="primary", id="ok")
                yield Button(t("app.cancel"), id="cancel")

    def on_mount(self) -> None:
        localize_bindings(self, self.app.t)
        self.query_one("#search", Input).focus()
        self.search()

    @on(Input.Changed, "#search")
    def _typed(self) -> None:
        self.search()

    @on(Input.Submitted, "#search")
    def _to_list(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#found", OptionList).focus()

    @work(thread=True, exclusive=True, group="week-add-search", exit_on_error=False)
    def search(self) -> None:
        text = self.query_one("#search", Input).value.strip()
        page = customer_page(self.app.workspace, search=text, limit=30)
        self.app.call_from_thread(self._found, page)

    def _found(self, page: CustomerPage) -> None:
        t, locale = self.app.t, self.app.locale
        self.page = page
        tiers = self.app.workspace.tiers
        found = self.query_one("#found", OptionList)
        found.clear_options()
        for c in page.rows:
            tier = tiers.get(c.tier)
            where = "" if c.lat is not None else "  " + t("week.add.no_location")
            found.add_option(Option(f"{c.code}  {escape(c.name)}  · {tier.name(locale) if tier else c.tier}"
                                    f"  · {escape(c.district)}{where}", id=c.code))
        if page.rows:
            found.highlighted = 0

    @on(OptionList.OptionSelected, "#found")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#day", Select).focus()

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        from rmtui.services.plan_edits import add_visit

        t = self.app.t
        error = self.query_one("#error", Static)
        found = self.query_one("#found", OptionList)
        if found.highlighted is None or found.option_count == 0:
            error.update(t("week.add.pick_customer"))
            return
        code = found.get_option_at_index(found.highlighted).id
        day = self.query_one("#day", Select).value
        if not isinstance(day, date):
            error.update(t("week.add.pick_day"))
            return
        reason = self.query_one("#reason", Input).value.strip() if self.need_reason else ""
        if self.need_reason and not reason:
            error.update(t("week.add.reason_missing"))
            self.query_one("#reason", Input).focus()
            return
        purpose = self.query_one("#purpose", Input).value.strip()
        try:
            visit_id = add_visit(self.app.workspace, self.week, code, day, purpose=purpose, reason=reason)
        except UserError as exc:
            error.update(escape(str(exc)))
            return
        self.dismiss(visit_id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
