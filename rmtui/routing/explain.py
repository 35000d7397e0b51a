"""Why a stop was left out, as a structured reason a customer manager understands.

A stop is either unreachable on its own (its windows cannot be met even
going straight there from the start and back) or does not fit into the
chosen route. For the second kind we try it at every place in the route and
describe the least bad attempt: "open 14:00–17:00; after the 13:30
appointment at C0007 the earliest arrival is 17:20".

The routing package speaks no language of its own: ``explain_*`` return a
``Reason`` (a kind and its values: times in seconds, stop ids, minutes).
``Reason.text`` is plain English for logs and JSON; the words shown to a
manager are rendered from the values above routing
(``rmtui.services.route_reasons``, catalogue area ``route_reasons``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rmtui.routing.clock import format_clock as hm
from rmtui.routing.instance import DayInstance
from rmtui.routing.model import DayProblem, Stop
from rmtui.routing.schedule import Timing, Violation, first_violation

#: A required stop with one window no wider than this is called an appointment.
_APPOINTMENT_WIDTH = 3600

HoursKind = Literal["all_day", "open", "appointment"]
AfterKind = Literal["appointment", "visit", "stop"]
#: ``no_window``: no window leaves time for the visit; ``priority``: it fits, stops of higher priority
#: were kept instead; ``late``: the stop itself would be reached after its windows; ``end``: back after
#: the day's end; ``lunch``: no room left for the lunch break; ``makes_late``: another stop would be late.
ReasonKind = Literal["no_window", "priority", "late", "end", "lunch", "makes_late"]


@dataclass(frozen=True)
class Hours:
    """A stop's windows as a person reads them: open all day, open in spans, or an appointment."""

    kind: HoursKind
    spans: tuple[tuple[int, int], ...] = ()  # seconds since midnight

    @property
    def text(self) -> str:
        if self.kind == "all_day":
            return "open all day"
        spans = ", ".join(hm(a) if a == b else f"{hm(a)}–{hm(b)}" for a, b in self.spans)
        return f"{'appointment' if self.kind == 'appointment' else 'open'} {spans}"


@dataclass(frozen=True)
class After:
    """The stop just before, in the attempt that came closest: an appointment or a visit with its times,
    or only its id (``stop``) when its times are not known."""

    stop: str
    kind: AfterKind
    start: int | None = None
    depart: int | None = None


@dataclass(frozen=True)
class Reason:
    """Why a stop is left out: ``kind`` and the values that go with it.

    ``hours`` the stop's own windows; ``at`` the time that breaks (the earliest arrival for ``late``, the
    return for ``end``, when the other stop is reached for ``makes_late``); ``limit`` the day's end;
    ``minutes`` the visit (``no_window``) or lunch (``lunch``) length; ``lunch`` the span the break must
    lie in; ``alone`` (``end``, ``lunch``) True when even a route of this stop alone breaks (False: the
    day is full);
    ``after`` the stop before it (``late``; None: straight from the start); ``other`` / ``other_hours``
    the stop made late (``makes_late``). Stop ids are the caller's (``Stop.id``).
    """

    kind: ReasonKind
    hours: Hours
    at: int | None = None
    limit: int | None = None
    minutes: float | None = None
    lunch: tuple[int, int] | None = None
    alone: bool = False
    after: After | None = None
    other: str | None = None
    other_hours: Hours | None = None

    @property
    def text(self) -> str:
        """Plain English, for logs, JSON and callers that want text."""
        return f"{self.hours.text}; {self._cause()}"

    def __str__(self) -> str:
        return self.text

    def _cause(self) -> str:
        if self.kind == "no_window":
            return f"no window leaves time for the {self.minutes:g}-minute visit within the day"
        if self.kind == "priority":
            return "left out for stops of higher priority"
        if self.kind == "late":
            return f"{_after_text(self.after)} the earliest arrival is {hm(self.at)}"
        lead = "even visited alone it " if self.alone else "the day is full: fitting it in "
        if self.kind == "end":
            return f"{lead}brings you back at {hm(self.at)}, after the day's end at {hm(self.limit)}"
        if self.kind == "lunch":
            span = f"{hm(self.lunch[0])}–{hm(self.lunch[1])}" if self.lunch else ""
            return f"{lead}leaves no room for the {self.minutes:g}-minute lunch break ({span})"
        other = (self.other_hours or Hours("all_day")).text  # makes_late: only ever when the day is full
        return f"the day is full: fitting it in makes {self.other} late ({other}; it would be reached at {hm(self.at)})"


