"""The proven-best order for small days: a label-setting dynamic program.

A label is a partial route: the set of stops visited (a bitmask), the last
one, whether lunch is behind us, the travel so far and the departure time.
Labels grow one stop at a time, all together in NumPy arrays, and a label is
discarded when another with the same set and last stop has travelled no more
and leaves no later (and has had lunch if it has). What survives covers every
order that could still be best, so the best completed label is optimal for
the objective of ``instance._penalties`` (required stops, then priorities,
then travel time) under the timing rules of ``schedule``.

Work grows like 2**n, so this is for days of up to ``MAX_EXACT_STOPS`` stops.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rmtui.routing.instance import DayInstance

MAX_EXACT_STOPS = 12

_NEVER = np.int64(2**40)  # a time later than any day


@dataclass
class _Layer:
    """Labels with the same number of stops (parallel arrays)."""

    mask: np.ndarray
    last: np.ndarray
    done: np.ndarray  # lunch taken (or no lunch to take)
    cost: np.ndarray  # travel so far
    time: np.ndarray  # departure from ``last``
    gained: np.ndarray  # penalties avoided by the stops visited
    parent: np.ndarray  # index in the previous layer


def shortest_paths(durations: np.ndarray) -> np.ndarray:
    """All-pairs shortest travel times (Floyd–Warshall): safe lower bounds even
    when the matrix breaks the triangle inequality."""
    sp = durations.astype(np.int64).copy()
    for k in range(len(sp)):
        np.minimum(sp, sp[:, k : k + 1] + sp[k : k + 1, :], out=sp)
    return sp


def solve_exact(inst: DayInstance) -> list[int]:
    """The optimal order of stop nodes (1..n); stops left out are not in it."""
    n = inst.n
    if n > MAX_EXACT_STOPS:
        raise ValueError(f"the exact method handles up to {MAX_EXACT_STOPS} stops, not {n}")
    end = inst.end
    dur = inst.durations.astype(np.int64)
    to_end = shortest_paths(dur)[:, end]
    svc = inst.service.astype(np.int64)
    lunch = inst.lunch
    kmax = max(len(w) for w in inst.windows[1 : n + 1]) if n else 1
    w_open = np.zeros((n + 2, kmax), dtype=np.int64)
    w_close = np.full((n + 2, kmax), -1, dtype=np.int64)
    for node in range(1, n + 1):
        for k, (a, b) in enumerate(inst.windows[node]):
            w_open[node, k], w_close[node, k] = a, b
    bits = np.array([0] + [1 << (j - 1) for j in range(1, n + 1)], dtype=np.int64)
    pen = inst.penalty.astype(np.int64)
    total_pen = int(pen[1 : n + 1].sum())

    z = np.zeros(1, dtype=np.int64)
    layer = _Layer(z, z, np.array([lunch is None]), z, np.array([inst.start_time], dtype=np.int64), z, z - 1)
    layers = [layer]
    best_obj, best_at = None, None
    cand = np.arange(1, n + 1, dtype=np.int64)
    for size in range(n + 1):
        # Close every label by travelling to the end.
        t = dur[layer.last, end]
        arrive = layer.time + t
        ok = np.ones(len(arrive), dtype=bool)
        if lunch is not None:
            pending = ~layer.done
            ok &= ~pending | (np.maximum(layer.time, lunch.earliest) <= lunch.latest_start)
            arrive = np.where(pending, np.maximum(arrive, lunch.earliest) + lunch.duration, arrive)
        ok &= arrive <= inst.end_latest
        if ok.any():
            obj = np.where(ok, layer.cost + t + (total_pen - layer.gained), np.iinfo(np.int64).max)
            i = int(np.argmin(obj))
            if best_obj is None or obj[i] < best_obj:
                best_obj, best_at = int(obj[i]), (size, i)
        if size == n:
            break
        layer = _extend(layer, cand, bits, dur, svc, w_open, w_close, to_end, pen, inst)
        if len(layer.mask) == 0:
            break
        layers.append(layer)

    if best_at is None:  # not even start → end fits (validation should prevent this)
        return []
    size, i = best_at
    order: list[int] = []
    while size > 0:
        lay = layers[size]
        order.append(int(lay.last[i]))
        i = int(lay.parent[i])
        size -= 1
    return order[::-1]


def _extend(lay, cand, bits, dur, svc, w_open, w_close, to_end, pen, inst) -> _Layer:
    """Every label extended by every stop not yet in it, feasible and undominated."""
    lunch = inst.lunch
    m, c = len(lay.mask), len(cand)
    idx = np.repeat(np.arange(m), c)
    nxt = np.tile(cand, m)
    took = np.zeros(m * c, dtype=bool)
    if lunch is not None and not lay.done.all():
        # Labels still owing lunch may also take it on this leg.
        owing = np.flatnonzero(~lay.done)
        idx = np.concatenate([idx, np.repeat(owing, c)])
        nxt = np.concatenate([nxt, np.tile(cand, len(owing))])
        took = np.concatenate([took, np.ones(len(owing) * c, dtype=bool)])
    mask = lay.mask[idx]
    free = (mask & bits[nxt]) == 0
    idx, nxt, took, mask = idx[free], nxt[free], took[free], mask[free]
    prev_t = lay.time[idx]
    travel = dur[lay.last[idx], nxt]
    ready = prev_t + travel
    done = lay.done[idx] | took
    if lunch is not None:
        ok = ~took | (np.maximum(prev_t, lunch.earliest) <= lunch.latest_start)
        ready = np.where(took, np.maximum(ready, lunch.earliest) + lunch.duration, ready)
    else:
        ok = np.ones(len(idx), dtype=bool)
    start = np.full(len(idx), _NEVER)
    for k in range(w_open.shape[1]):
        here = (start == _NEVER) & (ready <= w_close[nxt, k])
        start = np.where(here, np.maximum(ready, w_open[nxt, k]), start)
    depart = start + svc[nxt]
    ok &= start != _NEVER
    ok &= depart + to_end[nxt] <= inst.end_latest
    if lunch is not None:
        ok &= done | (depart <= lunch.latest_start)  # lunch still owed must still fit
    sel = np.flatnonzero(ok)
    new = _Layer(
        mask[sel] | bits[nxt[sel]], nxt[sel], done[sel], lay.cost[idx[sel]] + travel[sel],
        depart[sel], lay.gained[idx[sel]] + pen[nxt[sel]], idx[sel],
    )
    return _prune(new, len(bits))


def _prune(lay: _Layer, width: int) -> _Layer:
    """Drop labels dominated by another with the same set and last stop."""
    if len(lay.mask) <= 1:
        return lay
    key = lay.mask * width + lay.last
    order = np.lexsort((~lay.done, lay.time, lay.cost, key))
    key, time, done = key[order], lay.time[order], lay.done[order]
    # Shift each group of equal keys far below the previous one, so a single
    # running minimum over the whole array is a running minimum per group.
    group = np.concatenate([[0], np.cumsum(key[1:] != key[:-1])])
    val = time - group * np.int64(1 << 20)
    big = np.int64(2**62)
    before_any = np.concatenate([[big], np.minimum.accumulate(val)[:-1]])
    before_done = np.concatenate([[big], np.minimum.accumulate(np.where(done, val, big))[:-1]])
    dominated = np.where(done, before_done <= val, before_any <= val)
    keep = order[~dominated]
    return _Layer(*(getattr(lay, f)[keep] for f in ("mask", "last", "done", "cost", "time", "gained", "parent")))
