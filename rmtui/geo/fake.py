"""A geocoder that answers from a dictionary: for tests and the demo, never the network."""

from __future__ import annotations

from collections.abc import Mapping

from rmtui.geo.cache import normalise
from rmtui.geo.geocoder import GeoAnswer


class FakeGeocoder:
    """Answers from ``answers`` (query → GeoAnswer, None, or an exception to raise).

    Unknown queries get None (not found). ``calls`` records every query asked,
    so tests can check that cached addresses are not asked again.
    """

    def __init__(self, answers: Mapping[str, GeoAnswer | BaseException | None] | None = None, *,
                 provider: str = "fake") -> None:
        self.provider = provider
        self.answers = {normalise(k): v for k, v in (answers or {}).items()}
        self.calls: list[str] = []

    def geocode(self, query: str) -> GeoAnswer | None:
        self.calls.append(query)
        value = self.answers.get(normalise(query))
        if isinstance(value, BaseException):
            raise value
        return value
