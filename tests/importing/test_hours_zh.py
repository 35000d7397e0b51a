"""Chinese opening hours rewritten into the OSM subset the planner reads."""

from __future__ import annotations

import pytest

from rmtui.domain.opening_hours import parse_opening_hours
from rmtui.importing.hours_zh import to_osm_hours


@pytest.mark.parametrize(("text", "expected"), [
    ("周一至周五 9:00-18:00，周六 9:00-12:00，周日休息", "Mo-Fr 09:00-18:00; Sa 09:00-12:00; Su off"),
    ("每天8点到22点", "Mo-Su 08:00-22:00"),
    ("24小时营业", "24/7"),
    ("全天", "24/7"),
    ("周一到周六 上午9:00-12:00 下午2:00-6:00", "Mo-Sa 09:00-12:00,14:00-18:00"),
    ("周一至周五9:00-12:00、13:30-17:30", "Mo-Fr 09:00-12:00,13:30-17:30"),
    ("8:30～21:30", "Mo-Su 08:30-21:30"),
    ("星期一至星期日 08:00-20:00", "Mo-Su 08:00-20:00"),
    ("周一至周五 09:00-17:00；节假日休息", "Mo-Fr 09:00-17:00; PH off"),
    ("9点半-18点", "Mo-Su 09:30-18:00"),
    ("工作日 9-18", "Mo-Fr 09:00-18:00"),
    ("工作日 9:00-18:00，周末 10:00-16:00", "Mo-Fr 09:00-18:00; Sa,Su 10:00-16:00"),
    ("周二休息", "24/7; Tu off"),
    ("营业时间：周一至周六 8:00-20:00", "Mo-Sa 08:00-20:00"),
])
def test_chinese_hours(text, expected):
    assert str(parse_opening_hours(to_osm_hours(text))) == expected


@pytest.mark.parametrize("text", ["", "Mo-Fr 09:00-18:00", "24/7"])
def test_text_without_chinese_is_unchanged(text):
    assert to_osm_hours(text) == text
