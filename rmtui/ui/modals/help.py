"""The help screen: every key of the current screen and of the app."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


# Textual's own keys of every screen (focus moves, copy) and the palette (its own line, translated).
_LEFT_OUT = frozenset({"app.focus_next", "app.focus_previous", "screen.copy_text", "command_palette",
                       "app.command_palette"})


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
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else self.app.screen
        # This screen's keys first (hidden ones too: the footer shows only a few), then the app's,
        # read from each one's own bindings: a key the focused widget also uses (enter on a list)
        # is still listed with the screen's meaning. The focused widget's own keys (cursor
        # movement, in Textual's English) are left out, as in the command palette.
        screen_lines: list[str] = []
        app_lines: list[str] = []
        seen: set[str] = set()
        for owner, lines in ((below, screen_lines), (self.app, app_lines)):
            table = owner._bindings.key_to_bindings  # noqa: SLF001 - as in rmtui.ui.keys: labels are set there
            for key, bindings in table.items():
                for binding in bindings:
                    if key in seen or not binding.description or binding.action in _LEFT_OUT:
                        continue
                    seen.add(key)
                    shown = escape(self.app.get_key_display(binding))
                    lines.append(f"  [b]{shown:<12}[/b] {escape(binding.description)}")
        text = [f"[b]{t('help.title')}[/b]", "", *screen_lines, "", f"[b]{t('help.app_keys')}[/b]", "",
                *app_lines, f"  [b]{'ctrl+p':<12}[/b] {escape(t('help.palette'))}"]
        yield VerticalScroll(Static("\n".join(text)))
