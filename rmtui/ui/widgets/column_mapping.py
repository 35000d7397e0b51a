"""The column-mapping editor of the import screen: one row per file column,
its header and the field it fills (or "not imported").

A field belongs to one column: choosing it for a column takes it from the
column that had it. Each change made by the user posts ``Changed`` with the
whole mapping (field → column header); values set by the screen do not.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import on
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount
from textual.widgets import Label, Select


class ColumnMapping(VerticalScroll):
    """Edit which field each column of a customer file fills."""

    DEFAULT_CSS = """
    ColumnMapping { height: 1fr; }
    ColumnMapping .map-row { height: 1; }
    ColumnMapping .map-col { width: 18; padding: 0 1; }
    ColumnMapping .map-select { width: 1fr; }
    """

    class Changed(Message):
        """The user gave a column another field."""

        def __init__(self, mapping: dict[str, str]) -> None:
            super().__init__()
            self.mapping = mapping
            """Field → column header, after the change."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.mapping: dict[str, str] = {}
        """Field → column header, as shown."""
        self._shown: tuple[tuple[str, ...], tuple[tuple[str, str], ...], str] | None = None
        self._mounting: AwaitMount | None = None

    def show(self, header: tuple[str, ...], mapping: Mapping[str, str], fields: Mapping[str, str],
             ignore: str) -> None:
        """Show ``mapping`` for a file with ``header``; ``fields`` is field → label, ``ignore`` the blank's label."""
        self.mapping = dict(mapping)
        layout = (header, tuple(fields.items()), ignore)
        by_column = {h: f for f, h in mapping.items()}
        if layout == self._shown:
            for select in self.query(".map-select").results(Select):
                wanted = by_column.get(select.name or "", Select.NULL)
                if select.value != wanted:
                    select.value = wanted
            return
        self.remove_children()
        options = [(label, f) for f, label in fields.items()]
        rows = [
            Horizontal(Label(Text(column, overflow="ellipsis", no_wrap=True), classes="map-col"),
                       Select(options, prompt=ignore, allow_blank=True, compact=True,
                              value=by_column.get(column, Select.NULL), name=column, classes="map-select"),
                       classes="map-row")
            for column in header if column
        ]
        self._mounting = self.mount_all(rows)
        self._shown = layout

    def clear(self) -> None:
        """No file: no rows."""
        self.remove_children()
        self.mapping = {}
        self._shown = None

    async def focus_first(self) -> None:
        # Rows are mounted asynchronously: wait for them, or the focus lands on a row being replaced
        # (or on none), depending on timing.
        mounting, self._mounting = self._mounting, None
        if mounting is not None:
            await mounting
        selects = self.query(".map-select")
        if selects:
            selects.first().focus()

    @on(Select.Changed, ".map-select")
    def _column_changed(self, event: Select.Changed) -> None:
        event.stop()
        column = event.select.name or ""
        new = event.value if isinstance(event.value, str) else None
        old = next((f for f, h in self.mapping.items() if h == column), None)
        if new == old:
            return  # set by the screen, not by the user
        if old is not None:
            del self.mapping[old]
        if new is not None:
            taken = self.mapping.get(new)
            self.mapping[new] = column
            if taken is not None:
                for select in self.query(".map-select").results(Select):
                    if select.name == taken:
                        select.value = Select.NULL
        self.post_message(self.Changed(dict(self.mapping)))
