"""The geocode cache: one stored answer per (provider, normalised address).

Every answer is kept, including "no such place", so an address is never
looked up twice. The cache holds the provider's own verdict (``exact`` when
it found a building, ``approximate`` for centroids, ``not_found``); the
service-area rule is applied when an answer is used, so changing the area
needs no new lookups. ``label`` stores ``precision|display name``.

Functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rmtui.geo.geocoder import GeoAnswer
from rmtui.store.models import GeocodeCache

_LABEL_SEP = "|"
MAX_QUERY = 400


def build_query(address: str, district: str = "") -> str:
    """The text sent to the geocoder: the address, prefixed by the district when it lacks it."""
    address = normalise(address)
    district = normalise(district)
    if district and district not in address:
        return f"{district} {address}".strip()
    return address


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC), whitespace collapsed: the cache key of an address."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY]


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """A cache hit: the stored answer, or None for a remembered "not found"."""

    answer: GeoAnswer | None
    fetched_at: datetime


def lookup(session: Session, provider: str, query: str) -> CachedAnswer | None:
    """The stored answer for ``query``; None when it was never looked up."""
    row = session.scalar(select(GeocodeCache).where(GeocodeCache.provider == provider,
                                                    GeocodeCache.query == normalise(query)))
    if row is None:
        return None
    if row.quality == "not_found" or row.lat is None or row.lon is None:
        return CachedAnswer(None, row.fetched_at)
    precision, _, label = row.label.partition(_LABEL_SEP)
    answer = GeoAnswer(lat=row.lat, lon=row.lon, precision=precision or "place", exact=row.quality == "exact",
                       datum=row.datum if row.datum in ("wgs84", "gcj02", "bd09") else "wgs84",  # type: ignore[arg-type]
                       label=label, provider=provider)
    return CachedAnswer(answer, row.fetched_at)


def store(session: Session, provider: str, query: str, answer: GeoAnswer | None, now: datetime) -> None:
    """Remember the answer (or that there is none) for ``query``, replacing an older one."""
    key = normalise(query)
    row = session.scalar(select(GeocodeCache).where(GeocodeCache.provider == provider,
                                                    GeocodeCache.query == key))
    if row is None:
        row = GeocodeCache(provider=provider, query=key)
        session.add(row)
    row.fetched_at = now
    if answer is None:
        row.lat = row.lon = None
        row.quality = "not_found"
        row.datum = "wgs84"
        row.label = ""
    else:
        row.lat, row.lon = answer.lat, answer.lon
        row.quality = "exact" if answer.exact else "approximate"
        row.datum = answer.datum
        row.label = f"{answer.precision.replace(_LABEL_SEP, '/')}{_LABEL_SEP}{answer.label}"[:400]
    session.flush()


def forget_not_found(session: Session, provider: str) -> int:
    """Drop remembered "not found" answers so they are asked again; returns how many."""
    result = session.execute(delete(GeocodeCache).where(GeocodeCache.provider == provider,
                                                        GeocodeCache.quality == "not_found"))
    return result.rowcount or 0
