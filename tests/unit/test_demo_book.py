"""The demo book: deterministic, realistic by the domain's rules, and in step with data/demo."""

from __future__ import annotations

import random
import time as clock
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from rmtui.demo import CUSTOMER_COLUMNS, REFERENCE_DATE, DemoBook, book_csvs, generate_book, write_csvs
from rmtui.demo.model import TIER_RULES
from rmtui.demo.places import NANJING_BBOX, STREETS, distance_km, no_go_area, on_land_in_nanjing
from rmtui.domain.workdays import WorkCalendar

DATA = Path(__file__).resolve().parents[2] / "data" / "demo"
NOW = datetime.combine(REFERENCE_DATE, time(8, 45))
# The lakes named in the issue, as boxes (south, north, west, east).
XUANWU_LAKE = (32.07, 32.085, 118.79, 118.80)
MOCHOU_LAKE = (32.033, 32.040, 118.754, 118.762)


@pytest.fixture(scope="module")
def book() -> DemoBook:
    return generate_book(42, REFERENCE_DATE)


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar("CN")


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _overdue(book: DemoBook) -> list[str]:
    return [c.code for c in book.customers if c.last_visit is not None
            and (book.today - c.last_visit).days > TIER_RULES[c.tier].interval_days]


# -- determinism ------------------------------------------------------------

def test_same_seed_gives_the_same_book_without_touching_global_random(book: DemoBook) -> None:
    state = random.getstate()
    assert generate_book(42, REFERENCE_DATE) == book
    assert random.getstate() == state


def test_another_seed_gives_another_book(book: DemoBook) -> None:
    other = generate_book(7, REFERENCE_DATE)
    assert [c.name for c in other.customers] != [c.name for c in book.customers]


def test_customers_do_not_depend_on_today(book: DemoBook) -> None:
    later = generate_book(42, date(2027, 3, 16))
    assert [replace(c, last_visit=None) for c in later.customers] == [
        replace(c, last_visit=None) for c in book.customers
    ]
    assert later.visits != book.visits


def test_generation_is_fast() -> None:
    start = clock.perf_counter()
    generate_book(3, REFERENCE_DATE)
    assert clock.perf_counter() - start < 1.0  # typically ~0.05 s


# -- customers ----------------------------------------------------------------

def test_book_size_codes_and_tier_shares(book: DemoBook) -> None:
    codes = [c.code for c in book.customers]
    assert len(codes) == 250 and len(set(codes)) == 250
    assert codes[0] == "C0001" and codes[-1] == "C0250"
    assert len({c.name for c in book.customers}) == 250
    share = {t: sum(c.tier == t for c in book.customers) / 250 for t in TIER_RULES}
    assert 0.04 <= share["core"] <= 0.06
    assert 0.22 <= share["potential"] <= 0.28
    assert 0.66 <= share["regular"] <= 0.74


def test_every_customer_is_on_land_in_nanjing(book: DemoBook) -> None:
    south, north, west, east = NANJING_BBOX
    for c in book.customers:
        assert south <= c.lat <= north and west <= c.lon <= east, c
        assert on_land_in_nanjing(c.lat, c.lon), c
        for s, n, w, e in (XUANWU_LAKE, MOCHOU_LAKE):
            assert not (s <= c.lat <= n and w <= c.lon <= e), c
    for street in STREETS:  # the anchors themselves
        assert on_land_in_nanjing(street.lat, street.lon), street
        assert no_go_area(street.lat, street.lon) is None


def test_addresses_districts_and_territories_agree(book: DemoBook) -> None:
    streets = {s.name: s for s in STREETS}
    assert len({c.district for c in book.customers}) == 7
    for c in book.customers:
        assert c.address.startswith(f"南京市{c.district}"), c
        street = next(s for name, s in streets.items() if c.address.startswith(f"南京市{c.district}{name}"))
        assert street.territory == c.territory
        assert distance_km(c.lat, c.lon, street.lat, street.lon) < 0.3
        assert c.phone.isdigit() and len(c.phone) == 11 and c.phone[:2] in {"13", "15", "16", "17", "18", "19"}
        assert c.tier in TIER_RULES
        assert not any("a" <= ch.lower() <= "z" for ch in c.notes + c.name)  # addresses may say "A座"


