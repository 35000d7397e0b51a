"""Import service: preview without writing, all-or-nothing commit, re-import by code, remembered mappings."""

from __future__ import annotations

import csv

import pytest
from book_files import HEADER_ZH, ROWS_ZH, csv_text, write_xlsx
from sqlalchemy import func, select

from rmtui.config import Settings
from rmtui.errors import InputError
from rmtui.geo.customer_locations import set_manual_location
from rmtui.geo.datum import wgs84_to_bd09, wgs84_to_gcj02
from rmtui.geo.manual import parse_location
from rmtui.i18n import Translator
from rmtui.importing import service
from rmtui.importing.service import commit_import, import_customers, preview_import
from rmtui.store.customers import get_customer, list_customers
from rmtui.store.models import Customer, Meta


def book(ws):
    with ws.db.sessions() as s:
        return {c.code: c for c in list_customers(s, ws.manager_id)}


def count(ws) -> int:
    with ws.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(Customer))


def write_csv(path, header, rows, encoding="utf-8-sig"):
    path.write_text(csv_text(header, rows), encoding=encoding)
    return path


def test_preview_of_a_bank_xlsx_writes_nothing(workspace, bank_xlsx):
    preview = preview_import(workspace, bank_xlsx)
    assert preview.mapping_source == "detected" and preview.mapping["name"] == "客户名称"
    assert preview.mapping_problems == [] and preview.unmapped == []
    assert preview.rows == 3 and preview.new == 3 and preview.updated == 0 and preview.can_write
    assert preview.sample[0]["name"] == "金陵副食便利店"
    assert preview.report.ok and count(workspace) == 0


def test_commit_imports_the_xlsx_with_chinese_values(workspace, bank_xlsx):
    result = commit_import(workspace, preview_import(workspace, bank_xlsx))
    assert (result.inserted, result.updated, result.written) == (3, 0, True)
    customers = book(workspace)
    k1, k2, k3 = customers["K0001"], customers["K0002"], customers["K0003"]
    assert (k1.tier, k2.tier, k3.tier) == ("core", "potential", "potential")
    assert k1.opening_hours == "Mo-Fr 09:00-18:00; Sa 09:00-12:00; Su off"
    assert k2.opening_hours == "Mo-Su 08:00-22:00"
    assert k1.located and (k1.lat, k1.lon) == (32.0431, 118.7702)
    assert k2.lat is None and k2.geo_quality == "none"
    assert k1.phone == "13812345678" and str(k1.last_visit) == "2026-11-10" and str(k2.last_visit) == "2026-10-03"


def test_gb18030_import_then_reimport_updates_by_code(workspace, gb18030_csv):
    assert import_customers(workspace, gb18030_csv).inserted == 3
    rows = [list(r) for r in ROWS_ZH]
    rows[0][1] = "金陵副食店"
    rows.append(["K0004", "新客户", "南京市玄武区龙蟠路1号", "玄武区", None, None, "一般", "", "", "", None, "", ""])
    gb18030_csv.write_bytes(csv_text(HEADER_ZH, rows).encode("gb18030"))
    result = import_customers(workspace, gb18030_csv)
    assert (result.inserted, result.updated) == (1, 3)
    assert count(workspace) == 4 and book(workspace)["K0001"].name == "金陵副食店"
    with workspace.db.sessions() as s:  # the pinyin search follows the new name
        assert get_customer(s, workspace.manager_id, "K0001").name == "金陵副食店"
        assert [c.code for c in list_customers(s, workspace.manager_id, search="jlfsd")] == ["K0001"]


