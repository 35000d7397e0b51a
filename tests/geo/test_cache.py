"""The geocode cache: normalised keys, answers and "not found" kept, per provider."""

from __future__ import annotations

from datetime import datetime

from rmtui.geo.cache import build_query, forget_not_found, lookup, normalise, store
from rmtui.geo.geocoder import GeoAnswer

NOW = datetime(2026, 11, 24, 9, 0)


def test_normalise_and_build_query():
    assert normalise("  南京市　鼓楼区  汉中路８９号 ") == "南京市 鼓楼区 汉中路89号"
    assert build_query("汉中路89号", "鼓楼区") == "鼓楼区 汉中路89号"
    assert build_query("南京市鼓楼区汉中路89号", "鼓楼区") == "南京市鼓楼区汉中路89号"


def test_store_and_lookup(workspace):
    answer = GeoAnswer(32.05, 118.78, "street (primary)", False, datum="bd09", label="汉中路|鼓楼区",
                       provider="baidu")
    with workspace.db.sessions.begin() as s:
        assert lookup(s, "baidu", "汉中路") is None
        store(s, "baidu", "汉中路", answer, NOW)
        store(s, "baidu", "查无此地", None, NOW)
    with workspace.db.sessions() as s:
        hit = lookup(s, "baidu", "  汉中路 ")
        assert hit.answer == answer and hit.fetched_at == NOW
        assert lookup(s, "baidu", "查无此地").answer is None
        assert lookup(s, "nominatim", "汉中路") is None  # per provider
    with workspace.db.sessions.begin() as s:
        assert forget_not_found(s, "baidu") == 1
        assert lookup(s, "baidu", "查无此地") is None
        store(s, "baidu", "汉中路", None, NOW)  # replaced, not duplicated
        assert lookup(s, "baidu", "汉中路").answer is None
