"""The service area: where a manager's customers can be.

A geocoder answer outside it is never taken as exact, whatever the provider
says — the same street name exists in many cities. The area is a bounding box,
a circle, or both (then a point must lie in both); with neither, nothing is
checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rmtui.config import ServiceAreaSettings

EARTH_RADIUS_M = 6371008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class ServiceArea:
    """A box (south, west, north, east) and/or a circle (lat, lon, radius in km)."""

    bbox: tuple[float, float, float, float] | None = None
    circle: tuple[float, float, float] | None = None

    @classmethod
    def from_settings(cls, s: ServiceAreaSettings) -> ServiceArea:
        bbox = (s.bbox.south, s.bbox.west, s.bbox.north, s.bbox.east) if s.bbox else None
        circle = (s.circle.lat, s.circle.lon, s.circle.radius_km) if s.circle else None
        return cls(bbox=bbox, circle=circle)

    def contains(self, lat: float, lon: float) -> bool:
        if self.bbox is not None:
            south, west, north, east = self.bbox
            if not (south <= lat <= north and west <= lon <= east):
                return False
        if self.circle is not None:
            clat, clon, radius_km = self.circle
            if haversine_m(lat, lon, clat, clon) > radius_km * 1000:
                return False
        return True

    def describe(self) -> str:
        """The area in words, for messages."""
        parts = []
        if self.bbox is not None:
            south, west, north, east = self.bbox
            parts.append(f"the box {south:g}–{north:g}°N, {west:g}–{east:g}°E")
        if self.circle is not None:
            clat, clon, radius_km = self.circle
            parts.append(f"{radius_km:g} km around {clat:g},{clon:g}")
        return " and ".join(parts) if parts else "anywhere"

    def viewbox(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """((south, west), (north, east)) to bias a search towards the area."""
        if self.bbox is not None:
            south, west, north, east = self.bbox
            return (south, west), (north, east)
        if self.circle is not None:
            clat, clon, radius_km = self.circle
            dlat = radius_km / 111.32
            dlon = radius_km / (111.32 * max(math.cos(math.radians(clat)), 0.01))
            return (clat - dlat, clon - dlon), (clat + dlat, clon + dlon)
        return None
