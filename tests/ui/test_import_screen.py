"""The import screen: path checks, preview with mapping and report, refusal while rows are bad,
skip-invalid with a reject file, mapping edits remembered, workbook sheets, the offer to geocode."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select
from textual.widgets import Checkbox, DataTable, Label, Select, Static

from rmtui.geo.fake import FakeGeocoder
from rmtui.geo.geocoder import GeoAnswer
from rmtui.store.models import Customer
from rmtui.ui.app import make_app
from rmtui.ui.screens.import_customers import ImportScreen
from pilot_helpers import settle

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = "import_customers_small.csv"



def book(ws) -> dict[str, Customer]:
    with ws.db.sessions() as s:
        return {c.code: c for c in s.scalars(select(Customer))}


def copy_fixture(tmp_path) -> Path:
    target = tmp_path / SMALL
    shutil.copy(FIXTURES / SMALL, target)
    return target


async def open_file(app, pilot, path) -> ImportScreen:
    await pilot.press("f10")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    await pilot.press(*str(path), "enter")
    await settle(app, pilot)
    return screen


async def focus_moved_on(pilot) -> None:
    """After a preview the focus goes to the mapping on the next refresh: wait for it (snapshots)."""
    for _ in range(50):
        if pilot.app.focused is not None and pilot.app.focused.id != "path":
            return
        await pilot.pause(0.02)
    raise AssertionError(f"focus stayed on {pilot.app.focused!r}")


def text_of(screen, selector) -> str:
    return str(screen.query_one(selector).render())


async def test_bad_rows_refuse_the_import_until_skip_invalid_then_offer_to_geocode(workspace, tmp_path):
    ws = workspace
    path = copy_fixture(tmp_path)
    app = make_app(ws, locale="en")
    fake = FakeGeocoder({"南京市鼓楼区汉中路89号": GeoAnswer(32.0431, 118.7702, "house", True, provider="fake")})
    app.geocoder = fake  # the Locations screen uses the app's geocoder: never the network in a test
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_file(app, pilot, path)
        preview = screen.preview
        assert preview is not None and (preview.new, preview.updated, preview.rows) == (4, 0, 5)
        assert preview.mapping["tier"] == "客户等级" and "客户经理" not in preview.mapping.values()
        assert "4 new · 0 updated · 1 invalid row(s)" in text_of(screen, "#summary")
        table = screen.query_one("#preview", DataTable)
        assert table.row_count == 5
        assert str(table.get_cell("4", "ok")) == "✗" and str(table.get_cell("2", "ok")) == "✓"
        assert str(table.get_cell("2", "tier")) == "Core"  # 'A' as it will be imported
        report = screen.query_one("#report", DataTable)
        assert report.row_count == 1 and str(report.get_cell_at((0, 2))) == "VIP"

        await pilot.press("ctrl+s")  # refused: a row is bad and skip-invalid is not ticked
        await settle(app, pilot)
        assert book(ws) == {} and not (tmp_path / "import_customers_small.rejected.csv").exists()

        screen.query_one("#skip-invalid", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        customers = book(ws)
        assert sorted(customers) == ["N001", "N002", "N004", "N005"]
        assert customers["N001"].tier == "core" and customers["N001"].opening_hours.startswith("Mo-Fr 09:00-18:00")
        rejected = tmp_path / "import_customers_small.rejected.csv"
        assert "N003" in rejected.read_text(encoding="utf-8-sig")
        assert str(rejected) in text_of(screen, "#result") and "4 new, 0 updated" in text_of(screen, "#result")
        # None has coordinates: the screen offers to find them; accepted, the run starts by itself.
        assert app.screen.__class__.__name__ == "GeocodeOfferModal"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "GeocodeScreen"
        assert len(fake.calls) == 4  # every imported address looked up, without pressing g
        located = {code: (c.geo_quality, c.lat) for code, c in book(ws).items()}
        assert located["N001"] == ("exact", 32.0431) and located["N002"] == ("none", None)


async def test_editing_the_mapping_previews_again_and_is_remembered(workspace, tmp_path):
    ws = workspace
    path = copy_fixture(tmp_path)
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_file(app, pilot, path)
        manager = next(s for s in screen.query(".map-select").results(Select) if s.name == "客户经理")
        manager.focus()
        await pilot.press("enter", *"notes", "enter")  # open the list, type to find "notes", choose it
        await settle(app, pilot)
        assert screen.preview.mapping_source == "given" and screen.preview.mapping["notes"] == "客户经理"
        assert "notes" in [str(c.key.value) for c in screen.query_one("#preview", DataTable).columns.values()]

        # A field belongs to one column: giving 'contact' to 客户经理 takes it from 联系人.
        manager.focus()
        await pilot.press("enter", *"contact", "enter")
        await settle(app, pilot)
        selects = {s.name: s.value for s in screen.query(".map-select").results(Select)}
        assert selects["客户经理"] == "contact" and selects["联系人"] == Select.NULL
        assert screen.preview.mapping["contact"] == "客户经理" and "notes" not in screen.preview.mapping

        # Without a tier column nothing can be imported.
        tier = next(s for s in screen.query(".map-select").results(Select) if s.name == "客户等级")
        tier.focus()
        await pilot.press("enter", "home", "enter")
        await settle(app, pilot)
        assert screen.preview.report is None and "tier" in text_of(screen, "#mapping-problem")
        screen.query_one("#skip-invalid", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert book(ws) == {}

        tier.focus()
        await pilot.press("enter", *"tier", "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert book(ws)["N001"].contact == "张三"  # from 客户经理, as mapped
        await pilot.press("escape")  # the offer to geocode: later
        await pilot.pause()

    app = make_app(ws, locale="en")  # the same headers again: the edited mapping is reused
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_file(app, pilot, path)
        assert screen.preview.mapping_source == "saved" and screen.preview.mapping["contact"] == "客户经理"
        assert (screen.preview.new, screen.preview.updated) == (0, 4)


async def test_the_path_is_checked_beside_the_field(workspace, tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf")
    app = make_app(workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        screen = app.screen
        await pilot.press(*str(tmp_path / "nope.csv"))
        await pilot.pause()
        assert "文件不存在" in str(screen.query_one("#path-error", Label).render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.preview is None
        await pilot.press("ctrl+u", *str(tmp_path / "old.xls"))
        await pilot.pause()
        assert ".xlsx" in str(screen.query_one("#path-error", Label).render())
        await pilot.press("ctrl+u", *str(tmp_path), "enter")
        await settle(app, pilot)
        assert "文件夹" in str(screen.query_one("#path-error", Label).render()) and screen.preview is None


async def test_a_workbook_offers_its_sheets(workspace, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "说明"
    first.append(["本表由系统导出"])
    second = wb.create_sheet("客户")
    second.append(["客户编号", "客户名称", "客户等级"])
    second.append(["X1", "甲店", "核心"])
    second.append(["X2", "乙店", "潜力"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    app = make_app(workspace, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_file(app, pilot, path)
        sheet = screen.query_one("#sheet", Select)
        assert screen.has_class("-workbook") and sheet.display and sheet.value == "说明"
        assert screen.preview is None  # the first sheet holds no customers: the reason is shown
        assert "no customer rows" in str(screen.query_one("#path-error", Label).render())
        sheet.focus()
        await pilot.press("enter", "down", "enter")
        await settle(app, pilot)
        assert screen.preview is not None and screen.preview.new == 2 and not screen.preview.report.problems
        await pilot.click("#import-button")  # the button does what ctrl+s does
        await settle(app, pilot)
        assert sorted(book(workspace)) == ["X1", "X2"]


def test_import_snapshot_zh(workspace, snap_compare, monkeypatch):
    monkeypatch.chdir(FIXTURES)  # a short relative path in the box, the same on every machine
    app = make_app(workspace, locale="zh")

    async def run_before(pilot):
        await open_file(pilot.app, pilot, SMALL)
        await focus_moved_on(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_import_snapshot_en(workspace, snap_compare, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    app = make_app(workspace, locale="en")

    async def run_before(pilot):
        await open_file(pilot.app, pilot, SMALL)
        await focus_moved_on(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


async def test_opened_with_a_path_switching_language_and_files(workspace, tmp_path):
    first = copy_fixture(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("code,name,tier,lat,lon\nY1,丙店,core,32.05,118.78\n", encoding="utf-8")
    app = make_app(workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = ImportScreen(str(first))
        app.push_screen(screen)
        await settle(app, pilot)
        assert screen.preview is not None and screen.preview.new == 4
        await pilot.press("f2")  # English: the editor and the tables are rebuilt, the mapping kept
        await settle(app, pilot)
        assert "First rows" in str(screen.query_one("#preview-title", Label).render())
        assert str(screen.query_one("#preview", DataTable).get_cell("2", "tier")) == "Core"
        assert screen.preview.mapping_source == "detected" and len(screen.query(".map-select")) == 10
        screen.query_one("#path").focus()
        await pilot.press("ctrl+u", *str(other), "enter")
        await settle(app, pilot)
        assert [s.name for s in screen.query(".map-select").results(Select)] == ["code", "name", "tier", "lat", "lon"]
        assert screen.preview.new == 1 and not screen.preview.report.problems


async def test_problem_text_wraps_within_a_narrow_terminal(workspace, tmp_path):
    """At 100 columns the problem column fits the pane (nothing cut at the right edge); wider again
    when the terminal grows."""
    path = copy_fixture(tmp_path)
    app = make_app(workspace, locale="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_file(app, pilot, path)
        report = screen.query_one("#report", DataTable)
        assert report.row_count == 1
        assert report.virtual_size.width <= report.scrollable_content_region.width
        narrow = next(c.width for c in report.columns.values() if c.key.value == "problem")
        await pilot.resize_terminal(160, 48)
        await settle(app, pilot)
        report = screen.query_one("#report", DataTable)
        wide = next(c.width for c in report.columns.values() if c.key.value == "problem")
        assert narrow < 38 < wide
        assert report.virtual_size.width <= report.scrollable_content_region.width


async def test_problems_and_file_errors_follow_the_interface_language(workspace, tmp_path):
    path = copy_fixture(tmp_path)
    header_only = tmp_path / "header_only.csv"
    header_only.write_text("客户编号,客户名称,客户等级\n", encoding="utf-8")
    app = make_app(workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_file(app, pilot, path)
        report = screen.query_one("#report", DataTable)
        assert [str(report.get_cell_at((0, i))) for i in range(3)] == ["4", "客户等级", "VIP"]
        assert str(report.get_cell_at((0, 3))).startswith("不是已知等级；可填：核心客户/潜力客户/一般客户")
        await pilot.press("f2")  # the same report, worded in English
        await settle(app, pilot)
        assert str(screen.query_one("#report", DataTable).get_cell_at((0, 3))).startswith(
            "unknown tier; expected one of core, potential, regular")
        await pilot.press("f2")
        await settle(app, pilot)
        screen.query_one("#path").focus()
        await pilot.press("ctrl+u", *str(header_only), "enter")
        await settle(app, pilot)
        assert screen.preview is None
        assert str(screen.query_one("#path-error", Label).render()) == f"{header_only}：文件只有表头，没有客户数据行"
