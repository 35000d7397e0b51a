"""The footer of every screen: Textual's Footer, rebuilt only when the keys it
shows change.

Textual's Footer rebuilds all its key widgets on every bindings refresh, and a
screen refreshes its bindings several times while it opens (focus moves,
labels, enabled actions): most of the cost of opening a screen. Here the
refreshes of one frame are collapsed into one, and a refresh that leaves the
visible keys as they were does nothing.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _pending = False
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        shown = tuple((b.key, b.description, enabled)
                      for _, b, enabled, _ in self.screen.active_bindings.values() if b.show)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
