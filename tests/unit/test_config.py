from __future__ import annotations

from pathlib import Path

import pytest

from rmtui.cli import main
from rmtui.config import Settings, load_settings
from rmtui.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def test_repo_config_is_the_documented_default():
    loaded = load_settings(REPO / "config.yaml")
    assert loaded.settings == Settings()
    assert loaded.database_url() == f"sqlite:///{REPO / 'data' / 'rmtui.db'}"


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "c.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("locale: zh\nfoo: 1\n", "foo", "unknown key"),
        ("workday:\n  lunch:\n    earliest: '13:00'\n    latest: '12:00'\n", "workday.lunch.latest", "after"),
        ("workday:\n  start: '18:00'\n  end: '08:00'\n", "workday.end", "after workday.start"),
        ("workday:\n  reserved_minutes: -5\n", "workday.reserved_minutes", "greater than or equal to 0"),
        ("workday:\n  start: 9:00\n", "workday.start", "quoted"),
        ("locale: fr\n", "locale", "'zh' or 'en'"),
        ("checklists:\n  - id: x\n    tiers: [vip]\n    items: [a]\n", "checklists[0].tiers[0]", "defined tier"),
        ("tier_aliases: {A: gold}\n", "tier_aliases.A", "defined tier"),
        ("timezone: Mars/Olympus\n", "timezone", "IANA"),
        ("tiers:\n  - {id: core, name_zh: 核心, name_en: Core, interval_days: 0, visit_minutes: 20}\n",
         "tiers[0].interval_days", "greater than or equal to 1"),
        ("locations:\n  start: moon\n", "locations.start", "one of locations.places"),
    ],
)
def test_bad_config_names_key(tmp_path, text, key, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    message = str(err.value)
    assert str(path) in message
    assert f"'{key}'" in message
    assert fragment in message


def test_bad_config_exits_2_without_traceback(tmp_path, capsys):
    path = write(tmp_path, "foo: 1\n")
    assert main(["--config", str(path), "customers", "list"]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'foo'" in err and "Traceback" not in err


def test_missing_config_named_explicitly(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "nope.yaml"), "customers", "list"]) == 2
    assert "no such configuration file" in capsys.readouterr().err


def test_not_yaml_and_not_mapping(tmp_path):
    with pytest.raises(ConfigError, match="not valid YAML at line 2"):
        load_settings(write(tmp_path, "a: [1\n"))
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_settings(write(tmp_path, "- 1\n- 2\n"))


def test_lookup_order(tmp_path, monkeypatch):
    env_file = write(tmp_path, "locale: en\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("locale: zh\n", encoding="utf-8")
    monkeypatch.setenv("RMTUI_CONFIG", str(env_file))
    assert load_settings().settings.locale == "en"
    monkeypatch.delenv("RMTUI_CONFIG")
    assert load_settings().path == tmp_path / "config.yaml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "config.yaml").unlink()
    assert load_settings().path is None  # built-in defaults
    (tmp_path / "xdg" / "rmtui").mkdir(parents=True)
    (tmp_path / "xdg" / "rmtui" / "config.yaml").write_text("locale: en\n", encoding="utf-8")
    assert load_settings().settings.locale == "en"


def test_relative_database_path_is_relative_to_config(tmp_path):
    sub = tmp_path / "conf"
    sub.mkdir()
    p = sub / "c.yaml"
    p.write_text("database:\n  url: sqlite:///db/x.db\n", encoding="utf-8")
    assert load_settings(p).database_url() == f"sqlite:///{sub / 'db' / 'x.db'}"


def test_a_refused_database_url_never_shows_its_password(tmp_path):
    from rmtui.config import ConfigError, load_settings

    path = tmp_path / "config.yaml"
    path.write_text("database:\n  url: mysql://rm:s3cret-pw@db.example/rmtui\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "s3cret-pw" not in message and "mysql://rm:***@db.example/rmtui" in message
