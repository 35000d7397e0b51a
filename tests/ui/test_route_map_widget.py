from __future__ import annotations

from textual.app import App, ComposeResult

from rmtui.ui.widgets.route_map import MapData, MapPoint, RouteMap

ROUTE = MapData((MapPoint(32.05, 118.78, "S", "start"), MapPoint(32.06, 118.80, "1"), MapPoint(32.02, 118.76, "2"),
                 MapPoint(32.08, 118.74, "E", "end")))


class MapApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RouteMap()


async def test_map_is_drawn_once_per_data_size_and_theme(monkeypatch):
    draws: list[tuple[int, int]] = []
    draw = RouteMap._draw
    monkeypatch.setattr(RouteMap, "_draw", lambda self, w, h: draws.append((w, h)) or draw(self, w, h))
    app = MapApp()
    async with app.run_test(size=(40, 12)) as pilot:
        route_map = app.query_one(RouteMap)
        await pilot.pause()
        draws.clear()  # the empty map drawn at mount
        route_map.data = ROUTE
        await pilot.pause()
        assert draws == [(40, 12)]
        text = "".join(strip.text for strip in route_map._cache)
        assert all(label in text for label in "S12E") and any("⠁" <= ch <= "⣿" for ch in text)

        route_map.refresh()  # repainted as it is (the screen shown again, a layout elsewhere): no new drawing
        route_map.data = MapData(ROUTE.points)  # equal data
        await pilot.pause()
        assert len(draws) == 1

        route_map.data = MapData(ROUTE.points, position=(32.035, 118.77))  # the day moves on
        await pilot.pause()
        assert len(draws) == 2 and "●" in "".join(strip.text for strip in route_map._cache)

        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert len(draws) == 3

        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        assert draws[-1] == (50, 14)
