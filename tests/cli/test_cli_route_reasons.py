"""``rmtui plan day``: why a visit does not fit, in the configured language, naming customers by code."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest

import rmtui.workspace
from rmtui.cli import main
from rmtui.store import plans as repo
from rmtui.store.customers import upsert_customers
from rmtui.store.models import Appointment, Customer, PlannedVisit
from rmtui.workspace import open_workspace

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 0)


def seed(cfg) -> None:
    """C0004 opens only 13:30–14:00 and is planned today; C0003 has a 13:30 appointment."""
    ws = open_workspace(str(cfg), clock=lambda: NOW)
    try:
        with ws.db.sessions.begin() as s:
            upsert_customers(s, ws.manager_id, [
                {"code": code, "name": name, "tier": "regular", "lat": lat, "lon": lon, "geo_quality": "exact",
                 "address": f"南京市{name}", "opening_hours": hours}
                for code, name, lat, lon, hours in (
                    ("C0003", "鼓楼烟酒店", 32.0600, 118.7800, "Mo-Fr 09:00-12:00,13:30-18:00"),
                    ("C0004", "秦淮华联超市", 32.0200, 118.7900, "Mo-Fr 13:30-14:00"))], ws.now())
            ids = {c.code: c.id for c in s.query(Customer)}
            plan = repo.create_week_plan(s, ws.manager_id, 2026, 48, ws.now())
            s.add(PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=ids["C0004"], day=DAY,
                               sequence=1, planned_start=time(13, 30), planned_minutes=20, purpose="例行拜访",
                               source="cadence", created_at=NOW))
            s.add(Appointment(manager_id=ws.manager_id, customer_id=ids["C0003"], starts_at=datetime(2026, 11, 24, 13, 30),
                              minutes=30, note="续约", created_at=NOW))
    finally:
        ws.close()


@pytest.mark.parametrize(("locale", "expected"), [
    ("zh", r"今天放不下：\n  C0004 秦淮华联超市: 营业 13:30–14:00；13:30 在 C0003 的预约之后最早 \d\d:\d\d 到达"
           r" → 11月25日周三"),
    ("en", r"Does not fit today:\n  C0004 秦淮华联超市: open 13:30–14:00; after the 13:30 appointment at C0003 the "
           r"earliest arrival is \d\d:\d\d → Wed 25 Nov"),
])
def test_plan_day_says_why_in_the_configured_language(config_file, capsys, monkeypatch, locale, expected):
    monkeypatch.setattr(rmtui.workspace, "system_clock", lambda zone: (lambda: NOW))
    cfg = config_file(f"locale: {locale}\n")
    seed(cfg)
    assert main(["--config", str(cfg), "plan", "day", "2026-11-24", "--replan"]) == 0
    out = capsys.readouterr().out
    assert re.search(expected, out), out
