"""The submission workbook read back with openpyxl, cell by cell, in Chinese and in English."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from submission_sample import sample_doc

from rmtui.exports.submission_xlsx import _sheet_name, column_width, submission_to_xlsx

ZH_DAY_HEADERS = ["序号", "时间", "客户编号", "客户", "地址", "等级", "拜访目的", "拜访重点", "拜访标准",
                  "计划时长（分钟）", "安排原因"]
EN_DAY_HEADERS = ["#", "Time", "Code", "Customer", "Address", "Tier", "Purpose", "Focus", "Standard", "Planned min",
                  "Why in the plan"]


def workbook(locale: str = "zh", status: str = "submitted"):
    return openpyxl.load_workbook(io.BytesIO(submission_to_xlsx(sample_doc(locale, status))))


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def find_row(sheet, first: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == first)


@pytest.mark.parametrize(("locale", "names", "headers"), [
    ("zh", ["汇总", "11月30日周一", "12月1日周二", "12月2日周三"], ZH_DAY_HEADERS),
    ("en", ["Summary", "Mon 30 Nov", "Tue 1 Dec", "Wed 2 Dec"], EN_DAY_HEADERS),
])
def test_one_sheet_per_working_day_with_headers_in_the_language(locale, names, headers):
    wb = workbook(locale)
    assert wb.sheetnames == names
    for sheet in wb.worksheets[1:]:
        assert [c.value for c in sheet[1]] == headers
        assert all(c.font.bold for c in sheet[1])


def test_a_visit_row_cell_by_cell_and_removed_visits_left_out():
    wb = workbook("zh")
    monday = wb["11月30日周一"]
    assert rows(monday)[1] == [1, "09:00", "C0001", "金陵副食便利店", "南京市鼓楼区汉中路89号", "核心客户", "季度回访",
                               "推荐代发工资业务", "到店拜访约30分钟，当天填写拜访记录", 30,
                               "核心客户，12月1日周二到期 — 每14天拜访"]
    assert rows(monday)[2][:7] == [2, "10:15", "C0002", "天元商贸有限公司", "南京市鼓楼区汉中路12号", "一般客户",
                                   "投诉答复 | 当面"]
    assert rows(monday)[3] == ["合计", None, None, "拜访数 2", None, None, None, None, None, 75, None]
    assert monday.cell(4, 1).font.bold
    tuesday = wb["12月1日周二"]
    assert [r[2] for r in rows(tuesday)[1:]] == ["C0003", None]  # C0004 was removed; then the total
    assert len(rows(tuesday)) == 3
    assert rows(wb["12月2日周三"])[1][0] == "当天没有安排拜访。"


def test_summary_holds_status_targets_day_totals_and_unplaced():
    sheet = workbook("zh")["汇总"]
    assert sheet["A1"].value == "周工作计划 2026-W49 — 李明" and sheet["A1"].font.bold
    facts = {r[0]: r[1] for r in rows(sheet) if r[0] and r[1] and isinstance(r[1], str)}
    assert facts["客户经理"] == "李明 (M001)"
    assert facts["计划周"] == "2026-W49（11月30日周一至12月6日周日）"
    assert facts["状态"] == "已提交" and facts["版本"] == "提交版本"
    assert facts["提交时间"] == "2026-11-27 18:05 (逾期)" and facts["截止时间"] == "2026-11-27 17:00"
    assert facts["每天预留临时工作时间"] == "60 分钟"
    at = find_row(sheet, "2026-12 月度目标")
    assert rows(sheet)[at:at + 4] == [["目标", "数值", "单位", None, None, None, None, None],
                                      ["本月重点", "代发工资", None, None, None, None, None, None],
                                      ["核心客户拜访次数", 14, "次", None, None, None, None, None],
                                      ["新增存款", 2.5, "万元", None, None, None, None, None]]
    at = find_row(sheet, "每日安排")
    assert rows(sheet)[at] == ["日期", "拜访数", "拜访（分钟）", "路程（分钟）", "空闲（分钟）", "出发", "返回", "备注"]
    assert rows(sheet)[at + 1] == ["11月30日周一", 2, 75, 40, 350, "08:45", "11:50", None]
    assert rows(sheet)[at + 4] == ["合计", 3, 105, 60, 1230, None, None, None]
    at = find_row(sheet, "未安排的拜访")
    assert rows(sheet)[at + 1][:6] == ["C0020", "远郊客户", "核心客户", "12月2日周三", "路程太远，放不下", "客户本周外出"]
    assert rows(sheet)[find_row(sheet, "办公室任务")][0] == "整理月报"


def test_english_summary_and_a_preview_says_so():
    sheet = workbook("en", status="draft")["Summary"]
    facts = {r[0]: r[1] for r in rows(sheet) if r[0] and isinstance(r[1], str)}
    assert facts["Status"] == "draft"
    assert facts["Version"] == "preview of the current plan (not submitted)"
    assert facts["Submitted at"] == "not submitted"
    at = find_row(sheet, "Per day")
    assert rows(sheet)[at][:5] == ["Day", "Visits", "Visit min", "Travel min", "Free min"]
    assert rows(sheet)[find_row(sheet, "Targets of 2026-12")][0] == "Target"


def test_widths_count_chinese_double_freeze_and_print_setup():
    wb = workbook("zh")
    monday = wb["11月30日周一"]
    widths = {k: v.width for k, v in monday.column_dimensions.items()}
    assert widths["D"] == 2 * len("天元商贸有限公司") + 2  # CJK counts double
    assert widths["E"] == 2 * 10 + 2 + 2  # 南京市鼓楼区汉中路89号: ten wide characters and two digits
    assert widths["K"] == 40 and monday["K2"].alignment.wrap_text  # long text wraps at 40
    assert widths["A"] == 6
    for sheet in wb.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
        assert sheet.oddHeader.left.text == "周工作计划 2026-W49 — 李明"
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert monday.print_title_rows == "$1:$1"
    assert monday.auto_filter.ref == "A1:K3"
    assert wb["12月1日周二"].oddHeader.right.text == "12月1日周二"


def test_column_width_limits():
    assert column_width([], wrap=False) == 6
    assert column_width(["x" * 100], wrap=False) == 60
    assert column_width(["中" * 100], wrap=True) == 40
    assert column_width(["abc", "中文"], wrap=False) == 6


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(max_size=40))
def test_any_customer_text_is_written_and_read_back(name, address):
    doc = sample_doc("en")
    first = replace(doc.plan.visits[0], name=name, address=address)
    doc = replace(doc, plan=replace(doc.plan, visits=(first, *doc.plan.visits[1:])))
    sheet = openpyxl.load_workbook(io.BytesIO(submission_to_xlsx(doc)))["Mon 30 Nov"]
    clean = lambda text: ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")) or None  # noqa: E731
    assert sheet["D2"].value == clean(name) and sheet["E2"].value == clean(address)


@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_sheet_names_are_valid_and_unique(texts):
    used: set[str] = set()
    for text in texts:
        name = _sheet_name(text, used)
        assert name and len(name) <= 31 and not set(name) & set("[]:*?/\\") and name not in used
        used.add(name)


def test_text_that_looks_like_a_formula_stays_text():
    doc = sample_doc("en")
    first = replace(doc.plan.visits[0], name='=HYPERLINK("http://x","y")')
    doc = replace(doc, plan=replace(doc.plan, visits=(first, *doc.plan.visits[1:])))
    cell = openpyxl.load_workbook(io.BytesIO(submission_to_xlsx(doc)))["Mon 30 Nov"]["D2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","y")'
