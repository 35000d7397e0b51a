"""Importing a customer file into the book: preview first, then all-or-nothing.

``preview_import`` reads and validates a file without writing anything: the
column mapping (given, remembered for this header layout, or detected), a
sample of rows, the validation report and how many customers would be new
or updated — what the app's import screen shows and lets the user correct.
``commit_import`` writes a preview in one transaction; by default only a
file without problems is written, with ``skip_invalid`` the good rows go in
and the bad ones are written, unchanged and with the reason (in the
configured language), to ``FILE.rejected.csv`` beside the source.
``import_customers`` does both for the CLI. Problems are message keys with
values (``rmtui.importing.problem``), worded by whoever shows them.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rmtui.geo.datum import Datum
from rmtui.i18n import Translator
from rmtui.importing.customers import ImportRules, ValidationReport, validate_customers
from rmtui.importing.mapping import (
    datum_hint,
    detect_mapping,
    load_mapping,
    locate_header,
    mapping_problems,
    unmapped_columns,
)
from rmtui.importing.problem import ImportFileError, Items, Message, Problem, in_file
from rmtui.importing.saved_mapping import save_mapping, saved_mapping
from rmtui.importing.table import Table, read_table
from rmtui.importing.writer import existing_codes, write_customers
from rmtui.workspace import Workspace

__all__ = ["ImportFileError", "ImportPreview", "ImportResult", "Problem", "commit_import", "import_customers",
           "load_mapping", "preview_import", "write_report"]

MappingSource = Literal["given", "saved", "detected"]


@dataclass
class ImportPreview:
    """A file read and checked, nothing written: what an import would do."""

    path: str
    encoding: str
    table: Table
    mapping: dict[str, str]
    mapping_source: MappingSource
    mapping_problems: list[Message]
    """Why the mapping cannot be used (a required field without a column …); empty when it can."""
    unmapped: list[str]
    """Columns no field takes (ignored on import)."""
    datum: Datum
    datum_source: Literal["given", "header", "default"]
    sample: list[dict[str, str]]
    """The first rows as field → cell text, for a preview table."""
    report: ValidationReport | None
    """None while the mapping has problems."""
    new: int = 0
    updated: int = 0

    @property
    def rows(self) -> int:
        return len(self.table.rows)

    @property
    def can_write(self) -> bool:
        """True when the mapping is usable and at least one row is valid."""
        return not self.mapping_problems and self.report is not None and bool(self.report.records)


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    path: str
    encoding: str
    mapping: dict[str, str]
    rows: int
    mapping_source: MappingSource = "detected"
    unmapped: list[str] = field(default_factory=list)
    datum: Datum = "wgs84"
    datum_source: str = "default"
    inserted: int = 0
    updated: int = 0
    written: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejected: int = 0
    reject_file: str | None = None
    would_insert: int = 0
    would_update: int = 0


def preview_import(ws: Workspace, path: str | Path, *, mapping: Mapping[str, str] | None = None,
                   sheet: str | None = None, datum: Datum | None = None, sample_rows: int = 20) -> ImportPreview:
    """Read and validate ``path``; write nothing."""
    table = locate_header(read_table(path, sheet), mapping)
    if not table.rows:
        raise in_file(path, "import_problem.file.no_rows")
    source: MappingSource
    if mapping is not None:
        used, source = dict(mapping), "given"
    else:
        with ws.db.sessions() as session:
            remembered = saved_mapping(session, table.header)
        used, source = (remembered, "saved") if remembered else (detect_mapping(table.header), "detected")
    hint = datum_hint(used)
    chosen: Datum = datum or hint or "wgs84"
    datum_source = "given" if datum else ("header" if hint else "default")
    problems = mapping_problems(table, used)
    index = {f: table.header.index(h) for f, h in used.items() if h in table.header}
    sample = [{f: (row[i] if i < len(row) else "") for f, i in index.items()} for row in table.rows[:sample_rows]]
    preview = ImportPreview(str(path), table.encoding, table, used, source, problems,
                            unmapped_columns(table, used), chosen, datum_source, sample, None)
    if problems:
        return preview
    rules = ImportRules.from_settings(ws.settings, datum=chosen)
    preview.report = validate_customers(table, used, rules, ws.today())
    with ws.db.sessions() as session:
        known = existing_codes(session, ws.manager_id, [r["code"] for r in preview.report.records])
    preview.updated = len(known)
    preview.new = len(preview.report.records) - preview.updated
    return preview


def _result(preview: ImportPreview) -> ImportResult:
    report = preview.report
    assert report is not None
    return ImportResult(path=preview.path, encoding=preview.encoding, mapping=preview.mapping, rows=preview.rows,
                        mapping_source=preview.mapping_source, unmapped=preview.unmapped, datum=preview.datum,
                        datum_source=preview.datum_source, problems=report.problems, warnings=report.warnings,
                        rejected=len(report.bad_lines), would_insert=preview.new, would_update=preview.updated)


def commit_import(ws: Workspace, preview: ImportPreview, *, skip_invalid: bool = False) -> ImportResult:
    """Write a preview in one transaction (only the good rows, and only when allowed)."""
    if preview.mapping_problems or preview.report is None:
        raise _mapping_error(preview)
    report = preview.report
    result = _result(preview)
    if report.problems and not skip_invalid:
        return result
    if report.records:
        with ws.db.sessions.begin() as session:
            result.inserted, result.updated = write_customers(session, ws.manager_id, report.records, ws.now())
            save_mapping(session, preview.table.header, preview.mapping)
        result.written = True
    if report.bad_lines:
        result.reject_file = str(_write_rejects(preview.table, report.bad_lines, report.problems,
                                                Translator(ws.settings.locale)))
    return result


def import_customers(ws: Workspace, path: str | Path, *, mapping: Mapping[str, str] | None = None,
                     sheet: str | None = None, dry_run: bool = False, skip_invalid: bool = False,
                     datum: Datum | None = None) -> ImportResult:
    """Validate ``path`` and, unless it has problems (or ``dry_run``), write it."""
    preview = preview_import(ws, path, mapping=mapping, sheet=sheet, datum=datum, sample_rows=0)
    if preview.mapping_problems:
        raise _mapping_error(preview)
    if dry_run:
        return _result(preview)
    return commit_import(ws, preview, skip_invalid=skip_invalid)


def _mapping_error(preview: ImportPreview) -> ImportFileError:
    return ImportFileError(Message("import_problem.in_file", path=preview.path,
                                   problem=Items.of(preview.mapping_problems, "clauses")))


def _write_rejects(table: Table, bad_lines: set[int], problems: list[Problem], t: Translator) -> Path:
    src = Path(table.path)
    out = src.with_name(f"{src.stem}.rejected.csv")
    why: dict[int, list[str]] = {}
    for p in problems:
        why.setdefault(p.line, []).append(t("import_problem.reject_reason", column=p.column, message=p.text(t)))
    joiner = t("import_problem.join.sentences")  # a message may itself hold "; "
    try:
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([t("import_problem.col.line"), *table.header, t("import_problem.col.problem")])
            for row, line in zip(table.rows, table.line_numbers, strict=True):
                if line in bad_lines:
                    w.writerow([line, *row, joiner.join(why.get(line, []))])
    except OSError as exc:
        raise ImportFileError(Message("import_problem.reject_failed", path=str(out), reason=exc.strerror)) from None
    return out


def write_report(path: str | Path, result: ImportResult, *, locale: str) -> Path:
    """The full validation report as CSV (line, column, value, level, problem) in ``locale``, for Excel."""
    t = Translator(locale)
    out = Path(path)
    rows = [(p, "error") for p in result.problems] + [(p, "warning") for p in result.warnings]
    rows.sort(key=lambda item: item[0].line)
    try:
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([t(f"import_problem.col.{c}") for c in ("line", "column", "value", "level", "problem")])
            for p, level in rows:
                w.writerow([p.line, p.column, p.value, t(f"import_problem.level.{level}"), p.text(t)])
    except OSError as exc:
        raise ImportFileError(Message("import_problem.report_failed", path=str(out), reason=exc.strerror)) from None
    return out
