"""Choosing a customer file to import: is it a file rmtui can read, and which sheets a workbook has.

The import screen checks the path as the user types (cheap: no file is
opened) and lists a workbook's sheets once the file is chosen (openpyxl,
imported only then). Reading and validating the file is
``rmtui.importing.service.preview_import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from rmtui.importing.table import workbook_error

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
PathProblem = Literal["empty", "missing", "folder", "type"]


def import_path(text: str) -> Path:
    """The path typed by the user (``~`` expanded, surrounding quotes from a paste removed)."""
    return Path(text.strip().strip("'\"")).expanduser()


def path_problem(text: str) -> PathProblem | None:
    """Why ``text`` cannot be imported, or None when it names a .csv or .xlsx file that exists."""
    if not text.strip():
        return "empty"
    p = import_path(text)
    if p.is_dir():
        return "folder"
    if p.suffix.lower() not in CSV_SUFFIXES + WORKBOOK_SUFFIXES:
        return "type"
    if not p.is_file():
        return "missing"
    return None


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def sheet_names(path: str | Path) -> list[str]:
    """The worksheets of an .xlsx workbook, in order."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise workbook_error(path, exc) from None
    try:
        return list(book.sheetnames)
    finally:
        book.close()
