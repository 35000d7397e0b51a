"""UI fixtures: a workspace holding a small fixed book."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from rmtui.store.customers import upsert_customers
from rmtui.store.models import FollowUp, VisitRecord

BOOK = [
    ("C0001", "金陵副食便利店", "core", 32.0431, 118.7702, "南京市鼓楼区汉中路89号", "鼓楼区"),
    ("C0002", "天元商贸有限公司", "potential", 31.9530, 118.8400, "南京市江宁区天元中路1号", "江宁区"),
    ("C0003", "鼓楼烟酒店", "regular", 32.0600, 118.7800, "南京市鼓楼区中山路200号", "鼓楼区"),
    ("C0004", "秦淮华联超市", "regular", 32.0200, 118.7900, "南京市秦淮区中华路50号", "秦淮区"),
]


@pytest.fixture
def book_workspace(workspace):
    ws = workspace
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [
            {"code": code, "name": name, "tier": tier, "lat": lat, "lon": lon, "geo_quality": "exact",
             "address": addr, "district": dist, "contact": "王经理", "phone": "13800000000",
             "opening_hours": "Mo-Fr 09:00-12:00,13:30-18:00; Sa 09:00-12:00; Su off"}
            for code, name, tier, lat, lon, addr, dist in BOOK
        ], ws.now())
        s.flush()
        from sqlalchemy import select

        from rmtui.store.models import Customer

        c1 = s.scalar(select(Customer).where(Customer.code == "C0001"))
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=c1.id, day=date(2026, 11, 3), status="done",
                          arrived=time(10, 0), departed=time(10, 20), mode="on_site", purpose="例行拜访",
                          outcome="order", satisfaction=5, created_at=datetime(2026, 11, 3, 10, 20),
                          updated_at=datetime(2026, 11, 3, 10, 20)))
        s.add(FollowUp(manager_id=ws.manager_id, customer_id=c1.id, kind="complaint", sla_class="ordinary",
                       title="送货延迟投诉", created_at=datetime(2026, 11, 23, 15, 0),
                       first_answer_due=datetime(2026, 11, 24, 15, 0), due_at=datetime(2026, 11, 25, 15, 0)))
    return ws


@pytest.fixture
def demo_workspace(tmp_path):
    """The demo book (250 customers, this week's plan approved) on a file database; clock Tue 24 Nov 09:00."""
    from rmtui.config import LoadedSettings, Settings
    from rmtui.demo.book import generate_book
    from rmtui.store.demo_load import load_demo_book
    from rmtui.workspace import open_workspace

    ws = open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: datetime(2026, 11, 24, 9, 0),
                        url=f"sqlite:///{tmp_path / 'demo.db'}")
    with ws.db.sessions.begin() as s:
        load_demo_book(s, ws.manager_id, generate_book(seed=42, today=date(2026, 11, 24)), ws.now())
    yield ws
    ws.close()
