"""``rmtui`` with no command: open the app on the configured database."""

from __future__ import annotations

import argparse


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("app", help="open the app (the default when no command is given)", parents=[common])
    p.add_argument("--locale", choices=("zh", "en"), help="interface language for this run")
    p.set_defaults(func=run_app)


def run_app(args: argparse.Namespace) -> int:
    from rmtui.workspace import open_workspace

    ws = open_workspace(getattr(args, "config", None))
    return open_app(ws, getattr(args, "locale", None))


def open_app(ws, locale: str | None = None) -> int:  # noqa: ANN001 - Workspace, imported lazily
    from rmtui.store.db import hold_open_lock
    from rmtui.ui.app import make_app

    lock = None
    try:
        lock = hold_open_lock(ws.db.url)
        make_app(ws, locale=locale).run()
    finally:
        ws.close()
        if lock is not None:
            lock.close()
    return 0
