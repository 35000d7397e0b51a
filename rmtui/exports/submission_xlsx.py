"""The weekly plan as an Excel workbook for the supervisor (openpyxl, imported when used).

A summary sheet (who, which week, status, the month's targets, each day's
load with the week's totals, the visits not placed) and one sheet per
working day (time, customer, address, tier, purpose, focus and standard of
each visit, planned minutes). Every sheet has a bold, frozen header, column
widths that fit its text (a Chinese character counts double) and prints on
A4 landscape, one page wide, with a header and page numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rmtui.exports.submission_doc import (
    Cell,
    SubmissionDoc,
    Table,
    day_table,
    days_table,
    facts,
    lists,
    stamp,
    target_tables,
    title,
    unplaced_table,
)
from rmtui.textfmt import display_width

MIN_WIDTH = 6
MAX_WIDTH = 60
WRAP_WIDTH = 40
"""Columns of long text are at most this wide and wrap."""
HEADER_FILL = "DDE4EE"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def submission_to_xlsx(doc: SubmissionDoc) -> bytes:
    """The workbook as bytes (``.xlsx``)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.title = title(doc)
    wb.properties.creator = "rmtui"
    summary = wb.active
    _summary_sheet(doc, summary)
    used = {summary.title}
    for d in doc.plan.days:
        table = day_table(doc, d)
        sheet = wb.create_sheet(_sheet_name(table.title, used))
        used.add(sheet.title)
        _day_sheet(doc, sheet, table)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _summary_sheet(doc: SubmissionDoc, ws) -> None:
    from openpyxl.styles import Alignment, Font

    ws.title = _sheet_name(doc.t("submission.summary_sheet"), set())
    _put(ws, 1, 1, title(doc)).font = Font(bold=True, size=14)
    row = 3
    labels = []
    for label, value in facts(doc):
        _put(ws, row, 1, label).font = Font(bold=True)
        _put(ws, row, 2, value).alignment = Alignment(vertical="top")
        labels.append(label)
        row += 1
    tables = [*target_tables(doc), days_table(doc)]
    unplaced = unplaced_table(doc)
    if unplaced is not None:
        tables.append(unplaced)
    for table in tables:
        row = _write_table(ws, row + 1, table)
    for heading, items in lists(doc):
        _put(ws, row + 1, 1, heading).font = Font(bold=True)
        row += 2
        for item in items:
            _put(ws, row, 1, item)
            row += 1
    _set_widths(ws, tables, first_column_extra=labels)
    ws.freeze_panes = "A2"
    _print_setup(doc, ws, doc.t("submission.summary_sheet"))


def _day_sheet(doc: SubmissionDoc, ws, table: Table) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    _header_row(ws, 1, table.headers)
    row = 2
    if not table.rows:
        _put(ws, row, 1, doc.t("submission.no_visits"))
    for values in table.rows:
        _values_row(ws, row, values, table.wrap)
        row += 1
    if table.total is not None:
        _total_row(ws, row, table.total)
    last = get_column_letter(len(table.headers))
    if table.rows:
        ws.auto_filter.ref = f"A1:{last}{1 + len(table.rows)}"
    for r in ws.iter_rows(min_row=2):
        for c in r:
            if c.alignment.wrap_text is not True:
                c.alignment = Alignment(vertical="top")
    _set_widths(ws, [table])
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_setup(doc, ws, table.title)


def _write_table(ws, row: int, table: Table) -> int:
    """Write ``table`` from ``row`` (its title, header, rows, total); returns the row after it."""
    from openpyxl.styles import Font

    _put(ws, row, 1, table.title).font = Font(bold=True, size=12)
    _header_row(ws, row + 1, table.headers)
    row += 2
    for values in table.rows:
        _values_row(ws, row, values, table.wrap)
        row += 1
    if table.total is not None:
        _total_row(ws, row, table.total)
        row += 1
    return row


def _header_row(ws, row: int, headers: Iterable[str]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    line = Border(bottom=Side(style="thin"))
    for col, text in enumerate(headers, start=1):
        cell = _put(ws, row, col, text)
        cell.font, cell.fill, cell.border = Font(bold=True), fill, line
        cell.alignment = Alignment(vertical="center", wrap_text=False)


def _values_row(ws, row: int, values: tuple[Cell, ...], wrap: frozenset[int]) -> None:
    from openpyxl.styles import Alignment

    for col, value in enumerate(values, start=1):
        cell = _put(ws, row, col, value)
        if col - 1 in wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _total_row(ws, row: int, values: tuple[Cell, ...]) -> None:
    from openpyxl.styles import Border, Font, Side

    for col, value in enumerate(values, start=1):
        cell = _put(ws, row, col, value)
        cell.font, cell.border = Font(bold=True), Border(top=Side(style="thin"))


def _put(ws, row: int, col: int, value: Cell | None):
    """Write a cell. Text is always text: it loses the control characters a workbook cannot hold
    (imported data has some), and a leading ``=`` never makes it a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    cell = ws.cell(row, col, value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def column_width(texts: Iterable[str], wrap: bool) -> int:
    """Width of a column in Excel's character units: its widest text (CJK double), within limits."""
    widest = max((display_width(t) for t in texts), default=0) + 2
    return max(MIN_WIDTH, min(widest, WRAP_WIDTH if wrap else MAX_WIDTH))


def _set_widths(ws, tables: list[Table], first_column_extra: Iterable[str] = ()) -> None:
    from openpyxl.utils import get_column_letter
    columns: dict[int, list[str]] = {0: list(first_column_extra)}
    wraps: set[int] = set()
    for table in tables:
        wraps |= table.wrap
        for values in (table.headers, *table.rows, *([table.total] if table.total else [])):
            for k, value in enumerate(values):
                columns.setdefault(k, []).append("" if value is None else str(value))
    for k, texts in columns.items():
        ws.column_dimensions[get_column_letter(k + 1)].width = column_width(texts, k in wraps)


def _print_setup(doc: SubmissionDoc, ws, label: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.left.text = _escape(title(doc))
    ws.oddHeader.right.text = _escape(label)
    ws.oddFooter.left.text = _escape(f"{doc.branch} {doc.manager_name}".strip())
    ws.oddFooter.center.text = doc.t("submission.page")
    ws.oddFooter.right.text = _escape(stamp(doc.written_at))


def _escape(text: str) -> str:
    """Header/footer text: ``&`` starts a code there, so a literal one is doubled."""
    return text.replace("&", "&&")


def _sheet_name(text: str, used: set[str]) -> str:
    """A valid, unused sheet name (no []:*?/\\, at most 31 characters)."""
    base = _BAD_SHEET_CHARS.sub("-", text).strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name
