"""Customer tiers: how often, how long and how a customer is visited.

Tiers are configuration (``config.yaml``), not code; this is the plain value
the rest of the domain works with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class VisitMode(StrEnum):
    """How a visit is made."""

    ON_SITE = "on_site"
    PHONE = "phone"
    ONLINE = "online"


@dataclass(frozen=True, slots=True)
class Tier:
    """One customer tier and its visit rules.

    ``interval_days``: a visit is due this many days after the last one.
    ``visit_minutes``: planned length of an on-site visit.
    ``lead_days``: how many days ahead the appointment must be confirmed
    (0 = the same day).
    ``early_days``: how many days before the due date a visit counts as on
    time. An earlier visit still resets the clock but earns no on-time credit
    (see ``rmtui.domain.cadence``).
    ``priority``: higher is more important when capacity is short.
    """

    id: str
    name_zh: str
    name_en: str
    interval_days: int
    visit_minutes: int
    lead_days: int = 0
    early_days: int = 0
    priority: int = 1
    modes: tuple[VisitMode, ...] = (VisitMode.ON_SITE, VisitMode.PHONE, VisitMode.ONLINE)

    def name(self, locale: str) -> str:
        return self.name_zh if locale == "zh" else self.name_en
