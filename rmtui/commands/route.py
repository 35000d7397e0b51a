"""``rmtui route``: order a day's visits from a JSON file.

    rmtui route solve day.json            # prints the route as JSON
    rmtui route solve - < day.json        # the day on stdin
    rmtui route solve day.json --time-limit 5 --osrm-url http://localhost:5000

The input and output are described in docs/route-json.md. The solver is
imported only when a command runs, so ``rmtui --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys

from rmtui.errors import InputError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``route`` group and its ``solve`` command."""
    route = sub.add_parser("route", parents=[common], help="order a day's visits (JSON in, JSON out)")
    route.set_defaults(func=lambda args: _usage(route))
    commands = route.add_subparsers(dest="route_command", metavar="COMMAND")
    solve = commands.add_parser(
        "solve",
        parents=[common],
        help="order one day's visits and print the route as JSON",
        description="Order one day's visits: least travel, required stops in, the rest by priority. "
        "See docs/route-json.md for the input and output.",
    )
    solve.add_argument("file", metavar="FILE.json", help="the day as JSON, or - for standard input")
    solve.add_argument(
        "--time-limit", type=float, default=None, metavar="SECONDS",
        help="longest the search may take (default: routing.time_limit_seconds in the configuration, 5); "
        "it usually stops much sooner",
    )
    solve.add_argument(
        "--osrm-url", metavar="URL", default=None,
        help="an OSRM server for road travel times when the file has no matrix "
        "(default: routing.osrm_url in the configuration)",
    )
    solve.set_defaults(func=run_solve)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def run_solve(args: argparse.Namespace, *, osrm_url: str | None = None, time_limit: float | None = None) -> int:
    """Read the day, solve it and print the result JSON; returns the exit code.

    ``osrm_url`` and ``time_limit`` override the configuration
    (``routing.osrm_url``, ``routing.time_limit_seconds``); the command-line
    options override both.
    """
    from rmtui.config import load_settings
    from rmtui.routing.jsonio import solve_json
    from rmtui.routing.matrix import OsrmTableProvider

    if args.time_limit is not None and not args.time_limit > 0:
        raise InputError(f"--time-limit must be a positive number of seconds, not {args.time_limit}")
    routing = load_settings(getattr(args, "config", None)).settings.routing
    osrm_url = osrm_url or routing.osrm_url
    limit = args.time_limit or time_limit or routing.time_limit_seconds
    text = _read(args.file)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = "standard input" if args.file == "-" else args.file
        raise InputError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    url = args.osrm_url or osrm_url
    provider = OsrmTableProvider(url) if url else None
    result = solve_json(document, time_limit=limit, matrix_provider=provider)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from exc
