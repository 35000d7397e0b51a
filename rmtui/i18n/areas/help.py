"""Messages of the help screen (F1)."""

from __future__ import annotations

EN: dict[str, str] = {
    "help.app_keys": "Everywhere",
    "help.palette": "command palette: every action by name",
}

ZH: dict[str, str] = {
    "help.app_keys": "所有界面",
    "help.palette": "命令面板：按名称查找所有操作",
}
