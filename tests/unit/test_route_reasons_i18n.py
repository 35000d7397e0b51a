"""Why the day route left a stop out: each kind of reason from the engine, in English and Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmtui.i18n.areas import route_reasons as area
from rmtui.routing import DayEnd, DayProblem, DayStart, Lunch, Stop, TravelMatrix, Window, solve_day
from rmtui.routing.explain import After, Hours, Reason
from rmtui.services.route_reasons import reason_text

M = 60


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * M


def day(minutes, stops, *, latest="18:00", lunch=False) -> DayProblem:
    """A day from 08:00 whose travel matrix is given in minutes (start, stops..., end)."""
    return DayProblem(DayStart(None, hm("08:00")), DayEnd(None, hm(latest)), tuple(stops),
                      Lunch(hm("11:30"), hm("13:30"), 45 * M) if lunch else None,
                      matrix=TravelMatrix(np.array(minutes, dtype=np.int64) * M))


ONE = [[0, 10, 0], [10, 0, 10], [0, 10, 0]]
TWO = [[0, 10, 10, 0], [10, 0, 10, 10], [10, 10, 0, 10], [0, 10, 10, 0]]
APART = [[0, 10, 10, 0], [10, 0, 90, 10], [10, 90, 0, 10], [0, 10, 10, 0]]


def w(a: str, b: str) -> tuple[Window]:
    return (Window(hm(a), hm(b)),)


# (what, the day, the stop left out, its kind, English, Chinese)
SOLVED = [
    ("no window", day(ONE, [Stop("S", None, 60 * M, w("07:00", "08:30"), window_rule="visit")]), "S", "no_window",
     "open 07:00–08:30; no window leaves time for the 60-minute visit within the day",
     "营业 07:00–08:30；当天没有哪个时段容得下 60 分钟的拜访"),
    ("late from the start", day([[0, 60, 0], [60, 0, 60], [0, 60, 0]], [Stop("FAR", None, 30 * M, w("08:00", "08:30"))]),
     "FAR", "late",
     "open 08:00–08:30; even going straight from the start, the earliest arrival is 09:00",
     "营业 08:00–08:30；从出发地直接前往也最早 09:00 到达"),
    ("late after an appointment",
     day([[0, 10, 200, 0], [10, 0, 170, 10], [200, 170, 0, 200], [0, 10, 200, 0]],
         [Stop("C0007", None, 60 * M, w("13:30", "13:30"), required=True), Stop("C0011", None, 20 * M, w("14:00", "17:00"))]),
     "C0011", "late",
     "open 14:00–17:00; after the 13:30 appointment at C0007 the earliest arrival is 17:20",
     "营业 14:00–17:00；13:30 在 C0007 的预约之后最早 17:20 到达"),
    ("late after a visit",
     day(APART, [Stop("A", None, 60 * M, w("13:30", "13:40"), priority=5), Stop("B", None, 20 * M, w("14:00", "15:00"))]),
     "B", "late",
     "open 14:00–15:00; after the visit at A (13:30–14:30) the earliest arrival is 16:00",
     "营业 14:00–15:00；在 A 拜访（13:30–14:30）之后最早 16:00 到达"),
    ("back too late, alone", day(ONE, [Stop("L", None, 600 * M)]), "L", "end",
     "open all day; even visited alone it brings you back at 18:20, after the day's end at 18:00",
     "全天营业；即使只拜访这一家，也要 18:20 才能回到终点，晚于收工时间 18:00"),
    ("back too late, day full",
     day(TWO, [Stop("A", None, 150 * M, priority=5), Stop("B", None, 150 * M)], latest="13:00"), "B", "end",
     "open all day; the day is full: fitting it in brings you back at 13:30, after the day's end at 13:00",
     "全天营业；当天已排满：加进来要 13:30 才能回到终点，晚于收工时间 13:00"),
    ("no lunch, alone", day(ONE, [Stop("L", None, 180 * M, w("11:00", "11:00"))], lunch=True), "L", "lunch",
     "open 11:00; even visited alone it leaves no room for the 45-minute lunch break (11:30–13:30)",
     "营业 11:00；即使只拜访这一家，也留不出 45 分钟午休（11:30–13:30）"),
    ("no lunch, day full",
     day(TWO, [Stop("A", None, 60 * M, w("11:00", "11:00"), priority=5), Stop("B", None, 40 * M, w("12:00", "12:40"))],
         lunch=True), "B", "lunch",
     "open 12:00–12:40; the day is full: fitting it in leaves no room for the 45-minute lunch break (11:30–13:30)",
     "营业 12:00–12:40；当天已排满：加进来就留不出 45 分钟午休（11:30–13:30）"),
    ("makes another late",
     day(TWO, [Stop("A", None, 60 * M, w("10:00", "10:10"), priority=5), Stop("B", None, 120 * M)], latest="12:00"),
     "B", "makes_late",
     "open all day; the day is full: fitting it in makes A late (open 10:00–10:10; it would be reached at 10:20)",
     "全天营业；当天已排满：加进来会让 A 迟到（营业 10:00–10:10；要 10:20 才能到达）"),
]


@pytest.mark.parametrize(("problem", "left_out", "kind", "en", "zh"), [c[1:] for c in SOLVED],
                         ids=[c[0] for c in SOLVED])
def test_each_kind_of_reason_from_the_engine_in_both_languages(problem, left_out, kind, en, zh):
    (dropped,) = solve_day(problem).dropped
    assert dropped.stop.id == left_out and dropped.why is not None and dropped.why.kind == kind
    assert dropped.reason == dropped.why.text == str(dropped.why)
    assert reason_text(dropped.why, "en") == dropped.reason == en
    assert reason_text(dropped.why, "zh") == zh


HOURS = Hours("open", ((hm("09:00"), hm("11:30")), (hm("14:00"), hm("17:30"))))

BUILT = [
    (Reason("priority", HOURS), "open 09:00–11:30, 14:00–17:30; left out for stops of higher priority",
     "营业 09:00–11:30、14:00–17:30；让位给优先级更高的拜访"),
    (Reason("late", Hours("all_day"), at=hm("15:05"), after=After("7", "stop")),
     "open all day; after 7 the earliest arrival is 15:05", "全天营业；在 C0007 之后最早 15:05 到达"),
    (Reason("late", Hours("appointment", ((hm("10:00"), hm("10:30")),)), at=hm("10:45"),
            after=After("7", "appointment", hm("09:30"), hm("10:15"))),
     "appointment 10:00–10:30; after the 09:30 appointment at 7 the earliest arrival is 10:45",
     "预约 10:00–10:30；09:30 在 C0007 的预约之后最早 10:45 到达"),
    (Reason("makes_late", Hours("all_day"), at=hm("10:20"), other="7",
            other_hours=Hours("appointment", ((hm("10:00"), hm("10:00")),))),
     "open all day; the day is full: fitting it in makes 7 late (appointment 10:00; it would be reached at 10:20)",
     "全天营业；当天已排满：加进来会让 C0007 迟到（预约 10:00；要 10:20 才能到达）"),
    (Reason("no_window", Hours("open", ((hm("17:50"), hm("18:00")),)), minutes=7.5),
     "open 17:50–18:00; no window leaves time for the 7.5-minute visit within the day",
     "营业 17:50–18:00；当天没有哪个时段容得下 7.5 分钟的拜访"),
]


@pytest.mark.parametrize(("reason", "en", "zh"), BUILT, ids=[r.kind for r, _, _ in BUILT])
def test_reasons_name_stops_by_the_callers_names(reason, en, zh):
    """The planner's stop ids are visit ids: the words name the customer code instead."""
    assert reason.text == en
    assert reason_text(reason, "en") == en  # no names given: the stop ids
    assert reason_text(reason, "zh", {"7": "C0007"}) == zh
    assert reason_text(reason, "en", {"7": "C0007"}) == en.replace(" 7 ", " C0007 ")


