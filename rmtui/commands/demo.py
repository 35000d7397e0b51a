"""``rmtui demo``: fill the configured database with the demo book and open the app."""

from __future__ import annotations

import argparse
from datetime import date


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", help="create the demo book (Nanjing, ~250 customers) and open the app",
                       parents=[common])
    p.add_argument("--reset", action="store_true", help="recreate the demo database from scratch")
    p.add_argument("--no-tui", action="store_true", help="only create the database; do not open the app")
    p.add_argument("--seed", type=int, default=42, help="random seed of the book (default 42)")
    p.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="the day the book is generated for (default: today)")
    p.add_argument("--locale", choices=("zh", "en"), help="interface language for this run")
    p.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from rmtui.config import load_settings
    from rmtui.errors import DatabaseError
    from rmtui.store.db import open_database, remove_sqlite_database
    from rmtui.store.demo_load import customer_count, is_demo
    from rmtui.workspace import open_workspace

    loaded = load_settings(args.config)
    url = loaded.database_url()
    db = open_database(url)
    try:
        with db.sessions() as session:
            demo, count = is_demo(session), customer_count(session)
    finally:
        db.close()
    if count and not demo:
        raise DatabaseError(f"{url} already holds your own book ({count} customers); the demo never "
                            "overwrites it. Point database.url to another file (e.g. with --config) for the demo")
    if args.reset and count:
        remove_sqlite_database(url)
        count = 0
    ws = open_workspace(loaded=loaded)
    try:
        if count == 0:
            from rmtui.demo.book import generate_book
            from rmtui.store.demo_load import load_demo_book

            today = args.today or ws.today()
            book = generate_book(seed=args.seed, today=today)
            with ws.db.sessions.begin() as session:
                n = load_demo_book(session, ws.manager_id, book, ws.now())
            print(f"demo book: {n} customers in Nanjing, as of {today.isoformat()} → {url}")
        else:
            print(f"demo book already in {url} ({count} customers); use --reset to recreate it")
    except BaseException:
        ws.close()
        raise
    if args.no_tui:
        ws.close()
        return 0
    from rmtui.commands.app import open_app

    return open_app(ws, args.locale)
