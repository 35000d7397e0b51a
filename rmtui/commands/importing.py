"""``rmtui import customers FILE``: bring a customer list in from CSV or Excel."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

MAX_LISTED = 50  # problems printed one per line; the rest are summarised (--report writes them all)


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", help="import data from files", parents=[common])
    isub = p.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    c = isub.add_parser("customers", help="import customers from a .csv or .xlsx file (updates by code)",
                        parents=[common],
                        description="Import customers from CSV (UTF-8, UTF-8 with BOM, GB18030) or Excel "
                                    "(.xlsx). Columns are recognised from Chinese or English headers; the "
                                    "mapping used is remembered for files with the same headers. Nothing is "
                                    "written while any row is invalid, unless --skip-invalid.")
    c.add_argument("file", metavar="FILE", help="a .csv (UTF-8 or GB18030) or .xlsx file")
    c.add_argument("--mapping", metavar="FILE.yaml", help="column mapping: 'field: header' per line")
    c.add_argument("--sheet", help="worksheet of an .xlsx file, by name or number (default: the first)")
    c.add_argument("--datum", choices=("wgs84", "gcj02", "bd09"),
                   help="datum of the coordinate columns (default: from the headers, else wgs84); "
                        "gcj02 for Amap/Tencent, bd09 for Baidu")
    c.add_argument("--dry-run", action="store_true", help="validate and report only; write nothing")
    c.add_argument("--skip-invalid", action="store_true",
                   help="import the good rows and write the bad ones to FILE.rejected.csv")
    c.add_argument("--report", metavar="REPORT.csv", help="also write every problem and warning to this CSV")
    c.set_defaults(func=run_customers)


def _print_problems(problems, stream) -> None:
    for problem in problems[:MAX_LISTED]:
        print(f"  {problem}", file=stream)
    if len(problems) > MAX_LISTED:
        print(f"  … and {len(problems) - MAX_LISTED} more (--report FILE.csv lists them all). By column:",
              file=stream)
        by_column = Counter((p.column, p.message.split(";")[0]) for p in problems)
        for (column, message), count in by_column.most_common(10):
            print(f"    {count:>6} × column {column}: {message}", file=stream)


def run_customers(args: argparse.Namespace) -> int:
    from rmtui.importing.service import import_customers, load_mapping, write_report
    from rmtui.workspace import open_workspace

    mapping = load_mapping(args.mapping) if args.mapping else None
    ws = open_workspace(args.config)
    try:
        result = import_customers(ws, args.file, mapping=mapping, sheet=args.sheet, dry_run=args.dry_run,
                                  skip_invalid=args.skip_invalid, datum=args.datum)
    finally:
        ws.close()
    cols = ", ".join(f"{k}←{v}" for k, v in result.mapping.items())
    source = {"given": "from --mapping", "saved": "remembered for these headers", "detected": "detected"}
    print(f"{result.path}: {result.rows} rows ({result.encoding}); columns ({source[result.mapping_source]}): "
          f"{cols}")
    if result.unmapped:
        print(f"ignored columns: {', '.join(result.unmapped)}")
    if "lat" in result.mapping and result.datum != "wgs84":
        how = "from the column headers" if result.datum_source == "header" else "from --datum"
        print(f"coordinates read as {result.datum.upper()} ({how}) and converted to WGS-84")
    if args.report:
        print(f"report written to {write_report(args.report, result)}")
    if result.warnings:
        print(f"{len(result.warnings)} warning(s):", file=sys.stderr)
        _print_problems(result.warnings, sys.stderr)
    if result.problems:
        print(f"{len(result.problems)} problem(s):", file=sys.stderr)
        _print_problems(result.problems, sys.stderr)
    if result.problems and not result.written and not args.dry_run:
        print(f"rmtui: import error: {len(result.problems)} problem(s) in {result.rejected} row(s); "
              "nothing was written. Fix the rows above, or use --skip-invalid to import the good rows.",
              file=sys.stderr)
        return 2
    if args.dry_run:
        print(f"dry run: {result.rows - result.rejected} rows valid ({result.would_insert} new, "
              f"{result.would_update} updates), {result.rejected} invalid; nothing written")
        return 2 if result.problems else 0
    print(f"imported: {result.inserted} new, {result.updated} updated")
    if result.reject_file:
        print(f"{result.rejected} invalid row(s) skipped, written to {result.reject_file}")
    if "lat" not in result.mapping:
        print("no coordinate columns: run 'rmtui geocode' to find locations from the addresses")
    return 0
