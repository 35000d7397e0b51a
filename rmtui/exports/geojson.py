"""A day's route as GeoJSON (RFC 7946): a point per stop and a line in driving order.

Coordinates are WGS-84 ``[longitude, latitude]`` with six decimals (about
0.1 m), as the RFC recommends; times are "HH:MM" in the route's time zone.
"""

from __future__ import annotations

import json
from typing import Any

from rmtui.exports.route_points import RouteExport, hm

DECIMALS = 6


def route_to_geojson(route: RouteExport) -> dict[str, Any]:
    """The FeatureCollection of ``route`` as plain dicts and lists."""
    features: list[dict[str, Any]] = []
    located = route.located()
    for p in located:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(p.lon, DECIMALS), round(p.lat, DECIMALS)]},
            "properties": {"seq": p.seq, "kind": p.kind, "name": route.display_name(p), "label": p.label,
                           "code": p.code, "address": p.address, "arrive": hm(p.arrive), "depart": hm(p.depart),
                           "note": p.note},
        })
    if len(located) >= 2:
        features.append({
            "type": "Feature",
            "geometry": {"type": "LineString",
                         "coordinates": [[round(p.lon, DECIMALS), round(p.lat, DECIMALS)] for p in located]},
            "properties": {"kind": "route", "name": route.title, "day": route.day.isoformat(),
                           "stops": sum(p.kind == "stop" for p in route.points), "timezone": route.timezone},
        })
    return {"type": "FeatureCollection", "features": features}


def dumps(route: RouteExport, *, indent: int | None = None) -> str:
    """The GeoJSON text (UTF-8, Chinese kept readable)."""
    return json.dumps(route_to_geojson(route), ensure_ascii=False, indent=indent)