def test_opening_hours_parse_and_vary(book: DemoBook) -> None:
    opening_hours = pytest.importorskip("rmtui.domain.opening_hours")
    texts = {c.opening_hours for c in book.customers}
    for text in texts:
        opening_hours.parse_opening_hours(text)
    monday, saturday = date(2026, 11, 23), date(2026, 11, 28)
    parsed = [opening_hours.parse_opening_hours(t) for t in texts]
    assert any(len(p.windows_on(monday, is_holiday=False)) == 2 for p in parsed)  # lunch closures
    assert any(p.windows_on(monday, is_holiday=False) != p.windows_on(saturday, is_holiday=False)
               for p in parsed)  # weekend differences
    assert sum(c.visit_minutes is None for c in book.customers) > 200


# -- history ------------------------------------------------------------------

def test_last_visit_is_the_last_completed_visit(book: DemoBook) -> None:
    last: dict[str, date] = {}
    for v in book.visits:
        last[v.customer_code] = max(v.date, last.get(v.customer_code, v.date))
    start = book.today - timedelta(days=56)
    for c in book.customers:
        if c.code in last:
            assert c.last_visit == last[c.code], c
        else:
            assert c.last_visit is None or c.last_visit < start, c
    assert 2 <= sum(c.last_visit is None for c in book.customers) <= 8
    visited_regular = sum(c.tier == "regular" and c.code in last for c in book.customers)
    assert 0.4 < visited_regular / sum(c.tier == "regular" for c in book.customers) < 0.85


def test_visits_are_on_working_days_in_the_eight_weeks(book: DemoBook, calendar: WorkCalendar) -> None:
    start = book.today - timedelta(days=56)
    assert len({(v.customer_code, v.date) for v in book.visits}) == len(book.visits)
    for v in book.visits:
        assert start <= v.date < book.today and calendar.is_working_day(v.date), v
    per_day = defaultdict(int)
    for v in book.visits:
        per_day[v.date] += 1
    assert set(per_day) == set(calendar.working_days(start, book.today - timedelta(days=1)))
    assert all(5 <= n <= 9 for n in per_day.values()), per_day
    assert sum(v.mode == "on_site" for v in book.visits) / len(book.visits) > 0.85


def test_core_customers_keep_their_cadence(book: DemoBook) -> None:
    dates = defaultdict(list)
    for v in book.visits:
        dates[v.customer_code].append(v.date)
    overdue = set(_overdue(book))
    for c in book.customers:
        if c.tier == "core" and c.code not in overdue:
            assert len(dates[c.code]) >= 3, c
            gaps = [(b - a).days for a, b in zip(dates[c.code], dates[c.code][1:])]
            assert all(7 <= g <= 30 for g in gaps), (c.code, gaps)


def test_some_customers_are_overdue(book: DemoBook) -> None:
    assert 0.08 <= len(_overdue(book)) / len(book.customers) <= 0.15
    for seed in (1, 99):
        other = generate_book(seed, REFERENCE_DATE)
        assert 0.08 <= len(_overdue(other)) / len(other.customers) <= 0.15


def test_visit_times_are_plausible_and_inside_opening_hours(book: DemoBook) -> None:
    opening_hours = pytest.importorskip("rmtui.domain.opening_hours")
    customers = {c.code: c for c in book.customers}
    by_day = defaultdict(list)
    for v in book.visits:
        arrive, depart = _minutes(v.arrive), _minutes(v.depart)
        assert 8 * 60 + 30 <= arrive < depart <= 18 * 60, v
        assert _minutes(v.planned_start) % 5 == 0
        windows = opening_hours.parse_opening_hours(customers[v.customer_code].opening_hours).windows_on(
            v.date, is_holiday=False)
        assert any(a <= arrive and depart <= b for a, b in windows), (v, windows)
        assert v.outcome in {"order", "agreement", "nothing", "follow_up"} and 1 <= v.satisfaction <= 5
        by_day[v.date].append(v)
    lunch = sum(_minutes(v.arrive) < 13 * 60 and _minutes(v.depart) > 12 * 60 for v in book.visits)
    assert lunch < len(book.visits) * 0.08
    for visits in by_day.values():
        visits.sort(key=lambda v: v.arrive)
        assert all(a.depart <= b.arrive for a, b in zip(visits, visits[1:]))


