"""The pre-visit checklist: template choice, lines, readiness."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from rmtui.config import ChecklistTemplate, Settings
from rmtui.domain.checklists import (
    NO_TEMPLATE,
    TEXT_LIMIT,
    ChecklistInfo,
    ChecklistItemInfo,
    LineKind,
    build_checklist,
    readiness,
)

DEFAULTS = Settings().checklists


def test_core_service_visit_uses_the_core_template_steps_then_materials():
    plan = build_checklist(DEFAULTS, "core", "service")
    assert plan.template_id == "core_service"
    kinds = [line.kind for line in plan.lines]
    assert kinds == sorted(kinds, key=lambda k: k != LineKind.ITEM)  # steps first
    assert plan.lines[0].text == "提前一天确认预约"
    assert [x.text for x in plan.lines if x.kind == LineKind.MATERIAL] == ["产品宣传册", "小礼品", "业务申请表"]


def test_special_visit_of_any_tier_uses_the_special_template():
    for tier in ("core", "regular", "potential"):
        assert build_checklist(DEFAULTS, tier, "special").template_id == "special"


def test_first_fitting_template_wins_and_empty_tiers_mean_every_tier():
    templates = [ChecklistTemplate(id="vip", tiers=["core"], items=["a"]),
                 ChecklistTemplate(id="all", items=["b"], materials=["m"])]
    assert build_checklist(templates, "core", "service").template_id == "vip"
    assert build_checklist(templates, "regular", "service").template_id == "all"


def test_no_fitting_template_gives_an_empty_checklist():
    templates = [ChecklistTemplate(id="vip", tiers=["core"], visit_types=["special"], items=["a"])]
    plan = build_checklist(templates, "regular", "service")
    assert plan.template_id == NO_TEMPLATE and plan.lines == ()


def test_blank_and_repeated_lines_are_left_out():
    templates = [ChecklistTemplate(id="t", items=["带名片", "  ", "带名片", "核对  路线"],
                                   materials=["带名片", "宣传册"])]
    plan = build_checklist(templates, "core", "service")
    assert [(x.kind, x.text) for x in plan.lines] == [
        (LineKind.ITEM, "带名片"), (LineKind.ITEM, "核对 路线"), (LineKind.MATERIAL, "宣传册")]


texts = st.lists(st.text(min_size=0, max_size=400), max_size=8)


@given(items=texts.filter(lambda xs: any(x.strip() for x in xs)), materials=texts,
       tier=st.sampled_from(["core", "regular", "x"]), visit_type=st.sampled_from(["service", "special"]))
def test_lines_are_unique_nonblank_bounded_and_from_the_template(items, materials, tier, visit_type):
    tpl = ChecklistTemplate(id="t", items=items, materials=materials)
    plan = build_checklist([tpl], tier, visit_type)
    got = [x.text for x in plan.lines]
    assert len(got) == len(set(got))
    assert all(x and len(x) <= TEXT_LIMIT and x == x.strip() for x in got)
    normal = {" ".join(x.split())[:TEXT_LIMIT] for x in items + materials}
    assert set(got) <= normal
    # every distinct non-blank step of the template is there, as a step
    steps = {" ".join(x.split())[:TEXT_LIMIT] for x in items if x.strip()}
    assert steps == {x.text for x in plan.lines if x.kind == LineKind.ITEM}


def _item(k: int, done: bool) -> ChecklistItemInfo:
    return ChecklistItemInfo(k, k, "item", f"line {k}", done, datetime(2026, 11, 24, 8, 0) if done else None)


@given(st.lists(st.booleans(), max_size=20), st.booleans())
def test_readiness_counts_and_asking_before_leaving(flags, left_before):
    items = tuple(_item(k, f) for k, f in enumerate(flags))
    r = readiness(items)
    assert (r.done, r.total, r.open) == (sum(flags), len(flags), len(flags) - sum(flags))
    assert r.ready == all(flags)
    info = ChecklistInfo(1, 1, "t", "", left_before, items)
    assert info.must_ask_before_leaving() == (not all(flags) and not left_before)
