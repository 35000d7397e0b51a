"""``rmtui db upgrade``: bring the database schema to this version of rmtui."""

from __future__ import annotations

import argparse


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("db", help="database maintenance", parents=[common])
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dsub.add_parser("upgrade", help="upgrade the database schema to the newest revision", parents=[common])
    up.set_defaults(func=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    from rmtui.config import load_settings
    from rmtui.store.db import open_database, schema_revisions

    loaded = load_settings(args.config)
    url = loaded.database_url()
    db = open_database(url, upgrade=False)
    try:
        before, head = schema_revisions(db.engine)
        from rmtui.store.db import upgrade_schema

        upgrade_schema(db.engine)
        after, _ = schema_revisions(db.engine)
    finally:
        db.close()
    if before == after:
        print(f"{url}: schema is current (revision {after})")
    else:
        print(f"{url}: upgraded schema from {before or 'empty'} to {after}")
    return 0
