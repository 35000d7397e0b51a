"""A hand-made weekly plan for the export tests (no database, no solver)."""

from __future__ import annotations

from datetime import date, datetime, time

from rmtui.domain.planning.model import DaySummary, PlannedVisitInfo, UnplacedVisit, WeekPlanInfo
from rmtui.domain.planning.monthly import TargetInfo
from rmtui.exports.submission_doc import MonthTargets, SubmissionDoc

MON, TUE = date(2026, 11, 30), date(2026, 12, 1)
TIERS = {"zh": {"core": "核心客户", "regular": "一般客户"}, "en": {"core": "Core", "regular": "Regular"}}


def visit(vid: int, day: date, seq: int, start: time | None, code: str, name: str, tier: str = "core",
          **kw) -> PlannedVisitInfo:
    fields = dict(id=vid, customer_id=vid, code=code, name=name, tier=tier, day=day, sequence=seq,
                  planned_start=start, minutes=30, visit_type="service", purpose="季度回访",
                  focus="推荐代发工资业务", standard="到店拜访约30分钟，当天填写拜访记录",
                  reason="核心客户，12月1日周二到期 — 每14天拜访", source="cadence", pinned=False, manual=False,
                  status="planned", status_reason="", address=f"南京市鼓楼区汉中路{vid}号", lat=32.04, lon=118.78)
    fields.update(kw)
    return PlannedVisitInfo(**fields)


def sample_plan(status: str = "submitted") -> WeekPlanInfo:
    visits = (
        visit(11, MON, 1, time(9, 0), "C0001", "金陵副食便利店", address="南京市鼓楼区汉中路89号"),
        visit(12, MON, 2, time(10, 15), "C0002", "天元商贸有限公司", tier="regular", minutes=45,
              purpose="投诉答复 | 当面", visit_type="special"),
        visit(13, TUE, 1, time(9, 30), "C0003", "Acme & Co", tier="regular"),
        visit(14, TUE, 2, time(11, 0), "C0004", "已移除客户", status="removed", status_reason="客户停业"),
    )
    days = (
        DaySummary(MON, 2, 75, 40, time(8, 45), time(11, 50), 465, False),
        DaySummary(TUE, 1, 30, 20, time(9, 10), time(10, 20), 465, False),
        DaySummary(date(2026, 12, 2), 0, 0, 0, None, None, 465, False),
    )
    unplaced = (UnplacedVisit(20, "C0020", "远郊客户", "core", "cadence", "核心客户到期", "路程太远，放不下", True,
                              date(2026, 12, 2), "客户本周外出"),)
    return WeekPlanInfo(
        id=1, week="2026-W49", status=status, built_at=datetime(2026, 11, 24, 9, 0),
        submitted_at=datetime(2026, 11, 27, 18, 5) if status != "draft" else None,
        submitted_late=status != "draft", approved_at=None, returned_at=None, supervisor_comment="",
        visits=visits, unplaced=unplaced, days=days, flags=("C0009 缺少坐标",), office_tasks=("整理月报",),
        travel_minutes=60)


def sample_doc(locale: str = "zh", status: str = "submitted") -> SubmissionDoc:
    month = MonthTargets("2026-12", "confirmed", "代发工资", (
        TargetInfo("visits_core", "核心客户拜访次数", 14, "次"), TargetInfo("deposit", "新增存款", 2.5, "万元")))
    return SubmissionDoc(
        plan=sample_plan(status), frozen=status != "draft", manager_code="M001", manager_name="李明",
        branch="南京分行新街口支行", supervisor="王主管", deadline=datetime(2026, 11, 27, 17, 0),
        written_at=datetime(2026, 11, 27, 18, 6), reserved_minutes=60, locale=locale, tier_names=TIERS[locale],
        holidays=(), makeup_days=(), months=(month,))
