"""The Textual application: wiring only. Each screen owns its handlers.

``make_app(workspace)`` builds the app with its dependencies passed in, so
tests give it a temporary database and a fixed clock.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from rmtui.i18n import Translator
from rmtui.workspace import Workspace


class RmtuiApp(App[None]):
    """rmtui in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "rmtui"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f1", "help", "Help", id="help"),
        Binding("f2", "switch_language", "中/En", id="language"),
        Binding("f3", "toggle_dark", "Light/dark", id="theme", show=False),
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
        from rmtui.ui.screens.today import TodayScreen

        self.push_screen(TodayScreen())

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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        t = self.t
        yield SystemCommand(t("app.switch_lang"), "中文 / English", self.action_switch_language)
        yield SystemCommand(t("app.help"), t("help.title"), self.action_help)

    def show_error(self, title: str, message: str) -> None:
        """A blocking failure, shown in a modal (never a traceback)."""
        from rmtui.ui.modals.error import ErrorModal

        self.push_screen(ErrorModal(title, message))


def make_app(workspace: Workspace, *, locale: str | None = None) -> RmtuiApp:
    return RmtuiApp(workspace, locale=locale)
