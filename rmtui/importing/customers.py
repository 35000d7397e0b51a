"""Turning a table of customers into validated records, or a list of problems.

Validation never writes anything: every row is checked and every problem
collected (line, column, value, what is wrong and what is expected); the
caller writes the records only when there are none (or keeps only the good
rows when asked to). Warnings do not block a row: coordinates outside the
service area are imported as *approximate*, so the customer is listed as
needing a confirmed location instead of being routed to the wrong place.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from rmtui.config import Settings
from rmtui.domain.opening_hours import parse_opening_hours
from rmtui.errors import InputError
from rmtui.geo.area import ServiceArea
from rmtui.geo.datum import Datum, to_wgs84
from rmtui.importing.hours_zh import to_osm_hours
from rmtui.importing.mapping import mapping_problems, normalise_header
from rmtui.importing.table import Table

TEXT_FIELDS = ("address", "district", "contact", "phone", "territory", "notes")
# What Excel writes into a CSV for a long number in a "General" column: the digits are gone.
_EXCEL_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?[eE]\+\d+$")
EXCEL_DIGITS_LOST = ("Excel wrote this long number in scientific notation and dropped digits; in Excel format "
                     "the column as Text (文本), re-enter or re-export the values and save again")


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
    """Validated records (in file order), the problems and warnings found."""

    records: list[dict] = field(default_factory=list)
    record_lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ImportRules:
    """What a valid row is, from the settings: tiers and their names, the datum, the service area."""

    tier_ids: tuple[str, ...]
    tier_names: Mapping[str, str]
    """Normalised tier id, Chinese or English name, or configured alias → tier id."""
    datum: Datum = "wgs84"
    area: ServiceArea = ServiceArea()
    known_names: tuple[str, ...] = ()
    """The accepted tier names as written in the settings, for messages."""

    @classmethod
    def from_settings(cls, s: Settings, *, datum: Datum = "wgs84") -> ImportRules:
        names: dict[str, str] = {}
        shown: list[str] = []
        for t in s.tiers:
            for name in (t.id, t.name_zh, t.name_en):
                names.setdefault(normalise_header(name), t.id)
            shown.extend((t.name_zh, t.name_en))
        for alias, tier_id in s.tier_aliases.items():
            names[normalise_header(alias)] = tier_id
            shown.append(alias)
        return cls(tuple(t.id for t in s.tiers), names, datum,
                   ServiceArea.from_settings(s.geocoding.service_area), tuple(dict.fromkeys(shown)))

    def tier(self, text: str) -> str | None:
        return self.tier_names.get(normalise_header(text)) if text else None

    def tier_help(self) -> str:
        return f"expected one of {', '.join(self.tier_ids)} or a name for one ({', '.join(self.known_names)})"


def _float(text: str) -> float:
    value = float(unicodedata.normalize("NFKC", text).strip())  # full-width digits too
    if not math.isfinite(value):
        raise ValueError
    return value


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


def parse_date(text: str) -> date:
    """``2026-11-03``, ``2026/11/3``, ``2026.11.03``, ``2026年11月3日``, ``20261103`` (a time part is ignored)."""
    m = _DATE.match(text.strip())
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if re.fullmatch(r"\d{8}", text.strip()):
        t = text.strip()
        return date(int(t[:4]), int(t[4:6]), int(t[6:]))
    raise ValueError(text)


class _Hours:
    """Opening-hours parsing, remembered per distinct text (a book repeats a few patterns)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}

    def __call__(self, text: str) -> tuple[str, str]:
        """(normalised hours, error message or "")."""
        found = self._seen.get(text)
        if found is None:
            try:
                found = (str(parse_opening_hours(to_osm_hours(text))), "")
            except InputError as exc:
                found = ("", str(exc))
            self._seen[text] = found
        return found


