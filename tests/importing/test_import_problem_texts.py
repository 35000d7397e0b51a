"""Every import problem, warning and error in Chinese and English, complete in both.

A file with one row per kind of problem is validated once and its report
rendered in zh and en: every message key exists in both catalogues (no
English fallback), every placeholder is filled, the Chinese text is Chinese
(English only where it is a name the user types: codes, config keys, OSM
day names) and says the same facts as the English (the numbers and names in
it). Opening-hours errors are covered for every problem and expectation the
parser can report.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmtui.domain.opening_hours import EXPECTED_EN, PROBLEMS_EN, OpeningHoursError, parse_opening_hours
from rmtui.geo.area import ServiceArea
from rmtui.i18n import Translator
from rmtui.i18n.areas.import_problems import EN, ZH
from rmtui.importing.customers import ImportRules, hours_message, validate_customers
from rmtui.importing.hours_zh import to_osm_hours
from rmtui.importing.mapping import detect_mapping, load_mapping, mapping_problems
from rmtui.importing.problem import ByLocale, ImportFileError, Items, Message, Problem
from rmtui.importing.service import preview_import
from rmtui.importing.table import Table, read_table

ZH_T, EN_T = Translator("zh"), Translator("en")
HEADER = ("客户编号", "客户名称", "客户等级", "纬度", "经度", "营业时间", "拜访时长", "联系电话", "最近拜访日期")
# One row per kind of problem: (the row, the column it is reported in, the message key).
KINDS = [
    (("K1", "甲店", "A", "32.04", "118.78", "周一至周五 9:00-18:00", "20", "13812345678", "2026-11-03"), None, None),
    (("", "空编号", "A", "", "", "", "", "", ""), "客户编号", "code.empty"),
    (("1.00234E+11", "科学计数", "A", "", "", "", "", "", ""), "客户编号", "excel_digits"),
    (("K1", "重复", "A", "", "", "", "", "", ""), "客户编号", "code.duplicate"),
    (("K5", "", "A", "", "", "", "", "", ""), "客户名称", "name.empty"),
    (("K6", "无等级", "", "", "", "", "", "", ""), "客户等级", "tier.empty"),
    (("K7", "未知等级", "VIP", "", "", "", "", "", ""), "客户等级", "tier.unknown"),
    (("K8", "时长", "A", "", "", "", "600", "", ""), "拜访时长", "visit_minutes.invalid"),
    (("K9", "未来", "A", "", "", "", "", "", "2027-01-01"), "最近拜访日期", "last_visit.future"),
    (("K10", "非日期", "A", "", "", "", "", "", "2026-13-01"), "最近拜访日期", "last_visit.not_date"),
    (("K11", "纬度非数字", "A", "abc", "118.78", "", "", "", ""), "纬度", "lat.not_number"),
    (("K12", "经度非数字", "A", "32.04", "xyz", "", "", "", ""), "经度", "lon.not_number"),
    (("K13", "缺纬度", "A", "", "118.78", "", "", "", ""), "纬度", "lat.missing"),
    (("K14", "缺经度", "A", "32.04", "", "", "", "", ""), "经度", "lon.missing"),
    (("K15", "纬度越界", "A", "-95", "118.78", "", "", "", ""), "纬度", "lat.range"),
    (("K16", "经度越界", "A", "32.04", "200", "", "", "", ""), "经度", "lon.range"),
    (("K17", "颠倒", "A", "118.78", "32.04", "", "", "", ""), "纬度", "coords.swapped"),
    (("K18", "零点", "A", "0", "0", "", "", "", ""), "纬度", "coords.zero"),
    (("K19", "区外", "A", "31.13", "121.47", "", "", "", ""), "纬度/经度", "coords.outside"),
    (("K20", "电话", "A", "", "", "", "", "1.38123E+10", ""), "联系电话", "excel_digits"),
    (("K21", "营业时间", "A", "", "", "周八 9:00-18:00", "", "", ""), "营业时间", "hours"),
]
WARNINGS = {"coords.outside", "excel_digits"}
# English a Chinese reader is shown on purpose: names to type (codes, config keys, the OSM subset) and Excel.
ALLOWED_LATIN = {"tier_aliases", "core", "potential", "regular", "Excel", "Mo", "Su", "PH", "CSV", "UTF", "YAML",
                 "GB", "WPS", "xlsx", "csv", "xls", "yaml", "openpyxl", "pip", "install", "sheet", "mapping",
                 "name", "rmtui", "geocode", "dry", "run", "skip", "invalid", "report", "datum", "WGS", "SH",
                 "open", "unknown", "off"}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_in(message: Message) -> set[str]:
    """The message's key and those of every part worded separately."""
    found = {message.key}
    for value in message.args.values():
        parts = value.items if isinstance(value, Items) else (value,)
        for part in parts:
            if isinstance(part, Message):
                found |= keys_in(part)
    return found


