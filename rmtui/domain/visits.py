"""Visit records (拜访记录) as the rest of the app sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum


class VisitType(StrEnum):
    SERVICE = "service"  # routine
    SPECIAL = "special"  # a complaint, an order, a specific task


class Outcome(StrEnum):
    ORDER = "order"
    AGREEMENT = "agreement"
    NOTHING = "nothing"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True, slots=True)
class VisitInfo:
    """One recorded visit, for history lists and reports."""

    id: int
    customer_id: int
    day: date
    status: str  # done | not_done
    arrived: time | None
    departed: time | None
    mode: str
    visit_type: str
    purpose: str
    met: str
    discussed: str
    outcome: str
    satisfaction: int | None
    next_steps: str
    on_site: bool | None
