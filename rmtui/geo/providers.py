"""Geocoders backed by geopy: Nominatim (the default) and Baidu Maps v3.

Each request goes through ``geopy.extra.rate_limiter.RateLimiter`` so the
configured pause (one second for the public Nominatim server) is kept across
a whole run. Retries are done here rather than by the RateLimiter so that a
machine without a network fails at once instead of retrying into the void,
while a timeout, a server error or HTTP 429 (honouring Retry-After) is
retried a few times. geopy's exceptions become rmtui's ``GeocodingError``
kinds with a message that says what to do.

geopy is imported only when a geocoder is made, keeping start-up fast.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from rmtui.config import GeocodingSettings, Settings
from rmtui.geo.area import ServiceArea
from rmtui.geo.datum import bd09_to_wgs84
from rmtui.geo.geocoder import (
    GeoAnswer,
    GeocoderRefused,
    GeocoderUnreachable,
    QueryRejected,
)
from rmtui.geo.quality import baidu_precision, nominatim_precision

MAX_RETRY_AFTER_SECONDS = 60.0


class GeopyGeocoder:
    """One geopy geocoder, rate limited, with retries and rmtui's error kinds.

    ``call(query, timeout)`` performs one request and returns geopy's Location
    (or None); ``to_answer(location)`` turns it into a ``GeoAnswer``.
    """

    def __init__(self, provider: str, where: str, call: Callable[[str, float], Any],
                 to_answer: Callable[[Any], GeoAnswer], s: GeocodingSettings, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        from geopy.extra.rate_limiter import RateLimiter

        self.provider = provider
        self.where = where
        self._to_answer = to_answer
        self._timeout = s.timeout_seconds
        self._max_retries = s.max_retries
        self._retry_wait = s.retry_wait_seconds
        self._sleep = sleep
        # Pacing only: retries and error handling are ours (see the module docstring).
        self._limited = RateLimiter(call, min_delay_seconds=s.min_delay_seconds, max_retries=0,
                                    error_wait_seconds=s.min_delay_seconds, swallow_exceptions=False)

    def geocode(self, query: str) -> GeoAnswer | None:
        from geopy import exc as gexc
        from geopy.adapters import AdapterHTTPError

        attempt = 0
        while True:
            try:
                location = self._limited(query, self._timeout)
            except (gexc.GeocoderAuthenticationFailure, gexc.GeocoderInsufficientPrivileges) as error:
                raise GeocoderRefused(self._refused(error), "api_key" if self.provider == "baidu" else "user_agent") from None
            except gexc.GeocoderRateLimited as error:
                wait = min(error.retry_after or self._retry_wait, MAX_RETRY_AFTER_SECONDS)
                problem, kind = "is rate limiting rmtui (HTTP 429, too many requests)", "rate_limited"
            except gexc.GeocoderQuotaExceeded:
                raise GeocoderUnreachable(f"{self.where} says the request quota is used up; try again tomorrow "
                                          "or with another key. Nothing was guessed.", "quota") from None
            except gexc.GeocoderTimedOut:
                wait = self._retry_wait
                problem, kind = f"did not answer within {self._timeout:g} s (geocoding.timeout_seconds)", "timeout"
            except gexc.GeocoderQueryError as error:
                raise QueryRejected(f"{self.where} refused the query {query!r}: {error}") from None
            except gexc.GeocoderServiceError as error:
                if _no_http_answer(error, AdapterHTTPError):
                    # Offline, DNS failure or connection refused: retrying will not help.
                    raise GeocoderUnreachable(self._offline(error), "offline") from None
                wait = self._retry_wait
                problem, kind = f"answered with an error ({error})", "server_error"
            else:
                return None if location is None else self._to_answer(location)
            if attempt >= self._max_retries:
                raise GeocoderUnreachable(f"{self.where} {problem}, also after {attempt} retries. Nothing was "
                                          "guessed; run the geocoding again later — answers so far are kept.", kind)
            attempt += 1
            self._sleep(wait)

    def _offline(self, error: Exception) -> str:
        return (f"cannot reach the geocoding service at {self.where} ({error}). Check the network "
                "connection or geocoding.nominatim.domain. Nothing was guessed: customers without a "
                "location stay unplaced, everything else works offline.")

    def _refused(self, error: Exception) -> str:
        if self.provider == "baidu":
            return (f"{self.where} refused the API key ({error}); check the AK in the environment variable "
                    "named by geocoding.baidu.api_key_env and that it is enabled for the geocoding service")
        return (f"{self.where} refused the request ({error}); set geocoding.user_agent to name your "
                "organisation and an e-mail address, as the server's usage policy asks")


def _no_http_answer(error: BaseException, http_error: type) -> bool:
    """True when the request got no HTTP answer at all (the failure came from the network layer)."""
    seen: set[int] = set()
    # Start below the geopy error itself: some geopy errors are OSError subclasses.
    cause: BaseException | None = error.__cause__ or error.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, http_error):
            return False
        if isinstance(cause, OSError):  # URLError, ConnectionRefusedError, socket.gaierror …
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _nominatim(settings: Settings, *, sleep: Callable[[float], None]) -> GeopyGeocoder:
    from geopy.geocoders import Nominatim

    s = settings.geocoding
    n = s.nominatim
    area = ServiceArea.from_settings(s.service_area)
    geolocator = Nominatim(user_agent=s.user_agent, domain=n.domain, scheme=n.scheme, timeout=s.timeout_seconds)
    params: dict[str, Any] = {"language": settings.locale, "addressdetails": False}
    if n.country_codes:
        params["country_codes"] = list(n.country_codes)
    viewbox = area.viewbox()
    if viewbox is not None:
        params["viewbox"] = viewbox  # a preference, not a limit: outside answers are judged later

    def call(query: str, timeout: float):
        return geolocator.geocode(query, exactly_one=True, timeout=timeout, **params)

    def to_answer(location) -> GeoAnswer:
        raw: Mapping[str, Any] = location.raw
        precision, exact = nominatim_precision(raw)
        return GeoAnswer(lat=location.latitude, lon=location.longitude, precision=precision, exact=exact,
                         datum="wgs84", label=str(raw.get("display_name") or location.address or ""),
                         provider="nominatim")

    return GeopyGeocoder("nominatim", f"{n.scheme}://{n.domain}", call, to_answer, s, sleep=sleep)


def _baidu(settings: Settings, env: Mapping[str, str], *, sleep: Callable[[float], None]) -> GeopyGeocoder:
    from geopy.geocoders import BaiduV3

    s = settings.geocoding
    b = s.baidu
    ak = env.get(b.api_key_env, "").strip()
    if not ak:
        raise GeocoderRefused(f"geocoding.provider is baidu but the environment variable {b.api_key_env} is "
                              "empty; set it to your Baidu Maps AK (the key is never read from the config "
                              "file), or set geocoding.provider: nominatim", "missing_key")
    sk = env.get(b.security_key_env, "").strip() or None

    class _Baidu(BaiduV3):
        def _parse_json(self, page, exactly_one=True):
            # Baidu reports "no result" as status 1 ("无相关结果"), which geopy takes for a server error.
            if isinstance(page, dict) and page.get("status") == 1 and "无相关结果" in str(page.get("msg", "")):
                return None
            return super()._parse_json(page, exactly_one=exactly_one)

    geolocator = _Baidu(api_key=ak, security_key=sk, scheme=b.scheme, timeout=s.timeout_seconds,
                        user_agent=s.user_agent)
    # geopy fixes Baidu's host; point it at the configured one (a local server in tests).
    geolocator.api = f"{b.scheme}://{b.domain}{geolocator.api_path}"

    def call(query: str, timeout: float):
        return geolocator.geocode(query, exactly_one=True, timeout=timeout)

    def to_answer(location) -> GeoAnswer:
        raw: Mapping[str, Any] = location.raw
        precision, exact = baidu_precision(raw, b.min_confidence)
        lat, lon = bd09_to_wgs84(location.latitude, location.longitude)
        return GeoAnswer(lat=lat, lon=lon, precision=precision, exact=exact, datum="bd09",
                         label=str(raw.get("level") or ""), provider="baidu")

    return GeopyGeocoder("baidu", f"{b.scheme}://{b.domain}", call, to_answer, s, sleep=sleep)


def make_geocoder(settings: Settings, *, env: Mapping[str, str] | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> GeopyGeocoder:
    """The geocoder chosen by ``geocoding.provider``; keys come from ``env`` (default: os.environ)."""
    provider = settings.geocoding.provider
    if provider == "nominatim":
        return _nominatim(settings, sleep=sleep)
    if provider == "baidu":
        return _baidu(settings, os.environ if env is None else env, sleep=sleep)
    raise GeocoderRefused(f"geocoding.provider {provider!r} is not supported; use nominatim or baidu", "provider")
