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


EN = "locale: en\n"  # the configured language; the default is zh


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
    assert "已导入：新增 2，更新 0" in capsys.readouterr().out
    book = listed(cfg, capsys)
    assert [c["code"] for c in book] == ["C0001", "C0002"]
    assert book[1]["tier"] == "potential"  # alias B from config
    assert book[0]["last_visit"] == "2026-11-10"
    assert book[0]["opening_hours"].startswith("Mo-Fr 09:00-12:00,13:30-18:00")
    f.write_text(HEADER + GOOD.replace("金陵副食便利店", "金陵副食店"), encoding="utf-8")
    assert run(cfg, "import", "customers", str(f)) == 0
    assert "已导入：新增 0，更新 2" in capsys.readouterr().out
    book = listed(cfg, capsys)
    assert len(book) == 2 and book[0]["name"] == "金陵副食店"


BAD_ROWS = [
    ("C0003,甲,,,32.0,118.7,vip,,,,,,,", "line 4, column tier 'vip': unknown tier",
     "第 4 行「tier」列的值 'vip'：不是已知等级；可填：核心客户/潜力客户/一般客户"),
    ("C0003,乙,,,95.0,118.7,core,,,,,,,", "line 4, column lat '95.0': latitude out of range",
     "第 4 行「lat」列的值 '95.0'：纬度超出范围；应在 -90 到 90 之间"),
    ("C0003,丙,,,32.0,118.7,core,Mo-Fx 09:00-12:00,,,,,,",
     "line 4, column opening_hours 'Mo-Fx 09:00-12:00': opening hours not understood: unknown day \"Fx\"",
     "第 4 行「opening_hours」列的值 'Mo-Fx 09:00-12:00'：营业时间格式有误：「Fx」不是星期；这里应是星期或节假日"),
    ("C0003,丁,,,32.0,118.7,core,,,,,2026-13-01,,", "line 4, column last_visit '2026-13-01': not a date",
     "第 4 行「last_visit」列的值 '2026-13-01'：不是有效日期；请写成 2026-11-03"),
    ("C0001,戊,,,32.0,118.7,core,,,,,,,", "line 4, column code 'C0001': duplicate code; already used on line 2",
     "第 4 行「code」列的值 'C0001'：编号重复，第 2 行已用过"),
]


@pytest.mark.parametrize(("row", "en", "zh"), BAD_ROWS)
@pytest.mark.parametrize("locale", ["en", "zh"])
def test_any_bad_row_aborts_and_writes_nothing(tmp_path, config_file, capsys, row, en, zh, locale):
    cfg = config_file(f"locale: {locale}\n")
    f = tmp_path / "book.csv"
    f.write_text(HEADER + GOOD + row + "\n", encoding="utf-8")
    assert run(cfg, "import", "customers", str(f)) == 2
    err = capsys.readouterr().err
    assert (en if locale == "en" else zh) in err
    assert ("nothing was written" if locale == "en" else "未写入任何数据") in err
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
    assert f"rmtui：导入失败：{tmp_path / 'missing.csv'}：文件不存在" in capsys.readouterr().err
    assert run(config_file(EN), "import", "customers", str(tmp_path / "missing.csv")) == 2
    assert f"rmtui: import error: {tmp_path / 'missing.csv'}: no such file" in capsys.readouterr().err


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
    cfg = config_file(EN)
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


def test_bank_xlsx_through_the_cli_in_chinese(tmp_path, config_file, capsys):
    cfg = config_file()
    f = write_bank_xlsx(tmp_path / "客户清单.xlsx")
    assert run(cfg, "import", "customers", str(f), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "2 行（xlsx）；列对应（按表头自动识别）：code←客户编号, name←客户名称" in out
    assert "不导入的列：内部编码" in out
    assert "试运行：有效 2 行（新增 2，更新 0），无效 0 行；未写入任何数据" in out
    assert run(cfg, "import", "customers", str(f)) == 0
    assert "已导入：新增 2，更新 0" in capsys.readouterr().out
    assert run(cfg, "import", "customers", str(f)) == 0
    assert "列对应（沿用上次的设置）" in capsys.readouterr().out


def test_report_file_and_long_problem_lists(tmp_path, config_file, capsys):
    cfg = config_file(EN)
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


def test_report_file_and_long_problem_lists_in_chinese(tmp_path, config_file, capsys):
    cfg = config_file()
    f = tmp_path / "book.csv"
    bad = "".join(f"D{i:04d},店{i},,,,,vip,,,,,,,\n" for i in range(120))
    f.write_text(HEADER + GOOD + bad, encoding="utf-8")
    report = tmp_path / "report.csv"
    assert run(cfg, "import", "customers", str(f), "--report", str(report)) == 2
    captured = capsys.readouterr()
    assert f"报告已写入 {report}" in captured.out
    assert "120 个问题：" in captured.err and "……另有 70 条（--report 文件.csv 可列出全部）。按列汇总：" in captured.err
    assert "   120 × 「tier」列：不是已知等级" in captured.err
    assert "rmtui：导入失败：120 行共有 120 个问题，未写入任何数据" in captured.err
    import csv

    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    assert rows[0] == ["行号", "列", "值", "级别", "问题"] and len(rows) == 121
    assert rows[1][:4] == ["4", "tier", "vip", "错误"] and rows[1][4].startswith("不是已知等级；可填：核心客户")


def test_warnings_for_coordinates_outside_the_area(tmp_path, config_file, capsys):
    cfg = config_file(EN)
    f = tmp_path / "book.csv"
    f.write_text("code,name,tier,lat,lon\nS1,上海门店,A,31.2304,121.4737\n", encoding="utf-8")
    assert run(cfg, "import", "customers", str(f)) == 0
    err = capsys.readouterr().err
    assert "1 warning(s):" in err and "line 2, column lat/lon '31.2304,121.4737': outside the service area" in err
    assert listed(cfg, capsys)[0]["geo_quality"] == "approximate"


def test_warnings_in_chinese_name_the_area(tmp_path, config_file, capsys):
    cfg = config_file()
    f = tmp_path / "book.csv"
    f.write_text("客户编号,客户名称,客户等级,纬度,经度\nS1,上海门店,A,31.1304,121.4737\n", encoding="utf-8")
    assert run(cfg, "import", "customers", str(f)) == 0
    captured = capsys.readouterr()
    assert "1 条提醒：" in captured.err
    assert ("第 2 行「纬度/经度」列的值 '31.1304,121.4737'：不在服务区域内（北纬 31.2–32.7°、东经 118.3–119.3° 的范围）；"
            "已按近似位置导入：该客户列入「待确认位置」，不参与路线规划") in captured.err
    assert "已导入：新增 1，更新 0" in captured.out
    assert [c["geo_quality"] for c in listed(cfg, capsys)] == ["approximate"]
