"""Why a stop was left out, in words a customer manager understands.

A stop is either unreachable on its own (its windows cannot be met even
going straight there from the start and back) or does not fit into the
chosen route. For the second kind we try it at every place in the route and
describe the least bad attempt: "open 14:00–17:00; after the 13:30
appointment at C0007 the earliest arrival is 17:20".
"""

from __future__ import annotations

from collections.abc import Sequence

from rmtui.routing.clock import format_clock as hm
from rmtui.routing.instance import DayInstance
from rmtui.routing.model import DayProblem, Stop
from rmtui.routing.schedule import Timing, Violation, first_violation

#: A required stop with one window no wider than this is called an appointment.
_APPOINTMENT_WIDTH = 3600


def opening(stop: Stop) -> str:
    """The stop's windows as a person writes them: "open 09:00–11:30, 14:00–17:30"."""
    if not stop.windows:
        return "open all day"
    spans = ", ".join(hm(w.open) if w.open == w.close else f"{hm(w.open)}–{hm(w.close)}" for w in stop.windows)
    if _is_appointment(stop):
        return f"appointment {spans}"
    return f"open {spans}"


def _is_appointment(stop: Stop) -> bool:
    return stop.required and len(stop.windows) == 1 and stop.windows[0].close - stop.windows[0].open <= _APPOINTMENT_WIDTH


def explain_unreachable(problem: DayProblem, inst: DayInstance, node: int) -> str:
    """Why a stop cannot be visited even alone (start → stop → end)."""
    stop = problem.stops[node - 1]
    if not inst.windows[node]:
        return f"{opening(stop)}; no window leaves time for the {_mins(stop.service)}-minute visit within the day"
    v = first_violation(inst, [node])
    if v is None:  # pragma: no cover - callers only ask about unreachable stops
        return f"{opening(stop)}; it could be visited on its own"
    words = _describe(problem, inst, [node], 0, v, None)
    return f"{opening(stop)}; {words if v.kind == 'window' else 'even visited alone it ' + words}"


def explain_dropped(problem: DayProblem, inst: DayInstance, order: Sequence[int], timing: Timing, node: int) -> str:
    """Why a stop that could be visited alone does not fit into ``order``."""
    stop = problem.stops[node - 1]
    attempts: list[tuple[int, Violation]] = []
    for pos in range(len(order) + 1):
        v = first_violation(inst, _insert(order, pos, node))
        if v is None:  # it fits after all: only a weighing of priorities left it out
            return f"{opening(stop)}; left out for stops of higher priority"
        attempts.append((pos, v))
    # Describe the attempt that came closest to fitting.
    overrun, pos, v = min((_overrun(inst, _insert(order, pos, node), v), pos, v) for pos, v in attempts)
    words = _describe(problem, inst, _insert(order, pos, node), pos, v, timing)
    if v.position == pos and v.kind == "window":
        return f"{opening(stop)}; {words}"
    return f"{opening(stop)}; the day is full: fitting it in {words}"


def _insert(order: Sequence[int], pos: int, node: int) -> list[int]:
    return [*order[:pos], node, *order[pos:]]


def _overrun(inst: DayInstance, trial: Sequence[int], v: Violation) -> int:
    """How far past its limit the violation lands (seconds)."""
    if v.kind == "end":
        return v.ready - inst.end_latest
    if v.kind == "lunch":
        return v.ready - inst.lunch.latest_start if inst.lunch else 0
    windows = inst.windows[trial[v.position]]
    return v.ready - windows[-1][1] if windows else v.ready


def _describe(problem: DayProblem, inst: DayInstance, trial: Sequence[int], pos: int, v: Violation, timing: Timing | None) -> str:
    """Words for violation ``v`` of ``trial`` where the stop of interest is at ``pos``."""
    if v.kind == "end":
        return f"brings you back at {hm(v.ready)}, after the day's end at {hm(inst.end_latest)}"
    if v.kind == "lunch":
        lunch = problem.lunch
        span = f"{hm(lunch.earliest)}–{hm(lunch.latest)}" if lunch else ""
        return f"leaves no room for the {_mins(inst.lunch.duration)}-minute lunch break ({span})"
    late = problem.stops[trial[v.position] - 1]
    if v.position == pos:
        return f"{_after(problem, trial, pos, timing)} the earliest arrival is {hm(v.ready)}"
    return f"makes {late.id} late ({opening(late)}; it would be reached at {hm(v.ready)})"


def _after(problem: DayProblem, trial: Sequence[int], pos: int, timing: Timing | None) -> str:
    """'after the 13:30 appointment at C0007' / 'going straight from the start'."""
    if pos == 0:
        return "even going straight from the start,"
    prev_node = trial[pos - 1]
    prev = problem.stops[prev_node - 1]
    if timing is not None and prev_node in timing.order:
        k = timing.order.index(prev_node)
        start, depart = timing.start[k], timing.depart[k]
        if _is_appointment(prev):
            return f"after the {hm(start)} appointment at {prev.id}"
        return f"after the visit at {prev.id} ({hm(start)}–{hm(depart)})"
    return f"after {prev.id}"


def _mins(seconds: int) -> str:
    value = seconds / 60
    return f"{value:g}"
