"""``rmtui plan submit|files|calendar``: files written, paths printed, errors exit 2."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from rmtui.cli import main

NOW = datetime(2026, 11, 27, 16, 0)  # Friday, an hour before week 49's plan is due
HEADER = "code,name,address,lat,lon,tier,last_visit\n"


@pytest.fixture
def cli(tmp_path, monkeypatch, config_file):
    import rmtui.workspace

    monkeypatch.setattr(rmtui.workspace, "system_clock", lambda zone: (lambda: NOW))
    config = config_file()

    def run(*args: str) -> int:
        return main(["--config", str(config), *args])

    book = tmp_path / "book.csv"
    rows = [f"C{k:04d},客户{k},南京市鼓楼区测试路{k}号,{32.04 + 0.004 * k:.6f},{118.78 + 0.003 * k:.6f},core,2026-11-16"
            for k in range(6)]
    book.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    assert run("import", "customers", str(book)) == 0
    return run


def test_submit_writes_the_files_and_prints_their_paths(cli, capsys, tmp_path):
    assert cli("plan", "files", "next") == 2
    assert "there is no plan for 2026-W49 yet; build it first" in capsys.readouterr().err
    assert cli("plan", "week", "next", "--time-limit", "1") == 0
    capsys.readouterr()
    assert cli("plan", "submit", "2026-W49") == 0
    out = capsys.readouterr().out
    xlsx, md = tmp_path / "submissions" / "M001-2026-W49.xlsx", tmp_path / "submissions" / "M001-2026-W49.md"
    assert "已提交 2026-11-27 16:00（截止时间 2026-11-27 17:00）" in out
    assert f"提交文件（提交版本）：\n  {xlsx}\n  {md}" in out
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert wb.sheetnames[0] == "汇总" and wb["汇总"]["A1"].value == "周工作计划 2026-W49 — 李明"
    assert "- **状态**: 已提交" in md.read_text(encoding="utf-8")

    out_dir = tmp_path / "for-supervisor"
    assert cli("plan", "files", "2026-W49", "--out", str(out_dir), "--lang", "en", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"xlsx": str(out_dir / "M001-2026-W49.xlsx"), "markdown": str(out_dir / "M001-2026-W49.md"),
                    "frozen": True}
    wb = openpyxl.load_workbook(out_dir / "M001-2026-W49.xlsx")
    assert wb.sheetnames[0] == "Summary" and wb.worksheets[1]["B1"].value == "Time"


def test_submit_json_lists_the_files_and_a_failure_keeps_the_submission(cli, capsys, tmp_path):
    assert cli("plan", "week", "next", "--time-limit", "1") == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert cli("plan", "submit", "next", "--out", str(blocker)) == 2
    captured = capsys.readouterr()
    assert "已提交 2026-11-27 16:00" in captured.out  # the submission stands …
    assert "is submitted (2026-11-27 16:00), but its files could not be written" in captured.err
    assert "rmtui plan files 2026-W49" in captured.err  # … and the way to write the files again is given
    assert cli("plan", "submit", "next") == 2
    assert "already submitted" in capsys.readouterr().err
    assert cli("plan", "files", "next", "--json") == 0
    assert json.loads(capsys.readouterr().out)["frozen"] is True


def test_calendar_export(cli, capsys, tmp_path):
    assert cli("plan", "calendar", "next") == 2
    assert "build it first" in capsys.readouterr().err
    assert cli("plan", "week", "next", "--time-limit", "1", "--json") == 0
    visits = [v for v in json.loads(capsys.readouterr().out)["visits"] if v["status"] != "removed"]
    target = tmp_path / "week.ics"
    assert cli("plan", "calendar", "next", "--out", str(target)) == 0
    assert f"日历文件：{target}（{len(visits)} 个拜访）" in capsys.readouterr().out
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == sorted(f"pv-{v['id']}-M001@rmtui" for v in visits)
    assert cli("plan", "calendar", "next", "--json", "--lang", "en") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == str(Path(tmp_path / "calendar" / "M001-2026-W49.ics")) and data["events"] == len(visits)
    assert cli("plan", "calendar", "2026-W99") == 2
    assert "week 99 of 2026 does not exist" in capsys.readouterr().err
