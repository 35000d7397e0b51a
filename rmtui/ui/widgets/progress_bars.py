"""Labelled progress bars, one a line: "core visits  ████████░░░░  12/30  40%".

Set ``bars`` to a tuple of ``(label, value, total)``; labels are aligned by
their width on screen (Chinese counts double), the bar takes what is left.
A bar is green when reached, yellow past half, red below.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

Bar = tuple[str, float, float]


def _number(x: float) -> str:
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


class ProgressBars(Widget):
    """Draws ``bars``; its height is one line per bar."""

    DEFAULT_CSS = """
    ProgressBars { height: auto; }
    """

    bars: reactive[tuple[Bar, ...]] = reactive((), layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001 - Textual sizes
        return max(1, len(self.bars))

    def render(self) -> Content:
        if not self.bars:
            return Content("")
        label_w = min(max(cell_len(label) for label, _, _ in self.bars), 28)
        numbers = [f"{_number(v)}/{_number(total)}" for _, v, total in self.bars]
        num_w = max(len(n) for n in numbers)
        width = self.content_region.width or 60
        bar_w = max(6, width - label_w - num_w - 9)
        lines = []
        for (label, value, total), number in zip(self.bars, numbers, strict=True):
            share = value / total if total else (1.0 if value else 0.0)
            fill = round(min(share, 1.0) * bar_w)
            style = "$success" if share >= 1 else ("$warning" if share >= 0.5 else "$error")
            shown = Content(label).truncate(label_w, ellipsis=True)
            line = Content.assemble(shown, " " * (label_w - shown.cell_length + 1),
                                    ("█" * fill, style), ("░" * (bar_w - fill), "$text-muted"),
                                    f" {number:>{num_w}} ", (f"{share:>4.0%}" if total else "   –", "bold"))
            lines.append(line)
        return Content("\n").join(lines)
