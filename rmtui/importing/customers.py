"""Turning a table of customers into validated records, or a list of problems.

The column mapping says which header holds which field; it is detected from
Chinese or English header names and can be given explicitly. Validation never
writes anything: the caller writes the records only when there are no
problems (or keeps only the good rows when asked to).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from rmtui.domain.opening_hours import parse_opening_hours
from rmtui.errors import InputError
from rmtui.importing.table import Table

# Field → header names recognised for it (compared case-insensitively, spaces removed).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "客户编号", "客户代码", "编号", "客户号", "id", "customer_code", "customerid"),
    "name": ("name", "客户名称", "名称", "客户名", "单位名称", "customer", "customer_name"),
    "address": ("address", "地址", "详细地址", "经营地址", "客户地址"),
    "district": ("district", "区", "区县", "所属区", "行政区"),
    "lat": ("lat", "latitude", "纬度"),
    "lon": ("lon", "lng", "long", "longitude", "经度"),
    "tier": ("tier", "等级", "分级", "客户等级", "客户分级", "级别", "grade", "class"),
    "opening_hours": ("opening_hours", "营业时间", "营业时段", "hours", "opening hours"),
    "visit_minutes": ("visit_minutes", "拜访时长", "拜访分钟", "visit minutes"),
    "contact": ("contact", "联系人", "关键人", "负责人"),
    "phone": ("phone", "电话", "联系电话", "手机", "手机号", "mobile", "tel"),
    "last_visit": ("last_visit", "上次拜访", "最近拜访日期", "上次拜访日期", "last visit", "最近拜访"),
    "territory": ("territory", "片区", "线路", "拜访线路", "route"),
    "notes": ("notes", "备注", "note", "remarks"),
}
REQUIRED = ("code", "name", "tier")


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header).lower()


def detect_mapping(header: tuple[str, ...]) -> dict[str, str]:
    """Field → header for every recognised column."""
    by_norm = {_norm(h): h for h in header if h}
    mapping: dict[str, str] = {}
    for fld, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            if _norm(alias) in by_norm:
                mapping[fld] = by_norm[_norm(alias)]
                break
    return mapping


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a row: where, what value, what is wrong and expected."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        value = f" {self.value!r}" if self.value else ""
        return f"line {self.line}, column {self.column}{value}: {self.message}"


@dataclass(slots=True)
class ValidationReport:
    """Validated records (by code) and the problems found, in file order."""

    records: list[dict] = field(default_factory=list)
    record_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError
    return value


def validate_customers(
    table: Table,
    mapping: Mapping[str, str],
    tiers: set[str],
    tier_aliases: Mapping[str, str],
    today: date,
) -> ValidationReport:
    """Check every row; collect all problems rather than stopping at the first."""
    report = ValidationReport()
    missing = [f for f in REQUIRED if f not in mapping]
    unknown = [f"{f}={h!r}" for f, h in mapping.items() if h not in table.header]
    if unknown:
        raise InputError(f"{table.path}: the mapping names columns the file does not have: {', '.join(unknown)}; "
                         f"the file's columns are: {', '.join(table.header)}", title="Import")
    if missing:
        raise InputError(f"{table.path}: no column found for {', '.join(missing)}; the file's columns are: "
                         f"{', '.join(table.header)}. Rename the headers or give a mapping file", title="Import")
    index = {fld: table.header.index(h) for fld, h in mapping.items()}
    aliases = {_norm(k): v for k, v in tier_aliases.items()}
    seen: dict[str, int] = {}

    for row, line in zip(table.rows, table.line_numbers, strict=True):
        def cell(fld: str, row: tuple[str, ...] = row) -> str:
            i = index.get(fld)
            return row[i].strip() if i is not None and i < len(row) else ""

        problems: list[Problem] = []

        def bad(fld: str, message: str, line: int = line) -> None:
            problems.append(Problem(line, mapping[fld], cell(fld), message))

        rec: dict = {}
        code = cell("code")
        if not code:
            bad("code", "the customer code is empty; every row needs a unique code")
        elif code in seen:
            bad("code", f"duplicate code; already used on line {seen[code]}")
        else:
            seen[code] = line
        rec["code"] = code
        name = cell("name")
        if not name:
            bad("name", "the customer name is empty")
        rec["name"] = name

        raw_tier = cell("tier")
        tier = raw_tier if raw_tier in tiers else aliases.get(_norm(raw_tier))
        if tier is None:
            bad("tier", f"unknown tier; expected one of {', '.join(sorted(tiers))} "
                        f"or an alias from tier_aliases ({', '.join(sorted(tier_aliases))})")
        rec["tier"] = tier

        for fld in ("address", "district", "contact", "phone", "territory", "notes"):
            if fld in index:
                rec[fld] = cell(fld)

        if "lat" in index or "lon" in index:
            lat_t, lon_t = cell("lat"), cell("lon")
            if lat_t or lon_t:
                lat = lon = None
                try:
                    lat = _float(lat_t)
                    if not -90 <= lat <= 90:
                        bad("lat", "latitude out of range; expected a number from -90 to 90")
                except ValueError:
                    bad("lat", "not a number; expected a latitude such as 32.0415" if lat_t
                        else "longitude given without latitude; give both or neither")
                try:
                    lon = _float(lon_t)
                    if not -180 <= lon <= 180:
                        bad("lon", "longitude out of range; expected a number from -180 to 180")
                except ValueError:
                    bad("lon", "not a number; expected a longitude such as 118.7840" if lon_t
                        else "latitude given without longitude; give both or neither")
                rec.update(lat=lat, lon=lon, geo_source="import", geo_quality="exact", geo_datum="wgs84")
            else:
                rec.update(lat=None, lon=None, geo_source="", geo_quality="none")

        if "opening_hours" in index:
            text = cell("opening_hours")
            try:
                rec["opening_hours"] = str(parse_opening_hours(text)) if text else ""
            except InputError as exc:
                bad("opening_hours", str(exc))

        if "visit_minutes" in index:
            text = cell("visit_minutes")
            if text:
                try:
                    minutes = int(text)
                    if not 1 <= minutes <= 480:
                        raise ValueError
                    rec["visit_minutes"] = minutes
                except ValueError:
                    bad("visit_minutes", "expected whole minutes from 1 to 480, or empty for the tier's default")
            else:
                rec["visit_minutes"] = None

        if "last_visit" in index:
            text = cell("last_visit")
            if text:
                try:
                    when = date.fromisoformat(text.replace("/", "-"))
                    if when > today:
                        bad("last_visit", f"the date is in the future (today is {today.isoformat()})")
                    rec["last_visit_imported"] = when
                except ValueError:
                    bad("last_visit", "not a date; expected YYYY-MM-DD, e.g. 2026-11-03")
            else:
                rec["last_visit_imported"] = None

        if problems:
            report.problems.extend(problems)
            report.bad_lines.add(line)
        else:
            report.records.append(rec)
            report.record_lines.append(line)
    return report
