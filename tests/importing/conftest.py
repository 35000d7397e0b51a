"""Real customer files as bank and company systems export them, written into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from book_files import HEADER_ZH, ROWS_ZH, csv_text, write_xlsx


@pytest.fixture
def bank_xlsx(tmp_path) -> Path:
    """An .xlsx like a bank's CRM export: a title row, Chinese headers, dates and numbers as Excel types."""
    return write_xlsx(tmp_path / "客户清单.xlsx", HEADER_ZH, ROWS_ZH, title="南京分行新街口支行 客户清单 2026年11月")


@pytest.fixture
def gb18030_csv(tmp_path) -> Path:
    """The same book saved by Excel in China as 'CSV (逗号分隔)': GB18030, CRLF."""
    path = tmp_path / "客户清单.csv"
    path.write_bytes(csv_text(HEADER_ZH, ROWS_ZH).encode("gb18030"))
    return path
