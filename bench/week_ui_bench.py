"""Benchmark: key-to-frame latency of cursor moves on the week board, idle and while a build runs.

The demo book (250 customers, seed 42) as of Tuesday 2026-11-24 09:00; its
next week (2026-W49) is built once beforehand (not timed) so the board has
cards. Each run is a fresh Python process showing that week at 120×36
through Textual's test driver, made to render every frame to terminal bytes
as it would for a real terminal. Cursor moves (down, up, right, left) are
pressed first with nothing else running (idle), then after ``b`` (a rebuild
of the same week: the same search as a first build) for as long as the build
runs. A key's latency is from the press to the last frame written because of
it (the cursor has moved and nothing of it is left to draw).
Only presses that started and finished while the build ran count as "during
build". The build's own wall time (``b`` to the plan written and shown) is
reported as well.

Two ways of running the search are compared, taking turns run by run so the
machine's load weighs on both alike: ``thread`` (as before: the search in
the build thread of the app's process, competing with the interface for
Python's lock) and ``process`` (the app as it is: ``WeekSolveProcess``, a
spawned child process).

Run: ``./dev bench week_ui_bench [--runs 3] [--presses 40] [--modes thread,process]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

KEYS = ("down", "up", "right", "left")
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 0)

CHILD = r"""
import asyncio, json, sys, time
from datetime import datetime
from rmtui.workspace import open_workspace
from rmtui.ui.app import make_app
from rmtui.ui.widgets.week_board import DayCards
from textual import events
from textual.drivers.headless_driver import HeadlessDriver

writes = []
HeadlessDriver.is_headless = property(lambda self: False)
HeadlessDriver.write = lambda self, data: writes.append(time.perf_counter())

KEYS = sys.argv[2].split(",")
PRESSES = int(sys.argv[3])
if sys.argv[4] == "thread":  # as before: the search in the build thread, in this process
    from rmtui.services import solve_process

    def in_this_process(self, problem, time_limit):
        from rmtui.routing.week import solve_week

        if self.started is not None:
            self.started(time_limit)
        return solve_week(problem, time_limit=time_limit)

    solve_process.WeekSolveProcess.__call__ = in_this_process


async def main(config):
    ws = open_workspace(config, clock=lambda: datetime(2026, 11, 24, 9, 0))
    app = make_app(ws)
    out = {}
    trace = []
    began0 = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        async def settle():
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause()

        await settle()
        app.go("week")
        await settle()
        screen = app.screen
        await pilot.press("full_stop")  # next week
        await settle()
        assert str(screen.week) == "2026-W49" and screen.board is not None and screen.board.plan is not None
        lists = list(screen.query(DayCards))
        # a column with at least two cards followed by another one: every press moves the cursor
        k0 = max(range(len(lists) - 1), key=lambda k: min(lists[k].option_count, lists[k + 1].option_count))
        lists[k0].focus()
        lists[k0].highlighted = 0
        await settle()
        out["visits"] = sum(c.option_count for c in lists)

        watched = [*screen.query(DayCards), screen.query_one("#detail")]

        def pending():
            # something is still to be drawn: a widget waiting to refresh, an unread message, or a
            # layout / repaint not composed yet (the progress bar animates on its own during a
            # build, so the screen as a whole is never idle then: only the board and the detail count)
            s = app.screen
            return (s._layout_required or s._repaint_required or not s._message_queue.empty()
                    or any(w._repaint_required or w._layout_required or w._scroll_required
                           or not w._message_queue.empty() or w in s._dirty_widgets for w in watched))

        def where():
            f = app.screen.focused
            return (id(f), getattr(f, "highlighted", None))

        async def measure(key):
            # The key is sent as the terminal driver would (Pilot.press waits until the process uses
            # no CPU, which never happens while a solver runs in it); timed to the frame that drew the
            # last of its changes: the cursor moved and nothing of it left to draw.
            writes.clear()
            before = where()
            t = time.perf_counter()
            app._driver.send_message(events.Key(key, None))
            while (where() == before or pending()) and time.perf_counter() - t < 20:
                await asyncio.sleep(0.0005)
            done = time.perf_counter()
            frames = [w for w in writes if t <= w <= done]
            if where() == before or not frames:
                return None
            trace.append((key, round((t - began0) * 1000), round((frames[-1] - t) * 1000), len(frames)))
            return (frames[-1] - t) * 1000

        def key_at(k):
            return KEYS[k % len(KEYS)]

        idle = []
        for k in range(PRESSES):
            ms = await measure(key_at(k))
            if ms is not None:
                idle.append(ms)
            await asyncio.sleep(0.03)  # a person's pace between presses
        out["idle"] = idle

        busy = []
        trace.clear()
        began = time.perf_counter()
        app._driver.send_message(events.Key("b", "b"))
        while not screen.has_class("-building") and time.perf_counter() - began < 5:
            await asyncio.sleep(0.001)
        k = 0
        while screen.has_class("-building") and time.perf_counter() - began < 120:
            ms = await measure(key_at(k))
            k += 1
            if ms is not None and screen.has_class("-building"):
                busy.append(ms)
            await asyncio.sleep(0.03)
        while screen.has_class("-building") and time.perf_counter() - began < 120:
            await asyncio.sleep(0.002)
        out["build_s"] = time.perf_counter() - began
        await settle()
        out["busy"] = busy
        out["trace"] = trace
        plan = screen.board.plan if screen.board is not None else None
        out["solve_s"] = plan.solve_seconds if plan is not None else None
    ws.close()
    print(json.dumps(out))

