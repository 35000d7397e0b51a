from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from rmtui.ui.app import make_app
from rmtui.ui.widgets.customer_detail import CustomerDetailView


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_customers(app, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("c")  # from Today
    await settle(app, pilot)


async def test_search_by_pinyin_initials_and_detail(book_workspace):
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_customers(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 4
        await pilot.press("ctrl+f", *"gllj")  # 鼓楼烟酒店 → g l y j? initials of 鼓楼烟酒
        await settle(app, pilot)
        assert table.row_count == 0
        assert "没有匹配" in str(app.screen.query_one("#pager", Static).render())
        search = app.screen.query_one("#search", Input)
        search.value = ""
        await pilot.press(*"jlfs")
        await settle(app, pilot)
        assert table.row_count == 1
        await pilot.press("enter")  # back to the table
        await settle(app, pilot)
        detail = str(app.screen.query_one(CustomerDetailView).query_one("#detail", Static).render())
        assert "金陵副食便利店" in detail
        assert "送货延迟投诉" in detail  # open complaint shown inline
        assert "2026-11-03" in detail  # visit history
        assert "2026-11-17" in detail and "已逾期 7 天" in detail  # core: 14 days after Nov 3


async def test_language_switch_relabels(book_workspace):
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_customers(app, pilot)
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()][:2] == ["编号", "名称"]
        await pilot.press("f2")
        await settle(app, pilot)
        assert [str(c.label) for c in table.columns.values()][:2] == ["Code", "Name"]
        assert "Core" in str(table.get_row("C0001"))


def test_customers_snapshot_zh(book_workspace, snap_compare):
    assert snap_compare(make_app(book_workspace, locale="zh"), terminal_size=(120, 36),
                        run_before=_wait)


def test_customers_snapshot_en(book_workspace, snap_compare):
    assert snap_compare(make_app(book_workspace, locale="en"), terminal_size=(120, 36),
                        run_before=_wait)


async def _wait(pilot) -> None:
    await open_customers(pilot.app, pilot)


async def test_kept_list_comes_back_where_it_was_and_refreshed(book_workspace):
    from sqlalchemy import update

    from rmtui.store.models import Customer

    ws = book_workspace
    app = make_app(ws, locale="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_customers(app, pilot)
        kept = app.screen
        table = kept.query_one(DataTable)
        detail = kept.query_one(CustomerDetailView).query_one("#detail", Static)
        await pilot.press("down", "down")
        await settle(app, pilot)
        assert table.cursor_row == 2 and "C0003" in str(detail.render())
        await pilot.press("escape")
        await settle(app, pilot)
        with ws.db.sessions.begin() as s:  # changed elsewhere meanwhile (a visit recorded, an import)
            s.execute(update(Customer).where(Customer.code == "C0003").values(name="鼓楼烟酒总店"))
        await pilot.press("c")
        await settle(app, pilot)
        assert app.screen is kept and table.cursor_row == 2
        assert "鼓楼烟酒总店" in str(table.get_row("C0003")) and "鼓楼烟酒总店" in str(detail.render())
        await pilot.press("up")  # the detail follows the cursor
        await settle(app, pilot)
        assert "C0002" in str(detail.render())
