"""The geocoder interface: an address in, a located answer (or nothing) out.

Every provider sits behind ``Geocoder``; the rest of rmtui never sees geopy.
An answer carries WGS-84 coordinates, the datum the provider spoke, what kind
of place was matched and whether the provider's own signals say it is
precise enough to visit. ``judge`` adds the service-area rule and gives the
quality stored on the customer: ``exact`` or ``approximate`` — never a guess
passed off as exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from rmtui.errors import UserError
from rmtui.geo.area import ServiceArea
from rmtui.geo.datum import Datum

Quality = Literal["exact", "approximate"]


@dataclass(frozen=True, slots=True)
class GeoAnswer:
    """What a geocoder found for one address."""

    lat: float
    """Latitude, WGS-84 (converted from the provider's datum)."""
    lon: float
    """Longitude, WGS-84."""
    precision: str
    """What was matched, in the provider's words: house, building, street, district, 门址, 道路 …"""
    exact: bool
    """The provider's signals say a building or entrance was found, not the centre of an area."""
    datum: Datum = "wgs84"
    """The datum the provider answered in."""
    label: str = ""
    """The provider's name for the place (display name, formatted address)."""
    provider: str = ""
    """Which geocoder answered (``nominatim``, ``baidu`` …)."""


@dataclass(frozen=True, slots=True)
class Placement:
    """The verdict on an answer: its quality and, when approximate, why."""

    quality: Quality
    reason: str = ""


def judge(answer: GeoAnswer, area: ServiceArea) -> Placement:
    """Exact only when the provider found a precise place inside the service area."""
    if not area.contains(answer.lat, answer.lon):
        return Placement("approximate", f"the result ({answer.lat:.5f},{answer.lon:.5f}) lies outside the "
                                        f"service area ({area.describe()})")
    if not answer.exact:
        return Placement("approximate", f"the geocoder found only a {answer.precision}, not the building")
    return Placement("exact")


class Geocoder(Protocol):
    """Anything that can look up an address (a geopy provider, a fake in tests)."""

    provider: str
    """Stable name of the provider; part of the cache key."""

    def geocode(self, query: str) -> GeoAnswer | None:
        """The best answer for ``query``, or None when the provider knows no such place.

        Raises ``GeocoderUnreachable`` when the service cannot be reached or keeps
        failing, ``GeocoderRefused`` when it rejects rmtui's credentials, and
        ``QueryRejected`` when it refuses this one query.
        """
        ...


class GeocodingError(UserError):
    """Geocoding cannot go on; the message says why and what to do, ``kind`` names the cause
    (offline, quota, rate_limited, timeout, server_error, api_key, missing_key, provider,
    user_agent; "" when not known) so an interface can say it in its own language."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message, title="Geocoding")
        self.kind = kind


class GeocoderUnreachable(GeocodingError):
    """Offline, timed out, rate limited or failing: try again later. Nothing is guessed."""


class GeocoderRefused(GeocodingError):
    """The service refuses rmtui (key, user agent, permissions): fix the configuration."""


class QueryRejected(GeocodingError):
    """The service refused one query (too long, malformed); other addresses may still work."""
