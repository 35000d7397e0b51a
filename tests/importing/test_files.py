"""Reading real customer files: xlsx with a title row and Chinese headers, GB18030, UTF-16, sheets."""

from __future__ import annotations

import pytest
from book_files import HEADER_ZH, ROWS_ZH, csv_text, write_xlsx

from rmtui.errors import InputError
from rmtui.importing.mapping import detect_mapping, locate_header
from rmtui.importing.table import read_table


def test_bank_xlsx_title_row_is_skipped_and_cells_become_text(bank_xlsx):
    table = locate_header(read_table(bank_xlsx))
    assert table.header == tuple(HEADER_ZH)
    assert table.line_numbers == (3, 4, 5)  # sheet rows, as Excel shows them
    first = dict(zip(table.header, table.rows[0], strict=False))
    assert first["纬度"] == "32.0431" and first["联系电话"] == "13812345678"
    assert first["最近拜访日期"] == "2026-11-10"
    assert set(detect_mapping(table.header)) >= {"code", "name", "address", "district", "lat", "lon", "tier",
                                                 "opening_hours", "contact", "phone", "last_visit", "territory"}


def test_gb18030_csv(gb18030_csv):
    table = read_table(gb18030_csv)
    assert table.encoding == "gb18030" and table.header == tuple(HEADER_ZH)
    assert table.rows[0][1] == "金陵副食便利店" and table.line_numbers == (2, 3, 4)


def test_utf16_tab_separated_unicode_text(tmp_path):
    path = tmp_path / "book.txt"
    path.write_bytes(csv_text(HEADER_ZH, ROWS_ZH).replace(",", "\t").encode("utf-16"))
    table = read_table(path)
    assert table.encoding == "utf-16" and table.header == tuple(HEADER_ZH)


def test_sheet_by_name_or_number(tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", HEADER_ZH, ROWS_ZH, extra_sheet=True)
    assert read_table(path).header == ("本表由系统导出",)  # the first sheet by default
    assert read_table(path, "客户清单").header == tuple(HEADER_ZH)
    assert read_table(path, "2").header == tuple(HEADER_ZH)
    with pytest.raises(InputError, match="no sheet named 'Sheet9'; sheets: 说明, 客户清单"):
        read_table(path, "Sheet9")


@pytest.mark.parametrize(("name", "fragment"), [("book.xls", "save it as 'Excel workbook (.xlsx)'"),
                                                ("book.pdf", "unsupported file type")])
def test_unreadable_types_say_what_to_do(tmp_path, name, fragment):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        read_table(path)


def test_damaged_xlsx(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="cannot open the workbook"):
        read_table(path)


def test_neither_utf8_nor_gb18030(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes(b"code,name\n\x81\x30\xff\xff,x\n")
    with pytest.raises(InputError, match="neither UTF-8 nor GB18030"):
        read_table(path)
