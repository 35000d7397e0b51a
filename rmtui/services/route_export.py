"""A day's planned route as the exporters take it (``rmtui.exports``).

``route_export(ws, day)`` reads the day as stored (``show_day``: visits in
route order with their times, lunch, when the day ends) and turns it into a
``RouteExport``: the configured start place, the visits in order, lunch
where it falls, the end place. A visit whose customer has no exact location
is never placed on the map: it is left out and listed in ``skipped`` so the
caller can warn about it. Skipped visits (by the user) are not part of the
route. Nothing is planned or written here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from rmtui.errors import InputError
from rmtui.exports.route_points import RouteExport, RoutePoint
from rmtui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class SkippedStop:
    """A visit of the day left out of the export because its customer has no exact location."""

    code: str
    name: str
    quality: str
    """The customer's ``geo_quality``: ``none`` or ``approximate``."""


@dataclass(frozen=True, slots=True)
class DayRouteExport(RouteExport):
    """A ``RouteExport`` of a planned day, with the visits that could not be placed."""

    skipped: tuple[SkippedStop, ...] = ()
    """Visits left out for want of an exact location (never guessed), in route order."""


def _texts(locale: str, day: date) -> tuple[str, str]:
    if locale == "zh":
        return f"{day.month}月{day.day}日 拜访路线", "午餐"
    return f"Visits {day.isoformat()}", "Lunch"


def _plus(t: time, minutes: int) -> time:
    return (datetime.combine(date.min, t) + timedelta(minutes=minutes)).time()


def route_export(ws: Workspace, day: date) -> DayRouteExport:
    """The stored route of ``day`` for export; ``InputError`` when the day has nothing to show."""
    from rmtui.services.plan_day import show_day
    from rmtui.store.customers import customers_by_ids

    info = show_day(ws, day)
    visits = [st for st in info.stops if st.status in ("planned", "done")]
    if not visits:
        raise InputError(f"no visits are planned on {day.isoformat()}; plan the day first with "
                         f"'rmtui plan day {day.isoformat()}'", title="Export")
    with ws.db.sessions() as session:
        customers = customers_by_ids(session, {st.customer_id for st in visits})
    s = ws.settings
    title, lunch_label = _texts(s.locale, day)
    start, end = s.start_place(), s.end_place()
    points: list[RoutePoint] = [RoutePoint(0, "start", start.name, start.lat, start.lon, address=start.address)]
    skipped: list[SkippedStop] = []
    lunch_at = info.lunch
    lunch_end = _plus(lunch_at, s.workday.lunch.minutes) if lunch_at is not None else None

    def add_lunch() -> None:
        nonlocal lunch_at
        points.append(RoutePoint(len(points), "lunch", lunch_label, None, None, arrive=lunch_at, depart=lunch_end))
        lunch_at = None

    for st in visits:
        if lunch_at is not None and st.arrive is not None and st.arrive >= lunch_at:
            add_lunch()
        c = customers[st.customer_id]
        if not c.located:
            skipped.append(SkippedStop(c.code, c.name, c.geo_quality))
            continue
        note = " · ".join(x for x in dict.fromkeys((st.purpose, st.focus)) if x)
        points.append(RoutePoint(len(points), "stop", c.name, c.lat, c.lon, arrive=st.arrive, depart=st.depart,
                                 code=c.code, address=c.address, note=note))
    if not any(p.kind == "stop" for p in points):
        raise InputError(f"none of the {len(visits)} visit(s) on {day.isoformat()} has an exact location, so "
                         "there is no route to export; set the locations with 'rmtui geocode' or "
                         "'rmtui geocode set CODE LAT,LON'", title="Export")
    if lunch_at is not None:
        add_lunch()
    points.append(RoutePoint(len(points), "end", end.name, end.lat, end.lon, arrive=info.back_at,
                             address=end.address))
    return DayRouteExport(day, title, tuple(points), s.timezone, tuple(skipped))


FORMATS = ("gpx", "geojson", "link")
MAPS = ("osrm", "osm", "amap")


def route_text(route: RouteExport, fmt: str, *, map_site: str = "osrm", mode: str = "drive") -> str:
    """``route`` as GPX, GeoJSON, or map links (one per line; per leg for OSM and Amap)."""
    if fmt == "gpx":
        from rmtui.exports.gpx import route_to_gpx

        return route_to_gpx(route)
    if fmt == "geojson":
        from rmtui.exports.geojson import dumps

        return dumps(route, indent=2) + "\n"
    if fmt != "link":
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}", title="Export")
    from rmtui.exports import maplink

    mode = mode if mode in maplink.OSRM_SERVICES else "drive"
    if map_site == "osrm":
        lines = maplink.route_map_urls(route, mode=mode)
    elif map_site in ("osm", "amap"):
        legs = (maplink.osm_leg_urls if map_site == "osm" else maplink.amap_leg_urls)(route, mode=mode)
        lines = [f"{leg.origin} → {leg.destination}\n{leg.url}" for leg in legs]
    else:
        raise InputError(f"unknown map {map_site!r}; use one of {', '.join(MAPS)}", title="Export")
    if not lines:
        raise InputError(f"the route of {route.day.isoformat()} has fewer than two places; there is nothing to "
                         "draw on a map", title="Export")
    return "\n".join(lines) + "\n"


def save_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically: a reader sees the old file or the whole new one."""
    out = Path(path)
    if out.is_dir():
        raise InputError(f"{out} is a folder; give a file name such as {out / 'route.gpx'}", title="Export")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {out} ({exc.strerror}); check the folder exists and is writable",
                         title="Export") from None
    return out
