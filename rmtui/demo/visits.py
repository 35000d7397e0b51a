"""Visit records from simulated stops: actual times, outcome, what was said.

Arrival and departure differ from the plan by a few minutes, but never
leave the customer's open window; a handful of on-site check-ins lie far
from the customer (not verified) so that the supervisor's location check has
something to find.
"""

from __future__ import annotations

import random
from datetime import date, time

from rmtui.demo.customers import CustomerDraft
from rmtui.demo.history import Stop
from rmtui.demo.hours import windows_on
from rmtui.demo.model import DemoVisit
from rmtui.demo.places import on_land_in_nanjing
from rmtui.demo.records import purpose, visit_text

_OUTCOMES = ("order", "agreement", "nothing", "follow_up")
_OUTCOME_WEIGHTS = (0.17, 0.2, 0.5, 0.13)
COMPLAINT_TEXT = "收单款项隔日未到账，影响进货付款"


def build_visits(days: dict[date, list[Stop]], drafts: dict[str, CustomerDraft],
                 rng: random.Random, *, complaint: Stop | None,
                 unverified: int = 3) -> list[DemoVisit]:
    """One record per stop; ``complaint`` is the visit where a complaint was raised."""
    on_site = [s for stops in days.values() for s in stops if s.mode == "on_site" and s != complaint]
    far = set(rng.sample(on_site, min(unverified, len(on_site))))
    visits: list[DemoVisit] = []
    for day in sorted(days):
        stops = days[day]
        prev_end = 0
        for i, stop in enumerate(stops):
            nxt = stops[i + 1] if i + 1 < len(stops) else None
            # Leave in time to reach the next customer by its planned start.
            limit = nxt.start - _gap(nxt) if nxt is not None else 24 * 60
            arrive, depart = _times(rng, stop, drafts[stop.code], prev_end, limit)
            prev_end = depart
            visits.append(_record(rng, stop, drafts[stop.code], arrive, depart, far=stop in far,
                                  complaint=stop == complaint))
    return visits


def _gap(stop: Stop) -> int:
    """Minutes needed between leaving one customer and arriving at ``stop``."""
    return max(3, stop.travel - 4)


def _times(rng: random.Random, stop: Stop, draft: CustomerDraft, prev_end: int,
           limit: int) -> tuple[int, int]:
    """Actual arrival and departure: near the plan, inside the open window."""
    window = next(((a, b) for a, b in windows_on(draft.customer.opening_hours, stop.day)
                   if a <= stop.start and stop.start + stop.minutes <= b))
    arrive = max(window[0], stop.start + rng.randint(-5, 6), prev_end + _gap(stop))
    depart = min(window[1], limit, arrive + stop.minutes + rng.randint(-3, 8))
    if depart - arrive < 5:  # squeezed: keep the plan as it was
        arrive, depart = stop.start, stop.start + stop.minutes
    return arrive, depart


def _record(rng: random.Random, stop: Stop, draft: CustomerDraft, arrive: int, depart: int,
            *, far: bool, complaint: bool) -> DemoVisit:
    customer = draft.customer
    special = rng.random() < 0.1
    outcome = rng.choices(_OUTCOMES, _OUTCOME_WEIGHTS)[0]
    if special and outcome == "nothing":
        outcome = "agreement"
    if complaint:
        outcome = "follow_up"
    text = visit_text(rng, draft.kind.key, outcome)
    satisfaction = _satisfaction(rng, outcome)
    if complaint:
        satisfaction = 2
    role = draft.role
    met = customer.contact if role == "本人" else f"{customer.contact}（{role}）"
    lat = lon = None
    if stop.mode == "on_site":
        lat, lon = _check_in(rng, customer.lat, customer.lon, far=far)
    return DemoVisit(
        customer_code=stop.code,
        date=stop.day,
        planned_start=_t(stop.start),
        arrive=_t(arrive),
        depart=_t(depart),
        mode=stop.mode,
        visit_type="special" if special else "service",
        purpose="电话回访" if stop.mode == "phone" else purpose(rng, draft.kind.key, special),
        met=met,
        discussed=text.discussed,
        needs=text.needs,
        complaints=COMPLAINT_TEXT if complaint else text.complaints,
        competitor_info=text.competitor_info,
        products=text.products,
        outcome=outcome,
        satisfaction=satisfaction,
        next_steps="当天回行协调运营部门，按时限答复客户" if complaint else text.next_steps,
        on_site_verified=stop.mode == "on_site" and not far,
        lat=lat,
        lon=lon,
    )


def _satisfaction(rng: random.Random, outcome: str) -> int:
    if outcome in ("order", "agreement"):
        return rng.choice((4, 5, 5))
    if outcome == "follow_up":
        return rng.choice((3, 3, 4))
    return rng.choice((3, 4, 4, 5, 5))


def _check_in(rng: random.Random, lat: float, lon: float, *, far: bool) -> tuple[float, float]:
    """A check-in point: within ~40 m of the customer, or 1.2–2.5 km away."""
    for _ in range(50):
        reach = rng.uniform(0.011, 0.022) if far else 0.0004
        dlat, dlon = rng.uniform(-reach, reach), rng.uniform(-reach, reach)
        if far and abs(dlat) < 0.011 and abs(dlon) < 0.013:
            continue
        if on_land_in_nanjing(lat + dlat, lon + dlon):
            return round(lat + dlat, 6), round(lon + dlon, 6)
    return lat, lon


def _t(minute: int) -> time:
    return time(minute // 60, minute % 60)