def validate_customers(table: Table, mapping: Mapping[str, str], rules: ImportRules,
                       today: date) -> ValidationReport:
    """Check every row; collect all problems rather than stopping at the first."""
    problems = mapping_problems(table, mapping)
    if problems:
        raise InputError(f"{table.path}: " + "; ".join(problems), title="Import")
    report = ValidationReport()
    index = {fld: table.header.index(h) for fld, h in mapping.items()}
    hours = _Hours()
    seen: dict[str, int] = {}

    for row, line in zip(table.rows, table.line_numbers, strict=True):
        def cell(fld: str, row: tuple[str, ...] = row) -> str:
            i = index.get(fld)
            return row[i].strip() if i is not None and i < len(row) else ""

        row_problems: list[Problem] = []

        def bad(fld: str, message: str, line: int = line) -> None:
            row_problems.append(Problem(line, mapping[fld], cell(fld), message))

        rec: dict = {}
        code = cell("code")
        if not code:
            bad("code", "the customer code is empty; every row needs a unique code")
        elif _EXCEL_SCIENTIFIC.match(code):
            bad("code", EXCEL_DIGITS_LOST)
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
        tier = rules.tier(raw_tier)
        if tier is None:
            bad("tier", ("the tier is empty; " if not raw_tier else "unknown tier; ") + rules.tier_help()
                + " — add other names under tier_aliases in the configuration")
        rec["tier"] = tier

        for fld in TEXT_FIELDS:
            if fld in index:
                rec[fld] = cell(fld)
        if _EXCEL_SCIENTIFIC.match(rec.get("phone", "")):
            report.warnings.append(Problem(line, mapping["phone"], rec["phone"], EXCEL_DIGITS_LOST))

        if "lat" in index or "lon" in index:
            _coordinates(cell("lat"), cell("lon"), rules, rec, bad,
                         lambda message, line=line: report.warnings.append(
                             Problem(line, f"{mapping.get('lat', '?')}/{mapping.get('lon', '?')}",
                                     f"{cell('lat')},{cell('lon')}", message)))

        if "opening_hours" in index:
            text = cell("opening_hours")
            normalised, error = hours(text) if text else ("", "")
            if error:
                bad("opening_hours", error)
            else:
                rec["opening_hours"] = normalised

        if "visit_minutes" in index:
            text = cell("visit_minutes")
            rec["visit_minutes"] = None
            if text:
                try:
                    minutes = int(float(text))
                    if not 1 <= minutes <= 480 or minutes != float(text):
                        raise ValueError
                    rec["visit_minutes"] = minutes
                except ValueError:
                    bad("visit_minutes", "expected whole minutes from 1 to 480, or empty for the tier's default")

        if "last_visit" in index:
            text = cell("last_visit")
            rec["last_visit_imported"] = None
            if text:
                try:
                    when = parse_date(text)
                    if when > today:
                        bad("last_visit", f"the date is in the future (today is {today.isoformat()})")
                    rec["last_visit_imported"] = when
                except ValueError:
                    bad("last_visit", "not a date; expected YYYY-MM-DD, e.g. 2026-11-03 (2026/11/3 and "
                                      "2026年11月3日 work too)")

        if row_problems:
            report.problems.extend(row_problems)
            report.bad_lines.add(line)
        else:
            report.records.append(rec)
            report.record_lines.append(line)
    return report


def _coordinates(lat_t: str, lon_t: str, rules: ImportRules, rec: dict, bad, warn) -> None:
    """Check a latitude/longitude pair and put it on ``rec`` (nothing when both are empty)."""
    if not lat_t and not lon_t:
        return  # no location in the file: an existing one is kept, a new customer gets none
    lat = lon = None
    try:
        lat = _float(lat_t)
    except ValueError:
        bad("lat", "not a number; expected decimal degrees such as 32.0415" if lat_t
            else "longitude given without latitude; give both or neither")
    try:
        lon = _float(lon_t)
    except ValueError:
        bad("lon", "not a number; expected decimal degrees such as 118.7840" if lon_t
            else "latitude given without longitude; give both or neither")
    if lat is None or lon is None:
        return
    if not -90 <= lat <= 90:
        if -90 <= lon <= 90:
            bad("lat", f"latitude and longitude look swapped ({lat:g} cannot be a latitude, {lon:g} can); "
                       "swap the two columns or the mapping")
        else:
            bad("lat", "latitude out of range; expected a number from -90 to 90")
        return
    if not -180 <= lon <= 180:
        bad("lon", "longitude out of range; expected a number from -180 to 180")
        return
    if lat == 0 and lon == 0:
        bad("lat", "0,0 is not a location; leave both cells empty when the location is unknown")
        return
    wgs_lat, wgs_lon = to_wgs84(lat, lon, rules.datum)
    quality = "exact"
    if not rules.area.contains(wgs_lat, wgs_lon):
        quality = "approximate"
        hint = " (are latitude and longitude swapped?)" if rules.area.contains(lon, lat) else ""
        warn(f"outside the service area ({rules.area.describe()}){hint}; imported as approximate — the "
             "customer is listed as needing a confirmed location and is not routed")
    rec.update(lat=round(wgs_lat, 7), lon=round(wgs_lon, 7), geo_source="import", geo_quality=quality,
               geo_datum=rules.datum)
