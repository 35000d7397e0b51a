"""Why the day route left a stop out, in the manager's language.

The routing engine explains a dropped stop as values (``rmtui.routing.explain.Reason``: a kind, times,
stop ids, minutes); this turns them into words of the catalogue area ``route_reasons`` for ``locale``,
naming stops the way the caller knows them (the planner's stop ids are visit ids: ``names`` maps them to
customer codes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rmtui.i18n import Translator

if TYPE_CHECKING:
    from rmtui.routing.explain import Hours, Reason


def reason_text(reason: Reason, locale: str, names: Mapping[str, str] | None = None, *, stop: str | None = None,
                early: Mapping[str, int] | None = None) -> str:
    """``reason`` (for the stop ``stop``) in ``locale`` ("zh"/"en"), stops named by ``names`` (else by their
    ids), e.g. "营业 14:00–17:00；13:30 在 C0007 的预约之后最早 17:20 到达". Times are whole minutes, rounded
    up (the engine keeps seconds: an earliest arrival of 14:17:44 is 14:18 to the manager). ``early``: by stop
    id, the seconds an appointment's window opens before the appointment (time to arrive early); the words
    give the appointment's own time."""
    from rmtui.routing.clock import format_clock

    def hm(seconds: int) -> str:
        return format_clock(-(-seconds // 60) * 60)

    t = Translator(locale)
    names, early = names or {}, early or {}

    def name(stop: str | None) -> str:
        return names.get(stop or "", stop or "")

    def hours(h: Hours | None, of: str | None) -> str:
        if h is None or h.kind == "all_day":
            return t("route_reasons.hours.all_day")
        shift = early.get(of or "", 0) if h.kind == "appointment" else 0
        spans = t("route_reasons.span_sep").join(
            hm(a + shift) if a + shift >= b else f"{hm(a + shift)}–{hm(b)}" for a, b in h.spans)
        return t(f"route_reasons.hours.{h.kind}", spans=spans)

    r = reason
    mode = "alone" if r.alone else "full"
    if r.kind == "no_window":
        cause = t("route_reasons.no_window", minutes=f"{r.minutes or 0:g}")
    elif r.kind == "priority":
        cause = t("route_reasons.priority")
    elif r.kind == "late":
        a = r.after
        if a is None:
            cause = t("route_reasons.late.start", at=hm(r.at or 0))
        else:
            cause = t(f"route_reasons.late.{a.kind}", stop=name(a.stop), at=hm(r.at or 0),
                      start=hm((a.start or 0) + (early.get(a.stop, 0) if a.kind == "appointment" else 0)),
                      depart=hm(a.depart or 0))
    elif r.kind == "end":
        cause = t(f"route_reasons.end.{mode}", at=hm(r.at or 0), limit=hm(r.limit or 0))
    elif r.kind == "lunch":
        span = f"{hm(r.lunch[0])}–{hm(r.lunch[1])}" if r.lunch else ""
        cause = t(f"route_reasons.lunch.{mode}", minutes=f"{r.minutes or 0:g}", span=span)
    else:  # makes_late
        cause = t("route_reasons.makes_late", other=name(r.other), other_hours=hours(r.other_hours, r.other),
                  at=hm(r.at or 0))
    return t("route_reasons.join", hours=hours(r.hours, stop), cause=cause)
