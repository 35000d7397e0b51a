"""Today: the day's visits in route order, the route on a map, and the keys
to adjust the day. Re-optimising runs in a worker; the screen stays live.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from rmtui.errors import UserError
from rmtui.services import day_view as days
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.route_map import MapData, MapPoint, RouteMap


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class TodayScreen(Screen[None]):
    """The screen a manager lives in from 08:00 to 18:00."""

    DEFAULT_CSS = """
    TodayScreen #body { height: 1fr; }
    TodayScreen #visits { width: 3fr; }
    TodayScreen #side { width: 2fr; min-width: 36; border-left: solid $primary; }
    TodayScreen DataTable { height: 1fr; }
    TodayScreen #totals { height: auto; padding: 0 1; }
    TodayScreen #notice { height: auto; padding: 0 1; color: $warning; }
    TodayScreen LoadingIndicator { height: 1; display: none; }
    TodayScreen.-solving LoadingIndicator { display: block; }
    """
    BINDINGS = [
        Binding("r", "reoptimise", "Re-optimise", id="reoptimise"),
        Binding("shift+up", "move(-1)", "Up", id="move_up"),
        Binding("shift+down", "move(1)", "Down", id="move_down"),
        Binding("p", "pin", "Pin", id="pin", show=False),
        Binding("s", "skip", "Skip", id="skip"),
        Binding("x", "done", "Done", id="done"),
        Binding("comma", "day(-1)", "Prev day", id="prev_day"),
        Binding("full_stop", "day(1)", "Next day", id="next_day"),
        Binding("home", "go_today", "Today", id="go_today", show=False),
        Binding("c", "customers", "Customers", id="customers"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day
        self.view: days.DayView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="visits"):
                yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
                yield LoadingIndicator()
                yield Static(id="notice")
            with Vertical(id="side"):
                yield RouteMap(id="map")
                yield Static(id="totals")
        yield Footer()

    def on_mount(self) -> None:
        self.day = self.day or self.app.workspace.today()
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one(DataTable).focus()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key in ("seq", "time", "status", "customer", "tier", "window", "purpose"):
            table.add_column(t(f"today.col.{key}"), key=key)
        self.load()

    # -- data --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="today-load", exit_on_error=False)
    def load(self) -> None:
        view = days.load_day(self.app.workspace, self.day)
        self.app.call_from_thread(self._show, view)

    def _show(self, view: days.DayView) -> None:
        t, locale = self.app.t, self.app.locale
        self.view = view
        weekday = view.day.strftime("%a") if locale == "en" else "一二三四五六日"[view.day.weekday()]
        self.sub_title = f"{t('today.title')} {view.day.isoformat()} {weekday}"
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        tiers = self.app.workspace.tiers
        for v in view.visits:
            tier = tiers.get(v.customer.tier)
            when = v.planned_start.strftime("%H:%M") if v.planned_start else "--:--"
            if v.appointment is not None:
                window = t("today.appointment", time=v.appointment.strftime("%H:%M"))
            else:
                window = ",".join(f"{_hm(a)}-{_hm(b)}" for a, b in v.windows) or t("today.any_time")
            status = "ready" if v.status == "planned" and v.checklist_ready else v.status
            style = {"done": "green", "skipped": "dim", "ready": "cyan"}.get(status, "")
            label = t(f"today.status.{status}")
            pin = "📌" if v.pinned else ""
            table.add_row(
                str(v.sequence), when, f"[{style}]{label}[/{style}]" if style else label,
                escape(v.customer.name[:14]) + pin, tier.name(locale) if tier else v.customer.tier, window,
                escape(" · ".join(x for x in (v.purpose, v.reason) if x)), key=str(v.id))
        if view.visits:
            table.move_cursor(row=min(keep, len(view.visits) - 1))
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

    def _draw_map(self, view: days.DayView) -> None:
        pts = [MapPoint(*view.start, "⌂" if view.start == view.end else "S", "start")]
        for n, v in enumerate(view.visits, start=1):
            c = v.customer
            if c.located:
                kind = "done" if v.status in ("done", "skipped") else "stop"
                pts.append(MapPoint(c.lat, c.lon, str(n), kind))
        pts.append(MapPoint(*view.end, "⌂" if view.start == view.end else "E", "end"))
        done = [v for v in view.visits if v.status == "done" and v.customer.located]
        here = (done[-1].customer.lat, done[-1].customer.lon) if done else None
        self.query_one(RouteMap).data = MapData(tuple(pts), here)

    def _totals(self, view: days.DayView) -> None:
        t = self.app.t
        wd = self.app.workspace.settings.workday
        planned = [v for v in view.visits if v.status != "skipped"]
        busy = sum(v.minutes for v in planned)
        last = max((v for v in planned if v.planned_start), key=lambda v: v.planned_start, default=None)
        back = "--:--"
        if last is not None:
            end = last.planned_start.hour * 60 + last.planned_start.minute + last.minutes
            back = _hm(end)
        day_len = (wd.end.hour * 60 + wd.end.minute) - (wd.start.hour * 60 + wd.start.minute)
        travel = getattr(self, "_travel", None)
        free = day_len - busy - wd.lunch.minutes - (travel or 0)
        self.query_one("#totals", Static).update(t(
            "today.totals", visits=len(view.visits), done=sum(v.status == "done" for v in view.visits),
            travel=travel if travel is not None else "?", back=back, free=free))

    def _selected(self) -> days.DayVisit | None:
        if self.view is None or not self.view.visits:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.view.visits[row] if 0 <= row < len(self.view.visits) else None

    # -- actions -----------------------------------------------------------

    def action_reoptimise(self) -> None:
        self.add_class("-solving")
        self.notify(self.app.t("today.solving"), timeout=2)
        self.solve()

    @work(thread=True, exclusive=True, group="route", exit_on_error=False)
    def solve(self) -> None:
        from rmtui.services.plan_day import plan_day

        try:
            result = plan_day(self.app.workspace, self.day, replan=True)
        except UserError as exc:
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        finally:
            self.app.call_from_thread(self.remove_class, "-solving")
        self.app.call_from_thread(self._solved, result)

    def _solved(self, result) -> None:  # noqa: ANN001 - DayPlanInfo
        t = self.app.t
        self._travel = result.travel_minutes
        self.notify(t("today.solved", travel=self._travel))
        if result.dropped:
            reasons = "; ".join(escape(f"{d.name}: {d.why}") for d in result.dropped[:3])
            self.notify(t("today.dropped", count=len(result.dropped), reasons=reasons), severity="warning",
                        timeout=10)
        self.load()

    def _apply(self, change, *args) -> None:  # noqa: ANN001 - a day_view function
        v = self._selected()
        if v is None:
            return
        try:
            change(self.app.workspace, v.id, *args)
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")
            return
        self.load()

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        v = self._selected()
        if v is None:
            return
        self._apply(days.move_visit, step)
        table.move_cursor(row=max(0, min(table.cursor_row + step, table.row_count - 1)))

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
        t = self.app.t

        def skipped(reason: str | None) -> None:
            if reason:
                self._apply(days.set_status, "skipped", reason)

        self.app.push_screen(ReasonModal(t("today.skip_reason"), t("today.skip_placeholder")), skipped)

    def action_day(self, step: int) -> None:
        self.day = self.day + timedelta(days=step)
        self._travel = None
        self.load()

    def action_go_today(self) -> None:
        self.day = self.app.workspace.today()
        self.load()

    def action_customers(self) -> None:
        from rmtui.ui.screens.customers import CustomersScreen

        self.app.push_screen(CustomersScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"move", "pin", "skip", "done"} and self._selected() is None:
            return None
        return True
