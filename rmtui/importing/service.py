"""Importing a customer file into the book: all-or-nothing by default.

The whole file is validated first; only a file without problems is written,
in one transaction. With ``skip_invalid`` the good rows go in and the bad ones
are written, unchanged, to a reject file beside the source.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rmtui.errors import InputError
from rmtui.importing.customers import HEADER_ALIASES, Problem, detect_mapping, validate_customers
from rmtui.importing.table import Table, read_table
from rmtui.store.customers import upsert_customers
from rmtui.workspace import Workspace


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    path: str
    encoding: str
    mapping: dict[str, str]
    rows: int
    inserted: int = 0
    updated: int = 0
    written: bool = False
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0
    reject_file: str | None = None


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file: YAML ``field: header``, e.g. ``name: 客户名称``."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(f"{p}: cannot read the mapping file ({exc.strerror})", title="Import") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{p}: the mapping file is not valid YAML ({exc})", title="Import") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InputError(f"{p}: expected lines of 'field: column header', e.g. 'name: 客户名称'", title="Import")
    unknown = [k for k in data if k not in HEADER_ALIASES]
    if unknown:
        raise InputError(f"{p}: unknown field(s) {', '.join(unknown)}; fields are: {', '.join(HEADER_ALIASES)}",
                         title="Import")
    return dict(data)


def _write_rejects(table: Table, bad_lines: set[int], problems: list[Problem]) -> Path:
    src = Path(table.path)
    out = src.with_name(f"{src.stem}.rejected.csv")
    why: dict[int, list[str]] = {}
    for p in problems:
        why.setdefault(p.line, []).append(f"{p.column}: {p.message}")
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([*table.header, "problem"])
        for row, line in zip(table.rows, table.line_numbers, strict=True):
            if line in bad_lines:
                w.writerow([*row, "; ".join(why.get(line, []))])
    return out


def import_customers(ws: Workspace, path: str | Path, *, mapping: Mapping[str, str] | None = None,
                     sheet: str | None = None, dry_run: bool = False, skip_invalid: bool = False) -> ImportResult:
    """Validate ``path`` and, unless it has problems (or ``dry_run``), write it."""
    table = read_table(path, sheet)
    used = dict(mapping) if mapping else detect_mapping(table.header)
    s = ws.settings
    report = validate_customers(table, used, {t.id for t in s.tiers}, s.tier_aliases, ws.today())
    result = ImportResult(path=str(path), encoding=table.encoding, mapping=used, rows=len(table.rows),
                          problems=report.problems, rejected=len(report.bad_lines))
    if not table.rows:
        raise InputError(f"{path}: the file has a header but no customer rows", title="Import")
    if dry_run or (report.problems and not skip_invalid):
        return result
    if report.records:
        with ws.db.sessions.begin() as session:
            result.inserted, result.updated = upsert_customers(session, ws.manager_id, report.records, ws.now())
        result.written = True
    if report.bad_lines:
        result.reject_file = str(_write_rejects(table, report.bad_lines, report.problems))
    return result
