"""Writing validated customer records in bulk: insert new codes, update known ones.

One query reads the existing customers of the manager (by code, in chunks),
then one bulk INSERT and one bulk UPDATE by primary key write everything —
no per-row queries, so 10,000 rows take about a second. Runs inside the
caller's transaction: all rows or none.

Location rules on update: coordinates in the file replace the stored ones;
a row without coordinates keeps the stored location unless its address
changed, in which case a location found by a geocoder or an earlier import
is cleared (it belonged to the old address) — one set by hand is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from rmtui.domain.search_key import search_key
from rmtui.store.models import Customer

WRITABLE = ("name", "address", "district", "lat", "lon", "geo_source", "geo_quality", "geo_datum", "tier",
            "contact", "phone", "opening_hours", "visit_minutes", "territory", "notes", "last_visit_imported")
_CHUNK = 500  # codes per IN (…) query; well under every database's parameter limit
_INSERT_DEFAULTS = {"address": "", "district": "", "lat": None, "lon": None, "geo_source": "", "geo_quality": "none",
                    "geo_datum": "wgs84", "contact": "", "phone": "", "opening_hours": "", "visit_minutes": None,
                    "territory": "", "notes": "", "last_visit_imported": None}
_NO_LOCATION = {"lat": None, "lon": None, "geo_source": "", "geo_quality": "none", "geo_datum": "wgs84"}


def existing_codes(session: Session, manager_id: int, codes: Sequence[str]) -> dict[str, tuple]:
    """code → (id, name, address, district, geo_source) for the codes already in the book."""
    found: dict[str, tuple] = {}
    for start in range(0, len(codes), _CHUNK):
        chunk = list(codes[start:start + _CHUNK])
        rows = session.execute(
            select(Customer.code, Customer.id, Customer.name, Customer.address, Customer.district,
                   Customer.geo_source)
            .where(Customer.manager_id == manager_id, Customer.code.in_(chunk))
        )
        for code, *rest in rows:
            found[code] = tuple(rest)
    return found


def write_customers(session: Session, manager_id: int, records: Iterable[dict], now: datetime) -> tuple[int, int]:
    """Insert or update customers by code; returns (inserted, updated)."""
    records = list(records)
    known = existing_codes(session, manager_id, [r["code"] for r in records])
    inserts: list[dict] = []
    updates: list[dict] = []
    for rec in records:
        values = {k: rec[k] for k in WRITABLE if k in rec}
        old = known.get(rec["code"])
        if old is None:
            values.update(manager_id=manager_id, code=rec["code"], search_key=search_key(rec["name"]),
                          active=True, created_at=now, updated_at=now)
            inserts.append(values)
            continue
        cid, old_name, old_address, old_district, old_source = old
        if values.get("name", old_name) != old_name:
            values["search_key"] = search_key(values["name"])
        moved = ("address" in values and values["address"] != old_address) or \
                ("district" in values and values["district"] != old_district)
        if "lat" not in values and moved and old_source != "manual":
            values.update(_NO_LOCATION)
        values.update(id=cid, active=True, updated_at=now)
        updates.append(values)
    if inserts:
        # The same keys in every row, so the INSERT goes out as batched multi-row statements.
        session.execute(insert(Customer), [{**_INSERT_DEFAULTS, **r} for r in inserts])
    if updates:
        session.execute(update(Customer), updates)
    return len(inserts), len(updates)
