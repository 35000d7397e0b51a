"""Opening the database safely and keeping its schema current.

Two kinds of database: an SQLite file (the default, one manager) and a
PostgreSQL server (``postgresql+psycopg://…``, a team). For SQLite files: a
path that is a folder, an unwritable folder, or a file that is not an SQLite
database (never overwritten) is refused with a message; a new file is created
owner-only (0600); WAL and foreign keys are switched on for every connection.
For a server: a missing driver, an unreachable server, a refused login or a
missing database each get a message saying what to do. Either way the schema
is brought to the newest Alembic revision on open (on PostgreSQL under a lock,
so two rmtui starting together do not both migrate); a database written by a
newer rmtui is refused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rmtui.errors import DatabaseError, InputError

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
POSTGRES_EXTRA = "pip install 'rmtui[postgres]'"
URL_EXAMPLES = "sqlite:///data/rmtui.db, or postgresql+psycopg://user@host/rmtui for a team"
CONNECT_TIMEOUT_SECONDS = 10
"""How long to wait for a PostgreSQL server before saying it cannot be reached (unless the URL sets one)."""
MIGRATION_LOCK_ID = 0x726D747569  # "rmtui": the advisory lock held while a PostgreSQL schema is migrated


@dataclass(frozen=True)
class Database:
    """An open database: its engine and the factory for one-transaction sessions."""

    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    created: bool

    def close(self) -> None:
        self.engine.dispose()


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL; None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"database URL {url!r} is not valid ({exc}); "
                            f"expected e.g. {URL_EXAMPLES}") from None
    if not parsed.drivername.startswith("sqlite"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _prepare_sqlite_file(path: Path) -> bool:
    """Check (or create, owner-only) the SQLite file; True when it was created now."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file; "
                            "set database.url to a file path such as sqlite:///data/rmtui.db")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseError(f"{path}: no permission to read and write it; fix its permissions "
                                "or point database.url elsewhere")
        size = path.stat().st_size
        if size:
            with path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
            if header != SQLITE_HEADER:
                raise DatabaseError(f"{path} is not an SQLite database (it was left untouched); "
                                    "point database.url to another file")
        return size == 0
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the folder {parent} for the database ({exc.strerror}); "
                            "choose another database.url") from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DatabaseError(f"the folder {parent} is not writable; choose another database.url "
                            "or fix the folder's permissions")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise DatabaseError(f"cannot create {path} ({exc.strerror})") from None
    os.close(fd)
    os.chmod(path, 0o600)  # the umask may have removed bits we did not want anyway
    return True