def test_times_the_manager_reads_are_whole_minutes_rounded_up():
    reason = Reason("late", Hours("open", ((hm("13:30"), hm("14:00")),)), at=hm("14:17") + 44,
                    after=After("9", "appointment", hm("13:20"), hm("14:00")))
    assert reason.text.endswith("the earliest arrival is 14:17:44")  # the engine's own text is exact
    assert reason_text(reason, "zh", {"9": "C0003"}) == "营业 13:30–14:00；13:20 在 C0003 的预约之后最早 14:18 到达"
    assert reason_text(reason, "en").endswith("the earliest arrival is 14:18")


def test_appointments_are_told_at_their_own_time_not_the_early_arrival():
    """The planner opens an appointment's window 10 minutes early (to arrive early): the words keep 13:30."""
    early = {"9": 600, "5": 600}
    after = Reason("late", Hours("open", ((hm("13:30"), hm("14:00")),)), at=hm("14:18"),
                   after=After("9", "appointment", hm("13:20"), hm("14:00")))
    assert reason_text(after, "zh", {"9": "C0003"}, stop="4", early=early) == \
        "营业 13:30–14:00；13:30 在 C0003 的预约之后最早 14:18 到达"
    own = Reason("end", Hours("appointment", ((hm("13:20"), hm("14:00")),)), at=hm("18:20"), limit=hm("18:00"),
                 alone=True)
    assert reason_text(own, "en", stop="5", early=early) == \
        "appointment 13:30–14:00; even visited alone it brings you back at 18:20, after the day's end at 18:00"
    other = Reason("makes_late", Hours("all_day"), at=hm("13:40"), other="5",
                   other_hours=Hours("appointment", ((hm("13:20"), hm("13:20")),)))
    assert reason_text(other, "zh", {"5": "C0005"}, early=early).endswith("（预约 13:30；要 13:40 才能到达）")
    visit = Reason("late", Hours("all_day"), at=hm("15:00"), after=After("9", "visit", hm("13:20"), hm("14:00")))
    assert "13:20–14:00" in reason_text(visit, "zh", early=early)  # only appointments move


