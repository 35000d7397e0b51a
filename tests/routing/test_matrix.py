"""Travel matrices: great-circle estimates and the OSRM table client (against a local fake server)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest
from geopy.distance import great_circle

from rmtui.routing import DayEnd, DayProblem, DayStart, Location, Stop, Travel, solve_day
from rmtui.routing.matrix import GreatCircleProvider, OsrmTableProvider, TravelServiceError, great_circle_m

POINTS = [Location(32.0415, 118.7840), Location(32.0600, 118.8000), Location(31.9900, 118.7000)]


def test_great_circle_matches_geopy():
    dist = great_circle_m(POINTS)
    for i, a in enumerate(POINTS):
        for j, b in enumerate(POINTS):
            assert dist[i, j] == pytest.approx(great_circle((a.lat, a.lon), (b.lat, b.lon)).m, rel=1e-4)


def test_travel_time_is_distance_times_circuity_over_speed():
    m = GreatCircleProvider().matrix(POINTS, Travel("walk", None, 1.2))
    expected = great_circle_m(POINTS) * 1.2 / (4.5 / 3.6)
    assert np.array_equal(m.durations, np.rint(expected).astype(np.int64))
    assert m.durations.dtype == np.int64


class _FakeOsrm(BaseHTTPRequestHandler):
    mode = "ok"
    paths: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).paths.append(self.path)
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        coords = self.path.split("/")[4].split("?")[0].split(";")
        n = len(coords)
        body = {"code": "Ok", "durations": [[0 if i == j else 600.4 for j in range(n)] for i in range(n)],
                "distances": [[0 if i == j else 4000 for j in range(n)] for i in range(n)]}
        if self.mode == "null":
            body["durations"][0][1] = None
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm():
    server = HTTPServer(("127.0.0.1", 0), _FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeOsrm.paths = []
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    _FakeOsrm.mode = "ok"


def test_osrm_table_gives_road_times(osrm):
    _, url = osrm
    m = OsrmTableProvider(url).matrix(POINTS, Travel("bike"))
    assert m.durations[0, 1] == 600 and m.distances[0, 1] == 4000
    assert _FakeOsrm.paths[0].startswith("/table/v1/cycling/118.784000,32.041500;")
    assert "annotations=duration,distance" in _FakeOsrm.paths[0]


@pytest.mark.parametrize("mode", ["error", "null"])
def test_osrm_failures_raise_travel_service_error(osrm, mode):
    _, url = osrm
    _FakeOsrm.mode = mode
    with pytest.raises(TravelServiceError):
        OsrmTableProvider(url).matrix(POINTS, Travel())


def test_unreachable_osrm_raises_quickly():
    with pytest.raises(TravelServiceError, match="did not answer"):
        OsrmTableProvider("http://127.0.0.1:9", timeout=0.5).matrix(POINTS, Travel())


def _day():
    office = POINTS[0]
    return DayProblem(DayStart(office, 8 * 3600), DayEnd(office, 18 * 3600), (Stop("A", POINTS[1], 600), Stop("B", POINTS[2], 600)))


def test_solve_day_uses_osrm_times(osrm):
    _, url = osrm
    result = solve_day(_day(), matrix_provider=OsrmTableProvider(url))
    assert result.travel == 3 * 600 and result.notices == ()


def test_solve_day_falls_back_with_a_notice(osrm):
    _, url = osrm
    _FakeOsrm.mode = "error"
    result = solve_day(_day(), matrix_provider=OsrmTableProvider(url))
    assert result.visits == 2
    assert result.notices == ("the road-time service answered HTTP 500; travel times are straight-line estimates instead",)
    assert result.travel == solve_day(_day()).travel


def test_cli_osrm_url_option(osrm, tmp_path, capsys):
    from rmtui.cli import main

    _, url = osrm
    doc = {"start": {"lat": 32.0415, "lon": 118.784, "time": "08:00"},
           "stops": [{"id": "A", "lat": 32.06, "lon": 118.8, "service_minutes": 10}]}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc))
    assert main(["route", "solve", str(path), "--osrm-url", url]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["travel_seconds"] == 1200


def test_cli_takes_the_osrm_url_from_the_configuration(osrm, tmp_path, capsys):
    from rmtui.cli import main

    _, url = osrm
    config = tmp_path / "config.yaml"
    config.write_text(f"routing:\n  osrm_url: {url}\n", encoding="utf-8")
    doc = {"start": {"lat": 32.0415, "lon": 118.784, "time": "08:00"},
           "stops": [{"id": "A", "lat": 32.06, "lon": 118.8, "service_minutes": 10}]}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc))
    assert main(["route", "solve", str(path), "--config", str(config)]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["travel_seconds"] == 1200
