"""The visit record form (拜访记录) of one planned visit.

Every field of the record, prefilled from the plan (or the record already
kept), checked beside each field; follow-ups made in one step (ctrl+n) and
written with the record (ctrl+s). Whatever is typed is kept as a draft about a
second after the last change and when the screen is left, so a killed
terminal loses nothing; reopening the visit offers the draft back.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import DataTable, Header, Input, Label, Select, Static, TextArea

from rmtui.domain.visit_record import (
    CALL_CLASSES,
    FORM_FIELDS,
    MODES,
    OUTCOMES,
    VISIT_TYPES,
    VisitForm,
    format_due,
    parse_clock,
    validate,
)
from rmtui.errors import UserError
from rmtui.services import visit_records
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter
from rmtui.ui.widgets.notes_area import NotesArea

AUTOSAVE_SECONDS = 0.8
"""Quiet time after the last change before the draft is written."""

TEXT_FIELDS = ("discussed", "needs", "complaints", "competitor_info", "products", "next_steps")
SELECT_FIELDS = ("mode", "call_class", "visit_type", "outcome")
INPUT_FIELDS = ("arrived", "departed", "met", "purpose", "satisfaction")


class FieldCheck(Validator):
    """A Textual validator for one field, from the domain's own check (translated)."""

    def __init__(self, check: Callable[[str], str | None], translate: Callable[..., str]) -> None:
        super().__init__()
        self.check = check
        self.translate = translate

    def validate(self, value: str) -> ValidationResult:
        key = self.check(value)
        return self.success() if key is None else self.failure(self.translate(key))


def _clock_check(value: str) -> str | None:
    if not value.strip():
        return None  # "required" depends on the other fields: the form-level check says it
    try:
        parse_clock(value)
    except ValueError:
        return "visit_record.err.time_format"
    return None


def _satisfaction_check(value: str) -> str | None:
    text = value.strip()
    return None if not text or (text.isdigit() and 1 <= int(text) <= 5) else "visit_record.err.satisfaction"


