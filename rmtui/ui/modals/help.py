"""The help screen: every key of the current screen and of the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpModal(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpModal { align: center middle; }
    HelpModal > VerticalScroll {
        width: 72; height: auto; max-height: 85%; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss", show=False)]

    def compose(self) -> ComposeResult:
        t = self.app.t
        lines = [f"[b]{t('help.title')}[/b]", ""]
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else self.app.screen
        seen: set[str] = set()
        for _, binding, enabled, tooltip in below.active_bindings.values():
            if binding.key in seen or not binding.description:
                continue
            seen.add(binding.key)
            key = self.app.get_key_display(binding)
            lines.append(f"  [b]{key:<12}[/b] {binding.description}")
        lines += ["", "  [b]ctrl+p[/b]       command palette / 命令面板"]
        yield VerticalScroll(Static("\n".join(lines)))