asyncio.run(main(sys.argv[1]))
"""


MODES = {"thread": "search in the app's build thread (as before)",
         "process": "search in a child process (WeekSolveProcess)"}


def make_book(folder: Path) -> Path:
    """The demo book as of TODAY, with next week built once (the board has cards)."""
    from rmtui.config import LoadedSettings, Settings
    from rmtui.demo.book import generate_book
    from rmtui.domain.planning.periods import IsoWeek
    from rmtui.services.planning import build_week
    from rmtui.store.demo_load import load_demo_book
    from rmtui.workspace import open_workspace

    config = folder / "config.yaml"
    config.write_text("database:\n  url: sqlite:///book.db\n", encoding="utf-8")
    ws = open_workspace(loaded=LoadedSettings(Settings(), None), url=f"sqlite:///{folder / 'book.db'}",
                        clock=lambda: NOW)
    with ws.db.sessions.begin() as session:
        load_demo_book(session, ws.manager_id, generate_book(seed=42, today=TODAY), ws.now())
    build_week(ws, IsoWeek(2026, 49))
    ws.close()
    return config


def run_once(config: Path, presses: int, mode: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(config), ",".join(KEYS), str(presses), mode],
                          capture_output=True, text=True, check=False, cwd=config.parent)
    if proc.returncode != 0:
        raise SystemExit(f"child failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summary(xs: list[float]) -> tuple[float, float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[int(0.9 * (len(xs) - 1))], xs[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="app runs (default 3)")
    parser.add_argument("--presses", type=int, default=40, help="idle presses per run (default 40)")
    parser.add_argument("--modes", default="thread,process",
                        help="thread: the search in the build thread (as before); process: in a child process")
    parser.add_argument("--json", help="also write every run's figures to this file")
    args = parser.parse_args()
    print(f"week_ui_bench: {args.runs} runs, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        config = make_book(Path(tmp))
        print(f"demo book with 2026-W49 built in {time.perf_counter() - t:.1f} s")
        runs = {mode: [] for mode in args.modes.split(",")}
        for _ in range(args.runs):  # the modes take turns: the machine's load weighs on both alike
            for mode in runs:
                runs[mode].append(run_once(config, args.presses, mode))
    medians = {}
    for mode, done in runs.items():
        print(f"\n{MODES[mode]}")
        print(f"  board of 2026-W49: {done[0]['visits']} visits; build (b to the plan shown): "
              + ", ".join(f"{r['build_s']:.1f} s (solver {r['solve_s']:.1f} s)" for r in done))
        print(f"  {'cursor moves':<14}{'presses':>8}{'median':>9}{'p90':>8}{'max':>8}  (ms, key to the frame that drew it)")
        figures = {}
        for phase, label in (("idle", "idle"), ("busy", "during build")):
            xs = [x for r in done for x in r[phase]]
            if not xs:
                print(f"  {label:<14}{0:>8}  (the build ended before a press was measured)")
                continue
            med, p90, worst = summary(xs)
            figures[phase] = (med, p90)
            print(f"  {label:<14}{len(xs):>8}{med:>9.1f}{p90:>8.1f}{worst:>8.1f}")
        if len(figures) == 2:
            print(f"  during build / idle: median ×{figures['busy'][0] / figures['idle'][0]:.2f}, "
                  f"p90 ×{figures['busy'][1] / figures['idle'][1]:.2f}")
        medians[mode] = figures.get("busy"), statistics.median(r["build_s"] for r in done)
    if all(medians.get(m, (None,))[0] for m in ("thread", "process")):
        (t_busy, t_build), (p_busy, p_build) = medians["thread"], medians["process"]
        print(f"\nduring build, process / thread: median ×{p_busy[0] / t_busy[0]:.2f}, p90 ×{p_busy[1] / t_busy[1]:.2f}; "
              f"build time ×{p_build / t_build:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(runs), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