def latin_words(text: str, *ignore: str) -> set[str]:
    for part in ignore:
        text = text.replace(part, "")
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\S+\.(?:csv|xlsx|yaml)\b", "", text)  # quoted values, file names
    return set(re.findall(r"[A-Za-z][A-Za-z_]+", text)) - ALLOWED_LATIN


def assert_complete_zh(message: Message, *user_text: str) -> str:
    """The Chinese text of ``message``: every key in both catalogues, placeholders filled, no stray English."""
    for key in keys_in(message):
        assert key in ZH and key in EN, key
    zh, en = message.render(ZH_T), message.render(EN_T)
    for text in (zh, en):
        assert "{" not in text and "}" not in text and "import_problem." not in text, text
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert latin_words(zh, *user_text) == set(), zh
    # The same facts: every number in the English text is in the Chinese one (9 and 09 alike).
    def numbers(text: str) -> set[float]:
        return {float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)}

    assert numbers(en) <= numbers(zh), (en, zh)
    return zh


def kinds_report(tmp_path, workspace):
    path = tmp_path / "kinds.csv"
    path.write_text("\n".join(",".join(row) for row in [HEADER, *(k[0] for k in KINDS)]) + "\n", encoding="utf-8")
    preview = preview_import(workspace, path)
    assert preview.report is not None
    return preview.report


