import pytest

from rmtui.errors import InputError
from rmtui.routing.clock import format_clock, minutes, parse_clock


@pytest.mark.parametrize(("text", "seconds"), [("08:30", 30600), ("8:05", 29100), ("00:00", 0), ("24:00", 86400), ("13:45:30", 49530)])
def test_parse_clock(text, seconds):
    assert parse_clock(text, "x") == seconds


@pytest.mark.parametrize("text", ["8h30", "25:00", "12:60", "", "noon", "12:5"])
def test_parse_clock_rejects_unknown_formats(text):
    with pytest.raises(InputError, match="start.time"):
        parse_clock(text, "start.time")


def test_parse_clock_rejects_non_strings():
    with pytest.raises(InputError, match="expected a time"):
        parse_clock(830, "start.time")


def test_format_clock_keeps_seconds_only_when_needed():
    assert format_clock(30600) == "08:30"
    assert format_clock(30601) == "08:30:01"
    assert minutes(90) == 1.5
