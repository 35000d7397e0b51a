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
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Label, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from rmtui.errors import UserError
from rmtui.services import day_view as days
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.route_map import MapData, MapPoint, RouteMap
from rmtui.ui.widgets.footer import KeyFooter

COLUMNS = ("seq", "time", "arrive", "status", "customer", "tier", "window", "purpose")
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

    DEFAULT_CSS = """
    TodayScreen #body { height: 1fr; }
    TodayScreen #visits { width: 1fr; }
    TodayScreen #side { width: 35%; min-width: 30; border-left: solid $primary; }
    TodayScreen DataTable { height: 1fr; }
    TodayScreen #selected { height: auto; max-height: 4; padding: 0 1; border-top: solid $primary-darken-2; }
    TodayScreen #totals { height: auto; padding: 0 1; border-top: solid $primary-darken-2; }
    TodayScreen #notice { height: auto; padding: 0 1; color: $warning; }
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
        self._focus_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="visits"):
                yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
                with Horizontal(id="solving"):
                    yield Label(id="solving-label")
                    yield ProgressBar(id="solving-bar", show_eta=False)
                yield Static(id="selected")
                yield Static(id="notice")
            with Vertical(id="side"):
                yield RouteMap(id="map")
                yield Static(id="totals")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.day = self.day or self.app.workspace.today()
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one(DataTable).focus()

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
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for v in view.visits:
            table.add_row(*self._cells(v), key=str(v.id))
        if view.visits:
            wanted = self._focus_after_load
            self._focus_after_load = None
            rows = [k for k, v in enumerate(view.visits) if v.id == wanted]
            table.move_cursor(row=rows[0] if rows else min(keep, len(view.visits) - 1))
        notice = ""
        if view.holiday:
            notice = t("today.holiday", name=view.holiday)
        elif not view.working_day:
            notice = t("today.weekend")
        if not view.visits:
            notice = (notice + "\n" if notice else "") + t("today.empty")
        self.query_one("#notice", Static).update(notice)
        self._draw_map(view)
        self._totals(view)
        self._describe(self._selected())
        self.refresh_bindings()

    def _cells(self, v: days.DayVisit) -> tuple[str, ...]:
        t, locale = self.app.t, self.app.locale
        tier = self.app.workspace.tiers.get(v.customer.tier)
        when = v.planned_start.strftime("%H:%M") if v.planned_start else "--:--"
        if v.appointment is not None:
            window = t("today.appointment", time=v.appointment.strftime("%H:%M"))
        elif v.windows:
            window = ",".join(f"{_short(a)}-{_short(b)}" for a, b in v.windows)
        else:
            window = t("today.any_time")
        arrive = ""
        if v.arrive is not None and v.status != "skipped":
            arrive = v.arrive.strftime("%H:%M")
            if v.wait > 0:
                arrive += f" [yellow]{t('today.wait', minutes=v.wait)}[/yellow]"
            elif v.wait < 0:
                arrive += f" [red]{t('today.late', minutes=-v.wait)}[/red]"
        status = "ready" if v.status == "planned" and v.checklist_ready else v.status
        style = {"done": "green", "skipped": "dim", "ready": "cyan"}.get(status, "")
        label = t(f"today.status.{status}")
        name = escape(v.customer.name if len(v.customer.name) <= 10 else v.customer.name[:9] + "…")
        name += "📌" if v.pinned else ""
        return (str(v.sequence), when, arrive, f"[{style}]{label}[/{style}]" if style else label, name,
                tier.name(locale) if tier else v.customer.tier, window,
                escape(" · ".join(x for x in (v.purpose, v.reason) if x)))

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
        self.query_one("#totals", Static).update("\n".join(lines))

    def _describe(self, v: days.DayVisit | None) -> None:
        """The highlighted visit in full, under the table (the columns are cut to fit)."""
        box = self.query_one("#selected", Static)
        if v is None:
            box.update("")
            return
        t = self.app.t
        c = v.customer
        head = f"[b]{escape(c.name)}[/b] [dim]{escape(c.code)}[/dim]  {escape(c.address)}"
        parts = [escape(x) for x in (v.purpose, v.reason) if x]
        if v.appointment is not None:
            parts.append(t("today.appointment", time=v.appointment.strftime("%H:%M")))
        if not c.located:
            parts.append(f"[red]{t('today.no_location')}[/red]")
        box.update(head + ("\n" + " · ".join(parts) if parts else ""))

    def _selected(self) -> days.DayVisit | None:
        if self.view is None or not self.view.visits:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.view.visits[row] if 0 <= row < len(self.view.visits) else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(self._selected())
        self.refresh_bindings()

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
            result = plan_day(self.app.workspace, day, replan=True, cancelled=lambda: worker.is_cancelled)
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
        table = self.query_one(DataTable)
        fits = self._apply(days.move_visit, step)
        if fits is None:
            return
        table.move_cursor(row=max(0, min(table.cursor_row + step, table.row_count - 1)))
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
        self.query_one(DataTable).move_cursor(row=0)
        self.load()

    def action_go(self, destination: str) -> None:
        self.app.go(destination)

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
