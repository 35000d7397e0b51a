"""Customers' locations: which need geocoding, setting them, and who still needs one.

A customer's ``geo_quality`` is ``exact`` (routable), ``approximate`` (a
centroid or outside the service area: shown, never routed as if exact) or
``none``. A location set by hand (``geo_source = manual``) is never
overwritten by a geocoder. Functions take a session; the caller owns the
transaction (one per customer during a run, so an interrupted run keeps
what it had done).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmtui.errors import InputError
from rmtui.geo.area import ServiceArea
from rmtui.geo.cache import build_query, lookup
from rmtui.geo.geocoder import GeoAnswer, Placement, judge
from rmtui.geo.manual import ManualLocation
from rmtui.store.models import Customer


@dataclass(frozen=True, slots=True)
class Pending:
    """A customer that geocoding may place: its id, code, name and the query to send."""

    id: int
    code: str
    name: str
    query: str


@dataclass(frozen=True, slots=True)
class NeedsLocation:
    """A customer without an exact location, and why."""

    code: str
    name: str
    address: str
    quality: str
    reason: str


def pending(session: Session, manager_id: int) -> tuple[list[Pending], list[Pending]]:
    """(customers to geocode, customers without an address) — active, not exact, not set by hand."""
    rows = session.execute(
        select(Customer.id, Customer.code, Customer.name, Customer.address, Customer.district)
        .where(Customer.manager_id == manager_id, Customer.active.is_(True),
               Customer.geo_quality != "exact", Customer.geo_source != "manual")
        .order_by(Customer.code)
    ).all()
    todo: list[Pending] = []
    no_address: list[Pending] = []
    for cid, code, name, address, district in rows:
        query = build_query(address or "", district or "") if (address or "").strip() else ""
        (todo if query else no_address).append(Pending(cid, code, name, query))
    return todo, no_address


def apply_answer(session: Session, customer_id: int, answer: GeoAnswer | None, placement: Placement | None,
                 now: datetime) -> None:
    """Put a geocoder's answer on a customer.

    Nothing changes when there is no answer, when the location was set by
    hand, or when the answer is approximate and the customer already has
    coordinates (say, imported ones outside the service area).
    """
    if answer is None or placement is None:
        return
    customer = session.get(Customer, customer_id)
    if customer is None or customer.geo_source == "manual":
        return
    if customer.lat is not None and placement.quality != "exact":
        return  # an approximate answer never replaces coordinates the customer already has
    customer.lat, customer.lon = round(answer.lat, 7), round(answer.lon, 7)
    customer.geo_source = answer.provider or "geocoder"
    customer.geo_quality = placement.quality
    customer.geo_datum = answer.datum
    customer.updated_at = now


def set_manual_location(session: Session, manager_id: int, code: str, location: ManualLocation,
                        now: datetime) -> Customer:
    """Place customer ``code`` where the user says; it counts as exact from now on."""
    customer = session.scalar(select(Customer).where(Customer.manager_id == manager_id, Customer.code == code))
    if customer is None:
        raise InputError(f"no customer with code {code!r}; 'rmtui customers list' shows the codes",
                         title="Location")
    customer.lat, customer.lon = location.lat, location.lon
    customer.geo_source = "manual"
    customer.geo_quality = "exact"
    customer.geo_datum = location.datum
    customer.updated_at = now
    session.flush()
    return customer


def needs_location(session: Session, manager_id: int, provider: str, area: ServiceArea) -> list[NeedsLocation]:
    """Active customers without an exact location, each with the reason, by code."""
    rows = session.scalars(
        select(Customer).where(Customer.manager_id == manager_id, Customer.active.is_(True),
                               Customer.geo_quality != "exact").order_by(Customer.code)
    ).all()
    out: list[NeedsLocation] = []
    for c in rows:
        out.append(NeedsLocation(c.code, c.name, c.address, c.geo_quality, _reason(session, c, provider, area)))
    return out


def _reason(session: Session, c: Customer, provider: str, area: ServiceArea) -> str:
    if c.geo_quality == "approximate" and c.lat is not None and c.lon is not None:
        if not area.contains(c.lat, c.lon):
            return f"its location lies outside the service area ({area.describe()})"
        if c.geo_source not in ("", "import", "manual"):
            hit = lookup(session, c.geo_source, build_query(c.address, c.district))
            if hit is not None and hit.answer is not None:
                return judge(hit.answer, area).reason or "approximate"
        return "its location is only approximate"
    if not c.address.strip():
        return "no address to look up; set the location by hand"
    hit = lookup(session, provider, build_query(c.address, c.district))
    if hit is None:
        return "not looked up yet; run 'rmtui geocode'"
    if hit.answer is None:
        return f"{provider} knows no such address; correct the address or set the location by hand"
    return judge(hit.answer, area).reason or "approximate"
