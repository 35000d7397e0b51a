"""Alembic environment for rmtui.

Used two ways: by rmtui itself (``upgrade_schema`` hands over an open
connection in ``config.attributes``), and by the ``alembic`` command line
with the repo's ``alembic.ini`` (URL from ``-x url=…``, else rmtui's config).
"""

from __future__ import annotations

from alembic import context

from rmtui.store.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    x = context.get_x_argument(as_dictionary=True)
    if "url" in x:
        return x["url"]
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from rmtui.config import load_settings

    return load_settings().database_url()


def _batch(dialect_name: str) -> bool:
    """Batch mode (copy and move tables) is what SQLite needs to alter a table; servers alter in place."""
    return dialect_name == "sqlite"


def run_offline() -> None:
    from sqlalchemy.engine import make_url

    url = _url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=_batch(make_url(url).get_backend_name()))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=_batch(connection.dialect.name))
        with context.begin_transaction():
            context.run_migrations()
        return
    from rmtui.store.db import make_engine, sqlite_path, _prepare_sqlite_file

    url = _url()
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    engine = make_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata,
                          render_as_batch=_batch(conn.dialect.name))
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
