"""One day of the week board on the map: the route in its planned order."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from rmtui.services.week_board import BoardDay
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.route_map import MapData, MapPoint, RouteMap
from rmtui.ui.widgets.week_board import day_name


class DayMapModal(ModalScreen[None]):
    """The route of ``day``: map and stops; escape closes."""

    DEFAULT_CSS = """
    DayMapModal { align: center middle; }
    DayMapModal > Vertical { width: 94%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    DayMapModal #body { height: 1fr; }
    DayMapModal RouteMap { width: 3fr; }
    DayMapModal #stops { width: 2fr; min-width: 30; padding: 0 1; border-left: solid $primary; }
    DayMapModal #foot { height: auto; color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="back"), Binding("m", "close", show=False)]

    def __init__(self, day: BoardDay) -> None:
        super().__init__()
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(id="title", classes="section-title")
            with Horizontal(id="body"):
                yield RouteMap()
                yield Static(id="stops")
            yield Static(id="foot")

    def on_mount(self) -> None:
        t, locale = self.app.t, self.app.locale
        localize_bindings(self, t)
        settings = self.app.workspace.settings
        start, end = settings.start_place(), settings.end_place()
        home = (start.lat, start.lon) == (end.lat, end.lon)
        points = [MapPoint(start.lat, start.lon, "⌂" if home else "S", "start")]
        lines, missing = [], 0
        for n, v in enumerate(self.day.visits, start=1):
            when = v.planned_start.strftime("%H:%M") if v.planned_start else "--:--"
            if v.lat is None or v.lon is None:
                missing += 1
                lines.append(f"{n:>2}. {when} {escape(v.name)}  [$error]{t('week.map.no_location')}[/]")
                continue
            points.append(MapPoint(v.lat, v.lon, str(n), "stop"))
            lines.append(f"{n:>2}. {when} {escape(v.name)}")
        points.append(MapPoint(end.lat, end.lon, "⌂" if home else "E", "end"))
        self.query_one(RouteMap).data = MapData(tuple(points))
        self.query_one("#title", Label).update(t("week.map.title", day=day_name(self.day.day, locale)))
        self.query_one("#stops", Static).update("\n".join(lines) or t("week.day.empty"))
        s = self.day.summary
        foot = (t("week.day.load", visits=s.visits, minutes=s.visit_minutes) + " · " +
                t("week.day.travel", travel=s.travel_minutes)) if s else ""
        if s is not None and s.back_at is not None:
            foot += " · " + t("week.map.back", time=s.back_at.strftime("%H:%M"))
        self.query_one("#foot", Static).update(foot)

    def action_close(self) -> None:
        self.dismiss(None)
