"""Readable text of the plans for the terminal (``rmtui plan …`` without ``--json``)."""

from __future__ import annotations

from rmtui.domain.planning import reasons
from rmtui.domain.planning.model import WeekPlanInfo
from rmtui.textfmt import table

_STATUS = {"draft": "草稿", "submitted": "已提交", "approved": "已批准", "returned": "已退回", "confirmed": "已确认"}


def _zh(locale: str) -> bool:
    return locale == "zh"


def status(value: str, locale: str) -> str:
    return _STATUS.get(value, value) if _zh(locale) else value


def _hm(t) -> str:
    return t.strftime("%H:%M") if t else "-"


def week_text(info: WeekPlanInfo, locale: str) -> str:
    zh = _zh(locale)
    out = [f"{'周计划' if zh else 'Weekly plan'} {info.week} — {status(info.status, locale)}"
           + (f" ({'逾期提交' if zh else 'submitted late'})" if info.submitted_late else "")]
    if info.supervisor_comment:
        out.append(("主管意见：" if zh else "Supervisor: ") + info.supervisor_comment)
    heads = ("#", "时间", "编号", "客户", "等级", "分钟", "来源", "原因") if zh else \
        ("#", "Start", "Code", "Customer", "Tier", "Min", "Source", "Why")
    for d in info.days:
        visits = info.on(d.day)
        label = reasons.day_label(d.day, locale)
        load = (f"{d.visits} 个拜访，拜访 {d.visit_minutes} 分钟，路程 {d.travel_minutes} 分钟，"
                f"{_hm(d.back_at)} 返回" if zh else
                f"{d.visits} visits, {d.visit_minutes} min visiting, {d.travel_minutes} min travel, "
                f"back {_hm(d.back_at)}")
        warn = (" ⚠ 超负荷" if zh else " ⚠ overloaded") if d.overloaded else ""
        out.append(f"\n{label}: {load}{warn}")
        if visits:
            rows = [(v.sequence, _hm(v.planned_start), v.code, v.name, v.tier, v.minutes, v.source
                     + (" 📌" if v.pinned else ""), v.reason) for v in visits]
            out.append(table(heads, rows))
    removed = [v for v in info.visits if not v.active]
    if removed:
        out.append("\n" + ("已移除：" if zh else "Removed:"))
        out += [f"  {v.code} {v.name} ({reasons.day_label(v.day, locale)}): {v.status_reason}" for v in removed]
    if info.unplaced:
        out.append("\n" + ("未安排：" if zh else "Not placed:"))
        rows = [(u.code, u.name, u.tier, u.due_by.isoformat() if u.due_by else "-", u.why,
                 u.written_reason or "") for u in info.unplaced]
        out.append(table(("编号", "客户", "等级", "到期", "原因", "说明") if zh else
                         ("Code", "Customer", "Tier", "Due by", "Why not", "Written reason"), rows))
    if info.office_tasks:
        out.append("\n" + ("办公室任务：" if zh else "Office tasks:"))
        out += [f"  {t}" for t in info.office_tasks]
    if info.flags:
        out.append("\n" + ("注意：" if zh else "Check:"))
        out += [f"  {f}" for f in info.flags]
    placed = sum(1 for v in info.visits if v.active)
    out.append("\n" + (f"共 {placed} 个拜访，路程 {info.travel_minutes} 分钟，未安排 {len(info.unplaced)} 个" if zh else
                       f"{placed} visits, {info.travel_minutes} min travel, {len(info.unplaced)} not placed"))
    return "\n".join(out)


def deviations_text(week: str, recorded, changes, locale: str) -> str:
    zh = _zh(locale)
    out = [f"{'偏差' if zh else 'Deviations'} {week}"]
    if recorded:
        out.append(table(("类型", "编号", "客户", "内容", "原因", "时间") if zh else
                         ("Kind", "Code", "Customer", "Detail", "Reason", "At"),
                         [(d.kind, d.code, d.name, d.detail, d.reason, d.at.strftime("%m-%d %H:%M") if d.at else "")
                          for d in recorded]))
    out.append("\n" + ("与提交版本相比：" if zh else "Against the submitted version:"))
    if changes:
        out.append(table(("类型", "编号", "客户", "内容") if zh else ("Kind", "Code", "Customer", "Detail"),
                         [(c.kind, c.code, c.name, c.detail) for c in changes]))
    else:
        out.append("  " + ("无变化" if zh else "no change"))
    return "\n".join(out)


def month_text(info, locale: str) -> str:
    zh = _zh(locale)
    out = [f"{'月计划' if zh else 'Monthly plan'} {info.month} — {status(info.status, locale)}"]
    if info.focus:
        out.append(("本月重点：" if zh else "Focus: ") + info.focus)
    out.append("\n" + ("目标：" if zh else "Targets:"))
    out.append(table(("键", "目标", "数值", "单位") if zh else ("Key", "Target", "Value", "Unit"),
                     [(t.key, t.label, f"{t.target:g}", t.unit) for t in info.targets]))
    out.append("\n" + ("按等级需拜访：" if zh else "Visits the cadence requires, by tier:"))
    out.append(table(("等级", "客户", "拜访") if zh else ("Tier", "Customers", "Visits"),
                     [(t.tier, t.customers, t.visits) for t in info.by_tier]))
    out.append("\n" + ("按客户：" if zh else "By customer:"))
    out.append(table(("编号", "客户", "等级", "到期日") if zh else ("Code", "Customer", "Tier", "Due dates"),
                     [(c.code, c.name, c.tier, ", ".join(d.strftime("%m-%d") for d in c.due_dates))
                      for c in info.customers]))
    if info.unplannable:
        out.append("\n" + ("无法安排：" if zh else "Cannot be planned:"))
        out += [f"  {c}" for c in info.unplannable]
    return "\n".join(out)


