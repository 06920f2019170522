"""Shared fixtures: every test gets its own RMCOACH_HOME and no rmcoach settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmcoach.config import ENVIRONMENT

#: Loopback LLM servers (llama.cpp and the fault server) as fixtures for every test module.
pytest_plugins = ("llm_servers",)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point all user state at a temporary directory; clear every rmcoach setting."""
    home = tmp_path / "rmcoach-home"
    monkeypatch.setenv("RMCOACH_HOME", str(home))
    for var in ENVIRONMENT:  # no developer setting (key, model, theme...) leaks into a test
        monkeypatch.delenv(var, raising=False)
    return home
