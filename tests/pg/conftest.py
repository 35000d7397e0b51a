"""A throwaway PostgreSQL server for the tests in this folder.

One cluster per test session: ``initdb`` into a temporary folder, ``pg_ctl
start`` listening only on a unix socket in that folder (no TCP port), fsync
off; stopped and deleted at the end. Each test gets a database of its own.
As root (CI) the server runs as the ``postgres`` user, which PostgreSQL
requires. Without the server binaries the tests skip, unless
``RMTUI_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from rmtui.config import LoadedSettings, Settings

FIXED_NOW = datetime(2026, 11, 24, 9, 0)  # a Tuesday, as in tests/conftest.py
SUPERUSER = "rmtui"
REQUIRE_ENV = "RMTUI_REQUIRE_POSTGRES"


def _unavailable(why: str) -> None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{why} ({REQUIRE_ENV}=1: the PostgreSQL tests must run here)", pytrace=False)
    pytest.skip(why)


def server_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: $RMTUI_PG_BIN, Debian's layout, or PATH."""
    candidates = [os.environ.get("RMTUI_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    found = shutil.which("initdb")
    candidates.append(str(Path(found).parent) if found else "")
    for folder in filter(None, candidates):
        if all(os.access(Path(folder) / exe, os.X_OK) for exe in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def _version_key(folder: str) -> int:
    part = Path(folder).parent.name
    return int(part) if part.isdigit() else 0


@dataclass(frozen=True)
class PgServer:
    """A running throwaway server: where its socket is and how to reach a database on it."""

    socket_dir: Path

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) in the ``postgres`` database."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)


def _run_as(user: str | None, argv: list[str], **kw) -> subprocess.CompletedProcess:
    if user is not None:
        argv = ["runuser", "-u", user, "--", *argv]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, **kw)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed; install with: pip install 'rmtui[postgres]'")
    bindir = server_bin_dir()
    if bindir is None:
        _unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found; install them "
                     "(Debian: apt-get install postgresql) or set RMTUI_PG_BIN to their folder")
    user = None
    if os.geteuid() == 0:  # the server refuses to run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user to run the test server as")
        user = "postgres"
    # A short path under /tmp: a unix socket path must stay under ~100 bytes.
    base = Path(tempfile.mkdtemp(prefix="rmtui-pg-", dir="/tmp"))
    data = base / "data"
    if user is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    try:
        init = _run_as(user, [str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        if init.returncode != 0:
            pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}", pytrace=False)
        options = f"-k {base} -c listen_addresses='' -F -c full_page_writes=off -c synchronous_commit=off"
        start = _run_as(user, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"),
                               "-w", "-t", "60", "-o", options, "start"])
        if start.returncode != 0:
            log = (base / "server.log").read_text(errors="replace") if (base / "server.log").exists() else ""
            pytest.fail(f"pg_ctl start failed:\n{start.stdout}\n{start.stderr}\n{log}", pytrace=False)
        try:
            yield PgServer(base)
        finally:
            _run_as(user, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


_numbers = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a new, empty database on the test server (dropped afterwards)."""
    name = f"rmtui_test_{os.getpid()}_{next(_numbers)}"
    pg_server.admin(f'CREATE DATABASE "{name}"')
    yield pg_server.url(name)
    pg_server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_workspace(pg_url: str, tmp_path: Path):
    """A workspace on its own PostgreSQL database, clock fixed; files go to ``tmp_path``."""
    from rmtui.workspace import open_workspace

    loaded = LoadedSettings(Settings(), tmp_path / "config.yaml")  # server database: files beside the config
    ws = open_workspace(loaded=loaded, clock=lambda: FIXED_NOW, url=pg_url)
    yield ws
    ws.close()
