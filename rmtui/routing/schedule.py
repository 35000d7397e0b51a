"""Times for a given visiting order: the one place that decides when things happen.

Every method (the exact search, OR-Tools, the explanations) only chooses an
order; this module turns an order into arrival, wait, start and departure
times, places the lunch break and says whether the day holds. Visits start
as early as their windows allow. Lunch is taken on one leg, as early as it
may start after leaving the previous point: on leg i→j it needs
``max(depart_i, earliest) <= latest_start`` and makes the visit at j ready
at ``max(depart_i + travel_ij, earliest) + duration`` (eat on the way, or
near j while waiting for it to open).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rmtui.routing.instance import DayInstance


@dataclass(frozen=True)
class Timing:
    """The times of one feasible order (lists run along the route)."""

    order: tuple[int, ...]
    ready: tuple[int, ...]  # when each visit could begin (after travel and any lunch)
    start: tuple[int, ...]
    depart: tuple[int, ...]
    window: tuple[int, ...]  # which of the node's windows the visit starts in
    lunch_leg: int | None  # lunch is on the leg into route position k (k == len: into the end)
    lunch_start: int | None
    end_arrive: int


@dataclass(frozen=True)
class Violation:
    """The first thing that breaks when an order is timed.

    ``kind`` is "window" (the visit at ``position`` would begin at ``ready``,
    after its last window closes), "end" (back at ``ready``, after the day's
    end) or "lunch" (the break could no longer start in time).
    """

    kind: str
    position: int
    ready: int


def start_in_windows(windows: Sequence[tuple[int, int]], ready: int) -> tuple[int, int] | None:
    """The earliest start at or after ``ready`` and the window it falls in, or None."""
    for k, (open_, close) in enumerate(windows):
        if ready <= close:
            return max(ready, open_), k
    return None


def time_order(inst: DayInstance, order: Sequence[int], lunch_leg: int | None) -> Timing | Violation:
    """Time ``order`` (stop nodes) with lunch on leg ``lunch_leg`` (None: no lunch)."""
    dur, svc, lunch = inst.durations, inst.service, inst.lunch
    prev, depart = 0, inst.start_time
    ready_l: list[int] = []
    start_l: list[int] = []
    depart_l: list[int] = []
    window_l: list[int] = []
    lunch_start = None
    nodes = list(order) + [inst.end]
    for pos, node in enumerate(nodes):
        travel = int(dur[prev, node])
        ready = depart + travel
        if pos == lunch_leg and lunch is not None:
            lunch_start = max(depart, lunch.earliest)
            if lunch_start > lunch.latest_start:
                return Violation("lunch", pos, lunch_start)
            ready = max(ready, lunch.earliest) + lunch.duration
        if node == inst.end:
            if ready > inst.end_latest:
                return Violation("end", pos, ready)
            return Timing(
                tuple(order), tuple(ready_l), tuple(start_l), tuple(depart_l), tuple(window_l),
                lunch_leg, lunch_start, ready,
            )
        found = start_in_windows(inst.windows[node], ready)
        if found is None:
            return Violation("window", pos, ready)
        start, k = found
        ready_l.append(ready)
        start_l.append(start)
        window_l.append(k)
        depart = start + int(svc[node])
        depart_l.append(depart)
        prev = node
    raise AssertionError("unreachable: the loop returns at the end node")


def time_route(inst: DayInstance, order: Sequence[int]) -> Timing | None:
    """The best timing of ``order``: lunch on the leg that brings you back earliest.

    None when the order cannot be kept, whatever leg lunch is on.
    """
    found = _sweep(inst, order)
    return time_order(inst, order, found) if isinstance(found, (int, type(None))) else None  # type: ignore[return-value]


def first_violation(inst: DayInstance, order: Sequence[int]) -> Violation | None:
    """What breaks in ``order`` when lunch is on its most forgiving leg; None if nothing.

    Of the ways it can break, the one furthest along the route is reported.
    """
    found = _sweep(inst, order)
    return found if isinstance(found, Violation) else None


def _sweep(inst: DayInstance, order: Sequence[int]) -> int | None | Violation:
    """One pass along ``order`` tracking the earliest departure with lunch still
    owed and with lunch behind, so every lunch leg is tried at once.

    Returns the best lunch leg (None without lunch) or the violation.
    Earliest is always best here: one can always wait, so an earlier
    departure never closes a door that a later one keeps open.
    """
    dur, svc, lunch = inst.durations, inst.service, inst.lunch
    owing: int | None = inst.start_time if lunch is not None else None
    fed: int | None = None if lunch is not None else inst.start_time
    fed_leg: int | None = None
    dead: Violation | None = None
    prev = 0
    nodes = list(order) + [inst.end]
    for pos, node in enumerate(nodes):
        travel = int(dur[prev, node])
        cand: list[tuple[int, int | None]] = []  # (ready, lunch leg) for the fed state
        if fed is not None:
            cand.append((fed + travel, fed_leg))
        ready_owing = None
        if owing is not None:
            ready_owing = owing + travel
            if max(owing, lunch.earliest) <= lunch.latest_start:
                cand.append((max(ready_owing, lunch.earliest) + lunch.duration, pos))
        if node == inst.end:
            best = min((c for c in cand if c[0] <= inst.end_latest), default=None, key=lambda c: c[0])
            if best is not None:
                return best[1]
            ready = min(c[0] for c in cand) if cand else None
            return _later(dead, Violation("end", pos, ready) if ready is not None else None)
        fed, fed_leg = None, None
        if cand:
            ready, leg = min(cand, key=lambda c: c[0])
            got = start_in_windows(inst.windows[node], ready)
            if got is None:
                dead = _later(dead, Violation("window", pos, ready))
            else:
                fed, fed_leg = got[0] + int(svc[node]), leg
        if owing is not None:
            got = start_in_windows(inst.windows[node], ready_owing)
            if got is None:
                dead = _later(dead, Violation("window", pos, ready_owing))
                owing = None
            else:
                owing = got[0] + int(svc[node])
                if owing > lunch.latest_start:  # lunch can no longer start in time
                    dead = _later(dead, Violation("lunch", pos + 1, owing))
                    owing = None
        if fed is None and owing is None:
            return dead
        prev = node
    raise AssertionError("unreachable: the loop returns at the end node")


def _later(a: Violation | None, b: Violation | None) -> Violation | None:
    """The violation further along the route (a window or the end before lunch on a tie)."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda v: (v.position, v.kind != "lunch"))