def test_a_day_of_visits_stays_in_one_area(book: DemoBook) -> None:
    customers = {c.code: c for c in book.customers}
    by_day = defaultdict(list)
    for v in book.visits:
        if v.mode == "on_site":
            by_day[v.date].append(customers[v.customer_code])
    for day, cs in by_day.items():
        lat, lon = sum(c.lat for c in cs) / len(cs), sum(c.lon for c in cs) / len(cs)
        assert max(distance_km(lat, lon, c.lat, c.lon) for c in cs) <= 6.0, day


def test_check_ins(book: DemoBook) -> None:
    customers = {c.code: c for c in book.customers}
    far = 0
    for v in book.visits:
        if v.mode != "on_site":
            assert v.lat is None and not v.on_site_verified
            continue
        c = customers[v.customer_code]
        km = distance_km(v.lat, v.lon, c.lat, c.lon)
        assert (km < 0.1) == v.on_site_verified, v
        far += not v.on_site_verified
    assert 1 <= far <= 5


# -- follow-ups, appointments, plan ----------------------------------------

def test_exactly_two_open_complaints_with_running_sla_clocks(book: DemoBook) -> None:
    complaints = [f for f in book.follow_ups if f.kind == "complaint" and f.status == "open"]
    assert sorted(f.sla_class for f in complaints) == ["ordinary", "severe"]
    hours = {"ordinary": (24, 48), "severe": (12, 24)}
    for f in complaints:
        first, resolve = hours[f.sla_class]
        assert f.first_answer_due - f.created_at == timedelta(hours=first)
        assert f.due_at - f.created_at == timedelta(hours=resolve)
        assert f.created_at <= NOW < f.due_at
    ordinary = next(f for f in complaints if f.sla_class == "ordinary")
    assert ordinary.created_at == datetime(2026, 11, 23, 15, 0)
    severe = next(f for f in complaints if f.sla_class == "severe")
    assert severe.created_at == datetime(2026, 11, 24, 8, 30)


def test_sla_hours_can_be_configured() -> None:
    other = generate_book(42, REFERENCE_DATE, sla_hours={"severe": (6, 12)})
    severe = next(f for f in other.follow_ups if f.sla_class == "severe" and f.status == "open")
    assert (severe.first_answer_due - severe.created_at, severe.due_at - severe.created_at) == (
        timedelta(hours=6), timedelta(hours=12))


def test_follow_ups_are_consistent(book: DemoBook) -> None:
    visits = {(v.customer_code, v.date) for v in book.visits}
    codes = {c.code for c in book.customers}
    assert len({f.code for f in book.follow_ups}) == len(book.follow_ups)
    for f in book.follow_ups:
        assert f.customer_code in codes and f.created_at <= NOW
        if f.origin_visit_date is not None:
            assert (f.customer_code, f.origin_visit_date) in visits, f
        if f.status == "done":
            assert f.result and f.done_at is not None and f.created_at < f.done_at <= NOW
        else:
            assert f.status == "open" and f.done_at is None and not f.result
        assert (f.first_answer_due is not None) == (f.kind == "complaint")
        assert (f.sla_class == "normal") == (f.kind != "complaint")
    items = [f for f in book.follow_ups if f.status == "open" and f.kind != "complaint"]
    friday = book.today + timedelta(days=4 - book.today.weekday())
    assert len(items) >= 4
    assert any(f.due_at < NOW for f in items)  # late ones
    assert any(NOW <= f.due_at and f.due_at.date() <= friday for f in items)  # due this week


