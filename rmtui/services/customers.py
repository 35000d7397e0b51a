"""Customer use cases: a page of the book, and one customer in full."""

from __future__ import annotations

from dataclasses import dataclass

from rmtui.domain.cadence import Cadence, CadenceStatus
from rmtui.domain.customer import CustomerInfo
from rmtui.domain.followups import FollowUpInfo
from rmtui.domain.visits import VisitInfo
from rmtui.store.customers import count_customers, get_customer, list_customers
from rmtui.store.visits import open_followups, visit_history
from rmtui.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CustomerPage:
    """One page of customers matching a search, with the total count."""

    rows: tuple[CustomerInfo, ...]
    offset: int
    total: int
    cadence: dict[int, CadenceStatus]


@dataclass(frozen=True, slots=True)
class CustomerDetail:
    info: CustomerInfo
    cadence: CadenceStatus | None
    history: tuple[VisitInfo, ...]
    followups: tuple[FollowUpInfo, ...]


def cadence_of(ws: Workspace, c: CustomerInfo) -> CadenceStatus | None:
    tier = ws.tiers.get(c.tier)
    if tier is None:
        return None
    return Cadence(tier, last_visit=c.last_visit).status(c.id, ws.today())


def customer_page(ws: Workspace, *, search: str = "", tier: str | None = None, offset: int = 0,
                  limit: int = 100) -> CustomerPage:
    with ws.db.sessions() as session:
        total = count_customers(session, ws.manager_id, tier=tier, search=search or None)
        offset = max(0, min(offset, max(0, total - 1) // limit * limit))
        rows = list_customers(session, ws.manager_id, tier=tier, search=search or None, offset=offset, limit=limit)
    cadence = {c.id: s for c in rows if (s := cadence_of(ws, c)) is not None}
    return CustomerPage(tuple(rows), offset, total, cadence)


def customer_detail(ws: Workspace, code: str) -> CustomerDetail | None:
    with ws.db.sessions() as session:
        info = get_customer(session, ws.manager_id, code)
        if info is None:
            return None
        history = visit_history(session, info.id, limit=15)
        followups = open_followups(session, ws.manager_id, info.id)
    return CustomerDetail(info, cadence_of(ws, info), tuple(history), tuple(followups))
