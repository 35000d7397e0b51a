"""The geocoding screen against FakeGeocoder (no network): progress and log, cancel midway and
resume, an unreachable service, and a location set by hand — checked in the database."""

from __future__ import annotations

import threading

from sqlalchemy import select
from textual.widgets import Checkbox, DataTable, ProgressBar, Static

from rmtui.geo.fake import FakeGeocoder
from rmtui.geo.geocoder import GeoAnswer, GeocoderUnreachable
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Customer
from rmtui.ui.app import make_app
from rmtui.ui.screens.geocode import GeocodeScreen
from pilot_helpers import settle

ADDRESSES = [  # code, name, address, answer (lat, lon, exact)
    ("G1", "金陵副食便利店", "南京市鼓楼区汉中路89号", (32.0431, 118.7702, True)),
    ("G2", "天元商贸有限公司", "南京市江宁区天元中路1号", (31.9530, 118.8400, True)),
    ("G3", "鼓楼烟酒店", "南京市鼓楼区中山路200号", (32.0600, 118.7800, True)),
    ("G4", "鼓楼区某店", "南京市鼓楼区", (32.0664, 118.7697, False)),  # a district centre
    ("G5", "秦淮华联超市", "南京市秦淮区中华路50号", (32.0200, 118.7900, True)),
    ("G6", "无地址小店", "", None),
]


def answers() -> dict[str, GeoAnswer]:
    return {addr: GeoAnswer(lat, lon, "house" if exact else "city_district (area centre)", exact, provider="fake")
            for _, _, addr, found in ADDRESSES if found for lat, lon, exact in [found]}


def seed(ws) -> None:
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [{"code": c, "name": n, "address": a, "tier": "core"}
                                            for c, n, a, _ in ADDRESSES], ws.now())


def located(ws) -> dict[str, tuple[str, float | None, float | None, str]]:
    with ws.db.sessions() as s:
        return {c.code: (c.geo_quality, c.lat, c.lon, c.geo_source) for c in s.scalars(select(Customer))}


class GatedGeocoder(FakeGeocoder):
    """Holds the ``hold_at``-th lookup until released, so a test can press Stop mid-run."""

    def __init__(self, answers, hold_at: int) -> None:
        super().__init__(answers)
        self.hold_at = hold_at
        self.held = threading.Event()
        self.release = threading.Event()

    def geocode(self, query):
        if len(self.calls) + 1 == self.hold_at:
            self.held.set()
            assert self.release.wait(10)
        return super().geocode(query)



async def open_screen(app, pilot, geocoder) -> GeocodeScreen:
    await pilot.pause()
    screen = GeocodeScreen(geocoder=geocoder)
    app.push_screen(screen)
    await settle(app, pilot)
    return screen


async def test_a_run_shows_progress_and_log_and_never_places_an_approximate_answer(workspace):
    ws = workspace
    seed(ws)
    fake = FakeGeocoder(answers())
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(app, pilot, fake)
        assert screen.query_one(DataTable).row_count == 6
        assert "6 customer(s) need a confirmed location" in str(screen.query_one("#summary", Static).render())
        bar = screen.query_one("#progress", ProgressBar)
        assert not bar.display  # idle: no bar animating as if something were running
        await pilot.press("g")
        await settle(app, pilot)
        assert bar.display and (bar.total, bar.progress) == (5, 5)
        lines = screen.log_lines
        assert lines[0].startswith("fake: 5 to look up")
        assert "[1/5] G1 金陵副食便利店 found 32.04310,118.77020" in lines
        assert any(line.startswith("[4/5] G4 鼓楼区某店 approximate") for line in lines)
        book = located(ws)
        assert {c for c, (q, *_rest) in book.items() if q == "exact"} == {"G1", "G2", "G3", "G5"}
        assert book["G4"][0] == "approximate" and book["G6"] == ("none", None, None, "")
        assert [str(k.value) for k in screen.query_one(DataTable).rows] == ["G4", "G6"]  # still to confirm
        assert "Done: 4 found, 1 approximate, 0 not found." in str(screen.query_one("#status", Static).render())


async def test_stop_midway_keeps_what_was_found_and_the_next_run_goes_on(workspace):
    ws = workspace
    seed(ws)
    gated = GatedGeocoder(answers(), hold_at=3)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(app, pilot, gated)
        await pilot.press("g")
        for _ in range(100):  # wait until the third lookup is in flight
            if gated.held.is_set():
                break
            await pilot.pause(0.05)
        assert gated.held.is_set()
        await pilot.press("escape")  # stop: the lookup in flight finishes, no other starts
        assert "正在停止" in str(screen.query_one("#status", Static).render())
        gated.release.set()
        await settle(app, pilot)
        assert len(gated.calls) == 3
        book = located(ws)
        assert [c for c in ("G1", "G2", "G3") if book[c][0] == "exact"] == ["G1", "G2", "G3"]
        assert book["G4"][0] == "none" and book["G5"] == ("none", None, None, "")  # still pending
        assert screen.query_one("#progress", ProgressBar).progress == 3
        assert "已停止" in str(screen.query_one("#status", Static).render())
        assert isinstance(app.screen, GeocodeScreen)  # escape stopped the run, it did not leave

        again = FakeGeocoder(answers())
        screen.geocoder = again
        await pilot.press("g")
        await settle(app, pilot)
        assert again.calls == ["南京市鼓楼区", "南京市秦淮区中华路50号"]  # only what was left
        assert located(ws)["G5"][0] == "exact"


