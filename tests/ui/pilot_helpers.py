"""Shared by the Pilot tests: wait until the app has nothing left to do."""

from __future__ import annotations


async def settle(app, pilot, rounds: int = 3) -> None:
    """Let messages, workers started by them, and their results' redraws finish."""
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()
