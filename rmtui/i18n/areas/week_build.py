"""Text of a week being built (the search runs in its own process)."""

EN: dict[str, str] = {
    "week_build.searching": "Building {week}… {seconds} s of at most {limit} s (escape cancels)",
}

ZH: dict[str, str] = {
    "week_build.searching": "正在编排 {week}… 已用{seconds}秒，最多{limit}秒（Esc 取消）",
}
