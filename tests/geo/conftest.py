"""Fixtures for geocoding tests: a local fake Nominatim/Baidu server."""

from __future__ import annotations

import pytest
from fake_server import FakeGeoServer


@pytest.fixture
def geo_server():
    with FakeGeoServer() as server:
        yield server
