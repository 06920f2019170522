"""The foundation commands as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rmcoach.cli import main

CORE_MODULES = (
    "rmcoach.session",
    "rmcoach.cli",
    "rmcoach.history",
    "rmcoach.analysis",
    "rmcoach.partner",
    "rmcoach.scoring",
    "rmcoach.content",
)


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RMCOACH_HOME": str(home)}
    env.pop("OPENAI_API_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "rmcoach", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_help_and_personas_import_nothing_heavy(isolated_home: Path) -> None:
    code = (
        "import sys\n"
        "from rmcoach.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['personas'])\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('chromadb', 'openai', 'textual', 'onnxruntime') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    env = {**os.environ, "RMCOACH_HOME": str(isolated_home)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_core_never_imports_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE_MODULES)
        + "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_personas_and_topics_json(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["personas", "--json"]) == 0
    personas = json.loads(capsys.readouterr().out)
    assert {"id", "mode", "name", "role", "attitude", "difficulty"} <= set(personas[0])
    assert main(["topics", "--json"]) == 0
    topics = json.loads(capsys.readouterr().out)
    assert all(t["concepts"] for t in topics)


def test_lint_passes_on_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "all valid" in out.out


def test_lint_fails_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "personas" / "oops.yaml"
    bad.parent.mkdir()
    bad.write_text("id: oops\nmode: boss\n", encoding="utf-8")
    assert main(["lint", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: 'mode' must be one of mentor, mentee" in err


def test_user_persona_with_typo_is_reported_but_shipped_ones_still_list(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_personas = isolated_home / "content" / "personas"
    user_personas.mkdir(parents=True)
    (user_personas / "typo.yaml").write_text("id: typo\nname: [\n", encoding="utf-8")
    assert main(["personas"]) == 0
    out = capsys.readouterr()
    assert "cfo-skeptic" in out.out and "content problem" in out.err
    assert main(["lint"]) == 1
    assert str(user_personas / "typo.yaml") in capsys.readouterr().err


def test_doctor_reports_and_masks_key(isolated_home: Path) -> None:
    env_home = isolated_home
    result = subprocess.run(
        [sys.executable, "-m", "rmcoach", "doctor", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "RMCOACH_HOME": str(env_home),
            "OPENAI_API_KEY": "sk-test-supersecretvalue1234",
        },
    )
    assert "supersecretvalue" not in result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["settings"]["api key"].startswith("****1234")
    assert report["history"]["schema version"] == "3"
    assert result.returncode == (0 if report["ok"] else 1)


def test_doctor_exits_non_zero_on_broken_config(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("[llm]\ntimeout = 'x'\n", encoding="utf-8")
    result = run_cli("doctor", home=isolated_home)
    assert result.returncode == 1
    assert "timeout must be a positive number" in result.stdout
    assert "Traceback" not in result.stderr


def test_unknown_persona_is_a_clear_error(tmp_path: Path, isolated_home: Path) -> None:
    script = tmp_path / "script.txt"
    script.write_text("Hello\n", encoding="utf-8")
    result = run_cli(
        "rehearse",
        "--persona",
        "cfo-skeptik",
        "--topic",
        "generative-ai",
        "--script",
        str(script),
        home=isolated_home,
    )
    assert result.returncode == 2
    assert "unknown persona 'cfo-skeptik'. Did you mean 'cfo-skeptic'?" in result.stderr
    assert "Traceback" not in result.stderr
