"""Why the day route left a stop out (``route_reasons.``), rendered from ``rmtui.routing.explain.Reason``
by ``rmtui.services.route_reasons``. The English matches ``Reason.text`` word for word (the engine's
text keeps seconds in times; the manager sees whole minutes)."""

from __future__ import annotations

EN: dict[str, str] = {
    "route_reasons.join": "{hours}; {cause}",
    "route_reasons.hours.all_day": "open all day",
    "route_reasons.hours.open": "open {spans}",
    "route_reasons.hours.appointment": "appointment {spans}",
    "route_reasons.span_sep": ", ",
    "route_reasons.no_window": "no window leaves time for the {minutes}-minute visit within the day",
    "route_reasons.priority": "left out for stops of higher priority",
    "route_reasons.late.start": "even going straight from the start, the earliest arrival is {at}",
    "route_reasons.late.appointment": "after the {start} appointment at {stop} the earliest arrival is {at}",
    "route_reasons.late.visit": "after the visit at {stop} ({start}–{depart}) the earliest arrival is {at}",
    "route_reasons.late.stop": "after {stop} the earliest arrival is {at}",
    "route_reasons.end.alone": "even visited alone it brings you back at {at}, after the day's end at {limit}",
    "route_reasons.end.full": "the day is full: fitting it in brings you back at {at}, after the day's end at "
                              "{limit}",
    "route_reasons.lunch.alone": "even visited alone it leaves no room for the {minutes}-minute lunch break ({span})",
    "route_reasons.lunch.full": "the day is full: fitting it in leaves no room for the {minutes}-minute lunch break "
                                "({span})",
    "route_reasons.makes_late": "the day is full: fitting it in makes {other} late ({other_hours}; it would be "
                                "reached at {at})",
}

ZH: dict[str, str] = {
    "route_reasons.join": "{hours}；{cause}",
    "route_reasons.hours.all_day": "全天营业",
    "route_reasons.hours.open": "营业 {spans}",
    "route_reasons.hours.appointment": "预约 {spans}",
    "route_reasons.span_sep": "、",
    "route_reasons.no_window": "当天没有哪个时段容得下 {minutes} 分钟的拜访",
    "route_reasons.priority": "让位给优先级更高的拜访",
    "route_reasons.late.start": "从出发地直接前往也最早 {at} 到达",
    "route_reasons.late.appointment": "{start} 在 {stop} 的预约之后最早 {at} 到达",
    "route_reasons.late.visit": "在 {stop} 拜访（{start}–{depart}）之后最早 {at} 到达",
    "route_reasons.late.stop": "在 {stop} 之后最早 {at} 到达",
    "route_reasons.end.alone": "即使只拜访这一家，也要 {at} 才能回到终点，晚于收工时间 {limit}",
    "route_reasons.end.full": "当天已排满：加进来要 {at} 才能回到终点，晚于收工时间 {limit}",
    "route_reasons.lunch.alone": "即使只拜访这一家，也留不出 {minutes} 分钟午休（{span}）",
    "route_reasons.lunch.full": "当天已排满：加进来就留不出 {minutes} 分钟午休（{span}）",
    "route_reasons.makes_late": "当天已排满：加进来会让 {other} 迟到（{other_hours}；要 {at} 才能到达）",
}
