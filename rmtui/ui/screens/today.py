"""Today: the day's visits in route order with arrival and wait, the route
on a map, the day's totals, and the keys to adjust the day and to go on to
the checklist, the visit record and the customer.

Loading and re-optimising run in workers; the screen stays live, and a
re-optimisation can be cancelled (escape) without changing the day.
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from time import monotonic

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.visual import visualize
from textual.widgets import DataTable, Header, Label, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from rmtui.errors import UserError
from rmtui.services import day_view as days
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.route_map import MapData, MapPoint, RouteMap
from rmtui.ui.widgets.footer import KeyFooter

COLUMNS = ("seq", "time", "arrive", "status", "customer", "tier", "window", "purpose")
KEPT_CUSTOMERS = "today-customers"
"""The name of the customer list screen Today keeps installed (``c``)."""
EDITS = {"move", "pin", "skip", "done", "add_visit"}
"""Actions that change the day's order or content: paused while a re-optimisation runs."""


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _short(minutes: int) -> str:
    """09:00 → 9, 13:30 → 13:30: opening windows that fit a narrow column."""
    h, m = divmod(minutes, 60)
    return f"{h}" if m == 0 else f"{h}:{m:02d}"


class TodayScreen(Screen[None]):
    """The screen a manager lives in from 08:00 to 18:00."""

    # The day is in the sub-title; the header redraws itself when it changes, the whole screen needn't.
    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)

    DEFAULT_CSS = """
    TodayScreen #body { height: 1fr; }
    TodayScreen #visits { width: 1fr; }
    TodayScreen #side { width: 35%; min-width: 30; border-left: solid $primary; }
    TodayScreen DataTable { height: 1fr; overflow-x: hidden; }
    TodayScreen #selected { height: auto; max-height: 4; padding: 0 1; border-top: solid $primary-darken-2; }
    TodayScreen #totals { height: auto; padding: 0 1; border-top: solid $primary-darken-2; }
    TodayScreen #solving { height: 1; padding: 0 1; display: none; }
    TodayScreen #solving Label { width: auto; margin-right: 2; }
    TodayScreen.-solving #solving { display: block; }
    """
    BINDINGS = [
        Binding("r", "reoptimise", "Re-optimise", id="reoptimise"),
        Binding("escape", "cancel_solve", "Cancel", id="today_cancel"),
        Binding("k", "checklist", "Checklist", id="today_checklist"),
        Binding("v", "record", "Record", id="today_record"),
        Binding("x", "done", "Done", id="done"),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("a", "add_visit", "Add visit", id="today_add"),
        Binding("shift+up", "move(-1)", "Up", id="move_up", show=False),
        Binding("shift+down", "move(1)", "Down", id="move_down", show=False),
        Binding("p", "pin", "Pin", id="pin", show=False),
        Binding("o", "open_customer", "Open customer", id="today_open", show=False),
        Binding("comma", "day(-1)", "Prev day", id="prev_day", show=False),
        Binding("full_stop", "day(1)", "Next day", id="next_day", show=False),
        Binding("home", "go_today", "Today", id="go_today", show=False, priority=True),
        Binding("j", "jump", "Go to date", id="today_jump", show=False),
        Binding("c", "go('customers')", "Customers", id="go_customers", show=False),
        Binding("f", "go('followups')", "Follow-ups", id="go_followups", show=False),
        Binding("e", "go('end_of_day')", "End of day", id="go_end_of_day", show=False),
        Binding("w", "go('week')", "Week", id="go_week", show=False),
        Binding("m", "go('month')", "Month", id="go_month", show=False),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day
        self.view: days.DayView | None = None
        self._solver: Worker | None = None
        self._solve_started = 0.0
        self._ticker: Timer | None = None
        self._focus_after_load: int | None = None  # the visit to highlight once the day is loaded
        self._top_after_load = False  # highlight the first visit once the day is loaded
        self._rows: list[tuple[Text, ...]] = []  # the cells the table shows, to change only what changed
        self._selected_fit: tuple[int, int] | None = None  # (view id, width) the description box is sized for
        self._notice = ""  # a holiday, a day off, a day without visits: said above the description

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="visits"):
                yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
                with Horizontal(id="solving"):
                    yield Label(id="solving-label")
                    yield ProgressBar(id="solving-bar", show_eta=False)
                yield Static(id="selected")
            with Vertical(id="side"):
                yield RouteMap(id="map")
                yield Static(id="totals")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.day = self.day or self.app.workspace.today()
        table = self.query_one(DataTable)
        self.watch(table, "cursor_coordinate", self._cursor_moved, init=False)
        self.watch(self.app, "locale", self._relabel, init=True)
        table.focus()

    def on_resize(self) -> None:
        self._describe(self._selected())

    def on_screen_resume(self) -> None:
        """Back from the checklist, the record or another screen: show what changed there."""
        if self.view is not None:
            self.load()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.query_one("#solving-label", Label).update(t("today.solving_cancel"))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self._rows = []
        for key in COLUMNS:
            table.add_column(t(f"today.col.{key}"), key=key)
        self.load()

    # -- data --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="today-load", exit_on_error=False)
    def load(self) -> None:
        view = days.load_day(self.app.workspace, self.day)
        self.app.call_from_thread(self._show, view)

    def _show(self, view: days.DayView) -> None:
        if view.day != self.day:  # the day changed while loading; its own load follows
            return
        t, locale = self.app.t, self.app.locale
        self.view = view
        weekday = view.day.strftime("%a") if locale == "en" else "一二三四五六日"[view.day.weekday()]
        self.sub_title = f"{t('today.title')} {view.day.isoformat()} {weekday}"
        notice = []
        if view.holiday:
            notice.append(t("today.holiday", name=view.holiday))
        elif not view.working_day:
            notice.append(t("today.weekend"))
        if not view.visits:
            notice.append(t("today.empty"))
        self._notice = "\n".join(f"[$warning]{escape(line)}[/]" for line in notice)  # before the cursor moves
        table = self.query_one(DataTable)
        keep = 0 if self._top_after_load else table.cursor_row
        self._top_after_load = False
        self._fill(table, [self._cells(v) for v in view.visits])
        if view.visits:
            wanted = self._focus_after_load
            self._focus_after_load = None
            rows = [k for k, v in enumerate(view.visits) if v.id == wanted]
            table.move_cursor(row=rows[0] if rows else min(keep, len(view.visits) - 1))
        self._draw_map(view)
        self._totals(view)
        self._describe(self._selected())
        self.refresh_bindings()

    def _fill(self, table: DataTable, rows: list[tuple[Text, ...]]) -> None:
        """Show ``rows``: the same number of rows as shown are changed cell by cell (a reorder, a status),
        so the table keeps its size and nothing is laid out again; otherwise the table is refilled."""
        if len(rows) == table.row_count == len(self._rows):
            for y, (old, new) in enumerate(zip(self._rows, rows, strict=True)):
                for x, (a, b) in enumerate(zip(old, new, strict=True)):
                    if a != b:
                        table.update_cell_at(Coordinate(y, x), b, update_width=True)
        else:
            table.clear()
            for column in table.columns.values():  # fit the new day's cells (clear keeps the widths)
                column.content_width = column.label.cell_len
            for y, cells in enumerate(rows):
                table.add_row(*cells, key=str(y))
        self._rows = rows

    def _cells(self, v: days.DayVisit) -> tuple[Text, ...]:
        """The row of a visit, as Text (no markup to parse on every draw)."""
        t, locale = self.app.t, self.app.locale
        tier = self.app.workspace.tiers.get(v.customer.tier)
        when = v.planned_start.strftime("%H:%M") if v.planned_start else "--:--"
        if v.appointment is not None:
            window = t("today.appointment", time=v.appointment.strftime("%H:%M"))
        elif v.windows:
            window = ",".join(f"{_short(a)}-{_short(b)}" for a, b in v.windows)
        else:
            window = t("today.any_time")
        arrive = Text(end="")
        if v.arrive is not None and v.status != "skipped":
            arrive.append(v.arrive.strftime("%H:%M"))
            if v.wait > 0:
                arrive.append(" " + t("today.wait", minutes=v.wait), "yellow")
            elif v.wait < 0:
                arrive.append(" " + t("today.late", minutes=-v.wait), "red")
        status = "ready" if v.status == "planned" and v.checklist_ready else v.status
        style = {"done": "green", "skipped": "dim", "ready": "cyan"}.get(status, "")
        name = v.customer.name if len(v.customer.name) <= 10 else v.customer.name[:9] + "…"
        name += "📌" if v.pinned else ""
        return (_text(str(v.sequence)), _text(when), arrive, _text(t(f"today.status.{status}"), style),
                _text(name), _text(tier.name(locale) if tier else v.customer.tier), _text(window),
                _text(" · ".join(x for x in (v.purpose, v.reason) if x)))

    def _draw_map(self, view: days.DayView) -> None:
        same = view.start == view.end
        pts = [MapPoint(*view.start, "⌂" if same else "S", "start")]
        for v in view.visits:
            c = v.customer
            if c.located and v.status != "skipped":
                pts.append(MapPoint(c.lat, c.lon, str(v.sequence), "done" if v.status == "done" else "stop"))
        pts.append(MapPoint(*view.end, "⌂" if same else "E", "end"))
        done = [v for v in view.visits if v.status == "done" and v.customer.located]
        here = (done[-1].customer.lat, done[-1].customer.lon) if done else None
        self.query_one(RouteMap).data = MapData(tuple(pts), here)

    def _totals(self, view: days.DayView) -> None:
        t = self.app.t
        clock = lambda x: x.strftime("%H:%M") if x else "--:--"  # noqa: E731
        lines = [
            t("today.sum_visits", visits=len(view.visits), done=sum(v.status == "done" for v in view.visits),
              skipped=sum(v.status == "skipped" for v in view.visits)),
            t("today.sum_route", leave=clock(view.leave_at), back=clock(view.back_at)),
            t("today.sum_time", travel=view.travel_minutes, wait=view.wait_minutes),
            t("today.sum_free", free=view.free_minutes if view.visits else "-"),
        ]
        if view.lunch is not None:
            lines.append(t("today.sum_lunch", time=clock(view.lunch), minutes=view.lunch_minutes))
        _put(self.query_one("#totals", Static), "\n".join(lines))

    def _describe(self, v: days.DayVisit | None) -> None:
        """The highlighted visit in full under the table (the columns are cut to fit), after the day's
        notice if there is one. The box keeps the height of the day's longest text, so that moving the
        cursor or to another day seldom lays the screen out again (a layout redraws the whole table)."""
        box = self.query_one("#selected", Static)
        text = self._description(v)
        if text != box.content:
            box.update(text, layout=False)
            box.clear_cached_dimensions()
        width = box.content_size.width
        if width and self._selected_fit != (id(self.view), width):
            self._selected_fit = (id(self.view), width)
            visits = (self.view.visits if self.view is not None else ()) or (None,)
            lines = max(visualize(box, self._description(x)).get_height(box.styles, width) for x in visits)
            # at least two lines (name and address, purpose), so that most days keep the same layout
            box.styles.height = max(lines, 2) + box.styles.gutter.height  # max-height still applies

    def _description(self, v: days.DayVisit | None) -> str:
        if v is None:
            return self._notice
        t = self.app.t
        c = v.customer
        head = f"[b]{escape(c.name)}[/b] [dim]{escape(c.code)}[/dim]  {escape(c.address)}"
        parts = [escape(x) for x in (v.purpose, v.reason) if x]
        if v.appointment is not None:
            parts.append(t("today.appointment", time=v.appointment.strftime("%H:%M")))
        if not c.located:
            parts.append(f"[red]{t('today.no_location')}[/red]")
        text = head + ("\n" + " · ".join(parts) if parts else "")
        return f"{self._notice}\n{text}" if self._notice else text

    def _selected(self) -> days.DayVisit | None:
        if self.view is None or not self.view.visits:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.view.visits[row] if 0 <= row < len(self.view.visits) else None

    def _cursor_moved(self) -> None:
        """Describe the highlighted visit at once, in the frame that draws the cursor (not a frame later
        as a RowHighlighted message would)."""
        self._describe(self._selected())

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_customer()

    # -- re-optimising -----------------------------------------------------

    @property
    def solving(self) -> bool:
        return self._solver is not None and self._solver.is_running and not self._solver.is_cancelled

    def action_reoptimise(self) -> None:
        limit = self.app.workspace.settings.routing.time_limit_seconds
        bar = self.query_one("#solving-bar", ProgressBar)
        bar.update(total=limit, progress=0)
        self._solve_started = monotonic()
        if self._ticker is None:
            self._ticker = self.set_interval(0.2, self._tick)
        else:
            self._ticker.resume()
        self.add_class("-solving")
        self._solver = self.solve(self.day)
        self.refresh_bindings()

    def _tick(self) -> None:
        self.query_one("#solving-bar", ProgressBar).update(progress=monotonic() - self._solve_started)

    def _solve_ended(self) -> None:
        self.remove_class("-solving")
        if self._ticker is not None:
            self._ticker.pause()
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="route", exit_on_error=False)
    def solve(self, day: date) -> None:
        from rmtui.services.plan_day import SolveCancelled, plan_day

        worker = get_current_worker()
        try:
            result = plan_day(self.app.workspace, day, replan=True, cancelled=lambda: worker.is_cancelled,
                              locale=self.app.locale)
        except SolveCancelled:
            return
        except UserError as exc:
            self.app.call_from_thread(self._solve_ended)
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        if worker.is_cancelled:  # the day is written already; say so plainly
            self.app.call_from_thread(self.load)
            return
        self.app.call_from_thread(self._solved, result)

    def _solved(self, result) -> None:  # noqa: ANN001 - DayPlanInfo
        t = self.app.t
        self._solve_ended()
        self.notify(t("today.solved", travel=result.travel_minutes))
        if result.dropped:
            reasons = "; ".join(escape(f"{d.name}: {d.why}") for d in result.dropped[:3])
            self.notify(t("today.dropped", count=len(result.dropped), reasons=reasons), severity="warning",
                        timeout=10)
        self.load()

    def action_cancel_solve(self) -> None:
        if self._solver is not None and self.solving:
            self._solver.cancel()
            self._solve_ended()
            self.notify(self.app.t("today.solve_cancelled"))

    # -- editing the day ---------------------------------------------------

    def _apply(self, change, *args) -> object:  # noqa: ANN001 - a day_view function
        """Run ``change`` on the highlighted visit; its result, or None when it failed (said in a notice)."""
        v = self._selected()
        if v is None:
            return None
        try:
            result = change(self.app.workspace, v.id, *args)
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")
            return None
        self.load()
        return True if result is None else result

    def action_move(self, step: int) -> None:
        v = self._selected()
        if v is None:
            return
        self._focus_after_load = v.id  # the cursor follows the visit when the day is shown again
        fits = self._apply(days.move_visit, step)
        if fits is None:
            self._focus_after_load = None
            return
        if not fits:
            self.notify(self.app.t("today.order_overruns"), severity="warning")

    def action_pin(self) -> None:
        v = self._selected()
        if v is not None:
            from rmtui.services.plan_edits import pin_visit

            self._apply(pin_visit, not v.pinned)

    def action_done(self) -> None:
        v = self._selected()
        if v is not None:
            self._apply(days.set_status, "planned" if v.status == "done" else "done")

    def action_skip(self) -> None:
        from rmtui.ui.modals.reason import ReasonModal

        v = self._selected()
        if v is None:
            return
        if v.status == "skipped":
            self._apply(days.set_status, "planned")
            return
        t = self.app.t

        def skipped(reason: str | None) -> None:
            if reason:
                self._apply(days.set_status, "skipped", reason)

        self.app.push_screen(ReasonModal(t("today.skip_reason"), t("today.skip_placeholder")), skipped)

    def action_add_visit(self) -> None:
        from rmtui.ui.modals.add_visit import AddVisitModal

        day = self.day

        def chosen(code: str | None) -> None:
            if not code:
                return
            try:
                added = days.add_ad_hoc(self.app.workspace, day, code, self.app.t("today.ad_hoc_reason"))
            except UserError as exc:
                self.notify(escape(str(exc)), severity="error")
                return
            self._focus_after_load = added.visit_id
            if added.fits:
                self.notify(self.app.t("today.added"))
            else:
                self.notify(self.app.t("today.added_overruns"), severity="warning", timeout=8)
            self.load()

        self.app.push_screen(AddVisitModal(day), chosen)

    # -- going elsewhere ---------------------------------------------------

    def action_day(self, step: int) -> None:
        self._show_day(self.day + timedelta(days=step))

    def action_go_today(self) -> None:
        self._show_day(self.app.workspace.today())

    def action_jump(self) -> None:
        from rmtui.ui.modals.jump_date import JumpDateModal

        def chosen(day: date | None) -> None:
            if day is not None:
                self._show_day(day)

        self.app.push_screen(JumpDateModal(self.day), chosen)

    def _show_day(self, day: date) -> None:
        self.day = day
        self._top_after_load = True
        self.load()

    def action_go(self, destination: str) -> None:
        if destination == "customers":
            self._open_customers()
        else:
            self.app.go(destination)

    def _open_customers(self) -> None:
        """The customer list is kept once opened from here: going back to it shows it at once, refreshed,
        where it was left (opening a new screen lays it out and draws it several times)."""
        from rmtui.ui.screens.customers import CustomersScreen

        if not self.app.is_screen_installed(KEPT_CUSTOMERS):
            self.app.install_screen(CustomersScreen(), KEPT_CUSTOMERS)
        self.app.push_screen(KEPT_CUSTOMERS)

    def action_open_customer(self) -> None:
        v = self._selected()
        if v is not None:
            self.app.go("customers", v.customer.code)

    def action_checklist(self) -> None:
        v = self._selected()
        if v is not None:
            from rmtui.ui.screens.checklist import ChecklistScreen

            self.app.push_screen(ChecklistScreen(v.id))

    def action_record(self) -> None:
        v = self._selected()
        if v is None:
            return
        if importlib.util.find_spec("rmtui.ui.screens.visit_record") is None:
            self.notify(self.app.t("today.record_missing"), severity="warning")
            return
        from rmtui.ui.screens.visit_record import VisitRecordScreen

        self.app.push_screen(VisitRecordScreen(v.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_solve":
            return self.solving
        if action in EDITS and self.solving:
            return None
        if action in EDITS - {"add_visit"} | {"checklist", "record", "open_customer"} and self._selected() is None:
            return None
        return True


def _text(value: str, style: str = "") -> Text:
    return Text(value, style, end="")


def _put(box: Static, content: str) -> None:
    """Update ``box``, laying the screen out again only when its height changes."""
    if content == box.content:
        return
    box.update(content, layout=False)
    box.clear_cached_dimensions()
    width = box.content_size.width
    if not width or box.visual.get_height(box.styles, width) != box.content_size.height:
        box.refresh(layout=True)
