"""PostgreSQL: the demo book and a manager's week, compared with the same steps on SQLite.

The book is loaded once into a PostgreSQL database and once into an SQLite
file; reads must give the same answers on both (search is case-insensitive
on both, pages in the same order), and the Friday flow (build, submit, record
a visit with follow-ups) must write what it writes on SQLite.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rmtui.config import LoadedSettings, Settings
from rmtui.domain.planning.periods import IsoWeek
from rmtui.domain.visit_record import FollowUpDraft, VisitForm
from rmtui.services import visit_records as vr
from rmtui.services.customers import customer_detail, customer_page
from rmtui.services.planning import build_week
from rmtui.services.submission import submit_and_write
from rmtui.store.models import Customer, FollowUp, PlannedVisit, VisitRecord, WeeklyPlan

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 0)
NEXT = IsoWeek(2026, 49)


def _demo_workspace(url: str, folder: Path):
    from rmtui.demo.book import generate_book
    from rmtui.store.demo_load import load_demo_book
    from rmtui.workspace import open_workspace

    ws = open_workspace(loaded=LoadedSettings(Settings(), folder / "config.yaml"), clock=lambda: NOW, url=url)
    with ws.db.sessions.begin() as session:
        load_demo_book(session, ws.manager_id, generate_book(seed=42, today=TODAY), ws.now())
    return ws


@pytest.fixture(scope="module")
def books(pg_server, tmp_path_factory):
    """(PostgreSQL workspace, SQLite workspace), both holding the demo book; read-only tests share them."""
    name = "rmtui_demo_reads"
    pg_server.admin(f'CREATE DATABASE "{name}"')
    folder = tmp_path_factory.mktemp("demo")
    pg = _demo_workspace(pg_server.url(name), folder / "pg")
    lite = _demo_workspace(f"sqlite:///{folder / 'demo.db'}", folder / "lite")
    yield pg, lite
    pg.close()
    lite.close()
    pg_server.admin(f'DROP DATABASE "{name}" WITH (FORCE)')


def _codes(page) -> list[str]:
    return [c.code for c in page.rows]


def test_demo_book_loads_whole(books):
    pg, lite = books
    for model in (Customer, PlannedVisit, VisitRecord, FollowUp, WeeklyPlan):
        with pg.db.sessions() as a, lite.db.sessions() as b:
            n = a.scalar(select(func.count()).select_from(model))
            assert n == b.scalar(select(func.count()).select_from(model)), model.__name__
            assert n > 0, model.__name__
    assert customer_page(pg).total == 250


@pytest.mark.parametrize("search", ["jlfs", "JLFS", "jinling", "金陵", "鼓楼区", "c00", "C0012", "zhong shan",
                                    "无此客户"])
def test_search_finds_what_sqlite_finds(books, search):
    """Pinyin, initials, Chinese names and addresses, and codes in either case."""
    pg, lite = books
    found, expected = customer_page(pg, search=search), customer_page(lite, search=search)
    assert (found.total, _codes(found)) == (expected.total, _codes(expected))
    if search in ("jlfs", "JLFS", "c00", "C0012"):
        assert found.total > 0


def test_code_search_ignores_case(books):
    pg, _ = books
    assert _codes(customer_page(pg, search="c0012")) == _codes(customer_page(pg, search="C0012")) == ["C0012"]


def test_pages_in_code_order_with_last_visits(books):
    pg, lite = books
    seen: list[str] = []
    for offset in range(0, 250, 100):
        page, same = customer_page(pg, offset=offset), customer_page(lite, offset=offset)
        assert page.offset == offset and page.total == 250
        assert [(c.code, c.last_visit) for c in page.rows] == [(c.code, c.last_visit) for c in same.rows]
        assert page.cadence == same.cadence
        seen += _codes(page)
    assert seen == sorted(seen) and len(set(seen)) == 250
    assert customer_page(pg, offset=10_000).offset == 200  # past the end: the last page
    tier = customer_page(pg, tier="core", limit=20)
    assert tier.total == customer_page(lite, tier="core").total and {c.tier for c in tier.rows} == {"core"}


def test_customer_detail_matches(books):
    pg, lite = books
    code = customer_page(lite, search="jlfs").rows[0].code
    a, b = customer_detail(pg, code), customer_detail(lite, code)
    assert (a.info, a.cadence, a.history, a.followups) == (b.info, b.cadence, b.history, b.followups)


def test_week_built_submitted_and_a_visit_recorded(pg_url, tmp_path):
    ws = _demo_workspace(pg_url, tmp_path)
    try:
        # The Friday job: build next week, write reasons for what was left out, submit and write the files.
        info = build_week(ws, NEXT, time_limit=2)
        placed = [v for v in info.visits if v.active]
        assert placed and {v.day for v in placed} <= set(NEXT.days())
        written = {u.code: "下周客户出差，已电话沟通" for u in info.unplaced}
        result, files = submit_and_write(ws, NEXT, written)
        assert result.plan.status == "submitted" and files.frozen
        assert files.xlsx == tmp_path / "submissions" / "M001-2026-W49.xlsx" and files.xlsx.stat().st_size > 0
        with ws.db.sessions() as s:
            plan = s.scalar(select(WeeklyPlan).where(WeeklyPlan.iso_year == 2026, WeeklyPlan.iso_week == 49))
            assert plan.status == "submitted" and plan.submitted_at == NOW and plan.submitted_late is False
            rows = s.scalars(select(PlannedVisit).where(PlannedVisit.weekly_plan_id == plan.id,
                                                        PlannedVisit.status != "removed")).all()
            assert len(rows) == len(placed)
            assert all(r.planned_start is not None for r in rows)

        # Today: record a planned visit with a complaint and a request; the visit is done in the same step.
        with ws.db.sessions() as s:
            pv_id = s.scalar(select(PlannedVisit.id).where(PlannedVisit.day == TODAY, PlannedVisit.status == "planned")
                             .order_by(PlannedVisit.sequence))
        assert pv_id is not None
        form = VisitForm(arrived="08:30", departed="08:55", outcome="agreement", satisfaction="4",
                         needs="想提高收单额度", discussed="讨论了代发工资方案，客户关注手续费")
        form = form.with_followup(FollowUpDraft(title="到账延迟", kind="complaint", sla_class="serious",
                                                created_at=ws.now()))
        form = form.with_followup(FollowUpDraft(title="调额度", kind="request", sla_class="normal",
                                                due="2026-11-27 12:00", created_at=ws.now()))
        vr.save_draft(ws, pv_id, form)
        saved = vr.save_record(ws, pv_id, form)
        assert saved.created and len(saved.followup_ids) == 2
        with ws.db.sessions() as s:
            record = s.get(VisitRecord, saved.record_id)
            assert (record.planned_visit_id, record.day, record.status, record.satisfaction) == (
                pv_id, TODAY, "done", 4)
            assert record.discussed == "讨论了代发工资方案，客户关注手续费"
            assert s.get(PlannedVisit, pv_id).status == "done"
            items = {f.title: f for f in s.scalars(select(FollowUp).where(FollowUp.visit_id == record.id))}
            assert set(items) == {"到账延迟", "调额度"}
            assert items["调额度"].due_at == datetime(2026, 11, 27, 12, 0)
            assert items["到账延迟"].first_answer_due == datetime(2026, 11, 24, 13, 0)  # serious: 4 h
        assert not vr.has_draft(ws, pv_id)
        # Saving again edits the same record, never a second one.
        again = vr.save_record(ws, pv_id, vr.load_visit(ws, pv_id).form)
        assert again.record_id == saved.record_id and not again.created
    finally:
        ws.close()


def test_followup_search_finds_what_sqlite_finds(books):
    from rmtui.services.followups import FollowUpFilter, followup_page

    pg, lite = books
    everything = followup_page(lite)
    assert everything.total > 0 and followup_page(pg) == everything
    first = everything.rows[0]
    for search in ("c00", "C00", first.title[:2], first.customer_name[:2]):
        found, expected = (followup_page(ws, FollowUpFilter(search=search)) for ws in (pg, lite))
        assert found == expected and found.total > 0, search
