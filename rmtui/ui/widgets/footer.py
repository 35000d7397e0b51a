"""The footer of every screen: Textual's Footer, rebuilt only when the keys it
shows change.

Textual's Footer rebuilds all its key widgets on every bindings refresh, and a
screen refreshes its bindings several times while it opens (focus moves,
labels, enabled actions): most of the cost of opening a screen. Here the
refreshes of one frame are collapsed into one, a refresh that leaves the
visible keys as they were does nothing, and one that only enables or disables
some of them dims them in place, at once.
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
        if self.is_attached and screen is self.screen:
            if self._shown is not None:
                self._update_in_place()  # keys enabled or disabled show in the frame of the change
            if not self._pending:  # and once the frame is drawn, the keys as they are then
                self._pending = True
                self.call_after_refresh(self._rebuild)

    def _keys(self) -> tuple:
        return tuple((b.key, b.description, enabled)
                     for _, b, enabled, _ in self.screen.active_bindings.values() if b.show)

    def _update_in_place(self) -> bool:
        """The same keys as shown, perhaps some enabled or disabled: dim them in place (a rebuild lays the
        screen out twice). False when other keys are to be shown."""
        shown = self._keys()
        if shown == self._shown:
            return True
        if self._shown is None or [k[:2] for k in shown] != [k[:2] for k in self._shown]:
            return False
        self._shown = shown
        enabled = {(b.key, b.action): on for _, b, on, _ in self.screen.active_bindings.values()}
        for key in self.query("FooterKey"):
            on = enabled.get((key.key, key.action))
            if on is not None:  # as Footer.compose marks a disabled key (the flag: a click only rings)
                key.set_class(not on, "-disabled")
                key._disabled = not on
        return True

    async def _rebuild(self) -> None:
        self._pending = False
        if not self._update_in_place():
            self._shown = self._keys()
            await self.recompose()
