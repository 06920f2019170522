"""The tools CI relies on: ruff (lint + format), mypy, and the one-way dependency rule."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "rmcoach"

# module (package) -> packages of rmcoach it must never import (DESIGN.md: tui and cli ->
# session -> partner, analysis, scoring, knowledge, history -> content, config)
FORBIDDEN = {
    "content": {"session", "tui", "cli", "partner", "analysis", "scoring", "knowledge", "history"},
    "analysis": {"session", "tui", "cli", "partner", "scoring", "knowledge", "history"},
    "scoring": {"session", "tui", "cli", "partner", "knowledge", "history"},
    "knowledge": {"session", "tui", "cli", "partner", "scoring", "history"},
    "partner": {"session", "tui", "cli", "scoring", "history"},
    "history": {"session", "tui", "cli", "partner", "analysis", "scoring", "knowledge"},
    "session": {"tui", "cli"},
    "config": {"session", "tui", "cli", "content", "partner", "analysis", "scoring", "knowledge"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rmcoach."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("rmcoach.")}
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependencies_point_one_way(package: str) -> None:
    target = SRC / package
    files = sorted(target.rglob("*.py")) if target.is_dir() else [SRC / f"{package}.py"]
    for path in files:
        bad = _imports(path) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports rmcoach.{', rmcoach.'.join(sorted(bad))}"


def test_only_the_tui_imports_textual() -> None:
    for path in SRC.rglob("*.py"):
        if "tui" in path.relative_to(SRC).parts or path.name == "studio.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "import textual" not in text and "from textual" not in text, path


def _tool(name: str) -> list[str]:
    if shutil.which(name) is None:
        pytest.fail(f"{name} is not installed; it is part of the test extra")
    return [sys.executable, "-m", name]


def test_ruff_lint_and_format() -> None:
    lint = subprocess.run([*_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = subprocess.run(
        [*_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout[-3000:]


def test_mypy_types_the_package() -> None:
    result = subprocess.run([*_tool("mypy")], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:]
