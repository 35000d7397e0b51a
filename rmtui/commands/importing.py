"""``rmtui import customers FILE``: bring a customer list in from CSV or Excel.

Everything it prints (the summary, every problem and warning) and the files it
writes (the reject file, ``--report``) are in the configured ``locale``.
"""

from __future__ import annotations

import argparse
import re
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


def _print_problems(problems, t, stream) -> None:
    for problem in problems[:MAX_LISTED]:
        print(f"  {problem.render(t)}", file=stream)
    if len(problems) > MAX_LISTED:
        print("  " + t("import_problem.cli.more", count=len(problems) - MAX_LISTED), file=stream)
        # Grouped by column and kind of problem; shown by the first clause of the first one's message.
        groups: Counter[tuple[str, str]] = Counter((p.column, p.message.key) for p in problems)
        first = {}
        for p in problems:
            first.setdefault((p.column, p.message.key), p)
        for (column, key), count in groups.most_common(10):
            head = re.split("[;；]", first[column, key].text(t))[0]
            print("    " + t("import_problem.cli.by_column", count=count, column=column, message=head), file=stream)


def run_customers(args: argparse.Namespace) -> int:
    from rmtui.i18n import Translator
    from rmtui.importing.service import ImportFileError, import_customers, load_mapping, write_report
    from rmtui.workspace import open_workspace

    ws = open_workspace(args.config)
    t = Translator(ws.settings.locale)
    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
        result = import_customers(ws, args.file, mapping=mapping, sheet=args.sheet, dry_run=args.dry_run,
                                  skip_invalid=args.skip_invalid, datum=args.datum)
        report = write_report(args.report, result, locale=t.locale) if args.report else None
    except ImportFileError as exc:
        print(t("import_problem.cli.error", message=exc.render(t)), file=sys.stderr)
        return exc.exit_code
    finally:
        ws.close()
    cols = ", ".join(f"{k}←{v}" for k, v in result.mapping.items())
    print(t("import_problem.cli.summary", path=result.path, rows=result.rows, encoding=result.encoding,
            source=t(f"import_problem.cli.source.{result.mapping_source}"), columns=cols))
    if result.unmapped:
        print(t("import_problem.cli.ignored", columns=t("import_problem.join.list").join(result.unmapped)))
    if "lat" in result.mapping and result.datum != "wgs84":
        how = "header" if result.datum_source == "header" else "given"
        print(t(f"import_problem.cli.datum.{how}", datum=result.datum.upper()))
    if report is not None:
        print(t("import_problem.cli.report_written", path=report))
    if result.warnings:
        print(t("import_problem.cli.warnings", count=len(result.warnings)), file=sys.stderr)
        _print_problems(result.warnings, t, sys.stderr)
    if result.problems:
        print(t("import_problem.cli.problems", count=len(result.problems)), file=sys.stderr)
        _print_problems(result.problems, t, sys.stderr)
    if result.problems and not result.written and not args.dry_run:
        print(t("import_problem.cli.refused", problems=len(result.problems), rows=result.rejected), file=sys.stderr)
        return 2
    if args.dry_run:
        print(t("import_problem.cli.dry_run", valid=result.rows - result.rejected, new=result.would_insert,
                updated=result.would_update, invalid=result.rejected))
        return 2 if result.problems else 0
    print(t("import_problem.cli.imported", new=result.inserted, updated=result.updated))
    if result.reject_file:
        print(t("import_problem.cli.rejected", count=result.rejected, path=result.reject_file))
    if "lat" not in result.mapping:
        print(t("import_problem.cli.no_coordinates"))
    return 0
