"""A TextArea for forms that leaves the app's F-keys to the app.

Textual's TextArea binds F6 (select line) and F7 (select all); in rmtui F4–F11
open the main screens, so with the cursor in a notes field F6 (follow-ups) and
F7 (end of day) did nothing. Here those two actions are disabled, so the key
goes on to the app like every other F-key; selecting still works with shift
and the mouse.
"""

from __future__ import annotations

from textual.widgets import TextArea

_APP_KEYS_ACTIONS = frozenset({"select_line", "select_all"})


class NotesArea(TextArea):
    """A multi-line text field whose F6/F7 navigate like everywhere else."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _APP_KEYS_ACTIONS:
            return False  # not handled here: the key goes on to the screen and the app
        return super().check_action(action, parameters)
