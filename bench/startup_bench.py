"""Benchmark: start-up to the Today screen, and key-to-redraw latency on Today.

Targets (issue 5): ≤ 1.0 s from process start to Today drawn with the day's
visits; ≤ 50 ms per keypress. Run on the demo book (250 customers) and on a
generated 5,000-customer book.

Each start-up is a fresh Python process (interpreter start, imports, opening
and checking the database, mounting the app, loading and drawing the day),
timed from just before the process is spawned to the moment the Today table
has been filled and the screen refreshed. The app runs at 120×36 through
Textual's test driver, made to render every frame to terminal bytes as it
would for a real terminal. A key's latency is from the key press to the last
frame written because of it, workers included (the first and the last are
reported). Cursor moves and reorders that would do nothing at either end of
the day start over from the other end first (not timed). ``c``
opens Customers: the first press of a run opens it, later ones show the
screen Today keeps; the first opens are also reported on their own.

Run: ``./dev bench startup_bench [--runs 5] [--sizes 250,5000]``
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
from datetime import date
from pathlib import Path

# Keys pressed on Today, each several times: cursor moves, reorder (writes the
# database), day navigation (loads another day in a worker), a screen change.
# "c" opens Customers and "escape" comes back: measured as a pair.
KEYS = ("down", "up", "shift+down", "shift+up", "full_stop", "comma", "c", "escape")

CHILD = r"""
import asyncio, json, sys, time
t_import = time.time()
from rmtui.workspace import open_workspace
from rmtui.ui.app import make_app
from rmtui.ui.screens import today as today_mod
from textual.drivers.headless_driver import HeadlessDriver

# Render every frame to terminal bytes as on a real terminal (the headless
# driver normally skips that), and note when each frame was written.
writes = []
HeadlessDriver.is_headless = property(lambda self: False)
HeadlessDriver.write = lambda self, data: writes.append(time.perf_counter())

ready = {}
original = today_mod.TodayScreen._show

def _show(self, view):
    original(self, view)
    ready.setdefault("at", None)
    if ready["at"] is None:  # the day drawn (a day off has no visits: the keys then move nothing)
        self.call_after_refresh(lambda: ready.__setitem__("at", ready["at"] or time.time()))

today_mod.TodayScreen._show = _show

async def main(config, keys, repeats):
    ws = open_workspace(config)
    app = make_app(ws)
    out = {"import_started": t_import}
    async with app.run_test(size=(120, 36)) as pilot:
        waited = time.time()
        while ready.get("at") is None:
            if time.time() - waited > 60:
                raise SystemExit("Today was not drawn within 60 s")
            await asyncio.sleep(0.002)
        out["ready"] = ready["at"]
        out["visits"] = app.screen.query_one("DataTable").row_count
        lat = {key: [] for key in keys}
        first = {key: [] for key in keys}
        idle = {key: 0 for key in keys}

        async def settle():
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()

        async def measure(key):
            # key → the first and the last frame it caused, workers included
            # (a day change loads in a worker; coming back reloads the day)
            writes.clear()
            t = time.perf_counter()
            await pilot.press(key)
            await settle()
            lat[key].append(((writes[-1] if writes else t) - t) * 1000)
            first[key].append(((writes[0] if writes else t) - t) * 1000)
            idle[key] += not writes

        async def movable(key):
            # a cursor move or a reorder at the end of the day would do nothing: start over from the
            # other end (not timed)
            table = app.screen.query_one("DataTable")
            last = table.row_count - 1
            if last > 0 and key in ("down", "shift+down") and table.cursor_row >= last:
                table.move_cursor(row=0)
            elif last > 0 and key in ("up", "shift+up") and table.cursor_row <= 0:
                table.move_cursor(row=last)
            else:
                return
            await settle()

        for key in keys:
            if key == "escape":
                continue
            for _ in range(repeats):
                await movable(key)
                await measure(key)
                if key == "c":
                    await measure("escape")
        out["latency_ms"] = lat
        out["first_frame_ms"] = first
        out["idle"] = idle
    ws.close()
    print(json.dumps(out))

asyncio.run(main(sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])))
"""


def make_book(folder: Path, size: int, today: date) -> Path:
    """A database with a generated book of ``size`` customers as of ``today``."""
    from rmtui.config import LoadedSettings, Settings
    from rmtui.demo.book import generate_book
    from rmtui.store.demo_load import load_demo_book
    from rmtui.workspace import open_workspace

    config = folder / "config.yaml"
    config.write_text("database:\n  url: sqlite:///book.db\n", encoding="utf-8")
    ws = open_workspace(loaded=LoadedSettings(Settings(), None), url=f"sqlite:///{folder / 'book.db'}")
    with ws.db.sessions.begin() as session:
        load_demo_book(session, ws.manager_id, generate_book(seed=42, today=today, size=size), ws.now())
    ws.close()
    return config


def run_once(config: Path, repeats: int) -> dict:
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(config), ",".join(KEYS), str(repeats)],
                          capture_output=True, text=True, check=False, cwd=config.parent)
    if proc.returncode != 0:
        raise SystemExit(f"child failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["startup_s"] = out["ready"] - t0
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups per book (default 5)")
    parser.add_argument("--repeats", type=int, default=10, help="presses per key per run (default 10)")
    parser.add_argument("--sizes", default="250,5000", help="book sizes (default 250,5000)")
    args = parser.parse_args()
    today = date.today()
    print(f"startup_bench: {args.runs} start-ups per book, {args.repeats} presses per key, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ok = True
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            config = make_book(Path(tmp), size, today)
            built = time.perf_counter() - t
            runs = [run_once(config, args.repeats) for _ in range(args.runs)]
        starts = sorted(r["startup_s"] for r in runs)
        print(f"\nbook of {size} customers (built in {built:.1f} s), Today shows {runs[0]['visits']} visits")
        print(f"  start-up to Today drawn: median {statistics.median(starts):.3f} s, "
              f"best {starts[0]:.3f} s, worst {starts[-1]:.3f} s   (target ≤ 1.0 s)")
        ok &= statistics.median(starts) <= 1.0
        print(f"  {'key':<12}{'first frame':>12}{'last frame: median':>20}{'p90':>7}{'max':>7}  (ms)")
        for key in KEYS:
            xs = sorted(x for r in runs for x in r["latency_ms"][key])
            f1 = statistics.median(x for r in runs for x in r["first_frame_ms"][key])
            p90 = xs[int(0.9 * (len(xs) - 1))]
            nothing = sum(r["idle"][key] for r in runs)
            print(f"  {key:<12}{f1:>12.1f}{statistics.median(xs):>20.1f}{p90:>7.1f}{xs[-1]:>7.1f}"
                  + (f"  ({nothing} presses drew nothing)" if nothing else ""))
            ok &= statistics.median(xs) <= 50
        cold = sorted(r["latency_ms"]["c"][0] for r in runs if r["latency_ms"]["c"])
        if cold:
            print(f"  c, first open in a run: median {statistics.median(cold):.1f} ms, worst {cold[-1]:.1f} ms")
    print("\nall targets met" if ok else "\nSOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
