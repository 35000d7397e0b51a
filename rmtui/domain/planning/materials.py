"""What to take on the day's visits: checklist templates by tier and visit type.

The settings hold pre-visit checklist templates (``checklists`` in
``config.yaml``); each visit uses the first template that names its tier
(or names none) and its visit type. The day's materials are the union of
the templates' materials, counted per visit, so the manager packs three
brochures for three visits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


class Template(Protocol):
    """A checklist template as the settings define it."""

    id: str
    tiers: Sequence[str]
    visit_types: Sequence[str]
    items: Sequence[str]
    materials: Sequence[str]


@dataclass(frozen=True, slots=True)
class Material:
    """One thing to pack, how many, and for which customers."""

    item: str
    count: int
    for_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Checklist:
    """The checklist of one visit: the template used, steps to tick and materials."""

    template_id: str
    items: tuple[str, ...]
    materials: tuple[str, ...]


def template_for(templates: Iterable[Template], tier: str, visit_type: str) -> Template | None:
    """The first template that applies to ``tier`` and ``visit_type``, or None."""
    for t in templates:
        if (not t.tiers or tier in t.tiers) and visit_type in t.visit_types:
            return t
    return None


def checklist_for(templates: Iterable[Template], tier: str, visit_type: str) -> Checklist | None:
    t = template_for(templates, tier, visit_type)
    return None if t is None else Checklist(t.id, tuple(t.items), tuple(t.materials))


def gather_materials(visits: Iterable[tuple[str, str, str]], templates: Sequence[Template]) -> list[Material]:
    """Materials for visits given as (customer code, tier, visit type), in first-needed order."""
    counts: dict[str, list[str]] = {}
    for code, tier, visit_type in visits:
        t = template_for(templates, tier, visit_type)
        for m in t.materials if t else ():
            counts.setdefault(m, []).append(code)
    return [Material(m, len(codes), tuple(codes)) for m, codes in counts.items()]
