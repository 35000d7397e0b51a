"""The current week's approved plan and next week's appointments.

Days of the week before today were worked already: their plan lines are the
visit records of those days, marked done. Today and the days after are
planned by the same simulation that made the history, with the items that
must be seen this week taken first when the route passes by: the two open
complaints (the severe one today, the ordinary one the next working day),
open follow-ups due this week and a couple of newly assigned customers.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from rmtui.demo.customers import CustomerDraft
from rmtui.demo.history import LUNCH, Priority, Simulator, Stop
from rmtui.demo.hours import fits
from rmtui.demo.model import (
    TIER_RULES,
    DemoAppointment,
    DemoFollowUp,
    DemoPlannedVisit,
    DemoPlanWeek,
    DemoVisit,
)
from rmtui.demo.records import purpose
from rmtui.domain.workdays import WorkCalendar

_COMMENTS = (
    "同意。本周重点做好两家核心客户的续作沟通，超期客户尽快补访。",
    "同意。注意控制每日拜访量，留出处理临时事项的时间。",
    "同意。投诉类事项务必按时限答复，结果抄送主管。",
)
_APPOINTMENT_NOTES = ("约定面谈理财到期续作", "约定签署代发工资协议", "客户要求上门讲解经营贷方案",
                      "约定送达签约材料", "季度走访，客户指定时间")


def plan_stops(sim: Simulator, days: list[date], rng: random.Random, *,
               priorities: dict[str, Priority], anchors: dict[date, str]) -> dict[date, list[Stop]]:
    """Plan today and the rest of the week; each priority is planned at most once."""
    waiting = dict(priorities)
    planned: dict[date, list[Stop]] = {}
    for day in days:
        anchor = anchors.get(day)
        # An anchor belongs to its own day; other days must not take it first.
        extra = {code: p for code, p in waiting.items()
                 if code == anchor or code not in anchors.values()}
        stops = sim.day(day, rng.randint(5, 7), planning=True, anchor=anchor, extra=extra)
        for stop in stops:
            waiting.pop(stop.code, None)
        planned[day] = stops
    return planned


def plan_lines(done: dict[date, list[Stop]], visits: list[DemoVisit], planned: dict[date, list[Stop]],
               drafts: dict[str, CustomerDraft], rng: random.Random, *,
               priorities: dict[str, Priority], week_monday: date) -> list[DemoPlannedVisit]:
    """The plan's lines: past days from the visit records, the rest from the plan."""
    purposes = {(v.customer_code, v.date): v.purpose for v in visits}
    lines: list[DemoPlannedVisit] = []
    for day, stops, status in ([(d, s, "done") for d, s in sorted(done.items())]
                               + [(d, s, "planned") for d, s in sorted(planned.items())]):
        for seq, stop in enumerate(sorted(stops, key=lambda s: s.start), start=1):
            draft = drafts[stop.code]
            if status == "done":
                what = purposes[(stop.code, day)]
            elif stop.source in ("follow_up", "ad_hoc"):
                what = "处理客户投诉" if "投诉" in priorities[stop.code].reason else "跟进上次遗留事项"
            elif stop.source == "assigned":
                what = "首次拜访，介绍专属客户经理服务"
            else:
                what = purpose(rng, draft.kind.key, False)
            lines.append(DemoPlannedVisit(
                date=day, sequence=seq, customer_code=stop.code, planned_start=_t(stop.start),
                planned_minutes=stop.minutes, purpose=what, source=stop.source,
                reason=_reason(stop, draft, priorities, week_monday),
                status=status,
            ))
    return lines


def _reason(stop: Stop, draft: CustomerDraft, priorities: dict[str, Priority],
            week_monday: date) -> str:
    due = stop.due
    if stop.code in priorities and priorities[stop.code].source == stop.source:
        return priorities[stop.code].reason
    tier = TIER_RULES[draft.customer.tier].name_zh
    if stop.mode != "on_site":
        return f"{tier}到期，路线不顺，电话联系"
    if due is None:
        return f"{tier}按频次拜访"
    if stop.source == "carry_over":
        return f"已超期{(week_monday - due).days}天（应于{due.month}月{due.day}日拜访），顺延补访"
    return f"{tier}按频次拜访，{due.month}月{due.day}日到期"


def appointments(drafts: dict[str, CustomerDraft], follow_ups: list[DemoFollowUp],
                 next_days: tuple[date, ...], rng: random.Random,
                 exclude: set[str]) -> list[DemoAppointment]:
    """Four to six appointments next week: core customers first, then VIPs and open items."""
    core = [d for d in drafts.values() if d.customer.tier == "core" and not d.newly_assigned]
    vips = [d for d in drafts.values() if d.kind.key == "vip" and d.customer.tier == "potential"]
    open_items = sorted({f.customer_code for f in follow_ups if f.status == "open" and f.kind != "complaint"})
    chosen = rng.sample(core, min(3, len(core))) + rng.sample(vips, min(1, len(vips)))
    chosen += [drafts[c] for c in open_items if c not in exclude][:rng.randint(1, 2)]
    result: list[DemoAppointment] = []
    taken: set[tuple[date, int]] = set()
    seen: set[str] = set()
    for draft in chosen:
        if draft.customer.code in seen or not next_days:
            continue
        seen.add(draft.customer.code)
        customer = draft.customer
        minutes = (customer.visit_minutes or TIER_RULES[customer.tier].visit_minutes) + 10
        for _ in range(30):
            day = rng.choice(next_days)
            start = rng.choice((570, 600, 630, 660, 840, 870, 900, 930, 960))
            clash = any(d == day and abs(s - start) < 90 for d, s in taken)
            in_lunch = start < LUNCH[1] and start + minutes > LUNCH[0]
            if not clash and not in_lunch and fits(customer.opening_hours, day, start, minutes):
                taken.add((day, start))
                result.append(DemoAppointment(
                    customer_code=customer.code,
                    start=datetime.combine(day, _t(start)),
                    minutes=minutes,
                    note=rng.choice(_APPOINTMENT_NOTES),
                    confirmed=customer.tier == "core" or rng.random() < 0.5,
                ))
                break
    return sorted(result, key=lambda a: (a.start, a.customer_code))


def plan_week(today: date, calendar: WorkCalendar, rng: random.Random) -> DemoPlanWeek:
    """The header of this week's plan: submitted last Friday, approved by the supervisor."""
    monday = today - timedelta(days=today.weekday())
    friday = calendar.add_working_days(monday, -1)  # the last working day before the week
    submitted = datetime.combine(friday, time(16, 30)) + timedelta(minutes=rng.randint(0, 25))
    if rng.random() < 0.5:
        approved = datetime.combine(friday, time(18, 0)) + timedelta(minutes=rng.randint(0, 20))
    else:
        approved = datetime.combine(calendar.add_working_days(monday, 0), time(8, 40))
    iso = today.isocalendar()
    return DemoPlanWeek(iso.year, iso.week, "approved", submitted, approved, rng.choice(_COMMENTS))


def _t(minute: int) -> time:
    return time(minute // 60, minute % 60)
