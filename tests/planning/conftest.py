"""Fixtures of the planning tests: a small book written into the test workspace."""

from __future__ import annotations

import pytest
from plan_books import book_rows

from rmtui.store.customers import upsert_customers


@pytest.fixture
def add_book(workspace):
    """Write a book into the workspace; returns the rows written."""

    def add(n: int = 30, seed: int = 1, **kw) -> list[dict]:
        rows = book_rows(n, seed, workspace.today(), **kw)
        with workspace.db.sessions.begin() as s:
            upsert_customers(s, workspace.manager_id, rows, workspace.now())
        return rows

    return add
