"""Customers' locations as the user handles them: who still needs one, and placing one by hand.

Shared by ``rmtui geocode set`` / ``rmtui geocode pending`` and the app's
geocoding screen, so both apply the same rules: a location typed or pasted
(``lat,lon`` or a map link, read by ``rmtui.geo.manual.parse_location``)
must lie inside the configured service area unless the user says it may
not, and once set it counts as exact and is never overwritten by a geocoder.
"""

from __future__ import annotations

from dataclasses import dataclass

from rmtui.errors import InputError
from rmtui.geo.area import ServiceArea
from rmtui.geo.customer_locations import NeedsLocation, needs_location, set_manual_location
from rmtui.geo.datum import Datum
from rmtui.geo.manual import ManualLocation, parse_location
from rmtui.workspace import Workspace


class OutsideServiceArea(InputError):
    """A location given by hand lies outside the service area (accepted only when asked)."""

    def __init__(self, location: ManualLocation, area: ServiceArea) -> None:
        super().__init__(f"{location.lat:.6f},{location.lon:.6f} lies outside the service area "
                         f"({area.describe()}); check the coordinates (latitude first), or add "
                         "--outside-area to place the customer there anyway", title="Location")
        self.location = location
        self.area = area


@dataclass(frozen=True, slots=True)
class PlacedCustomer:
    """A customer placed by hand, and the location read from the user's text."""

    code: str
    name: str
    location: ManualLocation


def service_area(ws: Workspace) -> ServiceArea:
    return ServiceArea.from_settings(ws.settings.geocoding.service_area)


def locations_needed(ws: Workspace) -> list[NeedsLocation]:
    """Active customers without an exact location, each with the reason, by code."""
    with ws.db.sessions() as session:
        return needs_location(session, ws.manager_id, ws.settings.geocoding.provider, service_area(ws))


def place_by_hand(ws: Workspace, code: str, text: str, *, datum: Datum | None = None,
                  outside_area: bool = False) -> PlacedCustomer:
    """Read ``text`` (``lat,lon`` or a map link) and place customer ``code`` there, in one transaction."""
    location = parse_location(text, datum=datum)
    area = service_area(ws)
    if not outside_area and not area.contains(location.lat, location.lon):
        raise OutsideServiceArea(location, area)
    with ws.db.sessions.begin() as session:
        customer = set_manual_location(session, ws.manager_id, code, location, ws.now())
        return PlacedCustomer(customer.code, customer.name, location)
