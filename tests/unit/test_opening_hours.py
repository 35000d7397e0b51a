"""Opening hours: every supported form, every rejected one, and the invariants."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rmtui.domain.opening_hours import (
    DAY_NAMES,
    OpeningHours,
    OpeningHoursError,
    parse_opening_hours,
)
from rmtui.errors import InputError

MONDAY = date(2026, 3, 2)  # any Monday; MONDAY + k is weekday k
FAST = settings(max_examples=60, deadline=None)


def on(text: str, weekday: int, *, holiday: bool = False) -> tuple[tuple[int, int], ...]:
    return parse_opening_hours(text).windows_on(MONDAY + timedelta(weekday), is_holiday=holiday)


def hm(h: int, m: int = 0) -> int:
    return h * 60 + m


OFFICE = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-14:00; Su off; PH off"


@pytest.mark.parametrize(
    ("weekday", "holiday", "expected"),
    [
        (0, False, ((hm(9), hm(12)), (hm(14), hm(18)))),
        (4, False, ((hm(9), hm(12)), (hm(14), hm(18)))),
        (5, False, ((hm(10), hm(14)),)),
        (6, False, ()),
        (0, True, ()),  # PH off comes last, so it wins over Mo-Fr
        (5, True, ()),
    ],
)
def test_office_hours_by_day(weekday, holiday, expected):
    assert on(OFFICE, weekday, holiday=holiday) == expected


def test_later_rules_replace_earlier_ones_on_the_days_they_name():
    assert on("Mo-Sa 09:00-18:00; Sa 10:00-14:00", 5) == ((hm(10), hm(14)),)
    assert on("Mo-Sa 09:00-18:00; Sa 10:00-14:00", 4) == ((hm(9), hm(18)),)
    # Order matters: a weekday rule after "PH off" reopens a Monday holiday.
    assert on("PH off; Mo-Fr 09:00-18:00", 0, holiday=True) == ((hm(9), hm(18)),)
    assert on("Mo-Fr 09:00-18:00; PH 10:00-14:00", 5, holiday=True) == ((hm(10), hm(14)),)
    assert on("Mo-Fr 09:00-18:00; PH 10:00-14:00", 5, holiday=False) == ()


def test_day_lists_ranges_and_wrapping_ranges():
    assert [bool(on("Mo,We,Fr 08:00-09:00", d)) for d in range(7)] == [1, 0, 1, 0, 1, 0, 0]
    assert [bool(on("Fr-Mo 08:00-09:00", d)) for d in range(7)] == [1, 0, 0, 0, 1, 1, 1]
    assert [bool(on("Sa,PH 08:00-09:00", d)) for d in range(7)] == [0, 0, 0, 0, 0, 1, 0]
    assert on("Sa,PH 08:00-09:00", 2, holiday=True) == ((hm(8), hm(9)),)


def test_a_rule_without_days_applies_to_every_day():
    assert all(on("08:00-20:00", d) == ((hm(8), hm(20)),) for d in range(7))
    assert on("08:00-20:00; Su off", 6) == ()
    assert str(parse_opening_hours("off")) == "Mo-Su off"


def test_always_open_forms():
    for text in ("24/7", "Mo-Su 00:00-24:00", "00:00-24:00"):
        assert str(parse_opening_hours(text)) == "24/7"
        assert on(text, 3, holiday=True) == ((0, 1440),)
    assert on("24/7; Su off", 6) == () and on("24/7; Su off", 5) == ((0, 1440),)


@pytest.mark.parametrize("text", [None, "", "   "])
def test_empty_means_no_restriction(text):
    hours = parse_opening_hours(text)
    assert hours == OpeningHours() and hours.unrestricted and str(hours) == ""
    assert hours.windows_on(MONDAY, is_holiday=True) == ((0, 1440),)


def test_rules_that_name_no_day_close_it_osm_strict():
    assert not parse_opening_hours("Su off").unrestricted
    assert on("Su off", 0) == ()


def test_is_open_treats_the_end_as_closed():
    hours = parse_opening_hours("Mo 09:00-12:00,13:00-24:00")
    at = lambda h, m: hours.is_open(datetime(2026, 3, 2, h, m), is_holiday=False)  # noqa: E731
    assert [at(8, 59), at(9, 0), at(11, 59), at(12, 0), at(13, 0), at(23, 59)] == [
        False, True, True, False, True, True,
    ]
    assert not hours.is_open(datetime(2026, 3, 3, 10, 0), is_holiday=False)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("mo-fr 9:00-12:00", "Mo-Fr 09:00-12:00"),
        ("Mo－Fr　09：00－12：00，14：00－18：00；Su closed", "Mo-Fr 09:00-12:00,14:00-18:00; Su off"),
        ("Mo–Fr 09:00–12:00", "Mo-Fr 09:00-12:00"),  # en dashes
        ("We,Mo 10:00-11:00;", "Mo,We 10:00-11:00"),
        ("Mo,Tu,We,Fr,Sa,Su 01:00-02:00", "Mo-We,Fr-Su 01:00-02:00"),
        ("Fr-Mo 08:00-10:00", "Mo,Fr-Su 08:00-10:00"),
        ("Sa-Su 10:00-14:00", "Sa,Su 10:00-14:00"),
        ("Mo-Su,PH 08:00-10:00", "Mo-Su 08:00-10:00"),
        ("Mo 14:00-18:00,09:00-12:00,11:00-13:00", "Mo 09:00-13:00,14:00-18:00"),
        ("Mo 09:00-12:00,12:00-13:00", "Mo 09:00-13:00"),
        ("PH 10:00-14:00", "PH 10:00-14:00"),
        ("Mo-Fr09:00-18:00;PH off", "Mo-Fr 09:00-18:00; PH off"),
    ],
)
def test_canonical_text(text, canonical):
    assert str(parse_opening_hours(text)) == canonical
    assert parse_opening_hours(text).text == canonical


def test_error_message_names_problem_position_and_expectation():
    with pytest.raises(OpeningHoursError) as caught:
        parse_opening_hours("Mo-Fx 09:00-12:00")
    assert str(caught.value) == (
        'opening hours "Mo-Fx 09:00-12:00": unknown day "Fx" at position 3; '
        "expected Mo, Tu, We, Th, Fr, Sa, Su or PH"
    )
    assert isinstance(caught.value, InputError) and caught.value.title == "Opening hours"
    assert caught.value.position == 3 and caught.value.text == "Mo-Fx 09:00-12:00"
    # The same facts as data, for callers that word the message in another language.
    assert (caught.value.code, caught.value.expected, caught.value.values) == ("unknown_day", "day", {"token": "Fx"})


@pytest.mark.parametrize(("text", "code", "expected", "values", "at_end"), [
    ("Mo-Fr 18:00-09:00", "overnight", "end_after", {"start": "18:00", "end": "09:00"}, False),
    ("Mo 25:00-26:00", "invalid_time", "start_time", {"token": "25:00"}, False),
    ("Mo 09:00-24:30", "invalid_time", "end_time", {"token": "24:30"}, False),
    ("Mo-Fr", "no_times", "body", {"token": ""}, True),
    ("Jan-Mar Mo 09:00-10:00", "month", "day", {"token": "Jan"}, False),
    ("Mo-Fr 09:00+", "open_end", "range", {"token": "+"}, False),
    ("Mo 0900-1200", "number", "body", {"token": "0900"}, False),
    ("周八 9:00-18:00", "unexpected", "day", {"token": "周"}, False),
])
def test_errors_carry_a_code_and_values(text, code, expected, values, at_end):
    with pytest.raises(OpeningHoursError) as caught:
        parse_opening_hours(text)
    error = caught.value
    assert (error.code, error.expected, error.values, error.at_end) == (code, expected, values, at_end)


@pytest.mark.parametrize(
    ("text", "position", "fragments"),
    [
        ("Mo-Fr 18:00-09:00", 6, ["ends before it starts", "overnight", '"18:00-24:00"']),
        ("Mo 10:00-10:00", 3, ["ends before it starts"]),
        ("Mo 25:00-26:00", 3, ['invalid time "25:00"', "00:00 to 23:59"]),
        ("Mo 09:60-10:00", 3, ['invalid time "09:60"']),
        ("Mo 24:00-24:00", 3, ['invalid time "24:00"', "a start"]),
        ("Mo 09:00-24:30", 9, ['invalid time "24:30"', "00:01 to 24:00"]),
        ("Mo-Fr", 5, ["no opening times", "end of text", "off or closed"]),
        ("PH; Su off", 2, ["no opening times"]),
        ("Mo 09:00", 8, ['missing "-"']),
        ("Mo 09:00-", 9, ["missing time"]),
        ("Mo-", 3, ["missing day"]),
        ("Monday 09:00-10:00", 0, ['unknown day "Monday"']),
        ("Mo-Fr 09:00-12:00;;Sa off", 18, ["empty rule"]),
        (";", 0, ["empty rule"]),
        ("Jan-Mar Mo 09:00-10:00", 0, ["month selectors are not supported"]),
        ("Mo-Fr 09:00+", 11, ['open-ended times ("+")']),
        ("Mo 09:00-10:00 || closed", 15, ['fallback rules ("||")', '";" or the end']),
        ('Mo 09:00-10:00 "bell"', 15, ["comments are not supported"]),
        ("Su[1] 09:00-10:00", 2, ['"Su[1]" are not supported']),
        ("Mo-Fr sunrise-sunset", 6, ["sunrise/sunset"]),
        ("week 01-53 Mo 09:00-10:00", 0, ["week numbers"]),
        ("2026 Mo 09:00-10:00", 0, ["years, dates"]),
        ("Mo 0900-1200", 3, ['"0900"', 'without ":"']),
        ("SH off", 0, ["school holidays"]),
        ("Mo open", 3, ['"open" modifier']),
        ("Mo 09:00-10:00, Tu 10:00-11:00", 16, ["additional rules", '";"']),
        ("Mo 09:00-10:00 Tu 10:00-11:00", 15, ['unexpected "Tu"']),
        ("Mo 24/7", 3, ['unexpected "24/7"']),
        ("Mo 10:00-12:00 off", 15, ['unexpected "off"']),
        ("Mo 10:00-12:00/30", 14, ["repeating intervals"]),
    ],
)
def test_rejected_texts(text, position, fragments):
    with pytest.raises(OpeningHoursError) as caught:
        parse_opening_hours(text)
    message = str(caught.value)
    assert message.startswith(f'opening hours "{text}": ')
    assert f"at position {position}; expected " in message
    for fragment in fragments:
        assert fragment in message


# ---- properties ---------------------------------------------------------------

times = st.integers(0, 1439).flatmap(lambda a: st.tuples(st.just(a), st.integers(a + 1, 1440)))
rules = st.tuples(
    st.sets(st.integers(0, 6)),
    st.booleans(),
    st.one_of(st.none(), st.lists(times, min_size=1, max_size=4)),
).filter(lambda r: r[0] or r[1])


def hhmm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"  # unpadded hours: the lenient form


def render(rule, draw_order) -> str:
    days, holiday, windows = rule
    items = [DAY_NAMES[d].lower() if d % 2 else DAY_NAMES[d].upper() for d in days]
    items += ["PH"] if holiday else []
    items = [items[i] for i in draw_order(len(items))]
    body = "closed" if windows is None else " , ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in windows)
    return f"{','.join(items)}  {body}"


@st.composite
def texts(draw):
    """Messy but valid texts, with the rules they must parse into."""
    drawn = draw(st.lists(rules, min_size=1, max_size=4))
    order = lambda n: draw(st.permutations(range(n)))  # noqa: E731
    return " ; ".join(render(r, order) for r in drawn), drawn


def covered(windows) -> set[int]:
    return {m for a, b in windows for m in range(a, b)}


@FAST
@given(texts())
def test_parse_matches_the_generating_rules(case):
    text, drawn = case
    hours = parse_opening_hours(text)
    assert len(hours.rules) == len(drawn)
    for rule, (days, holiday, windows) in zip(hours.rules, drawn):
        assert rule.days == frozenset(days)
        assert rule.holidays == (holiday and len(days) < 7)
        assert covered(rule.windows) == covered(windows or [])


@FAST
@given(texts())
def test_canonical_text_round_trips(case):
    hours = parse_opening_hours(case[0])
    assert parse_opening_hours(str(hours)) == hours
    assert str(parse_opening_hours(str(hours))) == str(hours)


@FAST
@given(texts(), st.integers(0, 6), st.booleans())
def test_windows_are_sorted_disjoint_and_inside_the_day(case, weekday, holiday):
    windows = on(case[0], weekday, holiday=holiday)
    assert all(0 <= a < b <= 1440 for a, b in windows)
    assert all(prev[1] < nxt[0] for prev, nxt in zip(windows, windows[1:]))


@FAST
@given(texts(), texts(), st.integers(0, 6), st.booleans())
def test_a_later_rule_wins_exactly_on_the_days_it_names(first, second, weekday, holiday):
    combined = on(f"{first[0]}; {second[0]}", weekday, holiday=holiday)
    named = any(
        weekday in days or (ph and holiday) for days, ph, _ in second[1]
    )
    source = second[0] if named else first[0]
    assert combined == on(source, weekday, holiday=holiday)


@FAST
@given(st.sampled_from(DAY_NAMES), st.sampled_from(DAY_NAMES))
def test_day_ranges_walk_forward_through_the_week(first, last):
    expected, day = {DAY_NAMES.index(first)}, DAY_NAMES.index(first)
    while day != DAY_NAMES.index(last):
        day = (day + 1) % 7
        expected.add(day)
    assert parse_opening_hours(f"{first}-{last} 08:00-09:00").rules[0].days == expected


@FAST
@given(st.text(alphabet="MoTuWeFrSaSuPHof0123456789:-,; +/|\"[]x", max_size=30))
def test_any_text_parses_or_raises_opening_hours_error(text):
    try:
        parse_opening_hours(text)
    except OpeningHoursError as error:
        assert 0 <= error.position <= len(text)
