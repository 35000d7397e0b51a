"""Writing customer files the way bank and company systems export them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

HEADER_ZH = ["客户编号", "客户名称", "详细地址", "所属区县", "纬度", "经度", "客户等级", "营业时间", "联系人",
             "联系电话", "最近拜访日期", "片区", "备注"]
ROWS_ZH = [
    ["K0001", "金陵副食便利店", "南京市鼓楼区汉中路89号", "鼓楼区", 32.0431, 118.7702, "核心",
     "周一至周五 9:00-18:00，周六 9:00-12:00，周日休息", "王建国", 13812345678, datetime(2026, 11, 10), "鼓楼-01", ""],
    ["K0002", "天元商贸有限公司", "南京市江宁区天元中路1号", "江宁区", None, None, "B",
     "每天8点到22点", "李娜", "025-52100000", "2026/10/3", "江宁-01", "重点"],
    ["K0003", "秦淮烟酒店", "南京市秦淮区中华路1号", "秦淮区", None, None, "潜力客户", "", "", "", None, "秦淮-02", ""],
]


def write_xlsx(path: Path, header, rows, *, title: str | None = None, sheet: str = "客户清单",
               extra_sheet: bool = False) -> Path:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    ws = book.active
    if extra_sheet:
        ws.title = "说明"
        ws.append(["本表由系统导出"])
        ws = book.create_sheet(sheet)
    else:
        ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
        ws.cell(ws.max_row, 11).number_format = "yyyy-mm-dd"
    book.save(path)
    return path


def csv_text(header, rows) -> str:
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else (v.strftime("%Y-%m-%d") if isinstance(v, datetime) else v) for v in row])
    return out.getvalue()
