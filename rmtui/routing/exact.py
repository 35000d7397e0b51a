"""Dynamic programming over partial routes: proven best for small days, a beam for larger ones.

A label is a partial route: the set of stops visited, the last one, whether
lunch is behind us, the travel so far and the departure time. Labels grow
one stop at a time, all together in NumPy arrays, and a label is discarded
when another with the same set and last stop (and lunch state) has
travelled no more and leaves no later. One can always wait, so leaving
earlier never hurts: what survives covers every order that could still be
best, and the best completed label is optimal for the objective of
``instance._penalties`` (required stops, then priorities, then travel time)
under the timing rules of ``schedule``.

``solve_exact`` keeps every surviving label: work grows like 2**n, so it is
for days of up to ``MAX_EXACT_STOPS`` stops. ``solve_beam`` keeps only the
``width`` most promising labels of each size (earliest free, least
travelled): no proof, but on crowded days with tight windows it finds the
best selection of stops far more reliably than local search does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from rmtui.routing.instance import DayInstance

MAX_EXACT_STOPS = 12

_NEVER = np.int32(2**30)  # a time later than any day
_T = np.int32  # times and travel fit in 32 bits; halving the memory traffic pays
_TIME_BITS = 18  # times of day fit in 18 bits (2**18 s > 72 h)


@dataclass
class _Layer:
    """Labels with the same number of stops (parallel arrays; ``seen`` is labels × nodes)."""

    key: np.ndarray  # identifies (set, last, lunch state)
    setkey: np.ndarray  # identifies the set of stops visited
    seen: np.ndarray
    last: np.ndarray
    done: np.ndarray  # lunch taken (or no lunch to take)
    cost: np.ndarray  # travel so far
    time: np.ndarray  # departure from ``last``
    gained: np.ndarray  # penalties avoided by the stops visited
    parent: np.ndarray  # index in the previous layer

    def take(self, idx: np.ndarray) -> _Layer:
        return _Layer(*(getattr(self, f.name)[idx] for f in fields(self)))


def shortest_paths(durations: np.ndarray) -> np.ndarray:
    """All-pairs shortest travel times (Floyd–Warshall): safe lower bounds even
    when the matrix breaks the triangle inequality."""
    sp = durations.astype(np.int64).copy()
    for k in range(len(sp)):
        np.minimum(sp, sp[:, k : k + 1] + sp[k : k + 1, :], out=sp)
    return sp


def solve_exact(inst: DayInstance) -> list[int]:
    """The optimal order of stop nodes (1..n); stops left out are not in it."""
    if inst.n > MAX_EXACT_STOPS:
        raise ValueError(f"the exact method handles up to {MAX_EXACT_STOPS} stops, not {inst.n}")
    return _Search(inst, None).run()


def solve_beam(inst: DayInstance, width: int) -> list[int]:
    """A good order found by keeping the ``width`` best labels of each size."""
    return _Search(inst, width).run()


class _Search:
    """One label-setting run over a day (see the module docstring)."""

    def __init__(self, inst: DayInstance, width: int | None) -> None:
        self.inst, self.width = inst, width
        n = inst.n
        self.n = n
        self.dur = inst.durations.astype(_T)
        self.to_end = shortest_paths(self.dur)[:, inst.end].astype(_T)
        self.svc = inst.service.astype(_T)
        self.pen = inst.penalty.astype(np.int64)
        kmax = max((len(w) for w in inst.windows[1 : n + 1]), default=1) or 1
        self.w_open = np.zeros((n + 2, kmax), dtype=_T)
        self.w_close = np.full((n + 2, kmax), -1, dtype=_T)
        for node in range(1, n + 1):
            for k, (a, b) in enumerate(inst.windows[node]):
                self.w_open[node, k], self.w_close[node, k] = a, b
        # Codes that identify (set, last, lunch) by XOR: exact bit fields when
        # they fit in 63 bits, else 64-bit random codes (Zobrist hashing, for the beam).
        if n <= 48:
            self.code = np.array([0] + [1 << j for j in range(n)] + [0], dtype=np.int64)
            self.last_code = np.arange(n + 2, dtype=np.int64) << np.int64(48)
            self.done_code = np.int64(1) << np.int64(62)
        else:
            rng = np.random.default_rng(20261201)
            self.code, self.last_code = rng.integers(-(2**63), 2**63 - 1, size=(2, n + 2), dtype=np.int64)
            self.done_code = rng.integers(1, 2**62, dtype=np.int64)

    def run(self) -> list[int]:
        """The best order found (optimal when no width limits the labels)."""
        inst = self.inst
        z = np.zeros(1, dtype=np.int64)
        done = np.array([inst.lunch is None])
        seen = np.zeros((1, self.n + 2), dtype=bool)
        zt = np.zeros(1, dtype=_T)
        layer = _Layer(z, z, seen, z, done, zt, np.array([inst.start_time], dtype=_T), z, z - 1)
        layers = [layer]
        total_pen = int(self.pen[1 : self.n + 1].sum())
        best_obj, best_at = None, None
        for size in range(self.n + 1):
            obj = self._close(layer, total_pen)
            if obj is not None:
                i = int(np.argmin(obj))
                if best_obj is None or obj[i] < best_obj:
                    best_obj, best_at = int(obj[i]), (size, i)
            if size == self.n:
                break
            layer = self._extend(layer)
            if len(layer.key) == 0:
                break
            layers.append(layer)
        if best_at is None:  # not even start → end fits; validation prevents this
            return []
        size, i = best_at
        order: list[int] = []
        while size > 0:
            order.append(int(layers[size].last[i]))
            i = int(layers[size].parent[i])
            size -= 1
        return order[::-1]

    def _close(self, lay: _Layer, total_pen: int) -> np.ndarray | None:
        """Objective of finishing each label by going to the end (None if none can)."""
        inst, lunch = self.inst, self.inst.lunch
        t = self.dur[lay.last, inst.end]
        arrive = lay.time + t
        ok = np.ones(len(arrive), dtype=bool)
        if lunch is not None:
            owing = ~lay.done
            ok &= ~owing | (np.maximum(lay.time, lunch.earliest) <= lunch.latest_start)
            arrive = np.where(owing, np.maximum(arrive, lunch.earliest) + lunch.duration, arrive)
        ok &= arrive <= inst.end_latest
        if not ok.any():
            return None
        return np.where(ok, lay.cost + t + (total_pen - lay.gained), np.iinfo(np.int64).max)

    def _extend(self, lay: _Layer) -> _Layer:
        """Every label extended by every stop not yet in it, feasible and undominated.

        Works on the dense (label × stop) grid, once without lunch on the new
        leg and once, for labels still owing it, with lunch on it.
        """
        inst, lunch, n = self.inst, self.inst.lunch, self.n
        travel = self.dur[lay.last, 1 : n + 1]  # (m, n)
        fresh = ~lay.seen[:, 1 : n + 1]
        parts = [self._grid(lay, np.arange(len(lay.key)), lay.time[:, None] + travel, fresh, lay.done)]
        if lunch is not None and not lay.done.all():
            # Labels still owing lunch may also take it on this leg, if it can still start in time.
            rows = np.flatnonzero(~lay.done & (np.maximum(lay.time, lunch.earliest) <= lunch.latest_start))
            ready = np.maximum(lay.time[rows, None] + travel[rows], lunch.earliest) + lunch.duration
            parts.append(self._grid(lay, rows, ready, fresh[rows], np.ones(len(rows), dtype=bool)))
        idx, nxt, done, depart = (np.concatenate(x) for x in zip(*parts))
        cost = lay.cost[idx] + self.dur[lay.last[idx], nxt]
        if self.width is not None and len(idx) > 2 * self.width:
            # Cheap first cut before the sort that finds dominated labels.
            keep = np.argpartition(self._score(cost, depart, done), 2 * self.width)[: 2 * self.width]
            idx, nxt, done, depart, cost = idx[keep], nxt[keep], done[keep], depart[keep], cost[keep]
        setkey = lay.setkey[idx] ^ self.code[nxt]
        key = setkey ^ self.last_code[nxt] ^ np.where(done, self.done_code, 0)
        order = self._undominated(key, cost, depart)
        if self.width is not None and len(order) > self.width:
            order = order[np.argpartition(self._score(cost[order], depart[order], done[order]), self.width)[: self.width]]
        idx, nxt = idx[order], nxt[order]
        seen = lay.seen[idx]
        seen[np.arange(len(idx)), nxt] = True
        return _Layer(
            key[order], setkey[order], seen, nxt, done[order], cost[order], depart[order],
            lay.gained[idx] + self.pen[nxt], idx,
        )

    def _grid(self, lay: _Layer, rows: np.ndarray, ready: np.ndarray, fresh: np.ndarray, done: np.ndarray):
        """Feasible extensions of labels ``rows`` given the (rows × stops) ready times.

        Returns flat arrays (label index, stop node, lunch done, departure).
        """
        inst, lunch = self.inst, self.inst.lunch
        start = np.full(ready.shape, _NEVER)
        for k in range(self.w_open.shape[1]):
            here = (start == _NEVER) & (ready <= self.w_close[None, 1 : self.n + 1, k])
            np.copyto(start, np.maximum(ready, self.w_open[None, 1 : self.n + 1, k]), where=here)
        depart = start + self.svc[None, 1 : self.n + 1]
        ok = fresh & (start != _NEVER) & (depart + self.to_end[None, 1 : self.n + 1] <= inst.end_latest)
        if lunch is not None:
            ok &= done[:, None] | (depart <= lunch.latest_start)  # lunch still owed must still fit
        r, c = np.nonzero(ok)
        return rows[r], c + 1, done[r], depart[r, c]

    def _score(self, cost: np.ndarray, depart: np.ndarray, done: np.ndarray) -> np.ndarray:
        """How promising a label is for the beam: free early, little travel, lunch behind."""
        owed = 0 if self.inst.lunch is None else np.where(done, 0, self.inst.lunch.duration)
        return depart + cost + owed

    @staticmethod
    def _undominated(key: np.ndarray, cost: np.ndarray, time: np.ndarray) -> np.ndarray:
        """Indices of the labels no other label with the same key dominates."""
        if len(key) <= 1:
            return np.arange(len(key))
        # Sort by (key, cost, time) with two plain argsorts (much faster than
        # lexsort): rank the keys, then sort one packed integer
        # rank | cost | time (ranks < 2**23, costs < 2**22 s, times < 2**18 s).
        by_key = np.argsort(key)
        sorted_key = key[by_key]
        rank = np.empty(len(key), dtype=np.int64)
        rank[by_key] = np.concatenate([[0], np.cumsum(sorted_key[1:] != sorted_key[:-1])])
        cost64, time = np.minimum(cost, 2**22 - 1).astype(np.int64), time.astype(np.int64)
        packed = (rank << np.int64(40)) | (cost64 << np.int64(_TIME_BITS)) | time
        order = np.argsort(packed)
        group, time = rank[order], time[order]
        # Shift each group far below the previous one, so a single running
        # minimum over the array is a running minimum per group.
        val = time - group * np.int64(1 << _TIME_BITS)
        before = np.concatenate([[np.int64(2**62)], np.minimum.accumulate(val)[:-1]])
        return order[before > val]
