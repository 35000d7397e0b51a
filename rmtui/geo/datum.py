"""Converting coordinates between WGS-84 and the datums of Chinese map providers.

Chinese maps publish coordinates in GCJ-02 (Amap/Gaode, Tencent, Google's
China map) or BD-09 (Baidu), which are WGS-84 shifted by an obfuscating
offset of a few hundred metres. rmtui stores WGS-84 only and records the
datum a coordinate arrived in.

The forward transforms are the widely published formulas; GCJ-02 → WGS-84
and BD-09 → GCJ-02 have no closed form, so they are solved by fixed-point
iteration of the forward transform (converging to well under a millimetre).
Baidu web links may carry BD-09 *Mercator* metres (``@13224000,3720000``):
``bd09mc_to_bd09`` applies Baidu's published band polynomials.
Outside the rough bounding box of China the offsets do not apply and
every conversion is the identity.
"""

from __future__ import annotations

import math
from typing import Literal

Datum = Literal["wgs84", "gcj02", "bd09"]
DATUMS: tuple[Datum, ...] = ("wgs84", "gcj02", "bd09")

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_ITERATIONS = 30
_TOLERANCE = 1e-10  # degrees (~0.01 mm)


def out_of_china(lat: float, lon: float) -> bool:
    """True outside the rough box in which GCJ-02 differs from WGS-84."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """WGS-84 → GCJ-02 (lat, lon)."""
    if out_of_china(lat, lon):
        return lat, lon
    dlat = _shift_lat(lon - 105.0, lat - 35.0)
    dlon = _shift_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lat + dlat, lon + dlon


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 → BD-09 (lat, lon)."""
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def _invert(forward, lat: float, lon: float) -> tuple[float, float]:
    """Solve forward(x) = (lat, lon) for x by fixed-point iteration."""
    guess_lat, guess_lon = lat, lon
    for _ in range(_ITERATIONS):
        f_lat, f_lon = forward(guess_lat, guess_lon)
        d_lat, d_lon = lat - f_lat, lon - f_lon
        guess_lat += d_lat
        guess_lon += d_lon
        if abs(d_lat) < _TOLERANCE and abs(d_lon) < _TOLERANCE:
            break
    return guess_lat, guess_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 → WGS-84 (lat, lon), exact to well under a metre."""
    if out_of_china(lat, lon):
        return lat, lon
    return _invert(wgs84_to_gcj02, lat, lon)


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """BD-09 → GCJ-02 (lat, lon)."""
    # The published closed-form inverse, refined by iteration (it is only approximate).
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    first = (z * math.sin(theta), z * math.cos(theta))
    guess_lat, guess_lon = first
    for _ in range(_ITERATIONS):
        f_lat, f_lon = gcj02_to_bd09(guess_lat, guess_lon)
        d_lat, d_lon = lat - f_lat, lon - f_lon
        guess_lat += d_lat
        guess_lon += d_lon
        if abs(d_lat) < _TOLERANCE and abs(d_lon) < _TOLERANCE:
            break
    return guess_lat, guess_lon


def wgs84_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    """WGS-84 → BD-09 (lat, lon)."""
    if out_of_china(lat, lon):
        return lat, lon
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


def bd09_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """BD-09 → WGS-84 (lat, lon)."""
    if out_of_china(lat, lon):
        return lat, lon
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


def to_wgs84(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """A coordinate given in ``datum`` as WGS-84."""
    if datum == "wgs84":
        return lat, lon
    if datum == "gcj02":
        return gcj02_to_wgs84(lat, lon)
    if datum == "bd09":
        return bd09_to_wgs84(lat, lon)
    raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")


def from_wgs84(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """A WGS-84 coordinate expressed in ``datum`` (for links to Chinese maps)."""
    if datum == "wgs84":
        return lat, lon
    if datum == "gcj02":
        return wgs84_to_gcj02(lat, lon)
    if datum == "bd09":
        return wgs84_to_bd09(lat, lon)
    raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")


# Baidu Mercator (BD-09MC, metres) → BD-09 degrees: the band polynomials
# Baidu's JavaScript API publishes (six latitude bands, ten coefficients each).
_MC_BANDS = (12890594.86, 8362377.87, 5591021.0, 3481989.83, 1678043.12, 0.0)
_MC_TO_LL = (
    (1.410526172116255e-8, 0.00000898305509648872, -1.9939833816331, 200.9824383106796, -187.2403703815547,
     91.6087516669843, -23.38765649603339, 2.57121317296198, -0.03801003308653, 17337981.2),
    (-7.435856389565537e-9, 0.000008983055097726239, -0.78625201886289, 96.32687599759846, -1.85204757529826,
     -59.36935905485877, 47.40033549296737, -16.50741931063887, 2.28786674699375, 10260144.86),
    (-3.030883460898826e-8, 0.00000898305509983578, 0.30071316287616, 59.74293618442277, 7.357984074871,
     -25.38371002664745, 13.45380521110908, -3.29883767235584, 0.32710905363475, 6856817.37),
    (-1.981981304930552e-8, 0.000008983055099779535, 0.03278182852591, 40.31678527705744, 0.65659298677277,
     -4.44255534477492, 0.85341911805263, 0.12923347998204, -0.04625736007561, 4482777.06),
    (3.09191371068437e-9, 0.000008983055096812155, 0.00006995724062, 23.10934304144901, -0.00023663490511,
     -0.6321817810242, -0.00663494467273, 0.03430082397953, -0.00466043876332, 2555164.4),
    (2.890871144776878e-9, 0.000008983055095805407, -3.068298e-8, 7.47137025468032, -0.00000353937994,
     -0.02145144861037, -0.00001234426596, 0.00010322952773, -0.00000323890364, 826088.5),
)
_LL_BANDS = (75.0, 60.0, 45.0, 30.0, 15.0, 0.0)
_LL_TO_MC = (
    (-0.0015702102444, 111320.7020616939, 1704480524535203.0, -10338987376042340.0, 26112667856603880.0,
     -35149669176653700.0, 26595700718403920.0, -10725012454188240.0, 1800819912950474.0, 82.5),
    (0.0008277824516172526, 111320.7020463578, 647795574.6671607, -4082003173.641316, 10774905663.51142,
     -15171875531.51559, 12053065338.62167, -5124939663.577472, 913311935.9512032, 67.5),
    (0.00337398766765, 111320.7020202162, 4481351.045890365, -23393751.19931662, 79682215.47186455,
     -115964993.2797253, 97236711.15602145, -43661946.33752821, 8477230.501135234, 52.5),
    (0.00220636496208, 111320.7020209128, 51751.86112841131, 3796837.749470245, 992013.7397791013,
     -1221952.21711287, 1340652.697009075, -620943.6990984312, 144416.9293806241, 37.5),
    (-0.0003441963504368392, 111320.7020576856, 278.2353980772752, 2485758.690035394, 6070.750963243378,
     54821.18345352118, 9540.606633304236, -2710.55326746645, 1405.483844121726, 22.5),
    (-0.0003218135878613132, 111320.7020701615, 0.00369383431289, 823725.6402795718, 0.46104986909093,
     2351.343141331292, 1.58060784298199, 8.77738589078284, 0.37238884252424, 7.45),
)


def _band_polynomial(x: float, y: float, c: tuple[float, ...]) -> tuple[float, float]:
    out_x = c[0] + c[1] * abs(x)
    t = abs(y) / c[9]
    out_y = c[2] + c[3] * t + c[4] * t ** 2 + c[5] * t ** 3 + c[6] * t ** 4 + c[7] * t ** 5 + c[8] * t ** 6
    return math.copysign(out_x, x), math.copysign(out_y, y)


def bd09mc_to_bd09(x: float, y: float) -> tuple[float, float]:
    """Baidu Mercator metres (x east, y north) → BD-09 (lat, lon)."""
    coeffs = next(c for band, c in zip(_MC_BANDS, _MC_TO_LL, strict=True) if abs(y) >= band)
    lon, lat = _band_polynomial(x, y, coeffs)
    return lat, lon


def bd09_to_bd09mc(lat: float, lon: float) -> tuple[float, float]:
    """BD-09 (lat, lon) → Baidu Mercator metres (x, y)."""
    lat = max(min(lat, 74.0), -74.0)
    coeffs = next(c for band, c in zip(_LL_BANDS, _LL_TO_MC, strict=True) if abs(lat) >= band)
    return _band_polynomial(lon, lat, coeffs)
