"""Write a demo book as CSV files (UTF-8 without BOM, ``\\n`` line endings).

Files and columns (dates ``YYYY-MM-DD``, times ``HH:MM``, date-times
``YYYY-MM-DDTHH:MM``, booleans ``true``/``false``, coordinates with six
decimals, an empty cell for "none"):

``customers.csv``
    code, name, address, district, lat, lon, tier, opening_hours,
    visit_minutes, contact, phone, last_visit, territory, notes
``visits.csv`` — completed visits, one per customer and day
    customer_code, date, planned_start, arrive, depart, mode, visit_type,
    purpose, met, discussed, needs, complaints, competitor_info, products,
    outcome, satisfaction, next_steps, on_site_verified, lat, lon
    (``lat``/``lon`` is the check-in; empty for phone and online contacts;
    ``products`` lists products separated by ``、``)
``followups.csv``
    code, customer_code, kind, sla_class, title, detail, created_at,
    first_answer_due, due_at, status, done_at, result, origin_visit_date
    (the origin visit is ``customer_code`` on ``origin_visit_date``)
``appointments.csv``
    customer_code, start, minutes, note, confirmed
``plan.csv`` — the lines of the current week's plan
    iso_year, iso_week, date, sequence, customer_code, planned_start,
    planned_minutes, purpose, source, reason, status
``plan_week.csv`` — the plan's header (one row)
    iso_year, iso_week, status, submitted_at, approved_at, supervisor_comment
``manager.csv`` — who owns the book (one row)
    name, phone, branch, office_lat, office_lon, seed, today

Output is deterministic: the same book gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from rmtui.demo.book import REFERENCE_DATE, generate_book
from rmtui.demo.model import DemoBook

CUSTOMER_COLUMNS = (
    "code", "name", "address", "district", "lat", "lon", "tier", "opening_hours",
    "visit_minutes", "contact", "phone", "last_visit", "territory", "notes",
)
VISIT_COLUMNS = (
    "customer_code", "date", "planned_start", "arrive", "depart", "mode", "visit_type",
    "purpose", "met", "discussed", "needs", "complaints", "competitor_info", "products",
    "outcome", "satisfaction", "next_steps", "on_site_verified", "lat", "lon",
)
FOLLOW_UP_COLUMNS = (
    "code", "customer_code", "kind", "sla_class", "title", "detail", "created_at",
    "first_answer_due", "due_at", "status", "done_at", "result", "origin_visit_date",
)
APPOINTMENT_COLUMNS = ("customer_code", "start", "minutes", "note", "confirmed")
PLAN_COLUMNS = (
    "iso_year", "iso_week", "date", "sequence", "customer_code", "planned_start",
    "planned_minutes", "purpose", "source", "reason", "status",
)
PLAN_WEEK_COLUMNS = ("iso_year", "iso_week", "status", "submitted_at", "approved_at", "supervisor_comment")
MANAGER_COLUMNS = ("name", "phone", "branch", "office_lat", "office_lon", "seed", "today")
COORDINATES = frozenset({"lat", "lon", "office_lat", "office_lon"})


def cell(name: str, value: object) -> str:
    """One value as its CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and name in COORDINATES:
        return f"{value:.6f}"
    if isinstance(value, datetime):  # before date: a datetime is a date
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def to_csv(columns: Sequence[str], rows: Iterable[object], extra: dict[str, object] | None = None) -> str:
    """CSV text of ``rows`` (objects with those attributes, or taken from ``extra``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = {**(extra or {})}
        writer.writerow(cell(c, values[c] if c in values else getattr(row, c)) for c in columns)
    return buffer.getvalue()


def book_csvs(book: DemoBook) -> dict[str, str]:
    """File name -> CSV text for every file of the book."""
    week = {"iso_year": book.plan_week.iso_year, "iso_week": book.plan_week.iso_week}
    manager = {"seed": book.seed, "today": book.today}
    return {
        "customers.csv": to_csv(CUSTOMER_COLUMNS, book.customers),
        "visits.csv": to_csv(VISIT_COLUMNS, book.visits),
        "followups.csv": to_csv(FOLLOW_UP_COLUMNS, book.follow_ups),
        "appointments.csv": to_csv(APPOINTMENT_COLUMNS, book.appointments),
        "plan.csv": to_csv(PLAN_COLUMNS, book.planned_visits, week),
        "plan_week.csv": to_csv(PLAN_WEEK_COLUMNS, [book.plan_week]),
        "manager.csv": to_csv(MANAGER_COLUMNS, [book.manager], manager),
    }


def write_csvs(book: DemoBook, directory: str | Path) -> list[Path]:
    """Write every CSV file of ``book`` into ``directory`` (created if missing)."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in book_csvs(book).items():
        path = target / name
        path.write_bytes(text.encode("utf-8"))  # bytes: no BOM, no newline translation
        written.append(path)
    return written


def export_demo_csvs(directory: str | Path, seed: int = 42, today: date = REFERENCE_DATE,
                     size: int = 250) -> list[Path]:
    """Generate the demo book and write its CSV files (how ``data/demo`` is made)."""
    return write_csvs(generate_book(seed=seed, today=today, size=size), directory)
