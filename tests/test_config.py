"""Settings precedence: defaults < config file < environment < command-line flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmcoach.config import load_settings
from rmcoach.errors import ConfigError


def write_config(home: Path, text: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_use_the_offline_partner(isolated_home: Path) -> None:
    settings = load_settings()
    assert settings.llm_enabled is False
    assert settings.paths.history_db == isolated_home / "data" / "history.db"
    assert settings.masked_key == "(not set)"


def test_precedence_file_then_env_then_flag(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(isolated_home, '[llm]\nmodel = "from-file"\ntimeout = 5\n[ui]\ntheme = "nord"\n')
    settings = load_settings()
    assert (settings.model, settings.timeout, settings.theme) == ("from-file", 5.0, "nord")
    assert settings.sources["model"].endswith("config.toml")

    monkeypatch.setenv("RMCOACH_MODEL", "from-env")
    settings = load_settings()
    assert settings.model == "from-env" and settings.sources["model"] == "RMCOACH_MODEL"
    assert settings.timeout == 5.0

    settings = load_settings(model="from-flag")
    assert settings.model == "from-flag" and settings.sources["model"] == "flag"


def test_llm_enabled_needs_a_model_and_an_endpoint_or_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RMCOACH_MODEL", "llama3")
    assert load_settings().llm_enabled is False
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    assert load_settings().llm_enabled is True
    assert load_settings(backend="scripted").llm_enabled is False


def test_key_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-abcdefghijklmnop")
    masked = load_settings().masked_key
    assert "secret" not in masked and masked.endswith("mnop")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[llm]\nmodel = \n", "not valid TOML"),
        ("[llm]\ncolour = 'blue'\n", "unknown setting 'llm.colour'"),
        ("[llm]\ntimeout = 'soon'\n", "timeout must be a positive number"),
        ("[llm]\nbackend = 'magic'\n", "backend must be one of"),
        ("llm = 3\n", "[llm] must be a table"),
    ],
)
def test_bad_config_file_names_file_and_field(
    isolated_home: Path, text: str, fragment: str
) -> None:
    path = write_config(isolated_home, text)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RMCOACH_MAX_RETRIES", "-2")
    with pytest.raises(ConfigError, match="RMCOACH_MAX_RETRIES"):
        load_settings()
