"""A realistic demo book: one Nanjing customer manager's customers and records.

``generate_book()`` builds it deterministically from a seed; ``write_csvs()``
writes it as the CSV files kept in ``data/demo`` (regenerate them with
``python -m rmtui.demo``). Plain Python: no Textual, no SQLAlchemy.
"""

from __future__ import annotations

from rmtui.demo.book import REFERENCE_DATE, generate_book
from rmtui.demo.csvio import CUSTOMER_COLUMNS, book_csvs, export_demo_csvs, write_csvs
from rmtui.demo.model import (
    SLA_HOURS,
    DemoAppointment,
    DemoBook,
    DemoCustomer,
    DemoFollowUp,
    DemoManager,
    DemoPlannedVisit,
    DemoPlanWeek,
    DemoVisit,
)

__all__ = [
    "CUSTOMER_COLUMNS",
    "REFERENCE_DATE",
    "SLA_HOURS",
    "DemoAppointment",
    "DemoBook",
    "DemoCustomer",
    "DemoFollowUp",
    "DemoManager",
    "DemoPlanWeek",
    "DemoPlannedVisit",
    "DemoVisit",
    "book_csvs",
    "export_demo_csvs",
    "generate_book",
    "write_csvs",
]
