from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from rmtui.errors import DatabaseError
from rmtui.store.db import open_database, schema_revisions
from rmtui.store.models import Base

REPO = Path(__file__).resolve().parents[2]


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_new_database_is_owner_only_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "sub" / "new.db"
    db = open_database(url(path))
    try:
        assert db.created
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        current, head = schema_revisions(db.engine)
        assert current == head
    finally:
        db.close()


def test_upgrade_head_from_empty_matches_models(tmp_path):
    """The migrations build exactly the schema the models describe."""
    path = tmp_path / "m.db"
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"url={url(path)}", "upgrade", "head"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    engine = create_engine(url(path))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_directory_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(url(tmp_path))


def test_non_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my precious notes", encoding="utf-8")
    with pytest.raises(DatabaseError, match="not an SQLite database"):
        open_database(url(path))
    assert path.read_text(encoding="utf-8") == "my precious notes"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DatabaseError, match="not writable"):
            open_database(url(folder / "x.db"))
    finally:
        folder.chmod(0o700)


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("create table invoices (id integer)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="tables that rmtui did not create"):
        open_database(url(path))


def test_database_from_newer_rmtui_is_refused(tmp_path):
    path = tmp_path / "future.db"
    open_database(url(path)).close()
    con = sqlite3.connect(path)
    con.execute("update alembic_version set version_num = 'ffff_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="newer rmtui .*ffff_future.*knows up to"):
        open_database(url(path))


def test_reopening_keeps_data(tmp_path, workspace):
    from rmtui.store.customers import count_customers, upsert_customers

    with workspace.db.sessions.begin() as s:
        upsert_customers(s, workspace.manager_id, [{"code": "C1", "name": "甲", "tier": "core"}], workspace.now())
    again = open_database(workspace.db.url)
    with again.sessions() as s:
        assert count_customers(s, workspace.manager_id) == 1
    again.close()


def test_schema_head_constant_is_alembics_head(tmp_path):
    from rmtui.store.db import SCHEMA_HEAD

    db = open_database(url(tmp_path / "head.db"))
    try:
        assert schema_revisions(db.engine) == (SCHEMA_HEAD, SCHEMA_HEAD)
    finally:
        db.close()


def test_opening_a_current_database_does_not_import_alembic(tmp_path):
    path = tmp_path / "current.db"
    open_database(url(path)).close()
    code = ("import sys; from rmtui.store.db import open_database; "
            f"open_database({url(path)!r}).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
