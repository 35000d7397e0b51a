"""Reading a tabular file into a header and rows of text cells.

CSV files may be UTF-8 (with or without BOM) or GB18030 (what Excel in China
writes); the encoding is detected by trying strict UTF-8 first. UTF-16 with a
BOM (Excel's "Unicode text") is read too, and the delimiter (comma, tab,
semicolon) is taken from the header line. ``.xlsx`` workbooks are read with
openpyxl (imported only when needed).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rmtui.importing.problem import ImportFileError, Items, Message, in_file


@dataclass(frozen=True, slots=True)
class Table:
    """A file's header and data rows; ``line_numbers[i]`` is the file line of ``rows[i]``."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line_numbers: tuple[int, ...]
    encoding: str

    def with_header_at(self, index: int) -> Table:
        """The same table with data row ``index`` as its header (rows above it dropped).

        For sheets that start with a title row ("客户清单 2026年11月") above the real header.
        """
        return Table(self.path, self.rows[index], self.rows[index + 1:], self.line_numbers[index + 1:],
                     self.encoding)


def _decode(raw: bytes, path: Path) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise in_file(path, "import_problem.file.utf16_damaged", byte=exc.start) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise in_file(path, "import_problem.file.encoding", byte=exc.start) from None


def _delimiter(text: str) -> str:
    """Comma, unless the first non-empty line is clearly tab- or semicolon-separated."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def read_csv(path: Path) -> Table:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise in_file(path, "import_problem.file.unreadable", reason=exc.strerror) from None
    text, encoding = _decode(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    try:
        for record in reader:
            line = reader.line_num
            if header is None:
                if not any(cell.strip() for cell in record):
                    continue
                header = tuple(cell.strip() for cell in record)
                continue
            if not any(cell.strip() for cell in record):
                continue
            rows.append(tuple(cell.strip() for cell in record))
            lines.append(line)
    except csv.Error as exc:
        raise in_file(path, "import_problem.file.bad_csv", line=reader.line_num, reason=str(exc)) from None
    if header is None:
        raise in_file(path, "import_problem.file.empty")
    return Table(str(path), header, tuple(rows), tuple(lines), encoding)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def workbook_error(path: str | Path, exc: Exception) -> ImportFileError:
    """A workbook openpyxl cannot open (damaged, or not an .xlsx at all)."""
    return in_file(path, "import_problem.file.bad_workbook", reason=str(exc))


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    try:
        import openpyxl
    except ModuleNotFoundError:  # pragma: no cover - openpyxl is a dependency
        raise ImportFileError(Message("import_problem.file.no_openpyxl")) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise workbook_error(path, exc) from None
    try:
        if sheet is not None:
            if sheet in book.sheetnames:
                ws = book[sheet]
            elif sheet.isdigit() and 1 <= int(sheet) <= len(book.sheetnames):
                ws = book.worksheets[int(sheet) - 1]
            else:
                raise in_file(path, "import_problem.file.no_sheet", sheet=sheet, sheets=Items.of(book.sheetnames))
        else:
            ws = book.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            # Some exporters write a wrong size into the sheet; read every row instead of trusting it.
            ws.reset_dimensions()
        header: tuple[str, ...] | None = None
        rows: list[tuple[str, ...]] = []
        lines: list[int] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = tuple(_cell_text(v) for v in values)
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append(cells)
            lines.append(number)
    finally:
        book.close()
    if header is None:
        raise in_file(path, "import_problem.file.empty_sheet")
    return Table(str(path), header, tuple(rows), tuple(lines), "xlsx")


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file by its extension."""
    p = Path(path)
    if not p.exists():
        raise in_file(p, "import_problem.file.not_found")
    if p.is_dir():
        raise in_file(p, "import_problem.file.folder")
    suffix = p.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return read_xlsx(p, sheet)
    if suffix in {".xls", ".et", ".numbers", ".ods"}:
        raise in_file(p, "import_problem.file.old_format", suffix=suffix)
    if suffix in {".csv", ".txt", ".tsv", ""}:
        if sheet is not None:
            raise in_file(p, "import_problem.file.sheet_csv")
        return read_csv(p)
    raise in_file(p, "import_problem.file.unsupported", suffix=suffix)
