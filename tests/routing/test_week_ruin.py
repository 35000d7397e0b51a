"""The ruin step: what it takes out is exactly what the routes lose, and the bounds it leaves
are the ones a fresh ``Slack`` of the shorter routes has (split strings included)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rmtui.routing.slack import Slack
from rmtui.routing.week import WeekSearch, _Week, build_net

from week_strategies import weeks


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(min_visits=6, max_visits=40), st.sampled_from([0.0, 0.5, 1.0]), st.integers(0, 1000))
def test_ruin_takes_out_what_it_returns_and_leaves_true_bounds(problem, split, seed):
    week = _Week(problem, build_net(problem))
    engine = week.engine(WeekSearch(split=split), 1, seed)
    engine._load([[] for _ in problem.days])
    engine._insert_all([v for v in range(engine.n) if engine.allowed[v]])
    for _ in range(20):
        before = {v for r in engine.routes for v in r}
        out = engine._ruin()
        after = {v for r in engine.routes for v in r}
        assert before - after <= set(out) and not after & set(out)
        for k, route in enumerate(engine.routes):
            fresh = Slack(engine.frames[k], [engine.p + v for v in route])
            mine = engine.slack[k]
            assert mine.nodes == fresh.nodes
            assert (mine.leave_fed, mine.leave_owing) == (fresh.leave_fed, fresh.leave_owing)
            if fresh.feasible:
                assert (mine.ready_fed, mine.ready_owing) == (fresh.ready_fed, fresh.ready_owing)
            assert engine.day_cost[k] == engine._route_cost(k, route)
            assert all(engine.where[v] == k for v in route)
        engine._insert_all(out)

