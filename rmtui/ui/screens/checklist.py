"""The pre-visit checklist of one planned visit (拜访前准备).

The objective at the top, the steps and the materials to tick (space), and
beside them what to read before going: the visit, the appointment, open
follow-ups and complaints with their SLA clocks, the last visit's notes.
Every tick is saved at once; the objective a moment after typing stops.
Setting off (ctrl+g) with lines open asks once, and the answer is kept.

A form screen: an Input has focus, so there are no single-letter keys.
"""

from __future__ import annotations

from dataclasses import replace

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Label, OptionList, SelectionList, Static
from textual.widgets.selection_list import Selection

from rmtui.domain.checklists import NO_TEMPLATE, ChecklistInfo, LineKind
from rmtui.domain.followups import format_time_left
from rmtui.errors import UserError
from rmtui.services import checklists as svc
from rmtui.ui.keys import localize_bindings
from rmtui.ui.modals.leave_checklist import LeaveChecklistModal
from rmtui.ui.widgets.footer import KeyFooter

SAVE_DELAY = 0.6
"""Seconds after the last keystroke before the objective is saved."""


class TickList(SelectionList[int]):
    """A SelectionList that toggles the line space (or enter, or a click) was pressed on.

    Textual's own toggles whatever line is highlighted when its message is handled, so keys
    arriving together from a real terminal (space, down) ticked the next line instead.
    """

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.prevent_default()  # not the base class's handler as well
        self.toggle(self.get_option_at_index(event.option_index))


