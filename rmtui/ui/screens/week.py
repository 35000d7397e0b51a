"""The week board (the Friday screen): next week as one column per day, built by
the planning engine in a worker, adjusted by hand, checked and submitted.

The build's search runs in a child process at a lower priority
(``rmtui.services.solve_process``): the board stays as quick to use as when
idle, and escape terminates the search at once; nothing is written then.

Opens on next week from Thursday on (the plan is due on Friday), else on
this week. Every change goes through ``rmtui.services.plan_edits``; after
submission the services record each change as a deviation.
"""

from __future__ import annotations

import math
import threading
import time
from datetime import date

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from rmtui.domain.planning.model import PlannedVisitInfo
from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import UserError
from rmtui.services.week_board import BoardDay, WeekBoard, week_board
from rmtui.ui.keys import localize_bindings
from rmtui.ui.widgets.footer import KeyFooter
from rmtui.ui.widgets.week_board import DayCards, WeekBoardView, day_name

_EDITS = {"move_day", "shift_day", "shift_pos", "pin", "remove"}


def default_week(today: date) -> IsoWeek:
    """Next week from Thursday on (the plan is being made), else this week."""
    return IsoWeek.of(today).shift(1 if today.weekday() >= 3 else 0)


class WeekScreen(Screen[None]):
    """Build, adjust and submit a week's plan."""

    DEFAULT_CSS = """
    WeekScreen #status { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    WeekScreen #warnings { height: auto; max-height: 3; padding: 0 1; color: $warning; }
    WeekScreen #warnings.-none { display: none; }
    WeekScreen #detail { height: 3; padding: 0 1; background: $boost; }
    WeekScreen #building { height: 1; display: none; padding: 0 1; }
    WeekScreen.-building #building { display: block; }
    WeekScreen #building ProgressBar { width: 30; }
    WeekScreen #building Label { width: 1fr; margin-left: 2; }
    WeekScreen #empty { height: 1fr; padding: 2 4; display: none; }
    WeekScreen.-empty #empty { display: block; }
    WeekScreen.-empty WeekBoardView { display: none; }
    """
    BINDINGS = [
        Binding("b", "build", "Build", id="week_build"),
        Binding("escape", "cancel_build", "Cancel", id="week_cancel"),
        Binding("s", "submit", "Submit", id="week_submit"),
        Binding("u", "unplaced", "Not placed", id="week_unplaced"),
        Binding("d", "move_day", "To day…", id="week_move_day", show=False),
        Binding("shift+left", "shift_day(-1)", "Day ←", id="week_day_left", show=False),
        Binding("shift+right", "shift_day(1)", "Day →", id="week_day_right", show=False),
        Binding("shift+up", "shift_pos(-1)", "Up", id="move_up", show=False),
        Binding("shift+down", "shift_pos(1)", "Down", id="move_down", show=False),
        Binding("left", "column(-1)", "Prev day", id="week_col_left", show=False),
        Binding("right", "column(1)", "Next day", id="week_col_right", show=False),
        Binding("p", "pin", "Pin", id="pin", show=False),
        Binding("delete", "remove", "Remove", id="week_remove", show=False),
        Binding("a", "add", "Add visit", id="week_add"),
        Binding("t", "task", "Task", id="week_task", show=False),
        Binding("m", "map", "Map", id="week_map", show=False),
        Binding("v", "actual", "Plan vs actual", id="week_actual"),
        Binding("f", "files", "Files", id="week_files", show=False),
        Binding("e", "calendar", "Calendar", id="week_calendar", show=False),
        Binding("comma", "week(-1)", "Prev week", id="week_prev"),
        Binding("full_stop", "week(1)", "Next week", id="week_next"),
        Binding("home", "week_home", "This week", id="week_home", show=False, priority=True),
    ]

    def __init__(self, week: IsoWeek | None = None) -> None:
        super().__init__()
        self.week = week
        self.board: WeekBoard | None = None
        self.files: tuple[str, ...] = ()
        self._build: Worker | None = None
        self._build_week: IsoWeek | None = None
        self._build_started = 0.0
        self._follow: int | None = None  # a visit id the cursor goes to after the next load
        self._focus_day: date | None = None
        self._lock = threading.Lock()
        self.running_builds = 0
        """Build threads still running (a cancelled one ends once its search process is stopped)."""
        self.solver = None
        """The last build's ``WeekSolveProcess`` (its ``process`` is the search's child process)."""
        self._search: tuple[Worker, float, float] | None = None  # build, search began (monotonic), time limit

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="status")
        with Horizontal(id="building"):
            yield ProgressBar(total=None, show_eta=False, show_percentage=False)
            yield Label(id="building-text")
        yield Static(id="empty")
        yield WeekBoardView(id="board")
        yield Static(id="warnings")
        yield Static(id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.week = self.week or default_week(self.app.workspace.today())
        self.watch(self.app, "locale", self._relabel, init=True)

    def _relabel(self, _locale: str = "") -> None:
        t = self.app.t
        localize_bindings(self, t)
        localize_bindings(self.app, t)
        self.sub_title = t("week.title")
        self.load()

    # -- loading -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="week-load", exit_on_error=False)
    def load(self) -> None:
        try:
            board = week_board(self.app.workspace, self.week)
        except UserError as exc:
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        self.app.call_from_thread(self._show, board)

    async def _show(self, board: WeekBoard) -> None:
        if board.week != self.week:
            return  # the user moved on to another week meanwhile
        t = self.app.t
        fresh = self.board is None or self.board.status == "none" or self.board.week != board.week
        self.board = board
        self.set_class(board.status == "none", "-empty")
        self.query_one("#empty", Static).update(t("week.empty", week=str(board.week)))
        view = self.query_one(WeekBoardView)
        await view.show(board)
        self._status(board)
        self._warnings(board)
        self._restore_focus(fresh)
        self._detail()
        self.refresh_bindings()

    def _restore_focus(self, fresh: bool) -> None:
        """Keep the cursor where it is, or follow a moved visit; on a new board go to the
        first day ahead that has visits."""
        lists = self.query_one(WeekBoardView).card_lists()
        if not lists:
            return
        target: DayCards | None = None
        if self._follow is not None:
            for cards in lists:
                for k, v in enumerate(cards.board_day.visits):
                    if v.id == self._follow:
                        target, cards.highlighted = cards, k
            self._follow = None
        if target is None and isinstance(self.focused, DayCards) and not fresh:
            return
        if target is None:
            if fresh:
                self._focus_day = None
            ahead = [c for c in lists if not c.board_day.past]
            want = self._focus_day or next((c.day for c in ahead if c.board_day.visits),
                                           ahead[0].day if ahead else lists[0].day)
            target = next((c for c in lists if c.day == want), lists[0])
        target.focus()
        target.scroll_visible()

    def _status(self, board: WeekBoard) -> None:
        t, locale = self.app.t, self.app.locale
        plan = board.plan
        span = f"{board.week.monday.month}/{board.week.monday.day}–{board.week.sunday.month}/{board.week.sunday.day}"
        due = f"{day_name(board.deadline.date(), locale)} {board.deadline:%H:%M}"
        parts = [f"[b]{board.week}[/b]", span, t(f"week.status.{board.status}")]
        if plan is not None and board.status != "none":
            parts.append(t("week.status.totals", visits=sum(len(d.visits) for d in board.days),
                           travel=plan.travel_minutes, unplaced=len(plan.unplaced)))
        lines = [" · ".join(parts)]
        if board.status in ("submitted", "approved") and plan is not None and plan.submitted_at:
            lines.append(t("week.status.submitted_at", at=plan.submitted_at.strftime("%m-%d %H:%M")) +
                         (" " + t("week.status.was_late") if plan.submitted_late else ""))
        else:
            reminder = self._reminder(board)
            lines.append(t("week.status.due", due=due) + (f" · {reminder}" if reminder else ""))
        if board.status == "returned" and plan is not None:
            lines.append(f"[b $warning]{t('week.status.comment')}[/] {escape(plan.supervisor_comment)}")
        elif board.status == "approved" and plan is not None and plan.supervisor_comment:
            lines.append(f"{t('week.status.comment')} {escape(plan.supervisor_comment)}")
        if self.files:
            lines.append(t("week.status.files", files=" · ".join(escape(f) for f in self.files)))
        self.query_one("#status", Static).update("\n".join(lines[:3]))

    def _reminder(self, board: WeekBoard) -> str:
        """The submission reminder (due soon / late) when it concerns this week."""
        reminder = board.reminder
        if reminder is not None:
            style = "$error" if reminder.kind == "late" else "$warning"
            return f"[b {style}]{escape(reminder.text(self.app.locale))}[/]"
        if board.late:
            return f"[b $error]{self.app.t('week.status.late')}[/]"
        return ""

    def _warnings(self, board: WeekBoard) -> None:
        t = self.app.t
        counts: dict[str, int] = {}
        for w in board.warnings:
            counts[w.kind] = counts.get(w.kind, 0) + 1
        parts = []
        for kind in ("overloaded", "due_missing", "over_capacity", "outside_hours", "no_location", "unplaced",
                     "flag"):
            if counts.get(kind):
                parts.append(t(f"week.count.{kind}", count=counts[kind]))
        text = ""
        if parts:
            text = "! " + " · ".join(parts) + "  " + t("week.count.see")
        warnings = self.query_one("#warnings", Static)
        warnings.update(text)
        warnings.set_class(not text, "-none")

    # -- the selection -----------------------------------------------------

    def _cards(self) -> DayCards | None:
        focused = self.focused
        return focused if isinstance(focused, DayCards) else None

    def _selected(self) -> PlannedVisitInfo | None:
        cards = self._cards()
        return cards.visit() if cards is not None else None

    def _day(self) -> BoardDay | None:
        cards = self._cards()
        if cards is not None:
            return cards.board_day
        if self.board is None:
            return None
        return next((d for d in self.board.days if d.working and d.day == self._focus_day), None)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, DayCards):
            self._detail()

    def on_descendant_focus(self) -> None:
        cards = self._cards()
        if cards is not None:
            self._focus_day = cards.day
        self._detail()
        self.refresh_bindings()

    def _detail(self) -> None:
        t, locale = self.app.t, self.app.locale
        v = self._selected()
        detail = self.query_one("#detail", Static)
        if v is None:
            cards = self._cards()
            detail.update(t("week.detail.none", day=day_name(cards.day, locale)) if cards else "")
            return
        tier = self.app.workspace.tiers.get(v.tier)
        first = [f"[b]{escape(v.code)} {escape(v.name)}[/b]", tier.name(locale) if tier else v.tier,
                 t("week.detail.minutes", minutes=v.minutes), escape(v.address)]
        if v.due_by:
            first.append(t("week.detail.due_by", day=day_name(v.due_by, locale)))
        if v.pinned:
            first.append(t("week.card.pinned"))
        second = [t("week.detail.purpose", text=escape(v.purpose or "-")),
                  t("week.detail.focus", text=escape(v.focus or "-"))]
        third = [t("week.detail.reason", text=escape(v.reason or "-")),
                 t("week.detail.standard", text=escape(v.standard or "-"))]
        detail.update("\n".join(" · ".join(p for p in line if p) for line in (first, second, third)))

    def action_column(self, step: int) -> None:
        lists = self.query_one(WeekBoardView).card_lists()
        if not lists:
            return
        cards = self._cards()
        at = lists.index(cards) if cards in lists else -step
        target = lists[max(0, min(at + step, len(lists) - 1))]
        row = cards.highlighted if cards is not None else 0
        target.focus()
        if target.option_count:
            target.highlighted = min(row or 0, target.option_count - 1)
        target.scroll_visible()

    # -- building ----------------------------------------------------------

    def action_build(self) -> None:
        if self._build is not None:
            return
        t = self.app.t
        rebuild = self.board is not None and self.board.status != "none"
        self._build_week = self.week
        self._build_started = time.monotonic()
        self._search = None
        self.query_one("#building ProgressBar", ProgressBar).update(total=None, progress=0)
        self.add_class("-building")
        self._tick()
        self._ticker = self.set_interval(0.5, self._tick)
        self.notify(t("week.build.started", week=str(self.week)), timeout=3)
        self._build = self.build(self.week, rebuild)
        self.refresh_bindings()

    def _tick(self) -> None:
        """The time since b, against its most once the search has begun (its time limit known)."""
        t = self.app.t
        search = self._search
        text = self.query_one("#building-text", Label)
        if search is None or search[0] is not self._build:
            seconds = int(time.monotonic() - self._build_started)
            text.update(t("week.build.running", week=str(self._build_week), seconds=seconds), layout=False)
            return
        # Since b was pressed, against the time it took to start the search plus the search's limit.
        _, began, limit = search
        elapsed = time.monotonic() - self._build_started
        most = began - self._build_started + limit
        bar = self.query_one("#building ProgressBar", ProgressBar)
        bar.update(total=most, progress=min(elapsed, most))
        text.update(t("week_build.searching", week=str(self._build_week), seconds=int(elapsed),
                      limit=math.ceil(most)), layout=False)  # one line of fixed size: no layout of the board

    @work(thread=True, exclusive=True, group="week-build", exit_on_error=False)
    def build(self, week: IsoWeek, rebuild: bool) -> None:
        """Build in this thread; the search itself runs in a child process, stopped by a cancel."""
        from rmtui.services.plan_day import SolveCancelled
        from rmtui.services.planning import build_week
        from rmtui.services.solve_process import WeekSolveProcess

        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        def started(limit: float) -> None:  # in this thread: the ticker shows it
            self._search = (worker, time.monotonic(), limit)

        self.solver = WeekSolveProcess(cancelled, started)
        with self._lock:
            self.running_builds += 1
        try:
            info = build_week(self.app.workspace, week, rebuild=rebuild, solve=self.solver, cancelled=cancelled)
        except SolveCancelled:
            return
        except UserError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._built, None)
                self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        finally:
            with self._lock:
                self.running_builds -= 1
        if not worker.is_cancelled:
            self.app.call_from_thread(self._built, info)

    def _built(self, info) -> None:  # noqa: ANN001 - WeekPlanInfo | None
        self._stop_building()
        if info is not None:
            placed = sum(1 for v in info.visits if v.active)
            self.notify(self.app.t("week.build.done", week=info.week, visits=placed, unplaced=len(info.unplaced),
                                   travel=info.travel_minutes, seconds=f"{info.solve_seconds:.1f}"))
        self.load()

    def _stop_building(self) -> None:
        self._build = None
        self.remove_class("-building")
        ticker = getattr(self, "_ticker", None)
        if ticker is not None:
            ticker.stop()
        self.refresh_bindings()

    def action_cancel_build(self) -> None:
        if self._build is None:
            return
        self._build.cancel()
        self._stop_building()
        self.notify(self.app.t("week.build.cancelled"), severity="warning")

    # -- editing -----------------------------------------------------------

    def _frozen(self) -> bool:
        return self.board is not None and self.board.frozen

    def _edit(self, change, *args, follow: int | None = None, reason_question: str | None = None) -> None:  # noqa: ANN001
        """Run ``change(ws, *args[, reason])`` (asking for the reason first after submission) and reload."""
        t = self.app.t

        def run(reason: str | None = None) -> None:
            try:
                change(self.app.workspace, *args, **({"reason": reason} if reason is not None else {}))
            except UserError as exc:
                self.notify(escape(str(exc)), severity="error", timeout=8)
                return
            self._follow = follow
            self.load()

        if self._frozen() and reason_question:
            from rmtui.ui.modals.reason import ReasonModal

            self.app.push_screen(ReasonModal(reason_question, t("week.deviation.placeholder")),
                                 lambda r: run(r) if r else None)
        else:
            run()

    def _open_days(self, exclude: date | None = None) -> list[BoardDay]:
        """Working days still ahead (a visit can move there)."""
        today = self.app.workspace.today()
        return [d for d in (self.board.days if self.board else ()) if d.working and d.day >= today
                and d.day != exclude]

    def action_shift_day(self, step: int) -> None:
        from rmtui.services.plan_edits import move_visit

        v = self._selected()
        if v is None or self.board is None:
            return
        days = [d.day for d in self.board.days if d.working]
        later = [d for d in days if (d > v.day if step > 0 else d < v.day)]
        if not later:
            return
        target = min(later) if step > 0 else max(later)
        self._focus_day = target
        self._edit(move_visit, v.id, target, follow=v.id, reason_question=self.app.t("week.deviation.move"))

    def action_shift_pos(self, step: int) -> None:
        from rmtui.services.plan_edits import move_visit

        v = self._selected()
        cards = self._cards()
        if v is None or cards is None:
            return
        position = (cards.highlighted or 0) + 1 + step
        if not 1 <= position <= len(cards.board_day.visits):
            return
        self._edit(move_visit, v.id, v.day, position, follow=v.id)

    def action_move_day(self) -> None:
        from rmtui.services.plan_edits import move_visit
        from rmtui.ui.modals.pick_day import PickDayModal

        v = self._selected()
        if v is None or self.board is None:
            return
        t, locale = self.app.t, self.app.locale
        today = self.app.workspace.today()
        choices = [(d.day, f"{day_name(d.day, locale)}  " + t("week.pick.load", visits=len(d.visits),
                                                               free=d.free_minutes),
                    d.day >= today and d.day != v.day) for d in self.board.days if d.working]

        def picked(day: date | None) -> None:
            if day is not None:
                self._focus_day = day
                self._edit(move_visit, v.id, day, follow=v.id, reason_question=t("week.deviation.move"))

        self.app.push_screen(PickDayModal(t("week.pick.title", name=v.name), choices, v.day), picked)

    def action_pin(self) -> None:
        from rmtui.services.plan_edits import pin_visit

        v = self._selected()
        if v is not None:
            self._edit(pin_visit, v.id, not v.pinned, follow=v.id)
            self.notify(self.app.t("week.unpinned" if v.pinned else "week.pinned", name=v.name), timeout=3)

    def action_remove(self) -> None:
        from rmtui.services.plan_edits import remove_visit
        from rmtui.ui.modals.reason import ReasonModal

        v = self._selected()
        if v is None:
            return
        t = self.app.t

        def removed(reason: str | None) -> None:
            if reason:
                self._edit(remove_visit, v.id, reason)

        self.app.push_screen(ReasonModal(t("week.remove.ask", name=v.name), t("week.remove.placeholder")), removed)

    def action_add(self) -> None:
        from rmtui.ui.modals.week_add_visit import AddVisitModal

        if self.board is None or self.board.status == "none":
            return
        locale = self.app.locale
        days = [(d.day, day_name(d.day, locale)) for d in self._open_days()]
        if not days:
            self.notify(self.app.t("week.no_day_ahead"), severity="warning")
            return
        current = self._day()

        def added(visit_id: int | None) -> None:
            if visit_id is not None:
                self._follow = visit_id
                self.notify(self.app.t("week.added"), timeout=3)
                self.load()

        self.app.push_screen(AddVisitModal(self.week, days, current.day if current else None, self._frozen()), added)

    def action_task(self) -> None:
        from rmtui.ui.modals.week_task import TaskModal

        def recorded(task_id: int | None) -> None:
            if task_id is not None:
                self.notify(self.app.t("week.task.recorded"), timeout=6)

        today = self.app.workspace.today()
        self.app.push_screen(TaskModal(max(today, self.week.monday)), recorded)

    def action_map(self) -> None:
        from rmtui.ui.modals.week_day_map import DayMapModal

        day = self._day()
        if day is not None:
            self.app.push_screen(DayMapModal(day))

    def action_unplaced(self) -> None:
        from rmtui.ui.modals.week_unplaced import UnplacedModal

        if self.board is None or self.board.plan is None:
            self.notify(self.app.t("week.not_built"), severity="warning")
            return
        need = {w.code for w in self.board.warnings if w.kind == "due_missing"}

        def closed(changed: bool | None) -> None:
            if changed:
                self.load()

        self.app.push_screen(UnplacedModal(self.week, self.board.plan, need), closed)

    # -- submitting --------------------------------------------------------

    def action_submit(self) -> None:
        from rmtui.services.week_board import submit_check
        from rmtui.ui.modals.week_submit import SubmitModal

        t = self.app.t
        if self.board is None or self.board.status == "none":
            self.notify(t("week.not_built"), severity="warning")
            return
        if self.board.frozen:
            plan = self.board.plan
            self.notify(t("week.submit.already", at=plan.submitted_at.strftime("%m-%d %H:%M")
                          if plan and plan.submitted_at else "?"), severity="warning")
            return
        check = submit_check(self.app.workspace, self.week, self.app.locale)

        def answered(written: dict[str, str] | None) -> None:
            if written is not None:
                self.submit(self.week, written)

        self.app.push_screen(SubmitModal(check), answered)

    @work(thread=True, exclusive=True, group="week-submit", exit_on_error=False)
    def submit(self, week: IsoWeek, written: dict[str, str]) -> None:
        from rmtui.services.submission import SubmissionFilesError, submit_and_write

        try:
            result, files = submit_and_write(self.app.workspace, week, written or None, locale=self.app.locale)
        except SubmissionFilesError as exc:  # submitted; only the files failed
            self.app.call_from_thread(self._submitted, exc.result, ())
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        except UserError as exc:
            self.app.call_from_thread(self.app.show_error, exc.title, str(exc))
            return
        self.app.call_from_thread(self._submitted, result, (str(files.xlsx), str(files.markdown)))

    def _submitted(self, result, files: tuple[str, ...]) -> None:  # noqa: ANN001 - SubmitResult
        t = self.app.t
        self.files = files
        key = "week.submit.done_late" if result.late else "week.submit.done"
        message = t(key, week=result.plan.week)
        if files:
            message += "\n" + t("week.status.files", files="\n".join(escape(f) for f in files))
        self.notify(message, timeout=12)
        self.load()

    def action_files(self) -> None:
        """Write the submission files again (the submitted version, or a preview of a draft)."""
        if self.board is None or self.board.status == "none":
            self.notify(self.app.t("week.not_built"), severity="warning")
            return
        self.write_files(self.week)

    @work(thread=True, exclusive=True, group="week-files", exit_on_error=False)
    def write_files(self, week: IsoWeek) -> None:
        from rmtui.services.submission import write_submission_files

        try:
            files = write_submission_files(self.app.workspace, week, locale=self.app.locale)
        except (UserError, OSError) as exc:
            self.app.call_from_thread(self.app.show_error, self.app.t("week.files.failed"), str(exc))
            return
        self.app.call_from_thread(self._files_written, week, files)

    def _files_written(self, week: IsoWeek, files) -> None:  # noqa: ANN001 - SubmissionFiles
        t = self.app.t
        if week == self.week:
            self.files = (str(files.xlsx), str(files.markdown))
            self._status(self.board)
        key = "week.files.written" if files.frozen else "week.files.preview"
        self.notify(t(key, week=str(week)) + "\n" + escape(f"{files.xlsx}\n{files.markdown}"), timeout=12)

    def action_calendar(self) -> None:
        if self.board is None or self.board.status == "none":
            self.notify(self.app.t("week.not_built"), severity="warning")
            return
        self.export_calendar(self.week)

    @work(thread=True, exclusive=True, group="week-calendar", exit_on_error=False)
    def export_calendar(self, week: IsoWeek) -> None:
        from rmtui.services.calendar_export import export_week_calendar

        try:
            out = export_week_calendar(self.app.workspace, week, locale=self.app.locale)
        except (UserError, OSError) as exc:
            self.app.call_from_thread(self.app.show_error, self.app.t("week.calendar.failed"), str(exc))
            return
        self.app.call_from_thread(self.notify, self.app.t("week.calendar.written", week=str(week), events=out.events,
                                                          cancelled=out.cancelled, path=escape(str(out.path))),
                                  timeout=12)

    def action_actual(self) -> None:
        from rmtui.ui.screens.plan_vs_actual import PlanVsActualScreen

        if self.board is None or self.board.plan is None or self.board.plan.submitted_at is None:
            self.notify(self.app.t("week.actual.not_submitted"), severity="warning")
            return
        self.app.push_screen(PlanVsActualScreen(self.week))

    # -- weeks -------------------------------------------------------------

    def action_week(self, step: int) -> None:
        self.week = self.week.shift(step)
        self.files = ()
        self._focus_day = None
        self.load()

    def action_week_home(self) -> None:
        self.week = default_week(self.app.workspace.today())
        self.files = ()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_build":
            return self._build is not None
        if action == "build":
            return self._build is None
        if action in _EDITS and self._selected() is None:
            return None
        if action == "actual":
            plan = self.board.plan if self.board else None
            return plan is not None and plan.submitted_at is not None
        if action == "submit" and self._frozen():
            return False  # submitted: plan against actual (v) takes its place
        if action in ("submit", "unplaced", "add", "files", "calendar") and (
                self.board is None or self.board.status == "none"):
            return None
        return True