def test_bad_rows_block_everything_unless_skipped(workspace, tmp_path):
    rows = [list(r) for r in ROWS_ZH] + [
        ["K0001", "重复", "", "", None, None, "核心", "", "", "", None, "", ""],
        ["K0009", "", "", "", None, None, "VIP", "周八 9:00-18:00", "", "", "2026-13-01", "", ""],
        ["K0010", "经纬颠倒", "", "", 118.77, 32.04, "A", "", "", "", None, "", ""],
    ]
    path = write_csv(tmp_path / "bad.csv", HEADER_ZH, rows)
    preview = preview_import(workspace, path)
    messages = [str(p) for p in preview.report.problems]
    assert any(m.startswith("line 5, column 客户编号 'K0001': duplicate code; already used on line 2") for m in messages)
    assert any("line 6, column 客户名称: the customer name is empty" in m for m in messages)
    assert any("line 6, column 客户等级 'VIP': unknown tier" in m for m in messages)
    assert any("line 6, column 营业时间" in m for m in messages)
    assert any("line 6, column 最近拜访日期 '2026-13-01': not a date" in m for m in messages)
    assert any("line 7, column 纬度 '118.77': latitude and longitude look swapped" in m for m in messages)
    result = commit_import(workspace, preview)
    assert not result.written and count(workspace) == 0 and result.reject_file is None
    result = commit_import(workspace, preview, skip_invalid=True)
    assert result.written and result.inserted == 3 and result.rejected == 3
    # The reject file speaks the configured language (zh here): the row as it was, then why, column by column.
    rejected = list(csv.reader((tmp_path / "bad.rejected.csv").open(encoding="utf-8-sig")))
    assert rejected[0] == ["行号", *HEADER_ZH, "问题"] and [r[0] for r in rejected[1:]] == ["5", "6", "7"]
    assert rejected[1][-1] == "「客户编号」列：编号重复，第 2 行已用过；每位客户的编号必须唯一"
    reasons = rejected[2][-1].split("。")
    assert [r.split("：")[0] for r in reasons] == ["「客户名称」列", "「客户等级」列", "「营业时间」列", "「最近拜访日期」列"]
    assert reasons[2].startswith("「营业时间」列：营业时间格式有误：「周八」无法识别；这里应是星期")
    assert rejected[3][2] == "经纬颠倒" and "纬度和经度似乎填反了（118.77 不可能是纬度，32.04 可以）" in rejected[3][-1]


@pytest.mark.parametrize("settings", [Settings(locale="en")])
def test_the_reject_file_in_english(workspace, tmp_path):
    rows = [list(r) for r in ROWS_ZH] + [["K0001", "", "", "", None, None, "VIP", "", "", "", None, "", ""]]
    commit_import(workspace, preview_import(workspace, write_csv(tmp_path / "bad.csv", HEADER_ZH, rows)),
                  skip_invalid=True)
    rejected = list(csv.reader((tmp_path / "bad.rejected.csv").open(encoding="utf-8-sig")))
    assert rejected[0] == ["line", *HEADER_ZH, "problem"]
    reasons = rejected[1][-1].split(". ")
    assert reasons[0] == "客户编号: duplicate code; already used on line 2"
    assert reasons[1] == "客户名称: the customer name is empty"
    assert reasons[2].startswith("客户等级: unknown tier; expected one of core, potential, regular or a name")


def test_nothing_is_half_written_when_the_write_fails(workspace, gb18030_csv, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "save_mapping", broken)  # fails after the customers were sent
    with pytest.raises(RuntimeError):
        import_customers(workspace, gb18030_csv)
    assert count(workspace) == 0


def test_coordinates_outside_the_area_are_approximate_with_a_warning(workspace, tmp_path):
    rows = [["S1", "上海门店", "上海市黄浦区南京东路1号", "", 31.2304, 121.4737, "A", "", "", "", None, "", ""]]
    result = import_customers(workspace, write_csv(tmp_path / "b.csv", HEADER_ZH, rows))
    assert result.written and len(result.warnings) == 1
    assert "outside the service area" in str(result.warnings[0]) and "approximate" in str(result.warnings[0])
    s1 = book(workspace)["S1"]
    assert s1.geo_quality == "approximate" and not s1.located


@pytest.mark.parametrize(("header", "convert", "datum"), [
    (("纬度(高德)", "经度(高德)"), wgs84_to_gcj02, "gcj02"),
    (("lat_bd09", "lng_bd09"), wgs84_to_bd09, "bd09"),
])
def test_coordinates_in_chinese_datums_are_converted(workspace, tmp_path, header, convert, datum):
    wgs = (32.0431, 118.7702)
    lat, lon = convert(*wgs)
    path = tmp_path / "b.csv"
    path.write_text(f"code,name,tier,{header[0]},{header[1]}\nK1,甲,A,{lat:.7f},{lon:.7f}\n", encoding="utf-8")
    result = import_customers(workspace, path)
    assert result.datum == datum and result.datum_source == "header"
    with workspace.db.sessions() as s:
        row = s.scalar(select(Customer).where(Customer.code == "K1"))
    assert row.geo_datum == datum and abs(row.lat - wgs[0]) < 1e-5 and abs(row.lon - wgs[1]) < 1e-5


