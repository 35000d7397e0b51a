"""Submission files of a real week (preview, submitted, edited after), submitting with them, the reminder."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from rmtui.domain.planning.periods import IsoWeek, Month
from rmtui.errors import InputError
from rmtui.services.plan_edits import move_visit, remove_visit, review_week
from rmtui.services.plan_month import build_month
from rmtui.services.planning import build_week
from rmtui.services.submission import (
    SubmissionFilesError,
    submission_paths,
    submission_reminder,
    submit_and_write,
    write_submission_files,
)
from rmtui.store import plans as repo

NEXT = IsoWeek(2026, 49)


def day_sheets(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    return {s.title: [r for r in s.iter_rows(min_row=2, values_only=True) if isinstance(r[0], int)]
            for s in wb.worksheets[1:]}


def test_preview_then_submit_writes_the_frozen_week(workspace, add_book, tmp_path):
    add_book(20, seed=12)
    info = build_week(workspace, NEXT, time_limit=1)
    build_month(workspace, Month(2026, 12), targets={"new_customers": "3"}, focus="代发工资")
    preview = write_submission_files(workspace, NEXT)
    assert preview.xlsx == tmp_path / "submissions" / "M001-2026-W49.xlsx"
    assert preview.markdown == tmp_path / "submissions" / "M001-2026-W49.md"
    assert not preview.frozen
    assert "当前计划预览（未提交）" in preview.markdown.read_text(encoding="utf-8")

    result, files = submit_and_write(workspace, NEXT)
    assert result.plan.status == "submitted" and files.frozen and files.xlsx == preview.xlsx
    placed = [v for v in info.visits if v.active]
    sheets = day_sheets(files.xlsx)
    assert sum(len(r) for r in sheets.values()) == len(placed)
    first = placed[0]
    row = next(r for rows in sheets.values() for r in rows if r[2] == first.code)
    assert row[1] == first.planned_start.strftime("%H:%M") and row[9] == first.minutes
    assert row[4] == first.address and row[7] == first.focus and row[8] == first.standard
    md = files.markdown.read_text(encoding="utf-8")
    assert "- **状态**: 已提交" in md and "## 2026-12 月度目标" in md and "| 本月重点 | 代发工资 |  |" in md
    assert not list(files.xlsx.parent.glob(".*.tmp"))  # no temporary file left behind

    # Edits after the submission are deviations; the files still show the week as submitted.
    before = day_sheets(files.xlsx)
    other = next(d for d in NEXT.days()[:5] if d != first.day)
    move_visit(workspace, first.id, other, reason="客户出差")
    remove_visit(workspace, placed[1].id, "客户取消")
    again = write_submission_files(workspace, NEXT)
    assert again.frozen
    assert day_sheets(again.xlsx) == before
    english = write_submission_files(workspace, NEXT, locale="en")
    assert "- **Version**: as submitted" in english.markdown.read_text(encoding="utf-8")
    assert [[r[2] for r in rows] for rows in day_sheets(english.xlsx).values()] == \
        [[r[2] for r in rows] for rows in before.values()]


def test_a_returned_plan_is_written_as_it_is_now(workspace, add_book):
    add_book(12, seed=3)
    build_week(workspace, NEXT, time_limit=1)
    submit_and_write(workspace, NEXT)
    review_week(workspace, NEXT, approve=False, comment="周三多安排两家核心客户")
    files = write_submission_files(workspace, NEXT)
    md = files.markdown.read_text(encoding="utf-8")
    assert not files.frozen and "- **状态**: 已退回" in md and "- **主管意见**: 周三多安排两家核心客户" in md
    assert "- **版本**: 当前计划\n" in md


def test_files_that_cannot_be_written_leave_the_submission_standing(workspace, add_book, tmp_path):
    add_book(12, seed=4)
    build_week(workspace, NEXT, time_limit=1)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SubmissionFilesError, match=r"(?s)is submitted .* rmtui plan files 2026-W49") as err:
        submit_and_write(workspace, NEXT, out_dir=blocker)
    assert err.value.result.plan.status == "submitted"
    with workspace.db.sessions() as s:
        assert repo.get_week_plan(s, workspace.manager_id, 2026, 49).status == "submitted"
    files = write_submission_files(workspace, NEXT, out_dir=tmp_path / "out")  # written again later
    assert files.frozen and files.xlsx.exists() and files.markdown.exists()


def test_no_plan_no_files(workspace):
    with pytest.raises(InputError, match="build it first"):
        write_submission_files(workspace, NEXT)
    assert submission_paths(workspace, NEXT, Path("/x"))[0] == Path("/x/M001-2026-W49.xlsx")


def _plan_with_status(ws, week: IsoWeek, status: str) -> None:
    with ws.db.sessions.begin() as s:
        plan = repo.create_week_plan(s, ws.manager_id, week.year, week.week, ws.now())
        plan.status = status


@pytest.mark.parametrize(("now", "kind"), [
    (datetime(2026, 11, 26, 11, 59), None),  # Thursday before noon
    (datetime(2026, 11, 26, 12, 0), "due"),  # Thursday noon: 29 h before Friday 17:00
    (datetime(2026, 11, 27, 17, 0), "due"),  # the deadline itself is still on time
    (datetime(2026, 11, 27, 17, 1), "late"),
    (datetime(2026, 11, 29, 22, 0), "late"),  # Sunday evening, still not submitted
    (datetime(2026, 11, 30, 8, 0), None),  # Monday: week 49 has started, week 50 is not due yet
])
def test_reminder_from_thursday_noon_then_late(workspace, now, kind):
    workspace.clock = lambda: now
    reminder = submission_reminder(workspace)
    assert (reminder.kind if reminder else None) == kind
    if reminder:
        assert reminder.week == NEXT and reminder.deadline == datetime(2026, 11, 27, 17, 0)
        assert reminder.status == "none"


def test_reminder_texts_and_submitted_plans(workspace):
    workspace.clock = lambda: datetime(2026, 11, 26, 12, 0)
    due = submission_reminder(workspace)
    assert due.text("zh") == "下周计划（2026-W49）请于周五 17:00前提交。"
    assert due.text("en") == "Next week's plan (2026-W49) is due Fri 17:00."
    assert due.key == "submission.reminder_due" and due.values("en") == {"week": "2026-W49", "when": "Fri 17:00"}
    assert str(due) == due.text("zh")  # the configured language
    assert str(submission_reminder(workspace, "en")) == due.text("en")
    _plan_with_status(workspace, NEXT, "submitted")
    assert submission_reminder(workspace) is None
    workspace.clock = lambda: datetime(2026, 11, 28, 9, 0)
    assert submission_reminder(workspace) is None  # submitted: nothing to say, even after the deadline


def test_a_returned_plan_is_reminded_again(workspace):
    _plan_with_status(workspace, NEXT, "returned")
    workspace.clock = lambda: datetime(2026, 11, 27, 18, 0)
    late = submission_reminder(workspace)
    assert late.kind == "late" and late.status == "returned"
    assert late.text("zh") == "下周计划（2026-W49）已过截止时间（周五 17:00），尚未提交，提交时将标记为逾期。"
