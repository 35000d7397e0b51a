"""A customer as the rest of the app sees it: a plain, immutable value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    """One customer of a manager's book, detached from the database."""

    id: int
    code: str
    name: str
    address: str
    district: str
    lat: float | None
    lon: float | None
    geo_quality: str  # exact | approximate | none
    tier: str
    contact: str
    phone: str
    opening_hours: str
    visit_minutes: int | None
    territory: str
    notes: str
    last_visit: date | None

    @property
    def located(self) -> bool:
        """True when the customer can be routed: exact coordinates are known."""
        return self.lat is not None and self.lon is not None and self.geo_quality == "exact"
