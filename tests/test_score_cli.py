"""`rmcoach score FILE` on the three transcript formats, and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rmcoach.cli import main

TURNS = [
    (
        "partner",
        "Half my team uses these AI tools and I can't tell whether that's clever or reckless.",
    ),
    ("learner", "What have you seen them use it for?"),
    ("partner", "Honestly? The board pack. Four days a month reformatting commentary."),
    (
        "learner",
        "So the board pack eats four days a month. It uses an LLM to draft the commentary.",
    ),
]


def write(tmp_path: Path, fmt: str) -> Path:
    if fmt == "json":
        path = tmp_path / "t.json"
        data = {
            "mode": "mentor",
            "persona": "cfo-skeptic",
            "topic": "generative-ai",
            "turns": [{"speaker": s, "text": t} for s, t in TURNS],
        }
        path.write_text(json.dumps(data), encoding="utf-8")
    elif fmt == "jsonl":
        path = tmp_path / "t.jsonl"
        path.write_text(
            "\n".join(json.dumps({"speaker": s, "text": t}) for s, t in TURNS), encoding="utf-8"
        )
    else:
        path = tmp_path / "t.txt"
        path.write_text("\n".join(f"{s.capitalize()}: {t}" for s, t in TURNS), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "jsonl", "txt"])
def test_json_output_follows_the_contract(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, fmt)
    args = ["score", str(path), "--json"] + ([] if fmt == "json" else ["--topic", "generative-ai"])
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"turns", "scores", "advice"}
    assert [t["act"] for t in data["turns"]] == [None, "question", None, "reflection"]
    assert data["turns"][3]["jargon_unexplained"] == ["LLM"]
    assert set(data["scores"]) == {"clarity", "listening"}
    for score in data["scores"].values():
        assert isinstance(score["score"], int) and 0 <= score["score"] <= 100
        for ev in score["evidence"]:
            assert ev["quote"] in data["turns"][ev["turn"] - 1]["text"]
    assert all({"heading", "detail"} <= set(a) for a in data["advice"])


def test_human_readable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(write(tmp_path, "json"))]) == 0
    out = capsys.readouterr().out
    assert "Clarity" in out and "Listening" in out and "What to try next" in out and "Try:" in out
    assert "jargon_explained" in out


def test_mentee_transcript_gets_mentee_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.json"
    path.write_text(
        json.dumps(
            {
                "mode": "mentee",
                "turns": [
                    {"speaker": "partner", "text": "I could show you how I use it for notes?"},
                    {
                        "speaker": "learner",
                        "text": "Please do. Can you show me an example? Thank you.",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    assert main(["score", str(path), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)["scores"]
    assert set(scores) == {
        "curiosity",
        "listening",
        "openness",
        "psychological_safety",
        "commitment",
    }


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        ('{"speaker": "learner", "text": "hi"}\n{"speaker": "boss", "text": "x"}', "jsonl", ":2:"),
        ('{"turns": [{"speaker": "learner", "text": "hi"}', "json", ":1:"),
        ("\nNotes from Tuesday\nLearner: hi", "txt", ":2:"),
        (
            '{"turns": [{"speaker": "partner", "text": "Only me."}]}',
            "json",
            "no learner turns to score",
        ),
    ],
)
def test_bad_input_is_a_clear_message_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, suffix: str, expected: str
) -> None:
    path = tmp_path / f"bad.{suffix}"
    path.write_text(content, encoding="utf-8")
    assert main(["score", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err and "Traceback" not in captured.err and captured.out == ""
    if expected.startswith(":"):
        assert str(path) in captured.err


def test_missing_file_and_unknown_persona(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["score", str(write(tmp_path, "txt")), "--persona", "cfo-skeptik"]) == 2
    assert "Did you mean 'cfo-skeptic'" in capsys.readouterr().err
