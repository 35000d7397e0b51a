"""Import a customer list: choose the file, check the column mapping, see the
first rows and every problem, then write it in one go.

Reading and validating (``preview_import``) and writing (``commit_import``)
run in thread workers. Changing a column's field re-runs the preview with
the edited mapping; the mapping used for an import is remembered by the
service for files with the same headers. Nothing is written while any row is
bad unless "skip invalid rows" is ticked; the bad rows then go to a reject
file beside the source, whose path is shown.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Checkbox, DataTable, Header, Input, Label, ProgressBar, Select, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from rmtui.errors import UserError
from rmtui.importing.mapping import FIELD_LABELS, REQUIRED
from rmtui.importing.service import ImportFileError, ImportPreview, ImportResult, commit_import, preview_import
from rmtui.services.customer_location import locations_needed
from rmtui.services.import_file import import_path, is_workbook, path_problem, sheet_names
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.column_mapping import ColumnMapping
from rmtui.ui.widgets.footer import KeyFooter

# Preview columns: what identifies a row first, then the rest in the mapping editor's order.
_FIRST = ("code", "name", "tier")
# Long free-text fields get a fixed column width in the preview; the rest size to their content.
_WIDTHS = {"name": 16, "address": 22, "opening_hours": 18, "notes": 14}
# The report's columns: line, column, value, problem (wrapped to the width left, see _problem_width).
_REPORT_WIDTHS = {"line": None, "column": 10, "value": 12, "problem": 38}
# Columns of the tables pane the problem text cannot use (the other columns, cell padding, scrollbar).
_REPORT_FIXED = 38


class _ImportPath(Validator):
    """A .csv or .xlsx file that exists (checked without opening it)."""

    def __init__(self, screen: ImportScreen) -> None:
        super().__init__()
        self.screen = screen

    def validate(self, value: str) -> ValidationResult:
        problem = path_problem(value)
        if problem is None:
            return self.success()
        return self.failure(self.screen.app.t(f"import.path.{problem}"))


class ImportScreen(Screen[None]):
    """Bring a customer list in from CSV or Excel, checked before anything is written."""

    DEFAULT_CSS = """
    ImportScreen #file-row { height: 3; }
    ImportScreen #file-label { width: auto; padding: 1 1 0 1; }
    ImportScreen #path { width: 1fr; }
    ImportScreen #sheet { width: 26; display: none; }
    ImportScreen.-workbook #sheet { display: block; }
    ImportScreen #path-error { height: auto; padding: 0 1; color: $error; }
    ImportScreen #summary { height: auto; padding: 0 1; }
    ImportScreen #body { height: 1fr; }
    ImportScreen #mapping-pane { width: 44; border-right: solid $primary; }
    ImportScreen #mapping-problem { height: auto; padding: 0 1; color: $warning; }
    ImportScreen #tables { width: 1fr; }
    ImportScreen #tables .section-title { margin: 0 1; }
    ImportScreen DataTable { height: 1fr; }
    ImportScreen #hint { padding: 1 2; color: $text-muted; }
    ImportScreen #actions { height: 3; }
    ImportScreen #skip-invalid { width: auto; }
    ImportScreen #import-button { margin: 0 1; }
    ImportScreen #progress { width: 28; padding: 1 0 0 0; }
    ImportScreen #result { width: 1fr; height: 3; padding: 0 1; content-align: left middle; }
    ImportScreen.-busy #progress { display: block; }
    ImportScreen #progress { display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "run_import", "Import", id="import_run"),
        Binding("ctrl+r", "preview", "Preview", id="import_preview"),
        Binding("ctrl+g", "geocode", "Locate", id="import_geocode"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.initial_path = path
        self.preview: ImportPreview | None = None
        """The last preview shown (the file as read, the mapping used, the report)."""
        self.result: ImportResult | None = None
        """The last import written from this screen."""
        self.previewing = False
        self.importing = False
        self._path: str | None = None  # the file of the current preview
        self._sheet: str | None = None
        self._sheets: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="file-row"):
            yield Label(id="file-label")
            yield Input(value=self.initial_path or "", id="path", validators=[_ImportPath(self)],
                        validate_on=["changed", "submitted"])
            yield Select([], id="sheet", allow_blank=True)
            yield Button(id="preview-button")
        yield Label(id="path-error")
        yield Static(id="summary", markup=False)
        with Horizontal(id="body"):
            with Vertical(id="mapping-pane"):
                yield Label(id="mapping-title", classes="section-title")
                yield ColumnMapping(id="mapping")
                yield Static(id="mapping-problem", markup=False)
            with Vertical(id="tables"):
                yield Static(id="hint")
                yield Label(id="preview-title", classes="section-title")
                yield DataTable(id="preview", zebra_stripes=True, cursor_type="row")
                yield Label(id="report-title", classes="section-title")
                yield DataTable(id="report", zebra_stripes=True, cursor_type="row")
        with Horizontal(id="actions"):
            yield Checkbox(id="skip-invalid")
            yield Button(id="import-button", variant="primary")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="result", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one("#path", Input).focus()
        if self.initial_path:
            self.action_preview()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("import.title")
        self.query_one("#file-label", Label).update(t("import.file"))
        self.query_one("#path", Input).placeholder = t("import.path_placeholder")
        self.query_one("#sheet", Select).prompt = t("import.sheet")
        self.query_one("#preview-button", Button).label = t("import.preview_button")
        self.query_one("#mapping-title", Label).update(t("import.mapping_title"))
        self.query_one("#preview-title", Label).update(t("import.preview_title"))
        self.query_one("#report-title", Label).update(t("import.report_title"))
        self.query_one("#hint", Static).update(t("import.empty_hint"))
        self.query_one("#skip-invalid", Checkbox).label = t("import.skip_invalid")
        self.query_one("#import-button", Button).label = f"{t('import.do_import')} (ctrl+s)"
        if path_problem(self.query_one("#path", Input).value) not in (None, "empty"):
            self._check_path(self.query_one("#path", Input).value)
        if self.preview is not None:
            self._show_preview(self.preview)
        else:
            self._show_tables(None)
        if self.result is not None:
            self._show_result(self.result)

    # -- the file ------------------------------------------------------------

    def _check_path(self, value: str, *, submitted: bool = False) -> bool:
        problem = path_problem(value)
        shown = problem is not None and (submitted or problem != "empty")
        self.query_one("#path-error", Label).update(self.app.t(f"import.path.{problem}") if shown else "")
        return problem is None

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._check_path(event.value)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#preview-button")
    def _path_submitted(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.action_preview()

    @on(Select.Changed, "#sheet")
    def _sheet_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else None
        if self._path is None or value is None or value == self._sheet:
            return
        self._sheet = value
        self._start_preview(self._path, None, value)  # another sheet has its own columns

    def action_preview(self) -> None:
        """Read the file in the box: a new file starts from its detected columns, the same file keeps the edits."""
        text = self.query_one("#path", Input).value
        if not self._check_path(text, submitted=True):
            self.query_one("#path", Input).focus()
            return
        path = str(import_path(text))
        if path != self._path:
            self._path, self._sheet, self._sheets = path, None, []
            self._start_preview(path, None, None)
        else:
            editor = self.query_one(ColumnMapping)
            self._start_preview(path, dict(editor.mapping) if self.preview else None, self._sheet)

    def _start_preview(self, path: str, mapping: dict[str, str] | None, sheet: str | None) -> None:
        self.previewing = True
        self.result = None
        self.remove_class("-busy")
        self.query_one("#result", Static).update("")
        self.query_one("#summary", Static).update(self.app.t("import.reading", name=Path(path).name))
        self.refresh_bindings()
        self.load_preview(path, mapping, sheet)

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def load_preview(self, path: str, mapping: dict[str, str] | None, sheet: str | None) -> None:
        worker = get_current_worker()
        sheets = self._sheets
        try:
            if not sheets and is_workbook(path):
                sheets = sheet_names(path)
            preview = preview_import(self.app.workspace, path, mapping=mapping, sheet=sheet)
        except UserError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._preview_failed, exc, sheets)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._preview_loaded, preview, sheets)

    def _show_sheets(self, sheets: list[str]) -> None:
        if sheets != self._sheets:
            self._sheets = sheets
            select = self.query_one("#sheet", Select)
            select.set_options([(name, name) for name in sheets])
            if sheets:
                self._sheet = self._sheet or sheets[0]
                select.value = self._sheet
        self.set_class(bool(sheets), "-workbook")

    def _preview_failed(self, exc: UserError, sheets: list[str]) -> None:
        self.previewing = False
        self.preview = None
        self._show_sheets(sheets)
        self.query_one(ColumnMapping).clear()
        self.query_one("#mapping-problem", Static).update("")
        self.query_one("#summary", Static).update("")
        self.query_one("#path-error", Label).update(Text(self._error_text(exc)))  # a path may hold "["
        self._show_tables(None)
        self.refresh_bindings()

    def _preview_loaded(self, preview: ImportPreview, sheets: list[str]) -> None:
        self.previewing = False
        self.preview = preview
        self._show_sheets(sheets)
        self._show_preview(preview)
        if self.query_one("#path", Input).has_focus:
            self.call_after_refresh(self.query_one(ColumnMapping).focus_first)  # the next thing to check
        self.refresh_bindings()

    # -- showing a preview --------------------------------------------------------

    def _show_preview(self, preview: ImportPreview) -> None:
        t = self.app.t
        source = t(f"import.source.{preview.mapping_source}")
        lines = [t("import.summary", name=Path(preview.path).name, rows=preview.rows, encoding=preview.encoding,
                   source=source)]
        if preview.report is not None:
            lines.append(t("import.counts", new=preview.new, updated=preview.updated,
                           bad=len(preview.report.bad_lines), warnings=len(preview.report.warnings)))
        self.query_one("#summary", Static).update("\n".join(lines))
        self.query_one("#path-error", Label).update("")
        self.query_one(ColumnMapping).show(preview.table.header, preview.mapping,
                                           {f: self._field_label(f) for f in FIELD_LABELS}, t("import.ignore"))
        self._show_mapping_problem(preview)
        self._show_tables(preview)

    def _field_label(self, fld: str) -> str:
        zh, en = FIELD_LABELS[fld]
        return zh if self.app.locale == "zh" else en

    def _mapping_problem(self, preview: ImportPreview) -> str:
        """Why the columns cannot be imported yet ("" when they can)."""
        t = self.app.t
        missing = [f for f in REQUIRED if f not in preview.mapping]
        if missing:
            sep = "、" if self.app.locale == "zh" else ", "
            return t("import.missing_fields", fields=sep.join(self._field_label(f) for f in missing))
        if preview.mapping_problems:
            joiner = t("import_problem.join.clauses")
            return t("import.mapping_problem", problem=joiner.join(m.render(t) for m in preview.mapping_problems))
        return ""

    def _error_text(self, exc: UserError) -> str:
        """An error in the interface's language when the import words it (a file or mapping problem)."""
        return exc.render(self.app.t) if isinstance(exc, ImportFileError) else str(exc)

    def _show_mapping_problem(self, preview: ImportPreview) -> None:
        self.query_one("#mapping-problem", Static).update(self._mapping_problem(preview))

    @on(ColumnMapping.Changed)
    def _mapping_edited(self, event: ColumnMapping.Changed) -> None:
        """The user gave a column another field: preview again with the edited mapping."""
        event.stop()
        if self._path is not None:
            self._start_preview(self._path, event.mapping, self._sheet)

    def _show_tables(self, preview: ImportPreview | None) -> None:
        t = self.app.t
        hint = self.query_one("#hint", Static)
        hint.display = preview is None
        for wid in ("#preview-title", "#preview", "#report-title", "#report"):
            self.query_one(wid).display = preview is not None
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        report_table = self.query_one("#report", DataTable)
        report_table.clear(columns=True)
        if preview is None:
            return
        fields = [f for f in (*_FIRST, *FIELD_LABELS) if f in preview.mapping]
        fields = list(dict.fromkeys(fields))
        table.add_column(t("import.col.line"), key="line")
        table.add_column(t("import.col.ok"), key="ok")
        for f in fields:
            table.add_column(self._field_label(f), key=f, width=_WIDTHS.get(f))
        report = preview.report
        records = dict(zip(report.record_lines, report.records, strict=True)) if report else {}
        for raw, line in zip(preview.sample, preview.table.line_numbers, strict=False):
            record = records.get(line)
            if report is None:
                mark = Text("?")
            elif record is not None:
                mark = Text("✓", style="green")
            else:
                mark = Text("✗", style="bold red")
            cells = [self._cell(f, raw, record) for f in fields]
            table.add_row(str(line), mark, *cells, key=str(line))
        widths = {**_REPORT_WIDTHS, "problem": self._problem_width()}
        for key, width in widths.items():
            report_table.add_column(t(f"import.col.{key}"), key=key, width=width)
        if report is None:
            return
        entries = [(p, "error") for p in report.problems] + [(p, "warning") for p in report.warnings]
        entries.sort(key=lambda e: e[0].line)
        for p, level in entries:
            text = p.text(t)
            message = text if level == "error" else t("import.warning", message=text)
            style = "red" if level == "error" else "yellow"
            report_table.add_row(str(p.line), Text(p.column), Text(p.value), Text(message, style=style),
                                 height=None)
        if not entries:
            report_table.add_row("", "", "", Text(t("import.report_ok"), style="green"))

    def _problem_width(self) -> int:
        """The problem text wraps within the pane (38 at 120 columns, less on a narrow terminal) so
        no message is cut off at the right edge."""
        available = self.query_one("#tables").size.width
        if not available:
            return _REPORT_WIDTHS["problem"]
        return max(16, min(72, available - _REPORT_FIXED))

    def on_resize(self, _event) -> None:  # noqa: ANN001 - events.Resize
        report = self.query_one("#report", DataTable)
        column = report.columns.get(ColumnKey("problem")) if report.columns else None
        if self.preview is not None and column is not None and column.width != self._problem_width():
            self._show_tables(self.preview)

    def _cell(self, fld: str, raw: dict[str, str], record: dict | None) -> Text:
        """A field as it will be imported (the raw cell for a row that will not be)."""
        if record is None:
            return Text(raw.get(fld, ""), overflow="ellipsis", no_wrap=True)
        value = record.get("last_visit_imported" if fld == "last_visit" else fld)
        if fld == "tier" and value:
            tier = self.app.workspace.tiers.get(value)
            value = tier.name(self.app.locale) if tier else value
        elif fld in ("lat", "lon") and value is not None:
            value = f"{value:.6f}"
        return Text("" if value is None else str(value), overflow="ellipsis", no_wrap=True)

    # -- importing ----------------------------------------------------------------

    @on(Button.Pressed, "#import-button")
    def _import_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run_import()

    def action_run_import(self) -> None:
        t = self.app.t
        preview = self.preview
        if preview is None or self.previewing or self.importing:
            return
        if preview.report is None:
            self.notify(self._mapping_problem(preview) or t("import.nothing_valid"), severity="error")
            return
        skip = self.query_one("#skip-invalid", Checkbox).value
        if preview.report.problems and not skip:
            self.notify(t("import.refused", bad=len(preview.report.bad_lines)), severity="error", timeout=8)
            return
        if not preview.report.records:
            self.notify(t("import.nothing_valid"), severity="error")
            return
        self.importing = True
        self.add_class("-busy")
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#result", Static).update(t("import.importing", rows=len(preview.report.records)))
        self.refresh_bindings()
        self.write_import(preview, skip)

    @work(thread=True, exclusive=True, group="import-commit", exit_on_error=False)
    def write_import(self, preview: ImportPreview, skip_invalid: bool) -> None:
        ws = self.app.workspace
        try:
            result = commit_import(ws, preview, skip_invalid=skip_invalid)
            needing = len(locations_needed(ws)) if result.written else 0
        except UserError as exc:
            self.app.call_from_thread(self._import_failed, exc)
            return
        self.app.call_from_thread(self._imported, result, needing)

    def _import_failed(self, exc: UserError) -> None:
        self.importing = False
        self.remove_class("-busy")
        self.query_one("#result", Static).update("")
        self.refresh_bindings()
        title = self.app.t("import.title") if isinstance(exc, ImportFileError) else exc.title
        self.app.show_error(title, self._error_text(exc))

    def _imported(self, result: ImportResult, needing: int) -> None:
        self.importing = False
        self.result = result
        self.query_one("#progress", ProgressBar).update(total=1, progress=1)
        self._show_result(result)
        self.refresh_bindings()
        if needing:
            from rmtui.ui.modals.geocode_offer import GeocodeOfferModal

            self.app.push_screen(GeocodeOfferModal(needing), self._offer_answered)

    def _show_result(self, result: ImportResult) -> None:
        t = self.app.t
        text = t("import.done", new=result.inserted, updated=result.updated)
        if result.reject_file:
            text += "\n" + t("import.rejected", count=result.rejected, path=result.reject_file)
        self.query_one("#result", Static).update(text)

    def _offer_answered(self, geocode: bool | None) -> None:
        if geocode:
            self._open_locations(start=True)

    def action_geocode(self) -> None:
        self._open_locations(start=False)

    def _open_locations(self, start: bool) -> None:
        """The Locations screen; with ``start`` (the offer after an import accepted) its run begins at once."""
        self.app.go("geocode")
        if start:
            from rmtui.ui.screens.geocode import GeocodeScreen

            screen = self.app.screen_stack[-1]
            if isinstance(screen, GeocodeScreen):
                screen.start_run()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_import":
            return (self.preview is not None and not self.previewing and not self.importing) or None
        if action == "geocode":
            return self.result is not None and self.result.written
        return True
