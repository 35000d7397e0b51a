"""Command-line subcommands, one module per group.

Each module exposes ``register(subparsers)`` which adds its parser(s) and sets
``func`` (called with the parsed ``argparse.Namespace``; returns an exit code).
Modules import their heavy dependencies inside ``func`` so ``rmtui --help``
stays fast.
"""

from __future__ import annotations

COMMAND_MODULES = (
    "rmtui.commands.app",
    "rmtui.commands.demo",
    "rmtui.commands.db",
    "rmtui.commands.customers",
    "rmtui.commands.importing",
    "rmtui.commands.route",
    "rmtui.commands.plan",
    "rmtui.commands.geocode",
    "rmtui.commands.export",
)
