"""A geocoding run over the book: resumable, cancellable, cached, and never guessing."""

from __future__ import annotations

from sqlalchemy import func, select

from rmtui.geo.customer_locations import needs_location, set_manual_location
from rmtui.geo.area import ServiceArea
from rmtui.geo.fake import FakeGeocoder
from rmtui.geo.geocoder import GeoAnswer, GeocoderUnreachable, QueryRejected
from rmtui.geo.manual import parse_location
from rmtui.geo.runner import CustomerDone, RunFinished, RunStarted, geocode_book
from rmtui.store.customers import get_customer, upsert_customers
from rmtui.store.models import GeocodeCache

EXACT = GeoAnswer(32.0431, 118.7702, "house number", True, provider="fake", label="89号")
CENTROID = GeoAnswer(32.0664, 118.7697, "city_district (area centre)", False, provider="fake")
SHANGHAI = GeoAnswer(31.2304, 121.4737, "house number", True, provider="fake")

BOOK = [
    ("C1", "甲店", "南京市鼓楼区汉中路89号"),
    ("C2", "乙店", "南京市鼓楼区"),
    ("C3", "丙店", "上海市黄浦区南京东路1号"),
    ("C4", "丁店", "查无此地"),
    ("C5", "戊店", ""),
    ("C6", "己店", "南京市鼓楼区汉中路89号"),  # same address as C1: asked once
]
ANSWERS = {"南京市鼓楼区汉中路89号": EXACT, "南京市鼓楼区": CENTROID, "上海市黄浦区南京东路1号": SHANGHAI}


def seed(ws, rows=BOOK):
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [{"code": c, "name": n, "address": a, "tier": "core"}
                                            for c, n, a in rows], ws.now())


def customer(ws, code):
    with ws.db.sessions() as s:
        return get_customer(s, ws.manager_id, code)


def run(ws, geocoder, **kw):
    events = list(geocode_book(ws, geocoder, **kw))
    assert isinstance(events[0], RunStarted) and isinstance(events[-1], RunFinished)
    return events[0], [e for e in events if isinstance(e, CustomerDone)], events[-1]


def test_places_exact_answers_and_never_uses_approximate_ones_as_exact(workspace):
    seed(workspace)
    geocoder = FakeGeocoder(ANSWERS)
    started, done, finished = run(workspace, geocoder)
    assert (started.total, started.to_look_up, started.without_address) == (5, 4, 1)
    assert [(d.code, d.outcome) for d in done] == [("C1", "exact"), ("C2", "approximate"), ("C3", "approximate"),
                                                   ("C4", "not_found"), ("C6", "exact")]
    assert done[-1].from_cache and geocoder.calls.count("南京市鼓楼区汉中路89号") == 1
    c1, c2, c3, c4 = (customer(workspace, c) for c in ("C1", "C2", "C3", "C4"))
    assert c1.located and (c1.lat, c1.lon) == (32.0431, 118.7702)
    assert c2.geo_quality == "approximate" and not c2.located
    assert c3.geo_quality == "approximate" and not c3.located
    assert c4.geo_quality == "none" and c4.lat is None
    reasons = {n.code: n.reason for n in finished.needs_location}
    assert set(reasons) == {"C2", "C3", "C4", "C5"}
    assert "area centre" in reasons["C2"] and "outside the service area" in reasons["C3"]
    assert "knows no such address" in reasons["C4"] and "no address" in reasons["C5"]
    assert finished.counts["exact"] == 2 and finished.looked_up == 4 and finished.stopped == ""


def test_a_second_run_asks_nothing(workspace):
    seed(workspace)
    run(workspace, FakeGeocoder(ANSWERS))
    again = FakeGeocoder(ANSWERS)
    started, done, _ = run(workspace, again)
    assert again.calls == [] and started.to_look_up == 0
    assert {d.code for d in done} == {"C2", "C3", "C4"} and all(d.from_cache for d in done)
    with workspace.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(GeocodeCache)) == 4


