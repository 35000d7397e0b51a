"""Travel times between the day's points, behind one small interface.

``TravelMatrixProvider`` turns points (start, stops, end) into a
``TravelMatrix``. ``GreatCircleProvider`` estimates from straight-line
distance, a circuity factor and the mode's speed (vectorised NumPy);
``OsrmTableProvider`` asks an OSRM ``table`` service for road times and
raises ``TravelServiceError`` when it cannot, so the caller can fall back.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from rmtui.routing.model import Location, Travel, TravelMatrix

EARTH_RADIUS_M = 6_371_008.8

#: OSRM profile names for our travel modes.
OSRM_PROFILES = {"drive": "driving", "bike": "cycling", "walk": "foot", "transit": "driving"}


class TravelServiceError(Exception):
    """A travel-time service could not answer; ``str()`` says why, for a notice."""


class TravelMatrixProvider(Protocol):
    """Something that knows how long it takes to go between points."""

    def matrix(self, points: Sequence[Location], travel: Travel) -> TravelMatrix:
        """Durations (whole seconds) and distances (metres) between every pair of ``points``."""
        ...


def great_circle_m(points: Sequence[Location]) -> np.ndarray:
    """Pairwise great-circle distances in metres (haversine, all pairs at once)."""
    lat = np.radians(np.array([p.lat for p in points], dtype=np.float64))
    lon = np.radians(np.array([p.lon for p in points], dtype=np.float64))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


class GreatCircleProvider:
    """Estimated road travel: straight-line distance × circuity ÷ speed."""

    def matrix(self, points: Sequence[Location], travel: Travel) -> TravelMatrix:
        distances = great_circle_m(points) * travel.circuity
        seconds = distances / (travel.speed * 1000.0 / 3600.0)
        return TravelMatrix(np.rint(seconds).astype(np.int64), distances)


class OsrmTableProvider:
    """Road times from an OSRM ``table`` service (``/table/v1/{profile}/...``).

    ``base_url`` is the server root (``http://localhost:5000``) or a URL that
    already ends in ``/table/v1/{profile}``.
    """

    def __init__(self, base_url: str, *, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def url_for(self, points: Sequence[Location], travel: Travel) -> str:
        """The request URL for ``points`` (lon,lat pairs, as OSRM wants them)."""
        coords = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in points)
        if "/table/v1/" in self.base_url:
            prefix = self.base_url
        else:
            prefix = f"{self.base_url}/table/v1/{OSRM_PROFILES.get(travel.mode, 'driving')}"
        return f"{prefix}/{coords}?annotations=duration,distance"

    def matrix(self, points: Sequence[Location], travel: Travel) -> TravelMatrix:
        url = self.url_for(points, travel)
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - URL from config
                body = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise TravelServiceError(f"the road-time service answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TravelServiceError(f"the road-time service did not answer ({reason})") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise TravelServiceError("the road-time service sent something that is not JSON") from exc
        return _parse_table(body, len(points))


def _parse_table(body: object, size: int) -> TravelMatrix:
    """Check an OSRM table answer and turn it into a matrix."""
    if not isinstance(body, dict) or body.get("code") != "Ok":
        code = body.get("code") if isinstance(body, dict) else None
        raise TravelServiceError(f"the road-time service refused the request (code {code!r})")
    durations = _square(body.get("durations"), size, "durations")
    distances = body.get("distances")
    dist = _square(distances, size, "distances") if distances is not None else None
    return TravelMatrix(np.rint(durations).astype(np.int64), dist)


def _square(rows: object, size: int, name: str) -> np.ndarray:
    """A size×size array of non-negative numbers, or TravelServiceError."""
    try:
        arr = np.array(rows, dtype=np.float64)
    except (TypeError, ValueError) as exc:  # nulls for unreachable pairs land here
        raise TravelServiceError(f"the road-time service left {name} unknown for some pairs") from exc
    if arr.shape != (size, size) or not np.isfinite(arr).all() or (arr < 0).any():
        raise TravelServiceError(f"the road-time service sent unusable {name}")
    return arr
