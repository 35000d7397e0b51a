"""Visit cadence: due dates, windows, states, monthly requirements, compliance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rmtui.domain.cadence import (
    Cadence,
    CadenceState,
    Outcome,
    RequiredVisit,
    cadence_compliance,
    cadence_visits,
    due_in_range,
    overall_share,
    visits_required,
)
from rmtui.domain.tiers import Tier, VisitMode

FAST = settings(max_examples=80, deadline=None)
CORE = Tier(
    "core", "核心客户", "Core", interval_days=14, visit_minutes=20, lead_days=1, early_days=3
)
POTENTIAL = Tier("potential", "潜力客户", "Potential", interval_days=30, visit_minutes=20)
ON_SITE_ONLY = Tier("a", "A类", "Grade A", 7, 30, modes=(VisitMode.ON_SITE,))


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


@pytest.mark.parametrize(
    ("on", "state", "overdue"),
    [
        (d(3, 1), CadenceState.NOT_DUE, 0),
        (d(3, 2), CadenceState.NOT_DUE, 0),
        (d(3, 3), CadenceState.DUE, 0),  # window opens early_days before the due date
        (d(3, 6), CadenceState.DUE, 0),  # the due date itself is still on time
        (d(3, 7), CadenceState.OVERDUE, 1),
        (d(4, 5), CadenceState.OVERDUE, 30),
    ],
)
def test_state_around_the_window(on, state, overdue):
    cadence = Cadence(CORE, last_visit=d(2, 20))
    assert (cadence.due_date, cadence.window_start) == (d(3, 6), d(3, 3))
    assert cadence.state(on) is state
    assert cadence.days_overdue(on) == overdue
    assert cadence.is_due(on) == (state is not CadenceState.NOT_DUE)


def test_status_is_a_snapshot_for_lists():
    status = Cadence(CORE, last_visit=d(2, 20)).status(42, d(3, 9))
    assert (status.customer_id, status.tier_id, status.last_visit) == (42, "core", d(2, 20))
    assert (status.due_date, status.window_start) == (d(3, 6), d(3, 3))
    assert (status.overdue_days, status.state) == (3, CadenceState.OVERDUE)


def test_never_visited_is_due_from_the_day_it_was_assigned():
    cadence = Cadence(CORE, assigned_on=d(3, 10))
    assert (cadence.window_start, cadence.due_date) == (d(3, 10), d(3, 24))
    assert cadence.state(d(3, 9)) is CadenceState.NOT_DUE
    assert cadence.state(d(3, 10)) is CadenceState.DUE
    assert cadence.days_overdue(d(3, 27)) == 3


def test_never_visited_and_never_assigned_is_due_now():
    cadence = Cadence(CORE)
    assert cadence.due_date is None and cadence.window_start is None
    status = cadence.status("c-1", d(3, 9))
    assert (status.due_date, status.window_start) == (d(3, 9), d(3, 9))
    assert (status.state, status.overdue_days) == (CadenceState.DUE, 0)


def test_window_never_reaches_back_to_the_last_visit():
    wide = Tier("w", "宽", "Wide", interval_days=3, visit_minutes=10, early_days=10)
    assert Cadence(wide, last_visit=d(3, 1)).window_start == d(3, 2)
    assert Cadence(POTENTIAL, last_visit=d(3, 1)).window_start == d(3, 31)  # early_days 0


@pytest.mark.parametrize(("interval", "early"), [(0, 0), (-7, 0), (14, -1)])
def test_nonsense_tiers_are_refused(interval, early):
    with pytest.raises(ValueError, match="interval_days must be >= 1"):
        Cadence(Tier("x", "x", "x", interval, 10, early_days=early))


def test_any_later_visit_in_an_allowed_mode_resets_the_clock():
    cadence = Cadence(CORE, last_visit=d(3, 1))
    assert cadence.record(d(3, 5)).due_date == d(3, 19)  # even an early one
    assert cadence.record(d(2, 1)) == cadence  # an older visit changes nothing
    assert not Cadence(ON_SITE_ONLY).counts(VisitMode.PHONE)
    visits = [
        (d(3, 2), VisitMode.PHONE), (d(3, 1), VisitMode.ON_SITE), (d(3, 1), VisitMode.ON_SITE),
    ]
    assert cadence_visits(ON_SITE_ONLY, visits) == (d(3, 1),)
    assert cadence_visits(CORE, visits) == (d(3, 1), d(3, 2))


def test_due_in_range_keeps_the_range_and_sorts_by_due_date():
    statuses = [
        Cadence(CORE, last_visit=d(2, 20)).status("b", d(3, 1)),  # due 3-06
        Cadence(CORE, last_visit=d(2, 16)).status("a", d(3, 1)),  # due 3-02
        Cadence(CORE, last_visit=d(2, 23)).status("c", d(3, 1)),  # due 3-09: outside
        Cadence(CORE, last_visit=d(2, 10)).status("d", d(3, 1)),  # due 2-24: overdue
        Cadence(CORE, last_visit=d(2, 16)).status("0", d(3, 1)),  # ties sort by id
    ]
    week = due_in_range(statuses, d(3, 2), d(3, 8))
    assert [s.customer_id for s in week] == ["0", "a", "b"]
    with_debt = due_in_range(statuses, d(3, 2), d(3, 8), include_overdue=True)
    assert [s.customer_id for s in with_debt] == ["d", "0", "a", "b"]


@pytest.mark.parametrize(
    ("tier", "last", "expected"),
    [
        (CORE, d(2, 16), [d(3, 2), d(3, 16), d(3, 30)]),  # three visits in March
        (CORE, d(2, 25), [d(3, 11), d(3, 25)]),
        (CORE, d(1, 10), [d(3, 1), d(3, 15), d(3, 29)]),  # overdue: at once, then the cycle
        (CORE, None, [d(3, 1), d(3, 15), d(3, 29)]),
        (POTENTIAL, d(2, 1), [d(3, 3)]),
        (POTENTIAL, d(3, 5), []),  # next due in April
    ],
)
def test_visits_required_in_march(tier, last, expected):
    assert list(visits_required(tier, last, d(3, 1), d(3, 31))) == expected


def test_visits_required_for_a_customer_assigned_mid_month():
    assert visits_required(CORE, None, d(3, 1), d(3, 31), assigned_on=d(3, 10)) == (d(3, 24),)


def on_time(due, window, visit):
    return RequiredVisit(due, window, visit, Outcome.ON_TIME)


MARCH = (d(3, 1), d(3, 31))


@pytest.mark.parametrize(
    ("visits", "assigned", "expected", "share"),
    [
        ([d(2, 20), d(3, 5), d(3, 19)], None,
         [on_time(d(3, 6), d(3, 3), d(3, 5)), on_time(d(3, 19), d(3, 16), d(3, 19))], 1.0),
        ([d(2, 20), d(3, 9)], None,
         [RequiredVisit(d(3, 6), d(3, 3), d(3, 9), Outcome.LATE),
          RequiredVisit(d(3, 23), d(3, 20), None, Outcome.MISSED)], 0.0),
        # Mar 1 comes before the window (Mar 3-6): it resets the clock, earns nothing.
        ([d(2, 20), d(3, 1), d(3, 14), d(3, 31)], None,
         [on_time(d(3, 15), d(3, 12), d(3, 14)),
          RequiredVisit(d(3, 28), d(3, 25), d(3, 31), Outcome.LATE)], 0.5),
        # Overdue since January: that debt belongs to an earlier review.
        ([d(1, 10), d(3, 4), d(3, 18)], None, [on_time(d(3, 18), d(3, 15), d(3, 18))], 1.0),
        ([d(1, 10)], None, [], None),
        # Never visited, assignment unknown: due on the first day of the period.
        ([d(3, 2)], None,
         [RequiredVisit(d(3, 1), d(3, 1), d(3, 2), Outcome.LATE),
          RequiredVisit(d(3, 16), d(3, 13), None, Outcome.MISSED)], 0.0),
        ([d(3, 12)], d(3, 10),
         [on_time(d(3, 24), d(3, 10), d(3, 12)),
          RequiredVisit(d(3, 26), d(3, 23), None, Outcome.MISSED)], 0.5),
    ],
)
def test_compliance_in_march(visits, assigned, expected, share):
    result = cadence_compliance(CORE, visits, *MARCH, assigned_on=assigned)
    assert list(result.required) == expected
    assert result.share == share


def test_visiting_more_often_than_required_is_never_a_failure():
    weekly = [d(2, 28), *(d(3, k) for k in (7, 14, 21, 28))]
    result = cadence_compliance(CORE, weekly, *MARCH)
    # Each visit comes before the next window opens: the customer was never due.
    assert result.required == () and result.share is None
    assert result.early_visits == (d(3, 7), d(3, 14), d(3, 21), d(3, 28))
    assert cadence_compliance(CORE, [d(2, 20), d(3, 1), d(3, 14)], *MARCH).early_visits == (
        d(3, 1),
    )


def test_a_requirement_met_early_before_the_period_ends_counts_in_it():
    # Due 2 April, window 30 March - 2 April, met on 31 March: March's review
    # counts it, April's starts its clock on 31 March and never sees it.
    visits = [d(2, 20), d(3, 5), d(3, 19), d(3, 31)]
    march = cadence_compliance(CORE, visits, *MARCH)
    assert [r.due_date for r in march.required] == [d(3, 6), d(3, 19), d(4, 2)]
    assert march.required[-1] == on_time(d(4, 2), d(3, 30), d(3, 31))
    april = cadence_compliance(CORE, visits, d(4, 1), d(4, 30))
    assert [r.due_date for r in april.required] == [d(4, 14)]


def test_overall_share_weighs_each_required_visit():
    good = cadence_compliance(CORE, [d(2, 20), d(3, 5), d(3, 19)], *MARCH)
    bad = cadence_compliance(CORE, [d(2, 20), d(3, 9)], *MARCH)
    nothing = cadence_compliance(CORE, [d(1, 10)], *MARCH)
    assert overall_share([good, bad, nothing]) == 0.5
    assert overall_share([nothing]) is None and overall_share([]) is None
    assert (bad.count(Outcome.LATE), bad.count(Outcome.MISSED)) == (1, 1)


# ---- properties ---------------------------------------------------------------

tiers = st.builds(
    lambda i, e: Tier("t", "t", "t", interval_days=i, visit_minutes=15, early_days=e),
    st.integers(1, 120),
    st.integers(0, 130),
)
days = st.dates(date(2025, 1, 1), date(2027, 12, 31))


@FAST
@given(tiers, days, days)
def test_due_date_window_and_overdue_invariants(tier, last, on):
    cadence = Cadence(tier, last_visit=last)
    assert cadence.due_date >= last + timedelta(days=1)
    assert last < cadence.window_start <= cadence.due_date
    assert cadence.days_overdue(on) >= 0
    assert (cadence.days_overdue(on) > 0) == (cadence.state(on) is CadenceState.OVERDUE)
    if cadence.is_due(on):  # once due, a customer stays due until visited
        assert cadence.is_due(on + timedelta(days=1))


@FAST
@given(tiers, st.one_of(st.none(), days), days, st.integers(0, 60))
def test_required_visits_fall_in_the_month_one_interval_apart(tier, last, start, length):
    end = start + timedelta(days=length)
    required = visits_required(tier, last, start, end)
    assert all(start <= x <= end for x in required)
    gaps = {(b - a).days for a, b in zip(required, required[1:])}
    assert gaps <= {tier.interval_days}
    first_due = max(Cadence(tier, last).due_date or start, start)
    assert (required[0] if required else None) == (first_due if first_due <= end else None)


@FAST
@given(tiers, st.lists(days, max_size=12), days, st.integers(0, 90))
def test_compliance_outcomes_are_consistent(tier, visits, start, length):
    end = start + timedelta(days=length)
    result = cadence_compliance(tier, visits, start, end)
    in_period = {v for v in visits if start <= v <= end}
    assert len(result.required) <= len(in_period) + 1
    assert result.count(Outcome.MISSED) <= 1
    assert result.share is None or 0.0 <= result.share <= 1.0
    for req in result.required:
        assert start <= req.due_date and req.window_start <= req.due_date
        assert req.due_date <= end or req.outcome is Outcome.ON_TIME
        if req.outcome is Outcome.ON_TIME:
            assert req.window_start <= req.visited_on <= req.due_date
        elif req.outcome is Outcome.LATE:
            assert req.visited_on > req.due_date


@FAST
@given(tiers, days, st.integers(0, 120))
def test_visiting_on_every_due_date_is_fully_compliant(tier, start, length):
    end = start + timedelta(days=length)
    last = start - timedelta(days=1)
    visits = [last, *visits_required(tier, last, start, end)]
    result = cadence_compliance(tier, visits, start, end)
    assert [r.due_date for r in result.required] == visits[1:]
    assert result.share in (None, 1.0)
