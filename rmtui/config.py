"""Settings: one strict, typed model loaded from ``config.yaml``.

Structure and types are checked by pydantic (``extra="forbid"`` everywhere so
a misspelt key is an error, not a silently ignored line); rules that span
several keys (lunch inside the day, tiers referenced by checklists) are
checked afterwards in ``_check_rules``. Every failure becomes one
``ConfigError`` naming the file, the key path, the bad value and what is
expected.
"""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)

from rmtui.domain.tiers import Tier, VisitMode
from rmtui.errors import ConfigError

CONFIG_ENV = "RMTUI_CONFIG"
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$|^24:00$")


def _parse_clock(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 9:00 as the number 540.
        raise ValueError('write clock times as quoted text, e.g. "09:00"')
    if not isinstance(value, str) or not _TIME_RE.match(value.strip()):
        raise ValueError('expected a clock time "HH:MM", e.g. "08:30"')
    text = value.strip()
    if text == "24:00":
        return time(23, 59)
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


Clock = Annotated[
    time,
    BeforeValidator(_parse_clock),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
]
PositiveMinutes = Annotated[int, Field(ge=0, le=24 * 60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


_DATABASE_URL_RE = re.compile(r"^(sqlite(\+pysqlite)?:///.+|postgresql(\+psycopg)?://.+)$")


class DatabaseSettings(_Strict):
    url: str = "sqlite:///data/rmtui.db"
    """SQLAlchemy URL: ``sqlite:///PATH`` (a file; a relative path is taken relative to the config file's
    folder) or ``postgresql+psycopg://USER@HOST[:PORT]/DATABASE`` for a team server (needs
    ``pip install 'rmtui[postgres]'``; leave the password out and use ``$PGPASSWORD`` or ``~/.pgpass``)."""

    @field_validator("url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not _DATABASE_URL_RE.match(value.strip()):
            raise ValueError("sqlite:///data/rmtui.db (a file) or postgresql+psycopg://user@host/rmtui "
                             "(a team server); other databases are not supported")
        return value.strip()


class ManagerSettings(_Strict):
    code: str = Field("M001", min_length=1, max_length=32)
    """Short code that identifies this manager's rows in a shared database."""
    name: str = "李明"
    """The manager's name, shown in reports and on the submitted weekly plan."""
    phone: str = "138-0000-0000"
    """The manager's phone number, for reports and customer messages."""
    branch: str = "南京分行新街口支行"
    """Branch or team (支行 / 营业部) shown on reports."""
    supervisor: str = "王主管"
    """Who receives the weekly plan."""


class Place(_Strict):
    name: str
    """How the place is shown ("办公室", "Home")."""
    lat: float = Field(ge=-90, le=90)
    """Latitude in degrees, WGS-84."""
    lon: float = Field(ge=-180, le=180)
    """Longitude in degrees, WGS-84."""
    address: str = ""
    """Street address, for reports and exports."""


class LocationSettings(_Strict):
    places: dict[str, Place] = Field(
        default_factory=lambda: {
            "office": Place(name="新街口支行", lat=32.041544, lon=118.784048, address="南京市秦淮区中山南路1号"),
            "home": Place(name="家", lat=32.005806, lon=118.734280, address="南京市建邺区江东中路"),
        }
    )
    """Named places (office, home, …) a day can start or end at."""
    start: str = "office"
    """Where a working day starts (a key of ``places``)."""
    end: str = "office"
    """Where a working day ends (a key of ``places``)."""


class LunchSettings(_Strict):
    earliest: Clock = time(11, 30)
    """Lunch may start from this time."""
    latest: Clock = time(13, 30)
    """Lunch must be over by this time."""
    minutes: PositiveMinutes = 45
    """Length of the lunch break; 0 plans no lunch."""


class WorkdaySettings(_Strict):
    start: Clock = time(8, 30)
    """When the first trip of the day may leave."""
    end: Clock = time(18, 0)
    """When the day must be back at its end point."""
    lunch: LunchSettings = LunchSettings()
    """The lunch break, placed by the router where it fits best."""
    reserved_minutes: PositiveMinutes = 60
    """Minutes a day kept free for unplanned work (临时性工作)."""
    arrive_early_minutes: PositiveMinutes = 10
    """Arrive this many minutes before an appointment."""


class TravelMode(_Strict):
    speed_kmh: float = Field(gt=0, le=200)
    """Average door-to-door speed."""
    circuity: float = Field(1.3, ge=1.0, le=3.0)
    """Road distance ÷ straight-line distance."""
    overhead_minutes: PositiveMinutes = 0
    """Fixed minutes per trip (parking, waiting for transit)."""


class TravelSettings(_Strict):
    mode: str = "drive"
    """The mode used for routes (a key of ``modes``)."""
    modes: dict[str, TravelMode] = Field(
        default_factory=lambda: {
            "drive": TravelMode(speed_kmh=25, circuity=1.35, overhead_minutes=3),
            "walk": TravelMode(speed_kmh=4.5, circuity=1.25),
            "ebike": TravelMode(speed_kmh=15, circuity=1.3),
            "transit": TravelMode(speed_kmh=18, circuity=1.4, overhead_minutes=8),
        }
    )
    """Travel modes with speed and circuity factor."""


class RoutingSettings(_Strict):
    osrm_url: str | None = None
    """Optional OSRM server (``http://host:5000``) for road travel times; offline fallback is straight-line × circuity."""
    time_limit_seconds: float = Field(5.0, gt=0, le=600)
    """Upper bound on one route solve."""


class TierSettings(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """Stable identifier used in files and the database (lower case)."""
    name_zh: str
    """Chinese name (核心客户)."""
    name_en: str
    """English name."""
    interval_days: int = Field(ge=1, le=731)
    """A visit is due this many days after the last one."""
    visit_minutes: int = Field(ge=1, le=480)
    """Planned length of a visit."""
    lead_days: int = Field(0, ge=0, le=30)
    """Confirm the appointment this many days ahead (0 = same day)."""
    early_days: int = Field(0, ge=0, le=365)
    """A visit up to this many days before the due date still counts for the cadence."""
    priority: int = Field(1, ge=0, le=100)
    """Higher is placed first when a week is short of time."""
    modes: list[VisitMode] = Field(default_factory=lambda: list(VisitMode))
    """Allowed visit modes: on_site, phone, online."""

    def to_domain(self) -> Tier:
        return Tier(
            id=self.id,
            name_zh=self.name_zh,
            name_en=self.name_en,
            interval_days=self.interval_days,
            visit_minutes=self.visit_minutes,
            lead_days=self.lead_days,
            early_days=self.early_days,
            priority=self.priority,
            modes=tuple(self.modes),
        )


def _default_tiers() -> list[TierSettings]:
    return [
        TierSettings(id="core", name_zh="核心客户", name_en="Core", interval_days=14, visit_minutes=20,
                     lead_days=1, early_days=3, priority=3),
        TierSettings(id="potential", name_zh="潜力客户", name_en="Potential", interval_days=30,
                     visit_minutes=20, lead_days=0, early_days=7, priority=2),
        TierSettings(id="regular", name_zh="一般客户", name_en="Regular", interval_days=90,
                     visit_minutes=15, lead_days=0, early_days=21, priority=1),
    ]


VisitType = Literal["service", "special"]


class ChecklistTemplate(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """Identifier of the template."""
    tiers: list[str] = Field(default_factory=list)
    """Tiers it applies to; empty = every tier."""
    visit_types: list[VisitType] = Field(default_factory=lambda: ["service", "special"])
    """Visit types it applies to."""
    items: list[str] = Field(min_length=1)
    """Checklist items to tick before leaving."""
    materials: list[str] = Field(default_factory=list)
    """Materials to pack for the visit."""


def _default_checklists() -> list[ChecklistTemplate]:
    common = ["明确本次拜访目标", "查阅客户档案和上次拜访记录", "了解当前政策和新产品", "核对路线", "着装得体"]
    return [
        ChecklistTemplate(id="core_service", tiers=["core"], visit_types=["service"],
                          items=["提前一天确认预约", *common],
                          materials=["产品宣传册", "小礼品", "业务申请表"]),
        ChecklistTemplate(id="standard_service", tiers=["potential", "regular"], visit_types=["service"],
                          items=["当天确认预约", *common], materials=["产品宣传册", "名片"]),
        ChecklistTemplate(id="special", tiers=[], visit_types=["special"],
                          items=["确认预约", "核对投诉或任务详情", *common],
                          materials=["投诉处理单", "合同文本"]),
    ]


class SlaClass(_Strict):
    first_answer_hours: float = Field(ge=0, le=24 * 60)
    """Hours until the first answer to the customer is due."""
    resolve_hours: float | None = Field(None, ge=0, le=24 * 60)
    """Hours until the item must be resolved (calendar hours)."""
    resolve_working_days: int | None = Field(None, ge=1, le=60)
    """Alternatively: working days until resolution (urgent business requests)."""


def _default_sla() -> dict[str, SlaClass]:
    return {
        "serious": SlaClass(first_answer_hours=4, resolve_hours=8),
        "severe": SlaClass(first_answer_hours=12, resolve_hours=24),
        "ordinary": SlaClass(first_answer_hours=24, resolve_hours=48),
        "urgent_request": SlaClass(first_answer_hours=4, resolve_working_days=2),
        "normal": SlaClass(first_answer_hours=24, resolve_working_days=5),
    }


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class WeeklyPlanSettings(_Strict):
    due_weekday: Weekday = "friday"
    """Day the plan for the next week is due."""
    due_time: Clock = time(17, 0)
    """Time on that day the plan is due."""
    remind_hours_before: int = Field(29, ge=0, le=24 * 7)
    """Start reminding this many hours before the deadline (29 h = Thursday noon)."""


class NominatimSettings(_Strict):
    domain: str = Field("nominatim.openstreetmap.org", min_length=1)
    """Host (and optional ``:port``) of the Nominatim server; your own server's host if you run one."""
    scheme: Literal["https", "http"] = "https"
    """``https`` for the public server; ``http`` only for a server on your own machine or network."""
    country_codes: list[str] = Field(default_factory=lambda: ["cn"])
    """Only accept results in these ISO country codes (empty = anywhere)."""


class BaiduSettings(_Strict):
    api_key_env: str = Field("RMTUI_BAIDU_AK", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    """Environment variable holding the Baidu Maps AK; the key itself never goes in this file."""
    security_key_env: str = Field("RMTUI_BAIDU_SK", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    """Environment variable holding the optional SK for keys that use SN signing (unset = not signed)."""
    domain: str = Field("api.map.baidu.com", min_length=1)
    """Host of the Baidu Maps web service."""
    scheme: Literal["https", "http"] = "https"
    """``https``; ``http`` only for a local test server."""
    min_confidence: int = Field(75, ge=0, le=100)
    """A Baidu result counts as exact only from this ``confidence`` up (75 ≈ error under 50 m)."""


class BoundingBox(_Strict):
    south: float = Field(ge=-90, le=90)
    """Southern edge, degrees latitude (WGS-84)."""
    west: float = Field(ge=-180, le=180)
    """Western edge, degrees longitude."""
    north: float = Field(ge=-90, le=90)
    """Northern edge, degrees latitude."""
    east: float = Field(ge=-180, le=180)
    """Eastern edge, degrees longitude."""

    @model_validator(mode="after")
    def _ordered(self) -> BoundingBox:
        if self.south >= self.north or self.west >= self.east:
            raise ValueError("south below north and west below east, e.g. "
                             "{south: 31.2, west: 118.3, north: 32.7, east: 119.3}")
        return self


class ServiceCircle(_Strict):
    lat: float = Field(ge=-90, le=90)
    """Latitude of the centre (WGS-84)."""
    lon: float = Field(ge=-180, le=180)
    """Longitude of the centre."""
    radius_km: float = Field(gt=0, le=2000)
    """Radius in kilometres."""


class ServiceAreaSettings(_Strict):
    bbox: BoundingBox | None = BoundingBox(south=31.2, west=118.3, north=32.7, east=119.3)
    """Box the customers lie in (default: Nanjing); null = no box."""
    circle: ServiceCircle | None = None
    """Alternatively or as well: a centre and radius; null = no circle."""


class GeocodingSettings(_Strict):
    provider: Literal["nominatim", "baidu"] = "nominatim"
    """Which geocoder looks up addresses: ``nominatim`` (OpenStreetMap) or ``baidu`` (needs an AK)."""
    user_agent: str = Field("rmtui/0.1 (field visit planner)", min_length=3)
    """How rmtui identifies itself; Nominatim's policy asks for an application name (add your e-mail)."""
    min_delay_seconds: float = Field(1.0, ge=0, le=60)
    """Pause between requests; the public Nominatim server allows at most one per second."""
    timeout_seconds: float = Field(10.0, gt=0, le=120)
    """Give up on one request after this long."""
    max_retries: int = Field(2, ge=0, le=10)
    """Retries of one address after a timeout, a server error or 'too many requests'."""
    retry_wait_seconds: float = Field(5.0, ge=0, le=300)
    """Wait before a retry (a server's Retry-After, up to 60 s, takes precedence)."""
    nominatim: NominatimSettings = NominatimSettings()
    """Nominatim server settings."""
    baidu: BaiduSettings = BaiduSettings()
    """Baidu Maps settings (coordinates come back in BD-09 and are converted to WGS-84)."""
    service_area: ServiceAreaSettings = ServiceAreaSettings()
    """Where customers can be: a result outside counts as approximate, never as exact."""

    @model_validator(mode="after")
    def _polite_to_public_nominatim(self) -> GeocodingSettings:
        if (self.provider == "nominatim" and self.nominatim.domain == "nominatim.openstreetmap.org"
                and self.min_delay_seconds < 1.0):
            raise ValueError("min_delay_seconds of at least 1.0 for the public Nominatim server "
                             "(its usage policy allows one request per second)")
        return self


class Settings(_Strict):
    """All of rmtui's settings; see ``config.yaml`` for the commented defaults."""

    database: DatabaseSettings = DatabaseSettings()
    """Where the data lives."""
    locale: Literal["zh", "en"] = "zh"
    """Language of the interface and reports."""
    timezone: str = "Asia/Shanghai"
    """IANA time zone of the working day."""
    holiday_country: str = "CN"
    """Country whose public holidays and make-up working days apply (ISO code)."""
    holiday_subdivision: str | None = None
    """Optional region within the country."""
    manager: ManagerSettings = ManagerSettings()
    """Who uses this installation."""
    locations: LocationSettings = LocationSettings()
    """Start and end points of a working day."""
    workday: WorkdaySettings = WorkdaySettings()
    """Hours of the working day."""
    travel: TravelSettings = TravelSettings()
    """How travel times are estimated."""
    routing: RoutingSettings = RoutingSettings()
    """Route solver settings."""
    tiers: list[TierSettings] = Field(default_factory=_default_tiers, min_length=1)
    """Customer tiers and their visit cadence."""
    tier_aliases: dict[str, str] = Field(
        default_factory=lambda: {"A": "core", "B": "potential", "C": "regular", "D": "regular",
                                 "核心": "core", "核心客户": "core", "潜力": "potential",
                                 "潜力客户": "potential", "一般": "regular", "一般客户": "regular"}
    )
    """Other names for tiers found in imported files (A/B/C/D, 核心/潜力/一般)."""
    checklists: list[ChecklistTemplate] = Field(default_factory=_default_checklists)
    """Pre-visit checklist templates by tier and visit type."""
    sla: dict[str, SlaClass] = Field(default_factory=_default_sla)
    """Follow-up and complaint service-level classes."""
    weekly_plan: WeeklyPlanSettings = WeeklyPlanSettings()
    """When the weekly plan is due."""
    geocoding: GeocodingSettings = GeocodingSettings()
    """How addresses are turned into locations, and where customers can be."""

    # -- derived views -------------------------------------------------

    def tier_map(self) -> dict[str, Tier]:
        return {t.id: t.to_domain() for t in self.tiers}

    def start_place(self) -> Place:
        return self.locations.places[self.locations.start]

    def end_place(self) -> Place:
        return self.locations.places[self.locations.end]


def _check_rules(s: Settings) -> list[tuple[str, Any, str]]:
    """Rules across keys; each problem is (key path, value, what is expected)."""
    problems: list[tuple[str, Any, str]] = []
    wd = s.workday
    if wd.end <= wd.start:
        problems.append(("workday.end", _hm(wd.end), f"a time after workday.start ({_hm(wd.start)})"))
    lunch = wd.lunch
    if lunch.latest <= lunch.earliest:
        problems.append(("workday.lunch.latest", _hm(lunch.latest),
                         f"a time after workday.lunch.earliest ({_hm(lunch.earliest)})"))
    elif lunch.minutes > _minutes(lunch.latest) - _minutes(lunch.earliest):
        problems.append(("workday.lunch.minutes", lunch.minutes,
                         "at most the minutes between lunch.earliest and lunch.latest"))
    day_minutes = _minutes(wd.end) - _minutes(wd.start)
    if day_minutes > 0 and wd.reserved_minutes + lunch.minutes >= day_minutes:
        problems.append(("workday.reserved_minutes", wd.reserved_minutes,
                         "fewer minutes than the working day minus lunch"))
    for key in ("start", "end"):
        name = getattr(s.locations, key)
        if name not in s.locations.places:
            problems.append((f"locations.{key}", name, f"one of locations.places: {', '.join(s.locations.places)}"))
    if s.travel.mode not in s.travel.modes:
        problems.append(("travel.mode", s.travel.mode, f"one of travel.modes: {', '.join(s.travel.modes)}"))
    ids = [t.id for t in s.tiers]
    for i, tid in enumerate(ids):
        if tid in ids[:i]:
            problems.append((f"tiers[{i}].id", tid, "a tier id used only once"))
    known = set(ids)
    for alias, target in s.tier_aliases.items():
        if target not in known:
            problems.append((f"tier_aliases.{alias}", target, f"a defined tier id ({', '.join(ids)})"))
    for i, tpl in enumerate(s.checklists):
        for j, tid in enumerate(tpl.tiers):
            if tid not in known:
                problems.append((f"checklists[{i}].tiers[{j}]", tid, f"a defined tier id ({', '.join(ids)})"))
    for name, sla in s.sla.items():
        if sla.resolve_hours is None and sla.resolve_working_days is None:
            problems.append((f"sla.{name}", "(no deadline)", "resolve_hours or resolve_working_days"))
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(s.timezone)
    except Exception:
        problems.append(("timezone", s.timezone, "an IANA time zone name such as Asia/Shanghai"))
    return problems


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _hm(t: time) -> str:
    return t.strftime("%H:%M")


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _hide_password(value: object) -> object:
    """A URL's password as ``***``: error messages end up in terminals and logs."""
    if isinstance(value, str):
        return re.sub(r"(://[^/:@\s]*:)[^@/\s]+@", r"\1***@", value)
    return value


def _describe_pydantic(path: Path, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors(include_url=False):
        key = _key_path(tuple(err["loc"]))
        value = _hide_password(err.get("input"))
        if err["type"] == "extra_forbidden":
            lines.append(f"{path}: unknown key '{key}' (value {value!r}); remove it or check its spelling")
        elif err["type"] == "missing":
            lines.append(f"{path}: key '{key}' is missing; add it")
        else:
            msg = err["msg"].removeprefix("Value error, ")
            lines.append(f"{path}: key '{key}' has value {value!r}; expected: {msg}")
    return "\n".join(lines)


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The config file to use, in lookup order; None when there is none at all.

    An explicitly named file (``--config`` or ``$RMTUI_CONFIG``) must exist.
    """
    for source, value in (("--config", explicit), (f"${CONFIG_ENV}", os.environ.get(CONFIG_ENV))):
        if value:
            p = Path(value).expanduser()
            if not p.is_file():
                raise ConfigError(f"{p}: no such configuration file (given by {source}); "
                                  "check the path, or leave it out to use ./config.yaml")
            return p
    local = Path.cwd() / "config.yaml"
    if local.is_file():
        return local
    user = user_config_dir() / "config.yaml"
    if user.is_file():
        return user
    return None


def user_config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "rmtui"


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rmtui"


class LoadedSettings:
    """Settings plus where they came from (relative paths resolve against ``base_dir``)."""

    def __init__(self, settings: Settings, path: Path | None) -> None:
        self.settings = settings
        self.path = path
        self.base_dir = path.parent.resolve() if path else user_data_dir()

    def database_url(self) -> str:
        url = self.settings.database.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite:///:memory:":
            rel = url[len(prefix):]
            base = self.base_dir if self.path else user_data_dir()
            if self.path is None:
                rel = Path(rel).name
            return prefix + str((base / rel).resolve())
        return url


def parse_settings(data: Any, path: Path) -> Settings:
    """Validate a loaded YAML document; raise ConfigError naming every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the file must be a mapping of keys (e.g. 'locale: zh'), "
                          f"not a {type(data).__name__}")
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe_pydantic(path, exc)) from None
    problems = _check_rules(settings)
    if problems:
        raise ConfigError("\n".join(f"{path}: key '{k}' has value {v!r}; expected {why}" for k, v, why in problems))
    return settings


def load_settings(explicit: str | os.PathLike[str] | None = None) -> LoadedSettings:
    """Find, read and validate the configuration (built-in defaults when there is no file)."""
    path = find_config(explicit)
    if path is None:
        return LoadedSettings(Settings(), None)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.__class__.__name__}: {exc}); "
                          "check its permissions and that it is UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}: not valid YAML{where}: {problem}") from None
    return LoadedSettings(parse_settings(data, path), path)
