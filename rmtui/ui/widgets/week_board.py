"""The week board: one column per day, each visit a card.

``WeekBoardView.board`` takes a ``rmtui.services.week_board.WeekBoard``;
columns are rebuilt only when the days change (another week), otherwise each
column's cards are refreshed in place so the cursor stays where it was.
A working day's cards are an ``OptionList`` (arrow keys move within the
day); a holiday is a plain column with its name.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rmtui.domain.planning.model import PlannedVisitInfo
from rmtui.services.week_board import BoardDay, WeekBoard

_WEEKDAYS_ZH = "一二三四五六日"


def day_name(day: date, locale: str) -> str:
    """"周一 11/30" / "Mon 11/30"."""
    head = f"周{_WEEKDAYS_ZH[day.weekday()]}" if locale == "zh" else day.strftime("%a")
    return f"{head} {day.month}/{day.day}"


class DayCards(OptionList):
    """The visit cards of one working day."""

    DEFAULT_CSS = """
    DayCards { height: 1fr; border: none; padding: 0; background: $surface; }
    DayCards:focus { border: none; background-tint: $foreground 4%; }
    DayCards > .option-list--option { padding: 0 0 0 0; }
    """

    def __init__(self, day: BoardDay, **kw) -> None:  # noqa: ANN003 - widget keywords
        super().__init__(**kw)
        self.board_day = day
        self._width = 0

    @property
    def day(self) -> date:
        return self.board_day.day

    def visit(self) -> PlannedVisitInfo | None:
        """The highlighted visit."""
        k = self.highlighted
        visits = self.board_day.visits
        return visits[k] if k is not None and 0 <= k < len(visits) else None

    def show(self, day: BoardDay, keep: int | None = None) -> None:
        self.board_day = day
        self._fill(keep if keep is not None else self.highlighted)

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._fill(self.highlighted)

    def _fill(self, keep: int | None) -> None:
        width = max(8, self.scrollable_content_region.width)
        self._width = self.scrollable_content_region.width
        self.clear_options()
        self.add_options([Option(self._card(v, width), id=str(v.id)) for v in self.board_day.visits])
        if self.board_day.visits:
            self.highlighted = min(keep or 0, len(self.board_day.visits) - 1)

    def _card(self, v: PlannedVisitInfo, width: int) -> Content:
        t, locale = self.app.t, self.app.locale
        tier = self.app.workspace.tiers.get(v.tier)
        when = v.planned_start.strftime("%H:%M") if v.planned_start else "--:--"
        head = Content.assemble((f"{v.sequence}. {when} ", "bold"),
                                (tier.name(locale) if tier else v.tier, "$text-muted"))
        if v.appointment_id:
            head = head.append(Content.styled(" " + t("week.card.appointment"), "$warning"))
        if v.pinned:
            head = head.append(Content.styled(" " + t("week.card.pinned"), "bold $accent"))
        name = Content.styled(v.name, "bold")
        if v.lat is None:
            name = Content.styled("! ", "bold $error").append(name)
        why = Content.styled(v.reason or v.purpose, "$text-muted")
        lines = [c.truncate(width, ellipsis=True) for c in (head, name, why)]
        return Content("\n").join(lines)


class DayColumn(Vertical):
    """Header, cards (or the holiday), and the day's totals and warnings."""

    DEFAULT_CSS = """
    DayColumn { width: 1fr; min-width: 17; height: 1fr; border-right: vkey $panel-lighten-2; }
    DayColumn .day-head { height: 2; padding: 0 1; background: $panel; text-style: bold; }
    DayColumn.-past .day-head { color: $text-muted; }
    DayColumn.-holiday .day-head { color: $warning; }
    DayColumn .day-foot { height: auto; max-height: 6; padding: 0 1; background: $panel; }
    DayColumn .holiday { height: 1fr; padding: 1 1; color: $text-muted; }
    DayColumn:focus-within .day-head { background: $accent 40%; }
    """

    def __init__(self, day: BoardDay) -> None:
        super().__init__(classes="-past" if day.past else "")
        self.board_day = day
        if not day.working:
            self.add_class("-holiday")

    def compose(self) -> ComposeResult:
        yield Static(classes="day-head")
        if self.board_day.working:
            yield DayCards(self.board_day, classes="cards")
        else:
            yield Static(classes="holiday")
        yield Static(classes="day-foot")

    def on_mount(self) -> None:
        self.show(self.board_day)

    @property
    def cards(self) -> DayCards | None:
        found = self.query(DayCards)
        return found.first() if found else None

    def show(self, day: BoardDay) -> None:
        t, locale = self.app.t, self.app.locale
        self.board_day = day
        self.set_class(day.past, "-past")
        second = ""
        if not day.working:
            second = day.holiday or ""
        elif day.makeup:
            second = t("week.day.makeup")
        elif day.holiday:
            second = day.holiday
        elif day.past:
            second = t("week.day.past")
        self.query_one(".day-head", Static).update(Content.assemble(day_name(day.day, locale), "\n",
                                                                   (second, "not bold")))
        if not day.working:
            self.query_one(".holiday", Static).update(t("week.day.off"))
            self.query_one(".day-foot", Static).update("")
            return
        cards = self.cards
        if cards is not None:
            cards.show(day)
        self.query_one(".day-foot", Static).update(self._foot(day))

    def _foot(self, day: BoardDay) -> Content:
        t = self.app.t
        s = day.summary
        if s is None or not day.visits:
            lines = [Content.styled(t("week.day.empty"), "$text-muted")]
        else:
            lines = [Content(t("week.day.load", visits=s.visits, minutes=s.visit_minutes)),
                     Content(t("week.day.travel", travel=s.travel_minutes)),
                     Content.styled(t("week.day.free", free=max(day.free_minutes, 0), reserved=day.reserved_minutes),
                                    "$success" if day.free_minutes >= 0 else "$warning")]
        for w in day.warnings:
            style = "bold $error" if w.kind in ("overloaded", "outside_hours", "no_location") else "$warning"
            lines.append(Content.styled("! " + warning_text(t, w), style))
        return Content("\n").join(lines)


def warning_text(t, w) -> str:  # noqa: ANN001 - Translator, BoardWarning
    """A warning in words (``week.warn.<kind>``)."""
    return t(f"week.warn.{w.kind}", code=w.code, name=w.name, detail=w.detail)


class WeekBoardView(HorizontalScroll):
    """All the columns of one week."""

    DEFAULT_CSS = """
    WeekBoardView { height: 1fr; }
    """

    def __init__(self, **kw) -> None:  # noqa: ANN003 - widget keywords
        super().__init__(**kw)
        self._days: tuple[date, ...] = ()

    @property
    def columns(self) -> list[DayColumn]:
        return list(self.query(DayColumn))

    def card_lists(self) -> list[DayCards]:
        return [c for col in self.columns if (c := col.cards) is not None]

    async def show(self, board: WeekBoard) -> None:
        days = tuple(d.day for d in board.days)
        if days != self._days:
            self._days = days
            await self.remove_children()
            await self.mount_all([DayColumn(d) for d in board.days])
            return
        for column, day in zip(self.columns, board.days, strict=True):
            column.show(day)