def test_explicit_datum(workspace, tmp_path):
    lat, lon = wgs84_to_gcj02(32.0431, 118.7702)
    path = tmp_path / "b.csv"
    path.write_text(f"code,name,tier,lat,lon\nK1,甲,A,{lat:.7f},{lon:.7f}\n", encoding="utf-8")
    assert import_customers(workspace, path, datum="gcj02").datum_source == "given"
    assert abs(book(workspace)["K1"].lat - 32.0431) < 1e-5


def test_reimport_keeps_locations_unless_the_address_changed(workspace, tmp_path):
    header = ["code", "name", "tier", "address", "lat", "lon"]
    path = write_csv(tmp_path / "b.csv", header, [["K1", "甲", "A", "汉中路1号", "", ""],
                                                  ["K2", "乙", "A", "汉中路2号", "", ""],
                                                  ["K3", "丙", "A", "汉中路3号", "", ""]])
    import_customers(workspace, path)
    with workspace.db.sessions.begin() as s:
        for code in ("K1", "K2", "K3"):
            set_manual_location(s, workspace.manager_id, code, parse_location("32.04310,118.77020"),
                                workspace.now())
        s.scalar(select(Customer).where(Customer.code == "K2")).geo_source = "nominatim"
        s.scalar(select(Customer).where(Customer.code == "K3")).geo_source = "nominatim"
    write_csv(path, header, [["K1", "甲", "A", "汉中路1号", "", ""],     # same address: kept
                             ["K2", "乙", "A", "汉中路2号", "", ""],     # same address: kept
                             ["K3", "丙", "A", "龙蟠路9号", "", ""]])    # moved: geocode is stale
    import_customers(workspace, path)
    customers = book(workspace)
    assert customers["K1"].located and customers["K2"].located
    assert customers["K3"].lat is None and customers["K3"].geo_quality == "none"
    write_csv(path, header, [["K1", "甲", "A", "龙蟠路1号", "", ""]])  # set by hand: kept even when moved
    import_customers(workspace, path)
    assert book(workspace)["K1"].located


def test_mapping_is_remembered_for_the_same_headers(workspace, tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("编号X,店铺,档次,位置\nK1,甲,A,汉中路1号\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column found for code, name, tier"):
        import_customers(workspace, path)
    preview = preview_import(workspace, path)
    assert preview.mapping_problems and preview.report is None and not preview.can_write
    edited = {"code": "编号X", "name": "店铺", "tier": "档次", "address": "位置"}  # as corrected in the app
    assert commit_import(workspace, preview_import(workspace, path, mapping=edited)).written
    path.write_text("位置,档次,店铺,编号X\n龙蟠路2号,B,乙,K2\n", encoding="utf-8")  # same headers, new order
    again = preview_import(workspace, path)
    assert again.mapping_source == "saved" and again.mapping == edited
    assert commit_import(workspace, again).inserted == 1
    assert book(workspace)["K2"].address == "龙蟠路2号"
    with workspace.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Meta).where(Meta.key.like("import.mapping.%"))) == 1


def test_given_mapping_with_unknown_column(workspace, gb18030_csv):
    with pytest.raises(InputError, match="the mapping names columns the file does not have: name='店名'"):
        import_customers(workspace, gb18030_csv, mapping={"code": "客户编号", "name": "店名", "tier": "客户等级"})


def test_tier_names_and_aliases(workspace, tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("code,name,tier\nK1,甲,核心客户\nK2,乙,Core\nK3,丙,a\nK4,丁,d\nK5,戊,一般\n", encoding="utf-8")
    import_customers(workspace, path)
    assert [c.tier for c in book(workspace).values()] == ["core", "core", "core", "regular", "regular"]


def test_header_but_no_rows(workspace, tmp_path):
    path = write_xlsx(tmp_path / "b.xlsx", HEADER_ZH, [])
    with pytest.raises(InputError, match="header but no customer rows"):
        preview_import(workspace, path)


def test_numbers_mangled_by_excel_are_caught(workspace, tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("客户号,客户名称,客户等级,电话\n1.00234E+11,甲,A,1.38123E+10\n100235,乙,A,13812345678\n",
                    encoding="utf-8")
    preview = preview_import(workspace, path)
    [problem] = preview.report.problems
    assert problem.column == "客户号" and problem.message.key == "import_problem.excel_digits"
    assert "scientific notation" in problem.text(Translator("en")) and "Text (文本)" in problem.text(Translator("en"))
    assert "科学计数法" in problem.text(Translator("zh")) and "「文本」格式" in problem.text(Translator("zh"))
    [warning] = [w for w in preview.report.warnings if w.line == 2]
    assert warning.column == "电话"
