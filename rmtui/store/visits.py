"""Visit record and follow-up queries for one customer (history, open items)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rmtui.domain.followups import FollowUpInfo
from rmtui.domain.visits import VisitInfo
from rmtui.store.models import Customer, FollowUp, VisitRecord


def to_visit_info(r: VisitRecord) -> VisitInfo:
    return VisitInfo(id=r.id, customer_id=r.customer_id, day=r.day, status=r.status, arrived=r.arrived,
                     departed=r.departed, mode=r.mode, visit_type=r.visit_type, purpose=r.purpose, met=r.met,
                     discussed=r.discussed, outcome=r.outcome, satisfaction=r.satisfaction,
                     next_steps=r.next_steps, on_site=r.on_site)


def visit_history(session: Session, customer_id: int, limit: int = 20) -> list[VisitInfo]:
    """The customer's most recent visits, newest first."""
    rows = session.scalars(
        select(VisitRecord).where(VisitRecord.customer_id == customer_id)
        .order_by(VisitRecord.day.desc(), VisitRecord.arrived.desc().nulls_last()).limit(limit)
    )
    return [to_visit_info(r) for r in rows]


def to_followup_info(f: FollowUp, customer: Customer) -> FollowUpInfo:
    return FollowUpInfo(id=f.id, customer_id=f.customer_id, customer_code=customer.code,
                        customer_name=customer.name, kind=f.kind, sla_class=f.sla_class, title=f.title,
                        detail=f.detail, owner=f.owner, created_at=f.created_at,
                        first_answer_due=f.first_answer_due, first_answered_at=f.first_answered_at,
                        due_at=f.due_at, status=f.status, result=f.result, visit_id=f.visit_id)


def open_followups(session: Session, manager_id: int, customer_id: int | None = None) -> list[FollowUpInfo]:
    """Open follow-ups, soonest due first (optionally of one customer)."""
    stmt = (select(FollowUp, Customer).join(Customer, Customer.id == FollowUp.customer_id)
            .where(FollowUp.manager_id == manager_id, FollowUp.status == "open").order_by(FollowUp.due_at))
    if customer_id is not None:
        stmt = stmt.where(FollowUp.customer_id == customer_id)
    return [to_followup_info(f, c) for f, c in session.execute(stmt)]
