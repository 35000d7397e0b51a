"""F1 help: the screen's keys first (hidden ones included), then the app's, all in the interface
language; Textual's generic widget keys are left out."""

from __future__ import annotations

from textual.widgets import Static

from rmtui.ui.app import make_app


async def help_text(app, pilot, *keys: str) -> str:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.press("f1")
    await pilot.pause()
    assert type(app.screen).__name__ == "HelpModal"
    return str(app.screen.query_one(Static).render())


async def test_help_lists_the_screen_keys_then_the_app_keys_in_chinese(book_workspace):
    app = make_app(book_workspace, locale="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = await help_text(app, pilot, "f6")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[0] == "快捷键"
        assert lines[1].startswith("^f") and "搜索" in lines[1]  # the screen's first key, at the top
        assert any(line.startswith("⏎") and "拜访" in line for line in lines)  # enter: the screen's, not "Select"
        assert any(line.startswith("^e") and "客户" in line for line in lines)  # hidden in the footer, listed here
        assert lines.index("所有界面") > max(i for i, line in enumerate(lines) if line.startswith("^d"))
        assert "命令面板" in lines[-1]
        for english in ("Cursor", "Focus Next", "Copy selected", "palette"):
            assert english not in text


async def test_help_in_english_from_today(book_workspace):
    app = make_app(book_workspace, locale="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = await help_text(app, pilot)
        assert "Re-optimise" in text and "Go to date" in text and "Everywhere" in text
        assert text.index("Re-optimise") < text.index("Everywhere") < text.index("Follow-ups", text.index("Everywhere"))
        assert "Cursor up" not in text
