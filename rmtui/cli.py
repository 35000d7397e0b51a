"""The ``rmtui`` entry point: parse arguments, dispatch to a command module.

Every ``UserError`` becomes one line on stderr and exit status 2; argparse's
own usage errors exit 2 as well.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from rmtui import __version__
from rmtui.commands import COMMAND_MODULES
from rmtui.errors import UserError


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every command module registered."""
    help_text = "configuration file (default: $RMTUI_CONFIG, ./config.yaml, then the user config directory)"
    parser = argparse.ArgumentParser(prog="rmtui", description="Visit planning for field customer managers.")
    parser.add_argument("--config", metavar="PATH", help=help_text)
    # Subcommands accept --config too; SUPPRESS keeps their default from
    # overwriting a --config given before the subcommand.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help=help_text)
    parser.add_argument("--version", action="version", version=f"rmtui {__version__}")
    parser.add_argument("--locale", choices=("zh", "en"), default=argparse.SUPPRESS,
                        help="interface language when opening the app (bare rmtui)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        # Bare ``rmtui``: open the app on the configured database.
        from rmtui.commands.app import run_app

        func = run_app
    try:
        return int(func(args) or 0)
    except UserError as exc:
        print(f"rmtui: {exc.title.lower()} error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("rmtui: interrupted", file=sys.stderr)
        return 130
