"""The demo customers: who they are, where they are, when they open.

Everything here depends only on the seed and the book size, never on the
reference date, so the same customers appear whatever "today" the history is
generated for. ``last_visit`` is left empty: the visit history fills it in.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from rmtui.demo.hours import TEMPLATES
from rmtui.demo.model import DemoCustomer
from rmtui.demo.names import KINDS, NOTES, CustomerKind, customer_name, mobile, person_name
from rmtui.demo.places import DISTRICT_WEIGHTS, STREETS, Street, on_land_in_nanjing

HALF_STREET_M = 250.0
"""Customers lie at most this far along the street from its anchor."""

NEW_CUSTOMER_NOTE = "新分配客户，尚未首次拜访"

_NAME_TRIES = 200
"""Fresh names drawn for a customer before a big book numbers branches of a name."""


@dataclass(frozen=True, slots=True)
class CustomerDraft:
    """A customer plus what the history generator needs to know about it."""

    customer: DemoCustomer
    kind: CustomerKind
    role: str  # the contact's role, for "met" in visit records
    newly_assigned: bool


def make_customers(seed: int, size: int) -> tuple[CustomerDraft, ...]:
    """``size`` customers for ``seed`` (codes C0001…), deterministic."""
    rng = random.Random(f"rmtui-demo/{seed}/customers")
    districts = list(DISTRICT_WEIGHTS)
    weights = [DISTRICT_WEIGHTS[d] for d in districts]
    by_district = {d: [s for s in STREETS if s.district == d] for d in districts}
    used_numbers: set[tuple[str, int]] = set()
    used_names: set[str] = set()
    rows: list[tuple[Street, CustomerKind, str, str, float, float, int, str]] = []
    for _ in range(size):
        street = rng.choice(by_district[rng.choices(districts, weights)[0]])
        kind = rng.choices(KINDS, [k.weight for k in KINDS])[0]
        owner = person_name(rng)
        name = customer_name(rng, kind.key, street=street.name, district=street.district, owner=owner)
        tries = 0
        while name in used_names:  # a book never holds two customers of one name
            tries += 1
            if tries > _NAME_TRIES:  # a big book runs out of names of this kind: a numbered branch
                name = next(f"{name}{n}号店" for n in itertools.count(2) if f"{name}{n}号店" not in used_names)
                break
            owner = person_name(rng)
            name = customer_name(rng, kind.key, street=street.name, district=street.district, owner=owner)
        used_names.add(name)
        lat, lon, number = _place(rng, street, used_numbers)
        rows.append((street, kind, owner, name, lat, lon, number, _address_tail(rng, kind.key)))
    tiers = _tiers(rng, [row[1] for row in rows])
    new_ones = _newly_assigned(rng, tiers)
    drafts = []
    for i, (street, kind, owner, name, lat, lon, number, tail) in enumerate(rows):
        tier = tiers[i]
        contact = owner if kind.key == "vip" or rng.random() < 0.6 else person_name(rng)
        notes = _notes(rng, kind.key)
        if i in new_ones:
            notes = f"{NEW_CUSTOMER_NOTE}；{notes}" if notes else NEW_CUSTOMER_NOTE
        customer = DemoCustomer(
            code=f"C{i + 1:04d}",
            name=name,
            address=f"南京市{street.district}{street.name}{number}号{tail}",
            district=street.district,
            lat=lat,
            lon=lon,
            tier=tier,
            opening_hours=rng.choice(TEMPLATES[rng.choice(kind.hours)]),
            visit_minutes=_visit_minutes(rng, kind.key, tier),
            contact=contact,
            phone=mobile(rng),
            last_visit=None,
            territory=street.territory,
            notes=notes,
        )
        drafts.append(CustomerDraft(customer, kind, rng.choice(kind.roles), i in new_ones))
    return tuple(drafts)


def _place(rng: random.Random, street: Street, used: set[tuple[str, int]]) -> tuple[float, float, int]:
    """A point on ``street`` on land, and a house number not yet taken there."""
    for _ in range(50):
        t = rng.uniform(-HALF_STREET_M, HALF_STREET_M)
        lat, lon = street.point(t, rng.uniform(-20.0, 20.0))  # either side of the road
        if on_land_in_nanjing(lat, lon):
            break
    else:  # the anchor itself is checked by the tests
        t, (lat, lon) = 0.0, (street.lat, street.lon)
    number = max(1, street.number(t, HALF_STREET_M))
    while (street.name, number) in used:
        number += 2  # the same side of the street
    used.add((street.name, number))
    return round(lat, 6), round(lon, 6), number


def _address_tail(rng: random.Random, kind: str) -> str:
    """Building and room for offices and homes; shops are on the street itself."""
    if kind == "company" and rng.random() < 0.7:
        block = rng.choice(("", "A座", "B座", "1幢", "2幢"))
        return f"{block}{rng.randint(2, 22)}{rng.randint(1, 18):02d}室"
    if kind == "vip":
        return f"{rng.randint(1, 12)}幢{rng.randint(1, 3)}单元{rng.randint(1, 18)}{rng.randint(1, 4):02d}室"
    return ""


def _tiers(rng: random.Random, kinds: list[CustomerKind]) -> list[str]:
    """Exact tier counts (≈5/25/70 %), biased to companies and VIPs."""
    size = len(kinds)
    n_core = max(1, round(size * 0.05))
    n_potential = max(1, round(size * 0.25))
    tiers = ["regular"] * size
    # Weighted sampling without replacement (Efraimidis-Spirakis keys).
    keys = sorted(range(size), key=lambda i: rng.random() ** (1.0 / kinds[i].tier_weight), reverse=True)
    for i in keys[:n_core]:
        tiers[i] = "core"
    rest = [i for i in range(size) if tiers[i] == "regular"]
    keys = sorted(rest, key=lambda i: rng.random() ** (1.0 / kinds[i].tier_weight), reverse=True)
    for i in keys[:n_potential]:
        tiers[i] = "potential"
    return tiers


def _newly_assigned(rng: random.Random, tiers: list[str]) -> set[int]:
    """A few customers handed over recently: never visited yet."""
    regular = [i for i, t in enumerate(tiers) if t == "regular"]
    potential = [i for i, t in enumerate(tiers) if t == "potential"]
    count = max(1, round(len(tiers) * 0.016))
    chosen = set(rng.sample(regular, min(len(regular), count)))
    if potential:
        chosen.add(rng.choice(potential))
    return chosen


def _visit_minutes(rng: random.Random, kind: str, tier: str) -> int | None:
    """Mostly the tier's default (None); longer for VIPs and firms, short for kiosks."""
    roll = rng.random()
    if kind == "vip" and tier != "regular" and roll < 0.6:
        return rng.choice((30, 40))
    if kind == "company" and tier != "regular" and roll < 0.35:
        return 30
    if kind in ("tobacco", "convenience") and tier == "regular" and roll < 0.2:
        return 10
    return None


def _notes(rng: random.Random, kind: str) -> str:
    roll = rng.random()
    if roll < 0.2:
        return ""
    if roll < 0.85:
        return rng.choice(NOTES[kind])
    return "；".join(rng.sample(NOTES[kind], 2))
