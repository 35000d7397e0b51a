"""Benchmark: importing a 10,000-row customer book (target: ≤ 5 s for CSV, no geocoding).

Generates a CSV (UTF-8 with BOM, Chinese headers) and an .xlsx of the same
rows in a temporary folder, then times, on a fresh SQLite database:

* the first import through the library (all inserts),
* a re-import of the same file (all updates, no duplicates),
* the .xlsx import through the library,
* one import through the CLI in a subprocess (start-up included).

Run: ``.venv/bin/python bench/import_bench.py [--rows N] [--no-xlsx] [--no-cli]``
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

HEADER = ["客户编号", "客户名称", "地址", "所属区", "纬度", "经度", "客户等级", "营业时间", "联系人", "联系电话",
          "上次拜访日期", "片区", "备注"]
DISTRICTS = ["鼓楼区", "玄武区", "秦淮区", "建邺区", "雨花台区", "栖霞区", "江宁区", "浦口区"]
STREETS = ["中山路", "汉中路", "中华路", "北京东路", "江东中路", "龙蟠路", "应天大街", "草场门大街", "虎踞路"]
KINDS = ["便利店", "烟酒店", "超市", "商贸有限公司", "副食店", "药房", "餐饮店"]
TIERS = ["A", "B", "C", "D", "核心", "潜力", "一般"]
HOURS = ["", "Mo-Fr 09:00-18:00", "Mo-Sa 08:30-12:00,13:30-18:00; Su off", "Mo-Su 07:00-22:00", "24/7"]


def make_rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(1, n + 1):
        district = rng.choice(DISTRICTS)
        located = rng.random() < 0.6
        last = date(2026, 11, 20) - timedelta(days=rng.randint(1, 200))
        rows.append([
            f"K{i:06d}", f"{rng.choice(['金陵', '秦淮', '钟山', '玄武', '紫金'])}{rng.choice(KINDS)}{i}",
            f"南京市{district}{rng.choice(STREETS)}{rng.randint(1, 400)}号", district,
            f"{32.0 + rng.uniform(-0.15, 0.15):.6f}" if located else "",
            f"{118.78 + rng.uniform(-0.2, 0.2):.6f}" if located else "",
            rng.choice(TIERS), rng.choice(HOURS), rng.choice(["王建国", "李娜", "张伟", ""]),
            f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}", last.isoformat(),
            f"{district[:2]}-{rng.randint(1, 6):02d}", rng.choice(["", "重点", "新开户", ""]),
        ])
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("客户清单")
    sheet.append(HEADER)
    for r in rows:
        sheet.append([float(v) if j in (4, 5) and v else v for j, v in enumerate(r)])
    book.save(path)


def timed(label: str, func, rows: int):
    started = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - started
    print(f"{label:<34} {elapsed:6.2f} s  {rows / elapsed:>8,.0f} rows/s")
    return result, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--no-xlsx", action="store_true")
    parser.add_argument("--no-cli", action="store_true")
    args = parser.parse_args()

    from rmtui.config import LoadedSettings, Settings
    from rmtui.importing.service import import_customers
    from rmtui.workspace import open_workspace

    with tempfile.TemporaryDirectory(prefix="rmtui-import-bench-") as tmp:
        folder = Path(tmp)
        rows = make_rows(args.rows)
        csv_path = folder / "book.csv"
        write_csv(csv_path, rows)
        print(f"{args.rows:,} rows, CSV {csv_path.stat().st_size / 1e6:.1f} MB (UTF-8 with BOM, Chinese headers)")
        now = datetime(2026, 11, 24, 9, 0)
        ws = open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: now,
                            url=f"sqlite:///{folder / 'bench.db'}")
        try:
            first, t_csv = timed("CSV, first import (inserts)", lambda: import_customers(ws, csv_path), args.rows)
            assert first.inserted == args.rows and first.written, first
            again, _ = timed("CSV, re-import (updates)", lambda: import_customers(ws, csv_path), args.rows)
            assert again.inserted == 0 and again.updated == args.rows, again
            if not args.no_xlsx:
                xlsx_path = folder / "book.xlsx"
                write_xlsx(xlsx_path, rows)
                ws2 = open_workspace(loaded=LoadedSettings(Settings(), None), clock=lambda: now,
                                     url=f"sqlite:///{folder / 'bench-xlsx.db'}")
                try:
                    result, _ = timed("xlsx, first import", lambda: import_customers(ws2, xlsx_path), args.rows)
                    assert result.inserted == args.rows, result
                finally:
                    ws2.close()
        finally:
            ws.close()
        if not args.no_cli:
            cfg = folder / "config.yaml"
            cfg.write_text("database:\n  url: sqlite:///cli.db\n", encoding="utf-8")
            cmd = [sys.executable, "-m", "rmtui", "--config", str(cfg), "import", "customers", str(csv_path)]
            proc, _ = timed("CLI subprocess, first import", lambda: subprocess.run(
                cmd, capture_output=True, text=True, check=False), args.rows)
            if proc.returncode != 0:
                print(proc.stdout, proc.stderr, file=sys.stderr)
                return 1
        verdict = "OK" if t_csv <= 5.0 else "TOO SLOW"
        print(f"target: 10,000 CSV rows in ≤ 5 s → {verdict} ({t_csv:.2f} s for {args.rows:,})")
        return 0 if t_csv <= 5.0 * args.rows / 10_000 else 1


if __name__ == "__main__":
    sys.exit(main())
