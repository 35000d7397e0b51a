"""The month: targets and progress, cadence compliance per tier, the customers
due or overdue this month, the month-end review form, and confirming next
month's plan.

The review form is typed into, so the screen's own keys are ctrl-keys; the
month keys (, and .) are hidden while a text field has the focus.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Label, Static, TextArea

from rmtui.domain.planning.periods import Month
from rmtui.errors import UserError
from rmtui.services.month_board import DuePage, MonthBoard, due_customers, month_board
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter
from rmtui.ui.widgets.notes_area import NotesArea
from rmtui.ui.widgets.progress_bars import ProgressBars

PAGE_SIZE = 100
_NAME_WIDTH = 20
_NAME_WIDTH_NARROW = 14
_NARROW = 110
"""Below this many columns the review form and the names are narrower, so every column of the due list shows."""
AUTOSAVE_SECONDS = 1.0
"""Quiet time after the last keystroke before the review is saved (a killed terminal loses nothing)."""
_FIELDS = ("done", "shortfalls", "improvements")


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


class MonthScreen(Screen[None]):
    """Where the month stands, its review, and the next month's plan."""

    DEFAULT_CSS = """
    MonthScreen #summary { height: auto; padding: 0 1; background: $boost; }
    MonthScreen #top { height: auto; max-height: 12; }
    MonthScreen #targets, MonthScreen #tiers { width: 1fr; height: auto; padding: 0 1; }
    MonthScreen #tier-notes { height: auto; color: $text-muted; }
    MonthScreen #bottom { height: 1fr; }
    MonthScreen #due { width: 2fr; }
    MonthScreen #due DataTable { height: 1fr; }
    MonthScreen #form { width: 1fr; min-width: 30; padding: 0 1; border-left: solid $primary; }
    MonthScreen.-narrow #form { width: 30; }
    MonthScreen #form TextArea { height: 1fr; min-height: 3; }
    MonthScreen #form Label { margin-top: 0; color: $accent; text-style: bold; }
    MonthScreen #saved { height: auto; color: $text-muted; }
    MonthScreen #next { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save_review", "Save review", id="month_save"),
        Binding("ctrl+o", "confirm_next", "Confirm next month", id="month_confirm"),
        Binding("ctrl+n", "page(1)", "Next page", id="next_page", show=False),
        Binding("ctrl+b", "page(-1)", "Prev page", id="prev_page", show=False),
        Binding("escape", "leave_field", "Leave field", id="month_leave"),
        Binding("comma", "month(-1)", "Prev month", id="month_prev"),
        Binding("full_stop", "month(1)", "Next month", id="month_next"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (_NARROW, "-wide")]

    def __init__(self, month: Month | None = None) -> None:
        super().__init__()
        self.month = month
        self.board: MonthBoard | None = None
        self.page: DuePage | None = None
        self.page_offset = 0
        self._shown_name_width: int | None = None  # the names' column width the table was made with
        self._loaded: dict[str, str] = {}
        self._timer: Timer | None = None
        self._current: dict[str, str] = {}  # the review as typed, kept for when the fields are gone

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        with Horizontal(id="top"):
            with Vertical(id="targets"):
                yield Label(id="targets-title", classes="section-title")
                yield ProgressBars(id="target-bars")
            with Vertical(id="tiers"):
                yield Label(id="tiers-title", classes="section-title")
                yield ProgressBars(id="tier-bars")
                yield Static(id="tier-notes")
        with Horizontal(id="bottom"):
            with Vertical(id="due"):
                yield Label(id="due-title", classes="section-title")
                yield DataTable(id="due-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="pager", classes="pager")
            with Vertical(id="form"):
                for field in _FIELDS:
                    yield Label(id=f"label-{field}")
                    yield NotesArea(id=f"review-{field}", soft_wrap=True, show_line_numbers=False)
                yield Static(id="saved")
        yield Static(id="next")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.month = self.month or Month.of(self.app.workspace.today())
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one("#due-table", DataTable).focus()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("month.title")
        self.query_one("#targets-title", Label).update(t("month.targets"))
        self.query_one("#tiers-title", Label).update(t("month.tiers"))
        for field in _FIELDS:
            self.query_one(f"#label-{field}", Label).update(t(f"month.review.{field}"))
        self._columns()
        self.load()

    def _name_width(self) -> int:
        return _NAME_WIDTH_NARROW if self.app.size.width < _NARROW else _NAME_WIDTH

    def _columns(self) -> None:
        t = self.app.t
        table = self.query_one("#due-table", DataTable)
        table.clear(columns=True)
        self._shown_name_width = self._name_width()
        for key in ("code", "name", "tier", "last", "due", "overdue", "planned"):
            # Names cut with an ellipsis (at 20 cells, ten Chinese characters; 14 below 110 columns),
            # never mid-character.
            table.add_column(t(f"month.col.{key}"), key=key, width=self._shown_name_width if key == "name" else None)

    def on_resize(self) -> None:
        if self._shown_name_width not in (None, self._name_width()):
            self._columns()
            if self.page is not None:
                self._fill_due(self.page)

    # -- loading -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="month-load", exit_on_error=False)
    def load(self) -> None:
        ws = self.app.workspace
        try:
            board = month_board(ws, self.month)
            page = due_customers(ws, self.month, offset=self.page_offset, limit=PAGE_SIZE)
        except UserError as exc:
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        self.app.call_from_thread(self._show, board, page)

    def _show(self, board: MonthBoard, page: DuePage) -> None:
        if board.month != self.month:
            return
        t, locale = self.app.t, self.app.locale
        self.board, self.page = board, page
        review = board.review
        parts = [f"[b]{board.month}[/b]", t(f"month.status.{board.status}")]
        if review is not None:
            parts.append(t("month.compliance", share=_share(review.compliance)))
            parts.append(t("month.off_plan", count=len(review.off_plan)))
        else:
            parts.append(t("month.not_started"))
        if board.focus:
            parts.append(t("month.focus", text=escape(board.focus)))
        self.query_one("#summary", Static).update(" · ".join(parts))
        tiers = self.app.workspace.tiers
        if review is not None:
            self.query_one("#target-bars", ProgressBars).bars = tuple(
                (self._label(x), x.achieved or 0, x.target) for x in review.targets if x.target)
            self.query_one("#tier-bars", ProgressBars).bars = tuple(
                (tiers[x.tier].name(locale) if x.tier in tiers else x.tier, x.done, x.required)
                for x in review.by_tier if x.required or x.done)
            notes = [t("month.tier_note", tier=tiers[x.tier].name(locale) if x.tier in tiers else x.tier,
                       on_time=x.on_time, late=x.late, missed=x.missed, share=_share(x.compliance))
                     for x in review.by_tier if x.required]
            self.query_one("#tier-notes", Static).update("\n".join(notes))
        else:
            self.query_one("#target-bars", ProgressBars).bars = ()
            self.query_one("#tier-bars", ProgressBars).bars = ()
            self.query_one("#tier-notes", Static).update(t("month.not_started"))
        self._fill_form(review)
        self._fill_due(page)
        self._next(board)
        self.refresh_bindings()

    def _label(self, target) -> str:  # noqa: ANN001 - TargetInfo
        """The standard targets named in the interface language; others as entered."""
        t, locale = self.app.t, self.app.locale
        tiers = self.app.workspace.tiers
        if target.key == "visits_total":
            return t("month.target.total")
        if target.key == "new_customers":
            return t("month.target.new")
        tier = tiers.get(target.key.removeprefix("visits_")) if target.key.startswith("visits_") else None
        return t("month.target.visits", tier=tier.name(locale)) if tier else target.label

    def _fill_form(self, review) -> None:  # noqa: ANN001 - MonthReview | None
        values = (review.review_done, review.review_shortfalls, review.review_improvements) if review else ("",) * 3
        for field, value in zip(_FIELDS, values, strict=True):
            area = self.query_one(f"#review-{field}", TextArea)
            area.disabled = review is None
            if not area.has_focus:
                area.text = value
        self._loaded = self._current = self._texts()
        if review is not None and review.misses:
            t = self.app.t
            shown = "; ".join(escape(f"{m.code} {m.name}: {m.reason}") for m in review.misses[:4])
            self.query_one("#saved", Static).update(t("month.misses", count=len(review.misses), list=shown))
        else:
            self.query_one("#saved", Static).update("")

    def _fill_due(self, page: DuePage) -> None:
        t, locale = self.app.t, self.app.locale
        tiers = self.app.workspace.tiers
        self.query_one("#due-title", Label).update(t("month.due", total=page.total, overdue=page.overdue))
        table = self.query_one("#due-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for d in page.rows:
            tier = tiers.get(d.tier)
            overdue = f"[red]{t('month.days', days=d.overdue_days)}[/red]" if d.overdue_days else ""
            name = Text(d.name, overflow="ellipsis", no_wrap=True)
            table.add_row(d.code, name, tier.name(locale) if tier else d.tier,
                          self._date(d.last_visit), self._date(d.due_date), overdue, self._date(d.planned),
                          key=d.code)
        if page.rows:
            table.move_cursor(row=min(keep, len(page.rows) - 1))
        last = page.offset + len(page.rows)
        self.query_one("#pager", Static).update(
            t("month.pager", first=page.offset + 1 if page.rows else 0, last=last, total=page.total))

    def _date(self, day) -> str:  # noqa: ANN001 - date | None
        if day is None:
            return ""
        return day.strftime("%m-%d") if day.year == self.month.year else day.strftime("%y-%m-%d")

    def _next(self, board: MonthBoard) -> None:
        t = self.app.t
        plan = board.next_plan
        if plan is None:
            text = t("month.next.none", month=str(board.next_month)) + (
                f" · {escape(board.next_error)}" if board.next_error else "")
        else:
            targets = " · ".join(f"{escape(self._label(x))} {x.target:g}" for x in plan.targets if x.target)
            key = "month.next.confirmed" if plan.status == "confirmed" else "month.next.draft"
            text = t(key, month=plan.month) + (f" · {targets}" if targets else "")
        self.query_one("#next", Static).update(text)

    # -- actions -----------------------------------------------------------

    def action_save_review(self) -> None:
        if self.board is None or self.board.review is None:
            self.notify(self.app.t("month.not_started"), severity="warning")
            return
        self._stop_timer()
        self.save(self.month, self._texts())

    @work(thread=True, exclusive=True, group="month-save", exit_on_error=False)
    def save(self, month: Month, texts: dict[str, str], quiet: bool = False) -> None:
        from rmtui.services.plan_month import review_month

        try:
            review_month(self.app.workspace, month, done=texts["done"], shortfalls=texts["shortfalls"],
                         improvements=texts["improvements"])
        except UserError as exc:
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        self.app.call_from_thread(self._saved, month, texts, quiet)

    def _saved(self, month: Month, texts: dict[str, str], quiet: bool = False) -> None:
        if not quiet:
            self.notify(self.app.t("month.saved", month=str(month)))
        if month == self.month and self.is_attached:
            self._loaded = texts
            self.query_one("#saved", Static).update(self.app.t("month.saved", month=str(month)))

    def action_confirm_next(self) -> None:
        if self.board is None or self.board.next_plan is None:
            return
        if self.board.next_plan.status == "confirmed":
            self.notify(self.app.t("month.next.already", month=str(self.board.next_month)), severity="warning")
            return
        self.confirm(self.board.next_month)

    @work(thread=True, exclusive=True, group="month-confirm", exit_on_error=False)
    def confirm(self, month: Month) -> None:
        from rmtui.services.plan_month import build_month

        try:
            build_month(self.app.workspace, month, confirm=True)
        except UserError as exc:
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        self.app.call_from_thread(self.notify, self.app.t("month.next.done", month=str(month)))
        self.app.call_from_thread(self.load)

    def action_page(self, step: int) -> None:
        if self.page is None:
            return
        offset = max(0, self.page_offset + step * PAGE_SIZE)
        if offset >= self.page.total:
            return
        self.page_offset = offset
        self.load()

    def action_month(self, step: int) -> None:
        self._keep()  # what was typed for this month, before its fields are cleared
        self.month = self.month.shift(step)
        self.page_offset = 0
        for field in _FIELDS:
            self.query_one(f"#review-{field}", TextArea).text = ""
        self._loaded = self._current = self._texts()
        self.load()

    def action_leave_field(self) -> None:
        self.query_one("#due-table", DataTable).focus()

    def _typing(self) -> bool:
        return isinstance(self.focused, (TextArea, Input))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def _texts(self) -> dict[str, str]:
        return {f: self.query_one(f"#review-{f}", TextArea).text.strip() for f in _FIELDS}

    @on(TextArea.Changed)
    def _edited(self) -> None:
        self._current = self._texts()
        if self._current != self._loaded:
            self.query_one("#saved", Static).update(self.app.t("month.unsaved"))
            self._stop_timer()
            self._timer = self.set_timer(AUTOSAVE_SECONDS, self._autosave)

    # -- the review kept as it is typed --------------------------------------

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _unsaved(self) -> dict[str, str] | None:
        """The review texts when they differ from what is stored (and the month has a review)."""
        if self.board is None or self.board.review is None:
            return None
        return self._current if self._current and self._current != self._loaded else None

    def _autosave(self) -> None:
        self._timer = None
        texts = self._unsaved()
        if texts is not None:
            self.save(self.month, texts, quiet=True)

    def _keep(self) -> None:
        """Save unsaved review text at once, in this thread: the screen is going away (another
        screen's key, quit) or about to show another month."""
        self._stop_timer()
        texts = self._unsaved()
        if texts is None:
            return
        from rmtui.services.plan_month import review_month

        try:
            review_month(self.app.workspace, self.month, done=texts["done"], shortfalls=texts["shortfalls"],
                         improvements=texts["improvements"])
        except UserError:
            return  # nothing more can be shown; the last save stands
        self._loaded = texts

    def on_unmount(self) -> None:
        self._keep()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "month" and self._typing():
            return False  # typed into the field instead
        if action == "leave_field":
            return self._typing()
        if action == "save_review":
            return True if self.board is not None and self.board.review is not None else None
        if action == "confirm_next":
            plan = self.board.next_plan if self.board else None
            return True if plan is not None and plan.status != "confirmed" else None
        return True