def review_text(info, locale: str) -> str:
    zh = _zh(locale)
    share = lambda v: "-" if v is None else f"{v * 100:.0f}%"  # noqa: E731
    out = [f"{'月度回顾' if zh else 'Month-end review'} {info.month}",
           ("拜访频次达标率：" if zh else "Cadence compliance: ") + share(info.compliance)]
    out.append(table(("等级", "计划", "完成", "计划内完成", "应拜访", "按时", "迟到", "漏访", "达标率") if zh else
                     ("Tier", "Planned", "Done", "Done as planned", "Required", "On time", "Late", "Missed",
                      "Compliance"),
                     [(t.tier, t.planned, t.done, t.done_planned, t.required, t.on_time, t.late, t.missed,
                       share(t.compliance)) for t in info.by_tier]))
    out.append("\n" + ("目标：" if zh else "Targets:"))
    out.append(table(("键", "目标", "数值", "完成") if zh else ("Key", "Target", "Value", "Achieved"),
                     [(t.key, t.label, f"{t.target:g}", "-" if t.achieved is None else f"{t.achieved:g}")
                      for t in info.targets]))
    if info.customers:
        out.append("\n" + ("按客户（有计划或有要求）：" if zh else "By customer (planned or required):"))
        out.append(table(("编号", "客户", "等级", "计划", "完成", "按时", "漏访") if zh else
                         ("Code", "Customer", "Tier", "Planned", "Done", "On time", "Missed"),
                         [(c.code, c.name, c.tier, c.planned, c.done, c.on_time, c.missed) for c in info.customers]))
    out.append("\n" + (f"计划外拜访：{len(info.off_plan)}" if zh else f"Visits made off plan: {len(info.off_plan)}"))
    out += [f"  {v.day.isoformat()} {v.code} {v.name}" for v in info.off_plan[:30]]
    if info.misses:
        out.append("\n" + ("未完成的原因：" if zh else "Reasons recorded for misses:"))
        out += [f"  {m.day.isoformat() if m.day else ''} {m.code} {m.name}: {m.reason}" for m in info.misses]
    for title_zh, title_en, text in (("完成情况", "Done", info.review_done), ("不足", "Shortfalls", info.review_shortfalls),
                                     ("改进", "Improvements", info.review_improvements)):
        if text:
            out.append(f"\n{title_zh if zh else title_en}: {text}")
    return "\n".join(out)


def day_text(info, locale: str) -> str:
    zh = _zh(locale)
    out = [f"{'日计划' if zh else 'Daily plan'} {reasons.day_label(info.day, locale)}"]
    heads = ("#", "到达", "开始", "离开", "编号", "客户", "事项", "状态") if zh else \
        ("#", "Arrive", "Start", "Leave", "Code", "Customer", "What", "Status")
    out.append(table(heads, [(s.sequence, _hm(s.arrive), _hm(s.start), _hm(s.depart), s.code, s.name,
                              s.purpose or s.reason, s.status) for s in info.stops]))
    if info.lunch:
        out.append(("午餐 " if zh else "Lunch ") + _hm(info.lunch))
    out.append((f"路程 {info.travel_minutes} 分钟，{_hm(info.back_at)} 返回" if zh else
                f"travel {info.travel_minutes} min, back {_hm(info.back_at)}"))
    if info.materials:
        out.append("\n" + ("需携带材料：" if zh else "Materials to take:"))
        out += [f"  {m.item} ×{m.count} ({', '.join(m.for_codes)})" for m in info.materials]
    if info.dropped:
        out.append("\n" + ("今天放不下：" if zh else "Does not fit today:"))
        out += [f"  {d.code} {d.name}: {d.why}" for d in info.dropped]
    if info.notices:
        out.append("\n" + ("注意：" if zh else "Check:"))
        out += [f"  {n}" for n in info.notices]
    return "\n".join(out)


def submitted_text(result, locale: str) -> str:
    """When the plan was submitted, and whether on time."""
    when = result.plan.submitted_at.strftime("%Y-%m-%d %H:%M") if result.plan.submitted_at else ""
    due = result.deadline.strftime("%Y-%m-%d %H:%M")
    if _zh(locale):
        return f"已提交 {when}" + (f"（逾期，截止时间 {due}）" if result.late else f"（截止时间 {due}）")
    return f"submitted {when}" + (f" (late: due {due})" if result.late else f" (due {due})")


def files_text(files, locale: str) -> str:
    """Where the submission files are, and which version they hold."""
    zh = _zh(locale)
    what = (("提交版本" if zh else "as submitted") if files.frozen else
            ("当前计划预览，未提交" if zh else "preview of the current plan, not submitted"))
    head = f"提交文件（{what}）：" if zh else f"Submission files ({what}):"
    return "\n".join((head, f"  {files.xlsx}", f"  {files.markdown}"))


def calendar_text(done, locale: str) -> str:
    """Where the calendar file is and what it holds."""
    if _zh(locale):
        extra = f"，{done.cancelled} 个已取消" if done.cancelled else ""
        return f"日历文件：{done.path}（{done.events} 个拜访{extra}）"
    extra = f", {done.cancelled} cancelled" if done.cancelled else ""
    return f"Calendar file: {done.path} ({done.events} visits{extra})"
