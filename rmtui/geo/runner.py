"""A geocoding run over the book: a generator of progress events.

The CLI prints the events; the app's worker posts them as messages. The run
is resumable: customers already exact, set by hand or without an address
are skipped, a cached address is applied without asking the service, and
each lookup is committed with its customer at once, so stopping (Ctrl-C, a
cancelled worker, losing the network) loses at most the one in flight.
``should_stop`` is checked before every lookup.

When the service cannot be reached the run ends with a ``RunFinished`` whose
``stopped`` says why; nothing is guessed and nothing else is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from rmtui.geo.area import ServiceArea
from rmtui.geo.cache import forget_not_found, lookup, store
from rmtui.geo.customer_locations import NeedsLocation, Pending, apply_answer, needs_location, pending
from rmtui.geo.geocoder import Geocoder, GeocodingError, QueryRejected, judge
from rmtui.workspace import Workspace

Outcome = Literal["exact", "approximate", "not_found", "rejected", "would_look_up"]


@dataclass(frozen=True, slots=True)
class RunStarted:
    """The run's plan: customers to place, how many are cached, how many will be asked."""

    provider: str
    total: int
    cached: int
    to_look_up: int
    without_address: int


@dataclass(frozen=True, slots=True)
class CustomerDone:
    """One customer handled (``index`` counts from 1 up to ``total``)."""

    index: int
    total: int
    code: str
    name: str
    query: str
    outcome: Outcome
    reason: str = ""
    lat: float | None = None
    lon: float | None = None
    from_cache: bool = False


@dataclass(frozen=True, slots=True)
class RunFinished:
    """The run's end: counts by outcome, why it stopped early (if it did), who needs a location."""

    counts: dict[str, int]
    looked_up: int
    stopped: str = ""
    unreachable: GeocodingError | None = None
    needs_location: list[NeedsLocation] = field(default_factory=list)


RunEvent = RunStarted | CustomerDone | RunFinished


def geocode_book(ws: Workspace, geocoder: Geocoder, *, limit: int | None = None, dry_run: bool = False,
                 retry_not_found: bool = False,
                 should_stop: Callable[[], bool] = lambda: False) -> Iterator[RunEvent]:
    """Geocode the manager's customers that lack an exact location, yielding progress."""
    area = ServiceArea.from_settings(ws.settings.geocoding.service_area)
    provider = geocoder.provider
    with ws.db.sessions.begin() as session:
        if retry_not_found and not dry_run:
            forget_not_found(session, provider)
        todo, no_address = pending(session, ws.manager_id)
        cached = {p.query for p in todo if lookup(session, provider, p.query) is not None}
    asked_queries = {p.query for p in todo if p.query not in cached}
    yield RunStarted(provider, len(todo), sum(p.query in cached for p in todo), len(asked_queries), len(no_address))

    counts = {k: 0 for k in ("exact", "approximate", "not_found", "rejected", "would_look_up")}
    looked_up = 0
    stopped = ""
    unreachable: GeocodingError | None = None
    for index, item in enumerate(todo, start=1):
        if should_stop():
            stopped = "cancelled"
            break
        event = _one(ws, geocoder, area, item, index, len(todo), dry_run=dry_run,
                     may_look_up=limit is None or looked_up < limit)
        if event is None:  # limit reached for uncached addresses
            stopped = f"stopped after {looked_up} lookup(s) (--limit)"
            break
        if isinstance(event, GeocodingError):
            unreachable = event
            stopped = str(event)
            break
        if not event.from_cache and event.outcome != "would_look_up":
            looked_up += 1
        counts[event.outcome] += 1
        yield event

    with ws.db.sessions() as session:
        needing = needs_location(session, ws.manager_id, provider, area)
    yield RunFinished(counts, looked_up, stopped, unreachable, needing)


def _one(ws: Workspace, geocoder: Geocoder, area: ServiceArea, item: Pending, index: int, total: int, *,
         dry_run: bool, may_look_up: bool) -> CustomerDone | GeocodingError | None:
    provider = geocoder.provider
    with ws.db.sessions() as session:
        hit = lookup(session, provider, item.query)
    if hit is None:
        if dry_run:
            return CustomerDone(index, total, item.code, item.name, item.query, "would_look_up")
        if not may_look_up:
            return None
        try:
            answer = geocoder.geocode(item.query)  # outside any transaction: it may take seconds
        except QueryRejected as exc:
            return CustomerDone(index, total, item.code, item.name, item.query, "rejected", str(exc))
        except GeocodingError as exc:
            return exc
        from_cache = False
    else:
        answer, from_cache = hit.answer, True
    placement = judge(answer, area) if answer is not None else None
    if not dry_run:
        with ws.db.sessions.begin() as session:  # the answer and the customer together
            if not from_cache:
                store(session, provider, item.query, answer, ws.now())
            apply_answer(session, item.id, answer, placement, ws.now())
    if answer is None or placement is None:
        return CustomerDone(index, total, item.code, item.name, item.query, "not_found",
                            f"{provider} knows no such address", from_cache=from_cache)
    return CustomerDone(index, total, item.code, item.name, item.query, placement.quality, placement.reason,
                        answer.lat, answer.lon, from_cache)
