"""Reading a location typed or pasted by the user: ``lat,lon`` or a map link.

Accepted: ``32.0415,118.7840`` (also with a space, a Chinese comma ``，`` or
only a space between), ``geo:`` URIs, and links from OpenStreetMap, Google
Maps, Amap (高德) and Baidu (百度). The datum comes from the source:

* plain numbers, ``geo:`` and OpenStreetMap: WGS-84;
* Amap/Gaode: GCJ-02 (unless the link says ``coordinate=wgs84`` or ``dev=1``);
* Google Maps: GCJ-02 for points in China — Google's China map is drawn in
  GCJ-02 — and WGS-84 elsewhere;
* Baidu: BD-09 (``coord_type`` respected; Mercator ``@x,y,17z`` converted).

An explicit ``datum`` overrides all of that. A link that only gives the map's
centre (``@lat,lon,15z``, ``#map=15/…``) is accepted only when zoomed in to a
street (zoom ≥ 16); short links (``goo.gl``, ``surl.amap.com``) cannot be
opened offline and are refused with what to do instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from rmtui.errors import InputError
from rmtui.geo.datum import Datum, bd09mc_to_bd09, out_of_china, to_wgs84

MIN_VIEW_ZOOM = 16.0
_NUM = r"[-+]?\d{1,3}(?:\.\d+)?"
_PAIR = re.compile(rf"^\s*({_NUM})\s*(?:[,，;；]\s*|\s+)({_NUM})\s*$")
_SHORT_HOSTS = ("goo.gl", "maps.app.goo.gl", "surl.amap.com", "j.map.baidu.com", "osm.org/go")


@dataclass(frozen=True, slots=True)
class ManualLocation:
    """A location read from user input, converted to WGS-84."""

    lat: float
    """Latitude, WGS-84."""
    lon: float
    """Longitude, WGS-84."""
    datum: Datum
    """The datum the input was in."""
    source: str
    """What was read: coordinates, an OpenStreetMap link, an Amap link …"""
    warning: str = ""
    """Something the user should check (few decimals, a map centre rather than a pin)."""


def _error(text: str, why: str) -> InputError:
    return InputError(f"cannot read a location from {text!r}: {why}. Paste 'latitude,longitude' such as "
                      "32.0415,118.7840, or a map link to the place (OpenStreetMap, Amap, Baidu, Google)",
                      title="Location")


def _check_range(lat_t: str, lon_t: str, text: str) -> None:
    lat, lon = float(lat_t), float(lon_t)
    if not -90 <= lat <= 90:
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            raise _error(text, f"{lat_t} is not a latitude; it looks like longitude,latitude — "
                               f"write the latitude first: {lon_t},{lat_t}")
        raise _error(text, f"latitude {lat_t} is outside -90…90")
    if not -180 <= lon <= 180:
        raise _error(text, f"longitude {lon_t} is outside -180…180")
    if lat == 0 and lon == 0:
        raise _error(text, "0,0 is not a customer's location")


def _decimals(token: str) -> int:
    return len(token.split(".", 1)[1]) if "." in token else 0


def _precision_warning(*tokens: str) -> str:
    fewest = min(_decimals(t) for t in tokens)
    if fewest >= 4:
        return ""
    metres = {0: "100 km", 1: "10 km", 2: "1 km", 3: "100 m"}[fewest]
    return f"only {fewest} decimal place(s): accurate to about {metres}; use 5 decimals for a building"


def _pair(value: str) -> tuple[str, str] | None:
    m = _PAIR.match(unquote(value).replace("+", " "))
    return (m.group(1), m.group(2)) if m else None


def _first_param(params: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if params.get(name):
            return params[name][0]
    return None


def _result(lat_t: str, lon_t: str, datum: Datum, source: str, text: str, warning: str = "") -> ManualLocation:
    _check_range(lat_t, lon_t, text)
    lat, lon = float(lat_t), float(lon_t)
    wgs_lat, wgs_lon = to_wgs84(lat, lon, datum)
    notes = [w for w in (warning, _precision_warning(lat_t, lon_t)) if w]
    return ManualLocation(round(wgs_lat, 7), round(wgs_lon, 7), datum, source, "; ".join(notes))


def _view_centre(zoom: float, text: str) -> str:
    if zoom < MIN_VIEW_ZOOM:
        raise _error(text, f"the link only gives the centre of a map zoomed out to level {zoom:g}; zoom in to "
                           f"the building (level {MIN_VIEW_ZOOM:g} or more) or drop a pin and copy that link")
    return "the link gives the map's centre, not a pin: check it is on the building"


def parse_location(text: str, *, datum: Datum | None = None) -> ManualLocation:
    """Read ``text`` as coordinates or a map link; raise InputError saying what is wrong."""
    raw = (text or "").strip()
    if not raw:
        raise _error(text, "nothing was given")
    pair = _pair(raw)
    if pair:
        return _result(*pair, datum or "wgs84", "coordinates", raw)
    if raw.lower().startswith("geo:"):
        m = re.match(rf"geo:({_NUM}),({_NUM})", raw, re.IGNORECASE)
        if not m:
            raise _error(raw, "a geo: URI needs 'geo:latitude,longitude'")
        return _result(m.group(1), m.group(2), datum or "wgs84", "geo: link", raw)
    if "://" not in raw:
        if re.search(r"\d", raw) and re.search(r"[,，\s]", raw):
            raise _error(raw, "expected two numbers, latitude then longitude")
        raise _error(raw, "this is neither coordinates nor a web link")
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower()
    if parts.scheme in ("androidamap", "iosamap", "amapuri"):
        host = "amap.com"
    elif parts.scheme in ("baidumap", "bdapp"):
        host = "baidu.com"
    full = host + parts.path
    if any(full.startswith(s) for s in _SHORT_HOSTS):
        raise _error(raw, "this is a short link, which cannot be opened without the network; open it in a "
                          "browser and copy the full address from the address bar")
    params = parse_qs(parts.query)
    if parts.fragment and "=" in parts.fragment:
        for key, values in parse_qs(parts.fragment.lstrip("!")).items():
            params.setdefault(key, values)
    if "openstreetmap" in host or host in ("osm.org", "www.osm.org"):
        return _osm(raw, parts, params, datum)
    if "amap.com" in host or "gaode.com" in host:
        return _amap(raw, params, datum)
    if "baidu.com" in host:
        return _baidu(raw, parts, params, datum)
    if "google." in host:
        return _google(raw, parts, params, datum)
    raise _error(raw, f"links from {host or 'this site'} are not understood, so their datum is unknown")


def _osm(raw: str, parts, params: dict[str, list[str]], datum: Datum | None) -> ManualLocation:
    mlat, mlon = _first_param(params, "mlat"), _first_param(params, "mlon")
    if mlat and mlon:
        return _result(mlat, mlon, datum or "wgs84", "OpenStreetMap link (marker)", raw)
    query = _first_param(params, "query")
    if query and _pair(query):
        return _result(*_pair(query), datum or "wgs84", "OpenStreetMap link", raw)
    m = re.search(rf"map=(\d+(?:\.\d+)?)/({_NUM})/({_NUM})", parts.fragment)
    if m:
        warning = _view_centre(float(m.group(1)), raw)
        return _result(m.group(2), m.group(3), datum or "wgs84", "OpenStreetMap link (map centre)", raw, warning)
    raise _error(raw, "the OpenStreetMap link holds no position; right-click the place, 'Show address', "
                      "and copy the link with the marker")


def _amap(raw: str, params: dict[str, list[str]], datum: Datum | None) -> ManualLocation:
    coordinate = (_first_param(params, "coordinate") or "").lower()
    link_datum: Datum = "wgs84" if coordinate == "wgs84" or _first_param(params, "dev") == "1" else "gcj02"
    for name in ("position", "lnglat", "dest", "location", "to"):
        value = _first_param(params, name)
        if value:
            fields = unquote(value).split(",")
            if len(fields) >= 2 and _pair(f"{fields[0]},{fields[1]}"):
                lon_t, lat_t = fields[0].strip(), fields[1].strip()  # Amap writes longitude first
                return _result(lat_t, lon_t, datum or link_datum, "Amap link", raw)
    lat_t, lon_t = _first_param(params, "lat", "latitude"), _first_param(params, "lon", "lng", "longitude")
    if lat_t and lon_t:
        return _result(lat_t, lon_t, datum or link_datum, "Amap link", raw)
    raise _error(raw, "the Amap link holds no coordinates (a place page link has only an id); in Amap "
                      "share the location as coordinates, or use 'uri.amap.com/marker?position=lon,lat'")


def _baidu(raw: str, parts, params: dict[str, list[str]], datum: Datum | None) -> ManualLocation:
    coord_type = (_first_param(params, "coord_type", "coordtype") or "bd09ll").lower()
    link_datum: Datum = {"wgs84": "wgs84", "gcj02": "gcj02"}.get(coord_type, "bd09")  # type: ignore[assignment]
    for name in ("location", "latlng"):
        value = _first_param(params, name)
        if value and _pair(value):
            return _result(*_pair(value), datum or link_datum, "Baidu link", raw)
    m = re.search(r"@(\d{6,9}(?:\.\d+)?),(\d{5,9}(?:\.\d+)?),(\d+(?:\.\d+)?)z", unquote(parts.path + parts.query))
    if m:
        warning = _view_centre(float(m.group(3)), raw)
        lat, lon = bd09mc_to_bd09(float(m.group(1)), float(m.group(2)))
        return _result(f"{lat:.6f}", f"{lon:.6f}", datum or "bd09", "Baidu link (map centre)", raw, warning)
    raise _error(raw, "the Baidu link holds no coordinates; in Baidu Maps use 'share' → copy the link "
                      "of the marked place, or read the coordinates from the place page")


def _google(raw: str, parts, params: dict[str, list[str]], datum: Datum | None) -> ManualLocation:
    def google_datum(lat_t: str, lon_t: str) -> Datum:
        if datum:
            return datum
        return "wgs84" if out_of_china(float(lat_t), float(lon_t)) else "gcj02"

    path = unquote(parts.path)
    m = re.search(rf"!3d({_NUM})!4d({_NUM})", path + "?" + unquote(parts.query))
    if m:
        return _result(m.group(1), m.group(2), google_datum(m.group(1), m.group(2)), "Google Maps link (pin)", raw)
    for name in ("q", "query", "ll", "destination", "daddr", "center"):
        value = _first_param(params, name)
        if value and _pair(value):
            lat_t, lon_t = _pair(value)
            return _result(lat_t, lon_t, google_datum(lat_t, lon_t), "Google Maps link", raw)
    m = re.search(rf"/(?:search|place|dir)/({_NUM}),\s*\+?({_NUM})", path.replace("+", " "))
    if m:
        return _result(m.group(1), m.group(2), google_datum(m.group(1), m.group(2)), "Google Maps link", raw)
    m = re.search(rf"@({_NUM}),({_NUM}),(\d+(?:\.\d+)?)([zm])", path)
    if m:
        scale = float(m.group(3))
        zoom = scale if m.group(4) == "z" else (MIN_VIEW_ZOOM if scale <= 1500 else 0.0)
        warning = _view_centre(zoom, raw)
        return _result(m.group(1), m.group(2), google_datum(m.group(1), m.group(2)),
                       "Google Maps link (map centre)", raw, warning)
    raise _error(raw, "the Google Maps link holds no coordinates; right-click the place and copy the "
                      "coordinates shown at the top of the menu")
