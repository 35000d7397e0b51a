"""The visit record form: time parsing, validation, follow-up deadlines, draft JSON."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmtui.domain.followups import SlaRule
from rmtui.domain.visit_record import (
    ERR_DEPART_BEFORE,
    ERR_DUE_FORMAT,
    ERR_DUE_PAST,
    ERR_FUTURE,
    ERR_REQUIRED,
    ERR_SATISFACTION,
    ERR_TIME_FORMAT,
    FollowUpDraft,
    VisitForm,
    default_sla_class,
    form_from_json,
    form_to_json,
    parse_clock,
    parse_due,
    planned_departure,
    validate,
    validate_followup,
    visit_minutes,
)

NOW = datetime(2026, 11, 24, 15, 0)
TODAY = NOW.date()
PAST = date(2026, 11, 23)
SLA = frozenset({"serious", "severe", "ordinary", "urgent_request", "normal"})


def good(**kw) -> VisitForm:
    return VisitForm(**{"arrived": "09:10", "departed": "09:40", "outcome": "order", **kw})


@pytest.mark.parametrize(("text", "expected"), [
    ("09:05", time(9, 5)), ("9:05", time(9, 5)), (" 17:30 ", time(17, 30)), ("09：05", time(9, 5)),
    ("0:00", time(0, 0)), ("23:59", time(23, 59)),
])
def test_parse_clock_accepts(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["", "9", "0905", "24:00", "12:60", "ab:cd", "9:5", "12:345"])
def test_parse_clock_refuses(text):
    with pytest.raises(ValueError):
        parse_clock(text)


def test_parse_due():
    assert parse_due("2026-11-26 17:00") == datetime(2026, 11, 26, 17, 0)
    for bad in ("2026-11-26", "26/11/2026 17:00", "2026-02-30 10:00", "2026-11-26 25:00"):
        with pytest.raises(ValueError):
            parse_due(bad)


def test_a_good_form_has_no_errors():
    assert validate(good(), NOW, TODAY) == {}


def test_required_fields():
    errors = validate(VisitForm(), NOW, TODAY)
    assert errors == {"arrived": ERR_REQUIRED, "departed": ERR_REQUIRED, "outcome": ERR_REQUIRED}


def test_departure_is_optional_off_site():
    assert validate(good(departed="", mode="phone"), NOW, TODAY) == {}
    assert validate(good(departed="", mode="on_site"), NOW, TODAY) == {"departed": ERR_REQUIRED}


def test_bad_time_format_and_satisfaction():
    errors = validate(good(arrived="9.3O", satisfaction="7"), NOW, TODAY)
    assert errors == {"arrived": ERR_TIME_FORMAT, "satisfaction": ERR_SATISFACTION}
    assert validate(good(satisfaction="x"), NOW, TODAY) == {"satisfaction": ERR_SATISFACTION}
    assert validate(good(satisfaction="0"), NOW, TODAY) == {"satisfaction": ERR_SATISFACTION}
    assert validate(good(satisfaction="5"), NOW, TODAY) == {}


def test_future_only_counts_today_and_later():
    late = good(arrived="16:00", departed="16:30")
    assert validate(late, NOW, TODAY) == {"arrived": ERR_FUTURE, "departed": ERR_FUTURE}
    assert validate(good(arrived="14:30", departed="15:20"), NOW, TODAY) == {"departed": ERR_FUTURE}
    assert validate(late, NOW, PAST) == {}  # yesterday at 16:00 is not in the future
    assert validate(good(), NOW, TODAY + timedelta(days=1)) == {"arrived": ERR_FUTURE, "departed": ERR_FUTURE}


def test_errors_listed_in_form_order():
    errors = validate(VisitForm(arrived="x", departed="", outcome="", satisfaction="9"), NOW, TODAY)
    assert list(errors) == ["arrived", "departed", "outcome", "satisfaction"]


clock = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@given(a=clock, b=clock)
def test_any_ordered_pair_is_accepted(a, b):
    arrive, depart = min(a, b), max(a, b)
    form = good(arrived=arrive.strftime("%H:%M"), departed=depart.strftime("%H:%M"))
    assert validate(form, NOW, PAST) == {}
    assert visit_minutes(form) >= 0


@given(a=clock, b=clock)
def test_departure_before_arrival_is_always_flagged(a, b):
    if a == b:
        return
    arrive, depart = max(a, b), min(a, b)
    form = good(arrived=arrive.strftime("%H:%M"), departed=depart.strftime("%H:%M"))
    for day in (PAST, TODAY):
        assert validate(form, NOW, day)["departed"] == ERR_DEPART_BEFORE


@given(t=clock)
def test_today_future_iff_after_now(t):
    form = good(arrived=t.strftime("%H:%M"), departed="23:59" if t > NOW.time() else "15:00")
    errors = validate(form, NOW, TODAY)
    assert (errors.get("arrived") == ERR_FUTURE) == (t > NOW.time())


def test_planned_departure():
    assert planned_departure(time(9, 0), 20) == time(9, 20)
    assert planned_departure(time(23, 50), 30) == time(23, 59)
    assert planned_departure(None, 20) is None


def test_followup_validation():
    ok = FollowUpDraft(title="寄送资料", due="2026-11-26 17:00")
    assert validate_followup(ok, NOW, SLA) == {}
    assert validate_followup(FollowUpDraft(title=" "), NOW, SLA) == {"title": ERR_REQUIRED}
    assert validate_followup(FollowUpDraft(title="a", due="tomorrow"), NOW, SLA) == {"due": ERR_DUE_FORMAT}
    assert validate_followup(FollowUpDraft(title="a", due="2026-11-24 08:00"), NOW, SLA) == {"due": ERR_DUE_PAST}
    assert set(validate_followup(FollowUpDraft(title="a", kind="x", sla_class="y"), NOW, SLA)) == {
        "kind", "sla_class"}
    # A complaint's due time comes from its SLA class; whatever was typed is not checked.
    assert validate_followup(FollowUpDraft(title="a", kind="complaint", due="junk"), NOW, SLA) == {}


def test_followup_deadlines():
    rule = SlaRule(first_answer_hours=24, resolve_hours=48)
    complaint = FollowUpDraft(title="a", kind="complaint", sla_class="ordinary", due="2030-01-01 00:00",
                              created_at=NOW)
    assert complaint.deadlines(rule) == (NOW + timedelta(hours=24), NOW + timedelta(hours=48))
    typed = FollowUpDraft(title="a", due="2026-11-26 17:00", created_at=NOW)
    assert typed.deadlines(rule) == (None, datetime(2026, 11, 26, 17, 0))
    from_class = FollowUpDraft(title="a", created_at=NOW)
    assert from_class.deadlines(rule) == (None, NOW + timedelta(hours=48))


def test_default_sla_class():
    assert default_sla_class("complaint") == "ordinary"
    assert default_sla_class("request") == "urgent_request"
    assert default_sla_class("callback") == "normal"


text = st.text(max_size=30)


@given(arrived=text, needs=text, satisfaction=text, title=st.text(min_size=1, max_size=20), due=text)
def test_draft_json_round_trip(arrived, needs, satisfaction, title, due):
    form = VisitForm(arrived=arrived, needs=needs, satisfaction=satisfaction, outcome="order").with_followup(
        FollowUpDraft(title=title, kind="complaint", due=due, created_at=NOW))
    assert form_from_json(form_to_json(form)) == form


def test_draft_json_tolerates_old_or_odd_drafts():
    assert form_from_json('{"version": 1, "form": {"needs": "x", "gone": 1}}') == VisitForm(needs="x")
    assert form_from_json("[]") == VisitForm()
    form = VisitForm().with_followup(FollowUpDraft(title="a")).with_followup(FollowUpDraft(title="b"))
    assert [f.title for f in form.without_followup(0).followups] == ["b"]
