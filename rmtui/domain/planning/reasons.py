"""Why a visit is in a plan, or why it is not — in the manager's language.

Every text a plan stores or prints comes from here, in Chinese or English
(``locale`` is ``"zh"`` or ``"en"``), so the wording stays the same on the
command line, in the app and in the submitted plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

_WD_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WD_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_MON_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KIND = {
    "complaint": ("投诉", "complaint"), "follow_up": ("跟进", "follow-up"),
    "request": ("业务需求", "request"), "callback": ("回访", "call-back"),
}


def zh(locale: str) -> bool:
    return locale == "zh"


def weekday(d: date, locale: str) -> str:
    return (_WD_ZH if zh(locale) else _WD_EN)[d.weekday()]


def day_label(d: date, locale: str) -> str:
    """``Tue 1 Dec`` / ``12月1日周二``."""
    if zh(locale):
        return f"{d.month}月{d.day}日{weekday(d, locale)}"
    return f"{weekday(d, locale)} {d.day} {_MON_EN[d.month - 1]}"


def days_label(days: Sequence[date], locale: str) -> str:
    """``Mon–Wed`` for a run of days, else ``Mon, Wed``."""
    if not days:
        return "无" if zh(locale) else "none"
    names = [weekday(d, locale) for d in days]
    if len(days) > 2 and all((b - a).days == 1 for a, b in zip(days, days[1:])):
        return f"{names[0]}–{names[-1]}"
    return ("、" if zh(locale) else ", ").join(names)


def clock(t: datetime) -> str:
    return t.strftime("%H:%M")


def cadence(tier_name: str, interval: int, due: date | None, overdue: int, optional: bool, locale: str) -> str:
    """``Core, due Tue 1 Dec — 14-day cadence`` (or overdue / never visited / optional)."""
    if zh(locale):
        if due is None:
            when = "从未拜访"
        elif overdue > 0:
            when = f"已逾期{overdue}天（{day_label(due, locale)}到期）"
        else:
            when = f"{day_label(due, locale)}到期"
        text = f"{tier_name}，{when} — 每{interval}天拜访"
        return text + "；可选，填补空闲时间" if optional else text
    if due is None:
        when = "never visited"
    elif overdue > 0:
        when = f"overdue {overdue} day{'s' if overdue != 1 else ''} (due {day_label(due, locale)})"
    else:
        when = f"due {day_label(due, locale)}"
    text = f"{tier_name}, {when} — {interval}-day cadence"
    return text + "; optional, fills free time" if optional else text


def carry_over(from_day: date, locale: str) -> str:
    return f"结转自{day_label(from_day, locale)}" if zh(locale) else f"carry-over from {day_label(from_day, locale)}"


def follow_up(kind: str, first_answer: bool, deadline: datetime, overdue: bool, locale: str, *,
              by_then: bool = False) -> str:
    """``complaint: answer due Wed 10:00``. ``by_then``: the deadline passes before the planned week starts
    (it is not overdue yet when the plan is made)."""
    name = _KIND.get(kind, (kind, kind))[0 if zh(locale) else 1]
    when = f"{day_label(deadline.date(), locale)} {clock(deadline)}"
    if zh(locale):
        what = "首次答复" if first_answer else "解决"
        late = "（届时已超时）" if by_then else "（已超时）"
        return f"{name}：{what}期限{when}" + (late if overdue else "")
    what = "answer" if first_answer else "resolution"
    late = " (overdue by then)" if by_then else " (overdue)"
    return f"{name}: {what} due {when}" + (late if overdue else "")


def appointment(start: datetime, note: str, locale: str) -> str:
    when = f"{day_label(start.date(), locale)} {clock(start)}"
    text = f"预约 {when}" if zh(locale) else f"appointment {when}"
    return f"{text}（{note}）" if note and zh(locale) else (f"{text} ({note})" if note else text)


def task(title: str, due: date | None, locale: str) -> str:
    if zh(locale):
        return f"主管交办：{title}" + (f"（{day_label(due, locale)}前）" if due else "")
    return f"supervisor task: {title}" + (f" (due {day_label(due, locale)})" if due else "")


def manual(locale: str) -> str:
    return "手动添加" if zh(locale) else "added by hand"


# -- why a visit is not in the plan ------------------------------------------

def needs_location(locale: str) -> str:
    return "需要位置：客户没有坐标（不会猜测）" if zh(locale) else \
        "needs a location: the customer has no coordinates (never guessed)"


def approximate_location(locale: str) -> str:
    return "需要确认位置：只有大致坐标" if zh(locale) else \
        "needs a location: only approximate coordinates; confirm them first"


def no_working_day(locale: str) -> str:
    return "本周没有可用的工作日" if zh(locale) else "no working day left in the week"


def closed_on(days: Sequence[date], hours: str, locale: str) -> str:
    when = days_label(days, locale)
    if zh(locale):
        return f"在可安排的日子（{when}）不营业或时间不够：营业时间 {hours or '不限'}"
    return f"closed or too short a window on the days it may go ({when}): opening hours {hours or 'any'}"


def no_room(days: Sequence[date], locale: str) -> str:
    when = days_label(days, locale)
    return f"容量不足：可安排的日子（{when}）已排满" if zh(locale) else \
        f"no room: the days it may go on ({when}) are full"


def appointment_off_day(start: datetime, locale: str) -> str:
    when = f"{day_label(start.date(), locale)} {clock(start)}"
    return f"预约 {when} 不在本周可用的工作日" if zh(locale) else \
        f"appointment {when} is not on a working day still ahead in this week"


def appointment_outside_day(start: datetime, day_span: str, locale: str) -> str:
    when = f"{day_label(start.date(), locale)} {clock(start)}"
    return f"预约 {when} 超出工作时间 {day_span}（已扣除预留时间）" if zh(locale) else \
        f"appointment {when} is outside the working hours {day_span} (reserved time taken off)"


def appointment_outside_hours(start: datetime, hours: str, locale: str) -> str:
    when = f"{day_label(start.date(), locale)} {clock(start)}"
    return f"注意：预约 {when} 不在客户营业时间内（{hours}）" if zh(locale) else \
        f"check: appointment {when} is outside the customer's opening hours ({hours})"


def unknown_tier(tier: str, locale: str) -> str:
    return f"未知的客户等级 {tier!r}，请检查配置" if zh(locale) else f"unknown tier {tier!r}; check the configuration"


def bad_hours(text: str, locale: str) -> str:
    return f"注意：营业时间无法识别（{text}），按全天营业处理" if zh(locale) else \
        f"check: opening hours could not be read ({text}); taken as open all day"


def manual_outside_hours(d: date, locale: str) -> str:
    return f"注意：手动安排在{day_label(d, locale)}，但客户当天不营业" if zh(locale) else \
        f"check: placed by hand on {day_label(d, locale)} although the customer is closed then"
