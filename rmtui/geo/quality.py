"""Reading a provider's answer for how precise it is.

Nominatim says what it matched through ``class``/``type``, ``addresstype``
and ``place_rank`` (30 = a building, an address point or a POI; lower ranks
are streets and areas, whose coordinates are centroids). Baidu says it
through ``precise`` (1 = matched the address point, 0 = fuzzy), ``confidence``
(the absolute error: 75 and up ≈ under 50 m) and ``level`` (门址, 道路,
区县 …). Anything not clearly a building is approximate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rmtui.geo.area import haversine_m

# An OSM object wider than this is a campus or a park, not a door to knock on.
MAX_EXACT_EXTENT_M = 500.0

_NOMINATIM_AREAS = frozenset({
    "continent", "country", "state", "province", "region", "state_district", "county", "municipality",
    "city", "town", "village", "hamlet", "city_district", "district", "borough", "suburb", "subdivision",
    "quarter", "neighbourhood", "city_block", "locality", "isolated_dwelling", "farm", "postcode",
    "administrative", "island", "islet", "archipelago", "residential", "industrial", "commercial", "retail",
    "allotments", "square",
})
_NOMINATIM_STREETS = frozenset({"road", "street", "highway", "path", "footway", "pedestrian", "service"})

# Baidu levels that describe an area or a line, whatever the confidence.
_BAIDU_AREAS = frozenset({
    "国家", "省", "城市", "区县", "乡镇", "村庄", "道路", "商圈", "地产小区", "行政地标", "道路交叉点",
    "NoClass", "UNKNOWN", "",
})


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def nominatim_extent_m(raw: Mapping[str, Any]) -> float | None:
    """Diagonal of the result's bounding box in metres, when it has one."""
    box = raw.get("boundingbox")
    try:
        south, north, west, east = (float(v) for v in box)  # Nominatim order: lat, lat, lon, lon
    except (TypeError, ValueError):
        return None
    return haversine_m(south, west, north, east)


def nominatim_precision(raw: Mapping[str, Any]) -> tuple[str, bool]:
    """(what was matched, whether it is exact) for one Nominatim search result."""
    cls = str(raw.get("class") or raw.get("category") or "")
    typ = str(raw.get("type") or "")
    addresstype = str(raw.get("addresstype") or "")
    rank = _int(raw.get("place_rank"), default=-1)
    kind = addresstype or typ or cls or "place"
    if cls == "boundary" or addresstype in _NOMINATIM_AREAS or (cls == "place" and typ in _NOMINATIM_AREAS):
        return f"{kind} (area centre)", False
    if cls == "highway" or addresstype in _NOMINATIM_STREETS:
        return f"street ({typ or kind})", False
    if 0 <= rank < 30:
        return f"{kind} (rank {rank})", False
    if rank < 0 and cls not in {"building", "amenity", "shop", "office", "craft", "tourism", "place"}:
        return kind, False
    extent = nominatim_extent_m(raw)
    if extent is not None and extent > MAX_EXACT_EXTENT_M:
        return f"{kind} ({extent:.0f} m across)", False
    if cls == "place" and typ == "house" or addresstype == "house":
        return "house number", True
    return kind, True


def baidu_precision(raw: Mapping[str, Any], min_confidence: int = 75) -> tuple[str, bool]:
    """(what was matched, whether it is exact) for one Baidu geocoding v3 result."""
    level = str(raw.get("level") or "")
    precise = _int(raw.get("precise"))
    confidence = _int(raw.get("confidence"))
    if level in _BAIDU_AREAS:
        return f"{level or 'unknown level'} (area or road)", False
    if precise != 1:
        return f"{level} (fuzzy match)", False
    if confidence < min_confidence:
        return f"{level} (confidence {confidence})", False
    return level, True
