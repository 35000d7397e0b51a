"""Database URLs and the messages for a server that cannot be used (no server needed)."""

from __future__ import annotations

import sys
import time

import pytest

from rmtui.errors import DatabaseError
from rmtui.store.db import engine_url, make_engine, open_database, safe_url


def test_postgresql_urls_use_psycopg_3():
    assert engine_url("postgresql://u@db.example/rmtui").drivername == "postgresql+psycopg"
    assert engine_url("postgresql+psycopg://u@db.example/rmtui").drivername == "postgresql+psycopg"
    assert engine_url("sqlite:///data/rmtui.db").drivername == "sqlite"


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql+psycopg2://u@h/rmtui", "write postgresql\\+psycopg://"),
    ("mysql://u@h/rmtui", "SQLite and PostgreSQL, not mysql"),
    ("not a url", "not valid"),
])
def test_unsupported_urls_are_refused_with_the_fix(url, expected):
    with pytest.raises(DatabaseError, match=expected):
        open_database(url)


def test_password_hidden_in_messages():
    assert safe_url("postgresql+psycopg://ann:s3cret@db/rmtui") == "postgresql+psycopg://ann:***@db/rmtui"
    with pytest.raises(DatabaseError) as info:
        open_database("mysql://ann:s3cret@db/rmtui")
    assert "s3cret" not in str(info.value)


def test_missing_driver_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails as if not installed
    with pytest.raises(DatabaseError, match=r"driver \(psycopg 3\) is not installed.*"
                                            r"pip install 'rmtui\[postgres\]'"):
        make_engine("postgresql+psycopg://u@localhost/rmtui")


def test_unreachable_server_is_named_quickly(tmp_path):
    pytest.importorskip("psycopg")
    url = f"postgresql+psycopg://rmtui@/rmtui?host={tmp_path}"  # a socket folder with no server in it
    started = time.monotonic()
    with pytest.raises(DatabaseError) as info:
        open_database(url)
    message = str(info.value)
    assert message.startswith(f"cannot connect to the PostgreSQL server at {tmp_path} (user rmtui, database rmtui): ")
    assert "check that the server is running" in message and "\n" not in message
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("url", ["postgresql+psycopg://ann@db.example:5433/rmtui", "postgresql://ann@db/rmtui",
                                 "postgresql+psycopg://ann@/rmtui?host=/run/postgresql", "sqlite:///data/rmtui.db"])
def test_config_accepts_sqlite_and_postgresql(url, config_file):
    from rmtui.config import load_settings

    path = _config(config_file, url)
    expected = f"sqlite:///{path.parent / 'data' / 'rmtui.db'}" if url.startswith("sqlite") else url
    assert load_settings(path).database_url() == expected


@pytest.mark.parametrize("url", ["mysql://ann@db/rmtui", "postgres://ann@db/rmtui", "rmtui.db"])
def test_config_refuses_other_databases_naming_the_key(url, config_file):
    from rmtui.config import load_settings
    from rmtui.errors import ConfigError

    with pytest.raises(ConfigError, match=r"key 'database.url' has value .*postgresql\+psycopg://user@host/rmtui"):
        load_settings(_config(config_file, url))


def _config(config_file, url: str):
    path = config_file()
    path.write_text(f"database:\n  url: {url}\n", encoding="utf-8")
    return path
