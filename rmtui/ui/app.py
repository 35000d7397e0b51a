"""The Textual application: wiring only. Each screen owns its handlers.

``make_app(workspace)`` builds the app with its dependencies passed in, so
tests give it a temporary database and a fixed clock.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from rmtui.i18n import Translator
from rmtui.ui.navigation import BY_ID, DESTINATIONS
from rmtui.workspace import Workspace


# Textual's own bindings that make no sense as named commands (or are the palette itself).
_NOT_IN_PALETTE = ("focus_next", "focus_previous", "app.focus_next", "app.focus_previous", "screen.copy_text",
                   "copy_text", "command_palette", "app.command_palette", "quit", "help", "switch_language",
                   "toggle_dark")


class RmtuiApp(App[None]):
    """rmtui in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "rmtui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f1", "help", "Help", id="help"),
        Binding("f2", "switch_language", "中/En", id="language"),
        Binding("f3", "toggle_dark", "Light/dark", id="theme", show=False),
        Binding("ctrl+p", "command_palette", "Commands", id="palette", show=False, priority=True),
        # priority: a focused widget with its own use of the key (TextArea: F6/F7) never swallows it
        *(Binding(d.key, f"go('{d.id}')", d.id, id=f"go_{d.id}", show=False, priority=True) for d in DESTINATIONS),
    ]

    locale: reactive[str] = reactive("zh")
    """Interface language; screens re-label themselves when it changes."""

    def __init__(self, workspace: Workspace, *, locale: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.set_reactive(RmtuiApp.locale, locale or workspace.settings.locale)
        self.t = Translator(self.locale)

    def on_mount(self) -> None:
        self.title = self.t("app.title")
        self._exit_on_signals()
        from rmtui.ui.screens.today import TodayScreen

        self.push_screen(TodayScreen())
        self.remind()

    @work(thread=True, exclusive=True, group="reminder", exit_on_error=False)
    def remind(self) -> None:
        """From Thursday noon: next week's plan is due (after the deadline: late)."""
        from rmtui.services.submission import submission_reminder

        reminder = submission_reminder(self.workspace)
        if reminder is not None:
            self.call_from_thread(self.notify, reminder.text(self.locale),
                                  severity="error" if reminder.kind == "late" else "warning", timeout=15)

    def _exit_on_signals(self) -> None:
        """A closed terminal (SIGHUP) or a kill (SIGTERM) exits like ctrl+q: screens leaving save what
        they hold (drafts), instead of the process dying mid-keystroke."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.exit)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
                pass

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=self.t("app.palette_search"), id="--command-palette"))

    def watch_locale(self, locale: str) -> None:
        self.t = Translator(locale)
        self.title = self.t("app.title")

    def action_switch_language(self) -> None:
        self.locale = "en" if self.locale == "zh" else "zh"

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_help(self) -> None:
        from rmtui.ui.modals.help import HelpModal

        self.push_screen(HelpModal())

    def go(self, destination: str, *args: object) -> None:
        """Show a main screen: back to it if it is already open, else open it."""
        dest = BY_ID[destination]
        if not dest.available():
            self.notify(self.t("app.not_available", name=self.t(f"nav.{destination}")), severity="warning")
            return
        cls = dest.screen_class()
        for depth, screen in enumerate(reversed(self.screen_stack)):
            if isinstance(screen, cls) and not args:
                for _ in range(depth):
                    self.pop_screen()
                return
        self.push_screen(cls(*args))

    def action_go(self, destination: str) -> None:
        self.go(destination)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action by name: the main screens, this screen's keys, the app's."""
        t = self.t
        for d in DESTINATIONS:
            if d.available():
                yield SystemCommand(t("app.go_to", name=t(f"nav.{d.id}")), d.key.upper(),
                                    lambda d=d: self.go(d.id))
        seen: set[str] = set(_NOT_IN_PALETTE)
        for node, binding, enabled, _tip in screen.active_bindings.values():
            if node not in (screen, self) or not enabled or binding.action in seen or binding.action.startswith("go(") \
                    or not binding.description or binding.system:
                continue
            seen.add(binding.action)
            yield SystemCommand(binding.description, self.get_key_display(binding),
                                lambda a=binding.action: self.run_action(a, screen))
        yield SystemCommand(t("app.switch_lang"), "F2 · 中文 / English", self.action_switch_language)
        yield SystemCommand(t("app.toggle_dark"), "F3", self.action_toggle_dark)
        yield SystemCommand(t("app.help"), "F1", self.action_help)
        yield SystemCommand(t("app.quit"), "ctrl+q", self.action_quit)

    def show_error(self, title: str, message: str) -> None:
        """A blocking failure, shown in a modal (never a traceback)."""
        from rmtui.ui.modals.error import ErrorModal

        self.push_screen(ErrorModal(title, message))


def make_app(workspace: Workspace, *, locale: str | None = None) -> RmtuiApp:
    return RmtuiApp(workspace, locale=locale)
