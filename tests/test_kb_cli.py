"""`rmcoach kb index | search | status` end to end (hashing embeddings: fast, offline)."""

from __future__ import annotations

import json

import pytest

from rmcoach.cli import main


@pytest.fixture(autouse=True)
def hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RMCOACH_EMBEDDING", "hashing")


def test_index_then_unchanged_then_rebuild(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "index", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["added"] == first["chunks"] >= 34
    assert main(["kb", "index"]) == 0
    assert "already current" in capsys.readouterr().out
    assert main(["kb", "index", "--rebuild", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rebuilt"] is True


def test_search_json_with_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["kb", "search", "TikTok is for kids", "--topic", "social-media", "--mode", "mentor",
         "-k", "2", "--json"]
    )  # fmt: skip
    assert code == 0
    passages = json.loads(capsys.readouterr().out)
    assert len(passages) == 2
    assert passages[0]["id"] == "social-media-concerns#tiktok-is-for-kids"
    assert set(passages[0]) >= {"title", "text", "audience", "topics", "score"}


def test_search_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "search", "ask open questions"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. Active listening — ")


def test_status_reports_model_and_staleness(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "status", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["model"].startswith("hashing") and before["current"] is False
    main(["kb", "index"])
    capsys.readouterr()
    assert main(["kb", "status"]) == 0
    assert "current" in capsys.readouterr().out


def test_unreachable_server_is_a_clean_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RMCOACH_CHROMA_URL", "http://127.0.0.1:9")
    assert main(["kb", "search", "jargon"]) == 2
    assert "guidance" in capsys.readouterr().err
    assert main(["kb", "status"]) == 1


def test_help_does_not_import_heavy_packages() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from rmcoach.cli import build_parser; build_parser(); "
        "print(','.join(m for m in ('chromadb','onnxruntime','openai') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