def test_appointments_are_next_week_inside_opening_hours(book: DemoBook, calendar: WorkCalendar) -> None:
    opening_hours = pytest.importorskip("rmtui.domain.opening_hours")
    customers = {c.code: c for c in book.customers}
    next_week = (book.today + timedelta(days=7)).isocalendar()[:2]
    assert 4 <= len(book.appointments) <= 6
    for a in book.appointments:
        assert a.start.date().isocalendar()[:2] == next_week and calendar.is_working_day(a.start.date())
        start = _minutes(a.start.time())
        windows = opening_hours.parse_opening_hours(customers[a.customer_code].opening_hours).windows_on(
            a.start.date(), is_holiday=False)
        assert any(s <= start and start + a.minutes <= e for s, e in windows), (a, windows)
    assert any(a.confirmed for a in book.appointments)


def test_the_plan_of_this_week(book: DemoBook, calendar: WorkCalendar) -> None:
    week = book.plan_week
    assert (week.iso_year, week.iso_week) == book.today.isocalendar()[:2] and week.status == "approved"
    monday = book.today - timedelta(days=book.today.weekday())
    assert week.submitted_at.date() == monday - timedelta(days=3) and week.submitted_at < week.approved_at <= NOW
    by_day = defaultdict(list)
    for line in book.planned_visits:
        assert line.date.isocalendar()[:2] == book.today.isocalendar()[:2]
        assert line.source in {"cadence", "carry_over", "follow_up", "appointment", "assigned", "ad_hoc"}
        assert line.status == ("done" if line.date < book.today else "planned")
        assert line.reason and line.purpose
        by_day[line.date].append(line)
    assert set(by_day) == {d for d in calendar.week_days(*book.today.isocalendar()[:2])}
    for day, lines in by_day.items():
        assert [line.sequence for line in lines] == list(range(1, len(lines) + 1))
        assert 5 <= len(lines) <= 8, day
    done = {(p.date, p.customer_code, p.planned_start) for p in book.planned_visits if p.status == "done"}
    worked = {(v.date, v.customer_code, v.planned_start) for v in book.visits if v.date >= monday}
    assert done == worked and done
    severe = next(f for f in book.follow_ups if f.sla_class == "severe")
    assert any(p.customer_code == severe.customer_code and p.date == book.today and p.source == "ad_hoc"
               for p in book.planned_visits)


def test_planned_days_stay_in_one_area(book: DemoBook) -> None:
    customers = {c.code: c for c in book.customers}
    by_day = defaultdict(list)
    for line in book.planned_visits:
        if line.status == "planned":
            by_day[line.date].append(customers[line.customer_code])
    for day, cs in by_day.items():
        lat, lon = sum(c.lat for c in cs) / len(cs), sum(c.lon for c in cs) / len(cs)
        assert max(distance_km(lat, lon, c.lat, c.lon) for c in cs) <= 6.0, day


# -- CSV files -------------------------------------------------------------

def test_csv_format(book: DemoBook, tmp_path: Path) -> None:
    texts = book_csvs(book)
    assert texts["customers.csv"].splitlines()[0] == ",".join(CUSTOMER_COLUMNS)
    assert CUSTOMER_COLUMNS == ("code", "name", "address", "district", "lat", "lon", "tier", "opening_hours",
                                "visit_minutes", "contact", "phone", "last_visit", "territory", "notes")
    for path in write_csvs(book, tmp_path):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        assert raw.decode("utf-8") == texts[path.name]
    row = texts["customers.csv"].splitlines()[1].split(",")
    assert len(row[4].split(".")[1]) == 6 and len(row[5].split(".")[1]) == 6


def test_committed_demo_files_match_a_fresh_export(book: DemoBook) -> None:
    for name, text in book_csvs(book).items():
        committed = (DATA / name).read_bytes().decode("utf-8")
        assert committed == text, f"data/demo/{name} drifted: run python -m rmtui.demo data/demo"
