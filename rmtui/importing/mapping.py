"""The column mapping: which column of a customer file holds which field.

Detected from Chinese or English header names (``客户名称`` / ``名称`` /
``name``, ``经度`` / ``lng`` / ``lon`` …); headers are compared without case,
spaces, ``_``/``-`` and bracketed notes, so ``纬度（WGS-84）`` is a latitude.
A bracketed note naming a map datum (``经度(高德)``, ``lng_bd09``) tells which
datum the coordinates are in. A mapping file (YAML ``field: header``) can say
it explicitly.

Sheets exported by bank and company systems often start with a title row;
``locate_header`` finds the real header among the first rows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from rmtui.geo.datum import Datum
from rmtui.importing.problem import ByLocale, Items, Message, in_file
from rmtui.importing.table import Table

# Field → header names recognised for it (first match wins).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "客户编号", "客户代码", "客户编码", "编号", "编码", "客户号", "客户id", "商户编号",
             "许可证号", "专卖许可证号", "id", "customer_code", "customerid"),
    "name": ("name", "客户名称", "名称", "客户名", "单位名称", "企业名称", "公司名称", "商户名称", "门店名称",
             "店名", "户名", "customer", "customer_name"),
    "address": ("address", "地址", "详细地址", "经营地址", "客户地址", "门店地址", "地址信息", "办公地址",
                "公司地址", "单位地址", "通讯地址", "联系地址", "注册地址", "住址", "家庭住址"),
    "district": ("district", "区", "区县", "所属区", "所属区县", "行政区", "区域"),
    "lat": ("lat", "latitude", "纬度"),
    "lon": ("lon", "lng", "long", "longitude", "经度"),
    "tier": ("tier", "等级", "分级", "客户等级", "客户分级", "级别", "客户级别", "grade", "class"),
    "opening_hours": ("opening_hours", "营业时间", "营业时段", "经营时间", "hours", "opening hours"),
    "visit_minutes": ("visit_minutes", "拜访时长", "拜访分钟", "visit minutes"),
    "contact": ("contact", "联系人", "联系人姓名", "关键人", "负责人", "法人", "法人代表", "店主"),
    "phone": ("phone", "电话", "联系电话", "手机", "手机号", "手机号码", "联系方式", "mobile", "tel"),
    "last_visit": ("last_visit", "上次拜访", "最近拜访日期", "上次拜访日期", "最近拜访", "最后拜访日期",
                   "last visit"),
    "territory": ("territory", "片区", "所属片区", "线路", "拜访线路", "网格", "route"),
    "notes": ("notes", "备注", "说明", "note", "remarks"),
}
REQUIRED = ("code", "name", "tier")
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "code": ("客户编号", "code"), "name": ("客户名称", "name"), "address": ("地址", "address"),
    "district": ("区县", "district"), "lat": ("纬度", "latitude"), "lon": ("经度", "longitude"),
    "tier": ("客户等级", "tier"), "opening_hours": ("营业时间", "opening hours"),
    "visit_minutes": ("拜访时长（分钟）", "visit minutes"), "contact": ("联系人", "contact"),
    "phone": ("电话", "phone"), "last_visit": ("上次拜访日期", "last visit"), "territory": ("片区", "territory"),
    "notes": ("备注", "notes"),
}
"""How each field is named to the user (zh, en): for the mapping editor and messages."""


def field_name(fld: str) -> ByLocale:
    """A field in a message: its Chinese label for a Chinese reader, its id (as in a mapping file) otherwise."""
    zh = FIELD_LABELS[fld][0] if fld in FIELD_LABELS else fld
    return ByLocale(zh=zh, en=fld)

_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_DATUM_HINTS: tuple[tuple[str, Datum], ...] = (
    ("bd09", "bd09"), ("百度", "bd09"), ("baidu", "bd09"),
    ("gcj", "gcj02"), ("高德", "gcj02"), ("火星", "gcj02"), ("腾讯", "gcj02"), ("amap", "gcj02"),
    ("gaode", "gcj02"), ("wgs", "wgs84"), ("gps", "wgs84"),
)
HEADER_SEARCH_ROWS = 10


def normalise_header(header: str) -> str:
    """Compare headers without case, spaces, ``_``/``-`` and bracketed notes."""
    text = _BRACKETS.sub("", header)
    text = re.sub(r"(?i)[_\-\s]*(bd09|gcj0?2|wgs0?84)$", "", text)
    return re.sub(r"[\s_\-:：]+", "", text).lower()


def detect_mapping(header: tuple[str, ...]) -> dict[str, str]:
    """Field → header for every recognised column."""
    by_norm: dict[str, str] = {}
    for h in header:
        if h:
            by_norm.setdefault(normalise_header(h), h)
    mapping: dict[str, str] = {}
    for fld, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            found = by_norm.get(normalise_header(alias))
            if found is not None and found not in mapping.values():
                mapping[fld] = found
                break
    return mapping


def datum_hint(mapping: Mapping[str, str]) -> Datum | None:
    """The datum named in the latitude/longitude headers (``经度(百度)`` → bd09), if any."""
    text = " ".join(mapping.get(f, "") for f in ("lat", "lon")).lower()
    for needle, datum in _DATUM_HINTS:
        if needle in text:
            return datum
    return None


def locate_header(table: Table, mapping: Mapping[str, str] | None = None) -> Table:
    """The table with its real header row: a title row above the header is skipped.

    With a ``mapping``, the header is the first row holding all its columns;
    without, the row in which most fields are recognised.
    """
    if mapping:
        wanted = set(mapping.values())
        if wanted <= set(table.header):
            return table
        for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            if wanted <= set(row):
                return table.with_header_at(i)
        return table
    best_index, best_score = -1, len(detect_mapping(table.header))
    if all(f in detect_mapping(table.header) for f in REQUIRED):
        return table
    for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        score = len(detect_mapping(row))
        if score > best_score and score >= 2:
            best_index, best_score = i, score
    return table.with_header_at(best_index) if best_index >= 0 else table


def mapping_problems(table: Table, mapping: Mapping[str, str]) -> list[Message]:
    """What stops a mapping from being used with this file (empty when it is usable)."""
    problems = []
    columns = Items.of(h for h in table.header if h)
    unknown = [Message("import_problem.mapping.pair", field=field_name(f), header=h)
               for f, h in mapping.items() if h not in table.header]
    if unknown:
        problems.append(Message("import_problem.mapping.unknown_columns", pairs=Items.of(unknown), columns=columns))
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        problems.append(Message("import_problem.mapping.missing", fields=Items.of(field_name(f) for f in missing),
                                columns=columns, headers=Items.of(FIELD_LABELS[f][0] for f in missing)))
    used: dict[str, str] = {}
    for fld, h in mapping.items():
        if h in used:
            problems.append(Message("import_problem.mapping.twice", header=h, first=field_name(used[h]),
                                    second=field_name(fld)))
        used[h] = fld
    return problems


def unmapped_columns(table: Table, mapping: Mapping[str, str]) -> list[str]:
    """Columns of the file that no field takes (they are ignored)."""
    taken = set(mapping.values())
    return [h for h in table.header if h and h not in taken]


def header_signature(header: tuple[str, ...]) -> str:
    """A short key for a header layout (column order ignored) to remember its mapping."""
    names = sorted({h.strip() for h in header if h.strip()})
    return hashlib.sha1("\x1f".join(names).encode("utf-8")).hexdigest()[:16]


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file: YAML ``field: header``, e.g. ``name: 客户名称``."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise in_file(p, "import_problem.mapping_file.unreadable", reason=exc.strerror) from None
    except UnicodeDecodeError:
        raise in_file(p, "import_problem.mapping_file.encoding") from None
    except yaml.YAMLError as exc:
        raise in_file(p, "import_problem.mapping_file.yaml", reason=str(exc)) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise in_file(p, "import_problem.mapping_file.shape")
    unknown = [k for k in data if k not in HEADER_ALIASES]
    if unknown:
        known = Items.of(ByLocale(zh=f"{f}（{_BRACKETS.sub('', FIELD_LABELS[f][0])}）", en=f) for f in HEADER_ALIASES)
        raise in_file(p, "import_problem.mapping_file.unknown_fields", fields=Items.of(unknown), known=known)
    return {k: v.strip() for k, v in data.items()}


def dump_mapping(mapping: Mapping[str, str]) -> str:
    """A mapping as the YAML a mapping file holds."""
    return yaml.safe_dump(dict(mapping), allow_unicode=True, sort_keys=False)
