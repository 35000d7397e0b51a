"""Submit the weekly plan: what blocks it, what is only a warning, and the written
reasons it needs (one field per due visit left out)."""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from rmtui.services.week_board import SubmitCheck
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.week_board import day_name, warning_text


class SubmitModal(ModalScreen[dict[str, str] | None]):
    """Returns the reasons written (code → text; empty when none were needed), or None when cancelled."""

    DEFAULT_CSS = """
    SubmitModal { align: center middle; }
    SubmitModal > Vertical { width: 84; max-width: 96%; height: auto; max-height: 92%; padding: 0 2;
                             border: thick $accent; background: $surface; }
    SubmitModal VerticalScroll { height: auto; max-height: 28; }
    SubmitModal .blocker { color: $error; text-style: bold; }
    SubmitModal .warn { color: $warning; }
    SubmitModal .field-error { color: $error; height: auto; }
    SubmitModal .field-error:disabled { display: none; }
    SubmitModal Input { margin: 0 0 0 2; }
    SubmitModal #refused { color: $error; text-style: bold; height: auto; }
    SubmitModal #buttons { height: auto; margin-top: 1; }
    SubmitModal Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", id="week_submit_now", priority=True),
        Binding("escape", "cancel", "Cancel", id="back"),
    ]

    def __init__(self, check: SubmitCheck) -> None:
        super().__init__()
        self.check = check

    def compose(self) -> ComposeResult:
        t, locale = self.app.t, self.app.locale
        board, plan = self.check.board, self.check.board.plan
        visits = sum(len(d.visits) for d in board.days)
        working = sum(1 for d in board.days if d.working)
        due = f"{day_name(board.deadline.date(), locale)} {board.deadline:%H:%M}"
        with Vertical():
            yield Label(t("week.submit.title", week=str(board.week)), classes="section-title")
            yield Static(t("week.submit.summary", visits=visits, days=working,
                           travel=plan.travel_minutes if plan else 0))
            yield Static(t("week.submit.late", due=due) if board.now > board.deadline
                         else t("week.submit.due", due=due), classes="warn" if board.now > board.deadline else "")
            with VerticalScroll():
                if self.check.blockers:
                    yield Label(t("week.submit.blockers"), classes="section-title")
                    for b in self.check.blockers:
                        yield Static("✗ " + escape(b), classes="blocker")
                    yield Static(t("week.submit.fix_first"), classes="blocker")
                if self.check.need_reason:
                    yield Label(t("week.submit.reasons"), classes="section-title")
                    for k, u in enumerate(self.check.need_reason):
                        yield Static(escape(f"{u.code} {u.name} — {u.why}"))
                        yield Input(placeholder=t("week.submit.reason_placeholder"), id=f"reason-{k}")
                        yield Static(t("week.submit.reason_missing"), classes="field-error", id=f"error-{k}",
                                     disabled=True)
                shown = [w for w in board.warnings if w.kind not in ("due_missing", "overloaded")]
                if shown:
                    yield Label(t("week.submit.warnings"), classes="section-title")
                    for w in shown[:12]:
                        yield Static("! " + escape(warning_text(t, w)), classes="warn")
                    if len(shown) > 12:
                        yield Static(t("week.submit.more", count=len(shown) - 12), classes="warn")
            yield Static(id="refused")
            with Horizontal(id="buttons"):
                yield Button(t("week.submit.button"), variant="primary", id="ok",
                             disabled=bool(self.check.blockers))
                yield Button(t("app.cancel"), id="cancel")

    def on_mount(self) -> None:
        localize_bindings(self, self.app.t)
        fields = list(self.query(Input))
        (fields[0] if fields else self.query_one("#ok" if not self.check.blockers else "#cancel", Button)).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        k = event.input.id.removeprefix("reason-")
        if event.value.strip():
            self.query_one(f"#error-{k}", Static).disabled = True

    @on(Button.Pressed, "#ok")
    def action_submit(self) -> None:
        t = self.app.t
        refused = self.query_one("#refused", Static)
        if self.check.blockers:
            refused.update(t("week.submit.refused_blockers", count=len(self.check.blockers)))
            return
        written, missing = {}, 0
        for k, u in enumerate(self.check.need_reason):
            text = self.query_one(f"#reason-{k}", Input).value.strip()
            self.query_one(f"#error-{k}", Static).disabled = bool(text)
            missing += not text
            written[u.code] = text
        if missing:
            refused.update(t("week.submit.refused_reasons", count=missing))
            return
        self.dismiss(written)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
