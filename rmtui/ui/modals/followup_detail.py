"""A follow-up in full, with the visit record it came from (read-only)."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from rmtui.domain.followups import FollowUpInfo
from rmtui.services.followups import VisitSummary
from rmtui.textfmt import display_width, pad


def _when(value) -> str:  # noqa: ANN001 - datetime or None
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else ""


class FollowUpDetailModal(ModalScreen[None]):
    """Shows one item and its source visit; escape or enter closes."""

    DEFAULT_CSS = """
    FollowUpDetailModal { align: center middle; }
    FollowUpDetailModal > Vertical {
        width: 90; height: auto; max-height: 90%; padding: 0 2; border: thick $accent; background: $surface;
    }
    FollowUpDetailModal VerticalScroll { height: auto; max-height: 80vh; }
    FollowUpDetailModal Label { text-style: bold; color: $accent; width: 1fr; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss", show=False), Binding("enter", "dismiss", show=False)]

    def __init__(self, item: FollowUpInfo, visit: VisitSummary | None) -> None:
        super().__init__()
        self.item = item
        self.visit = visit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.app.t('followups.detail_title')}  [dim]esc · {self.app.t('app.close')}[/dim]")
            with VerticalScroll():
                yield Static(self._text(), id="text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def _fields(self, rows: list[tuple[str, str]]) -> list[str]:
        t = self.app.t
        labels = [t(k) for k, v in rows if v]
        width = max((display_width(x) for x in labels), default=0)
        return [f"[dim]{pad(t(k), width)}[/dim] {escape(v)}" for k, v in rows if v]

    def _text(self) -> str:
        t = self.app.t
        f = self.item
        answered = _when(f.first_answered_at) or (t("followups.detail.not_yet") if f.first_answer_due else "")
        lines = [f"[b]{escape(f.title)}[/b]  [dim]{escape(f.customer_name)} {escape(f.customer_code)}[/dim]", ""]
        lines += self._fields([
            ("followups.detail.kind", t(f"followups.kind.{f.kind}")),
            ("followups.detail.sla", f.sla_class),
            ("followups.detail.created", _when(f.created_at)),
            ("followups.detail.answer_due", _when(f.first_answer_due)),
            ("followups.detail.answered", answered),
            ("followups.detail.due", _when(f.due_at)),
            ("followups.detail.owner", f.owner),
            ("followups.detail.detail", f.detail),
        ])
        lines += ["", f"[b]{t('followups.visit_title')}[/b]"]
        v = self.visit
        if f.visit_id is None:
            lines.append(f"[dim]{t('followups.no_visit')}[/dim]")
        elif v is None:
            lines.append(f"[dim]{t('followups.visit_gone')}[/dim]")
        else:
            span = " – ".join(x.strftime("%H:%M") for x in (v.arrived, v.departed) if x is not None)
            when = " ".join(x for x in (v.day.isoformat(), span, t(f"mode.{v.mode}"),
                                        t(f"followups.visit.status_{v.status}")) if x)
            lines += self._fields([
                ("followups.visit.when", when),
                ("followups.visit.met", v.met),
                ("followups.visit.purpose", v.purpose),
                ("followups.visit.discussed", v.discussed),
                ("followups.visit.needs", v.needs),
                ("followups.visit.complaints", v.complaints),
                ("followups.visit.competitor", v.competitor_info),
                ("followups.visit.products", v.products),
                ("followups.visit.outcome", t(f"outcome.{v.outcome}") if v.outcome else ""),
                ("followups.visit.satisfaction", f"{v.satisfaction}/5" if v.satisfaction else ""),
                ("followups.visit.next_steps", v.next_steps),
                ("followups.visit.reason", v.not_done_reason),
            ])
        return "\n".join(lines)
