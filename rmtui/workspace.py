"""What every command and the app work with: settings, the open database,
the manager's id and a clock. Made once at start-up and passed in, so tests
hand in a temporary database and a fixed "now".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rmtui.config import LoadedSettings, Settings, load_settings
from rmtui.domain.tiers import Tier
from rmtui.store.customers import ensure_manager
from rmtui.store.db import Database, open_database

Clock = Callable[[], datetime]


@dataclass
class Workspace:
    """Settings, database and identity for one run of rmtui."""

    loaded: LoadedSettings
    db: Database
    manager_id: int
    clock: Clock

    @property
    def settings(self) -> Settings:
        return self.loaded.settings

    @property
    def tiers(self) -> dict[str, Tier]:
        return self.settings.tier_map()

    def now(self) -> datetime:
        """Wall-clock time in the configured zone, without offset (as stored)."""
        return self.clock().replace(tzinfo=None, microsecond=0)

    def today(self) -> date:
        return self.now().date()

    def close(self) -> None:
        self.db.close()


def system_clock(zone: str) -> Clock:
    tz = ZoneInfo(zone)
    return lambda: datetime.now(tz)


def open_workspace(config: str | None = None, *, loaded: LoadedSettings | None = None,
                   clock: Clock | None = None, url: str | None = None) -> Workspace:
    """Load settings (unless given), open and upgrade the database, ensure the manager row."""
    loaded = loaded or load_settings(config)
    s = loaded.settings
    db = open_database(url or loaded.database_url())
    with db.sessions.begin() as session:
        manager = ensure_manager(session, s.manager.code, s.manager.name, s.manager.phone, s.manager.branch)
        manager_id = manager.id
    return Workspace(loaded=loaded, db=db, manager_id=manager_id, clock=clock or system_clock(s.timezone))
