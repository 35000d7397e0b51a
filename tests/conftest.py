"""Shared fixtures: a workspace on a temporary SQLite file with a fixed clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from rmtui.config import LoadedSettings, Settings


FIXED_NOW = datetime(2026, 11, 24, 9, 0)  # a Tuesday


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def workspace(tmp_path: Path, settings: Settings):
    from rmtui.workspace import open_workspace

    loaded = LoadedSettings(settings, None)
    ws = open_workspace(loaded=loaded, clock=lambda: FIXED_NOW, url=f"sqlite:///{tmp_path / 'test.db'}")
    yield ws
    ws.close()


@pytest.fixture
def config_file(tmp_path: Path):
    """Write a config YAML into tmp_path whose database lives there too; returns its path."""

    def make(extra: str = "") -> Path:
        path = tmp_path / "config.yaml"
        path.write_text("database:\n  url: sqlite:///rmtui.db\n" + extra, encoding="utf-8")
        return path

    return make
