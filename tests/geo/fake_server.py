"""A local HTTP server on 127.0.0.1 speaking Nominatim's /search and Baidu's /geocoding/v3/.

Each query answers from a script: a list of steps, used one per request (the
last one repeats). A step is ``("json", payload)``, ``("status", code,
headers)`` or ``("sleep", seconds, payload)``. Unknown queries get an empty
result. Every request is recorded with its parameters and headers.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from rmtui.config import BaiduSettings, GeocodingSettings, NominatimSettings, Settings


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


class FakeGeoServer:
    """Start with ``with FakeGeoServer() as srv``; ``srv.host`` is ``127.0.0.1:PORT``."""

    def __init__(self) -> None:
        self.scripts: dict[str, list[tuple]] = {}
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path.rstrip("/") == "/search":
                    key, empty = params.get("q", ""), []
                elif parts.path.rstrip("/") == "/geocoding/v3":
                    key, empty = params.get("address", ""), {"status": 1, "msg": "Internal Service Error:无相关结果",
                                                             "results": []}
                else:
                    self._send(404, {"error": "unknown path"})
                    return
                with owner._lock:
                    owner.requests.append({"path": parts.path, "params": params, "headers": dict(self.headers)})
                    script = owner.scripts.get(key)
                    step = (script.pop(0) if len(script) > 1 else script[0]) if script else ("json", empty)
                kind = step[0]
                if kind == "sleep":
                    time.sleep(step[1])
                    self._send(200, step[2])
                elif kind == "status":
                    self._send(step[1], {"error": "scripted"}, step[2] if len(step) > 2 else {})
                else:
                    self._send(200, step[1])

            def _send(self, code: int, payload, headers: dict | None = None) -> None:
                body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.host = f"127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    def script(self, query: str, *steps: tuple) -> None:
        self.scripts[query] = list(steps)

    def __enter__(self) -> FakeGeoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def nominatim_place(lat: float, lon: float, *, cls: str = "place", typ: str = "house", rank: int = 30,
                    addresstype: str = "place", name: str = "", size_deg: float = 0.0001) -> dict:
    """One Nominatim /search result in format=json."""
    return {
        "place_id": 1, "licence": "test", "osm_type": "node", "osm_id": 1,
        "lat": f"{lat:.7f}", "lon": f"{lon:.7f}", "class": cls, "type": typ, "place_rank": rank,
        "importance": 0.1, "addresstype": addresstype, "name": name,
        "display_name": name or f"{lat:.4f},{lon:.4f}",
        "boundingbox": [f"{lat - size_deg:.7f}", f"{lat + size_deg:.7f}", f"{lon - size_deg:.7f}",
                        f"{lon + size_deg:.7f}"],
    }


def baidu_result(lat: float, lon: float, *, precise: int = 1, confidence: int = 80, level: str = "门址") -> dict:
    """A Baidu geocoding v3 answer (coordinates in BD-09)."""
    return {"status": 0, "result": {"location": {"lng": lon, "lat": lat}, "precise": precise,
                                    "confidence": confidence, "comprehension": 100, "level": level}}


def settings_for(server: FakeGeoServer, *, provider: str = "nominatim", **geo) -> Settings:
    """Settings whose geocoder talks to ``server`` fast (no pauses, short timeout)."""
    values = {"min_delay_seconds": 0.0, "timeout_seconds": 0.5, "max_retries": 1, "retry_wait_seconds": 0.0,
              **geo}
    return Settings(geocoding=GeocodingSettings(
        provider=provider,
        nominatim=NominatimSettings(domain=server.host, scheme="http"),
        baidu=BaiduSettings(domain=server.host, scheme="http"),
        **values,
    ))
