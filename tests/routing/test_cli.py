"""``rmtui route solve`` through rmtui.cli.main: output, stdin, and bad input (exit 2)."""

import io
import json

import pytest

from rmtui.cli import main

DAY = {
    "date": "2026-12-01",
    "start": {"lat": 32.0415, "lon": 118.7840, "time": "08:30"},
    "end": {"lat": 32.0415, "lon": 118.7840, "latest": "18:00"},
    "lunch": {"earliest": "11:30", "latest": "13:30", "minutes": 45},
    "travel": {"mode": "drive", "speed_kmh": 25, "circuity": 1.35},
    "stops": [
        {"id": "C0042", "lat": 32.05, "lon": 118.79, "service_minutes": 20,
         "windows": [["09:00", "11:30"], ["14:00", "17:30"]], "priority": 3, "required": True},
        {"id": "C0007", "lat": 32.06, "lon": 118.80, "service_minutes": 45, "windows": [["13:30", "13:45"]], "required": True},
        {"id": "C0011", "lat": 32.02, "lon": 118.76, "service_minutes": 30},
    ],
}


def _run(tmp_path, capsys, doc, *extra):
    path = tmp_path / "day.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    code = main(["route", "solve", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_solve_prints_the_route(tmp_path, capsys):
    code, out, _ = _run(tmp_path, capsys, DAY, "--time-limit", "5")
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "optimal"
    assert sorted(r["id"] for r in result["route"]) == ["C0007", "C0011", "C0042"]
    assert result["totals"]["visits"] == 3 and result["dropped"] == []
    assert result["lunch"]["minutes"] == 45
    first = result["route"][0]
    assert set(first) >= {"arrive", "wait_minutes", "start", "depart", "travel_minutes", "distance_km"}
    assert result["end"]["arrive"] <= "18:00"


def test_solve_reads_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(DAY)))
    assert main(["route", "solve", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["visits"] == 3


def test_a_given_matrix_is_used_as_is(tmp_path, capsys):
    doc = {
        "start": {"time": "08:00"},
        "end": {"latest": "12:00"},
        "matrix": {"durations_s": [[0, 600, 0], [600, 0, 600], [0, 600, 0]], "distances_m": [[0, 5000, 0], [5000, 0, 5000], [0, 5000, 0]]},
        "stops": [{"id": "A", "service_minutes": 30}],
    }
    code, out, _ = _run(tmp_path, capsys, doc)
    result = json.loads(out)
    assert code == 0
    assert result["route"][0]["arrive"] == "08:10" and result["route"][0]["distance_km"] == 5.0
    assert result["totals"]["travel_seconds"] == 1200


def test_unknown_fields_become_notices(tmp_path, capsys):
    doc = json.loads(json.dumps(DAY))
    doc["stops"][2]["window"] = [["09:00", "10:00"]]
    _, out, _ = _run(tmp_path, capsys, doc)
    assert "ignored unknown field stops[2].window" in json.loads(out)["notices"]


def _broken(change):
    doc = json.loads(json.dumps(DAY))
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_broken(lambda d: d["stops"][1].pop("lat")), "stop C0007: give both lat and lon"),
        (_broken(lambda d: [s.pop(k) for s in d["stops"] for k in ("lat", "lon")]), "stop C0042: lat and lon are needed when no matrix is given"),
        (_broken(lambda d: d.update(matrix={"durations_s": [[0, 1], [1, 0]]})), "matrix.durations_s: expected 5×5"),
        (_broken(lambda d: d.update(matrix={"durations_s": [[0, -1, 0, 0, 0]] + [[0] * 5] * 4})), "matrix.durations_s[0][1] (start → stop C0042)"),
        (_broken(lambda d: d["stops"][0].update(windows=[["11:00", "10:00"]])), "stop C0042: windows[0] 11:00–10:00 ends before it starts"),
        (_broken(lambda d: d["stops"][0].update(windows=[["19:00", "20:00"]])), "stop C0042: windows[0] 19:00–20:00 lies outside the day"),
        (_broken(lambda d: d["stops"][0].update(windows=[["9h", "10:00"]])), "stop C0042 windows[0][0]: unknown time format"),
        (_broken(lambda d: d["stops"][2].update(id="C0042")), "stop C0042: the id appears twice"),
        (_broken(lambda d: d["start"].update(time="8.30")), "start.time: unknown time format"),
        (_broken(lambda d: d.pop("stops")), "stops: expected a list"),
        (_broken(lambda d: d["stops"][0].update(service_minutes=-5)), "stop C0042 service_minutes: must not be negative"),
        (_broken(lambda d: d["end"].update(latest="08:00")), "end.latest 08:00 is not after start.time 08:30"),
        (_broken(lambda d: d["lunch"].update(minutes=180)), "lunch: 180 minutes do not fit"),
        ("{not json", "not valid JSON (line 1, column 2"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, doc, message):
    code, out, err = _run(tmp_path, capsys, doc)
    assert code == 2 and out == ""
    assert message in err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["route", "solve", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_bad_time_limit_exits_2(tmp_path, capsys):
    code, _, err = _run(tmp_path, capsys, DAY, "--time-limit", "0")
    assert code == 2 and "--time-limit" in err