def test_retry_not_found_asks_again(workspace):
    seed(workspace)
    run(workspace, FakeGeocoder(ANSWERS))
    found_now = FakeGeocoder({**ANSWERS, "查无此地": EXACT})
    run(workspace, found_now, retry_not_found=True)
    assert found_now.calls == ["查无此地"] and customer(workspace, "C4").located


def test_cancel_keeps_what_was_done(workspace):
    seed(workspace)
    geocoder = FakeGeocoder(ANSWERS)
    _, done, finished = run(workspace, geocoder, should_stop=lambda: len(geocoder.calls) >= 2)
    assert [d.code for d in done] == ["C1", "C2"] and finished.stopped == "cancelled"
    assert customer(workspace, "C1").located and customer(workspace, "C3").geo_quality == "none"
    resumed = FakeGeocoder(ANSWERS)
    run(workspace, resumed)
    assert resumed.calls == ["上海市黄浦区南京东路1号", "查无此地"]


def test_unreachable_service_stops_and_guesses_nothing(workspace):
    seed(workspace)
    offline = GeocoderUnreachable("cannot reach the geocoding service")
    geocoder = FakeGeocoder({**ANSWERS, "南京市鼓楼区": offline})
    _, done, finished = run(workspace, geocoder)
    assert [d.code for d in done] == ["C1"]
    assert finished.unreachable is offline and "cannot reach" in finished.stopped
    assert customer(workspace, "C2").geo_quality == "none" and customer(workspace, "C2").lat is None
    with workspace.db.sessions() as s:  # the failure is not cached as "not found"
        assert s.scalar(select(func.count()).select_from(GeocodeCache)) == 1


def test_a_rejected_query_does_not_stop_the_run(workspace):
    seed(workspace)
    geocoder = FakeGeocoder({**ANSWERS, "南京市鼓楼区": QueryRejected("refused the query")})
    _, done, _ = run(workspace, geocoder)
    assert [d.outcome for d in done][:3] == ["exact", "rejected", "approximate"]


def test_limit_and_dry_run(workspace):
    seed(workspace)
    _, done, _ = run(workspace, FakeGeocoder(ANSWERS), dry_run=True)
    assert {d.outcome for d in done} == {"would_look_up"}
    assert customer(workspace, "C1").geo_quality == "none"
    geocoder = FakeGeocoder(ANSWERS)
    _, done, finished = run(workspace, geocoder, limit=1)
    assert len(geocoder.calls) == 1 and "--limit" in finished.stopped


def test_manual_locations_are_never_overwritten(workspace):
    seed(workspace)
    with workspace.db.sessions.begin() as s:
        set_manual_location(s, workspace.manager_id, "C2", parse_location("32.05001,118.77002"), workspace.now())
    geocoder = FakeGeocoder(ANSWERS)
    run(workspace, geocoder)
    assert "南京市鼓楼区" not in geocoder.calls
    c2 = customer(workspace, "C2")
    assert c2.located and (c2.lat, c2.lon) == (32.05001, 118.77002)
    with workspace.db.sessions() as s:
        codes = [n.code for n in needs_location(s, workspace.manager_id, "fake", ServiceArea())]
    assert "C2" not in codes


def test_imported_coordinates_are_only_replaced_by_an_exact_answer(workspace):
    with workspace.db.sessions.begin() as s:
        upsert_customers(s, workspace.manager_id, [
            {"code": "C1", "name": "甲", "address": "南京市鼓楼区", "tier": "core", "lat": 31.0, "lon": 121.0,
             "geo_source": "import", "geo_quality": "approximate"},
            {"code": "C2", "name": "乙", "address": "南京市鼓楼区汉中路89号", "tier": "core", "lat": 31.0,
             "lon": 121.0, "geo_source": "import", "geo_quality": "approximate"},
        ], workspace.now())
    _, done, _ = run(workspace, FakeGeocoder(ANSWERS))
    assert [d.outcome for d in done] == ["approximate", "exact"]
    c1, c2 = customer(workspace, "C1"), customer(workspace, "C2")
    assert (c1.lat, c1.lon, c1.geo_quality) == (31.0, 121.0, "approximate")
    assert c2.located and (c2.lat, c2.lon) == (32.0431, 118.7702)
