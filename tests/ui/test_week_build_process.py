"""Building a week from the board: the search runs in a child process; escape stops it at once and
nothing is written; a finished build is written through that path; start-up does not load it."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from datetime import datetime

import pytest
from sqlalchemy import func, select

from rmtui.domain.planning.periods import IsoWeek
from rmtui.store.models import PlannedVisit, WeeklyPlan
from rmtui.ui.app import make_app
from rmtui.ui.screens.week import WeekScreen
from pilot_helpers import settle

W48, W49 = IsoWeek(2026, 48), IsoWeek(2026, 49)


def counts(ws, week: IsoWeek) -> tuple[int, int]:
    """(plans of ``week``, planned visits in the whole database)."""
    with ws.db.sessions() as s:
        plans = s.scalar(select(func.count()).select_from(WeeklyPlan).where(
            WeeklyPlan.iso_year == week.year, WeeklyPlan.iso_week == week.week))
        return plans, s.scalar(select(func.count()).select_from(PlannedVisit))


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def open_week(app, pilot) -> WeekScreen:
    await settle(app, pilot)
    app.go("week")
    await settle(app, pilot)
    assert isinstance(app.screen, WeekScreen)
    return app.screen


async def test_escape_stops_the_search_process_and_writes_nothing(demo_workspace):
    ws = demo_workspace
    before = counts(ws, W49)
    assert before[0] == 0
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        await pilot.press("full_stop")
        await settle(app, pilot)
        assert screen.week == W49 and screen.board.status == "none"
        await pilot.press("b")
        # Wait for the child to be searching (the time limit shown), then cancel.
        text = screen.query_one("#building-text")
        for _ in range(300):
            if "of at most" in str(text.render()):
                break
            await asyncio.sleep(0.05)
        assert re.search(r"of at most \d+ s", str(text.render()))
        proc = screen.solver.process
        assert proc is not None and proc.pid != os.getpid() and proc.is_alive()
        pid = proc.pid
        await pilot.press("escape")
        stopped = time.monotonic()
        while not gone(pid) and time.monotonic() - stopped < 5:
            await asyncio.sleep(0.02)
        assert gone(pid), "the search process still runs after escape"
        assert time.monotonic() - stopped < 2.0
        assert proc.exitcode is not None and proc.exitcode != 0  # terminated, not finished
        assert not screen.has_class("-building")
        await settle(app, pilot)
        assert screen.running_builds == 0
    assert counts(ws, W49) == before  # no plan row, no visit


async def test_build_is_written_through_the_search_process(book_workspace, monkeypatch):
    import rmtui.routing.week as week_search

    def here(*args, **kw):
        raise AssertionError("the app solved the week in its own process")

    monkeypatch.setattr(week_search, "solve_week", here)  # the child has its own, untouched
    ws = book_workspace
    app = make_app(ws, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_week(app, pilot)
        assert screen.week == W48 and counts(ws, W48)[0] == 0
        await pilot.press("b")
        await settle(app, pilot)
        for _ in range(400):
            if screen.running_builds == 0 and not screen.has_class("-building"):
                break
            await asyncio.sleep(0.05)
        await settle(app, pilot)
        proc = screen.solver.process
        assert proc is not None and proc.exitcode == 0 and gone(proc.pid)
        assert screen.board is not None and screen.board.status == "draft"
    with ws.db.sessions() as s:
        plan = s.scalar(select(WeeklyPlan).where(WeeklyPlan.iso_year == 2026, WeeklyPlan.iso_week == 48))
        assert plan is not None and plan.built_at == datetime(2026, 11, 24, 9, 0)
        placed = s.scalars(select(PlannedVisit).where(PlannedVisit.weekly_plan_id == plan.id,
                                                      PlannedVisit.status == "planned")).all()
        assert len(placed) >= 3 and all(v.planned_start is not None for v in placed)


def test_start_up_does_not_load_the_process_runner():
    code = ("import sys; from rmtui.cli import build_parser; build_parser(); import rmtui.ui.app, "
            "rmtui.ui.screens.week, rmtui.services.planning; "
            "print(sorted(m for m in ('multiprocessing', 'rmtui.services.solve_process') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_failing_search_is_reported_and_its_process_gone():
    from rmtui.services.solve_process import SolverFailed, WeekSolveProcess

    solver = WeekSolveProcess()
    with pytest.raises(SolverFailed, match="the week search failed: .*nothing was written"):
        solver(None, 1.0)  # not a WeekProblem: the search fails in the child
    assert solver.process.exitcode == 0 and gone(solver.process.pid)


def test_a_cancel_before_the_search_starts_no_process():
    from rmtui.services.plan_day import SolveCancelled
    from rmtui.services.solve_process import WeekSolveProcess

    solver = WeekSolveProcess(cancelled=lambda: True)
    with pytest.raises(SolveCancelled):
        solver(None, 1.0)
    assert solver.process is None
