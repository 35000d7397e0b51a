"""Writing a generated demo book into the database (one transaction)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmtui.demo.model import DemoBook
from rmtui.store.customers import upsert_customers
from rmtui.store.models import (
    Appointment,
    Customer,
    FollowUp,
    Meta,
    PlannedVisit,
    VisitRecord,
    WeeklyPlan,
)

DEMO_KEY = "demo_seed"


def is_demo(session: Session) -> bool:
    return session.get(Meta, DEMO_KEY) is not None


def customer_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Customer)) or 0


def load_demo_book(session: Session, manager_id: int, book: DemoBook, now: datetime) -> int:
    """Insert the whole book for ``manager_id``; returns the number of customers."""
    upsert_customers(session, manager_id, [
        {"code": c.code, "name": c.name, "address": c.address, "district": c.district, "lat": c.lat,
         "lon": c.lon, "geo_source": "demo", "geo_quality": "exact", "geo_datum": "wgs84", "tier": c.tier,
         "contact": c.contact, "phone": c.phone, "opening_hours": c.opening_hours,
         "visit_minutes": c.visit_minutes, "territory": c.territory, "notes": c.notes,
         "last_visit_imported": c.last_visit}
        for c in book.customers
    ], now)
    ids = dict(session.execute(select(Customer.code, Customer.id).where(Customer.manager_id == manager_id)).all())

    plan = WeeklyPlan(manager_id=manager_id, iso_year=book.plan_week.iso_year, iso_week=book.plan_week.iso_week,
                      status=book.plan_week.status, created_at=book.plan_week.submitted_at - timedelta(hours=2),
                      built_at=book.plan_week.submitted_at - timedelta(hours=1),
                      submitted_at=book.plan_week.submitted_at, approved_at=book.plan_week.approved_at,
                      supervisor_comment=book.plan_week.supervisor_comment)
    session.add(plan)
    session.flush()
    planned: dict[tuple[str, object], PlannedVisit] = {}
    for p in book.planned_visits:
        pv = PlannedVisit(manager_id=manager_id, weekly_plan_id=plan.id, customer_id=ids[p.customer_code],
                          day=p.date, sequence=p.sequence, planned_start=p.planned_start,
                          planned_minutes=p.planned_minutes, purpose=p.purpose, reason=p.reason, source=p.source,
                          status=p.status, visit_type="special" if p.source == "follow_up" else "service",
                          created_at=plan.created_at)
        session.add(pv)
        planned[(p.customer_code, p.date)] = pv
    session.flush()

    visit_ids: dict[tuple[str, object], int] = {}
    for v in book.visits:
        pv = planned.get((v.customer_code, v.date))
        minutes = (datetime.combine(v.date, v.depart) - datetime.combine(v.date, v.arrive)).seconds // 60
        record = VisitRecord(
            manager_id=manager_id, customer_id=ids[v.customer_code], planned_visit_id=pv.id if pv else None,
            day=v.date, status="done", planned_arrive=v.planned_start,
            planned_depart=(datetime.combine(v.date, v.planned_start) + timedelta(minutes=minutes)).time(),
            arrived=v.arrive, departed=v.depart, mode=v.mode, visit_type=v.visit_type, purpose=v.purpose,
            met=v.met, discussed=v.discussed, needs=v.needs, complaints=v.complaints,
            competitor_info=v.competitor_info, products=v.products, outcome=v.outcome,
            satisfaction=v.satisfaction, next_steps=v.next_steps, checkin_lat=v.lat, checkin_lon=v.lon,
            on_site=v.on_site_verified if v.mode == "on_site" else None,
            created_at=datetime.combine(v.date, v.depart), updated_at=datetime.combine(v.date, v.depart),
        )
        session.add(record)
        session.flush()
        visit_ids[(v.customer_code, v.date)] = record.id

    for f in book.follow_ups:
        session.add(FollowUp(
            manager_id=manager_id, customer_id=ids[f.customer_code],
            visit_id=visit_ids.get((f.customer_code, f.origin_visit_date)) if f.origin_visit_date else None,
            kind=f.kind, sla_class=f.sla_class, title=f.title, detail=f.detail, owner=book.manager.name,
            created_at=f.created_at, first_answer_due=f.first_answer_due, due_at=f.due_at, status=f.status,
            result=f.result, completed_at=f.done_at))
    for a in book.appointments:
        session.add(Appointment(manager_id=manager_id, customer_id=ids[a.customer_code], starts_at=a.start,
                                minutes=a.minutes, note=a.note, confirmed=a.confirmed, created_at=now))
    session.merge(Meta(key=DEMO_KEY, value=str(book.seed)))
    session.merge(Meta(key="demo_today", value=book.today.isoformat()))
    session.flush()
    return len(book.customers)
