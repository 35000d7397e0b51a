"""Customer repository: queries and writes that take a session.

Rows are turned into ``CustomerInfo`` values before they leave; pages are
fetched with LIMIT/OFFSET so a screen never loads the whole book.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from rmtui.domain.customer import CustomerInfo
from rmtui.domain.search_key import search_key
from rmtui.store.models import Customer, Manager, VisitRecord


def ensure_manager(session: Session, code: str, name: str, phone: str = "", branch: str = "") -> Manager:
    """The manager row for ``code``, created (or its name refreshed) from the settings."""
    manager = session.scalar(select(Manager).where(Manager.code == code))
    if manager is None:
        manager = Manager(code=code, name=name, phone=phone, branch=branch)
        session.add(manager)
        session.flush()
    elif (manager.name, manager.phone, manager.branch) != (name, phone, branch):
        manager.name, manager.phone, manager.branch = name, phone, branch
    return manager


def _last_visits(manager_id: int) -> Select:
    return (
        select(VisitRecord.customer_id, func.max(VisitRecord.day).label("last_day"))
        .where(VisitRecord.manager_id == manager_id, VisitRecord.status == "done")
        .group_by(VisitRecord.customer_id)
        .subquery()
    )


def _to_info(row: Customer, last_recorded: date | None) -> CustomerInfo:
    candidates = [d for d in (last_recorded, row.last_visit_imported) if d is not None]
    return CustomerInfo(
        id=row.id, code=row.code, name=row.name, address=row.address, district=row.district,
        lat=row.lat, lon=row.lon, geo_quality=row.geo_quality, tier=row.tier, contact=row.contact,
        phone=row.phone, opening_hours=row.opening_hours, visit_minutes=row.visit_minutes,
        territory=row.territory, notes=row.notes, last_visit=max(candidates) if candidates else None,
    )


def _query(manager_id: int, *, tier: str | None = None, search: str | None = None, last_visit: bool = True):
    if last_visit:
        last = _last_visits(manager_id)
        stmt = select(Customer, last.c.last_day).outerjoin(last, last.c.customer_id == Customer.id)
    else:  # counting needs no visit history
        stmt = select(Customer.id)
    stmt = stmt.where(Customer.manager_id == manager_id, Customer.active.is_(True))
    if tier:
        stmt = stmt.where(Customer.tier == tier)
    if search:
        like = f"%{search}%"
        # ilike: case-insensitive on PostgreSQL as LIKE already is on SQLite ("c0012" finds C0012).
        stmt = stmt.where(or_(Customer.name.ilike(like), Customer.code.ilike(like), Customer.address.ilike(like),
                              Customer.search_key.like(f"%{search.lower().replace(' ', '')}%")))
    return stmt


def list_customers(session: Session, manager_id: int, *, tier: str | None = None, search: str | None = None,
                   offset: int = 0, limit: int | None = None) -> list[CustomerInfo]:
    """Customers ordered by code, one page at a time when ``limit`` is given."""
    stmt = _query(manager_id, tier=tier, search=search).order_by(Customer.code).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_to_info(row, last) for row, last in session.execute(stmt)]


def count_customers(session: Session, manager_id: int, *, tier: str | None = None,
                    search: str | None = None) -> int:
    sub = _query(manager_id, tier=tier, search=search, last_visit=False).subquery()
    return session.scalar(select(func.count()).select_from(sub)) or 0


def get_customer(session: Session, manager_id: int, code: str) -> CustomerInfo | None:
    stmt = _query(manager_id).where(Customer.code == code)
    found = session.execute(stmt).first()
    return _to_info(found[0], found[1]) if found else None


def customers_by_ids(session: Session, ids: Iterable[int]) -> dict[int, CustomerInfo]:
    ids = list(ids)
    if not ids:
        return {}
    rows = session.scalars(select(Customer).where(Customer.id.in_(ids))).all()
    if not rows:
        return {}
    last = _last_visits(rows[0].manager_id)
    lasts = dict(session.execute(select(last.c.customer_id, last.c.last_day)
                                 .where(last.c.customer_id.in_(ids))).all())
    return {r.id: _to_info(r, lasts.get(r.id)) for r in rows}


CUSTOMER_FIELDS: Sequence[str] = (
    "name", "search_key", "address", "district", "lat", "lon", "geo_source", "geo_quality", "tier", "contact", "phone",
    "opening_hours", "visit_minutes", "territory", "notes", "last_visit_imported",
)


def upsert_customers(session: Session, manager_id: int, rows: Iterable[dict], now: datetime) -> tuple[int, int]:
    """Insert or update customers by code; returns (inserted, updated).

    Each row holds ``code`` and any of ``CUSTOMER_FIELDS``; fields absent from
    a row are left as they are on an existing customer.
    """
    rows = list(rows)
    existing = {
        c.code: c
        for c in session.scalars(
            select(Customer).where(Customer.manager_id == manager_id,
                                   Customer.code.in_([r["code"] for r in rows]))
        )
    }
    inserted = updated = 0
    for data in rows:
        if "name" in data:
            data = {**data, "search_key": search_key(data["name"])}
        customer = existing.get(data["code"])
        if customer is None:
            customer = Customer(manager_id=manager_id, code=data["code"], created_at=now, updated_at=now)
            for key in CUSTOMER_FIELDS:
                if key in data:
                    setattr(customer, key, data[key])
            session.add(customer)
            existing[data["code"]] = customer
            inserted += 1
        else:
            for key in CUSTOMER_FIELDS:
                if key in data:
                    setattr(customer, key, data[key])
            customer.active = True
            customer.updated_at = now
            updated += 1
    session.flush()
    return inserted, updated
