"""Datum conversion: the published reference values, round trips under 1 m, identity outside China."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rmtui.geo.area import haversine_m
from rmtui.geo.datum import (
    bd09_to_bd09mc,
    bd09_to_gcj02,
    bd09_to_wgs84,
    bd09mc_to_bd09,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# Mainland China, well inside the box where the offsets apply.
china_lat = st.floats(min_value=18.5, max_value=53.0)
china_lon = st.floats(min_value=74.0, max_value=134.5)


def test_reference_values_of_the_published_formulas():
    # The control point used across the coordtransform/eviltransform implementations.
    assert wgs84_to_gcj02(39.915, 116.404) == pytest.approx((39.91640428150164, 116.41024449916938), abs=1e-12)
    assert gcj02_to_bd09(39.915, 116.404) == pytest.approx((39.92133699351021, 116.41036949371029), abs=1e-12)


def test_offsets_are_hundreds_of_metres_in_nanjing():
    wgs = (32.041544, 118.784048)
    assert 300 < haversine_m(*wgs, *wgs84_to_gcj02(*wgs)) < 800
    assert 800 < haversine_m(*wgs, *wgs84_to_bd09(*wgs)) < 1600


@settings(max_examples=300, deadline=None)
@given(china_lat, china_lon)
def test_gcj02_round_trip_under_one_metre(lat, lon):
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
    assert haversine_m(lat, lon, *back) < 1.0


@settings(max_examples=300, deadline=None)
@given(china_lat, china_lon)
def test_bd09_round_trips_under_one_metre(lat, lon):
    assert haversine_m(lat, lon, *bd09_to_wgs84(*wgs84_to_bd09(lat, lon))) < 1.0
    assert haversine_m(lat, lon, *bd09_to_gcj02(*gcj02_to_bd09(lat, lon))) < 1.0
    assert haversine_m(lat, lon, *to_wgs84(*from_wgs84(lat, lon, "gcj02"), "gcj02")) < 1.0


@pytest.mark.parametrize("point", [(48.8584, 2.2945), (40.7128, -74.006), (35.6762, 139.6503),
                                   (-33.8688, 151.2093), (51.5007, -0.1246)])
def test_identity_outside_china(point):
    assert out_of_china(*point)
    for datum in ("wgs84", "gcj02", "bd09"):
        assert to_wgs84(*point, datum) == point
        assert from_wgs84(*point, datum) == point


def test_unknown_datum_is_an_error():
    with pytest.raises(ValueError, match="unknown datum"):
        to_wgs84(32.0, 118.0, "utm")  # type: ignore[arg-type]


@pytest.mark.parametrize("point", [(32.0415, 118.784), (22.54, 114.06), (45.75, 126.63), (39.9, 116.4)])
def test_baidu_mercator_round_trip(point):
    x, y = bd09_to_bd09mc(*point)
    assert 1e7 < x < 1.6e7 and 2e6 < y < 6e6
    assert haversine_m(*point, *bd09mc_to_bd09(x, y)) < 1.0
