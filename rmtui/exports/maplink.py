"""Links that open a day's route in a web map: text to copy, nothing is fetched.

* ``route_map_urls`` — the whole route on the OSRM demo map
  (``map.project-osrm.org``, OpenStreetMap data, WGS-84), every point as a
  via point. Links are kept short for messengers and browsers: at most
  ``MAX_POINTS_PER_LINK`` points each (about 1 KB); a longer day is split
  into several links that join at a shared point.
* ``osm_leg_urls`` — one openstreetmap.org directions link per leg. The OSM
  website's directions take a start and an end only (``route=lat,lon;lat,lon``;
  further points are ignored), so a multi-stop day is given leg by leg.
* ``amap_leg_urls`` — one Amap (高德) navigation link per leg, in GCJ-02
  (converted here), which opens the Amap app on a phone in China, where
  OpenStreetMap routing is often poor.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from rmtui.errors import InputError
from rmtui.exports.route_points import RouteExport, RoutePoint
from rmtui.geo.datum import wgs84_to_gcj02

MAX_POINTS_PER_LINK = 25
OSRM_SERVICES = {"drive": 0, "ebike": 1, "walk": 2, "transit": 0}
OSM_ENGINES = {"drive": "fossgis_osrm_car", "ebike": "fossgis_osrm_bike", "walk": "fossgis_osrm_foot",
               "transit": "fossgis_osrm_car"}
AMAP_MODES = {"drive": "car", "ebike": "ride", "walk": "walk", "transit": "bus"}


@dataclass(frozen=True, slots=True)
class LegLink:
    """A link for one leg of the route: from one point to the next."""

    origin: str
    destination: str
    url: str


def _path(route: RouteExport) -> list[RoutePoint]:
    """Located points in order, without repeats of the same place (lunch at a stop)."""
    out: list[RoutePoint] = []
    for p in route.located():
        if out and (round(out[-1].lat, 6), round(out[-1].lon, 6)) == (round(p.lat, 6), round(p.lon, 6)):
            continue
        out.append(p)
    return out


def _ll(p: RoutePoint) -> str:
    return f"{p.lat:.6f},{p.lon:.6f}"


def _check_mode(mode: str, table: dict) -> None:
    if mode not in table:
        raise InputError(f"travel mode {mode!r} has no map link; use one of {', '.join(table)}", title="Export")


def route_map_urls(route: RouteExport, *, mode: str = "drive",
                   max_points: int = MAX_POINTS_PER_LINK) -> list[str]:
    """Links showing the whole route on map.project-osrm.org (split when longer than ``max_points``)."""
    _check_mode(mode, OSRM_SERVICES)
    if max_points < 2:
        raise ValueError("a route link needs at least two points")
    path = _path(route)
    if len(path) < 2:
        return []
    chunks: list[list[RoutePoint]] = []
    start = 0
    while start < len(path) - 1:
        chunk = path[start:start + max_points]
        chunks.append(chunk)
        start += len(chunk) - 1  # the next link starts where this one ends
    urls = []
    for chunk in chunks:
        centre_lat = (min(p.lat for p in chunk) + max(p.lat for p in chunk)) / 2
        centre_lon = (min(p.lon for p in chunk) + max(p.lon for p in chunk)) / 2
        params = [("z", "13"), ("center", f"{centre_lat:.6f},{centre_lon:.6f}")]
        params += [("loc", _ll(p)) for p in chunk]
        params += [("hl", "en"), ("alt", "0"), ("srv", str(OSRM_SERVICES[mode]))]
        urls.append("https://map.project-osrm.org/?" + urlencode(params, safe=","))
    return urls


def osm_directions_url(origin: RoutePoint, destination: RoutePoint, *, mode: str = "drive") -> str:
    """openstreetmap.org directions from one point to another (the site takes exactly two)."""
    _check_mode(mode, OSM_ENGINES)
    return (f"https://www.openstreetmap.org/directions?engine={OSM_ENGINES[mode]}"
            f"&route={quote(_ll(origin), safe=',')}%3B{quote(_ll(destination), safe=',')}")


def osm_leg_urls(route: RouteExport, *, mode: str = "drive") -> list[LegLink]:
    """One openstreetmap.org directions link per leg of the route."""
    path = _path(route)
    return [LegLink(route.display_name(a), route.display_name(b), osm_directions_url(a, b, mode=mode))
            for a, b in zip(path, path[1:], strict=False)]


def _amap_point(route: RouteExport, p: RoutePoint) -> str:
    lat, lon = wgs84_to_gcj02(p.lat, p.lon)
    return f"{lon:.6f},{lat:.6f},{route.display_name(p)}"


def amap_leg_urls(route: RouteExport, *, mode: str = "drive") -> list[LegLink]:
    """One Amap navigation link per leg, coordinates converted to GCJ-02 (Amap's datum)."""
    _check_mode(mode, AMAP_MODES)
    path = _path(route)
    links = []
    for a, b in zip(path, path[1:], strict=False):
        params = {"from": _amap_point(route, a), "to": _amap_point(route, b), "mode": AMAP_MODES[mode],
                  "policy": "1", "coordinate": "gaode", "callnative": "1", "src": "rmtui"}
        links.append(LegLink(route.display_name(a), route.display_name(b),
                             "https://uri.amap.com/navigation?" + urlencode(params, safe=",")))
    return links
