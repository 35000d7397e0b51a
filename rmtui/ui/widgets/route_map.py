"""A map of a day's route drawn in the terminal with braille dots.

Each cell holds a 2×4 braille dot matrix, so the path is drawn at twice the
horizontal and four times the vertical resolution of the text grid; stops
are numbered on top of it, ``S``/``E`` mark start and end, and ``●`` marks
where the day stands now. The projection is equirectangular with the
longitude scaled by cos(latitude), which is exact enough for a city.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

_BRAILLE_BASE = 0x2800
# Dot bit for (x, y) inside a cell, x in 0..1, y in 0..3.
_DOT = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A point of the route: ``label`` is drawn on the map ("1", "S", "E")."""

    lat: float
    lon: float
    label: str
    kind: str = "stop"  # start | stop | end | done | skipped


@dataclass(frozen=True, slots=True)
class MapData:
    """What the map shows: the points in route order and how far the day has come."""

    points: tuple[MapPoint, ...] = ()
    position: tuple[float, float] | None = None  # where the manager is now (or will be)


class RouteMap(Widget):
    """Draws ``MapData``; set ``data`` to redraw."""

    DEFAULT_CSS = """
    RouteMap { height: 1fr; min-height: 8; }
    """
    COMPONENT_CLASSES = {"route-map--path", "route-map--stop", "route-map--done", "route-map--end",
                         "route-map--position"}
    DEFAULT_CSS += """
    RouteMap > .route-map--path { color: $primary; }
    RouteMap > .route-map--stop { color: $text; background: $accent; text-style: bold; }
    RouteMap > .route-map--done { color: $text-muted; background: $success-darken-2; }
    RouteMap > .route-map--end { color: $text; background: $warning-darken-1; text-style: bold; }
    RouteMap > .route-map--position { color: $error; text-style: bold; }
    """

    data: reactive[MapData] = reactive(MapData, layout=False)

    _cache: list[Strip] = []
    _cache_key: tuple = ()

    def render_line(self, y: int) -> Strip:
        """Lines of the map drawn once per data, size and look: a repaint that changes none of them
        (the screen shown again, a layout elsewhere) reuses them."""
        width, height = self.size
        key = (self.data, width, height)
        if y == 0:  # a repaint from the top may follow a change of theme: check the look once per pass
            key += (self.rich_style, self.app.theme)
        if key != self._cache_key[:len(key)]:
            self._cache = self._draw(width, height)
            self._cache_key = (self.data, width, height, self.rich_style, self.app.theme)
        return self._cache[y] if y < len(self._cache) else Strip.blank(width)

    def _draw(self, width: int, height: int) -> list[Strip]:
        base = self.rich_style
        if width < 4 or height < 2 or not self.data.points:
            return [Strip.blank(width, base) for _ in range(height)]
        pts = self.data.points
        project = _projector(pts, width, height)
        dots = [[0] * width for _ in range(height)]
        sub = [project(p.lat, p.lon) for p in pts]
        for (x0, y0), (x1, y1) in zip(sub, sub[1:], strict=False):
            for x, y in _line(x0, y0, x1, y1):
                cx, cy = x // 2, y // 4
                if 0 <= cx < width and 0 <= cy < height:
                    dots[cy][cx] |= _DOT[y % 4][x % 2]
        labels: dict[tuple[int, int], tuple[str, str]] = {}
        for p, (x, y) in zip(pts, sub, strict=True):
            cls = {"start": "route-map--end", "end": "route-map--end", "done": "route-map--done",
                   "skipped": "route-map--done"}.get(p.kind, "route-map--stop")
            cx = min(max(0, x // 2), width - len(p.label))
            cy = min(max(0, y // 4), height - 1)
            for i, ch in enumerate(p.label):
                labels[(cx + i, cy)] = (ch, cls)
        if self.data.position is not None:
            x, y = project(*self.data.position)
            labels.setdefault((min(x // 2, width - 1), min(y // 4, height - 1)), ("●", "route-map--position"))
        path_style = base + self.get_component_rich_style("route-map--path")
        styles = {c: base + self.get_component_rich_style(c) for c in self.COMPONENT_CLASSES}
        strips = []
        for cy in range(height):
            segments: list[Segment] = []
            for cx in range(width):
                label = labels.get((cx, cy))
                if label:
                    segments.append(Segment(label[0], styles[label[1]]))
                elif dots[cy][cx]:
                    segments.append(Segment(chr(_BRAILLE_BASE + dots[cy][cx]), path_style))
                else:
                    segments.append(Segment(" ", base))
            strips.append(Strip(Segment.simplify(segments), width))
        return strips


def _projector(points: tuple[MapPoint, ...], width: int, height: int):  # noqa: ANN202 - closure
    """Map lat/lon to braille sub-pixels, keeping the aspect ratio (a cell is ~2:1)."""
    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    mid = math.radians((min(lats) + max(lats)) / 2)
    xs = [lon * math.cos(mid) for lon in lons]
    x_min, x_max = min(xs), max(xs)
    y_min, y_max = min(lats), max(lats)
    span_x = max(x_max - x_min, 1e-6)
    span_y = max(y_max - y_min, 1e-6)
    # Sub-pixels are square-ish: 2 per cell wide, 4 per cell high, cells ~1:2.
    px_w, px_h = (width - 2) * 2, (height - 1) * 4
    scale = min(px_w / span_x, px_h / span_y)
    off_x = (px_w - span_x * scale) / 2 + 2
    off_y = (px_h - span_y * scale) / 2 + 2

    def project(lat: float, lon: float) -> tuple[int, int]:
        x = (lon * math.cos(mid) - x_min) * scale + off_x
        y = (y_max - lat) * scale + off_y
        return int(round(x)), int(round(y))

    return project


def _line(x0: int, y0: int, x1: int, y1: int):  # noqa: ANN202 - generator of points
    """Bresenham's line from (x0, y0) to (x1, y1)."""
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    while True:
        yield x0, y0
        if x0 == x1 and y0 == y1:
            return
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy

