"""``rmtui geocode`` end to end against the local fake Nominatim server."""

from __future__ import annotations

import json
import socket

from fake_server import nominatim_place

from rmtui.cli import main
from rmtui.geo.datum import wgs84_to_gcj02

CSV = ("客户编号,客户名称,地址,客户等级\n"
       "K1,秦淮烟酒店,南京市秦淮区中华路1号,核心\n"
       "K2,鼓楼便利店,南京市鼓楼区,潜力\n"
       "K3,无名店,,一般\n")


def make_config(config_file, host: str):
    return config_file("geocoding:\n  min_delay_seconds: 0\n  timeout_seconds: 1\n  max_retries: 0\n"
                       f"  nominatim: {{domain: '{host}', scheme: http}}\n")


def book(cfg, capsys) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["--config", str(cfg), "customers", "list", "--json"]) == 0
    return {c["code"]: c for c in json.loads(capsys.readouterr().out)}


def test_geocode_places_exact_lists_the_rest_and_resumes(tmp_path, config_file, capsys, geo_server):
    geo_server.script("南京市秦淮区中华路1号", ("json", [nominatim_place(32.0301, 118.7800)]))
    geo_server.script("南京市鼓楼区", ("json", [nominatim_place(32.0664, 118.7697, cls="boundary",
                                                           typ="administrative", rank=12,
                                                           addresstype="city_district", size_deg=0.05)]))
    cfg = make_config(config_file, geo_server.host)
    f = tmp_path / "book.csv"
    f.write_text(CSV, encoding="utf-8")
    assert main(["--config", str(cfg), "import", "customers", str(f)]) == 0
    capsys.readouterr()

    assert main(["--config", str(cfg), "geocode", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would look up '南京市秦淮区中华路1号'" in out and "nothing written" in out and not geo_server.requests

    assert main(["--config", str(cfg), "geocode"]) == 0
    out = capsys.readouterr().out
    assert "[1/2] K1 秦淮烟酒店: exact 32.03010,118.78000" in out
    assert "[2/2] K2 鼓楼便利店: approximate — the geocoder found only a city_district (area centre)" in out
    assert "2 customer(s) need a confirmed location:" in out
    assert "K3  无名店  [none] no address to look up" in out
    customers = book(cfg, capsys)
    assert customers["K1"]["geo_quality"] == "exact" and customers["K2"]["geo_quality"] == "approximate"

    asked = len(geo_server.requests)
    assert main(["--config", str(cfg), "geocode"]) == 0
    assert "(cached)" in capsys.readouterr().out and len(geo_server.requests) == asked

    gcj = wgs84_to_gcj02(32.0665, 118.7698)
    link = f"https://uri.amap.com/marker?position={gcj[1]:.6f},{gcj[0]:.6f}"
    assert main(["--config", str(cfg), "geocode", "set", "K2", link]) == 0
    out = capsys.readouterr().out
    assert "K2 鼓楼便利店: located at 32.0665" in out and "converted from GCJ02" in out
    assert book(cfg, capsys)["K2"]["geo_quality"] == "exact"

    assert main(["--config", str(cfg), "geocode", "pending"]) == 0
    out = capsys.readouterr().out
    assert "K3" in out and "K2" not in out


def test_set_refuses_outside_the_area_and_unknown_codes(tmp_path, config_file, capsys, geo_server):
    cfg = make_config(config_file, geo_server.host)
    f = tmp_path / "book.csv"
    f.write_text(CSV, encoding="utf-8")
    assert main(["--config", str(cfg), "import", "customers", str(f)]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "geocode", "set", "K1", "31.2304,121.4737"]) == 2
    assert "outside the service area" in capsys.readouterr().err
    assert main(["--config", str(cfg), "geocode", "set", "K1", "31.2304,121.4737", "--outside-area"]) == 0
    assert main(["--config", str(cfg), "geocode", "set", "NOPE", "32.03,118.78"]) == 2
    assert "no customer with code 'NOPE'" in capsys.readouterr().err
    assert main(["--config", str(cfg), "geocode", "set", "K1", "118.78,32.03"]) == 2
    assert "write the latitude first" in capsys.readouterr().err


def test_offline_reports_and_changes_nothing(tmp_path, config_file, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        host = f"127.0.0.1:{s.getsockname()[1]}"
    cfg = make_config(config_file, host)
    f = tmp_path / "book.csv"
    f.write_text(CSV, encoding="utf-8")
    assert main(["--config", str(cfg), "import", "customers", str(f)]) == 0
    capsys.readouterr()
    assert main(["--config", str(cfg), "geocode"]) == 2
    captured = capsys.readouterr()
    assert "rmtui: geocoding error: cannot reach the geocoding service" in captured.err
    assert "Nothing was guessed" in captured.err
    assert "3 customer(s) need a confirmed location" in captured.out
    assert all(c["geo_quality"] == "none" for c in book(cfg, capsys).values())
    assert main(["--config", str(cfg), "customers", "list"]) == 0  # everything else works


def test_start_up_does_not_load_geopy_openpyxl_or_gpxpy():
    import subprocess
    import sys

    code = ("import sys; from rmtui.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('geopy', 'openpyxl', 'gpxpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
