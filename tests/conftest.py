"""Shared fixtures: every test gets its own RMCOACH_HOME and no LLM settings."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Loopback LLM servers (llama.cpp and the fault server) as fixtures for every test module.
pytest_plugins = ("llm_servers",)

_LLM_VARS = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "RMCOACH_MODEL",
    "RMCOACH_BACKEND",
    "RMCOACH_CHROMA_URL",
    "RMCOACH_EMBEDDING",
    "RMCOACH_JUDGE",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point all user state at a temporary directory; clear LLM settings."""
    home = tmp_path / "rmcoach-home"
    monkeypatch.setenv("RMCOACH_HOME", str(home))
    for var in _LLM_VARS:
        monkeypatch.delenv(var, raising=False)
    return home
