"""Constant-time insertion checks for a timed day route (the rules of ``schedule.py``).

For every position of a route two numbers are kept in each direction, one
with lunch still owed and one with lunch behind:

* forwards, the earliest time one can leave that point (``schedule._sweep``);
* backwards, the latest time one can be *ready* at that point and still
  keep every later visit in its windows, take lunch in time and be back by
  the day's end.

One can always wait, so earlier is never worse: a route is feasible from a
point on exactly when the ready time there is at most the backward bound.
Whether a visit fits between two neighbours is then a few comparisons, not
a pass over the route; after a route changes its numbers are recomputed
from the change on, until they are as before. ``room`` bounds the longest
visit each gap could take, so a full day is passed over without checks.
``schedule.time_route`` stays the authority: a route built with these
checks is timed by it in the end, and the tests hold the two to agree.
"""

from __future__ import annotations

from collections.abc import Sequence

EARLY_NEVER = 1 << 60  # "cannot leave": later than any time
LATE_NEVER = -(1 << 60)  # "cannot be ready in time": earlier than any time

Windows = tuple[tuple[int, int], ...]


def start_in(windows: Windows, ready: int) -> int:
    """Earliest start at or after ``ready`` inside ``windows`` (sorted), or EARLY_NEVER."""
    for open_, close in windows:
        if ready <= close:
            return open_ if ready < open_ else ready
    return EARLY_NEVER


def latest_start(windows: Windows, bound: int) -> int:
    """Latest start at or before ``bound`` inside ``windows``, or LATE_NEVER."""
    for open_, close in reversed(windows):
        if open_ <= bound:
            return close if close < bound else bound
    return LATE_NEVER


class DayFrame:
    """What a day's timing depends on: travel between nodes, service, start, end and lunch.

    ``durations`` is a list of lists (plain ints are much faster than NumPy
    scalars here); ``windows[v]`` are the start windows of the visit at node
    ``v`` on this day (empty: not allowed).
    """

    __slots__ = ("dur", "service", "windows", "origin", "dest", "start", "end", "lunch")

    def __init__(self, durations: list[list[int]], service: Sequence[int], windows: Sequence[Windows],
                 origin: int, dest: int, start: int, end: int, lunch: tuple[int, int, int] | None) -> None:
        self.dur, self.service, self.windows = durations, service, windows
        self.origin, self.dest, self.start, self.end, self.lunch = origin, dest, start, end, lunch


