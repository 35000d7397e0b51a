"""JSON in and out: defaults, the (n+1) matrix without an end, and the output's arithmetic."""

from rmtui.routing.clock import parse_clock
from rmtui.routing.jsonio import problem_from_json, solve_json


def _doc(**extra):
    doc = {
        "start": {"time": "08:00"},
        "matrix": {"durations_s": [[0, 600, 900], [600, 0, 300], [900, 300, 0]]},
        "stops": [{"id": "A", "service_minutes": 30}, {"id": "B", "service_minutes": 30, "windows": [["08:00", "12:00"]]}],
    }
    doc.update(extra)
    return doc


def test_end_defaults_to_start_and_midnight():
    problem, notices = problem_from_json(_doc())
    assert problem.end.latest == 24 * 3600 and notices == []
    assert problem.matrix.durations.shape == (4, 4)  # an end row copied from the start's


def test_output_times_add_up():
    out = solve_json(_doc(lunch={"earliest": "08:30", "latest": "10:00", "minutes": 30}))
    assert out["status"] == "optimal"
    prev = parse_clock(out["start"]["depart"], "")
    lunch = out["lunch"]
    for r in out["route"]:
        arrive = parse_clock(r["arrive"], "")
        travel = round(r["travel_minutes"] * 60)
        if lunch["before"] == r["id"]:
            assert parse_clock(lunch["start"], "") >= prev and parse_clock(lunch["end"], "") <= arrive
        else:
            assert arrive == prev + travel
        start = parse_clock(r["start"], "")
        assert start == arrive + round(r["wait_minutes"] * 60)
        prev = parse_clock(r["depart"], "")
        assert prev == start + 30 * 60
    assert out["totals"]["travel_seconds"] == 1800
    assert out["totals"]["visits"] == 2 and out["dropped"] == []


def test_empty_stop_list_is_an_empty_route():
    out = solve_json(_doc(stops=[], matrix=None, start={"time": "08:00", "lat": 32.0, "lon": 118.0}))
    assert out["route"] == [] and out["end"]["arrive"] == "08:00" and out["status"] == "optimal"


def test_lunch_on_the_first_or_last_leg_is_named_start_or_end():
    out = solve_json(_doc(stops=[], matrix=None, start={"time": "11:00", "lat": 32.0, "lon": 118.0},
                          lunch={"earliest": "11:30", "latest": "13:30", "minutes": 45}))
    assert out["lunch"]["after"] == "start" and out["lunch"]["before"] == "end"
    assert out["end"]["arrive"] == "12:15"
