"""Opening hours written the Chinese way, rewritten into rmtui's OSM subset.

Customer lists say ``周一至周五 9:00-18:00，周六 9:00-12:00，周日休息`` or
``每天8点到22点`` or ``24小时营业``. ``to_osm_hours`` rewrites such text into
``Mo-Fr 09:00-18:00; Sa 09:00-12:00; Su off`` for
``rmtui.domain.opening_hours``; text it cannot rewrite is passed on and the
parser's error names the problem. Text without Chinese characters is
returned unchanged.
"""

from __future__ import annotations

import re

_DAYS = {"一": "Mo", "二": "Tu", "三": "We", "四": "Th", "五": "Fr", "六": "Sa", "日": "Su", "天": "Su",
         "1": "Mo", "2": "Tu", "3": "We", "4": "Th", "5": "Fr", "6": "Sa", "7": "Su"}
_DAY = r"(?:周|星期|礼拜)([一二三四五六日天1-7])"
_DAY_TOKEN = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _hour(match: re.Match, pm: bool) -> str:
    hours = int(match.group(1))
    minutes = match.group(2)
    if pm and hours < 12:
        hours += 12
    return f"{hours:02d}:{minutes}"


def _times(text: str) -> str:
    # 9点半 → 9:30, 9点 → 9:00, 9时 → 9:00
    text = re.sub(r"(\d{1,2})\s*[点時时]\s*半", r"\1:30", text)
    text = re.sub(r"(\d{1,2})\s*[点時时]\s*(\d{1,2})\s*分?", lambda m: f"{m.group(1)}:{int(m.group(2)):02d}", text)
    text = re.sub(r"(\d{1,2})\s*[点時时]", r"\1:00", text)
    # 下午/晚上 2:00 → 14:00 (only for the times that follow the word, up to the next separator)
    def afternoon(m: re.Match) -> str:
        return re.sub(r"(\d{1,2}):(\d{2})", lambda t: _hour(t, pm=True), m.group(1))

    text = re.sub(r"(?:下午|晚上|傍晚)\s*([\d:\s\-]+)", afternoon, text)
    text = re.sub(r"(?:上午|早上|早晨|中午|白天)\s*", "", text)
    return text


def to_osm_hours(text: str) -> str:
    """Rewrite Chinese opening hours into the OSM subset; other text is returned unchanged."""
    if not text or not _CJK.search(text):
        return text
    s = text.strip()
    s = s.replace("：", ":").replace("～", "-").replace("~", "-").replace("—", "-").replace("－", "-")
    s = s.replace("–", "-").replace("，", ",").replace("；", ";").replace("、", ",").replace("　", " ")
    if re.fullmatch(r"(?:全天|24\s*小时)(?:营业)?|全天候|24/7", s):
        return "24/7"
    s = re.sub(r"(?:法定)?节假日", " PH ", s)
    s = re.sub(r"(?:每天|每日|天天|全周|全年|周一至周日|周一到周日)", " Mo-Su ", s)
    s = re.sub(r"工作日", " Mo-Fr ", s)
    s = re.sub(r"周末|双休日", " Sa,Su ", s)
    s = re.sub(_DAY, lambda m: f" {_DAYS[m.group(1)]} ", s)
    s = re.sub(r"(?:休息|不营业|休业|闭店|关门|休)", " off ", s)
    s = re.sub(r"营业(?:时间)?[:]?", " ", s)
    s = _times(s)
    # Bare hours: 9-18 → 9:00-18:00
    s = re.sub(r"(?<![\d:])(\d{1,2})\s*(?:至|到|-)\s*(\d{1,2})(?![\d:])", r"\1:00-\2:00", s)
    s = re.sub(rf"({_DAY_TOKEN})\s*(?:至|到|-)\s*({_DAY_TOKEN})", r"\1-\2", s)
    s = re.sub(r"(\d{1,2}:\d{2})\s*(?:至|到|-)\s*(\d{1,2}:\d{2})", r"\1-\2", s)
    # Two ranges side by side (上午… 下午…) belong to the same days.
    s = re.sub(r"(\d{1,2}:\d{2}-\d{1,2}:\d{2})\s+(?=\d{1,2}:\d{2}-)", r"\1,", s)
    # A new rule starts at a day after a time or after 'off': separate rules with ';'.
    s = re.sub(rf"(\d|off)\s*[,\s]\s*(?={_DAY_TOKEN}\b)", r"\1; ", s)
    s = re.sub(r"\s*,\s*", ",", s)
    s = re.sub(r"\s*;\s*", "; ", s)
    s = re.sub(r"\s+", " ", s).strip(" ;,")
    if s.startswith("Mo-Su "):
        s = s[len("Mo-Su "):] if ";" not in s else s
    if "off" in s and not re.search(r"\d:\d{2}|24/7", s):
        # Only closing days (周二休息): open on the other days, hours not given.
        s = f"24/7; {s}"
    return s