class Slack:
    """Forward and backward bounds of one route (visit nodes in order) on one day.

    Index ``j`` runs over the route's points: 0 is the day's start,
    1..m the visits, m+1 the day's end. ``leave_fed[j]`` / ``leave_owing[j]``
    are the earliest departures from point j (lunch behind / still owed);
    ``ready_fed[j]`` / ``ready_owing[j]`` the latest ready times at point j.
    A Slack is never changed in place: ``inserted`` and ``removed`` return
    a new one, recomputing only the points the change can reach.
    """

    __slots__ = ("frame", "nodes", "leave_fed", "leave_owing", "ready_fed", "ready_owing", "feasible", "_room",
                 "most_room")

    def __init__(self, frame: DayFrame, route: Sequence[int]) -> None:
        self.frame = frame
        self.nodes = [frame.origin, *route, frame.dest]
        size = len(self.nodes)
        self.leave_fed = [EARLY_NEVER] * (size - 1)
        self.leave_owing = [EARLY_NEVER] * (size - 1)
        if frame.lunch is None:
            self.leave_fed[0] = frame.start
        else:
            self.leave_owing[0] = frame.start
        self.ready_fed = [LATE_NEVER] * size
        self.ready_owing = [LATE_NEVER] * size
        self.ready_fed[size - 1] = frame.end
        self._room: list[int] | None = None
        self._forward(1)
        self._backward(size - 2)

    def inserted(self, node: int, pos: int) -> Slack:
        """This route with ``node`` between points ``pos`` and ``pos + 1``."""
        new = Slack.__new__(Slack)
        new.frame = self.frame
        new.nodes = [*self.nodes[:pos + 1], node, *self.nodes[pos + 1:]]
        new.leave_fed = [*self.leave_fed[:pos + 1], EARLY_NEVER, *self.leave_fed[pos + 1:]]
        new.leave_owing = [*self.leave_owing[:pos + 1], EARLY_NEVER, *self.leave_owing[pos + 1:]]
        new.ready_fed = [*self.ready_fed[:pos + 1], LATE_NEVER, *self.ready_fed[pos + 1:]]
        new.ready_owing = [*self.ready_owing[:pos + 1], LATE_NEVER, *self.ready_owing[pos + 1:]]
        new._room = None
        new._forward(pos + 1)
        new._backward(pos + 1)
        return new

    def removed(self, first: int, count: int) -> Slack:
        """This route without the ``count`` visits from route point ``first`` (1-based) on."""
        new = Slack.__new__(Slack)
        new.frame = self.frame
        cut = slice(first, first + count)
        new.nodes = list(self.nodes)
        del new.nodes[cut]
        new.leave_fed, new.leave_owing = list(self.leave_fed), list(self.leave_owing)
        new.ready_fed, new.ready_owing = list(self.ready_fed), list(self.ready_owing)
        for arr in (new.leave_fed, new.leave_owing, new.ready_fed, new.ready_owing):
            del arr[cut]
        new._room = None
        new._forward(first)
        new._backward(first - 1)
        return new

    def room(self) -> list[int]:
        """For each gap (between points ``pos`` and ``pos + 1``) the longest visit that could go
        there if it cost no extra travel and were always open: no visit longer fits there.

        Travel obeys the triangle inequality (up to rounding: callers keep a
        margin of a few seconds), so a detour only adds to the time a visit
        takes; lunch may still absorb a visit into the wait for it.
        """
        if self._room is not None:
            return self._room
        f = self.frame
        dur, nodes = f.dur, self.nodes
        leave_fed, leave_owing = self.leave_fed, self.leave_owing
        ready_fed, ready_owing = self.ready_fed, self.ready_owing
        earliest, latest, duration = f.lunch if f.lunch is not None else (0, 0, 0)
        owed = f.lunch is not None
        out = []
        for pos in range(len(nodes) - 1):
            travel = dur[nodes[pos]][nodes[pos + 1]]
            fed, owing = leave_fed[pos], leave_owing[pos]
            rf, ro = ready_fed[pos + 1], ready_owing[pos + 1]
            best = LATE_NEVER
            if fed != EARLY_NEVER and rf != LATE_NEVER:
                best = rf - fed - travel
            if owed and owing != EARLY_NEVER:
                if ro != LATE_NEVER:  # lunch still owed after the visit
                    room = ro - owing - travel
                    if latest - owing < room:
                        room = latest - owing
                    if room > best:
                        best = room
                if rf != LATE_NEVER:
                    # lunch before the visit ...
                    arrive = owing + travel
                    room = rf - duration - (arrive if arrive > earliest else earliest)
                    if room > best:
                        best = room
                    # ... or after it, leaving by lunch's latest start
                    if earliest + duration <= rf:
                        room = rf - duration - owing - travel
                        if latest - owing < room:
                            room = latest - owing
                        if room > best:
                            best = room
            out.append(best)
        self._room = out
        self.most_room = max(out)
        return out

    def _forward(self, j: int) -> None:
        """Earliest departures from point ``j`` on (the end of the route sets ``feasible``)."""
        f = self.frame
        dur, svc, wins, lunch = f.dur, f.service, f.windows, f.lunch
        nodes, fed, owing = self.nodes, self.leave_fed, self.leave_owing
        last = len(nodes) - 2
        first = j
        while j <= last:
            node = nodes[j]
            new = step(dur[nodes[j - 1]][node], fed[j - 1], owing[j - 1], wins[node], svc[node], lunch)
            if j > first and new[0] == fed[j] and new[1] == owing[j]:
                break  # from here on everything is as it was
            fed[j], owing[j] = new
            j += 1
        self.feasible = arrive_end(dur[nodes[last]][f.dest], fed[last], owing[last], lunch) <= f.end

    def _backward(self, j: int) -> None:
        """Latest ready times at point ``j`` and before (down to the first visit)."""
        f = self.frame
        dur, svc, wins, lunch = f.dur, f.service, f.windows, f.lunch
        nodes, fed, owing = self.nodes, self.ready_fed, self.ready_owing
        first = j
        while j >= 1:
            node = nodes[j]
            new = back_step(dur[node][nodes[j + 1]], fed[j + 1], owing[j + 1], wins[node], svc[node], lunch)
            if j < first and new[0] == fed[j] and new[1] == owing[j]:
                break
            fed[j], owing[j] = new
            j -= 1

    def fits(self, node: int, pos: int) -> bool:
        """Whether the visit at ``node`` can go between points ``pos`` and ``pos + 1``.

        ``step`` and ``joins`` written out: this is the innermost loop of the week search.
        """
        f = self.frame
        nodes, dur, lunch = self.nodes, f.dur, f.lunch
        windows, service = f.windows[node], f.service[node]
        prev, nxt = nodes[pos], nodes[pos + 1]
        to_node, from_node = dur[prev][node], dur[node][nxt]
        fed, owing = self.leave_fed[pos], self.leave_owing[pos]
        ready_fed = self.ready_fed[pos + 1]
        if lunch is None:
            if fed == EARLY_NEVER:
                return False
            start = start_in(windows, fed + to_node)
            return start != EARLY_NEVER and start + service + from_node <= ready_fed
        earliest, latest, duration = lunch
        ready = EARLY_NEVER if fed == EARLY_NEVER else fed + to_node
        if owing != EARLY_NEVER:
            arrive = owing + to_node
            with_lunch = (arrive if arrive > earliest else earliest) + duration
            if with_lunch < ready:
                ready = with_lunch
            start = start_in(windows, arrive)
            if start != EARLY_NEVER:
                leave = start + service
                if leave <= latest:  # lunch still owed on leaving the visit
                    arrive = leave + from_node
                    if arrive <= self.ready_owing[pos + 1]:
                        return True
                    if (arrive if arrive > earliest else earliest) + duration <= ready_fed:
                        return True
        if ready == EARLY_NEVER:
            return False
        start = start_in(windows, ready)
        return start != EARLY_NEVER and start + service + from_node <= ready_fed


