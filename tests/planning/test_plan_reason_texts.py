"""Reason texts for follow-ups: 'overdue' only when it is; 'by then' when the plan is made ahead."""

from __future__ import annotations

from datetime import datetime

from rmtui.domain.planning import reasons

DEADLINE = datetime(2026, 11, 25, 15, 16)  # a Wednesday


def test_a_deadline_passing_before_the_planned_week_reads_overdue_by_then():
    assert reasons.follow_up("complaint", True, DEADLINE, True, "zh", by_then=True).endswith("（届时已超时）")
    assert reasons.follow_up("complaint", True, DEADLINE, True, "en", by_then=True).endswith("(overdue by then)")


def test_a_deadline_already_past_reads_overdue_and_a_future_one_does_not():
    assert reasons.follow_up("complaint", False, DEADLINE, True, "zh").endswith("（已超时）")
    assert "overdue" not in reasons.follow_up("complaint", True, DEADLINE, False, "en")
    assert "超时" not in reasons.follow_up("complaint", True, DEADLINE, False, "zh")