def _on_sqlite_connect(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI types
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def engine_url(url: str) -> URL:
    """The URL rmtui connects with: ``postgresql://`` means psycopg 3; other databases are refused."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"database URL {url!r} is not valid ({exc}); expected e.g. {URL_EXAMPLES}") from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgresql":
        if driver not in ("", "psycopg"):
            raise DatabaseError(f"database URL {safe_url(url)}: rmtui talks to PostgreSQL through psycopg 3; "
                                f"write postgresql+psycopg://… instead of {parsed.drivername}://…")
        return parsed.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise DatabaseError(f"database URL {safe_url(url)}: rmtui works with SQLite and PostgreSQL, not "
                            f"{backend}; expected e.g. {URL_EXAMPLES}")
    return parsed


def safe_url(url: str | URL) -> str:
    """``url`` fit for a message: the password, if any, replaced by ``***``."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "(invalid URL)"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    """An engine with rmtui's connection settings (no schema work)."""
    parsed = engine_url(url)
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        # Worker threads share the engine; SQLite connections are per thread.
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True  # a server restarted since the last action is reconnected to
        if "connect_timeout" not in parsed.query:
            kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    try:
        engine = create_engine(parsed, **kwargs)
    except ImportError as exc:
        if parsed.get_backend_name() == "postgresql":
            raise DatabaseError(f"the PostgreSQL driver (psycopg 3) is not installed, needed for "
                                f"{safe_url(parsed)}; install with: {POSTGRES_EXTRA}") from None
        raise DatabaseError(f"cannot use database URL {safe_url(parsed)}: {exc}") from None
    except ArgumentError as exc:
        raise DatabaseError(f"cannot use database URL {safe_url(parsed)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def _cannot_connect(url: URL, exc: OperationalError) -> DatabaseError:
    """A message for a failed first connection that says what to check."""
    detail = " ".join(str(exc.orig).split())  # libpq's messages span lines
    if url.get_backend_name() != "postgresql":
        return DatabaseError(f"cannot open the database {safe_url(url)}: {detail}")
    host = url.host or url.query.get("host") or ""
    host = host if isinstance(host, str) else ",".join(host)  # ?host= may be given more than once
    where = (host or "the local socket") + (f":{url.port}" if url.port else "")
    if "role" in detail and "does not exist" in detail:
        hint = "check the user name in database.url (or ask the database administrator to create it)"
    elif "database" in detail and "does not exist" in detail:
        hint = (f"create it first (e.g. createdb{f' -h {host}' if host else ''} {url.database}), "
                "or fix the database name in database.url")
    elif "authentication failed" in detail or "password" in detail:
        hint = ("check the user and password (in database.url, in $PGPASSWORD or ~/.pgpass) "
                "and the server's pg_hba.conf")
    else:
        hint = "check that the server is running and that database.url names the right host and port"
    who = f"user {url.username}, " if url.username else ""
    return DatabaseError(f"cannot connect to the PostgreSQL server at {where} ({who}database "
                         f"{url.database or '?'}): {detail}; {hint}")


def open_database(url: str, *, upgrade: bool = True) -> Database:
    """Open (creating if needed) the database at ``url`` and bring its schema up to date."""
    parsed = engine_url(url)
    path = sqlite_path(url)
    created = _prepare_sqlite_file(path) if path is not None else False
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        engine.dispose()
        raise _cannot_connect(parsed, exc) from None
    if upgrade:
        try:
            upgrade_schema(engine)
        except DatabaseError:
            engine.dispose()
            raise
    sessions = sessionmaker(engine, expire_on_commit=False)
    if engine.dialect.name != "sqlite":
        event.listen(sessions, "before_flush", _refuse_too_long_objects)
        event.listen(sessions, "do_orm_execute", _refuse_too_long_rows)
    return Database(engine=engine, sessions=sessions, url=url, created=created)


# A server refuses text longer than its column (SQLite keeps it) with an error that names neither table
# nor column. These two checks say which value to shorten, before anything of the transaction is written:
# one for objects flushed, one for bulk INSERT/UPDATE statements given rows (the customer import).

def _refuse_too_long_objects(session: Session, _context, _instances) -> None:  # noqa: ANN001 - event signature
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            _check_length(attr.columns[0], state.dict.get(attr.key))  # only values loaded or set: nothing fetched


def _refuse_too_long_rows(execute_state) -> None:  # noqa: ANN001 - sqlalchemy.orm.ORMExecuteState
    if not (execute_state.is_insert or execute_state.is_update):
        return
    table = getattr(execute_state.statement, "table", None)
    rows = execute_state.parameters
    if table is None or not rows:
        return
    for row in rows if isinstance(rows, (list, tuple)) else (rows,):
        for key, value in row.items():
            column = table.c.get(key) if isinstance(key, str) else None
            if column is not None:
                _check_length(column, value)


def _check_length(column, value: object) -> None:  # noqa: ANN001 - a Column
    length = getattr(column.type, "length", None)
    if length is not None and isinstance(value, str) and len(value) > length:
        start = value[:20] + ("…" if len(value) > 20 else "")
        raise InputError(f"{column.table.name}.{column.name} is {len(value)} characters long, more than "
                         f"the {length} the database keeps ({start!r}); shorten it", title="Database")


def alembic_config(url: str | None = None):  # -> alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(the database's current revision, the newest revision this rmtui knows)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head


SCHEMA_HEAD = "0001"
"""The newest migration's revision (tests/store/test_db.py checks it against Alembic's head). A database
already there opens without importing Alembic, a sixth of the start-up time."""


def _stored_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:  # no such table yet
        return None


def upgrade_schema(engine: Engine) -> None:
    """Migrate to the newest revision; refuse databases from a newer rmtui, or holding others' tables.

    Checks and migration run in one transaction. On PostgreSQL (transactional DDL) a failed
    migration leaves nothing behind, and an advisory lock makes a second rmtui starting at the
    same moment wait, then find the schema current.
    """
    if _stored_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
            current = MigrationContext.configure(conn).get_current_revision()
            if current is not None and current not in {r.revision for r in script.walk_revisions()}:
                raise DatabaseError(f"this database was written by a newer rmtui (schema revision {current}; "
                                    f"this rmtui knows up to {head}); upgrade rmtui to open it")
            if current is None:
                tables = set(inspect(conn).get_table_names())
                if tables - {"alembic_version"}:
                    where = "file" if conn.dialect.name == "sqlite" else "database (or schema)"
                    raise DatabaseError(f"the database {safe_url(engine.url)} holds tables that rmtui did not "
                                        f"create ({', '.join(sorted(tables)[:5])}…); point database.url to "
                                        f"another {where}")
            if current == head:
                return
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise DatabaseError(f"upgrading the database schema failed: {exc}") from None


def _lock_path(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + ".lock")


def hold_open_lock(url: str) -> IO[str] | None:
    """Mark the database as open by this process until the returned file is closed.

    Several apps may hold it at once (shared lock); ``exclusive_reset`` uses it
    to refuse replacing a database that is open elsewhere.
    """
    import fcntl

    path = sqlite_path(url)
    if path is None:
        return None
    fh = _lock_path(path).open("a+", encoding="utf-8")
    try:
        os.chmod(fh.name, 0o600)
        fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise DatabaseError(f"{path} is being replaced by another rmtui; try again in a moment") from None
    return fh


def remove_sqlite_database(url: str) -> None:
    """Delete an SQLite database file (and its WAL files) that no rmtui has open."""
    import fcntl

    path = sqlite_path(url)
    if path is None:
        raise DatabaseError("only an SQLite database file can be reset; drop the tables by hand for a server")
    if not path.exists():
        return
    with _lock_path(path).open("a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise DatabaseError(f"{path} is open in another rmtui; close it there first, then reset") from None
        for suffix in ("", "-wal", "-shm"):
            p = path.with_name(path.name + suffix)
            if p.exists():
                p.unlink()