def step(travel: int, fed: int, owing: int, windows: Windows, service: int,
         lunch: tuple[int, int, int] | None) -> tuple[int, int]:
    """Earliest departures (lunch behind, lunch owed) from a visit reached by ``travel``."""
    if lunch is None:
        if fed == EARLY_NEVER:
            return EARLY_NEVER, EARLY_NEVER
        start = start_in(windows, fed + travel)
        return (EARLY_NEVER if start == EARLY_NEVER else start + service), EARLY_NEVER
    earliest, latest, duration = lunch
    ready = EARLY_NEVER if fed == EARLY_NEVER else fed + travel
    out_owing = EARLY_NEVER
    if owing != EARLY_NEVER:  # owing <= latest holds: lunch may still start on this leg
        arrive = owing + travel
        with_lunch = (arrive if arrive > earliest else earliest) + duration
        if with_lunch < ready:
            ready = with_lunch
        start = start_in(windows, arrive)
        if start != EARLY_NEVER and start + service <= latest:
            out_owing = start + service
    out_fed = EARLY_NEVER
    if ready != EARLY_NEVER:
        start = start_in(windows, ready)
        if start != EARLY_NEVER:
            out_fed = start + service
    return out_fed, out_owing


def arrive_end(travel: int, fed: int, owing: int, lunch: tuple[int, int, int] | None) -> int:
    """Earliest arrival at the day's end (lunch must be behind by then)."""
    best = EARLY_NEVER if fed == EARLY_NEVER else fed + travel
    if lunch is not None and owing != EARLY_NEVER:
        earliest, _, duration = lunch
        arrive = owing + travel
        best = min(best, (arrive if arrive > earliest else earliest) + duration)
    return best


def back_step(travel: int, fed_next: int, owing_next: int, windows: Windows, service: int,
              lunch: tuple[int, int, int] | None) -> tuple[int, int]:
    """Latest ready times (lunch behind, lunch owed) at a visit followed by a point with these bounds."""
    fed = LATE_NEVER
    if fed_next != LATE_NEVER:
        fed = latest_start(windows, fed_next - travel - service)
    if lunch is None:
        return fed, LATE_NEVER
    earliest, latest, duration = lunch
    leave = LATE_NEVER if owing_next == LATE_NEVER else owing_next - travel
    if fed_next != LATE_NEVER and earliest + duration <= fed_next:
        # Lunch on the next leg: leave by its latest start, arrive fed in time.
        eat = fed_next - duration - travel
        eat = eat if eat < latest else latest
        if eat > leave:
            leave = eat
    owing = LATE_NEVER if leave == LATE_NEVER else latest_start(windows, leave - service)
    return fed, owing


def joins(travel: int, fed: int, owing: int, ready_fed: int, ready_owing: int,
          lunch: tuple[int, int, int] | None) -> bool:
    """Whether leaving at (``fed``, ``owing``) reaches a point with these latest ready times."""
    if fed != EARLY_NEVER and fed + travel <= ready_fed:
        return True
    if owing == EARLY_NEVER:
        return False
    arrive = owing + travel
    if arrive <= ready_owing:
        return True
    earliest, _, duration = lunch  # type: ignore[misc]
    return (arrive if arrive > earliest else earliest) + duration <= ready_fed
