"""A planned day turned into a RouteExport: order, times, lunch, places, and never a guessed location."""

from __future__ import annotations

import json
from datetime import date, time

import gpxpy
import pytest
from sqlalchemy import select

from rmtui.errors import InputError
from rmtui.services.plan_day import plan_day
from rmtui.services.route_export import DayRouteExport, route_export, route_text, save_text
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Customer, PlannedVisit

DAY = date(2026, 11, 24)
HOURS = "Mo-Fr 09:00-18:00"
BOOK = [  # code, name, lat, lon, quality
    ("R1", "金陵副食便利店", 32.0431, 118.7702, "exact"),
    ("R2", "天元商贸有限公司", 31.9530, 118.8400, "exact"),
    ("R3", "鼓楼烟酒店", 32.0600, 118.7800, "exact"),
    ("R4", "秦淮华联超市", 32.0200, 118.7900, "exact"),
    ("R5", "待定位商店", 32.0500, 118.7700, "approximate"),  # a district centre: never exported
    ("R6", "无坐标商店", None, None, "none"),
]


def seed(ws, codes, *, times=True, status=None):
    """Customers of BOOK and a planned visit for each of ``codes`` on DAY, in that order."""
    status = status or {}
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [
            {"code": c, "name": n, "tier": "core", "lat": lat, "lon": lon, "geo_quality": q,
             "address": f"南京市{n}", "opening_hours": HOURS} for c, n, lat, lon, q in BOOK], ws.now())
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        for seq, code in enumerate(codes, start=1):
            s.add(PlannedVisit(manager_id=ws.manager_id, customer_id=ids[code], day=DAY, sequence=seq,
                               planned_start=time(9 + seq, 0) if times else None, planned_minutes=20,
                               purpose="例行拜访", status=status.get(code, "planned"), created_at=ws.now()))


def test_a_planned_day_exports_in_route_order_with_times_lunch_and_places(workspace):
    ws = workspace
    seed(ws, ["R2", "R1", "R4", "R3"], times=False)
    info = plan_day(ws, DAY, replan=True)
    route = route_export(ws, DAY)
    assert isinstance(route, DayRouteExport) and route.skipped == ()
    stops = [p for p in route.points if p.kind == "stop"]
    assert [p.code for p in stops] == [st.code for st in info.stops]  # the solver's order, as stored
    assert [p.arrive for p in stops] == [st.arrive for st in info.stops]
    assert all(p.arrive is not None and p.depart is not None and p.arrive < p.depart for p in stops)
    assert [p.arrive for p in stops] == sorted(p.arrive for p in stops)
    office = ws.settings.start_place()
    assert route.points[0].kind == "start" and (route.points[0].lat, route.points[0].lon) == (office.lat, office.lon)
    assert route.points[-1].kind == "end" and route.points[-1].arrive == info.back_at
    lunch = [p for p in route.points if p.kind == "lunch"]
    [meal] = lunch  # lunch sits between the visits before and after it, with no place of its own
    assert meal.arrive == info.lunch and meal.lat is None
    before = [p for p in route.points if p.seq < meal.seq and p.kind == "stop"]
    after = [p for p in route.points if p.seq > meal.seq and p.kind == "stop"]
    assert all(p.arrive < meal.arrive for p in before) and all(p.arrive >= meal.arrive for p in after)
    assert route.title == "11月24日 拜访路线"
    gpx = gpxpy.parse(route_text(route, "gpx"))
    assert [w.name for w in gpx.waypoints if w.type == "stop"] == [f"{i}. {p.label}" for i, p in
                                                                    enumerate(stops, start=1)]


def test_customers_without_an_exact_location_are_skipped_never_guessed(workspace):
    ws = workspace
    seed(ws, ["R1", "R5", "R6", "R3"])
    route = route_export(ws, DAY)
    assert [p.code for p in route.points if p.kind == "stop"] == ["R1", "R3"]
    assert [(s.code, s.quality) for s in route.skipped] == [("R5", "approximate"), ("R6", "none")]
    doc = json.loads(route_text(route, "geojson"))
    codes = [f["properties"]["code"] for f in doc["features"] if f["properties"].get("kind") == "stop"]
    assert codes == ["R1", "R3"]
    assert [32.05, 118.77] not in [f["geometry"]["coordinates"][::-1] for f in doc["features"]]


def test_visits_skipped_by_the_user_are_not_on_the_route_done_ones_are(workspace):
    ws = workspace
    seed(ws, ["R1", "R2", "R3"], status={"R1": "done", "R2": "skipped"})
    route = route_export(ws, DAY)
    assert [p.code for p in route.points if p.kind == "stop"] == ["R1", "R3"]
    assert route.skipped == ()


def test_a_day_without_visits_says_how_to_plan_it(workspace):
    with pytest.raises(InputError, match="no visits are planned on 2026-11-24.*rmtui plan day"):
        route_export(workspace, DAY)


def test_a_day_with_no_located_visit_has_no_route(workspace):
    seed(workspace, ["R5", "R6"])
    with pytest.raises(InputError, match="none of the 2 visit"):
        route_export(workspace, DAY)


def test_map_links_and_atomic_save(workspace, tmp_path):
    seed(workspace, ["R1", "R3"])
    route = route_export(workspace, DAY)
    [osrm] = route_text(route, "link").split()
    assert osrm.startswith("https://map.project-osrm.org/?") and osrm.count("loc=") == 4  # office, R1, R3, office
    amap = route_text(route, "link", map_site="amap").splitlines()
    assert len(amap) == 6 and all(line.startswith("https://uri.amap.com/navigation?") for line in amap[1::2])
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "day.gpx").write_text("old", encoding="utf-8")
    out = save_text(folder / "day.gpx", route_text(route, "gpx"))
    assert gpxpy.parse(out.read_text(encoding="utf-8")).waypoints[1].name == "1. 金陵副食便利店"
    assert [p.name for p in folder.iterdir()] == ["day.gpx"]  # replaced, no temporary file left behind
    with pytest.raises(InputError, match="is a folder"):
        save_text(folder, "x")
    with pytest.raises(InputError, match="cannot write"):
        save_text(tmp_path / "missing" / "day.gpx", "x")
