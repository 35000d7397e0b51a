"""A day's route as GPX 1.1 (gpxpy): every point a waypoint, and the route in order.

Stops carry their planned arrival as the waypoint time (UTC, as GPX wants)
and the departure, address and note in the description, so a phone's map
app (OsmAnd, Organic Maps …) shows the day. gpxpy is imported when used.
"""

from __future__ import annotations

from datetime import timezone

from rmtui.exports.route_points import RouteExport, RoutePoint, hm


def _description(point: RoutePoint) -> str:
    parts = []
    if point.arrive or point.depart:
        parts.append(f"{hm(point.arrive)}–{hm(point.depart)}".strip("–"))
    if point.code:
        parts.append(point.code)
    if point.address:
        parts.append(point.address)
    if point.note:
        parts.append(point.note)
    return " · ".join(parts)


def route_to_gpx(route: RouteExport) -> str:
    """The GPX document (XML text) of ``route``."""
    import gpxpy.gpx

    gpx = gpxpy.gpx.GPX()
    gpx.creator = "rmtui"
    gpx.name = route.title
    gpx.description = f"{route.day.isoformat()} · {sum(p.kind == 'stop' for p in route.points)} visits"
    rte = gpxpy.gpx.GPXRoute(name=route.title, description=route.day.isoformat())
    for point in route.located():
        when = route.moment(point.arrive or point.depart)
        utc = when.astimezone(timezone.utc) if when else None
        name = route.display_name(point)
        wpt = gpxpy.gpx.GPXWaypoint(latitude=round(point.lat, 7), longitude=round(point.lon, 7), time=utc,
                                    name=name, description=_description(point), type=point.kind)
        wpt.comment = point.address or None
        gpx.waypoints.append(wpt)
        rte.points.append(gpxpy.gpx.GPXRoutePoint(latitude=round(point.lat, 7), longitude=round(point.lon, 7),
                                                  time=utc, name=name, type=point.kind))
    gpx.routes.append(rte)
    return gpx.to_xml(version="1.1")