async def test_an_unreachable_service_says_so_and_guesses_nothing(workspace):
    ws = workspace
    seed(ws)
    offline = FakeGeocoder({**answers(), "南京市鼓楼区中山路200号": GeocoderUnreachable(
        "cannot reach nominatim.openstreetmap.org (network unreachable)", "offline")})
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(app, pilot, offline)
        await pilot.press("g")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ErrorModal"
        assert app.screen.title_text == "无法连接定位服务" and "没有做任何猜测" in app.screen.message
        # In Chinese throughout: the geo layer's English detail is kept in the progress log, not shown.
        assert "network unreachable" not in app.screen.message and "cannot reach" not in app.screen.message
        assert "原因：连不上定位服务" in app.screen.message and "进度日志" in app.screen.message
        assert "技术细节：cannot reach nominatim.openstreetmap.org (network unreachable)" in screen.log_lines
        book = located(ws)
        assert book["G1"][0] == book["G2"][0] == "exact"  # found before the service went away: kept
        assert all(book[c] == ("none", None, None, "") for c in ("G3", "G4", "G5"))  # nothing guessed
        assert len(offline.calls) == 3  # it stopped at the first failure
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.running and screen.check_action("run", ()) is True


async def test_an_unreachable_service_in_english_shows_the_detail(workspace):
    ws = workspace
    seed(ws)
    offline = FakeGeocoder({"南京市鼓楼区汉中路89号": GeocoderUnreachable(
        "nominatim.openstreetmap.org did not answer within 10 s (geocoding.timeout_seconds), also after 2 retries",
        "timeout")})
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(app, pilot, offline)
        await pilot.press("g")
        await settle(app, pilot)
        assert app.screen.title_text == "Location service unreachable"
        assert "did not answer within 10 s" in app.screen.message and "nothing was guessed" in app.screen.message
        assert any(line.startswith("Detail: nominatim.openstreetmap.org did not answer") for line in screen.log_lines)


async def test_set_a_location_by_hand(workspace):
    ws = workspace
    seed(ws)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(app, pilot, FakeGeocoder())
        table = screen.query_one(DataTable)
        table.move_cursor(row=5)  # G6 has no address: only a hand-set location will do
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        assert modal.__class__.__name__ == "ManualLocationModal"
        await pilot.press(*"not a place", "enter")
        await pilot.pause()
        assert "Cannot read a location" in str(modal.query_one("#problem", Static).render())
        await pilot.press("ctrl+u", *"31.2304,121.4737")  # Shanghai: outside the Nanjing service area
        await pilot.pause()
        assert "31.230400,121.473700" in str(modal.query_one("#reads-as", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert "outside the service area" in str(modal.query_one("#problem", Static).render())
        assert located(ws)["G6"] == ("none", None, None, "")
        await pilot.press("ctrl+u", *"32.04,118.78", "enter")  # few decimals: saved, with a warning
        await settle(app, pilot)
        assert app.screen is screen
        assert located(ws)["G6"] == ("exact", 32.04, 118.78, "manual")
        status = str(screen.query_one("#status", Static).render())
        assert "G6 无地址小店: location set to 32.040000,118.780000" in status and "about 1 km" in status
        assert "G6" not in [str(k.value) for k in table.rows]

        # A place outside the area is taken when the box is ticked; an Amap link is converted from GCJ-02.
        table.move_cursor(row=0)
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        await pilot.press(*"https://uri.amap.com/marker?position=121.4737,31.2304")
        modal.query_one("#outside", Checkbox).value = True
        await pilot.press("enter")
        await settle(app, pilot)
        quality, lat, lon, source = located(ws)["G1"]
        assert (quality, source) == ("exact", "manual") and abs(lat - 31.2304) > 0.0005  # converted, not raw


def test_geocode_snapshot_zh(workspace, snap_compare):
    seed(workspace)
    app = make_app(workspace, locale="zh")

    async def run_before(pilot):
        await open_screen(pilot.app, pilot, FakeGeocoder(answers()))
        await pilot.press("g")
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_geocode_snapshot_en(workspace, snap_compare):
    seed(workspace)
    app = make_app(workspace, locale="en")

    async def run_before(pilot):
        await open_screen(pilot.app, pilot, FakeGeocoder(answers()))
        await pilot.press("g")
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


async def test_leaving_the_screen_stops_the_run_cleanly(workspace):
    ws = workspace
    seed(ws)
    gated = GatedGeocoder(answers(), hold_at=2)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_screen(app, pilot, gated)
        await pilot.press("g")
        for _ in range(100):
            if gated.held.is_set():
                break
            await pilot.pause(0.05)
        await pilot.press("f4")  # back to Today: the geocoding screen closes
        await pilot.pause()
        gated.release.set()
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "TodayScreen"
        assert len(gated.calls) == 2  # the lookup in flight finished, no other started
        book = located(ws)
        assert book["G1"][0] == book["G2"][0] == "exact" and book["G3"][0] == "none"


async def test_a_missing_api_key_is_explained_in_chinese(workspace, monkeypatch):
    from rmtui.geo import providers
    from rmtui.geo.geocoder import GeocoderRefused

    def no_key(settings, **_kw):
        raise GeocoderRefused("geocoding.provider is baidu but the environment variable BAIDU_AK is empty; set "
                              "it to your Baidu Maps AK, or set geocoding.provider: nominatim", "missing_key")

    monkeypatch.setattr(providers, "make_geocoder", no_key)
    ws = workspace
    seed(ws)
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(app, pilot, None)
        await pilot.press("g")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ErrorModal"
        assert "缺少密钥" in app.screen.message and "environment variable" not in app.screen.message
        assert any("environment variable BAIDU_AK" in line for line in screen.log_lines)
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.running
