"""Ask for a day to show: a date, a month-day, or a number of days from the day shown."""

from __future__ import annotations

import re
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label

_RELATIVE = re.compile(r"^[+-]\d{1,3}$")
_MONTH_DAY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})$")
_FULL = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def parse_day(text: str, base: date) -> date | None:
    """``2026-12-01`` / ``2026/12/1``, ``12-01`` (the year of ``base``), ``+3`` / ``-2`` days from
    ``base``; None when the text is none of these or not a real date."""
    text = text.strip()
    try:
        if _RELATIVE.match(text):
            return base + timedelta(days=int(text))
        if m := _FULL.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH_DAY.match(text):
            return date(base.year, int(m[1]), int(m[2]))
    except (ValueError, OverflowError):
        return None
    return None


class _DayValidator(Validator):
    def __init__(self, base: date, message: str) -> None:
        super().__init__(failure_description=message)
        self.base = base

    def validate(self, value: str) -> ValidationResult:
        return self.success() if parse_day(value, self.base) is not None else self.failure()


class JumpDateModal(ModalScreen[date | None]):
    """Returns the day chosen, or None when cancelled."""

    DEFAULT_CSS = """
    JumpDateModal { align: center middle; }
    JumpDateModal > Vertical { width: 60; height: auto; padding: 1 2; border: thick $accent; background: $surface; }
    JumpDateModal #error { color: $error; height: auto; }
    JumpDateModal #hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, shown: date) -> None:
        super().__init__()
        self.shown = shown

    def compose(self) -> ComposeResult:
        t = self.app.t
        with Vertical():
            yield Label(t("today.jump_title"))
            yield Input(placeholder=self.shown.isoformat(), id="day",
                        validators=[_DayValidator(self.shown, t("today.jump_hint"))], validate_on=["submitted"])
            yield Label("", id="error")
            yield Label(t("today.jump_hint"), id="hint")

    @on(Input.Changed, "#day")
    def _typing(self) -> None:
        self.query_one("#error", Label).update("")

    @on(Input.Submitted, "#day")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        day = parse_day(event.value, self.shown)
        if day is None:
            self.query_one("#error", Label).update(self.app.t("today.jump_bad", text=event.value.strip()))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
