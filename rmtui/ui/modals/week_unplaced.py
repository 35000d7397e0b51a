"""The visits the week needed but could not place, with the reasons; write why
a due visit is left out (needed before submitting), and the build's notes."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from rmtui.domain.planning.model import UnplacedVisit, WeekPlanInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import UserError
from rmtui.ui.keys import localize_bindings


class UnplacedModal(ModalScreen[bool]):
    """Returns True when a reason was written (the board reloads)."""

    DEFAULT_CSS = """
    UnplacedModal { align: center middle; }
    UnplacedModal > Vertical { width: 92%; height: 86%; padding: 0 1; border: thick $accent; background: $surface; }
    UnplacedModal DataTable { height: 1fr; }
    UnplacedModal #selected { height: auto; max-height: 4; padding: 0 1; background: $boost; }
    UnplacedModal #notes { height: auto; max-height: 8; color: $text-muted; }
    UnplacedModal #hint { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("w", "write", "Write reason", id="week_write_reason"),
        Binding("enter", "write", "Write reason", id="week_write_reason_enter", show=False),
        Binding("escape", "close", "Close", id="back"),
    ]

    def __init__(self, week: IsoWeek, plan: WeekPlanInfo, need_reason: set[str]) -> None:
        super().__init__()
        self.week = week
        self.plan = plan
        self.need_reason = need_reason
        self.written = {u.code: u.written_reason for u in plan.unplaced}
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(id="title", classes="section-title")
            yield DataTable(id="unplaced", cursor_type="row", zebra_stripes=True)
            yield Static(id="selected")
            yield Static(id="notes")
            yield Static(id="hint")

    def on_mount(self) -> None:
        t = self.app.t
        localize_bindings(self, t)
        self.query_one("#title", Label).update(t("week.unplaced.title", week=str(self.week),
                                                 count=len(self.plan.unplaced)))
        table = self.query_one(DataTable)
        widths = {"name": 12, "wanted": 20, "why": 20, "written": 14}
        for key in ("code", "name", "tier", "wanted", "why", "written"):
            table.add_column(t(f"week.unplaced.col.{key}"), key=key, width=widths.get(key))
        self._fill()
        notes = [*(f"• {escape(f)}" for f in self.plan.flags),
                 *(t("week.unplaced.office", title=escape(o)) for o in self.plan.office_tasks)]
        self.query_one("#notes", Static).update("\n".join(notes))
        self.query_one("#hint", Static).update(t("week.unplaced.hint") if self.plan.unplaced
                                               else t("week.unplaced.none"))
        table.focus()

    def _fill(self) -> None:
        t, locale = self.app.t, self.app.locale
        tiers = self.app.workspace.tiers
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for u in self.plan.unplaced:
            tier = tiers.get(u.tier)
            written = self.written.get(u.code, "")
            if not written and u.code in self.need_reason:
                written = f"[b red]{t('week.unplaced.needed')}[/b red]"
            else:
                written = escape(written)
            table.add_row(u.code, escape(u.name), tier.name(locale) if tier else u.tier, escape(u.reason),
                          escape(u.why), written, key=u.code)
        if self.plan.unplaced:
            table.move_cursor(row=min(keep, len(self.plan.unplaced) - 1))

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        """The highlighted visit in full (the columns cut long reasons)."""
        t = self.app.t
        u = self._selected()
        text = ""
        if u is not None:
            text = "\n".join([f"[b]{escape(u.code)} {escape(u.name)}[/b]",
                              f"{t('week.unplaced.col.wanted')}: {escape(u.reason)}",
                              f"{t('week.unplaced.col.why')}: {escape(u.why)}"]
                             + ([f"{t('week.unplaced.col.written')}: {escape(self.written[u.code])}"]
                                if self.written.get(u.code) else []))
        self.query_one("#selected", Static).update(text)

    def _selected(self) -> UnplacedVisit | None:
        row = self.query_one(DataTable).cursor_row
        return self.plan.unplaced[row] if 0 <= row < len(self.plan.unplaced) else None

    def action_write(self) -> None:
        from rmtui.ui.modals.reason import ReasonModal

        u = self._selected()
        if u is None:
            return
        t = self.app.t

        def written(text: str | None) -> None:
            if not text:
                return
            from rmtui.services.plan_edits import set_unplaced_reason

            try:
                set_unplaced_reason(self.app.workspace, self.week, u.code, text)
            except UserError as exc:
                self.notify(escape(str(exc)), severity="error")
                return
            self.written[u.code] = text
            self.changed = True
            self._fill()
            self.on_data_table_row_highlighted(None)

        self.app.push_screen(ReasonModal(t("week.unplaced.ask", code=u.code, name=u.name),
                                         t("week.unplaced.placeholder")), written)

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write" and self._selected() is None:
            return None
        return True
