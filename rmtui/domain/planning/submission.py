"""Submitting a weekly plan: the checks, the frozen copy, and changes against it.

A plan may be submitted when no day is overloaded and every due visit of
the most important tier(s) that is not in the plan has a written reason.
The submitted version is kept as a snapshot that never changes; later edits
are deviations from it. Submitting after the deadline (Friday 17:00 before
the week, by default) is allowed and marked late.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from rmtui.domain.planning import reasons
from rmtui.domain.planning.model import DaySummary, PlannedVisitInfo, UnplacedVisit
from rmtui.domain.tiers import Tier

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def deadline(monday: date, due_weekday: str, due_time: time) -> datetime:
    """When the plan of the week starting ``monday`` is due: that weekday of the week before."""
    offset = WEEKDAYS.index(due_weekday) - 7
    return datetime.combine(monday + timedelta(days=offset), due_time)


def strict_tiers(tiers: Mapping[str, Tier]) -> list[str]:
    """The tiers whose due visits need a written reason when left out: those of the highest priority."""
    if not tiers:
        return []
    top = max(t.priority for t in tiers.values())
    return [t.id for t in tiers.values() if t.priority == top]


def missing_reasons(unplaced: Iterable[UnplacedVisit], strict_tiers: Iterable[str],
                    written: dict[str, str]) -> list[UnplacedVisit]:
    """Due visits of ``strict_tiers`` left out of the plan without a written reason."""
    tiers = set(strict_tiers)
    return [u for u in unplaced if u.required and u.tier in tiers and u.source in ("cadence", "carry_over")
            and not (written.get(u.code) or u.written_reason).strip()]


def submission_problems(days: Sequence[DaySummary], unplaced: Iterable[UnplacedVisit], strict_tiers: Iterable[str],
                        written: dict[str, str], locale: str) -> list[str]:
    """Everything that stops a submission, in words; empty when it may go."""
    problems = []
    for d in days:
        if d.overloaded:
            label = reasons.day_label(d.day, locale)
            problems.append(f"{label} 超负荷：安排的拜访和路程超出可用时间" if reasons.zh(locale) else
                            f"{label} is overloaded: its visits and travel do not fit the usable hours")
    for u in missing_reasons(unplaced, strict_tiers, written):
        problems.append(f"{u.code} {u.name}：到期拜访未安排，需写明原因（--reason {u.code}=…）"
                        if reasons.zh(locale) else
                        f"{u.code} {u.name}: a due visit is not in the plan; write why (--reason {u.code}=…)")
    return problems


def snapshot_visit(v: PlannedVisitInfo) -> dict:
    """The fields of a visit that the frozen copy keeps."""
    return {"id": v.id, "customer_id": v.customer_id, "code": v.code, "name": v.name, "day": v.day.isoformat(),
            "sequence": v.sequence, "planned_start": v.planned_start.strftime("%H:%M") if v.planned_start else None,
            "minutes": v.minutes, "purpose": v.purpose, "reason": v.reason, "source": v.source,
            "status": v.status}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the submitted plan and the plan now."""

    kind: str  # moved | added | removed | not_done
    visit_id: int | None
    code: str
    name: str
    detail: str


def compare(snapshot: dict, now: Sequence[PlannedVisitInfo], today: date, done_ids: set[int],
            locale: str) -> list[Change]:
    """What changed since ``snapshot``: moves, additions, removals, and visits of past days not done."""
    before = {v["id"]: v for v in snapshot.get("visits", []) if v.get("status") != "removed"}
    current = {v.id: v for v in now}
    out = []
    for vid, old in before.items():
        new = current.get(vid)
        if new is None or new.status == "removed":
            why = new.status_reason if new is not None else ""
            out.append(Change("removed", vid, old["code"], old["name"], why))
        elif new.day.isoformat() != old["day"]:
            out.append(Change("moved", vid, old["code"], old["name"],
                              f"{reasons.day_label(date.fromisoformat(old['day']), locale)} → "
                              f"{reasons.day_label(new.day, locale)}"))
        elif new.day < today and new.status not in ("done",) and vid not in done_ids:
            out.append(Change("not_done", vid, old["code"], old["name"], reasons.day_label(new.day, locale)))
    for vid, new in current.items():
        if vid not in before and new.status != "removed":
            out.append(Change("added", vid, new.code, new.name, reasons.day_label(new.day, locale)))
    return out
