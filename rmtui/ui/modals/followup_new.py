"""A new follow-up from the visit record form: what, kind, SLA class, owner, due.

A complaint's deadlines come from its SLA class (config); other items are due
when their class says unless another time is typed.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from rmtui.domain.visit_record import KINDS, FollowUpDraft, default_sla_class, format_due, validate_followup
from rmtui.errors import UserError
from rmtui.services import visit_records


class FollowUpNewModal(ModalScreen[FollowUpDraft | None]):
    """Returns the follow-up typed, or None when cancelled."""

    DEFAULT_CSS = """
    FollowUpNewModal { align: center middle; }
    FollowUpNewModal > Vertical {
        width: 76; height: auto; max-height: 100%; padding: 0 2; border: thick $accent; background: $surface;
    }
    FollowUpNewModal #fu-heading { text-style: bold; color: $accent; margin-bottom: 1; }
    FollowUpNewModal .fu-row { height: auto; }
    FollowUpNewModal .fu-field { height: auto; width: 1fr; }
    FollowUpNewModal .fu-field.-first { margin-right: 1; }
    FollowUpNewModal .fu-label { color: $text-muted; }
    FollowUpNewModal .fu-error { color: $error; display: none; }
    FollowUpNewModal .fu-error.-shown { display: block; }
    FollowUpNewModal #fu-clock { color: $text-muted; margin-top: 1; }
    FollowUpNewModal Horizontal.fu-buttons { height: auto; margin-top: 1; }
    FollowUpNewModal Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "add", show=False),
    ]

    def __init__(self, *, owner: str, sla_classes: tuple[str, ...], kind: str = "follow_up", title: str = "") -> None:
        super().__init__()
        self.owner = owner
        self.sla_classes = sla_classes
        self.kind = kind
        self.initial_title = title
        self._auto_due = ""  # the due time last proposed; a different value was typed by hand
        self._created: datetime | None = None

    def compose(self) -> ComposeResult:
        t = self.app.t
        kinds = [(t(f"vr_fu.kind.{k}"), k) for k in KINDS]
        classes = [(t(f"vr_fu.sla.{c}") if t(f"vr_fu.sla.{c}") != f"vr_fu.sla.{c}" else c, c)
                   for c in self.sla_classes]
        sla = default_sla_class(self.kind)
        with Vertical():
            yield Label(t("vr_fu.title"), id="fu-heading")
            yield from self._field("title", Input(self.initial_title, id="fu-title"))
            with Horizontal(classes="fu-row"):
                with Vertical(classes="fu-field -first"):
                    yield from self._parts("kind", Select(kinds, value=self.kind, allow_blank=False, id="fu-kind"))
                with Vertical(classes="fu-field"):
                    yield from self._parts("sla_class", Select(
                        classes, value=sla if sla in self.sla_classes else self.sla_classes[0], allow_blank=False,
                        id="fu-sla_class"))
            with Horizontal(classes="fu-row"):
                with Vertical(classes="fu-field -first"):
                    yield from self._parts("owner", Input(self.owner, id="fu-owner"))
                with Vertical(classes="fu-field"):
                    yield from self._parts("due", Input(id="fu-due", max_length=16))
            yield from self._field("detail", Input(id="fu-detail"))
            yield Static(id="fu-clock")
            with Horizontal(classes="fu-buttons"):
                yield Button(t("vr_fu.add"), variant="primary", id="add")
                yield Button(t("app.cancel"), id="cancel")

    def _parts(self, name: str, widget) -> ComposeResult:  # noqa: ANN001 - any input widget
        yield Label(self.app.t(f"vr_fu.field.{name}"), classes="fu-label")
        yield widget
        yield Label(id=f"fu-err-{name}", classes="fu-error")

    def _field(self, name: str, widget) -> ComposeResult:  # noqa: ANN001
        with Vertical(classes="fu-field"):
            yield from self._parts(name, widget)

    def on_mount(self) -> None:
        self._created = self.app.workspace.now()
        self._propose()
        self.query_one("#fu-title", Input).focus()

    # -- deadlines ------------------------------------------------------------

    def _value(self, name: str) -> str:
        widget = self.query_one(f"#fu-{name}")
        if isinstance(widget, Select):
            return "" if widget.value == Select.NULL else str(widget.value)
        return widget.value

    def _propose(self) -> None:
        """Show the SLA clock of the chosen class; refill the due time unless one was typed."""
        t = self.app.t
        kind, cls = self._value("kind"), self._value("sla_class")
        try:
            clock = visit_records.sla_clock(self.app.workspace, cls, self._created or self.app.workspace.now())
        except UserError:
            return
        due = self.query_one("#fu-due", Input)
        proposed = format_due(clock.resolve_due)
        if kind == "complaint":
            due.value, due.disabled = proposed, True
            text = t("vr_fu.complaint_clock", first=format_due(clock.first_answer_due), due=proposed)
        else:
            due.disabled = False
            if due.value in ("", self._auto_due):
                due.value = proposed
            text = t("vr_fu.class_clock", cls=t(f"vr_fu.sla.{cls}"), due=proposed)
        self._auto_due = proposed
        self.query_one("#fu-clock", Static).update(text)

    @on(Select.Changed, "#fu-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        cls = default_sla_class(str(event.value))
        if cls in self.sla_classes:
            self.query_one("#fu-sla_class", Select).value = cls
        self._propose()

    @on(Select.Changed, "#fu-sla_class")
    def _class_changed(self) -> None:
        self._propose()

    # -- result -----------------------------------------------------------------

    def _item(self) -> FollowUpDraft:
        kind = self._value("kind")
        return FollowUpDraft(title=self._value("title").strip(), kind=kind, sla_class=self._value("sla_class"),
                             owner=self._value("owner").strip() or self.owner,
                             due="" if kind == "complaint" else self._value("due").strip(),
                             detail=self._value("detail").strip(), created_at=self._created)

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        t = self.app.t
        item = self._item()
        errors = validate_followup(item, self.app.workspace.now(), frozenset(self.sla_classes))
        for name in ("title", "kind", "sla_class", "due"):
            label = self.query_one(f"#fu-err-{name}", Label)
            label.update(t(errors[name]) if name in errors else "")
            label.set_class(name in errors, "-shown")
            self.query_one(f"#fu-{name}").set_class(name in errors, "-invalid")
        if errors:
            self.query_one(f"#fu-{next(iter(errors))}").focus()
            return
        self.dismiss(item)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
