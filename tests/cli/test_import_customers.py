from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from rmtui.cli import main

HEADER = "code,name,address,district,lat,lon,tier,opening_hours,visit_minutes,contact,phone,last_visit,territory,notes\n"
GOOD = (
    "C0001,金陵副食便利店,南京市鼓楼区汉中路89号,鼓楼区,32.043100,118.770200,core,"
    "\"Mo-Fr 09:00-12:00,13:30-18:00; Sa 09:00-12:00; Su off\",,王建国,13812345678,2026-11-10,鼓楼-01,\n"
    "C0002,天元商贸有限公司,南京市江宁区天元中路1号,江宁区,31.953000,118.840000,B,,30,,,,江宁-01,重点\n"
)


def run(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


def listed(config: Path, capsys) -> list[dict]:
    capsys.readouterr()
    assert run(config, "customers", "list", "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_import_then_list_and_update_by_code(tmp_path, config_file, capsys):
    cfg = config_file()
    f = tmp_path / "book.csv"
    f.write_text(HEADER + GOOD, encoding="utf-8-sig")  # Excel's UTF-8 with BOM
    assert run(cfg, "import", "customers", str(f)) == 0
    assert "2 new, 0 updated" in capsys.readouterr().out
    book = listed(cfg, capsys)
    assert [c["code"] for c in book] == ["C0001", "C0002"]
    assert book[1]["tier"] == "potential"  # alias B from config
    assert book[0]["last_visit"] == "2026-11-10"
    assert book[0]["opening_hours"].startswith("Mo-Fr 09:00-12:00,13:30-18:00")
    f.write_text(HEADER + GOOD.replace("金陵副食便利店", "金陵副食店"), encoding="utf-8")
    assert run(cfg, "import", "customers", str(f)) == 0
    assert "0 new, 2 updated" in capsys.readouterr().out
    book = listed(cfg, capsys)
    assert len(book) == 2 and book[0]["name"] == "金陵副食店"


BAD_ROWS = [
    ("C0003,甲,,,32.0,118.7,vip,,,,,,,", "column tier 'vip': unknown tier"),
    ("C0003,乙,,,95.0,118.7,core,,,,,,,", "column lat '95.0': latitude out of range"),
    ("C0003,丙,,,32.0,118.7,core,Mo-Fx 09:00-12:00,,,,,,", "column opening_hours 'Mo-Fx 09:00-12:00'"),
    ("C0003,丁,,,32.0,118.7,core,,,,,2026-13-01,,", "column last_visit '2026-13-01': not a date"),
    ("C0001,戊,,,32.0,118.7,core,,,,,,,", "column code 'C0001': duplicate code; already used on line 2"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_any_bad_row_aborts_and_writes_nothing(tmp_path, config_file, capsys, row, message):
    cfg = config_file()
    f = tmp_path / "book.csv"
    f.write_text(HEADER + GOOD + row + "\n", encoding="utf-8")
    assert run(cfg, "import", "customers", str(f)) == 2
    err = capsys.readouterr().err
    assert f"line 4, {message}" in err
    assert "nothing was written" in err
    assert listed(cfg, capsys) == []


def test_skip_invalid_writes_rejects(tmp_path, config_file, capsys):
    cfg = config_file()
    f = tmp_path / "book.csv"
    f.write_text(HEADER + GOOD + BAD_ROWS[0][0] + "\n", encoding="utf-8")
    assert run(cfg, "import", "customers", str(f), "--skip-invalid") == 0
    reject = tmp_path / "book.rejected.csv"
    assert reject.exists() and "vip" in reject.read_text(encoding="utf-8-sig")
    assert len(listed(cfg, capsys)) == 2


def test_gb18030_and_chinese_headers(tmp_path, config_file, capsys):
    cfg = config_file()
    f = tmp_path / "book.csv"
    f.write_bytes("客户编号,客户名称,地址,纬度,经度,客户等级\nK1,秦淮烟酒店,南京市秦淮区中华路1号,32.03,118.78,核心\n"
                  .encode("gb18030"))
    assert run(cfg, "import", "customers", str(f)) == 0
    book = listed(cfg, capsys)
    assert book[0]["name"] == "秦淮烟酒店" and book[0]["tier"] == "core"


def test_bad_arguments_exit_2(tmp_path, config_file, capsys):
    cfg = config_file()
    with pytest.raises(SystemExit) as exc:
        run(cfg, "import", "customers")
    assert exc.value.code == 2
    assert run(cfg, "import", "customers", str(tmp_path / "missing.csv")) == 2
    assert "no such file" in capsys.readouterr().err


def write_bank_xlsx(path: Path) -> Path:
    """An .xlsx like a CRM export: a title row above Chinese headers, numbers and dates as Excel types."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "客户清单"
    ws.append(["客户清单（2026年11月）"])
    ws.append(["客户编号", "客户名称", "经营地址", "纬度", "经度", "客户分级", "营业时间", "联系人", "手机号码",
               "最近拜访日期", "内部编码"])
    ws.append(["K1", "秦淮烟酒店", "南京市秦淮区中华路1号", 32.0301, 118.78, "A", "周一至周六 8:00-20:00", "王建国",
               13812345678, datetime(2026, 11, 10), "X-1"])
    ws.append(["K2", "天元商贸", "南京市江宁区天元中路1号", None, None, "潜力", "每天8点到22点", "", None, None, "X-2"])
    book.save(path)
    return path


def test_bank_xlsx_through_the_cli_and_mapping_reuse(tmp_path, config_file, capsys):
    cfg = config_file()
    f = write_bank_xlsx(tmp_path / "客户清单.xlsx")
    assert run(cfg, "import", "customers", str(f), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "columns (detected): code←客户编号, name←客户名称, address←经营地址" in out
    assert "ignored columns: 内部编码" in out
    assert "dry run: 2 rows valid (2 new, 0 updates), 0 invalid; nothing written" in out
    assert listed(cfg, capsys) == []
    assert run(cfg, "import", "customers", str(f)) == 0
    assert "imported: 2 new, 0 updated" in capsys.readouterr().out
    book = listed(cfg, capsys)
    assert book[0]["opening_hours"] == "Mo-Sa 08:00-20:00" and book[1]["opening_hours"] == "Mo-Su 08:00-22:00"
    assert book[0]["phone"] == "13812345678" and book[0]["geo_quality"] == "exact"
    assert run(cfg, "import", "customers", str(f)) == 0
    out = capsys.readouterr().out
    assert "columns (remembered for these headers)" in out and "0 new, 2 updated" in out
    assert len(listed(cfg, capsys)) == 2


def test_report_file_and_long_problem_lists(tmp_path, config_file, capsys):
    cfg = config_file()
    f = tmp_path / "book.csv"
    bad = "".join(f"D{i:04d},店{i},,,,,vip,,,,,,,\n" for i in range(120))
    f.write_text(HEADER + GOOD + bad, encoding="utf-8")
    report = tmp_path / "report.csv"
    assert run(cfg, "import", "customers", str(f), "--report", str(report)) == 2
    err = capsys.readouterr().err
    assert "… and 70 more (--report FILE.csv lists them all)" in err
    assert "120 × column tier: unknown tier" in err
    import csv

    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert rows[0] == ["line", "column", "value", "level", "problem"] and len(rows) == 121
    assert rows[1][:4] == ["4", "tier", "vip", "error"] and rows[1][4].startswith("unknown tier; expected one of")
    assert "核心客户" in rows[1][4] and "tier_aliases" in rows[1][4]


def test_warnings_for_coordinates_outside_the_area(tmp_path, config_file, capsys):
    cfg = config_file()
    f = tmp_path / "book.csv"
    f.write_text("code,name,tier,lat,lon\nS1,上海门店,A,31.2304,121.4737\n", encoding="utf-8")
    assert run(cfg, "import", "customers", str(f)) == 0
    err = capsys.readouterr().err
    assert "1 warning(s):" in err and "line 2, column lat/lon '31.2304,121.4737': outside the service area" in err
    assert listed(cfg, capsys)[0]["geo_quality"] == "approximate"
