"""Where the app can go: one entry per main screen.

The app's function keys, the command palette's "Go to" entries and the
screenshot script all read this table, so a new screen is added in one
place. Screens are imported only when first opened (start-up stays fast).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class Destination:
    id: str  # label key ``nav.<id>``; also the binding id ``go_<id>``
    key: str  # app-wide key
    module: str
    cls: str

    def available(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def screen_class(self) -> type[Screen]:
        return getattr(importlib.import_module(self.module), self.cls)


DESTINATIONS: tuple[Destination, ...] = (
    Destination("today", "f4", "rmtui.ui.screens.today", "TodayScreen"),
    Destination("customers", "f5", "rmtui.ui.screens.customers", "CustomersScreen"),
    Destination("followups", "f6", "rmtui.ui.screens.followups", "FollowUpsScreen"),
    Destination("end_of_day", "f7", "rmtui.ui.screens.end_of_day", "EndOfDayScreen"),
    Destination("week", "f8", "rmtui.ui.screens.week", "WeekScreen"),
    Destination("month", "f9", "rmtui.ui.screens.month", "MonthScreen"),
    Destination("import", "f10", "rmtui.ui.screens.import_customers", "ImportScreen"),
    Destination("geocode", "f11", "rmtui.ui.screens.geocode", "GeocodeScreen"),
)

BY_ID = {d.id: d for d in DESTINATIONS}
