"""Regenerate the demo CSV files: ``python -m rmtui.demo [DIRECTORY]``.

Defaults reproduce the committed files in ``data/demo`` (seed 42, reference
date 2026-11-24, 250 customers).
"""

from __future__ import annotations

import argparse
from datetime import date

from rmtui.demo.book import REFERENCE_DATE
from rmtui.demo.csvio import export_demo_csvs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rmtui.demo", description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="data/demo", help="where to write (default: data/demo)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    parser.add_argument("--today", type=date.fromisoformat, default=REFERENCE_DATE,
                        help=f"reference date YYYY-MM-DD (default: {REFERENCE_DATE.isoformat()})")
    parser.add_argument("--size", type=int, default=250, help="number of customers (default: 250)")
    args = parser.parse_args(argv)
    for path in export_demo_csvs(args.directory, seed=args.seed, today=args.today, size=args.size):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
