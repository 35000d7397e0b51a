"""``rmtui export route DAY``: GPX, GeoJSON and map links of a planned day, parsed back."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timezone
from urllib.parse import parse_qsl, urlsplit

import gpxpy

from rmtui.cli import main
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Customer, PlannedVisit
from rmtui.workspace import open_workspace

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 8, 0)
BOOK = [  # code, name, lat, lon, quality, planned start
    ("E1", "金陵副食便利店", 32.0431, 118.7702, "exact", time(9, 0)),
    ("E2", "鼓楼区中心（待定位）", 32.0664, 118.7697, "approximate", time(10, 0)),
    ("E3", "鼓楼烟酒店", 32.0600, 118.7800, "exact", time(11, 0)),
    ("E4", "没有地址的店", None, None, "none", time(14, 0)),
    ("E5", "秦淮华联超市", 32.0200, 118.7900, "exact", time(15, 0)),
]


def seed(cfg, day: date = DAY) -> None:
    ws = open_workspace(str(cfg), clock=lambda: NOW)
    try:
        with ws.db.sessions.begin() as s:
            upsert_customers(s, ws.manager_id, [
                {"code": c, "name": n, "tier": "core", "lat": lat, "lon": lon, "geo_quality": q,
                 "address": f"南京市{n}"} for c, n, lat, lon, q, _ in BOOK], ws.now())
            ids = {c.code: c.id for c in s.query(Customer)}
            for seq, (code, *_, start) in enumerate(BOOK, start=1):
                s.add(PlannedVisit(manager_id=ws.manager_id, customer_id=ids[code], day=day, sequence=seq,
                                   planned_start=start, planned_minutes=30, purpose="季度回访", created_at=NOW))
    finally:
        ws.close()


def run(cfg, *args: str) -> int:
    return main(["--config", str(cfg), "export", "route", *args])


def test_gpx_to_stdout_in_order_with_unlocated_visits_warned_not_guessed(config_file, capsys):
    cfg = config_file()
    seed(cfg)
    assert run(cfg, "2026-11-24", "--format", "gpx") == 0
    out, err = capsys.readouterr()
    gpx = gpxpy.parse(out)
    stops = [w for w in gpx.waypoints if w.type == "stop"]
    assert [w.name for w in stops] == ["1. 金陵副食便利店", "2. 鼓楼烟酒店", "3. 秦淮华联超市"]
    assert [(w.latitude, w.longitude) for w in stops] == [(32.0431, 118.7702), (32.06, 118.78), (32.02, 118.79)]
    assert stops[0].time == datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
    assert "09:00–09:30" in stops[0].description and "E1" in stops[0].description
    assert gpx.waypoints[0].type == "start" and gpx.waypoints[-1].type == "end"
    [rte] = gpx.routes
    assert [p.name for p in rte.points] == [w.name for w in gpx.waypoints]
    assert "2 visit(s) left out, no exact location" in err
    assert "E2  鼓楼区中心（待定位）  (approximate location)" in err and "E4  没有地址的店  (no location)" in err
    assert "32.0664" not in out  # the approximate centre is nowhere in the file


def test_geojson_to_a_file_written_atomically(tmp_path, config_file, capsys):
    cfg = config_file()
    seed(cfg)
    target = tmp_path / "route.geojson"
    target.write_text("an older export", encoding="utf-8")
    assert run(cfg, "2026-11-24", "--format", "geojson", "--out", str(target)) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == str(target)
    doc = json.loads(target.read_text(encoding="utf-8"))
    points = [f for f in doc["features"] if f["geometry"]["type"] == "Point"]
    [line] = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["code"] for f in points if f["properties"]["kind"] == "stop"] == ["E1", "E3", "E5"]
    assert points[1]["geometry"]["coordinates"] == [118.7702, 32.0431]  # longitude first
    assert points[1]["properties"]["arrive"] == "09:00" and points[1]["properties"]["depart"] == "09:30"
    assert line["geometry"]["coordinates"] == [f["geometry"]["coordinates"] for f in points]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_map_links_are_printed(config_file, capsys):
    cfg = config_file()
    seed(cfg)
    assert run(cfg, "2026-11-24", "--format", "link") == 0
    [url] = capsys.readouterr().out.split()
    locs = [v for k, v in parse_qsl(urlsplit(url).query) if k == "loc"]
    assert urlsplit(url).netloc == "map.project-osrm.org"
    assert locs[1:-1] == ["32.043100,118.770200", "32.060000,118.780000", "32.020000,118.790000"]
    assert run(cfg, "2026-11-24", "--format", "link", "--map", "osm") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{lines[0].split(' → ')[0]} → 1. 金陵副食便利店"
    assert lines[1].startswith("https://www.openstreetmap.org/directions?") and len(lines) == 8  # 4 legs


def test_a_day_without_visits_exits_2_with_a_clear_message(config_file, capsys):
    cfg = config_file()
    seed(cfg)
    assert run(cfg, "2026-11-25", "--format", "gpx") == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "no visits are planned on 2026-11-25" in err and "rmtui plan day 2026-11-25" in err


def test_a_bad_day_or_format_exits_2(config_file, capsys):
    cfg = config_file()
    assert run(cfg, "24.11.2026") == 2
    assert "is not a date" in capsys.readouterr().err
    try:
        run(cfg, "2026-11-24", "--format", "kml")
    except SystemExit as exc:
        assert exc.code == 2
    else:  # pragma: no cover
        raise AssertionError("argparse accepted an unknown format")
