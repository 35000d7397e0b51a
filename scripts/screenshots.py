"""Regenerate screenshots/ from the real app on the demo book.

Usage: ./dev screenshots   (or: python scripts/screenshots.py [--png])

Each main screen is opened with Pilot at 120×36 in Chinese and in English,
with a fixed clock, and saved as SVG (plus PNG with --png when rsvg-convert
is installed).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import shutil
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path

from rmtui.config import LoadedSettings, Settings
from rmtui.demo.book import generate_book
from rmtui.store.demo_load import load_demo_book
from rmtui.ui.app import make_app
from rmtui.ui.navigation import DESTINATIONS
from rmtui.workspace import open_workspace

OUT = Path(__file__).resolve().parents[1] / "screenshots"
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 8, 40)
SIZE = (120, 36)

# (file stem, module that must exist, keys pressed after start-up to reach the screen)
SCREENS: list[tuple[str, str, tuple[str, ...]]] = [
    ("today", "rmtui.ui.screens.today", ()),
    ("checklist", "rmtui.ui.screens.checklist", ("down", "k")),
    ("visit-record", "rmtui.ui.screens.visit_record", ("down", "v")),
    *((d.id.replace("_", "-"), d.module, (d.key,)) for d in DESTINATIONS if d.id != "today"),
    ("daily-report", "rmtui.ui.screens.daily_report", ("f7", "ctrl+r")),
    ("plan-vs-actual", "rmtui.ui.screens.plan_vs_actual", ("f8", "v")),
]


async def shoot(ws, locale: str, stem: str, keys: tuple[str, ...]) -> Path:
    app = make_app(ws, locale=locale)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("_", *keys):
            if key != "_":
                await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        path = OUT / f"{stem}-{locale}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", action="store_true", help="also write PNG files (needs rsvg-convert)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "demo.db"
        ws = open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: NOW, url=f"sqlite:///{base}")
        with ws.db.sessions.begin() as session:
            load_demo_book(session, ws.manager_id, generate_book(seed=42, today=TODAY), ws.now())
        ws.close()
        written = []
        for locale in ("zh", "en"):
            for stem, module, keys in SCREENS:
                if importlib.util.find_spec(module) is None:
                    print(f"skipped {stem}: {module} not in this version")
                    continue
                # Each picture starts from the same book: one screen's drafts
                # or edits never show up in the next.
                shot = Path(tmp) / "shot.db"
                shutil.copyfile(base, shot)
                ws = open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: NOW,
                                    url=f"sqlite:///{shot}")
                written.append(asyncio.run(shoot(ws, locale, stem, keys)))
                ws.close()
    if args.png:
        if not shutil.which("rsvg-convert"):
            print("rsvg-convert not found (Debian: apt-get install librsvg2-bin); SVG only")
        else:
            for svg in written:
                subprocess.run(["rsvg-convert", str(svg), "-o", str(svg.with_suffix(".png"))], check=True)
    for path in written:
        print(path.relative_to(OUT.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
