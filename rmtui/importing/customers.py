"""Turning a table of customers into validated records, or a list of problems.

Validation never writes anything: every row is checked and every problem
collected (line, column header as in the file, value, and a message key with
its values saying what is wrong and what is expected — worded later in the
reader's language, see ``rmtui.importing.problem``); the caller writes the
records only when there are none (or keeps only the good rows when asked
to). Warnings do not block a row: coordinates outside the service area are
imported as *approximate*, so the customer is listed as needing a confirmed
location instead of being routed to the wrong place.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from rmtui.config import Settings
from rmtui.domain.opening_hours import OpeningHoursError, parse_opening_hours
from rmtui.geo.area import ServiceArea
from rmtui.geo.datum import Datum, to_wgs84
from rmtui.importing.hours_zh import to_osm_hours
from rmtui.importing.mapping import mapping_problems, normalise_header
from rmtui.importing.problem import ByLocale, ImportFileError, Items, Message, Problem
from rmtui.importing.table import Table

__all__ = ["ImportRules", "Problem", "ValidationReport", "area_message", "hours_message", "parse_date",
           "validate_customers"]

TEXT_FIELDS = ("address", "district", "contact", "phone", "territory", "notes")
# What Excel writes into a CSV for a long number in a "General" column: the digits are gone.
_EXCEL_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?[eE]\+\d+$")
EXCEL_DIGITS_LOST = Message("import_problem.excel_digits")


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
    names_both: tuple[str, ...] = ()
    """The tiers' Chinese and English names (核心客户, Core …), for messages."""
    names_zh: tuple[str, ...] = ()
    """The tiers' Chinese names (核心客户 …), for messages to a Chinese reader."""
    aliases: tuple[str, ...] = ()
    """The configured aliases (A, 核心 …) that are not already a tier's name, for messages."""

    @classmethod
    def from_settings(cls, s: Settings, *, datum: Datum = "wgs84") -> ImportRules:
        names: dict[str, str] = {}
        for t in s.tiers:
            for name in (t.id, t.name_zh, t.name_en):
                names.setdefault(normalise_header(name), t.id)
        for alias, tier_id in s.tier_aliases.items():
            names[normalise_header(alias)] = tier_id
        both = tuple(dict.fromkeys(n for t in s.tiers for n in (t.name_zh, t.name_en)))
        return cls(tuple(t.id for t in s.tiers), names, datum, ServiceArea.from_settings(s.geocoding.service_area),
                   both, tuple(t.name_zh for t in s.tiers), tuple(a for a in s.tier_aliases if a not in both))

    def tier(self, text: str) -> str | None:
        return self.tier_names.get(normalise_header(text)) if text else None

    def tier_problem(self, raw: str) -> Message:
        """Why ``raw`` is not a tier, with the accepted names (the Chinese ones for a Chinese reader)."""
        main = ByLocale(zh="/".join(self.names_zh), en=", ".join(self.names_both))
        if self.aliases:
            names = Message("import_problem.tier.names", main=main,
                            others=ByLocale(zh="/".join(self.aliases), en=", ".join(self.aliases)))
        else:
            names = Message("import_problem.tier.names_only", main=main)
        return Message("import_problem.tier.unknown" if raw else "import_problem.tier.empty",
                       ids=ByLocale(zh="/".join(self.tier_ids), en=", ".join(self.tier_ids)), names=names)


def area_message(area: ServiceArea) -> Message:
    """The service area in words (a box, a circle, or both)."""
    box = circle = None
    if area.bbox is not None:
        south, west, north, east = area.bbox
        box = Message("import_problem.area.box", south=south, west=west, north=north, east=east)
    if area.circle is not None:
        lat, lon, km = area.circle
        circle = Message("import_problem.area.circle", lat=lat, lon=lon, km=km)
    if box and circle:
        return Message("import_problem.area.both", box=box, circle=circle)
    return box or circle or Message("import_problem.area.anywhere")


_CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def hours_message(error: OpeningHoursError) -> Message:
    """An opening-hours text the parser rejected: what is wrong there and what was expected.

    Chinese words the rewriting did not understand reach the parser as single
    unexpected characters; the whole word is quoted (周八, not 周).
    """
    values = dict(error.values)
    word = _CJK_RUN.match(error.text, error.position) if error.code == "unexpected" else None
    if word and _CJK_RUN.fullmatch(values.get("token", "")):
        values["token"] = word.group()
    return Message("import_problem.hours",
                   problem=Message(f"import_problem.hours.problem.{error.code}", **values),
                   expected=Message(f"import_problem.hours.expected.{error.expected}", **values))


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
        self._seen: dict[str, tuple[str, Message | None]] = {}

    def __call__(self, text: str) -> tuple[str, Message | None]:
        """(normalised hours, what is wrong or None)."""
        found = self._seen.get(text)
        if found is None:
            try:
                found = (str(parse_opening_hours(to_osm_hours(text))), None)
            except OpeningHoursError as exc:
                found = ("", hours_message(exc))
            self._seen[text] = found
        return found


def validate_customers(table: Table, mapping: Mapping[str, str], rules: ImportRules,
                       today: date) -> ValidationReport:
    """Check every row; collect all problems rather than stopping at the first."""
    problems = mapping_problems(table, mapping)
    if problems:
        raise ImportFileError(Message("import_problem.in_file", path=table.path,
                                      problem=Items.of(problems, "clauses")))
    report = ValidationReport()
    index = {fld: table.header.index(h) for fld, h in mapping.items()}
    hours = _Hours()
    seen: dict[str, int] = {}

    for row, line in zip(table.rows, table.line_numbers, strict=True):
        def cell(fld: str, row: tuple[str, ...] = row) -> str:
            i = index.get(fld)
            return row[i].strip() if i is not None and i < len(row) else ""

        row_problems: list[Problem] = []

        def bad(fld: str, message: Message, line: int = line) -> None:
            row_problems.append(Problem(line, mapping[fld], cell(fld), message))

        rec: dict = {}
        code = cell("code")
        if not code:
            bad("code", Message("import_problem.code.empty"))
        elif _EXCEL_SCIENTIFIC.match(code):
            bad("code", EXCEL_DIGITS_LOST)
        elif code in seen:
            bad("code", Message("import_problem.code.duplicate", first_line=seen[code]))
        else:
            seen[code] = line
        rec["code"] = code
        name = cell("name")
        if not name:
            bad("name", Message("import_problem.name.empty"))
        rec["name"] = name

        raw_tier = cell("tier")
        tier = rules.tier(raw_tier)
        if tier is None:
            bad("tier", rules.tier_problem(raw_tier))
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
            normalised, error = hours(text) if text else ("", None)
            if error is not None:
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
                    bad("visit_minutes", Message("import_problem.visit_minutes.invalid"))

        if "last_visit" in index:
            text = cell("last_visit")
            rec["last_visit_imported"] = None
            if text:
                try:
                    when = parse_date(text)
                    if when > today:
                        bad("last_visit", Message("import_problem.last_visit.future", today=today.isoformat()))
                    rec["last_visit_imported"] = when
                except ValueError:
                    bad("last_visit", Message("import_problem.last_visit.not_date"))

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
        bad("lat", Message("import_problem.lat.not_number" if lat_t else "import_problem.lat.missing"))
    try:
        lon = _float(lon_t)
    except ValueError:
        bad("lon", Message("import_problem.lon.not_number" if lon_t else "import_problem.lon.missing"))
    if lat is None or lon is None:
        return
    if not -90 <= lat <= 90:
        if -90 <= lon <= 90:
            bad("lat", Message("import_problem.coords.swapped", lat=f"{lat:g}", lon=f"{lon:g}"))
        else:
            bad("lat", Message("import_problem.lat.range"))
        return
    if not -180 <= lon <= 180:
        bad("lon", Message("import_problem.lon.range"))
        return
    if lat == 0 and lon == 0:
        bad("lat", Message("import_problem.coords.zero"))
        return
    wgs_lat, wgs_lon = to_wgs84(lat, lon, rules.datum)
    quality = "exact"
    if not rules.area.contains(wgs_lat, wgs_lon):
        quality = "approximate"
        swapped = rules.area.contains(lon, lat)
        warn(Message("import_problem.coords.outside_swapped" if swapped else "import_problem.coords.outside",
                     area=area_message(rules.area)))
    rec.update(lat=round(wgs_lat, 7), lon=round(wgs_lon, 7), geo_source="import", geo_quality=quality,
               geo_datum=rules.datum)