_CODE = re.compile(r"C\d{4}")


def _hours():
    spans = st.lists(st.tuples(st.integers(0, 1440), st.integers(0, 60)), min_size=1, max_size=3).map(
        lambda xs: tuple((a * 60, (a + d) * 60) for a, d in xs))
    return st.one_of(st.just(Hours("all_day")), st.builds(Hours, st.sampled_from(["open", "appointment"]), spans))


def _reasons():
    times = st.integers(0, 1440).map(lambda m: m * 60)  # the engine's text shows seconds, the manager's not
    code = st.from_regex(r"C\d{4}", fullmatch=True)
    after = st.one_of(st.none(), st.builds(After, code, st.sampled_from(["appointment", "visit", "stop"]), times, times))
    return st.builds(Reason, st.sampled_from(["no_window", "priority", "late", "end", "lunch", "makes_late"]),
                     _hours(), at=times, limit=times, minutes=st.integers(0, 600).map(lambda m: m / 4),
                     lunch=st.one_of(st.none(), st.tuples(times, times)), alone=st.booleans(), after=after,
                     other=code, other_hours=st.one_of(st.none(), _hours()))


@given(_reasons())
def test_english_matches_the_engine_and_chinese_has_no_english_words(reason):
    assert reason_text(reason, "en") == reason.text
    zh = reason_text(reason, "zh")
    assert not re.search(r"[A-Za-z]", _CODE.sub("", zh)), zh
    assert re.search(r"[\u4e00-\u9fff]", zh)


def test_catalogue_has_the_same_keys_and_placeholders_in_both_languages():
    assert area.EN.keys() == area.ZH.keys()
    fields = re.compile(r"\{(\w+)\}")
    for key, text in area.EN.items():
        assert sorted(fields.findall(text)) == sorted(fields.findall(area.ZH[key])), key


def test_routing_knows_no_language_and_no_ui():
    routing = Path(__file__).resolve().parents[2] / "rmtui" / "routing"
    for path in routing.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.startswith(("rmtui.i18n", "rmtui.ui", "rmtui.services", "textual")) for n in names), path
