"""Reading a location pasted by the user: coordinates and map links, with the right datum."""

from __future__ import annotations

import pytest

from rmtui.errors import InputError
from rmtui.geo.area import haversine_m
from rmtui.geo.datum import bd09_to_bd09mc, wgs84_to_bd09, wgs84_to_gcj02
from rmtui.geo.manual import parse_location

WGS = (32.041544, 118.784048)
GCJ = wgs84_to_gcj02(*WGS)
BD = wgs84_to_bd09(*WGS)


@pytest.mark.parametrize("text", ["32.041544,118.784048", "32.041544, 118.784048", " 32.041544，118.784048 ",
                                  "32.041544 118.784048", "geo:32.041544,118.784048?z=18"])
def test_plain_coordinates_are_wgs84(text):
    loc = parse_location(text)
    assert (loc.lat, loc.lon, loc.datum, loc.warning) == (*WGS, "wgs84", "")


def test_few_decimals_are_accepted_with_a_warning():
    loc = parse_location("32.04,118.78")
    assert (loc.lat, loc.lon) == (32.04, 118.78)
    assert "about 1 km" in loc.warning


def test_explicit_datum_converts_plain_coordinates():
    loc = parse_location(f"{GCJ[0]:.7f},{GCJ[1]:.7f}", datum="gcj02")
    assert loc.datum == "gcj02" and haversine_m(*WGS, loc.lat, loc.lon) < 0.5


def link_cases():
    g, b = GCJ, BD
    x, y = bd09_to_bd09mc(*b)
    return [
        (f"https://www.openstreetmap.org/?mlat={WGS[0]}&mlon={WGS[1]}#map=19/{WGS[0]}/{WGS[1]}", "wgs84"),
        (f"https://www.openstreetmap.org/#map=18/{WGS[0]}/{WGS[1]}", "wgs84"),
        (f"https://uri.amap.com/marker?position={g[1]:.6f},{g[0]:.6f}&name=%E6%94%AF%E8%A1%8C", "gcj02"),
        (f"https://m.amap.com/navi/?dest={g[1]:.6f},{g[0]:.6f}&destName=x&key=k", "gcj02"),
        (f"androidamap://viewMap?sourceApplication=x&poiname=y&lat={g[0]:.6f}&lon={g[1]:.6f}&dev=0", "gcj02"),
        (f"https://uri.amap.com/marker?position={WGS[1]},{WGS[0]}&coordinate=wgs84", "wgs84"),
        (f"https://map.baidu.com/?latlng={b[0]:.6f},{b[1]:.6f}&title=x&autoOpen=true", "bd09"),
        (f"http://api.map.baidu.com/marker?location={b[0]:.6f},{b[1]:.6f}&title=x&output=html", "bd09"),
        (f"http://api.map.baidu.com/marker?location={g[0]:.6f},{g[1]:.6f}&coord_type=gcj02&output=html", "gcj02"),
        (f"https://map.baidu.com/poi/%E6%94%AF%E8%A1%8C/@{x:.2f},{y:.2f},19z?uid=1", "bd09"),
        (f"https://www.google.com/maps/place/X/@{g[0]:.4f},{g[1]:.4f},17z/data=!3m1!4b1!4m5!3m4!1s0x0:0x0!8m2"
         f"!3d{g[0]:.7f}!4d{g[1]:.7f}", "gcj02"),
        (f"https://www.google.com/maps?q={g[0]:.6f},{g[1]:.6f}", "gcj02"),
        (f"https://ditu.google.cn/maps/search/{g[0]:.6f},+{g[1]:.6f}", "gcj02"),
        (f"https://www.google.com/maps/dir/?api=1&destination={g[0]:.6f},{g[1]:.6f}", "gcj02"),
    ]


@pytest.mark.parametrize(("link", "datum"), link_cases())
def test_map_links_land_on_the_same_place(link, datum):
    loc = parse_location(link)
    assert loc.datum == datum
    assert haversine_m(*WGS, loc.lat, loc.lon) < 1.0, loc


def test_google_links_outside_china_are_wgs84():
    loc = parse_location("https://www.google.com/maps/place/Eiffel/@48.858,2.294,17z/data=!3d48.8583701!4d2.2944813")
    assert loc.datum == "wgs84" and (loc.lat, loc.lon) == (48.8583701, 2.2944813)


def test_map_centre_links_warn():
    assert "centre" in parse_location(f"https://www.openstreetmap.org/#map=18/{WGS[0]}/{WGS[1]}").warning


@pytest.mark.parametrize(("text", "fragment"), [
    ("118.784048,32.041544", "write the latitude first: 32.041544,118.784048"),
    ("95.1,200.2", "latitude 95.1 is outside"),
    ("0,0", "0,0 is not"),
    ("", "nothing was given"),
    ("南京市鼓楼区", "neither coordinates nor a web link"),
    ("32.04;", "neither coordinates"),
    ("https://maps.app.goo.gl/AbCd", "short link"),
    ("https://surl.amap.com/2bX", "short link"),
    ("https://www.openstreetmap.org/#map=12/32.04/118.78", "zoomed out to level 12"),
    ("https://www.amap.com/place/B00190BK1T", "holds no coordinates"),
    ("https://example.com/map?lat=32.04&lon=118.78", "datum is unknown"),
])
def test_bad_input_says_what_to_do(text, fragment):
    with pytest.raises(InputError) as err:
        parse_location(text)
    assert fragment in str(err.value)
    assert "latitude,longitude" in str(err.value)