class ChecklistScreen(Screen[None]):
    """Prepare one visit: set the objective, tick the steps, pack the materials."""

    DEFAULT_CSS = """
    ChecklistScreen #body { height: 1fr; }
    ChecklistScreen #form { width: 1fr; padding: 0 1; }
    ChecklistScreen #context { width: 52; padding: 0 1; border-left: solid $primary; }
    ChecklistScreen .title { text-style: bold; color: $accent; margin-top: 1; }
    ChecklistScreen #objective-title { margin-top: 0; }
    ChecklistScreen SelectionList { height: auto; max-height: 12; }
    ChecklistScreen #status { height: auto; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+g", "leave", "Set off", id="checklist_leave"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, planned_visit_id: int) -> None:
        super().__init__()
        self.planned_visit_id = planned_visit_id
        self.view: svc.ChecklistView | None = None
        self._save_timer: Timer | None = None
        self._saved_objective: str | None = None
        self._objective_text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with VerticalScroll(id="form"):
                yield Label(id="objective-title", classes="title")
                yield Input(id="objective")
                yield Label(id="steps-title", classes="title")
                yield TickList(id="steps")
                yield Label(id="materials-title", classes="title")
                yield TickList(id="materials")
                yield Static(id="status")
            with VerticalScroll(id="context"):
                yield Static(id="context-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self._relabel, init=True)
        self.load()

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("checklist.title")
        self.query_one("#objective-title", Label).update(t("checklist.objective"))
        if self.view is not None:
            self._show(self.view)

    # -- data --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="checklist-load", exit_on_error=False)
    def load(self) -> None:
        try:
            view = svc.open_checklist(self.app.workspace, self.planned_visit_id)
        except UserError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._loaded, view)

    def _failed(self, exc: UserError) -> None:
        self.app.pop_screen()
        self.app.show_error(exc.title, str(exc))

    def _loaded(self, view: svc.ChecklistView) -> None:
        self.view = view
        objective = self.query_one("#objective", Input)
        with objective.prevent(Input.Changed):
            objective.value = view.checklist.objective
        self._saved_objective = self._objective_text = view.checklist.objective
        for kind, box in ((LineKind.ITEM, "#steps"), (LineKind.MATERIAL, "#materials")):
            widget = self.query_one(box, SelectionList)
            widget.clear_options()
            widget.add_options([Selection(escape(i.text), i.id, i.done) for i in view.checklist.of_kind(kind)])
            if widget.option_count:
                widget.highlighted = 0  # space ticks the first line straight away
        self._show(view)
        (objective if not view.checklist.objective else self.query_one("#steps", SelectionList)).focus()

    def _show(self, view: svc.ChecklistView) -> None:
        t = self.app.t
        ctx = view.context
        objective = self.query_one("#objective", Input)
        purpose = ctx.purpose or ctx.focus
        objective.placeholder = t("checklist.objective_hint", purpose=purpose) if purpose else \
            t("checklist.objective_placeholder")
        self.sub_title = f"{t('checklist.title')} · {ctx.customer.name}"
        self._counts(view.checklist)
        self.query_one("#context-text", Static).update(self._context_text(ctx))

    def _counts(self, checklist: ChecklistInfo) -> None:
        t = self.app.t
        for kind, title, key in ((LineKind.ITEM, "#steps-title", "checklist.steps"),
                                 (LineKind.MATERIAL, "#materials-title", "checklist.materials")):
            lines = checklist.of_kind(kind)
            self.query_one(title, Label).update(t(key, done=sum(i.done for i in lines), total=len(lines)))
            self.query_one("#" + title[1:].removesuffix("-title"), SelectionList).display = bool(lines)
        r = checklist.readiness
        if checklist.template_id == NO_TEMPLATE and self.view is not None:
            ctx = self.view.context
            text = f"[yellow]{t('checklist.no_template', tier=ctx.customer.tier, type=ctx.visit_type)}[/yellow]"
        elif r.ready:
            text = f"[green]✔ {t('checklist.ready')}[/green]"
        else:
            text = t("checklist.open", open=r.open, total=r.total)
        if checklist.left_with_open_items:
            text += "\n" + f"[dim]{t('checklist.left_before')}[/dim]"
        self.query_one("#status", Static).update(text)

    def _context_text(self, ctx: svc.VisitContext) -> str:
        t, locale = self.app.t, self.app.locale
        now = self.app.workspace.now()
        c = ctx.customer
        tier = self.app.workspace.tiers.get(c.tier)
        when = ctx.planned_start.strftime("%H:%M") if ctx.planned_start else "--:--"
        lines = [f"[b]{escape(c.name)}[/b] [dim]{escape(c.code)}[/dim]",
                 f"{tier.name(locale) if tier else escape(c.tier)} · {t('checklist.type.' + ctx.visit_type)}",
                 t("checklist.when", day=ctx.day.isoformat(), time=when, minutes=ctx.minutes),
                 escape(c.address or "-"),
                 escape(f"{c.contact} {c.phone}".strip() or "-")]
        for label, value in ((t("checklist.purpose"), ctx.purpose), (t("checklist.reason"), ctx.reason),
                             (t("checklist.focus"), ctx.focus)):
            if value:
                lines.append(f"[dim]{label}[/dim] {escape(value)}")
        lines += ["", f"[b]{t('checklist.appointment')}[/b]"]
        a = ctx.appointment
        if a is None:
            lines.append(f"  [dim]{t('checklist.no_appointment')}[/dim]")
        else:
            state = f"[green]{t('checklist.confirmed')}[/green]" if a.confirmed else \
                f"[yellow]{t('checklist.unconfirmed')}[/yellow]"
            lines.append(f"  {a.starts_at:%m-%d %H:%M} · {a.minutes}′ · {state}")
            if a.note:
                lines.append(f"  [dim]{escape(a.note)}[/dim]")
        lines += ["", f"[b]{t('checklist.followups')}[/b]"]
        if not ctx.followups:
            lines.append(f"  [dim]{t('checklist.no_followups')}[/dim]")
        for f in ctx.followups:
            left = f.time_left(now)
            clock = format_time_left(left, locale)
            clock = f"[red]{t('checklist.overdue', left=clock)}[/red]" if f.overdue(now) else \
                t("checklist.left", left=clock)
            lines.append(f"  {t('checklist.kind.' + f.kind)} · {clock}")
            lines.append(f"    {escape(f.title)}")
        lines += ["", f"[b]{t('checklist.last_visit')}[/b]"]
        v = ctx.last_visit
        if v is None:
            lines.append(f"  [dim]{t('checklist.no_last')}[/dim]")
        else:
            head = f"  {v.day.isoformat()} · {t('mode.' + v.mode)}"
            if v.outcome:
                head += f" · {t('outcome.' + v.outcome)}"
            if v.satisfaction:
                head += f" · {'★' * v.satisfaction}"
            lines.append(head)
            for label, value in ((t("checklist.purpose"), v.purpose), (t("checklist.met"), v.met),
                                 (t("checklist.discussed"), v.discussed), (t("checklist.next_steps"), v.next_steps)):
                if value:
                    lines.append(f"  [dim]{label}[/dim] {escape(value)}")
        return "\n".join(lines)

    # -- changes, saved at once -------------------------------------------

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        event.stop()
        if self.view is None:
            return
        item_id = event.selection.value
        done = item_id in event.selection_list.selected
        try:
            saved = svc.tick(self.app.workspace, item_id, done)
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")
            return
        items = tuple(saved if i.id == saved.id else i for i in self.view.checklist.items)
        checklist = replace(self.view.checklist, items=items)
        self.view = svc.ChecklistView(checklist, self.view.context)
        self._counts(checklist)

    @on(Input.Changed, "#objective")
    def _typing(self, event: Input.Changed) -> None:
        event.stop()
        self._objective_text = event.value
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_objective)

    @on(Input.Submitted, "#objective")
    def _objective_done(self, event: Input.Submitted) -> None:
        event.stop()
        self._save_objective()
        self.query_one("#steps", SelectionList).focus()

    def _save_objective(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.view is None:
            return
        text = self._objective_text
        if text.strip() == (self._saved_objective or ""):
            return
        try:
            self._saved_objective = svc.set_objective(self.app.workspace, self.view.checklist.id, text)
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")

    def on_unmount(self) -> None:
        self._save_objective()

    # -- leaving -----------------------------------------------------------

    def action_back(self) -> None:
        self._save_objective()
        self.app.pop_screen()

    def action_leave(self) -> None:
        self._save_objective()
        if self.view is None:
            return
        checklist = self.view.checklist
        if not checklist.must_ask_before_leaving():
            self._set_off()
            return

        def answered(go: bool | None) -> None:
            if go:
                self._set_off()

        self.app.push_screen(LeaveChecklistModal([i.text for i in checklist.items if not i.done]), answered)

    def _set_off(self) -> None:
        t = self.app.t
        try:
            after = svc.leave_for_visit(self.app.workspace, self.view.checklist.id)
        except UserError as exc:
            self.notify(escape(str(exc)), severity="error")
            return
        r = after.readiness
        self.notify(t("checklist.gone") if r.ready else t("checklist.gone_open", open=r.open))
        self.app.pop_screen()