def test_the_catalogues_match_key_for_key():
    assert set(EN) == set(ZH)
    assert all(k.startswith("import_problem.") for k in EN)
    assert [k for k in EN if fields(EN[k]) != fields(ZH[k])] == []
    # Every text with words in it is Chinese in ZH (only separators and frames like "{path}：{problem}" are not).
    worded = [k for k in EN if re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", EN[k]))]
    assert [k for k in worded if not re.search(r"[\u4e00-\u9fff]", ZH[k])] == []


def test_one_row_per_kind_of_problem_in_both_languages(tmp_path, workspace):
    report = kinds_report(tmp_path, workspace)
    found = {(p.line, p.column, p.message.key, "warning" if p in report.warnings else "error")
             for p in report.problems + report.warnings}
    expected = {(line, column, f"import_problem.{key}", "warning" if column in ("纬度/经度", "联系电话") else "error")
                for line, (_, column, key) in enumerate(KINDS, start=2) if key}
    assert found == expected
    for p in report.problems + report.warnings:
        zh = assert_complete_zh(p.message, p.value)
        line = p.render(ZH_T)
        assert line.startswith(f"第 {p.line} 行「{p.column}」列") and line.endswith(zh)
        assert (f"的值 {p.value!r}：" in line) == bool(p.value)
        assert p.render(EN_T).startswith(f"line {p.line}, column {p.column}")


def test_the_chinese_texts_say_what_to_do(tmp_path, workspace):
    report = kinds_report(tmp_path, workspace)
    zh = {p.line: p.text(ZH_T) for p in report.problems + report.warnings}
    assert zh[3] == "编号为空；每位客户都要有唯一的编号"
    assert zh[5] == "编号重复，第 2 行已用过；每位客户的编号必须唯一"
    assert zh[8] == ("不是已知等级；可填：核心客户/潜力客户/一般客户（也可写 A/B/C/D/核心/潜力/一般），或代码 "
                     "core/potential/regular；其他写法可在配置文件的 tier_aliases 中添加")
    assert zh[10] == "日期晚于今天（今天是 2026-11-24）；请填写已经发生的拜访日期"
    assert zh[18] == "纬度和经度似乎填反了（118.78 不可能是纬度，32.04 可以）；请对调这两列或列对应"
    assert zh[20].startswith("不在服务区域内（北纬 31.2–32.7°、东经 118.3–119.3° 的范围）；已按近似位置导入")
    assert zh[22] == ("营业时间格式有误：「周八」无法识别；这里应是星期或节假日，如「周一」「周一至周五」「节假日」"
                      "（也可写 Mo–Su、PH）")


def test_str_stays_english_for_logs(tmp_path, workspace):
    report = kinds_report(tmp_path, workspace)
    assert str(report.problems[0]) == "line 3, column 客户编号: the customer code is empty; every row needs a unique code"


# Texts that make the parser report each problem and each expectation at least once.
HOURS_TEXTS = [
    "周八 9:00-18:00", ";", "Mo-Fr", "Monday 09:00-10:00", "Mo-", "Mo 09:00-10:00, Tu 10:00-11:00", "Mo 09:00",
    "Mo 09:00-", "Mo 25:00-26:00", "Mo 09:00-24:30", "Mo-Fr 18:00-09:00", "Mo 0900-1200", "Jan-Mar Mo 09:00-10:00",
    "week 01-53 Mo 09:00-10:00", "SH off", "easter off", "Mo open", "Mo unknown", "Mo-Fr sunrise-sunset",
    "Mo-Fr 09:00+", "Mo 09:00-10:00 || closed", 'Mo 09:00-10:00 "bell"', "Su[1] 09:00-10:00",
    "Mo (sunrise)-18:00", "Mo 10:00-12:00/30", "Mo 09:00-10:00 Tu 10:00-11:00", "周一至周五 9点到18点半到",
]


def test_every_opening_hours_error_in_both_languages():
    problems, expectations = set(), set()
    for text in HOURS_TEXTS:
        with pytest.raises(OpeningHoursError) as caught:
            parse_opening_hours(to_osm_hours(text))
        problems.add(caught.value.code)
        expectations.add(caught.value.expected)
        zh = assert_complete_zh(hours_message(caught.value), caught.value.values.get("token", ""))
        assert zh.startswith("营业时间格式有误：")
    assert problems == set(PROBLEMS_EN) and expectations == set(EXPECTED_EN)


@given(st.text(alphabet="MoTuWeFrSaSuPH周一二八至休息点到 0123456789:-,;+/[]()\"|", max_size=30))
def test_any_rejected_opening_hours_get_a_complete_chinese_message(text):
    try:
        parse_opening_hours(to_osm_hours(text))
    except OpeningHoursError as error:
        message = hours_message(error)
        zh = message.render(ZH_T)
        assert zh.startswith("营业时间格式有误：") and "{" not in zh and "import_problem." not in zh
        assert all(key in ZH for key in keys_in(message))


def test_hours_placeholders_are_the_values_the_parser_gives():
    for code, text in PROBLEMS_EN.items():
        assert fields(EN[f"import_problem.hours.problem.{code}"]) <= fields(text) | {"token"}
    for code, text in EXPECTED_EN.items():
        assert fields(EN[f"import_problem.hours.expected.{code}"]) == fields(text)


def test_a_service_area_circle_and_a_swap_hint():
    rules = ImportRules(("core",), {"a": "core"}, area=ServiceArea(bbox=(30, 45, 40, 55), circle=(35, 50, 800)))
    table = Table("f.csv", ("code", "name", "tier", "lat", "lon"), (("K1", "甲", "A", "50", "35"),), (2,), "utf-8")
    report = validate_customers(table, detect_mapping(table.header), rules, today=None)
    [warning] = report.warnings
    assert warning.message.key == "import_problem.coords.outside_swapped"
    zh = assert_complete_zh(warning.message)
    assert "北纬 30–40°、东经 45–55° 的范围，且在 35,50 周围 800 公里以内" in zh and "纬度和经度是否填反了" in zh
    assert "(the box 30–40°N, 45–55°E and 800 km around 35,50) (are latitude and longitude swapped?)" in \
        warning.text(EN_T)


def test_mapping_problems_name_fields_in_the_readers_language():
    table = Table("f.csv", ("编号X", "店铺", "客户经理"), (("K1", "甲", "张三"),), (2,), "utf-8")
    problems = mapping_problems(table, {"name": "店名", "contact": "客户经理", "notes": "客户经理"})
    assert [p.key for p in problems] == ["import_problem.mapping.unknown_columns", "import_problem.mapping.missing",
                                         "import_problem.mapping.twice"]
    zh = [assert_complete_zh(p, "编号X") for p in problems]
    assert zh[0] == "列对应里的列在文件中不存在：客户名称 → '店名'；文件中的列有：编号X、店铺、客户经理"
    assert zh[1].startswith("找不到客户编号、客户等级对应的列；文件中的列有：编号X、店铺、客户经理。请把表头改为客户编号、客户等级")
    assert zh[2] == "'客户经理' 列同时对应了「联系人」和「备注」；一列只能对应一个字段"
    assert problems[2].render(EN_T) == "the column '客户经理' is mapped to both contact and notes; map it to one field"


@pytest.mark.parametrize(("name", "content", "key"), [
    ("missing.csv", None, "file.not_found"),
    ("old.xls", b"\xd0\xcf", "file.old_format"),
    ("book.pdf", b"%PDF", "file.unsupported"),
    ("empty.csv", b"\n\n", "file.empty"),
    ("mixed.csv", b"code,name\n\x81\x30\xff\xff,x\n", "file.encoding"),
    ("utf16.csv", b"\xff\xfe\x00\xd8", "file.utf16_damaged"),
    ("bad.xlsx", b"not a workbook", "file.bad_workbook"),
])
def test_file_errors_in_both_languages(tmp_path, name, content, key):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        read_table(path)
    error = caught.value
    assert error.message.args["problem"].key == f"import_problem.{key}" and error.title == "Import"
    zh = assert_complete_zh(error.message, str(path), "File is not a zip file")
    assert zh.startswith(f"{path}：") and str(error).startswith(f"{path}: ")


def test_sheet_and_mapping_file_errors_in_both_languages(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "客户清单"
    book.save(tmp_path / "b.xlsx")
    with pytest.raises(ImportFileError) as caught:
        read_table(tmp_path / "b.xlsx", "Sheet9")
    assert assert_complete_zh(caught.value.message, str(tmp_path)).endswith(
        "没有名为 'Sheet9' 的工作表；现有：客户清单（可写名称，或从 1 开始的序号）")
    with pytest.raises(ImportFileError) as caught:
        read_table(tmp_path / "b.xlsx")
    assert assert_complete_zh(caught.value.message, str(tmp_path)).endswith("工作表是空的；应有一行表头，每位客户一行")
    mapping = tmp_path / "m.yaml"
    for text, ending in [("nam: 店名\n", "未知字段 nam；可用字段：code（客户编号）、name（客户名称）"),
                         ("- code\n", "每行应写成「字段: 表头」，如 'name: 客户名称'"),
                         ("a: [\n", "映射文件不是有效的 YAML（")]:
        mapping.write_text(text, encoding="utf-8")
        with pytest.raises(ImportFileError) as caught:
            load_mapping(mapping)
        zh = caught.value.render(ZH_T)
        assert ending in zh and "{" not in zh


def test_parts_of_a_message_follow_the_language():
    message = Message("import_problem.in_file", path="f.csv",
                      problem=Items.of([Message("import_problem.file.no_rows"),
                                        Message("import_problem.mapping.pair", field=ByLocale("客户名称", "name"),
                                                header="店名")], "clauses"))
    assert message.render(ZH_T) == "f.csv：文件只有表头，没有客户数据行；客户名称 → '店名'"
    assert message.render(EN_T) == "f.csv: the file has a header but no customer rows; name='店名'"
    assert Problem(2, "客户等级", "", message).render(ZH_T).startswith("第 2 行「客户等级」列：f.csv：")
