"""The geopy adapters against a local fake Nominatim and Baidu server: no network."""

from __future__ import annotations

import socket
import time

import pytest
from fake_server import baidu_result, nominatim_place, settings_for

from rmtui.config import GeocodingSettings, NominatimSettings
from rmtui.geo.area import ServiceArea, haversine_m
from rmtui.geo.datum import wgs84_to_bd09
from rmtui.geo.geocoder import GeocoderRefused, GeocoderUnreachable, QueryRejected, judge
from rmtui.geo.providers import make_geocoder

ADDRESS = "南京市鼓楼区汉中路89号"
NANJING = ServiceArea(bbox=(31.2, 118.3, 32.7, 119.3))


class Sleeps(list):
    """Records the waits between retries instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def nominatim(server, **geo):
    sleeps = Sleeps()
    return make_geocoder(settings_for(server, **geo), sleep=sleeps), sleeps


def test_exact_house_number_and_request_shape(geo_server):
    geo_server.script(ADDRESS, ("json", [nominatim_place(32.0431, 118.7702, name="89号, 汉中路")]))
    geocoder, _ = nominatim(geo_server, user_agent="rmtui-test (ops@example.com)")
    answer = geocoder.geocode(ADDRESS)
    assert answer is not None and answer.exact and answer.datum == "wgs84"
    assert (answer.lat, answer.lon) == (pytest.approx(32.0431), pytest.approx(118.7702))
    assert judge(answer, NANJING).quality == "exact"
    request = geo_server.requests[0]
    assert request["headers"]["User-Agent"] == "rmtui-test (ops@example.com)"
    params = request["params"]
    assert params["q"] == ADDRESS and params["format"] == "json" and params["countrycodes"] == "cn"
    assert params["accept-language"] == "zh"
    assert params["viewbox"] == "118.3,31.2,119.3,32.7"  # a preference; 'bounded' is not set
    assert "bounded" not in params


@pytest.mark.parametrize(("place", "fragment"), [
    (nominatim_place(32.0664, 118.7697, cls="boundary", typ="administrative", rank=12, addresstype="city_district",
                     size_deg=0.05), "city_district (area centre)"),
    (nominatim_place(32.06, 118.78, cls="place", typ="suburb", rank=20, addresstype="suburb"), "suburb"),
    (nominatim_place(32.04, 118.77, cls="highway", typ="primary", rank=26, addresstype="road", size_deg=0.01),
     "street (primary)"),
    (nominatim_place(32.05, 118.79, cls="amenity", typ="university", rank=30, addresstype="amenity",
                     size_deg=0.006), "m across"),
    (nominatim_place(32.0, 118.8, cls="place", typ="postcode", rank=21, addresstype="postcode"), "postcode"),
])
def test_centroids_are_approximate(geo_server, place, fragment):
    geo_server.script(ADDRESS, ("json", [place]))
    answer = nominatim(geo_server)[0].geocode(ADDRESS)
    assert answer is not None and not answer.exact
    placement = judge(answer, NANJING)
    assert placement.quality == "approximate"
    assert fragment in placement.reason and "not the building" in placement.reason


def test_a_shop_is_exact(geo_server):
    geo_server.script(ADDRESS, ("json", [nominatim_place(32.043, 118.77, cls="shop", typ="convenience",
                                                         addresstype="shop")]))
    answer = nominatim(geo_server)[0].geocode(ADDRESS)
    assert answer.exact and answer.precision == "shop"


def test_exact_but_outside_the_service_area_is_approximate(geo_server):
    geo_server.script(ADDRESS, ("json", [nominatim_place(31.2304, 121.4737)]))  # Shanghai
    answer = nominatim(geo_server)[0].geocode(ADDRESS)
    assert answer.exact
    placement = judge(answer, NANJING)
    assert placement.quality == "approximate" and "outside the service area" in placement.reason


def test_empty_result_is_none(geo_server):
    assert nominatim(geo_server)[0].geocode("无此地址") is None


def test_rate_limited_then_answered_honours_retry_after(geo_server):
    geo_server.script(ADDRESS, ("status", 429, {"Retry-After": "3"}), ("json", [nominatim_place(32.04, 118.77)]))
    geocoder, sleeps = nominatim(geo_server)
    assert geocoder.geocode(ADDRESS).exact
    assert sleeps == [3] and len(geo_server.requests) == 2


def test_rate_limited_for_good_stops_with_a_clear_message(geo_server):
    geo_server.script(ADDRESS, ("status", 429, {"Retry-After": "120"}))
    geocoder, sleeps = nominatim(geo_server, max_retries=2)
    with pytest.raises(GeocoderUnreachable, match="rate limiting.*after 2 retries.*Nothing was guessed") as caught:
        geocoder.geocode(ADDRESS)
    assert caught.value.kind == "rate_limited"  # the interface words it by kind
    assert sleeps == [60, 60]  # Retry-After is capped
    assert len(geo_server.requests) == 3


def test_timeout_is_retried_then_reported(geo_server):
    geo_server.script(ADDRESS, ("sleep", 1.0, [nominatim_place(32.04, 118.77)]))
    geocoder, sleeps = nominatim(geo_server, timeout_seconds=0.2, max_retries=1, retry_wait_seconds=0.5)
    with pytest.raises(GeocoderUnreachable, match=r"did not answer within 0.2 s \(geocoding.timeout_seconds\)") as caught:
        geocoder.geocode(ADDRESS)
    assert caught.value.kind == "timeout"  # the interface words it by kind
    assert sleeps == [0.5]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error_is_retried(geo_server, status):
    geo_server.script(ADDRESS, ("status", status), ("json", [nominatim_place(32.04, 118.77)]))
    geocoder, sleeps = nominatim(geo_server)
    assert geocoder.geocode(ADDRESS) is not None and len(sleeps) == 1


def test_refused_user_agent_names_the_setting(geo_server):
    geo_server.script(ADDRESS, ("status", 403))
    with pytest.raises(GeocoderRefused, match="geocoding.user_agent") as caught:
        nominatim(geo_server)[0].geocode(ADDRESS)
    assert caught.value.kind == "user_agent"  # the interface words it by kind


def test_bad_request_rejects_only_that_query(geo_server):
    geo_server.script(ADDRESS, ("status", 400))
    with pytest.raises(QueryRejected, match="refused the query"):
        nominatim(geo_server)[0].geocode(ADDRESS)


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"


def test_offline_fails_at_once_without_retrying(geo_server):
    geo_server.host = closed_port()
    geocoder, sleeps = nominatim(geo_server, max_retries=3, retry_wait_seconds=5)
    started = time.monotonic()
    with pytest.raises(GeocoderUnreachable, match="cannot reach the geocoding service.*Nothing was guessed") as caught:
        geocoder.geocode(ADDRESS)
    assert caught.value.kind == "offline"  # the interface words it by kind
    assert sleeps == [] and time.monotonic() - started < 2


def test_rate_limiter_keeps_the_pause_between_requests(geo_server):
    geocoder, _ = nominatim(geo_server, min_delay_seconds=0.15)
    started = time.monotonic()
    for q in ("a", "b", "c"):
        geocoder.geocode(q)
    assert time.monotonic() - started >= 0.29


def test_public_nominatim_needs_one_second_between_requests():
    with pytest.raises(ValueError, match="at least 1.0"):
        GeocodingSettings(min_delay_seconds=0.2)
    GeocodingSettings(min_delay_seconds=0.2, nominatim=NominatimSettings(domain="geo.example.org"))


# -- Baidu -------------------------------------------------------------------

def baidu(server, env=None, **geo):
    sleeps = Sleeps()
    return make_geocoder(settings_for(server, provider="baidu", **geo),
                         env={"RMTUI_BAIDU_AK": "test-ak"} if env is None else env, sleep=sleeps)


def test_baidu_needs_the_key_from_the_environment(geo_server):
    with pytest.raises(GeocoderRefused, match="environment variable RMTUI_BAIDU_AK is empty") as caught:
        baidu(geo_server, env={})
    assert caught.value.kind == "missing_key"  # the interface words it by kind


def test_baidu_answer_is_converted_from_bd09(geo_server):
    wgs = (32.0431, 118.7702)
    bd_lat, bd_lon = wgs84_to_bd09(*wgs)
    geo_server.script(ADDRESS, ("json", baidu_result(bd_lat, bd_lon)))
    answer = baidu(geo_server).geocode(ADDRESS)
    assert answer.exact and answer.datum == "bd09" and answer.provider == "baidu"
    assert haversine_m(*wgs, answer.lat, answer.lon) < 1.0
    params = geo_server.requests[0]["params"]
    assert params["ak"] == "test-ak" and params["address"] == ADDRESS and params["output"] == "json"
    assert geo_server.requests[0]["path"] == "/geocoding/v3/"


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"precise": 0}, "fuzzy match"),
    ({"level": "区县"}, "区县"),
    ({"level": "道路"}, "道路"),
    ({"confidence": 50}, "confidence 50"),
])
def test_baidu_imprecise_answers_are_approximate(geo_server, kwargs, fragment):
    geo_server.script(ADDRESS, ("json", baidu_result(32.05, 118.78, **kwargs)))
    answer = baidu(geo_server).geocode(ADDRESS)
    placement = judge(answer, NANJING)
    assert placement.quality == "approximate" and fragment in placement.reason


def test_baidu_no_result_is_none_not_an_error(geo_server):
    assert baidu(geo_server).geocode("无此地址") is None


def test_baidu_bad_key_and_quota(geo_server):
    geo_server.script("a", ("json", {"status": 200, "message": "APP不存在，AK有误请检查再重试"}))
    geo_server.script("b", ("json", {"status": 302, "message": "天配额超限，限制访问"}))
    geocoder = baidu(geo_server)
    with pytest.raises(GeocoderRefused, match="api_key_env") as caught:
        geocoder.geocode("a")
    assert caught.value.kind == "api_key"  # the interface words it by kind
    with pytest.raises(GeocoderUnreachable, match="quota") as caught:
        geocoder.geocode("b")
    assert caught.value.kind == "quota"  # the interface words it by kind