def _after_text(after: After | None) -> str:
    """'after the 13:30 appointment at C0007' / 'even going straight from the start,'."""
    if after is None:
        return "even going straight from the start,"
    if after.kind == "appointment":
        return f"after the {hm(after.start)} appointment at {after.stop}"
    if after.kind == "visit":
        return f"after the visit at {after.stop} ({hm(after.start)}–{hm(after.depart)})"
    return f"after {after.stop}"


def hours_of(stop: Stop) -> Hours:
    """The stop's windows: all day, open spans, or an appointment."""
    if not stop.windows:
        return Hours("all_day")
    spans = tuple((w.open, w.close) for w in stop.windows)
    return Hours("appointment" if _is_appointment(stop) else "open", spans)


def _is_appointment(stop: Stop) -> bool:
    return stop.required and len(stop.windows) == 1 and stop.windows[0].close - stop.windows[0].open <= _APPOINTMENT_WIDTH


def explain_unreachable(problem: DayProblem, inst: DayInstance, node: int) -> Reason:
    """Why a stop cannot be visited even alone (start → stop → end)."""
    stop = problem.stops[node - 1]
    hours = hours_of(stop)
    if not inst.windows[node]:
        return Reason("no_window", hours, minutes=stop.service / 60)
    v = first_violation(inst, [node])
    if v is None:  # pragma: no cover - callers only ask about unreachable stops
        return Reason("priority", hours)
    return _describe(problem, inst, hours, [node], 0, v, None, alone=True)


def explain_dropped(problem: DayProblem, inst: DayInstance, order: Sequence[int], timing: Timing,
                    node: int) -> Reason:
    """Why a stop that could be visited alone does not fit into ``order``."""
    hours = hours_of(problem.stops[node - 1])
    attempts: list[tuple[int, Violation]] = []
    for pos in range(len(order) + 1):
        v = first_violation(inst, _insert(order, pos, node))
        if v is None:  # it fits after all: only a weighing of priorities left it out
            return Reason("priority", hours)
        attempts.append((pos, v))
    # Describe the attempt that came closest to fitting.
    overrun, pos, v = min((_overrun(inst, _insert(order, pos, node), v), pos, v) for pos, v in attempts)
    return _describe(problem, inst, hours, _insert(order, pos, node), pos, v, timing, alone=False)


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


def _describe(problem: DayProblem, inst: DayInstance, hours: Hours, trial: Sequence[int], pos: int, v: Violation,
              timing: Timing | None, *, alone: bool) -> Reason:
    """The reason for violation ``v`` of ``trial`` where the stop of interest is at ``pos``."""
    if v.kind == "end":
        return Reason("end", hours, at=v.ready, limit=inst.end_latest, alone=alone)
    if v.kind == "lunch":
        lunch = problem.lunch
        return Reason("lunch", hours, minutes=inst.lunch.duration / 60 if inst.lunch else 0,
                      lunch=(lunch.earliest, lunch.latest) if lunch else None, alone=alone)
    if v.position == pos:
        return Reason("late", hours, at=v.ready, after=_after(problem, trial, pos, timing))
    late = problem.stops[trial[v.position] - 1]
    return Reason("makes_late", hours, at=v.ready, other=late.id, other_hours=hours_of(late))


def _after(problem: DayProblem, trial: Sequence[int], pos: int, timing: Timing | None) -> After | None:
    """The stop before the one of interest in ``trial`` (None: it comes first, straight from the start)."""
    if pos == 0:
        return None
    prev_node = trial[pos - 1]
    prev = problem.stops[prev_node - 1]
    if timing is not None and prev_node in timing.order:
        k = timing.order.index(prev_node)
        start, depart = timing.start[k], timing.depart[k]
        return After(prev.id, "appointment" if _is_appointment(prev) else "visit", start, depart)
    return After(prev.id, "stop")
