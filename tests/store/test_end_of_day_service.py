"""End of day on a real database: the quick log writes one record per planned visit; the daily
report is composed from the records, saved once per day and exported beside the database."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rmtui.errors import InputError, UserError
from rmtui.services import daily_report as reports
from rmtui.services import end_of_day as eod
from rmtui.store.customers import upsert_customers
from rmtui.store.models import (
    Customer,
    DailyReport,
    FollowUp,
    PlanDeviation,
    PlannedVisit,
    VisitDraft,
    VisitRecord,
    WeeklyPlan,
)

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 9, 0)


@pytest.fixture
def day(workspace):
    """Four planned visits today (one removed), two tomorrow (Wednesday), one on Friday."""
    ws = workspace
    with ws.db.sessions.begin() as s:
        upsert_customers(s, ws.manager_id, [
            {"code": f"C000{n}", "name": name, "tier": tier}
            for n, (name, tier) in enumerate([("金陵副食便利店", "core"), ("天元商贸有限公司", "potential"),
                                              ("鼓楼烟酒店", "regular"), ("秦淮华联超市", "regular")], start=1)
        ], ws.now())
        s.flush()
        ids = dict(s.execute(select(Customer.code, Customer.id)).all())
        plan = WeeklyPlan(manager_id=ws.manager_id, iso_year=2026, iso_week=48, status="approved", created_at=NOW)
        s.add(plan)
        s.flush()
        rows = []
        for seq, (code, start, status) in enumerate([("C0001", time(9, 30), "planned"),
                                                     ("C0002", time(10, 30), "planned"),
                                                     ("C0003", time(14, 0), "planned"),
                                                     ("C0004", time(15, 0), "removed")], start=1):
            pv = PlannedVisit(manager_id=ws.manager_id, weekly_plan_id=plan.id, customer_id=ids[code], day=DAY,
                              sequence=seq, planned_start=start, planned_minutes=20, purpose="例行拜访",
                              status=status, status_reason="客户搬迁" if status == "removed" else "",
                              created_at=NOW)
            s.add(pv)
            rows.append(pv)
        for seq, code in enumerate(["C0004", "C0001"], start=1):
            s.add(PlannedVisit(manager_id=ws.manager_id, customer_id=ids[code], day=date(2026, 11, 25),
                               sequence=seq, planned_start=time(9 + seq, 0), planned_minutes=20, purpose="送资料",
                               created_at=NOW))
        s.add(PlannedVisit(manager_id=ws.manager_id, customer_id=ids["C0002"], day=date(2026, 11, 27), sequence=1,
                           planned_minutes=20, created_at=NOW))
        s.flush()
        return ws, [r.id for r in rows], ids


def records(ws) -> list[VisitRecord]:
    with ws.db.sessions() as s:
        return list(s.scalars(select(VisitRecord).order_by(VisitRecord.id)))


def test_day_log_lists_the_days_visits_without_removed_ones(day):
    ws, pv_ids, _ = day
    log = eod.day_log(ws)
    assert [r.planned_visit_id for r in log.rows] == pv_ids[:3]
    assert log.logged == 0 and log.next_unlogged() == 0
    assert all(r.done and r.outcome == "" for r in log.rows)


def test_quick_log_writes_one_record_with_times_from_the_plan(day):
    ws, pv_ids, _ = day
    rid = eod.log_visit(ws, eod.QuickLog(pv_ids[0], True, "order", "  谈妥 新款收单机 "))
    [rec] = records(ws)
    assert rec.id == rid and rec.planned_visit_id == pv_ids[0] and rec.day == DAY
    assert (rec.status, rec.outcome, rec.discussed) == ("done", "order", "谈妥 新款收单机")
    assert (rec.arrived, rec.departed, rec.planned_arrive, rec.planned_depart) == (
        time(9, 30), time(9, 50), time(9, 30), time(9, 50))
    with ws.db.sessions() as s:
        assert s.get(PlannedVisit, pv_ids[0]).status == "done"
    # Logged again (a correction): the same row is updated, never a second one.
    assert eod.log_visit(ws, eod.QuickLog(pv_ids[0], True, "agreement", "改为达成意向")) == rid
    [rec] = records(ws)
    assert (rec.outcome, rec.discussed) == ("agreement", "改为达成意向")
    log = eod.day_log(ws)
    assert log.logged == 1 and log.next_unlogged() == 1
    assert (log.rows[0].outcome, log.rows[0].notes) == ("agreement", "改为达成意向")


def test_quick_log_reuses_the_full_forms_record_and_keeps_its_details(day):
    ws, pv_ids, ids = day
    with ws.db.sessions.begin() as s:
        s.add(VisitRecord(manager_id=ws.manager_id, customer_id=ids["C0002"], planned_visit_id=pv_ids[1], day=DAY,
                          status="done", arrived=time(10, 35), departed=time(11, 5), discussed="第一行\n第二行细节",
                          needs="提高限额", outcome="nothing", created_at=NOW, updated_at=NOW))
    row = eod.day_log(ws).rows[1]
    assert row.logged and (row.outcome, row.notes) == ("nothing", "第一行")
    eod.log_visit(ws, eod.QuickLog(pv_ids[1], True, "follow_up", "改过的第一行"))
    [rec] = records(ws)
    assert (rec.outcome, rec.discussed, rec.needs) == ("follow_up", "改过的第一行\n第二行细节", "提高限额")
    assert (rec.arrived, rec.departed) == (time(10, 35), time(11, 5))  # actual times are never overwritten


def test_not_done_needs_a_reason_and_marks_the_plan_skipped(day):
    ws, pv_ids, _ = day
    with pytest.raises(InputError, match="did not happen"):
        eod.log_visit(ws, eod.QuickLog(pv_ids[2], False, reason="  "))
    with pytest.raises(InputError, match="outcome"):
        eod.log_visit(ws, eod.QuickLog(pv_ids[2], True, outcome=""))
    assert records(ws) == []
    eod.log_visit(ws, eod.QuickLog(pv_ids[2], False, outcome="order", reason="店主外出"))
    [rec] = records(ws)
    assert (rec.status, rec.not_done_reason, rec.outcome, rec.arrived) == ("not_done", "店主外出", "", None)
    with ws.db.sessions() as s:
        pv = s.get(PlannedVisit, pv_ids[2])
        assert (pv.status, pv.status_reason) == ("skipped", "店主外出")
        # The approved weekly plan records the miss once, even when it is logged again.
        assert s.scalar(select(func.count()).select_from(PlanDeviation)) == 1
    eod.log_visit(ws, eod.QuickLog(pv_ids[2], False, reason="店主外出,改周四"))
    with ws.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(PlanDeviation)) == 1


def test_a_skipped_visit_with_a_reason_counts_as_logged(day):
    ws, pv_ids, _ = day
    with ws.db.sessions.begin() as s:
        pv = s.get(PlannedVisit, pv_ids[2])
        pv.status, pv.status_reason = "skipped", "客户今天不营业"
    row = eod.day_log(ws).rows[2]
    assert row.logged and not row.done and row.reason == "客户今天不营业"


def test_removed_or_unknown_visits_cannot_be_logged(day):
    ws, pv_ids, _ = day
    for pid in (pv_ids[3], 9999):
        with pytest.raises(UserError, match="no longer in the plan"):
            eod.log_visit(ws, eod.QuickLog(pid, True, "order"))


def test_report_is_composed_from_the_days_records_and_followups(day):
    ws, pv_ids, ids = day
    eod.log_visit(ws, eod.QuickLog(pv_ids[0], True, "order", "谈妥新款收单机"))
    eod.log_visit(ws, eod.QuickLog(pv_ids[2], False, reason="店主外出"))
    with ws.db.sessions.begin() as s:
        s.add(FollowUp(manager_id=ws.manager_id, customer_id=ids["C0002"], kind="request", title="开通对公网银",
                       created_at=datetime(2026, 11, 24, 8, 0), due_at=datetime(2026, 11, 26, 17, 0)))
        s.add(FollowUp(manager_id=ws.manager_id, customer_id=ids["C0001"], kind="follow_up", title="送合同",
                       created_at=datetime(2026, 11, 20, 8, 0), due_at=datetime(2026, 11, 23, 17, 0)))
    report = reports.compose(ws, DAY, "zh")
    visits = report.section("visits").body
    assert visits.startswith("计划拜访 3 个，完成 1 个，未完成 1 个，尚未记录 1 个。")
    assert "金陵副食便利店（核心客户，上门）— 首次拜访、下单 — 谈妥新款收单机" in visits
    assert "天元商贸有限公司：开通对公网银" in report.section("support").body
    followups = report.section("followups").body
    assert "今日新增 1 项" in followups and "未完成 2 项，其中逾期 1 项" in followups
    plan = report.section("plan").body
    assert "11-25 周三共安排 2 个拜访" in plan and "10:00 秦淮华联超市" in plan
    assert "近期安排：11-27 周五 1 个。" in plan
    assert reports.compose(ws, DAY, "en").title == "Daily report — 2026-11-24 Tue"


def test_report_saved_once_per_day_and_loaded_back(day):
    ws, _, _ = day
    assert reports.load_report(ws, DAY) is None
    text = reports.compose_markdown(ws, DAY, "zh") + "\n补充:明天带合同。\n"
    reports.save_report(ws, DAY, text, "zh")
    reports.save_report(ws, DAY, text + "再补充一句\n", "zh")
    with ws.db.sessions() as s:
        [row] = s.scalars(select(DailyReport)).all()
        body = json.loads(row.body)
    assert body["markdown"].endswith("再补充一句\n") and body["locale"] == "zh"
    assert body["title"].startswith("每日工作汇报") and body["sections"][1]["title"] == "一、今日拜访"
    saved = reports.load_report(ws, DAY)
    assert saved is not None and saved.markdown == body["markdown"] and saved.exported_path == ""
    with pytest.raises(UserError, match="empty"):
        reports.save_report(ws, DAY, "  \n", "zh")


def test_export_writes_beside_the_database_and_records_the_path(day, tmp_path: Path):
    ws, _, _ = day
    assert reports.reports_dir(ws) == tmp_path / "reports"
    path = reports.export_report(ws, DAY, "# 日报\n\n内容", "zh")
    assert path == tmp_path / "reports" / "daily-2026-11-24.md"
    assert path.read_text(encoding="utf-8") == "# 日报\n\n内容\n"
    path = reports.export_report(ws, DAY, "# 日报\n\n改过\n", "zh")
    assert path.read_text(encoding="utf-8") == "# 日报\n\n改过\n"
    assert [p.name for p in path.parent.iterdir()] == ["daily-2026-11-24.md"]  # no temporary files left
    saved = reports.load_report(ws, DAY)
    assert saved is not None and saved.exported_path == str(path) and saved.markdown == "# 日报\n\n改过\n"


def test_export_to_an_unwritable_place_says_so(day, tmp_path: Path):
    ws, _, _ = day
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="cannot write"):
        reports.export_report(ws, DAY, "text", "zh", folder=blocker / "reports")
    assert reports.load_report(ws, DAY) is None


def test_unsaved_edits_are_kept_as_a_draft_until_saved_or_recomposed(day):
    ws, _, _ = day
    reports.save_draft(ws, DAY, "# 日报\n写了一半", "zh")
    stored = reports.load_report(ws, DAY)
    assert stored is not None and stored.saved_at is None and stored.pending_draft
    assert (stored.markdown, stored.draft, stored.draft_at) == ("", "# 日报\n写了一半", NOW)
    reports.save_report(ws, DAY, "# 日报\n写完了", "zh")
    stored = reports.load_report(ws, DAY)
    assert stored.saved_at == NOW and stored.draft is None and not stored.pending_draft
    reports.save_draft(ws, DAY, "# 日报\n写完了\n再改", "zh")
    assert reports.load_report(ws, DAY).pending_draft
    reports.discard_draft(ws, DAY)  # re-composed: the saved text stays, the draft goes
    stored = reports.load_report(ws, DAY)
    assert stored.markdown == "# 日报\n写完了" and stored.draft is None
    with ws.db.sessions() as s:
        assert len(s.scalars(select(DailyReport)).all()) == 1
    # A report that was only ever a draft disappears when the draft is discarded.
    reports.save_draft(ws, date(2026, 11, 23), "草稿", "zh")
    reports.discard_draft(ws, date(2026, 11, 23))
    assert reports.load_report(ws, date(2026, 11, 23)) is None


def test_quick_draft_kept_listed_and_dropped_when_logged(day):
    ws, pv_ids, _ = day
    entry = eod.QuickLog(pv_ids[0], True, "order", "谈了一半")
    assert eod.save_quick_draft(ws, entry) == NOW
    row = eod.day_log(ws).rows[0]
    assert row.pending_draft == eod.QuickDraft(entry, NOW) and not row.logged
    assert eod.day_log(ws).rows[1].draft is None
    eod.log_visit(ws, entry)
    assert eod.day_log(ws).rows[0].draft is None
    with ws.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(VisitDraft)) == 0


def test_quick_draft_on_a_full_form_draft_keeps_its_fields(day):
    """The full form's draft (other fields typed) survives the quick form's typing and its log."""
    from rmtui.domain.visit_record import VisitForm
    from rmtui.services import visit_records

    ws, pv_ids, _ = day
    visit_records.save_draft(ws, pv_ids[1], VisitForm(arrived="10:40", needs="提高限额", outcome="nothing"))
    eod.save_quick_draft(ws, eod.QuickLog(pv_ids[1], True, "follow_up", "补充资料"))
    assert eod.day_log(ws).rows[1].pending_draft.entry.notes == "补充资料"
    assert visit_records.load_visit(ws, pv_ids[1]).draft.form.needs == "提高限额"
    eod.discard_quick_draft(ws, pv_ids[1])
    assert eod.day_log(ws).rows[1].draft is None
    assert visit_records.load_visit(ws, pv_ids[1]).draft.form.needs == "提高限额"  # the full form's: kept
    eod.save_quick_draft(ws, eod.QuickLog(pv_ids[1], True, "follow_up", "补充资料"))
    eod.log_visit(ws, eod.QuickLog(pv_ids[1], True, "follow_up", "补充资料"))
    assert eod.day_log(ws).rows[1].draft is None
    assert visit_records.load_visit(ws, pv_ids[1]).draft.form.needs == "提高限额"


def test_a_quick_draft_alone_is_the_full_forms_draft_with_its_outcome_and_notes(day):
    from rmtui.services import visit_records

    ws, pv_ids, _ = day
    eod.save_quick_draft(ws, eod.QuickLog(pv_ids[2], True, "agreement", "  约好 下周 "))
    ctx = visit_records.load_visit(ws, pv_ids[2])
    assert (ctx.draft.form.outcome, ctx.draft.form.discussed) == ("agreement", "约好 下周")
    assert ctx.draft.form.arrived == ctx.form.arrived == "14:00"  # otherwise the form as it opens
    eod.discard_quick_draft(ws, pv_ids[2])
    assert visit_records.load_visit(ws, pv_ids[2]).draft is None



def test_a_not_done_reason_survives_the_full_form(day):
    """The full form has no field for why a visit was not made: it neither offers that quick draft
    nor loses it, whether it discards its own typing or autosaves over it."""
    from rmtui.domain.visit_record import VisitForm
    from rmtui.services import visit_records

    ws, pv_ids, _ = day
    entry = eod.QuickLog(pv_ids[2], False, reason="店主不在，改约周四")
    eod.save_quick_draft(ws, entry)
    assert visit_records.load_visit(ws, pv_ids[2]).draft is None  # nothing for the full form
    visit_records.discard_draft(ws, pv_ids[2])
    assert eod.day_log(ws).rows[2].pending_draft.entry == entry
    visit_records.save_draft(ws, pv_ids[2], VisitForm(arrived="14:05", needs="想了解代发"))
    assert visit_records.load_visit(ws, pv_ids[2]).draft.form.needs == "想了解代发"
    assert eod.day_log(ws).rows[2].pending_draft.entry == entry
    visit_records.discard_draft(ws, pv_ids[2])
    assert visit_records.load_visit(ws, pv_ids[2]).draft is None
    assert eod.day_log(ws).rows[2].pending_draft.entry == entry

def test_with_a_server_database_reports_go_where_the_week_plan_files_go(tmp_path: Path):
    from types import SimpleNamespace

    from rmtui.services.submission import data_folder

    ws = SimpleNamespace(db=SimpleNamespace(url="postgresql+psycopg://rm@db.example/rmtui"),
                         loaded=SimpleNamespace(base_dir=tmp_path / "settings"))
    assert data_folder(ws) == tmp_path / "settings"
    assert reports.reports_dir(ws) == tmp_path / "settings" / "reports"
