"""The pre-visit checklist (拜访前准备) of one planned visit.

A checklist is built once per visit from the first configured template that
fits the customer's tier and the visit type (``checklists`` in
``config.yaml``): the steps to tick before leaving, then the materials to
pack. The visit may start with open lines, but only knowingly: leaving asks
once, and the answer is kept with the checklist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rmtui.domain.planning.materials import Template, template_for

NO_TEMPLATE = "none"
"""Template id stored when no template fits the visit (the checklist then holds the objective only)."""

TEXT_LIMIT = 300
"""Longest line kept (the database column's width)."""


class LineKind(StrEnum):
    ITEM = "item"  # a step: confirm the appointment, read the file…
    MATERIAL = "material"  # something to pack: brochures, forms…


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One line to tick, before it is stored."""

    kind: LineKind
    text: str


@dataclass(frozen=True, slots=True)
class ChecklistPlan:
    """What a new checklist holds: the template used and its lines, steps first."""

    template_id: str
    lines: tuple[ChecklistLine, ...]


def _clean(texts: Iterable[str], seen: set[str]) -> list[str]:
    out = []
    for text in texts:
        text = " ".join(text.split())[:TEXT_LIMIT]
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out


def build_checklist(templates: Sequence[Template], tier: str, visit_type: str) -> ChecklistPlan:
    """The checklist of a visit to a ``tier`` customer of ``visit_type``: the template's steps, then its
    materials; blank and repeated lines are left out (a material also listed as a step is kept once,
    as the step)."""
    template = template_for(templates, tier, visit_type)
    if template is None:
        return ChecklistPlan(NO_TEMPLATE, ())
    seen: set[str] = set()
    items = [ChecklistLine(LineKind.ITEM, x) for x in _clean(template.items, seen)]
    materials = [ChecklistLine(LineKind.MATERIAL, x) for x in _clean(template.materials, seen)]
    return ChecklistPlan(template.id, tuple(items + materials))


@dataclass(frozen=True, slots=True)
class ChecklistItemInfo:
    """A stored line of a checklist."""

    id: int
    position: int
    kind: str
    text: str
    done: bool
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class Readiness:
    """How far a checklist is ticked."""

    done: int
    total: int

    @property
    def open(self) -> int:
        return self.total - self.done

    @property
    def ready(self) -> bool:
        """Every line ticked (a checklist with no lines is ready)."""
        return self.open == 0


def readiness(items: Iterable[ChecklistItemInfo]) -> Readiness:
    flags = [i.done for i in items]
    return Readiness(sum(flags), len(flags))


@dataclass(frozen=True, slots=True)
class ChecklistInfo:
    """A visit's checklist as stored: objective, lines, and whether the manager left with lines open."""

    id: int
    planned_visit_id: int
    template_id: str
    objective: str
    left_with_open_items: bool
    items: tuple[ChecklistItemInfo, ...]

    @property
    def readiness(self) -> Readiness:
        return readiness(self.items)

    def of_kind(self, kind: LineKind) -> tuple[ChecklistItemInfo, ...]:
        return tuple(i for i in self.items if i.kind == kind)

    def must_ask_before_leaving(self) -> bool:
        """Leaving with open lines is asked once; after "go anyway" it is not asked again."""
        return not self.readiness.ready and not self.left_with_open_items