class VisitRecordScreen(Screen[bool]):
    """Record what happened at one planned visit. Dismisses with True once saved."""

    DEFAULT_CSS = """
    VisitRecordScreen #vr-head { height: 1; padding: 0 1; background: $boost; }
    VisitRecordScreen #vr-head-text { width: 1fr; text-style: bold; }
    VisitRecordScreen #vr-draft { width: auto; color: $text-muted; }
    VisitRecordScreen #vr-body { height: 1fr; padding: 0 1; }
    VisitRecordScreen .vr-row { height: auto; }
    VisitRecordScreen .vr-field { height: auto; width: 1fr; margin-right: 1; }
    VisitRecordScreen .vr-field.-time { width: 14; }
    VisitRecordScreen .vr-field.-narrow { width: 18; }
    VisitRecordScreen .vr-field.-wide { width: 2fr; }
    VisitRecordScreen .vr-label { color: $text-muted; }
    VisitRecordScreen .vr-error { color: $error; display: none; width: 100%; height: auto; }
    VisitRecordScreen .vr-error.-shown { display: block; }
    VisitRecordScreen #fld-call_class { display: none; }
    VisitRecordScreen.-phone #fld-call_class { display: block; }
    VisitRecordScreen #vr-notes { layout: grid; grid-size: 3; grid-rows: 1fr; height: 1fr; min-height: 12; }
    VisitRecordScreen #vr-notes .vr-field { width: 1fr; height: 1fr; }
    VisitRecordScreen TextArea { height: 1fr; min-height: 4; }
    VisitRecordScreen TextArea.-invalid { border: tall $error 60%; }
    VisitRecordScreen Select.-invalid > SelectCurrent { border: tall $error 60%; }
    VisitRecordScreen #vr-fu-title { text-style: bold; color: $accent; margin-top: 1; }
    VisitRecordScreen #vr-fu-table { height: auto; max-height: 7; }
    VisitRecordScreen #vr-fu-none { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="vr_save"),
        Binding("ctrl+n", "new_followup", "New follow-up", id="vr_followup"),
        Binding("delete", "remove_followup", "Remove follow-up", id="vr_remove_followup", show=False),
        Binding("escape", "back", "Back", id="vr_back"),
    ]

    def __init__(self, planned_visit_id: int) -> None:
        super().__init__()
        self.planned_visit_id = planned_visit_id
        self.ctx: visit_records.VisitContext | None = None
        self._baseline = VisitForm()  # the form as kept in the database (record or plan)
        self._written = VisitForm()  # the form as last written (draft or baseline)
        self._has_draft = False
        self._followups: tuple = ()  # pending FollowUpDraft items
        self._shown: set[str] = set()  # fields whose errors are shown (left once, or after a save attempt)
        self._timer: Timer | None = None
        self._current = VisitForm()  # the form as on screen, kept up to date by every change
        self._done = False  # saved or abandoned: nothing more to keep
        self._draft_at = None  # when the draft on screen was last written
        self._error_text: dict[str, str] = {}  # what each field's error label shows now

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        t = self.app.t
        yield Header()
        with Horizontal(id="vr-head"):
            yield Static(id="vr-head-text")
            yield Static(id="vr-draft")
        with VerticalScroll(id="vr-body"):
            with Horizontal(classes="vr-row"):
                yield self._field("arrived", self._input("arrived", _clock_check, max_length=5), "-time")
                yield self._field("departed", self._input("departed", _clock_check, max_length=5), "-time")
                yield self._field("mode", Select(self._options("mode"), allow_blank=False, id="mode"))
                yield self._field("call_class", Select(self._options("call_class"), id="call_class"))
                yield self._field("visit_type", Select(self._options("visit_type"), allow_blank=False,
                                                       id="visit_type"))
                yield self._field("satisfaction", self._input("satisfaction", _satisfaction_check, max_length=1,
                                                              type="integer"), "-narrow")
            with Horizontal(classes="vr-row"):
                yield self._field("met", Input(id="met", max_length=200))
                yield self._field("purpose", Input(id="purpose", max_length=300), "-wide")
                yield self._field("outcome", Select(self._options("outcome"), id="outcome"))
            with Vertical(id="vr-notes"):
                for name in TEXT_FIELDS:
                    yield self._field(name, NotesArea(id=name, highlight_cursor_line=False))
            yield Label(id="vr-fu-title")
            yield DataTable(id="vr-fu-table", cursor_type="row", show_cursor=True)
            yield Static(id="vr-fu-none")
        yield KeyFooter()

    def _input(self, name: str, check: Callable[[str], str | None], **kw) -> Input:
        return Input(id=name, validators=[FieldCheck(check, self._say)], validate_on=["blur", "submitted"], **kw)

    def _field(self, name: str, widget: Widget, classes: str = "") -> Vertical:
        return Vertical(Label(id=f"lbl-{name}", classes="vr-label"), widget,
                        Label(id=f"err-{name}", classes="vr-error"), id=f"fld-{name}", classes=f"vr-field {classes}")

    def _options(self, name: str) -> list[tuple[str, str]]:
        t = self.app.t
        if name == "mode":
            return [(t(f"mode.{m}"), m) for m in MODES]
        if name == "call_class":
            return [(t(f"visit_record.call.{c}"), c) for c in CALL_CLASSES]
        if name == "visit_type":
            return [(t(f"visit_record.type.{v}"), v) for v in VISIT_TYPES]
        return [(t(f"outcome.{o}"), o) for o in OUTCOMES]

    def _say(self, key: str) -> str:
        return self.app.t(key, now=self.app.workspace.now().strftime("%H:%M"))

    # -- start ----------------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            ctx = visit_records.load_visit(self.app.workspace, self.planned_visit_id)
        except UserError as exc:
            self._done = True
            self.dismiss(False)
            self.app.show_error(self.app.t("visit_record.not_found"), str(exc))
            return
        self.ctx = ctx
        self._baseline = self._written = ctx.form
        self._fill(ctx.form)
        self.watch(self.app, "locale", self._relabel, init=True)
        self.query_one("#arrived", Input).focus()
        if ctx.draft is not None:
            self._has_draft = True
            if ctx.draft.form == ctx.form:
                self._discard_draft()
            else:
                from rmtui.ui.modals.draft_offer import DraftOfferModal

                self.app.push_screen(DraftOfferModal(ctx.draft.saved_at), self._draft_answer)

    def _draft_answer(self, restore: bool | None) -> None:
        if self.ctx is None or self.ctx.draft is None:
            return
        if restore:
            self._fill(self.ctx.draft.form)
            self._written = self.ctx.draft.form
            self._show_draft_time(self.ctx.draft.saved_at)
        else:
            self._discard_draft()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("visit_record.title")
        for name in FORM_FIELDS:
            self.query_one(f"#lbl-{name}", Label).update(t(f"visit_record.field.{name}"))
        for name in ("arrived", "departed"):
            self.query_one(f"#{name}", Input).placeholder = t("visit_record.clock_hint")
        self.query_one("#satisfaction", Input).placeholder = "1–5"
        for name in SELECT_FIELDS:
            select = self.query_one(f"#{name}", Select)
            value = select.value
            select.prompt = t("visit_record.choose")
            select.set_options(self._options(name))
            if value != Select.NULL:
                select.value = value
        self.query_one("#vr-fu-title", Label).update(t("visit_record.followups"))
        self.query_one("#vr-fu-none", Static).update(t("visit_record.followups_none"))
        self._show_head()
        self._show_draft_time(self._draft_at)
        self._show_followups()
        self._error_text.clear()
        self._show_errors()

    def _show_head(self) -> None:
        ctx, t = self.ctx, self.app.t
        if ctx is None:
            return
        day = ctx.day
        weekday = day.strftime("%a") if self.app.locale == "en" else "周" + "一二三四五六日"[day.weekday()]
        parts = [f"{ctx.customer_name} {ctx.customer_code}", f"{day.isoformat()} {weekday}"]
        if ctx.planned_start is not None:
            parts.append(t("visit_record.planned", start=ctx.planned_start.strftime("%H:%M"),
                           end=ctx.planned_depart.strftime("%H:%M") if ctx.planned_depart else ""))
        if ctx.record_id is not None:
            parts.append(t("visit_record.editing"))
        self.query_one("#vr-head-text", Static).update(Text(" · ".join(parts)))

    def _show_draft_time(self, when) -> None:  # noqa: ANN001 - datetime | None
        self._draft_at = when
        text = self.app.t("visit_record.draft_saved", time=when.strftime("%H:%M")) if when else ""
        self.query_one("#vr-draft", Static).update(text)

    # -- reading and writing the widgets -------------------------------------------

    def _read(self) -> VisitForm:
        values: dict[str, str] = {}
        for name in INPUT_FIELDS:
            values[name] = self.query_one(f"#{name}", Input).value
        for name in TEXT_FIELDS:
            values[name] = self.query_one(f"#{name}", TextArea).text
        for name in SELECT_FIELDS:
            value = self.query_one(f"#{name}", Select).value
            values[name] = "" if value == Select.NULL else str(value)
        return VisitForm(**values, followups=self._followups)

    def _fill(self, form: VisitForm) -> None:
        for name in INPUT_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(form, name)
        for name in TEXT_FIELDS:
            self.query_one(f"#{name}", TextArea).text = getattr(form, name)
        for name in SELECT_FIELDS:
            select = self.query_one(f"#{name}", Select)
            value = getattr(form, name)
            if value in {v for _, v in self._options(name)}:
                select.value = value
            elif name in ("call_class", "outcome"):
                select.clear()
        self._followups = form.followups
        self._current = form
        self.set_class(form.mode == "phone", "-phone")
        self._show_followups()

    def _show_followups(self) -> None:
        t = self.app.t
        table = self.query_one("#vr-fu-table", DataTable)
        table.clear(columns=True)
        for key in ("state", "kind", "title", "owner", "due", "first"):
            table.add_column(t(f"visit_record.col.{key}"), key=key)
        saved = self.ctx.followups if self.ctx else ()
        for f in saved:
            table.add_row(Text(t("visit_record.followup_saved"), style="green"), t(f"vr_fu.kind.{f.kind}"),
                          Text(f.title), Text(f.owner), format_due(f.due_at)[5:], format_due(f.first_answer_due)[5:],
                          key=f"saved-{f.id}")
        ws = self.app.workspace
        for n, item in enumerate(self._followups):
            try:
                first, due = visit_records.followup_deadlines(ws, item)
            except (UserError, ValueError):
                first, due = None, None
            table.add_row(Text(t("visit_record.followup_new"), style="bold"), t(f"vr_fu.kind.{item.kind}"),
                          Text(item.title), Text(item.owner), format_due(due)[5:], format_due(first)[5:],
                          key=f"new-{n}")
        empty = not saved and not self._followups
        table.display = not empty
        self.query_one("#vr-fu-none").display = empty

    # -- validation beside the fields -------------------------------------------------

    def _errors(self) -> dict[str, str]:
        if self.ctx is None:
            return {}
        return validate(self._read(), self.app.workspace.now(), self.ctx.day)

    def _show_errors(self, errors: dict[str, str] | None = None) -> None:
        errors = self._errors() if errors is None else errors
        for name in FORM_FIELDS:
            error = errors.get(name) if name in self._shown else None
            text = self._say(error) if error else ""
            if self._error_text.get(name) == text:
                continue  # most keystrokes change no message: no relayout
            self._error_text[name] = text
            label = self.query_one(f"#err-{name}", Label)
            label.update(text)
            label.set_class(bool(text), "-shown")
            self.query_one(f"#{name}").set_class(bool(text), "-invalid")

    def _field_of(self, widget: Widget | None) -> str | None:
        for node in widget.ancestors_with_self if widget is not None else ():
            if node.id and node.id.startswith("fld-"):
                return node.id[4:]
        return None

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        name = self._field_of(event.widget)
        if name is not None and name not in self._shown:
            self._shown.add(name)
            self._show_errors()

    # -- changes and the draft ------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self, event) -> None:  # noqa: ANN001 - any field's Changed
        if self.ctx is None or self._done:
            return
        if isinstance(event, Select.Changed) and event.select.id == "mode":
            self.set_class(event.value == "phone", "-phone")
        self._current = self._read()
        self._show_errors()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(AUTOSAVE_SECONDS, self._keep_draft)

    def _keep_draft(self) -> None:
        """Write the draft if the form differs from what was last written (or drop it when the
        form is back to what is saved)."""
        self._timer = None
        if self.ctx is None or self._done:
            return
        form = self._current
        if form == self._written:
            return
        try:
            if form == self._baseline:
                self._discard_draft()
            else:
                self._show_draft_time(visit_records.save_draft(self.app.workspace, self.planned_visit_id, form))
                self._has_draft = True
        except UserError as exc:
            self.notify(str(exc), title=exc.title, severity="error", markup=False)
            return
        self._written = form

    def _discard_draft(self) -> None:
        if self._has_draft:
            visit_records.discard_draft(self.app.workspace, self.planned_visit_id)
            self._has_draft = False
        self._show_draft_time(None)

    def on_unmount(self) -> None:
        # Left by any way (another screen's key, quit): keep what was typed.
        if self._timer is not None:
            self._timer.stop()
        if self.ctx is not None and not self._done and self._current != self._written:
            try:
                visit_records.save_draft(self.app.workspace, self.planned_visit_id, self._current)
            except UserError:
                pass  # nothing can be shown any more; the last autosave stands

    # -- actions ----------------------------------------------------------------------

    def action_save(self) -> None:
        if self.ctx is None:
            return
        t = self.app.t
        form = self._read()
        self._shown = set(FORM_FIELDS)
        errors = validate(form, self.app.workspace.now(), self.ctx.day)
        self._show_errors(errors)
        if errors:
            self._refuse(errors)
            return
        try:
            saved = visit_records.save_record(self.app.workspace, self.planned_visit_id, form)
        except visit_records.RecordInvalid as exc:
            self._refuse(exc.errors)
            return
        except UserError as exc:
            self.app.show_error(exc.title, str(exc))
            return
        self._done = True
        if self._timer is not None:
            self._timer.stop()
        name = self.ctx.customer_name
        message = (t("visit_record.saved_followups", customer=name, count=len(saved.followup_ids))
                   if saved.followup_ids else t("visit_record.saved", customer=name))
        self.notify(message, markup=False)
        self.dismiss(True)

    def _refuse(self, errors: dict[str, str]) -> None:
        t = self.app.t
        names = [f"{t(f'visit_record.field.{f}')}（{self._say(k)}）" if self.app.locale == "zh"
                 else f"{t(f'visit_record.field.{f}')} ({self._say(k)})"
                 for f, k in errors.items() if f in FORM_FIELDS]
        names += [t("visit_record.followups")] if any(f not in FORM_FIELDS for f in errors) else []
        sep = "；" if self.app.locale == "zh" else "; "
        self.notify(t("visit_record.cannot_save", fields=sep.join(names)), severity="error", timeout=8,
                    markup=False)
        first = next((f for f in errors if f in FORM_FIELDS), None)
        if first is not None:
            self.query_one(f"#{first}").focus()

    def action_back(self) -> None:
        if self.ctx is None:
            self.dismiss(False)
            return
        form = self._read()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        try:
            if form != self._baseline:
                if form != self._written:
                    visit_records.save_draft(self.app.workspace, self.planned_visit_id, form)
                self.notify(self.app.t("visit_record.draft_kept"), severity="warning")
            else:
                self._discard_draft()
        except UserError as exc:
            self.notify(str(exc), title=exc.title, severity="error", markup=False)
            return
        self._done = True
        self.dismiss(False)

    def action_new_followup(self) -> None:
        if self.ctx is None:
            return
        from rmtui.ui.modals.followup_new import FollowUpNewModal

        form = self._read()
        complaint = form.complaints.strip()
        pending_complaint = any(f.kind == "complaint" for f in self._followups)
        kind, title = ("complaint", complaint.splitlines()[0][:60]) if complaint and not pending_complaint \
            else ("follow_up", "")
        self.app.push_screen(FollowUpNewModal(owner=self.ctx.owner, sla_classes=self.ctx.sla_classes,
                                              kind=kind, title=title), self._followup_added)

    def _followup_added(self, item) -> None:  # noqa: ANN001 - FollowUpDraft | None
        if item is None:
            return
        self._followups = (*self._followups, item)
        self._show_followups()
        self._changed(None)

    def action_remove_followup(self) -> None:
        table = self.query_one("#vr-fu-table", DataTable)
        if self.focused is not table or not self._followups or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        if not key.startswith("new-"):
            return
        index = int(key[4:])
        title = self._followups[index].title
        self._followups = self._followups[:index] + self._followups[index + 1:]
        self._show_followups()
        self.notify(self.app.t("visit_record.followup_removed", title=title), markup=False)
        self._changed(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"save", "new_followup"} and self.ctx is None:
            return None
        return True

