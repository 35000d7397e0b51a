"""The week's calendar parsed back with icalendar: events, time zone, GEO, description, stable UIDs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from icalendar import Calendar

from rmtui.domain.planning.periods import IsoWeek
from rmtui.errors import InputError
from rmtui.exports.calendar_ics import CalendarEvent, visit_uid, week_to_ics
from rmtui.services.calendar_export import default_calendar_path, export_week_calendar
from rmtui.services.plan_edits import move_visit, remove_visit
from rmtui.services.planning import build_week
from rmtui.store.customers import upsert_customers
from rmtui.store.models import ChecklistItem, ChecklistRun, Customer

NEXT = IsoWeek(2026, 49)
STAMP = datetime(2026, 11, 27, 16, 30)


def parse(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def test_events_in_the_configured_zone_with_geo_description_and_all_day():
    events = [
        CalendarEvent("pv-1-M001@rmtui", date(2026, 11, 30), time(9, 0), 30, "金陵副食便利店 — 季度回访",
                      location="南京市鼓楼区汉中路89号", description="客户编号: C0001\n检查清单: 确认预约；核对路线",
                      geo=(32.0431, 118.7702), sequence=2, last_modified=datetime(2026, 11, 26, 8, 0),
                      categories=("核心客户",)),
        CalendarEvent("pv-2-M001@rmtui", date(2026, 12, 1), None, 20, "天元商贸 — 送资料"),
        CalendarEvent("pv-3-M001@rmtui", date(2026, 12, 2), time(14, 0), 45, "已取消", cancelled=True, sequence=1),
    ]
    cal = Calendar.from_ical(week_to_ics(events, tz="Asia/Shanghai", stamp=STAMP, name="李明 2026-W49 拜访计划"))
    assert str(cal["prodid"]).startswith("-//rmtui//") and str(cal["version"]) == "2.0"
    assert str(cal["x-wr-calname"]) == "李明 2026-W49 拜访计划"
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    first, all_day, gone = cal.walk("VEVENT")
    assert str(first["uid"]) == "pv-1-M001@rmtui"
    assert first["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert first.start == datetime(2026, 11, 30, 9, 0, tzinfo=first.start.tzinfo)
    assert first.start.utcoffset() == timedelta(hours=8)
    assert first.end - first.start == timedelta(minutes=30)
    assert first.decoded("dtstamp") == datetime(2026, 11, 27, 8, 30, tzinfo=timezone.utc)  # 16:30 Shanghai
    assert first.decoded("last-modified") == datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc)
    assert (first["geo"].latitude, first["geo"].longitude) == (32.0431, 118.7702)
    assert str(first["location"]) == "南京市鼓楼区汉中路89号"
    assert str(first["description"]) == "客户编号: C0001\n检查清单: 确认预约；核对路线"
    assert first["sequence"] == 2 and str(first["status"]) == "CONFIRMED"
    assert first["categories"].cats == ["核心客户"]
    assert all_day.start == date(2026, 12, 1) and all_day.end == date(2026, 12, 2)
    assert "geo" not in all_day
    assert str(gone["status"]) == "CANCELLED" and gone["sequence"] == 1


def test_unknown_zone_and_uids():
    with pytest.raises(InputError, match="time zone 'Mars/Base'"):
        week_to_ics([], tz="Mars/Base", stamp=STAMP)
    assert visit_uid(123, "M001") == "pv-123-M001@rmtui"
    assert visit_uid(7, "南京 01/李") == "pv-7-01@rmtui"


def _book(ws, n: int = 5) -> None:
    rows = [{"code": f"K{k:03d}", "name": f"客户{k}", "tier": "core", "lat": 32.04 + 0.004 * k, "lon": 118.78 + 0.003 * k,
             "geo_source": "test", "geo_quality": "exact", "address": f"南京市鼓楼区测试路{k}号",
             "contact": "王经理" if k == 0 else "", "phone": "13800000000" if k == 0 else "",
             "last_visit_imported": ws.today() - timedelta(days=10)} for k in range(n)]
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, rows, ws.now())


def test_export_again_updates_rather_than_duplicates(workspace, tmp_path):
    _book(workspace)
    info = build_week(workspace, NEXT, time_limit=1)
    placed = [v for v in info.visits if v.active]
    assert len(placed) >= 4
    first = export_week_calendar(workspace, NEXT)
    assert first.path == tmp_path / "calendar" / "M001-2026-W49.ics" == default_calendar_path(workspace, NEXT)
    events = parse(first.path.read_bytes())
    assert first.events == len(events) == len(placed) and first.cancelled == 0
    assert {str(e["uid"]) for e in events} == {f"pv-{v.id}-M001@rmtui" for v in placed}
    by_uid = {str(e["uid"]): e for e in events}
    v = placed[0]
    e = by_uid[f"pv-{v.id}-M001@rmtui"]
    assert e.start.replace(tzinfo=None) == datetime.combine(v.day, v.planned_start)
    assert e.end - e.start == timedelta(minutes=v.minutes)
    assert str(e["summary"]) == f"{v.name} — {v.purpose}" and str(e["location"]) == v.address
    assert (e["geo"].latitude, e["geo"].longitude) == (round(v.lat, 6), round(v.lon, 6))
    text = str(e["description"])
    assert f"客户编号: {v.code}" in text and "等级: 核心客户" in text and f"安排原因: {v.reason}" in text
    assert "检查清单: 提前一天确认预约；" in text and "携带材料: 产品宣传册；小礼品；业务申请表" in text

    again = export_week_calendar(workspace, NEXT)
    assert again.path.read_bytes() == first.path.read_bytes()  # nothing changed: the same file

    # Only one customer's location becomes approximate: only its event changes.
    workspace.clock = lambda: datetime(2026, 11, 25, 10, 0)
    vague = placed[1]
    with workspace.db.sessions.begin() as s:
        s.get(Customer, vague.customer_id).geo_quality = "approximate"
    by_uid = {str(e["uid"]): e for e in parse(export_week_calendar(workspace, NEXT).path.read_bytes())}
    for v in placed:
        e = by_uid[f"pv-{v.id}-M001@rmtui"]
        changed = v is vague
        assert e["sequence"] == int(changed)
        assert e.decoded("last-modified") == (datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc) if changed else
                                              datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc))
        assert ("geo" in e) is not changed

    # A visit moved, one removed, one with its own checklist, exported in English elsewhere.
    workspace.clock = lambda: datetime(2026, 11, 26, 10, 0)
    moved, removed, checked = placed[0], placed[2], placed[-1]
    other = next(d for d in NEXT.days()[:5] if d != moved.day)
    move_visit(workspace, moved.id, other)
    remove_visit(workspace, removed.id, "客户取消")
    with workspace.db.sessions.begin() as s:
        run = ChecklistRun(planned_visit_id=checked.id, template_id="core_service", created_at=workspace.now())
        run.items = [ChecklistItem(position=0, kind="item", text="带上合同"),
                     ChecklistItem(position=1, kind="material", text="POS机")]
        s.add(run)
    third = export_week_calendar(workspace, NEXT, tmp_path / "out.ics", locale="en")
    events = parse(third.path.read_bytes())
    by_uid = {str(e["uid"]): e for e in events}
    assert third.events == len(placed) - 1 and third.cancelled == 1
    assert set(by_uid) == {f"pv-{v.id}-M001@rmtui" for v in placed}  # same UIDs, no duplicates
    gone = by_uid[f"pv-{removed.id}-M001@rmtui"]
    assert str(gone["status"]) == "CANCELLED" and gone["sequence"] == 1
    assert by_uid[f"pv-{moved.id}-M001@rmtui"].start.date() == other
    assert by_uid[f"pv-{moved.id}-M001@rmtui"]["sequence"] == 1
    assert by_uid[f"pv-{vague.id}-M001@rmtui"]["sequence"] == 2  # changed again (English text)
    assert by_uid[f"pv-{moved.id}-M001@rmtui"].decoded("last-modified") == datetime(2026, 11, 26, 2, 0,
                                                                                    tzinfo=timezone.utc)
    own = str(by_uid[f"pv-{checked.id}-M001@rmtui"]["description"])
    assert "Checklist: 带上合同" in own and "Materials: POS机" in own and "Tier: Core" in own
    assert len(parse(export_week_calendar(workspace, NEXT, tmp_path / "out.ics", locale="en").path.read_bytes())) \
        == len(placed)  # the cancellation stays in the file, once
    contact = next(e for e in events if "K000" in str(e.get("description", "")))
    assert "Contact: 王经理 13800000000" in str(contact["description"])


def test_no_plan_is_an_error_and_a_folder_gets_the_default_name(workspace, tmp_path):
    with pytest.raises(InputError, match="build it first"):
        export_week_calendar(workspace, NEXT)
    _book(workspace, 3)
    build_week(workspace, NEXT, time_limit=1)
    out = export_week_calendar(workspace, NEXT, tmp_path)
    assert out.path == tmp_path / "M001-2026-W49.ics" and out.path.exists()
