"""Layering: only rmtui.ui may import textual; the domain imports no storage or solver."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "rmtui"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_ui_imports_textual():
    offenders = []
    for path in PKG.rglob("*.py"):
        if path.relative_to(PKG).parts[0] == "ui":
            continue
        if any(m == "textual" or m.startswith("textual.") for m in imported_modules(path)):
            offenders.append(str(path.relative_to(PKG.parent)))
    assert offenders == []


def test_domain_is_plain_python():
    banned = ("sqlalchemy", "textual", "ortools", "rmtui.store", "rmtui.ui", "rmtui.routing")
    offenders = [
        (str(p.relative_to(PKG.parent)), m)
        for p in (PKG / "domain").rglob("*.py")
        for m in imported_modules(p)
        if m.startswith(banned)
    ]
    assert offenders == []


def test_ortools_only_in_routing_solver():
    offenders = [
        str(p.relative_to(PKG.parent))
        for p in PKG.rglob("*.py")
        if any(m.startswith("ortools") for m in imported_modules(p)) and p.parent.name != "routing"
    ]
    assert offenders == []


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe)], cwd=PKG.parent, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
