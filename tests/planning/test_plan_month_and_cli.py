"""Monthly plan, month-end review, and the ``rmtui plan`` commands (table, JSON, exit 2)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from rmtui.cli import main
from rmtui.domain.planning.periods import Month
from rmtui.errors import InputError
from rmtui.services.plan_month import build_month, review_month
from rmtui.store.models import PlannedVisit, VisitRecord

NOW = datetime(2026, 11, 27, 16, 0)  # Friday before week 49


def test_month_plan_counts_the_cadence_and_takes_targets(workspace, add_book):
    add_book(40, seed=31)
    info = build_month(workspace, Month(2026, 12))
    assert info.status == "draft"
    core = next(t for t in info.by_tier if t.tier == "core")
    assert core.visits >= core.customers  # a 14-day cadence needs two or three visits a month
    assert all(d.due_dates == tuple(sorted(d.due_dates)) for d in info.customers)
    targets = {t.key: t for t in info.targets}
    assert targets["visits_core"].target == core.visits
    info = build_month(workspace, Month(2026, 12), targets={"new_customers": "3", "key_products": "12"},
                       focus="代发工资", confirm=True)
    targets = {t.key: t for t in info.targets}
    assert info.status == "confirmed" and info.focus == "代发工资"
    assert targets["new_customers"].target == 3 and targets["new_customers"].label == "新增客户"
    assert targets["key_products"].target == 12
    with pytest.raises(InputError, match="confirmed"):
        build_month(workspace, Month(2026, 12), targets={"new_customers": "4"})
    with pytest.raises(InputError, match="number"):
        build_month(workspace, Month(2027, 1), targets={"new_customers": "many"})


def test_month_review_sets_planned_against_done(workspace, add_book):
    rows = add_book(12, seed=32)
    with workspace.db.sessions.begin() as s:
        from sqlalchemy import select

        from rmtui.store.models import Customer

        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        a, b, c = ids["C0000"], ids["C0001"], ids["C0002"]
        p1 = PlannedVisit(manager_id=workspace.manager_id, customer_id=a, day=date(2026, 11, 10), planned_minutes=20,
                          created_at=workspace.now())
        p2 = PlannedVisit(manager_id=workspace.manager_id, customer_id=b, day=date(2026, 11, 11), planned_minutes=20,
                          status="skipped", status_reason="客户临时关门", created_at=workspace.now())
        s.add_all([p1, p2])
        s.flush()
        for cid, day, pid in ((a, date(2026, 11, 10), p1.id), (c, date(2026, 11, 12), None)):
            s.add(VisitRecord(manager_id=workspace.manager_id, customer_id=cid, planned_visit_id=pid, day=day,
                              status="done", created_at=workspace.now(), updated_at=workspace.now()))
        # as the end of day logs a visit that did not happen: skipped in the plan and a not-done record
        s.add(VisitRecord(manager_id=workspace.manager_id, customer_id=b, planned_visit_id=p2.id,
                          day=date(2026, 11, 11), status="not_done", not_done_reason="客户临时关门",
                          created_at=workspace.now(), updated_at=workspace.now()))
    info = review_month(workspace, Month(2026, 11), done="完成", shortfalls="少", improvements="多")
    tiers = {t.tier: t for t in info.by_tier}
    assert sum(t.planned for t in tiers.values()) == 2
    assert sum(t.done for t in tiers.values()) == 2 and sum(t.done_planned for t in tiers.values()) == 1
    assert [v.code for v in info.off_plan] == ["C0002"]
    assert [(m.code, m.reason) for m in info.misses if m.code == "C0001"] == [("C0001", "客户临时关门")]  # once
    assert info.review_done == "完成" and info.compliance is not None
    assert rows
    with pytest.raises(InputError, match="not started"):
        review_month(workspace, Month(2027, 1))


@pytest.fixture
def cli(tmp_path, monkeypatch, config_file):
    """Run ``rmtui`` in-process on a temporary database at a fixed time; returns (code, out, err)."""
    import rmtui.workspace

    monkeypatch.setattr(rmtui.workspace, "system_clock", lambda zone: (lambda: NOW))
    config = config_file("locale: en\n")

    def run(*args: str) -> int:
        return main(["--config", str(config), *args])

    return run




def test_cli_flow(cli, capsys, tmp_path):
    import csv

    from plan_books import book_rows

    path = tmp_path / "book.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "tier", "lat", "lon", "opening_hours", "last_visit"])
        for r in book_rows(25, 41, NOW.date()):
            w.writerow([r["code"], r["name"], r["tier"], r["lat"], r["lon"], r["opening_hours"],
                        r["last_visit_imported"].isoformat()])
    assert cli("import", "customers", str(path)) == 0
    capsys.readouterr()
    assert cli("plan", "week", "next", "--time-limit", "1") == 0
    out = capsys.readouterr().out
    assert "Weekly plan 2026-W49 — draft" in out and "cadence" in out
    assert cli("plan", "week", "2026-W49", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["week"] == "2026-W49" and data["visits"]
    visits = data["visits"]
    moved, removed = visits[0], visits[1]
    target = next(d for d in ("2026-11-30", "2026-12-01", "2026-12-02") if d != moved["day"])
    assert cli("plan", "move", str(moved["id"]), target, "--reason", "客户改期") == 0
    assert cli("plan", "remove", str(removed["id"]), "--reason", "客户停业") == 0
    assert cli("plan", "pin", str(visits[2]["id"])) == 0
    placed = {v["code"] for v in visits}
    extra = next(f"C{k:04d}" for k in range(25) if f"C{k:04d}" not in placed)
    capsys.readouterr()
    assert cli("plan", "add", "next", extra, "2026-12-03", "--purpose", "送资料", "--json") == 0
    added = json.loads(capsys.readouterr().out)["id"]
    assert cli("plan", "task", "核实资料", "--customer", "C0001", "--due", "2026-12-02") == 0
    capsys.readouterr()
    assert cli("plan", "week", "next", "--rebuild", "--time-limit", "1", "--json") == 0
    again = {v["id"]: v for v in json.loads(capsys.readouterr().out)["visits"]}
    assert again[moved["id"]]["day"] == target and again[moved["id"]]["manual"]
    assert again[removed["id"]]["status"] == "removed"
    assert again[visits[2]["id"]]["pinned"]
    assert any(v["code"] == extra and v["day"] == "2026-12-03" for v in again.values())
    assert any(v["code"] == "C0001" and "核实资料" in v["reason"] for v in again.values())
    assert again[added]["source"] == "ad_hoc"
    assert cli("plan", "remove", "99999", "--reason", "x") == 2
    capsys.readouterr()
    assert cli("plan", "submit", "next", "--json") == 0
    sub = json.loads(capsys.readouterr().out)
    assert sub["plan"]["status"] == "submitted" and sub["late"] is False
    assert cli("plan", "submit", "next") == 2
    assert "already submitted at 2026-11-27 16:00" in capsys.readouterr().err
    assert cli("plan", "return", "next") == 2  # a return needs a comment
    assert cli("plan", "approve", "next", "--comment", "同意") == 0
    assert cli("plan", "deviations", "next") == 0
    assert cli("plan", "day", "2026-11-30") == 0
    assert "Daily plan" in capsys.readouterr().out
    assert cli("plan", "month", "2026-12", "--target", "new_customers=2", "--json") == 0
    month = json.loads(capsys.readouterr().out)
    assert any(t["key"] == "new_customers" and t["target"] == 2 for t in month["targets"])
    assert cli("plan", "review", "2026-11") == 0
    for bad in (("plan", "week", "2026-W47"), ("plan", "week", "soon"), ("plan", "day", "2026-11-29"),
                ("plan", "month", "2026-13"), ("plan", "submit", "2027-W10"),
                ("plan", "month", "2026-12", "--target", "oops")):
        assert cli(*bad) == 2, bad
    err = capsys.readouterr().err
    assert "already past" in err and "not a week" in err and "KEY=VALUE" in err
