"""Route exports parsed back: GPX with gpxpy, GeoJSON with json, map links with urllib."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timezone
from urllib.parse import parse_qs, parse_qsl, urlsplit

import gpxpy
import pytest

from rmtui.errors import InputError
from rmtui.exports.geojson import dumps, route_to_geojson
from rmtui.exports.gpx import route_to_gpx
from rmtui.exports.maplink import amap_leg_urls, osm_directions_url, osm_leg_urls, route_map_urls
from rmtui.exports.route_points import RouteExport, RoutePoint
from rmtui.geo.area import haversine_m
from rmtui.geo.datum import gcj02_to_wgs84

DAY = date(2026, 11, 24)
OFFICE = (32.041544, 118.784048)


def make_route(stops: int = 3) -> RouteExport:
    points = [RoutePoint(0, "start", "新街口支行", *OFFICE, depart=time(8, 30), address="南京市秦淮区中山南路1号")]
    for i in range(1, stops + 1):
        points.append(RoutePoint(len(points), "stop", f"客户{i}", 32.04 + i * 0.005, 118.77 + i * 0.004,
                                 arrive=time(9, i % 60), depart=time(10, i % 60), code=f"C{i:04d}",
                                 address=f"南京市鼓楼区汉中路{i}号", note="季度回访"))
        if i == 1:
            points.append(RoutePoint(len(points), "lunch", "午餐", None, None, arrive=time(12, 0),
                                     depart=time(12, 45)))
    points.append(RoutePoint(len(points), "end", "新街口支行", *OFFICE, arrive=time(17, 30)))
    return RouteExport(DAY, "11月24日 拜访路线", tuple(points))


def test_gpx_round_trip():
    route = make_route()
    gpx = gpxpy.parse(route_to_gpx(route))
    assert gpx.name == "11月24日 拜访路线"
    names = [w.name for w in gpx.waypoints]
    assert names == ["新街口支行", "1. 客户1", "2. 客户2", "3. 客户3", "新街口支行"]  # lunch has no place
    first_stop = gpx.waypoints[1]
    assert (first_stop.latitude, first_stop.longitude) == (pytest.approx(32.045), pytest.approx(118.774))
    assert first_stop.type == "stop" and "09:01–10:01" in first_stop.description
    assert "C0001" in first_stop.description and first_stop.comment == "南京市鼓楼区汉中路1号"
    assert first_stop.time == datetime(2026, 11, 24, 1, 1, tzinfo=timezone.utc)  # 09:01 in Shanghai
    [rte] = gpx.routes
    assert [p.name for p in rte.points] == names
    assert [(p.latitude, p.longitude) for p in rte.points] == [(w.latitude, w.longitude) for w in gpx.waypoints]


def test_geojson_round_trip():
    route = make_route()
    doc = json.loads(dumps(route))
    assert doc["type"] == "FeatureCollection"
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    [line] = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["name"] for f in points] == ["新街口支行", "1. 客户1", "2. 客户2", "3. 客户3", "新街口支行"]
    assert points[1]["geometry"]["coordinates"] == [118.774, 32.045]  # longitude first (RFC 7946)
    assert points[1]["properties"]["arrive"] == "09:01" and points[1]["properties"]["code"] == "C0001"
    assert line["geometry"]["coordinates"] == [f["geometry"]["coordinates"] for f in points]
    assert line["properties"]["day"] == "2026-11-24" and line["properties"]["stops"] == 3
    assert "客户1" in dumps(route)  # Chinese kept readable


def test_a_single_point_has_no_line():
    route = RouteExport(DAY, "t", (RoutePoint(0, "start", "办公室", *OFFICE),))
    assert [f["geometry"]["type"] for f in route_to_geojson(route)["features"]] == ["Point"]
    assert route_map_urls(route) == [] and osm_leg_urls(route) == []


def test_osrm_link_holds_every_point_in_order():
    route = make_route()
    [url] = route_map_urls(route)
    parts = urlsplit(url)
    assert parts.netloc == "map.project-osrm.org"
    locs = [v for k, v in parse_qsl(parts.query) if k == "loc"]
    assert locs == [f"{p.lat:.6f},{p.lon:.6f}" for p in route.located()]
    assert parse_qs(parts.query)["srv"] == ["0"]


def test_long_days_are_split_into_joined_links():
    route = make_route(stops=40)  # 42 located points
    urls = route_map_urls(route, max_points=25)
    chunks = [[v for k, v in parse_qsl(urlsplit(u).query) if k == "loc"] for u in urls]
    assert [len(c) for c in chunks] == [25, 18]
    assert chunks[0][-1] == chunks[1][0]
    assert all(len(u) < 2000 for u in urls)


def test_osm_legs_take_two_points_each():
    route = make_route()
    legs = osm_leg_urls(route, mode="walk")
    assert [(leg.origin, leg.destination) for leg in legs][0] == ("新街口支行", "1. 客户1")
    assert len(legs) == 4
    q = parse_qs(urlsplit(legs[0].url).query)
    assert q["engine"] == ["fossgis_osrm_foot"]
    assert q["route"] == [f"{OFFICE[0]:.6f},{OFFICE[1]:.6f};32.045000,118.774000"]
    stops = route.located()
    assert osm_directions_url(stops[0], stops[1]) == legs[0].url.replace("fossgis_osrm_foot", "fossgis_osrm_car")


def test_amap_legs_are_in_gcj02():
    route = make_route()
    legs = amap_leg_urls(route)
    q = parse_qs(urlsplit(legs[0].url).query)
    lon, lat, name = q["to"][0].split(",")
    assert name == "1. 客户1" and q["coordinate"] == ["gaode"] and q["mode"] == ["car"]
    back = gcj02_to_wgs84(float(lat), float(lon))
    assert haversine_m(32.045, 118.774, *back) < 1.0
    assert haversine_m(32.045, 118.774, float(lat), float(lon)) > 100  # really shifted


@pytest.mark.parametrize(("points", "fragment"), [
    ((), "no points"),
    ((RoutePoint(1, "stop", "a", 32.0, 118.0), RoutePoint(0, "start", "b", 32.0, 118.0)), "in order"),
    ((RoutePoint(0, "stop", "甲", None, None),), "has no location"),
    ((RoutePoint(0, "stop", "甲", 132.0, 18.0),), "not a WGS-84"),
    ((RoutePoint(0, "visit", "甲", 32.0, 118.0),), "kind 'visit'"),  # type: ignore[arg-type]
])
def test_bad_routes_are_refused(points, fragment):
    with pytest.raises(InputError, match=fragment):
        RouteExport(DAY, "t", points)


def test_unknown_mode():
    with pytest.raises(InputError, match="travel mode 'boat'"):
        route_map_urls(make_route(), mode="boat")
