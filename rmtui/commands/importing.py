"""``rmtui import customers FILE``: bring a customer list in from CSV or Excel."""

from __future__ import annotations

import argparse


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", help="import data from files", parents=[common])
    isub = p.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    c = isub.add_parser("customers", help="import customers from a .csv or .xlsx file (updates by code)",
                        parents=[common])
    c.add_argument("file", metavar="FILE", help="a .csv (UTF-8 or GB18030) or .xlsx file")
    c.add_argument("--mapping", metavar="FILE.yaml", help="column mapping: 'field: header' per line")
    c.add_argument("--sheet", help="worksheet of an .xlsx file (default: the first)")
    c.add_argument("--dry-run", action="store_true", help="validate and report only; write nothing")
    c.add_argument("--skip-invalid", action="store_true",
                   help="import the good rows and write the bad ones to FILE.rejected.csv")
    c.set_defaults(func=run_customers)


def run_customers(args: argparse.Namespace) -> int:
    import sys

    from rmtui.importing.service import import_customers, load_mapping
    from rmtui.workspace import open_workspace

    mapping = load_mapping(args.mapping) if args.mapping else None
    ws = open_workspace(args.config)
    try:
        result = import_customers(ws, args.file, mapping=mapping, sheet=args.sheet, dry_run=args.dry_run,
                                  skip_invalid=args.skip_invalid)
    finally:
        ws.close()
    cols = ", ".join(f"{k}←{v}" for k, v in result.mapping.items())
    print(f"{result.path}: {result.rows} rows ({result.encoding}); columns: {cols}")
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    if result.problems and not result.written and not args.dry_run:
        print(f"rmtui: import error: {len(result.problems)} problem(s) in {result.rejected} row(s); "
              "nothing was written. Fix the rows above, or use --skip-invalid to import the good rows.",
              file=sys.stderr)
        return 2
    if args.dry_run:
        print(f"dry run: {result.rows - result.rejected} rows valid, {result.rejected} invalid; nothing written")
        return 2 if result.problems else 0
    print(f"imported: {result.inserted} new, {result.updated} updated")
    if result.reject_file:
        print(f"{result.rejected} invalid row(s) skipped, written to {result.reject_file}")
    return 0
