"""The database schema: SQLAlchemy 2 typed ORM models for the whole domain.

Every customer, plan and record belongs to a manager row, so one database can
serve a team with a supervisor. Enumerated values are stored as short text;
their allowed values live in the domain modules (``rmtui.domain``).
Datetimes are wall-clock times in the configured time zone (a field team works
in one zone), stored without offset.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Key/value facts about this database (e.g. that it holds the demo book)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Manager(Base):
    """A customer manager, or a supervisor who reviews managers' plans."""

    __tablename__ = "manager"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(40), default="")
    branch: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16), default="manager")  # manager | supervisor
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("manager.id"))


class Customer(Base):
    """A customer in a manager's book."""

    __tablename__ = "customer"
    __table_args__ = (UniqueConstraint("manager_id", "code", name="uq_customer_manager_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200), index=True)
    search_key: Mapped[str] = mapped_column(String(600), default="")  # pinyin and initials of the name
    address: Mapped[str] = mapped_column(String(300), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_source: Mapped[str] = mapped_column(String(32), default="")  # import | manual | nominatim | demo …
    geo_quality: Mapped[str] = mapped_column(String(16), default="none")  # exact | approximate | none
    geo_datum: Mapped[str] = mapped_column(String(8), default="wgs84")  # datum of the source before conversion
    tier: Mapped[str] = mapped_column(String(32), index=True)
    contact: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    opening_hours: Mapped[str] = mapped_column(String(300), default="")  # OSM opening_hours subset
    visit_minutes: Mapped[int | None] = mapped_column(Integer)  # overrides the tier's length
    territory: Mapped[str] = mapped_column(String(64), default="", index=True)  # visit route / 片区 tag
    notes: Mapped[str] = mapped_column(Text, default="")
    last_visit_imported: Mapped[date | None] = mapped_column(Date)  # last visit before rmtui kept records
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    contacts: Mapped[list[Contact]] = relationship(back_populates="customer", cascade="all, delete-orphan",
                                                   order_by="Contact.position")


class Contact(Base):
    """A person at a customer (法人, 总经理, 关键人物 …)."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    customer: Mapped[Customer] = relationship(back_populates="contacts")


class MonthlyPlan(Base):
    """The plan of one month: targets, focus, and its month-end review."""

    __tablename__ = "monthly_plan"
    __table_args__ = (UniqueConstraint("manager_id", "year", "month", name="uq_monthly_plan_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | confirmed
    focus: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_done: Mapped[str] = mapped_column(Text, default="")
    review_shortfalls: Mapped[str] = mapped_column(Text, default="")
    review_improvements: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    targets: Mapped[list[MonthlyTarget]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                        order_by="MonthlyTarget.position")


class MonthlyTarget(Base):
    """One target of a month (visits of a tier, new customers, a key product …)."""

    __tablename__ = "monthly_target"
    __table_args__ = (UniqueConstraint("plan_id", "key", name="uq_monthly_target_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("monthly_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    target: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32), default="")
    achieved_manual: Mapped[float | None] = mapped_column(Float)  # for targets rmtui cannot count itself
    plan: Mapped[MonthlyPlan] = relationship(back_populates="targets")


class WeeklyPlan(Base):
    """The plan of one ISO week, submitted on the Friday before it."""

    __tablename__ = "weekly_plan"
    __table_args__ = (UniqueConstraint("manager_id", "iso_year", "iso_week", name="uq_weekly_plan_week"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"), index=True)
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | submitted | approved | returned
    created_at: Mapped[datetime] = mapped_column(DateTime)
    built_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_late: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_snapshot: Mapped[str | None] = mapped_column(Text)  # JSON of the frozen submitted version
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    supervisor_comment: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")  # unplaced visits and written reasons (JSON)


class PlannedVisit(Base):
    """One visit placed on a day of a plan, in route order."""

    __tablename__ = "planned_visit"
    __table_args__ = (Index("ix_planned_visit_day", "manager_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"))
    weekly_plan_id: Mapped[int | None] = mapped_column(ForeignKey("weekly_plan.id", ondelete="SET NULL"),
                                                       index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    planned_start: Mapped[time | None] = mapped_column(Time)
    planned_minutes: Mapped[int] = mapped_column(Integer)
    visit_type: Mapped[str] = mapped_column(String(16), default="service")  # service | special
    mode: Mapped[str] = mapped_column(String(16), default="on_site")
    purpose: Mapped[str] = mapped_column(String(300), default="")
    focus: Mapped[str] = mapped_column(Text, default="")  # 拜访重点
    standard: Mapped[str] = mapped_column(Text, default="")  # the standard the visit must reach
    reason: Mapped[str] = mapped_column(String(300), default="")  # why it is in the plan
    source: Mapped[str] = mapped_column(String(16), default="cadence")
    # cadence | carry_over | follow_up | appointment | assigned | ad_hoc | optional
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)  # placed or moved by the manager
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned | done | skipped | removed
    status_reason: Mapped[str] = mapped_column(String(300), default="")
    # use_alter: follow_up → visit_record → planned_visit → follow_up is a genuine cycle.
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up.id", ondelete="SET NULL", use_alter=True))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id", ondelete="SET NULL"))
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("planned_visit.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    customer: Mapped[Customer] = relationship()


class PlanDeviation(Base):
    """A change to a submitted weekly plan: moved, added, removed or not done."""

    __tablename__ = "plan_deviation"
    id: Mapped[int] = mapped_column(primary_key=True)
    weekly_plan_id: Mapped[int] = mapped_column(ForeignKey("weekly_plan.id", ondelete="CASCADE"), index=True)
    planned_visit_id: Mapped[int | None] = mapped_column(ForeignKey("planned_visit.id", ondelete="SET NULL"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    kind: Mapped[str] = mapped_column(String(16))  # moved | added | removed | not_done
    detail: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(DateTime)


class SupervisorTask(Base):
    """A task handed down by the supervisor, to be placed in a weekly plan."""

    __tablename__ = "supervisor_task"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer, default=30)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done | cancelled
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Appointment(Base):
    """A visit agreed with the customer at a fixed day and time."""

    __tablename__ = "appointment"
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(300), default="")
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done | cancelled
    created_at: Mapped[datetime] = mapped_column(DateTime)


class VisitRecord(Base):
    """What happened at a visit (拜访记录)."""

    __tablename__ = "visit_record"
    __table_args__ = (Index("ix_visit_record_customer_day", "customer_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    planned_visit_id: Mapped[int | None] = mapped_column(ForeignKey("planned_visit.id", ondelete="SET NULL"),
                                                         index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="done")  # done | not_done
    planned_arrive: Mapped[time | None] = mapped_column(Time)
    planned_depart: Mapped[time | None] = mapped_column(Time)
    arrived: Mapped[time | None] = mapped_column(Time)
    departed: Mapped[time | None] = mapped_column(Time)
    mode: Mapped[str] = mapped_column(String(16), default="on_site")  # on_site | phone | online
    visit_type: Mapped[str] = mapped_column(String(16), default="service")  # service | special
    call_class: Mapped[str] = mapped_column(String(16), default="")  # phone call-back class
    purpose: Mapped[str] = mapped_column(String(300), default="")
    met: Mapped[str] = mapped_column(String(200), default="")
    discussed: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    complaints: Mapped[str] = mapped_column(Text, default="")
    competitor_info: Mapped[str] = mapped_column(Text, default="")
    products: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(16), default="")  # order | agreement | nothing | follow_up
    satisfaction: Mapped[int | None] = mapped_column(Integer)  # 1–5
    next_steps: Mapped[str] = mapped_column(Text, default="")
    checkin_lat: Mapped[float | None] = mapped_column(Float)
    checkin_lon: Mapped[float | None] = mapped_column(Float)
    on_site: Mapped[bool | None] = mapped_column(Boolean)  # check-in near the customer (None: not checked)
    on_site_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)  # confirmed despite distance
    not_done_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    customer: Mapped[Customer] = relationship()


class VisitDraft(Base):
    """A visit record form as last typed, saved on every change."""

    __tablename__ = "visit_draft"
    __table_args__ = (UniqueConstraint("manager_id", "customer_id", "day", name="uq_visit_draft_visit"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    planned_visit_id: Mapped[int | None] = mapped_column(ForeignKey("planned_visit.id", ondelete="SET NULL"))
    day: Mapped[date] = mapped_column(Date)
    data: Mapped[str] = mapped_column(Text)  # JSON of the form's fields
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class FollowUp(Base):
    """An item to follow up (跟进), a complaint or a call-back, with its SLA clock."""

    __tablename__ = "follow_up"
    __table_args__ = (Index("ix_follow_up_open_due", "manager_id", "status", "due_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit_record.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # follow_up | complaint | callback | request
    sla_class: Mapped[str] = mapped_column(String(32), default="normal")
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    first_answer_due: Mapped[datetime | None] = mapped_column(DateTime)
    first_answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done | cancelled
    result: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    customer: Mapped[Customer] = relationship()


class ChecklistRun(Base):
    """The pre-visit checklist of one planned visit, built from a template."""

    __tablename__ = "checklist_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    planned_visit_id: Mapped[int] = mapped_column(ForeignKey("planned_visit.id", ondelete="CASCADE"),
                                                  unique=True)
    template_id: Mapped[str] = mapped_column(String(64))
    objective: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    left_with_open_items: Mapped[bool] = mapped_column(Boolean, default=False)
    items: Mapped[list[ChecklistItem]] = relationship(back_populates="run", cascade="all, delete-orphan",
                                                      order_by="ChecklistItem.position")


class ChecklistItem(Base):
    """One line of a checklist: a step to do or a material to pack."""

    __tablename__ = "checklist_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("checklist_run.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="item")  # item | material
    text: Mapped[str] = mapped_column(String(300))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    run: Mapped[ChecklistRun] = relationship(back_populates="items")


class DailyReport(Base):
    """The end-of-day report (每日工作汇报), as edited by the manager."""

    __tablename__ = "daily_report"
    __table_args__ = (UniqueConstraint("manager_id", "day", name="uq_daily_report_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("manager.id"))
    day: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)  # JSON of the report's sections
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    exported_path: Mapped[str] = mapped_column(String(500), default="")


class GeocodeCache(Base):
    """A geocoder answer for one normalised address, so no address is looked up twice."""

    __tablename__ = "geocode_cache"
    __table_args__ = (UniqueConstraint("provider", "query", name="uq_geocode_cache_query"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(32))
    query: Mapped[str] = mapped_column(String(400))
    lat: Mapped[float | None] = mapped_column(Float)  # WGS-84, after datum conversion
    lon: Mapped[float | None] = mapped_column(Float)
    quality: Mapped[str] = mapped_column(String(16))  # exact | approximate | not_found
    datum: Mapped[str] = mapped_column(String(8), default="wgs84")
    label: Mapped[str] = mapped_column(String(400), default="")
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
