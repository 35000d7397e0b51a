"""PostgreSQL: the schema from empty, its types, reopening, and refusals."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime, time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text

from rmtui.errors import DatabaseError, InputError
from rmtui.store.customers import upsert_customers
from rmtui.store.db import SCHEMA_HEAD, hold_open_lock, open_database, schema_revisions, sqlite_path
from rmtui.store.models import Base, Customer, FollowUp, Manager, VisitRecord

REPO = Path(__file__).resolve().parents[2]


def _diff(url: str) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
            return compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()


def test_upgrade_from_empty_builds_exactly_the_models(pg_url):
    db = open_database(pg_url)
    try:
        assert schema_revisions(db.engine) == (SCHEMA_HEAD, SCHEMA_HEAD)
        assert not db.created  # "created" means a new SQLite file
        assert sqlite_path(pg_url) is None and hold_open_lock(pg_url) is None  # no file, no lock file
    finally:
        db.close()
    # Types, lengths, nullability, indexes, unique and foreign keys (the planned_visit ↔ follow_up cycle too).
    assert _diff(pg_url) == []


def test_alembic_command_line_upgrades_and_downgrades(pg_url):
    def alembic(*args: str) -> None:
        result = subprocess.run([sys.executable, "-m", "alembic", "-x", f"url={pg_url}", *args],
                                cwd=REPO, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr

    alembic("upgrade", "head")
    assert _diff(pg_url) == []
    alembic("downgrade", "base")
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    alembic("upgrade", "head")
    assert _diff(pg_url) == []


def test_types_round_trip(pg_workspace):
    """Booleans, dates, times, naive wall-clock datetimes, Chinese text, JSON kept in Text."""
    ws = pg_workspace
    with ws.db.sessions.begin() as s:
        c = Customer(manager_id=ws.manager_id, code="C1", name="金陵副食便利店", tier="core", active=False,
                     last_visit_imported=date(2026, 10, 1), created_at=ws.now(), updated_at=ws.now(),
                     notes='{"标签": ["老客户"]}')
        s.add(c)
        s.flush()
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=c.id, day=date(2026, 11, 24), status="done",
                          arrived=time(10, 5), departed=time(10, 40), on_site=None, satisfaction=4,
                          created_at=datetime(2026, 11, 24, 10, 40, 7), updated_at=ws.now()))
    with ws.db.sessions() as s:
        c = s.scalar(select(Customer).where(Customer.code == "C1"))
        assert (c.name, c.active, c.last_visit_imported, c.notes) == (
            "金陵副食便利店", False, date(2026, 10, 1), '{"标签": ["老客户"]}')
        r = s.scalar(select(VisitRecord))
        assert (r.arrived, r.departed, r.on_site, r.on_site_confirmed) == (time(10, 5), time(10, 40), None, False)
        assert r.created_at == datetime(2026, 11, 24, 10, 40, 7) and r.created_at.tzinfo is None


def test_foreign_keys_are_enforced(pg_workspace):
    ws = pg_workspace
    with pytest.raises(Exception, match="foreign key"):
        with ws.db.sessions.begin() as s:
            s.add(FollowUp(manager_id=ws.manager_id, customer_id=424242, kind="request", sla_class="normal",
                           title="x", created_at=ws.now(), due_at=ws.now()))


def test_too_long_text_names_the_field_and_writes_nothing(pg_workspace):
    """The server refuses text longer than its column (SQLite keeps it): the message says which field."""
    ws = pg_workspace
    with pytest.raises(InputError, match=r"customer\.address is 301 characters long, more than the 300 "
                                         r"the database keeps \('南京市南京市.*…'\); shorten it"):
        with ws.db.sessions.begin() as s:
            upsert_customers(s, ws.manager_id, [{"code": "C1", "name": "金陵副食", "tier": "core"},
                                                {"code": "C2", "name": "天元商贸", "tier": "core",
                                                 "address": "南京市" * 100 + "号"}], ws.now())
    with ws.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 0  # the whole import was refused
    with ws.db.sessions.begin() as s:  # exactly at the limit is fine
        upsert_customers(s, ws.manager_id, [{"code": "C2", "name": "天元商贸", "tier": "core",
                                             "address": "南京市" * 100}], ws.now())
    with pytest.raises(InputError, match=r"customer\.name is 201 characters"):
        with ws.db.sessions.begin() as s:  # a change to a stored row is checked too
            s.scalar(select(Customer)).name = "天" * 201
    with pytest.raises(Exception, match="too long"):  # what the check stands in front of
        with ws.db.sessions.begin() as s:
            s.execute(text("UPDATE manager SET code = :c"), {"c": "M" * 40})


def test_import_with_too_long_text_names_the_field_and_writes_nothing(pg_workspace, tmp_path):
    """The import writes in bulk statements (no objects flushed): checked as well."""
    from rmtui.importing.service import import_customers

    ws = pg_workspace
    csv = tmp_path / "book.csv"
    csv.write_text("code,name,tier,address\nC1,金陵副食,core,南京市汉中路89号\n", encoding="utf-8")
    assert import_customers(ws, csv).inserted == 1
    csv.write_text("code,name,tier,address\nC1,金陵副食,core,南京市汉中路89号\n"
                   f"C2,天元商贸,core,{'南京市' * 100}号\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"customer\.address is 301 characters long"):
        import_customers(ws, csv)
    csv.write_text(f"code,name,tier,address\nC1,金陵副食,core,{'南京市' * 100}号\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"customer\.address is 301 characters long"):  # an update
        import_customers(ws, csv)
    with ws.db.sessions() as s:
        assert s.execute(select(Customer.code, Customer.address)).all() == [("C1", "南京市汉中路89号")]


def test_reopening_a_current_database_skips_alembic_and_keeps_data(pg_url):
    db = open_database(pg_url)
    with db.sessions.begin() as s:
        s.add(Manager(code="M9", name="王芳"))
    db.close()
    probe = ("import sys\nfrom rmtui.store.db import open_database\n"
             f"db = open_database({pg_url!r})\n"
             "assert 'alembic' not in sys.modules, 'alembic imported for a current database'\n"
             "from sqlalchemy import text\n"
             "with db.engine.connect() as c: print(c.execute(text('SELECT name FROM manager')).scalar())\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "王芳"


def test_two_openers_at_once_migrate_once(pg_url):
    """Team members starting rmtui together on an empty database: one migrates, the other waits."""
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_database(pg_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert _diff(pg_url) == []


def test_newer_schema_is_refused(pg_url):
    open_database(pg_url).close()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer rmtui"):
        open_database(pg_url)


def test_foreign_tables_are_refused(pg_url):
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="did not create .*another database"):
        open_database(pg_url)


def test_missing_database_says_how_to_create_it(pg_server):
    url = pg_server.url("no_such_db")
    with pytest.raises(DatabaseError) as info:
        open_database(url)
    message = str(info.value)
    assert 'database "no_such_db" does not exist' in message and "createdb" in message


def test_unknown_user_is_named_and_the_password_never_shown(pg_server):
    url = pg_server.url("postgres").replace("rmtui@", "nobody:s3cret@")
    with pytest.raises(DatabaseError) as info:
        open_database(url)
    message = str(info.value)
    assert "s3cret" not in message and "(user nobody, database postgres)" in message
    assert 'role "nobody" does not exist' in message and "user name" in message
