"""The submission as Markdown: the same content as the workbook, as pipe tables."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from submission_sample import sample_doc

from rmtui.exports.submission_doc import Table
from rmtui.exports.submission_md import markdown_table, submission_to_markdown


def section(text: str, heading: str) -> list[str]:
    """The lines under ``## heading`` up to the next heading."""
    lines = text.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((k for k in range(start, len(lines)) if lines[k].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


def cells(line: str) -> list[str]:
    """The cells of a pipe-table row as GFM splits them (a backslash escapes the next character)."""
    assert line.startswith("| ") and line.endswith(" |")
    out, cur, chars = [], "", iter(line[2:-2])
    for ch in chars:
        if ch == "\\":
            cur += next(chars, "")
        elif ch == "|" and cur.endswith(" "):
            out.append(cur[:-1])
            cur = ""
            next(chars, None)  # the space after the pipe
        else:
            cur += ch
    return [*out, cur]


def test_markdown_in_chinese_has_facts_targets_days_and_visits():
    text = submission_to_markdown(sample_doc("zh"))
    assert text.startswith("# 周工作计划 2026-W49 — 李明\n")
    assert "- **状态**: 已提交" in text and "- **提交时间**: 2026-11-27 18:05 (逾期)" in text
    targets = section(text, "2026-12 月度目标")
    assert cells(targets[0]) == ["目标", "数值", "单位"]
    assert cells(targets[4]) == ["新增存款", "2.5", "万元"]
    days = section(text, "每日安排")
    assert days[1] == "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |"  # numbers right-aligned
    assert cells(days[2]) == ["11月30日周一", "2", "75", "40", "350", "08:45", "11:50", ""]
    assert cells(days[-1])[:5] == ["**合计**", "**3**", "**105**", "**60**", "**1230**"]
    monday = section(text, "11月30日周一")
    assert cells(monday[0]) == ["序号", "时间", "客户编号", "客户", "地址", "等级", "拜访目的", "拜访重点", "拜访标准",
                                "计划时长（分钟）", "安排原因"]
    assert cells(monday[2]) == ["1", "09:00", "C0001", "金陵副食便利店", "南京市鼓楼区汉中路89号", "核心客户", "季度回访",
                                "推荐代发工资业务", "到店拜访约30分钟，当天填写拜访记录", "30",
                                "核心客户，12月1日周二到期 — 每14天拜访"]
    assert cells(monday[3])[6] == "投诉答复 | 当面"  # the pipe is escaped, the table stays whole
    assert "\\|" in monday[3]
    assert [cells(r)[2] for r in section(text, "12月1日周二")[2:]] == ["C0003", ""]  # the removed visit is left out
    assert section(text, "12月2日周三") == ["当天没有安排拜访。"]
    unplaced = section(text, "未安排的拜访")
    assert cells(unplaced[2]) == ["C0020", "远郊客户", "核心客户", "12月2日周三", "路程太远，放不下", "客户本周外出"]
    assert section(text, "办公室任务") == ["- 整理月报"]


def test_markdown_in_english_and_line_breaks_stay_in_their_cell():
    doc = sample_doc("en", status="returned")
    doc = replace(doc, plan=replace(doc.plan, supervisor_comment="Move C0003 to Wednesday.\nAdd 2 core visits."))
    text = submission_to_markdown(doc)
    assert text.startswith("# Weekly plan 2026-W49 — 李明\n")
    assert "- **Status**: returned" in text
    assert "- **Supervisor's comment**: Move C0003 to Wednesday.<br>Add 2 core visits." in text
    assert cells(section(text, "Mon 30 Nov")[0])[:4] == ["#", "Time", "Code", "Customer"]
    assert cells(section(text, "Visits not placed")[2])[2] == "Core"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_any_cell_text_keeps_the_table_shape(texts):
    table = Table("t", tuple(f"h{k}" for k in range(len(texts))), (tuple(texts),))
    header, rule, row = markdown_table(table)
    assert "\n" not in row and "\r" not in row
    assert len(cells(row)) == len(texts) == len(cells(header))
