"""The daily report composed from plain facts, in Chinese and English, and read back after editing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rmtui.domain.daily_report import (
    ReportInputs,
    ReportPlanItem,
    ReportVisit,
    compose_report,
    duration_label,
    render_markdown,
    split_sections,
)
from rmtui.domain.followups import FollowUpInfo

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 17, 30)


def item(n: int, title: str, *, kind: str = "follow_up", due: datetime, first_due: datetime | None = None,
         answered: datetime | None = None, created: datetime = datetime(2026, 11, 20, 9, 0),
         status: str = "open", result: str = "") -> FollowUpInfo:
    return FollowUpInfo(id=n, customer_id=n, customer_code=f"C{n:04d}", customer_name=f"客户{n}", kind=kind,
                        sla_class="normal", title=title, detail="", owner="李明", created_at=created,
                        first_answer_due=first_due, first_answered_at=answered, due_at=due, status=status,
                        result=result, visit_id=None)


def inputs() -> ReportInputs:
    visits = (
        ReportVisit("金陵副食便利店", "核心客户", "done", arrived=time(9, 30), discussed="介绍新款收单机",
                    needs="希望提高转账限额", products="收单机、经营贷", outcome="order", satisfaction=5,
                    next_steps="周五送合同"),
        ReportVisit("天元商贸有限公司", "潜力客户", "done", arrived=time(10, 40), mode="phone",
                    competitor_info="某行推出免费代发工资", complaints="上月到账延迟", outcome="agreement",
                    satisfaction=2, first_visit=True),
        ReportVisit("鼓楼烟酒店", "一般客户", "not_done", not_done_reason="店主外出，改到周四"),
    )
    overdue = item(1, "回复代发工资收费方案", due=datetime(2026, 11, 23, 17, 0))
    complaint = item(2, "收单款项隔日未到账", kind="complaint", due=datetime(2026, 11, 25, 15, 0),
                     first_due=datetime(2026, 11, 24, 15, 0))
    request = item(3, "开通对公网银", kind="request", due=datetime(2026, 11, 26, 17, 0),
                   created=datetime(2026, 11, 24, 10, 50))
    closed = item(4, "购买后一周电话回访", kind="callback", due=datetime(2026, 11, 24, 17, 0), status="done",
                  result="客户满意")
    return ReportInputs(
        day=DAY, now=NOW, manager_name="李明", planned_count=4, visits=visits,
        followups_opened=(request,), followups_closed=(closed,),
        followups_urgent=(request, overdue, complaint), open_total=5, overdue_total=2,
        next_day=date(2026, 11, 25),
        next_plan=(ReportPlanItem(time(9, 15), "秦淮华联超市", "一般客户", "例行拜访"),
                   ReportPlanItem(time(10, 0), "金陵副食便利店", "核心客户", "送合同")),
        later=((date(2026, 11, 26), 6), (date(2026, 11, 27), 0)))


def test_chinese_report_has_every_section_with_the_days_facts():
    report = compose_report(inputs(), "zh")
    assert report.title == "每日工作汇报 — 2026-11-24 周二"
    assert [s.title for s in report.sections] == [
        "一、今日拜访", "二、客户需求", "三、业务进展", "四、问题与困难", "五、需要支持与协调的事项", "六、跟进事项",
        "七、市场动态与竞品信息", "八、后续工作计划"]
    visits = report.section("visits").body
    # One planned visit has no record at all: it is counted as not logged, not as done.
    assert visits.startswith("计划拜访 4 个，完成 2 个，未完成 1 个，尚未记录 1 个。")
    assert "首次拜访 1 个" in visits
    assert "- 09:30 金陵副食便利店（核心客户，上门）— 下单 — 介绍新款收单机" in visits
    assert "- 鼓楼烟酒店（一般客户）— 未完成：店主外出，改到周四" in visits
    assert "金陵副食便利店：希望提高转账限额" in report.section("needs").body
    progress = report.section("progress").body
    assert "金陵副食便利店：下单（介绍产品：收单机、经营贷）" in progress
    assert "天元商贸有限公司：达成意向" in progress and "下一步 周五送合同" in progress
    problems = report.section("problems").body
    assert "鼓楼烟酒店 未能拜访" in problems and "天元商贸有限公司 投诉：上月到账延迟" in problems
    assert "满意度偏低（2/5）" in problems and "2 项跟进已逾期" in problems
    assert "客户3：开通对公网银（截止 11-26 17:00）" in report.section("support").body
    assert "某行推出免费代发工资" in report.section("market").body
    plan = report.section("plan").body
    assert "11-25 周三共安排 2 个拜访" in plan and "- 09:15 秦淮华联超市（一般客户）— 例行拜访" in plan
    assert "近期安排：11-26 周四 6 个。" in plan  # days with nothing planned are left out


def test_english_report_uses_english_headings_and_labels():
    report = compose_report(inputs(), "en")
    assert report.title == "Daily report — 2026-11-24 Tue"
    assert report.sections[0].title == "1. Visits today" and report.sections[-1].title == "8. Plan ahead"
    visits = report.section("visits").body
    assert visits.startswith("Planned 4, done 2, not done 1, not logged yet 1.")
    assert "(核心客户, on site) — order" in visits
    assert "(潜力客户, phone) — first visit, agreement" in visits
    assert "Closed today (1):" in report.section("followups").body
    assert "Wed 11-25 — 2 visits planned:" in report.section("plan").body
    markdown = render_markdown(report)
    assert "客户构成" not in markdown and "(none)" not in markdown.split("## 1.")[1].split("##")[0]


def test_open_followups_are_listed_soonest_deadline_first():
    """The first answer owed (15:00 today, already past) comes before a resolution due later."""
    body = compose_report(inputs(), "zh").section("followups").body
    listed = [line for line in body.splitlines() if line.startswith("- [")]
    open_lines = listed[2:]  # after the opened-today and closed-today items
    assert [line.split("：")[1].split("（")[0] for line in open_lines] == [
        "回复代发工资收费方案", "收单款项隔日未到账", "开通对公网银"]
    assert "已逾期 1天0小时" not in body and "已逾期 1天" in open_lines[0]
    assert "已逾期 2小时30分" in open_lines[1]
    assert "另有 2 项未到期。" in body


def test_a_first_answer_still_owed_is_named_as_such():
    complaint = item(2, "机具故障", kind="complaint", due=datetime(2026, 11, 25, 20, 0),
                     first_due=datetime(2026, 11, 24, 20, 0))
    report = compose_report(ReportInputs(day=DAY, now=NOW, manager_name="李明", planned_count=0,
                                         followups_urgent=(complaint,), open_total=1), "zh")
    assert report.section("followups").body == (
        "未完成 1 项，均未逾期；近期到期：\n- [投诉] 客户2：机具故障（11-24 20:00 前需首次答复）")
    assert report.section("problems").body == "（无）"


def test_an_empty_day_still_reads_well():
    report = compose_report(ReportInputs(day=DAY, now=NOW, manager_name="", planned_count=0, next_day=None), "zh")
    assert report.byline == ""
    assert report.section("visits").body == "计划拜访 0 个，完成 0 个。"
    assert report.section("needs").body == "（无）"
    assert report.section("followups").body == "没有未完成的跟进事项。"
    assert report.section("plan").body == "下一个工作日尚无计划。"


def test_markdown_reads_back_into_the_same_sections():
    report = compose_report(inputs(), "zh")
    title, sections = split_sections(render_markdown(report))
    assert title == report.title
    assert sections[0] == ("", report.byline)
    assert [s for s in sections[1:]] == [(s.title, s.body) for s in report.sections]


def test_edited_text_keeps_what_was_typed_before_and_between_headings():
    title, sections = split_sections("前言\n# 不是标题\n## 一、今日拜访\n拜访 3 个\n\n## 新增一节\n内容\n")
    assert title == ""
    assert sections == (("", "前言\n# 不是标题"), ("一、今日拜访", "拜访 3 个"), ("新增一节", "内容"))


def test_duration_labels():
    assert duration_label(timedelta(minutes=45), "zh") == "45分钟"
    assert duration_label(timedelta(hours=2, minutes=30), "en") == "2h 30m"
    assert duration_label(timedelta(days=2, hours=3), "zh") == "2天3小时"
    assert duration_label(timedelta(days=1), "en") == "1d"
    assert duration_label(timedelta(minutes=-5), "en") == "0m"


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(st.lists(st.tuples(_text, _text, _text, st.sampled_from(["done", "not_done"]),
                          st.sampled_from(["order", "agreement", "nothing", "follow_up", ""])), max_size=6),
       st.sampled_from(["zh", "en"]))
def test_any_records_compose_into_eight_sections_that_read_back(rows, locale):
    visits = tuple(ReportVisit(name or "x", "core", status, discussed=notes, needs=needs, outcome=outcome,
                               not_done_reason="r")
                   for name, notes, needs, status, outcome in rows)
    report = compose_report(ReportInputs(day=DAY, now=NOW, manager_name="M", planned_count=len(visits),
                                         visits=visits), locale)
    assert len(report.sections) == 8
    markdown = render_markdown(report)
    # Every visit appears once in the visits section, whatever was typed (line breaks folded).
    visit_lines = [line for line in report.section("visits").body.splitlines() if line.startswith("- ")]
    assert len(visit_lines) == len(visits)
    _, sections = split_sections(markdown)
    assert [t for t, _ in sections[1:]] == [s.title for s in report.sections]
